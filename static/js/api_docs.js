/* Starts Swagger UI on /api/v1/ from a static file: the Content-Security-Policy forbids inline
   scripts. The schema's address and the CSRF token (for "Try it out" on a session) come from the
   page's data attributes. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") { return; }
  window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    requestInterceptor: function (request) {
      if (request.method && request.method !== "GET" && !request.headers.Authorization) {
        request.headers["X-CSRFToken"] = root.dataset.csrfToken;
      }
      return request;
    }
  });
}());
