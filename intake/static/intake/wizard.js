// After a submit with errors, move focus to the list of problems so it is read out first and
// each entry links to its field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
