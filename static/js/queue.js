// Work queue: "select all" for batch approval, and a confirmation before approving.
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  var form = document.getElementById("batch-form");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll(".case-check").forEach(function (box) { box.checked = all.checked; });
    });
  }
  if (form) {
    form.addEventListener("submit", function (event) {
      var n = document.querySelectorAll(".case-check:checked").length;
      if (n === 0) { event.preventDefault(); window.alert("请先勾选要审核通过的业务。"); return; }
      if (!window.confirm("确定将所选 " + n + " 件业务审核通过？")) { event.preventDefault(); }
    });
  }
})();
