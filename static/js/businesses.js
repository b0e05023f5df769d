// Business forms: Enter in the unit-change search box searches (the picker itself: unit_picker.js).
(function () {
  "use strict";
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
