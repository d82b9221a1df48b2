// After a submit with errors, move focus to the list of problems so it is read out first and
// each entry links to its field.
//
// Questions asked only after another answer carry data-asked-when (the question they follow)
// and data-asked-values (the answers that ask them, space-separated). This script hides them
// until one of those answers is chosen; a hidden question's inputs are disabled, so nothing of
// it is sent. The server decides again on every post: without this script every question shows,
// and a follow-up that does not apply counts as no.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
  var form = document.getElementById("step-form");
  if (!form) {
    return;
  }
  var followUps = {};
  form.querySelectorAll("[data-asked-when]").forEach(function (input) {
    var holder = input.closest("[id^='div_id_']") || input.closest("fieldset");
    if (holder && !followUps[input.name]) {
      followUps[input.name] = {
        holder: holder,
        question: input.getAttribute("data-asked-when"),
        values: input.getAttribute("data-asked-values").split(" "),
      };
    }
  });

  function chosen(name) {
    var picked = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if (input.checked && !input.disabled) {
        picked.push(input.value);
      }
    });
    return picked;
  }

  function update() {
    Object.keys(followUps).forEach(function (name) {
      var followUp = followUps[name];
      var picked = chosen(followUp.question);
      var asked = followUp.values.some(function (value) {
        return picked.indexOf(value) !== -1;
      });
      followUp.holder.hidden = !asked;
      followUp.holder.querySelectorAll("input, select, textarea").forEach(function (input) {
        input.disabled = !asked;
      });
    });
  }

  if (Object.keys(followUps).length) {
    form.addEventListener("change", update);
    update();
  }
});
