// Personal information pages: confirm deletions, keep the unit form's hidden region fields in step
// (the unit picker itself: unit_picker.js).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.classList && form.classList.contains("js-confirm")) {
      if (!window.confirm(form.getAttribute("data-confirm") || "确定？")) { event.preventDefault(); }
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
