// After a submit with errors, move focus to the list of problems so it is read out first and
// each entry links to its field.
//
// Questions asked only after another answer on the same page carry data-asked-when: the
// questionnaire's condition as JSON, a list of alternatives, each a list of tests that must all
// hold ({"name": a field, "test": "is" | "has_any" | "has_other_than", "values": [...]}). This
// script hides such a question until its condition holds; a hidden question's inputs are
// disabled, so nothing of it is sent. The server decides again on every post: without this
// script every question shows, and one that does not apply answers its skipped value.
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
        askedWhen: JSON.parse(input.getAttribute("data-asked-when")),
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

  function holds(test) {
    var picked = chosen(test.name);
    if (test.test === "has_other_than") {
      return picked.some(function (value) {
        return test.values.indexOf(value) === -1;
      });
    }
    // "is" (one answer) and "has_any" (ticked boxes): one of the values is chosen.
    return picked.some(function (value) {
      return test.values.indexOf(value) !== -1;
    });
  }

  function update() {
    Object.keys(followUps).forEach(function (name) {
      var followUp = followUps[name];
      var asked = followUp.askedWhen.some(function (alternative) {
        return alternative.every(holds);
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
