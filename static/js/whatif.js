/* The dashboard's what-if weights, live. As a weight changes, the server ranks again (through scoring,
   exactly as for the page) and answers the dashboard's body alone (?fragment=dashboard), swapped in
   without a reload; the allowed range of every weight comes back with it. Without this script the
   form submits by GET and the whole page shows the same ranking. */
(function () {
  "use strict";
  var form = document.getElementById("whatif-form");
  var body = document.getElementById("dashboard-body");
  if (!form || !body || !window.fetch || !window.URLSearchParams || !window.FormData) { return; }
  var status = document.getElementById("whatif-status");
  var errors = document.getElementById("whatif-errors");
  var back = form.querySelector(".js-whatif-reset");
  var weights = Array.prototype.slice.call(form.querySelectorAll("input[data-stored]"));
  var timer = null;
  var latest = 0;
  var asked = null;

  // The page's own query for these weights: no weight at all when every one is the stored one.
  function pageQuery() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { params.append(name, value); });
    var trial = weights.some(function (input) { return input.value.trim() !== input.getAttribute("data-stored"); });
    if (!trial) { weights.forEach(function (input) { params.delete(input.name); }); }
    return params.toString();
  }

  function say(text) { if (status) { status.textContent = text; } }

  function showError(content) {
    errors.textContent = "";
    if (typeof content === "string") {
      var alert = document.createElement("div");
      alert.className = "alert alert-danger py-1 px-2 small mb-2";
      alert.textContent = content;
      errors.appendChild(alert);
    } else if (content) {
      errors.appendChild(content);
    }
  }

  function showRanges(header) {
    var ranges = null;
    try { ranges = JSON.parse(header || "null"); } catch (e) { ranges = null; }
    if (!ranges) { return; }
    weights.forEach(function (input) {
      var range = ranges[input.name];
      if (!range) { return; }
      input.min = range[0];
      input.max = range[1];
      var text = document.getElementById(input.id + "_helptext");
      if (text) {
        text.textContent = form.getAttribute("data-range-text")
          .replace("{low}", String(range[0])).replace("{high}", String(range[1]));
      }
    });
  }

  function parse(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;  // the server's own template, escaped there
    var fragment = document.createDocumentFragment();
    while (holder.firstChild) { fragment.appendChild(holder.firstChild); }
    return fragment;
  }

  function swap(html, shown) {
    var focusWasInside = body.contains(document.activeElement);
    body.textContent = "";
    body.appendChild(parse(html));
    showError(null);
    weights.forEach(function (input) { input.removeAttribute("aria-invalid"); });
    // A reload, or the link shared, shows this same trial.
    var url = window.location.pathname + (shown ? "?" + shown : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
    if (focusWasInside && back) { back.focus(); }
    var leader = body.querySelector("th[data-candidate] a");
    say(leader ? form.getAttribute("data-updated-text").replace("{name}", leader.textContent) : "");
    document.dispatchEvent(new CustomEvent("cmq:dashboard-updated"));
  }

  function rerank(force) {
    var shown = pageQuery();
    if (!force && shown === asked) { return; }
    asked = shown;
    var params = new URLSearchParams(shown);
    params.set("fragment", "dashboard");
    var ticket = ++latest;
    body.setAttribute("aria-busy", "true");
    window.fetch(window.location.pathname + "?" + params.toString(), {
      credentials: "same-origin",
      headers: { "Accept": "text/html" }
    }).then(function (response) {
      if (ticket !== latest) { return null; }
      if (response.redirected) {
        // The session ended: the page itself goes through the login and comes back to this trial.
        window.location.assign(window.location.pathname + (shown ? "?" + shown : ""));
        return null;
      }
      showRanges(response.headers.get("X-Weight-Ranges"));
      return response.text().then(function (html) {
        if (ticket !== latest) { return; }
        if (response.ok) {
          swap(html, shown);
        } else if (response.status === 400) {
          // Refused weights: the table stays as it was, the reason shows beside the form.
          say("");
          showError(parse(html));
        } else {
          throw new Error(String(response.status));
        }
      });
    }).catch(function () {
      if (ticket !== latest) { return; }
      asked = null;
      say("");
      showError(form.getAttribute("data-failed-text"));
    }).then(function () {
      if (ticket === latest) { body.removeAttribute("aria-busy"); }
    });
  }

  function schedule(event) {
    if (weights.indexOf(event.target) < 0) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { rerank(false); }, 250);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    rerank(true);
  });
  // "Back to the stored weights", beside the form or in the what-if banner: a plain link without
  // this script; with it, the stored weights go back into the form and rank again in place.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".js-whatif-reset");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    weights.forEach(function (input) { input.value = input.getAttribute("data-stored"); });
    window.clearTimeout(timer);
    rerank(true);
  });
})();
