/* The rubric by keyboard (DESIGN.md, the workspace): on load the focus is on the first unscored
   quality; on a quality, keys 1 to 5 choose that score and 0 "not assessed", and the focus moves
   on to the next unscored quality (after the last, to the recommendation); on the recommendation,
   1 to 4 choose strong no … strong yes; Ctrl+Enter (⌘+Enter) submits, or shows what is missing.
   Typing in an evidence note or the notes is never taken for a score, and Enter on a choice does
   not save a draft by surprise. The choice goes through the radio buttons and a change event, so
   the counter, autosave and the browser's copy (scorecard.js) see it as a click. */
(function () {
  "use strict";
  var form = document.getElementById("rubric-form");
  if (!form || form.dataset.readOnly === "1") { return; }
  var RECOMMENDATIONS = ["strong_no", "no", "yes", "strong_yes"];

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

  function choose(radio) {
    radio.checked = true;
    radio.focus({ preventScroll: true });
    radio.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function focusQuality(fieldset) {
    var radio = fieldset.querySelector('input[type="radio"]:checked') || fieldset.querySelector('input[type="radio"]');
    if (!radio) { return; }
    // The visually hidden input does not bring its quality into view: the quality's card does.
    fieldset.closest(".quality-card").scrollIntoView({ block: "start", behavior: "instant" });
    radio.focus({ preventScroll: true });
  }

  function focusRecommendation() {
    var radio = form.querySelector('input[name="recommendation"]:checked') ||
      form.querySelector('input[name="recommendation"]');
    if (!radio) { return; }
    radio.closest(".card").scrollIntoView({ block: "start", behavior: "instant" });
    radio.focus({ preventScroll: true });
  }

  // The next quality without a score after ``current`` (then from the top); none: the recommendation.
  function moveOn(current) {
    var all = fieldsets();
    var start = current ? all.indexOf(current) + 1 : 0;
    var ordered = all.slice(start).concat(all.slice(0, start));
    // A quality marked "not assessed" with 0 here is decided: it is not visited again.
    var target = ordered.filter(function (f) {
      return f !== current && !scored(f) && f.dataset.decided !== "1";
    })[0];
    if (target) { focusQuality(target); } else { focusRecommendation(); }
  }

  function submit() {
    var button = form.querySelector('button[name="action"][value="submit"]');
    if (!button) { return; }
    if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
  }

  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) { return; }
    var target = event.target;
    if (event.key === "Enter" && target.type === "radio") {
      // A choice is made with the digits or the arrows: Enter on it saves nothing by surprise.
      event.preventDefault();
      return;
    }
    if (target.name === "recommendation" && /^[1-4]$/.test(event.key)) {
      event.preventDefault();
      var wanted = form.querySelector('input[name="recommendation"][value="' + RECOMMENDATIONS[Number(event.key) - 1] + '"]');
      if (wanted) { choose(wanted); }
      return;
    }
    if (!/^[0-5]$/.test(event.key)) { return; }
    var fieldset = target.closest && target.closest("fieldset[data-quality]");
    if (!fieldset) { return; }
    event.preventDefault();
    var radio = fieldset.querySelector('input[type="radio"][value="' + (event.key === "0" ? "" : event.key) + '"]');
    if (!radio) { return; }
    choose(radio);
    fieldset.dataset.decided = "1";
    moveOn(fieldset);
  });

  // On load, the first quality without a score has the focus (unless the page shows errors,
  // whose summary takes it first).
  if (!document.getElementById("form-errors")) {
    var first = fieldsets().filter(function (f) { return !scored(f); })[0];
    if (first) { focusQuality(first); }
  }

  var next = form.querySelector(".js-next-unscored");
  var hint = form.querySelector(".js-keys-hint");
  if (hint) { hint.hidden = false; }
  if (!next) { return; }
  next.hidden = false;
  next.addEventListener("click", function () {
    var current = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("fieldset[data-quality]") : null;
    moveOn(current);
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
