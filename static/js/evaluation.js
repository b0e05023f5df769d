// Committee evaluation pages: "select all" checkboxes (data-select-all="<name of the row checkboxes>").
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("input[data-select-all]")) return;
  var name = box.getAttribute("data-select-all");
  document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (row) {
    row.checked = box.checked;
  });
});
