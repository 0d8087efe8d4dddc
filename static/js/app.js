/* Site-wide behaviour. Loaded as a static file so the Content-Security-Policy can forbid inline scripts. */
(function () {
  "use strict";

  // Rubric copies kept in this browser (scorecard.js, evaluations/drafts.py): drop those the server
  // now holds, and every copy of a user who logs out, so that the next person finds nothing.
  function removeStored(test) {
    [window.localStorage, window.sessionStorage].forEach(function (store) {
      try {
        for (var i = store.length - 1; i >= 0; i -= 1) {
          var name = store.key(i);
          if (name && test(name)) { store.removeItem(name); }
        }
      } catch (e) { /* storage disabled: nothing kept */ }
    });
  }
  function removeDraftsOf(prefix) {
    if (prefix.indexOf("cmq-draft:") !== 0) { return; }
    removeStored(function (name) { return name.indexOf(prefix) === 0; });
  }
  var saved = (document.body.dataset.forgetDrafts || "").split(" ").filter(Boolean);
  if (saved.length) {
    removeStored(function (name) { return saved.indexOf(name) !== -1; });
  }
  var loggedOut = document.cookie.match(/(?:^|; )cmq_forget_drafts=([^;]*)/);
  if (loggedOut) {
    removeDraftsOf(decodeURIComponent(loggedOut[1]).replace(/^"|"$/g, ""));
    document.cookie = "cmq_forget_drafts=; Max-Age=0; path=/; SameSite=Lax" +
      (window.location.protocol === "https:" ? "; Secure" : "");
  }
  document.querySelectorAll("form.js-logout").forEach(function (logout) {
    logout.addEventListener("submit", function () {
      removeDraftsOf(document.body.dataset.draftPrefix || "");
      try { window.sessionStorage.clear(); } catch (e) { /* nothing kept */ }
    });
  });

  // A button that copies a field's text (a new API token, shown once): shown only where it works.
  document.querySelectorAll("button.js-copy").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = button.parentNode.parentNode.querySelector(".copy-status");
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      function done() {
        if (status) { status.textContent = button.dataset.copied; }
        button.textContent = button.dataset.copied;
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
      } else {
        field.select();
        try { if (document.execCommand("copy")) { done(); } } catch (e) { /* selected: the user copies */ }
      }
    });
  });

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
