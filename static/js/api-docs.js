// Swagger UI over the archive's OpenAPI schema. A static file, not an inline script:
// the Content Security Policy allows scripts from this origin only.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle !== "function") {
    return;
  }
  SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    defaultModelsExpandDepth: 0,
    tryItOutEnabled: true,
  });
})();
