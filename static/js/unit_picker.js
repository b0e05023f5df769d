// The personnel-unit picker (orgs/_region_fields.html and orgs/unit_results.html), on the profile's
// unit page and the unit-change form: show the supervising unit of the chosen unit, keep the
// choice when the list is refreshed by a new search, and search a newly chosen city's units once
// its county list has loaded (one request after the other, never two at once).
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
})();
