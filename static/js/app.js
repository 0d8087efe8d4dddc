/* Site-wide behaviour. Loaded as a static file so the Content-Security-Policy can forbid inline scripts. */
(function () {
  "use strict";

  document.querySelectorAll(".js-hide-with-script").forEach(function (el) { el.classList.add("d-none"); });
  document.querySelectorAll("select.js-autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  document.querySelectorAll(".js-print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // Candidate list: "select all" and the count of selected candidates.
  var selectAll = document.querySelector(".js-select-all");
  var rows = Array.prototype.slice.call(document.querySelectorAll(".js-select-row"));
  var count = document.querySelector(".js-selected-count");
  function updateCount() {
    if (!count) { return; }
    var n = rows.filter(function (r) { return r.checked; }).length;
    count.textContent = n ? "(" + n + ")" : "";
    if (selectAll) {
      selectAll.checked = n > 0 && n === rows.length;
      selectAll.indeterminate = n > 0 && n < rows.length;
    }
  }
  if (selectAll) {
    selectAll.addEventListener("change", function () {
      rows.forEach(function (r) { r.checked = selectAll.checked; });
      updateCount();
    });
  }
  rows.forEach(function (r) { r.addEventListener("change", updateCount); });
  updateCount();

  if (window.bootstrap) {
    document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
      if (el.getAttribute("data-bs-title")) { new window.bootstrap.Tooltip(el); }
    });
  }
})();
