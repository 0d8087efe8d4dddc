/* The comparison dashboard: charts drawn from the JSON the server rendered (the what-if weights are
   whatif.js's). */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  var palette = ["#3457d5", "#d9480f", "#2b8a3e", "#ae3ec9", "#e67700", "#0b7285", "#c2255c", "#5c940d",
                 "#1864ab", "#862e9c", "#495057", "#a61e4d"];
  var dashes = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

  if (source && window.Chart) {
    var data = JSON.parse(source.textContent);
    var radar = document.getElementById("radar-chart");
    var bar = document.getElementById("bar-chart");
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    if (radar) {
      new window.Chart(radar, {
        type: "radar",
        data: {
          labels: data.labels,
          datasets: data.candidates.map(function (c, i) {
            var color = palette[i % palette.length];
            return { label: c.name, data: c.means, borderColor: color, backgroundColor: color + "1f",
                     borderDash: dashes[i % dashes.length], pointRadius: 3, spanGaps: true };
          })
        },
        options: { responsive: true, animation: false,
                   scales: { r: { min: 1, max: 5, ticks: { stepSize: 1 } } },
                   plugins: { legend: { position: "bottom" } } }
      });
    }
    if (bar) {
      new window.Chart(bar, {
        type: "bar",
        data: {
          labels: data.candidates.map(function (c) { return c.name; }),
          datasets: [{ data: data.candidates.map(function (c) { return c.weighted; }),
                       backgroundColor: data.candidates.map(function (c, i) { return palette[i % palette.length]; }) }]
        },
        options: { indexAxis: "y", responsive: true, animation: false,
                   scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false } } }
      });
    }
  }

  // Each mean carries its column's individual scores as data ("4-2", one character a scorecard, in the order of the column's
  // scorecard links); the tooltip names them from those links when a mean is pointed at or focused.
  var table = document.querySelector(".dashboard-table");
  var cardsRow = table && table.querySelector(".scorecards-row");
  if (table && cardsRow && window.bootstrap) {
    Array.prototype.forEach.call(table.querySelectorAll(".mean-value"), function (mean) { mean.tabIndex = 0; });
    var showScores = function (event) {
      var mean = event.target.closest && event.target.closest(".mean-value");
      if (!mean || window.bootstrap.Tooltip.getInstance(mean)) { return; }
      var cell = cardsRow.cells[mean.closest("td").cellIndex];
      var names = Array.prototype.map.call(cell ? cell.querySelectorAll("a") : [], function (a) { return a.textContent; });
      var text = mean.getAttribute("data-s").split("").map(function (value, i) {
        return (names[i] || "?") + ": " + (value === "-" ? "—" : value);
      }).join(" · ");
      window.bootstrap.Tooltip.getOrCreateInstance(mean, { title: text }).show();
    };
    table.addEventListener("mouseover", showScores);
    table.addEventListener("focusin", showScores);
  }

  // The note editor: choosing a candidate puts their current note in the field, to be edited.
  var noteCandidate = document.getElementById("note-editor-candidate");
  var noteField = document.getElementById("note-editor-note");
  var noteRow = table && table.querySelector(".note-row");
  if (noteCandidate && noteField && noteRow) {
    var fillNote = function () {
      var head = table.querySelector('th[data-candidate="' + noteCandidate.value + '"]');
      var cell = head && noteRow.cells[head.cellIndex];
      var note = cell && cell.querySelector(".note");
      noteField.value = note ? note.textContent : "";
    };
    noteCandidate.addEventListener("change", fillNote);
    fillNote();
  }
})();
