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
  var heading = document.getElementById("step-heading");
  if (summary) {
    summary.focus();
  } else if (heading) {
    // A new step: start reading at its heading, not at the page's header links.
    heading.focus();
  }
  var form = document.getElementById("step-form");
  if (!form) {
    return;
  }

  // Switching language keeps what is ticked and typed on this page, not yet sent: the page's
  // answers are kept first (a post like any other: a crisis answer leads to the crisis panel),
  // then the language changes and the page comes back as it was.
  var languageSwitch = document.querySelector("form.language-switch");
  if (languageSwitch) {
    languageSwitch.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || languageSwitch.dataset.kept) {
        return;
      }
      event.preventDefault();
      var data = new FormData(form);
      data.set("action", "keep");
      var submit = function (next) {
        languageSwitch.dataset.kept = "1";
        var chosen = document.createElement("input");
        chosen.type = "hidden";
        chosen.name = button.name;
        chosen.value = button.value;
        languageSwitch.appendChild(chosen);
        if (next) {
          languageSwitch.querySelector("input[name='next']").value = next;
        }
        languageSwitch.submit();
      };
      fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin", redirect: "manual" })
        .then(function (response) {
          if (response.type === "opaqueredirect") {
            // The crisis panel comes first.
            return { next: "/screen/support/" };
          }
          return response.ok ? response.json() : {};
        })
        .then(function (kept) {
          submit(kept.next);
        })
        .catch(function () {
          submit(null);
        });
    });
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

  // "Which one causes the most trouble?" offers only the substances ticked above, and is
  // hidden while fewer than two are ticked (one ticked is the main one). Without this script
  // every option shows, and the server still checks the choice is among those ticked.
  var primaries = form.querySelectorAll("input[name='primary_substance']");
  if (primaries.length) {
    var primaryHolder = document.getElementById("div_id_primary_substance");
    var trimPrimary = function () {
      var ticked = chosen("substances");
      primaries.forEach(function (radio) {
        var offered = ticked.indexOf(radio.value) !== -1;
        var option = radio.closest(".form-check") || radio.parentNode;
        option.hidden = !offered;
        radio.disabled = !offered;
        if (!offered) {
          radio.checked = false;
        }
      });
      if (primaryHolder) {
        primaryHolder.hidden = ticked.length < 2;
      }
    };
    form.addEventListener("change", function (event) {
      if (event.target.name === "substances") {
        trimPrimary();
      }
    });
    trimPrimary();
  }
});
