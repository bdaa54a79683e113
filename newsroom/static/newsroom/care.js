/* 关怀版 (large type, high contrast). The switch is a checkbox that the
   stylesheet reads, so it works without this script and the server sends every
   reader the same page. This script only carries the reader's choice to the
   next page: it is kept in this browser (localStorage), never sent to the server. */
(function () {
  "use strict";
  var KEY = "newsroom:care";
  var box = document.getElementById("care-mode");
  if (!box) return;
  try {
    if (window.localStorage.getItem(KEY) === "1") box.checked = true;
  } catch (blocked) {
    return; // storage disabled: the switch still works on this page
  }
  box.addEventListener("change", function () {
    try {
      window.localStorage.setItem(KEY, box.checked ? "1" : "0");
    } catch (blocked) { /* nothing to remember with */ }
  });
})();
