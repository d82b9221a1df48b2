// Quick exit: leave for a neutral site at once and replace this page in the history, so pressing
// Back does not bring the screening back.
//
// From the keyboard: Esc twice within a second, wherever the focus is (also while typing in a
// field: that is when someone may walk in). One Esc alone does nothing, because people press it
// to close a list or a suggestion; held down, it counts once.
(function () {
  var PAIR_MS = 1000;
  var lastEscape = 0;

  // Inside a frame on the centre's site, the whole window leaves, not only the frame.
  function leave(link) {
    (window.top || window).location.replace(link.href);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-quick-exit]");
    if (!link) {
      return;
    }
    event.preventDefault();
    leave(link);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.repeat || event.isComposing) {
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var link = document.querySelector("[data-quick-exit]");
    if (!link) {
      return;
    }
    var now = Date.now();
    if (now - lastEscape <= PAIR_MS) {
      lastEscape = 0;
      leave(link);
    } else {
      lastEscape = now;
    }
  });
})();
