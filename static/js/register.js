// Registration: show only the extra fields the chosen identity document needs. Without script
// every field stays visible and the server checks what each document type requires.
(function () {
  var type = document.getElementById("id_id_document_type");
  var extra = document.getElementById("doc-extra");
  if (!type || !extra) return;
  var needsBirth = ["hk_macao_permit", "taiwan_permit", "passport"];
  function row(name) {
    var input = document.getElementById("id_" + name);
    return input ? input.closest(".mb-3") || input.parentElement : null;
  }
  function update() {
    var value = type.value;
    var birth = needsBirth.indexOf(value) !== -1;
    var passport = value === "passport";
    var nationality = row("nationality"), birthDate = row("birth_date"), gender = row("gender");
    if (nationality) nationality.hidden = !passport;
    if (birthDate) birthDate.hidden = !birth;
    if (gender) gender.hidden = !birth;
    extra.hidden = !birth;
  }
  type.addEventListener("change", update);
  update();
})();
