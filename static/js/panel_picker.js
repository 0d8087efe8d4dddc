/* The interview form's panel picker: a search over the people list and the chosen ones as chips.
   Without script, the list is a plain scrolling set of checkboxes (the chosen ones on top). */
(function () {
  "use strict";

  document.querySelectorAll(".js-panel-picker").forEach(function (picker) {
    var search = picker.querySelector(".js-panel-search");
    var searchRow = picker.querySelector(".js-panel-search-row");
    var count = picker.querySelector(".js-panel-count");
    var chosen = picker.querySelector(".js-panel-chosen");
    var options = Array.prototype.slice.call(picker.querySelectorAll(".panel-option"));
    if (!search || !chosen) { return; }
    searchRow.classList.remove("d-none");

    function fold(text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }

    function filter() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (option) {
        var haystack = fold(option.getAttribute("data-search") || "");
        var match = words.every(function (w) { return haystack.indexOf(w) !== -1; });
        option.hidden = !match;
        if (match) { shown += 1; }
      });
      if (!words.length) { count.textContent = ""; }
      else if (!shown) { count.textContent = count.getAttribute("data-none"); }
      else { count.textContent = shown + " " + count.getAttribute("data-some"); }
    }

    function renderChips() {
      chosen.textContent = "";
      options.forEach(function (option) {
        var box = option.querySelector("input[type=checkbox]");
        if (!box.checked) { return; }
        var label = option.querySelector("label").childNodes[0].textContent.trim();
        var chip = document.createElement("span");
        chip.className = "panel-chip";
        chip.textContent = label;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.setAttribute("aria-label", chosen.getAttribute("data-remove-label") + " " + label);
        remove.textContent = "×";
        remove.addEventListener("click", function () {
          box.checked = false;
          renderChips();
          search.focus();
        });
        chip.appendChild(remove);
        chosen.appendChild(chip);
      });
    }

    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (event) {
      // Enter picks the only match instead of submitting the form half-filled.
      if (event.key !== "Enter") { return; }
      event.preventDefault();
      var visible = options.filter(function (o) { return !o.hidden; });
      if (visible.length === 1) {
        var box = visible[0].querySelector("input[type=checkbox]");
        box.checked = true;
        search.value = "";
        filter();
        renderChips();
      }
    });
    options.forEach(function (option) {
      option.querySelector("input[type=checkbox]").addEventListener("change", renderChips);
    });
    renderChips();
  });
})();
