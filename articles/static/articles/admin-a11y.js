/* What the stock admin widgets lack for screen readers (axe on the article
 * form): select2's combobox takes its field's label, and a tabular inline's
 * empty column headers get hidden text. */
"use strict";
(function () {
  function label() {
    document.querySelectorAll("select.admin-autocomplete[id]").forEach(function (select) {
      const labelFor = document.querySelector('label[for="' + select.id + '"]');
      const container = select.nextElementSibling;
      if (!labelFor || !container) { return; }
      container.querySelectorAll('[role="combobox"], [role="textbox"]').forEach(function (widget) {
        if (!widget.hasAttribute("aria-label")) {
          widget.setAttribute("aria-label", labelFor.textContent.replace(/[:：]\s*$/, "").trim());
        }
      });
    });
    document.querySelectorAll(".tabular thead th").forEach(function (th) {
      if (!th.textContent.trim()) {
        const text = document.createElement("span");
        text.className = "nr-visually-hidden";
        text.textContent = th.classList.contains("original") ? "已有记录" : "删除";
        th.append(text);
      }
    });
  }
  // select2 starts in a jQuery ready handler, which may run after "load" when
  // every file came from the cache: label after the admin's jQuery is ready.
  window.addEventListener("load", function () {
    if (window.django && window.django.jQuery) { window.django.jQuery(label); } else { label(); }
  });
  document.addEventListener("formset:added", label);
})();
