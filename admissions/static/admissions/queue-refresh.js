// The queue reloads itself every minute, with its filters (they are in the address), so new and
// overdue leads appear without anyone pressing anything. It waits while someone is typing in a
// form, and the checkbox above the queue turns it off.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.getElementById("auto-refresh");
  if (!toggle) {
    return;
  }
  var seconds = parseInt(toggle.getAttribute("data-seconds"), 10) || 60;
  var typing = false;
  document.addEventListener("input", function (event) {
    if (event.target !== toggle) {
      typing = true;
    }
  });
  window.setInterval(function () {
    var focused = document.activeElement;
    var inForm = focused && focused !== toggle && focused.form;
    if (toggle.checked && !typing && !inForm) {
      window.location.reload();
    }
  }, seconds * 1000);
});
