// Business forms: the unit search of the unit change (keep the chosen unit, show its supervising
// unit, search the new city's units once its county list has loaded).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.name === "unit" && target.type === "radio") {
      var display = document.getElementById("supervisor-display");
      if (display) { display.textContent = target.getAttribute("data-supervisor") || "—"; }
      var selected = document.querySelector("#unit-filter input[name=selected]");
      if (selected) { selected.value = target.value; }
    }
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "unit-county" && window.htmx) {
      window.htmx.trigger("#unit-filter", "unit-search");
    }
  });
  // Enter in the unit search box searches instead of submitting the whole form.
  var q = document.getElementById("unit-q");
  if (q) {
    q.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && window.htmx) {
        event.preventDefault();
        window.htmx.trigger("#unit-filter", "unit-search");
      }
    });
  }
})();
