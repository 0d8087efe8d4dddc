/* The rubric page: the "n of 11 scored" counter, draft autosave, and a copy of the typed input kept in
   this browser until the server has it, so that nothing is lost when the session expires or the
   network drops.

   The copy is evaluation content, so:
   - it is encrypted (AES-GCM) with a key only this user's pages carry, under a name that says nothing
     of whose card it is (evaluations/drafts.py): another person on this browser cannot read it;
   - it carries the server version it was based on, and is dropped once the server holds it;
   - it never replaces a newer server version by itself: the user sees both and chooses;
   - logging out deletes it (app.js). Without WebCrypto (a plain-HTTP site) no copy is kept. */
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
  var msg = form.dataset;
  var dirty = false;
  var edits = 0;          // bumped on every change, so that a save knows whether it carried the latest
  var saving = false;
  var submitting = false;
  var conflicted = false; // the server holds a newer version than the form: autosave waits
  var choosing = false;   // a kept copy awaits the user's choice: it must not be overwritten
  var pendingSubmitter = null;
  var generation = 0;     // bumped by forget(), so that a write queued before it is not stored after
  var writes = Promise.resolve();
  var encoder = new TextEncoder();

  var cryptoKey = null;
  if (window.crypto && window.crypto.subtle && msg.draftKey && storageKey) {
    cryptoKey = window.crypto.subtle.importKey(
      "raw", bytesFrom(msg.draftKey), { name: "AES-GCM" }, false, ["encrypt", "decrypt"]
    ).catch(function () { return null; });
  } else {
    cryptoKey = Promise.resolve(null);
  }

  function bytesFrom(b64) {
    var text = window.atob(b64);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i += 1) { bytes[i] = text.charCodeAt(i); }
    return bytes;
  }

  function b64From(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = "";
    for (var i = 0; i < bytes.length; i += 1) { text += String.fromCharCode(bytes[i]); }
    return window.btoa(text);
  }

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
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "version" || el.type === "submit") {
        return;
      }
      if (el.type === "radio") {
        if (el.checked) { data[el.name] = el.value; }
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function serverVersion() { return parseInt(versionInput && versionInput.value, 10) || 0; }

  // --- the kept copy ----------------------------------------------------------------------------

  function keep() {
    if (choosing) { return; }
    var payload = JSON.stringify({ v: serverVersion(), at: Date.now(), data: snapshot() });
    var ours = generation;
    writes = writes.then(function () { return cryptoKey; }).then(function (key) {
      if (!key) { return null; }
      var iv = window.crypto.getRandomValues(new Uint8Array(12));
      return window.crypto.subtle.encrypt(
        { name: "AES-GCM", iv: iv, additionalData: encoder.encode(storageKey) }, key, encoder.encode(payload)
      ).then(function (sealed) {
        if (ours !== generation) { return; }
        localStorage.setItem(storageKey, JSON.stringify({ iv: b64From(iv), ct: b64From(sealed) }));
      });
    }).catch(function () { /* storage full or disabled: autosave still runs */ });
  }

  function forget() {
    generation += 1;
    try { localStorage.removeItem(storageKey); } catch (e) { /* nothing kept */ }
  }

  function load() {
    var stored;
    try { stored = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { stored = null; }
    if (!stored || !stored.iv || !stored.ct) { return Promise.resolve(null); }
    return cryptoKey.then(function (key) {
      if (!key) { return null; }
      return window.crypto.subtle.decrypt(
        { name: "AES-GCM", iv: bytesFrom(stored.iv), additionalData: encoder.encode(storageKey) },
        key, bytesFrom(stored.ct)
      ).then(function (plain) {
        var kept = JSON.parse(new TextDecoder().decode(plain));
        return kept && kept.data ? kept : null;
      });
    }).catch(function () {
      // Under this user's name but not readable with this user's key (a rotated secret): useless.
      forget();
      return null;
    });
  }

  function say(text) { if (status) { status.textContent = text; } }

  // The server trims text and a browser sends line breaks as CRLF: neither is a difference.
  function same(a, b) {
    return String(a || "").replace(/\r\n/g, "\n").trim() === String(b || "").replace(/\r\n/g, "\n").trim();
  }

  function differences(kept) {
    var current = snapshot();
    return Object.keys(kept).filter(function (name) {
      return name in current && !same(current[name], kept[name]);
    });
  }

  function apply(kept) {
    Object.keys(kept).forEach(function (name) {
      var value = kept[name];
      Array.prototype.forEach.call(form.querySelectorAll('[name="' + name + '"]'), function (el) {
        if (el.type === "radio") { el.checked = el.value === value; } else { el.value = value; }
      });
    });
  }

  function notice(text, kind) {
    var note = document.createElement("div");
    note.className = "alert alert-" + (kind || "warning") + " js-restored";
    note.setAttribute("role", "status");
    note.textContent = text;
    form.parentNode.insertBefore(note, form);
    return note;
  }

  // --- choosing between the kept copy and a newer saved version ---------------------------------

  function fieldLabel(name) {
    var code = name.replace(/_evidence$/, "");
    var fieldset = form.querySelector('fieldset[data-quality="' + code + '"]');
    if (fieldset) { return fieldset.dataset.label + (code === name ? "" : " · " + msg.msgEvidence); }
    return name === "recommendation" ? msg.msgRecommendation : name === "notes" ? msg.msgNotes : name;
  }

  function shown(name, value) {
    var radio = Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (el) {
      return el.type === "radio" && el.value === value;
    })[0];
    if (radio) {
      var label = form.querySelector('label[for="' + radio.id + '"]');
      return label ? label.textContent.trim() : value;
    }
    return same(value, "") ? msg.msgEmpty : String(value);
  }

  function cell(tag, text, className) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (className) { el.className = className; }
    return el;
  }

  function offerChoice(kept, names) {
    choosing = true;
    var current = snapshot();
    var panel = document.createElement("section");
    panel.className = "alert alert-warning js-draft-choice";
    panel.setAttribute("aria-labelledby", "draft-choice-title");
    var title = cell("h2", msg.msgChoiceTitle, "h5");
    title.id = "draft-choice-title";
    title.tabIndex = -1;
    panel.appendChild(title);
    panel.appendChild(cell("p", msg.msgChoiceHelp));
    var wrap = document.createElement("div");
    wrap.className = "table-responsive";
    var table = document.createElement("table");
    table.className = "table table-sm align-top mb-2";
    var head = document.createElement("tr");
    [msg.msgColField, msg.msgColLocal, msg.msgColServer].forEach(function (text) {
      var th = cell("th", text);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(document.createElement("thead")).appendChild(head);
    var body = table.appendChild(document.createElement("tbody"));
    names.forEach(function (name) {
      var row = document.createElement("tr");
      row.dataset.field = name;
      var th = cell("th", fieldLabel(name));
      th.scope = "row";
      row.appendChild(th);
      row.appendChild(cell("td", shown(name, kept.data[name]), "text-prewrap js-local"));
      row.appendChild(cell("td", shown(name, current[name]), "text-prewrap js-server"));
      body.appendChild(row);
    });
    wrap.appendChild(table);
    panel.appendChild(wrap);
    var buttons = document.createElement("div");
    buttons.className = "d-flex flex-wrap gap-2";
    var useLocal = cell("button", msg.msgUseLocal, "btn btn-warning js-use-local");
    var keepServer = cell("button", msg.msgKeepServer, "btn btn-outline-secondary js-keep-server");
    useLocal.type = keepServer.type = "button";
    buttons.appendChild(useLocal);
    buttons.appendChild(keepServer);
    panel.appendChild(buttons);
    form.parentNode.insertBefore(panel, form);
    title.focus();

    function close(text) {
      choosing = false;
      panel.parentNode.removeChild(panel);
      var note = notice(text, "info");
      note.tabIndex = -1;
      note.focus();
    }
    useLocal.addEventListener("click", function () {
      // The user chose, having seen both: the form now holds their copy, based on the saved version.
      apply(kept.data);
      close(msg.msgUsedLocal);
      changed();
    });
    keepServer.addEventListener("click", function () {
      forget();
      close(msg.msgKeptServer);
    });
  }

  function restore() {
    // A form re-rendered with the user's own input (errors, a conflict) is already the newest.
    if (document.getElementById("form-errors")) { return Promise.resolve(); }
    return load().then(function (kept) {
      if (!kept) { return; }
      var names = differences(kept.data);
      if (!names.length) { forget(); return; }
      if (kept.v === serverVersion()) {
        // Typed on top of the version the server still holds: nothing newer is overwritten.
        apply(kept.data);
        changed();
        say(msg.msgRestored);
        notice(msg.msgRestored);
        return;
      }
      offerChoice(kept, names);
    });
  }

  // --- autosave -----------------------------------------------------------------------------------

  function autosave() {
    if (!dirty || saving || submitting || conflicted || choosing || !window.fetch) { return; }
    saving = true;
    var sent = edits;
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
        say(msg.msgLogin);
        showLogin();
        return null;
      }
      return response.json().then(function (payload) { return { status: response.status, payload: payload }; });
    }).then(function (result) {
      if (!result) { return; }
      if (result.status === 200 && result.payload.status === "saved") {
        if (versionInput) { versionInput.value = result.payload.version; }
        if (sent === edits) {
          dirty = false;
          forget();
        } else {
          keep(); // typed while the save was on its way: kept again, on the new version
        }
        say(msg.msgSaved + " " + result.payload.saved_at);
      } else if (result.payload.status === "conflict") {
        conflicted = true;
        say(msg.msgConflict);
        showCompare();
      } else if (result.payload.status === "submitted") {
        window.location.reload();
      }
    }).catch(function () {
      say(msg.msgOffline);
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
    link.href = msg.loginUrl;
    // The status beside it already says why: the link only says what to do.
    link.textContent = msg.msgLoginLink || msg.msgLogin;
    if (status) { status.parentNode.insertBefore(link, status.nextSibling); }
  }

  function showCompare() {
    if (document.querySelector(".js-compare")) { return; }
    // Reloading shows the saved version, and this browser's copy beside it to choose from.
    var button = cell("button", msg.msgCompare, "btn btn-sm btn-warning js-compare");
    button.type = "button";
    button.addEventListener("click", function () {
      writes.then(function () { window.location.reload(); });
    });
    if (status) { status.parentNode.insertBefore(button, status.nextSibling); }
  }

  function changed() {
    dirty = true;
    edits += 1;
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
    // Kept until the server answers: the next page tells this browser to drop it once saved.
    keep();
    // A second click while the first submit is on its way would only get a 409 back.
    Array.prototype.forEach.call(form.querySelectorAll('button[type="submit"]'), function (b) {
      window.setTimeout(function () { b.disabled = true; }, 0);
    });
  });

  updateCounter();
  restore().then(function () {
    updateCounter();
    window.setInterval(autosave, seconds * 1000);
  });

  var errors = document.getElementById("form-errors");
  if (errors) {
    var first = form.querySelector(".has-error");
    (first || errors).scrollIntoView({ block: "center" });
    errors.focus({ preventScroll: true });
  }
  // A page shown again from the back-forward cache runs no script: reload it, so that it shows
  // what the server holds now (and nothing to a user who logged out meanwhile).
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });
})();
