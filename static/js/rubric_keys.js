/* The rubric by keyboard: on the quality that has the focus, keys 1 to 5 choose that score and 0
   "not assessed"; "Next unscored" moves to the next quality without a score. Typing in an evidence
   note or the notes is never taken for a score. The choice goes through the radio buttons and a
   change event, so the counter, autosave and the browser's copy (scorecard.js) see it as a click. */
(function () {
  "use strict";
  var form = document.getElementById("rubric-form");
  if (!form || form.dataset.readOnly === "1") { return; }

  function fieldsets() {
    return Array.prototype.slice.call(form.querySelectorAll("fieldset[data-quality]"));
  }

  function isTyping(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable) { return true; }
    return tag === "INPUT" && el.type !== "radio" && el.type !== "checkbox";
  }

  function scored(fieldset) {
    var checked = fieldset.querySelector('input[type="radio"]:checked');
    return !!(checked && checked.value !== "");
  }

  function choose(fieldset, value) {
    var radio = fieldset.querySelector('input[type="radio"][value="' + value + '"]');
    if (!radio) { return; }
    radio.checked = true;
    radio.focus();
    radio.dispatchEvent(new Event("change", { bubbles: true }));
  }

  form.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) { return; }
    if (!/^[0-5]$/.test(event.key)) { return; }
    var fieldset = event.target.closest && event.target.closest("fieldset[data-quality]");
    if (!fieldset) { return; }
    event.preventDefault();
    choose(fieldset, event.key === "0" ? "" : event.key);
  });

  var next = form.querySelector(".js-next-unscored");
  var hint = form.querySelector(".js-keys-hint");
  if (hint) { hint.hidden = false; }
  if (!next) { return; }
  next.hidden = false;
  next.addEventListener("click", function () {
    var all = fieldsets();
    var current = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("fieldset[data-quality]") : null;
    var start = current ? all.indexOf(current) + 1 : 0;
    var ordered = all.slice(start).concat(all.slice(0, start));
    var target = ordered.filter(function (f) { return !scored(f); })[0];
    if (!target) {
      var recommendation = form.querySelector('input[name="recommendation"]:checked') ||
        form.querySelector('input[name="recommendation"]');
      if (recommendation) { recommendation.focus(); }
      return;
    }
    var radio = target.querySelector('input[type="radio"]:checked') || target.querySelector('input[type="radio"]');
    if (!radio) { return; }
    // The visually hidden input does not bring its quality into view: the quality's card does.
    target.closest(".quality-card").scrollIntoView({ block: "start", behavior: "instant" });
    radio.focus({ preventScroll: true });
  });
})();

/* The sticky bar's height, for the page's scroll padding (app.css): on a phone it wraps to more lines. */
(function () {
  "use strict";
  var bar = document.querySelector(".page-scorecard .action-bar");
  if (!bar) { return; }
  function measure() {
    document.documentElement.style.setProperty("--action-bar-height", bar.offsetHeight + "px");
  }
  measure();
  window.addEventListener("resize", measure);
  // A control that takes the focus while under the bar (Tab, the number keys, "Next unscored") is
  // still "in view" for the browser, which then does not scroll: move it above the bar.
  document.addEventListener("focusin", function (event) {
    if (bar.contains(event.target) || !event.target.getBoundingClientRect) { return; }
    // Only a keyboard's focus: scrolling under a pointer between its press and release would
    // move the click onto another control.
    try { if (!event.target.matches(":focus-visible")) { return; } } catch (e) { return; }
    var target = event.target;
    // A score's radio is drawn by its label (Bootstrap's .btn-check hides the input itself).
    if (target.type === "radio" && target.labels && target.labels.length) { target = target.labels[0]; }
    var top = bar.getBoundingClientRect().top;
    var box = target.getBoundingClientRect();
    // "instant": Bootstrap makes scrolling smooth, and the next key must find the control in place.
    if (box.bottom > top - 8) { window.scrollBy({ top: box.bottom - top + 16, behavior: "instant" }); }
  });
})();
