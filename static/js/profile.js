// Personal information pages: show the supervising unit of the chosen unit, confirm deletions.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.name === "unit" && target.type === "radio") {
      var display = document.getElementById("supervisor-display");
      if (display) { display.textContent = target.getAttribute("data-supervisor") || "—"; }
      // Keep the choice when the list is refreshed by a new search.
      var selected = document.querySelector("#unit-filter input[name=selected]");
      if (selected) { selected.value = target.value; }
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.classList && form.classList.contains("js-confirm")) {
      if (!window.confirm(form.getAttribute("data-confirm") || "确定？")) { event.preventDefault(); }
    }
  });
  // After the county list of a newly chosen city has loaded, search that city's units
  // (one request after the other, never two at once).
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "unit-county" && window.htmx) {
      window.htmx.trigger("#unit-filter", "unit-search");
    }
  });
  // When the city changes, the county list is reloaded; keep the hidden fields of the choice form in step.
  var filter = document.getElementById("unit-filter");
  var choose = document.getElementById("unit-choose");
  if (filter && choose) {
    filter.addEventListener("change", function () {
      ["city", "county"].forEach(function (name) {
        var src = filter.querySelector("[name=" + name + "]");
        var dst = choose.querySelector("input[name=" + name + "]");
        if (src && dst) { dst.value = src.value; }
      });
    });
  }
})();
