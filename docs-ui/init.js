// Starts Swagger UI on /docs with this API's own document. A file rather than an inline script,
// so the page's Content-Security-Policy can allow scripts from this origin only.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  // No call to validator.swagger.io: the page talks to this origin only.
  validatorUrl: null,
});
