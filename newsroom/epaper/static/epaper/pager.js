/* Turning the pages of the 数字报: the left and right arrow keys, or a swipe
   across the page image, follow the page's own "上一版" / "下一版" links
   (a[rel=prev], a[rel=next]), so without this script those links do the
   same. Nothing happens while the page is zoomed (the reader is panning) or
   while a form field has the keyboard. No dependencies. */
(function () {
  "use strict";

  var SWIPE = 60; // pixels across, and twice as far across as down

  function zoomed() {
    return window.location.hash === "#scan-zoom";
  }

  function go(rel) {
    var link = document.querySelector("a[rel='" + rel + "']");
    if (link) {
      window.location.href = link.href;
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || zoomed()) {
      return;
    }
    if (event.target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    if (event.key === "ArrowLeft") {
      go("prev");
    } else if (event.key === "ArrowRight") {
      go("next");
    }
  });

  var scan = document.querySelector(".scan__viewport");
  if (!scan) {
    return;
  }
  var start = null;
  scan.addEventListener("touchstart", function (event) {
    start = event.touches.length === 1 && !zoomed() ? { x: event.touches[0].clientX, y: event.touches[0].clientY } : null;
  }, { passive: true });
  scan.addEventListener("touchend", function (event) {
    if (!start) {
      return;
    }
    var end = event.changedTouches[0];
    var across = end.clientX - start.x;
    var down = end.clientY - start.y;
    start = null;
    if (Math.abs(across) > SWIPE && Math.abs(across) > 2 * Math.abs(down)) {
      go(across < 0 ? "next" : "prev");
    }
  }, { passive: true });
})();
