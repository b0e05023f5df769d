// Identity-document fields (includes/document_fields.html): the 国籍 field shows only when a
// foreign passport is chosen. Without script it stays visible and the server checks it.
(function () {
  if (window.zcIdDocument) return;
  window.zcIdDocument = true;
  function setUp() {
    document.querySelectorAll("[data-zc-doc-group]").forEach(function (group) {
      var type = group.querySelector("select[data-zc-doc-type]");
      var nationality = group.querySelector("[data-zc-doc-nationality]");
      if (!type || !nationality) return;
      function update() { nationality.hidden = type.value !== "passport"; }
      type.addEventListener("change", update);
      update();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
