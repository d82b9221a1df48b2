// After a form on a staff page comes back with errors, move focus to the summary of problems at
// the top, so it is seen (and read out) first and each entry links to its field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
