// Quick exit: leave for a neutral site at once and replace this page in the history,
// so pressing Back does not bring the screening back.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-quick-exit]");
  if (!link) {
    return;
  }
  event.preventDefault();
  window.location.replace(link.href);
});
