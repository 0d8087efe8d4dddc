/* The rubric page: the "n of 11 scored" counter, draft autosave, and a copy of the typed input kept in
   this browser so that nothing is lost when the session expires or the network drops. */
(function () {
  "use strict";
  var form = document.getElementById("rubric-form");
  if (!form || form.dataset.readOnly === "1") { return; }

  var total = parseInt(form.dataset.total, 10) || 11;
  var counter = form.querySelector(".js-scored-count");
  var status = form.querySelector(".js-autosave-status");
  var storageKey = form.dataset.storageKey;
  var seconds = parseInt(form.dataset.autosaveSeconds, 10) || 10;
  var versionInput = form.querySelector('input[name="version"]');
  // The submit buttons are named "action", which shadows form.action: read the attribute instead.
  var saveUrl = form.getAttribute("action") || window.location.pathname;
  var dirty = false;
  var saving = false;
  var submitting = false;
  var pendingSubmitter = null;

  function qualityCodes() {
    return Array.prototype.map.call(form.querySelectorAll("fieldset[data-quality]"), function (f) {
      return f.dataset.quality;
    });
  }

  function updateCounter() {
    var n = 0;
    qualityCodes().forEach(function (code) {
      var checked = form.querySelector('input[name="' + code + '"]:checked');
      if (checked && checked.value !== "") { n += 1; }
    });
    if (counter) { counter.textContent = String(n); }
    return n;
  }

  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "submit") { return; }
      if (el.type === "radio") {
        if (el.checked) { data[el.name] = el.value; }
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function keep() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ savedAt: Date.now(), data: snapshot() }));
    } catch (e) { /* storage full or disabled: autosave still runs */ }
  }

  function forget() {
    try { localStorage.removeItem(storageKey); } catch (e) { /* nothing kept */ }
  }

  function say(text) { if (status) { status.textContent = text; } }

  // The server trims text and a browser sends line breaks as CRLF: neither is a difference.
  function same(a, b) {
    return String(a || "").replace(/\r\n/g, "\n").trim() === String(b || "").replace(/\r\n/g, "\n").trim();
  }

  function restore() {
    var kept;
    try { kept = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { kept = null; }
    // Only restore when the form has not been re-rendered with the user's input (a form with errors).
    if (!kept || !kept.data || document.getElementById("form-errors")) { return; }
    var current = snapshot();
    var differs = Object.keys(kept.data).some(function (name) {
      return name !== "version" && !same(current[name], kept.data[name]);
    });
    if (!differs) { forget(); return; }
    Object.keys(kept.data).forEach(function (name) {
      if (name === "version") { return; }
      var value = kept.data[name];
      var fields = form.querySelectorAll('[name="' + name + '"]');
      Array.prototype.forEach.call(fields, function (el) {
        if (el.type === "radio") { el.checked = el.value === value; } else { el.value = value; }
      });
    });
    dirty = true;
    say(form.dataset.msgRestored);
    var note = document.createElement("div");
    note.className = "alert alert-warning js-restored";
    note.setAttribute("role", "status");
    note.textContent = form.dataset.msgRestored;
    form.parentNode.insertBefore(note, form);
  }

  function autosave() {
    if (!dirty || saving || submitting || !window.fetch) { return; }
    saving = true;
    var body = new FormData(form);
    body.set("action", "save");
    body.set("autosave", "1");
    fetch(saveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 302 || response.status === 403) {
        say(form.dataset.msgLogin);
        showLogin();
        return null;
      }
      return response.json().then(function (payload) { return { status: response.status, payload: payload }; });
    }).then(function (result) {
      if (!result) { return; }
      if (result.status === 200 && result.payload.status === "saved") {
        if (versionInput) { versionInput.value = result.payload.version; }
        dirty = false;
        forget();
        say(form.dataset.msgSaved + " " + result.payload.saved_at);
      } else if (result.payload.status === "conflict") {
        say(form.dataset.msgConflict);
      } else if (result.payload.status === "submitted") {
        window.location.reload();
      }
    }).catch(function () {
      say(form.dataset.msgOffline);
    }).then(function () {
      saving = false;
      if (pendingSubmitter) {
        var submitter = pendingSubmitter;
        pendingSubmitter = null;
        if (form.requestSubmit) { form.requestSubmit(submitter); } else { submitter.click(); }
      }
    });
  }

  function showLogin() {
    if (document.querySelector(".js-login-again")) { return; }
    var link = document.createElement("a");
    link.className = "btn btn-sm btn-warning js-login-again";
    link.href = form.dataset.loginUrl;
    // The status beside it already says why: the link only says what to do.
    link.textContent = form.dataset.msgLoginLink || form.dataset.msgLogin;
    if (status) { status.parentNode.insertBefore(link, status.nextSibling); }
  }

  function changed() {
    dirty = true;
    updateCounter();
    keep();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    if (saving) {
      // An autosave is on its way with the same version: sent now, this submit would come back as a
      // conflict. Send it once the autosave has answered and the version is current.
      event.preventDefault();
      pendingSubmitter = event.submitter || form.querySelector('button[name="action"][value="save"]');
      return;
    }
    submitting = true;
    keep();
    // A second click while the first submit is on its way would only get a 409 back.
    Array.prototype.forEach.call(form.querySelectorAll('button[type="submit"]'), function (b) {
      window.setTimeout(function () { b.disabled = true; }, 0);
    });
  });

  restore();
  updateCounter();
  window.setInterval(autosave, seconds * 1000);

  var errors = document.getElementById("form-errors");
  if (errors) {
    var first = form.querySelector(".has-error");
    (first || errors).scrollIntoView({ block: "center" });
    errors.focus({ preventScroll: true });
  } else if (form.dataset.justSaved === "1") {
    forget();
  }
})();
