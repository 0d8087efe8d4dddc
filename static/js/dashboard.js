/* The comparison dashboard: charts drawn from the JSON the server rendered (the what-if weights are
   whatif.js's). */
(function () {
  "use strict";
  // Okabe and Ito's colours, told apart with every common colour-vision deficiency (tested:
  // tests/shortlists/test_dashboard_charts.py); the dashes tell them apart in print too.
  var palette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#7f7f7f"];
  var dashes = [[], [6, 3], [2, 2], [8, 3, 2, 3]];
  // The parts of a weighted score, one colour a quality: empathy in the page's empathy blue (app.css
  // --cm-empathy), the ten others from Paul Tol's colour-blind-safe schemes ("muted", "light"),
  // each told apart from its neighbours in the bar with any common colour-vision deficiency.
  var EMPATHY_COLOUR = "#3457d5";
  var partColours = ["#cc6677", "#ddcc77", "#117733", "#88ccee", "#882255", "#44aa99", "#999933", "#aa4499",
                     "#ee8866", "#bbbbbb"];
  var RADAR_MAX = 3;
  var charts = [];
  // The candidates the user put on the radar (pks, oldest choice first); null until they choose,
  // when the radar shows the top three. Kept when the dashboard is redrawn after a what-if.
  var chosen = null;

  function number(value) {
    return new Intl.NumberFormat(document.documentElement.lang || undefined,
                                 { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  }

  function fill(template, value) { return (template || "{value}").replace(/\{(value|name)\}/, value); }

  // A long quality name on two lines (at the space nearest its middle), so that the radar's
  // labels stay inside a phone's width.
  function twoLines(label) {
    if (label.length <= 14 || label.indexOf(" ") === -1) { return label; }
    var middle = label.length / 2, cut = -1;
    for (var i = 0; i < label.length; i++) {
      if (label[i] === " " && (cut === -1 || Math.abs(i - middle) < Math.abs(cut - middle))) { cut = i; }
    }
    return [label.slice(0, cut), label.slice(cut + 1)];
  }

  function radarDatasets(entries, pks) {
    return entries.filter(function (e) { return pks.indexOf(e.pk) !== -1; }).map(function (e) {
      return { label: e.rank + ". " + e.name, data: e.means, borderColor: e.colour, backgroundColor: e.colour + "1f",
               borderDash: e.dash, pointRadius: 3, spanGaps: true };
    });
  }

  function drawRadar(canvas, data, entries) {
    var present = entries.map(function (e) { return e.pk; });
    var shown = (chosen || []).filter(function (pk) { return present.indexOf(pk) !== -1; });
    if (chosen === null) { shown = present.slice(0, RADAR_MAX); }
    var chart = new window.Chart(canvas, {
      type: "radar",
      data: { labels: data.labels, datasets: radarDatasets(entries, shown) },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
                 scales: { r: { min: 1, max: 5, ticks: { stepSize: 1 }, pointLabels: { callback: twoLines } } },
                 plugins: { legend: { position: "bottom" } } }
    });
    var picker = document.querySelector(".radar-picker");
    if (!picker) { return chart; }
    picker.hidden = entries.length <= RADAR_MAX;
    var choices = picker.querySelector(".radar-choices");
    var status = picker.querySelector(".radar-status");
    choices.textContent = "";
    status.textContent = "";
    entries.forEach(function (e) {
      var item = document.createElement("div");
      item.className = "form-check form-check-inline";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "form-check-input";
      box.id = "radar-pick-" + e.pk;
      box.value = e.pk;
      box.checked = shown.indexOf(e.pk) !== -1;
      var label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = box.id;
      var swatch = document.createElement("span");
      swatch.className = "radar-swatch";
      swatch.setAttribute("aria-hidden", "true");
      swatch.style.borderColor = e.colour;
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(e.rank + ". " + e.name));
      item.appendChild(box);
      item.appendChild(label);
      choices.appendChild(item);
    });
    choices.onchange = function (event) {
      var pk = event.target.value;
      var message = "";
      shown = shown.filter(function (p) { return p !== pk; });
      if (event.target.checked) {
        shown.push(pk);
        if (shown.length > RADAR_MAX) {
          // The oldest choice gives way, and the user is told which.
          var dropped = shown.shift();
          var other = document.getElementById("radar-pick-" + dropped);
          if (other) { other.checked = false; }
          var who = entries.filter(function (e) { return e.pk === dropped; })[0];
          message = fill(picker.getAttribute("data-dropped"), who ? who.name : "");
        }
      } else if (!shown.length) {
        message = picker.getAttribute("data-none");
      }
      chosen = shown.slice();
      status.textContent = message;
      chart.data.datasets = radarDatasets(entries, shown);
      chart.update();
    };
    return chart;
  }

  function drawParts(canvas, data, entries) {
    var box = canvas.parentNode;
    var scored = entries.filter(function (e) { return e.parts.some(function (p) { return p !== null; }); });
    // A bar a candidate: the chart grows with the shortlist rather than squeezing the bars.
    box.style.height = (scored.length * 30 + 40 + Math.ceil(data.labels.length / 4) * 22) + "px";
    var totals = scored.map(function (e) {
      return e.parts.reduce(function (sum, p) { return sum + (p || 0); }, 0);
    });
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: scored.map(function (e) { return e.rank + ". " + e.name; }),
        datasets: data.codes.map(function (code, q) {
          return { label: data.labels[q], stack: "score", borderColor: "#fff", borderWidth: 1,
                   backgroundColor: code === "empathy" ? EMPATHY_COLOUR : partColours[q % partColours.length],
                   data: scored.map(function (e) { return e.parts[q]; }) };
        })
      },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true, min: 0, max: 100 },
                  y: { stacked: true, ticks: { callback: function (value) {
                    var label = this.getLabelForValue(value);
                    return label.length > 22 ? label.slice(0, 21) + "…" : label;
                  } } } },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12, boxHeight: 12 } },
          tooltip: { callbacks: {
            title: function (items) { return items.length ? items[0].label : ""; },
            label: function (ctx) {
              return ctx.dataset.label + ": " + fill(box.getAttribute("data-points"), number(ctx.parsed.x));
            },
            footer: function (items) {
              return items.length ? fill(box.getAttribute("data-total"), number(totals[items[0].dataIndex])) : "";
            }
          } }
        }
      }
    });
  }

  // Drawn on load and again whenever the dashboard's body is swapped in place (a what-if
  // re-ranking): the old charts go with their canvases, new ones come from the new #chart-data.
  function drawCharts() {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    var source = document.getElementById("chart-data");
    var section = document.querySelector(".charts");
    if (!source || !section || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    // The candidates come in the table's order: their pks and names are in its head (data-candidate).
    var heads = document.querySelectorAll(".dashboard-table thead th[data-candidate]");
    var entries = data.candidates.map(function (c, i) {
      var link = heads[i] ? heads[i].querySelector("a") : null;
      return { pk: heads[i] ? heads[i].getAttribute("data-candidate") : String(i), name: link ? link.textContent : "", rank: i + 1, means: c.means, parts: c.parts,
               colour: palette[i % palette.length], dash: dashes[i % dashes.length] };
    }).filter(function (e) { return e.means.some(function (m) { return m !== null; }); });
    section.hidden = !entries.length;
    if (!entries.length) { return; }
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    var radar = document.getElementById("radar-chart");
    var parts = document.getElementById("parts-chart");
    if (radar) { charts.push(drawRadar(radar, data, entries)); }
    if (parts) { charts.push(drawParts(parts, data, entries)); }
  }

  // Canvases are bitmaps: drawn again at the size the print stylesheet gives them, then back.
  function resizeCharts() { charts.forEach(function (chart) { chart.resize(); }); }
  window.addEventListener("beforeprint", resizeCharts);
  window.addEventListener("afterprint", resizeCharts);

  // Each mean carries its column's individual scores as data ("4-2", one character a scorecard, in the order of the column's
  // scorecard links); the tooltip names them from those links when a mean is pointed at or focused.
  function setUpMeanTooltips() {
    var table = document.querySelector(".dashboard-table");
    var cardsRow = table && table.querySelector(".scorecards-row");
    if (!table || !cardsRow || !window.bootstrap || table.hasAttribute("data-tooltips")) { return; }
    table.setAttribute("data-tooltips", "");
    Array.prototype.forEach.call(table.querySelectorAll(".quality-row td[data-s]"), function (mean) { mean.tabIndex = 0; });
    var showScores = function (event) {
      var mean = event.target.closest && event.target.closest(".quality-row td[data-s]");
      if (!mean || window.bootstrap.Tooltip.getInstance(mean)) { return; }
      var cell = cardsRow.cells[mean.cellIndex];
      var names = Array.prototype.map.call(cell ? cell.querySelectorAll("a") : [], function (a) { return a.textContent; });
      var text = mean.getAttribute("data-s").split("").map(function (value, i) {
        return (names[i] || "?") + ": " + (value === "-" ? "—" : value);
      }).join(" · ");
      window.bootstrap.Tooltip.getOrCreateInstance(mean, { title: text }).show();
    };
    table.addEventListener("mouseover", showScores);
    table.addEventListener("focusin", showScores);
  }

  drawCharts();
  setUpMeanTooltips();
  document.addEventListener("cmq:dashboard-updated", function () {
    // A tooltip shown over the table just replaced would stay on screen, orphaned.
    Array.prototype.forEach.call(document.querySelectorAll("body > .tooltip"), function (tip) { tip.remove(); });
    drawCharts();
    setUpMeanTooltips();
  });
  var table = document.querySelector(".dashboard-table");

  // The note editor: choosing a candidate puts their current note in the field, to be edited. The
  // editor stays put when a what-if swaps the table: the table is looked up each time.
  var noteCandidate = document.getElementById("note-editor-candidate");
  var noteField = document.getElementById("note-editor-note");
  if (noteCandidate && noteField) {
    var fillNote = function () {
      var current = document.querySelector(".dashboard-table");
      var noteRow = current && current.querySelector(".note-row");
      var head = current && current.querySelector('th[data-candidate="' + noteCandidate.value + '"]');
      var cell = head && noteRow && noteRow.cells[head.cellIndex];
      var note = cell && cell.querySelector(".note");
      noteField.value = note ? note.textContent : "";
    };
    noteCandidate.addEventListener("change", fillNote);
    fillNote();
  }
})();
