// "复制全文" on the WeChat preview: puts the fragment on the clipboard as HTML
// (with a plain-text fallback), so pasting into the WeChat editor keeps its styles.
(function () {
  "use strict";

  function selectNode(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return selection;
  }

  function copyBySelection(node) {
    var selection = selectNode(node);
    var ok = document.execCommand("copy");
    selection.removeAllRanges();
    return ok ? Promise.resolve() : Promise.reject(new Error("execCommand"));
  }

  function copy(node) {
    if (navigator.clipboard && window.ClipboardItem) {
      var item = new ClipboardItem({
        "text/html": new Blob([node.innerHTML], { type: "text/html" }),
        "text/plain": new Blob([node.innerText], { type: "text/plain" })
      });
      return navigator.clipboard.write([item]).catch(function () { return copyBySelection(node); });
    }
    return copyBySelection(node);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("wechat-copy");
    var status = document.getElementById("wechat-status");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var node = document.getElementById(button.getAttribute("data-target"));
      copy(node).then(function () {
        status.textContent = "已复制，可到微信公众号编辑器里粘贴。";
      }, function () {
        selectNode(node);
        status.textContent = "浏览器不允许自动复制：全文已选中，请按 Ctrl+C（Mac 上 ⌘+C）。";
      });
    });
  });
})();
