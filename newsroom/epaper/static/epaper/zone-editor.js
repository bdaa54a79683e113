/* Zone editor for a page scan in the admin: drag on the scan to draw a zone,
   drag a zone to move it, drag its corner to resize, × to delete. Every zone
   is a row of the zones inline below (article, x, y, w, h as fractions of the
   page); the editor only reads and writes those fields, so saving, validation
   and the keyboard fallback are the plain admin form's. No dependencies. */
(function () {
  "use strict";

  var MIN_SIZE = 0.005;

  function round(value) {
    return Math.round(value * 10000) / 10000;
  }

  function clamp(value, low, high) {
    return Math.min(Math.max(value, low), high);
  }

  function init(editor) {
    var prefix = editor.dataset.inlinePrefix;
    var group = document.getElementById(prefix + "-group");
    var module = editor.closest("[data-zone-editor-module]");
    var picker = document.getElementById("zone-editor-article");
    if (!group || !module || !picker) {
      return;
    }
    var template = group.querySelector("#" + prefix + "-empty select[name$='-article']");
    if (template) {
      Array.prototype.forEach.call(template.options, function (option) {
        if (option.value) {
          picker.appendChild(new Option(option.text, option.value));
        }
      });
    }
    module.hidden = false;

    function rows() {
      return Array.prototype.filter.call(group.querySelectorAll("tr.form-row"), function (row) {
        return !row.classList.contains("empty-form");
      });
    }

    function field(row, name) {
      return row.querySelector("[data-zone-field='" + name + "']");
    }

    function isDeleted(row) {
      var box = row.querySelector("input[name$='-DELETE']");
      return Boolean(box && box.checked);
    }

    function read(row) {
      var r = {};
      var ok = ["x", "y", "w", "h"].every(function (name) {
        var input = field(row, name);
        r[name] = input ? parseFloat(input.value) : NaN;
        return !isNaN(r[name]);
      });
      return ok ? r : null;
    }

    function write(row, r) {
      ["x", "y", "w", "h"].forEach(function (name) {
        var input = field(row, name);
        input.value = round(r[name]);
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }

    function headline(row) {
      var select = row.querySelector("select[name$='-article']");
      var option = select && select.options[select.selectedIndex];
      return option && option.value ? option.text : "（未选稿件）";
    }

    function place(box, r) {
      box.style.left = r.x * 100 + "%";
      box.style.top = r.y * 100 + "%";
      box.style.width = r.w * 100 + "%";
      box.style.height = r.h * 100 + "%";
    }

    function render() {
      editor.querySelectorAll(".zone-box").forEach(function (box) {
        box.remove();
      });
      rows().forEach(function (row) {
        var r = read(row);
        if (!r || isDeleted(row)) {
          return;
        }
        var box = document.createElement("div");
        box.className = "zone-box";
        box.dataset.row = row.id;
        var label = document.createElement("span");
        label.className = "zone-box__label";
        label.textContent = headline(row);
        var handle = document.createElement("span");
        handle.className = "zone-box__resize";
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "zone-box__delete";
        remove.textContent = "×";
        remove.setAttribute("aria-label", "删除区域：" + headline(row));
        box.append(label, handle, remove);
        place(box, r);
        editor.appendChild(box);
      });
    }

    function pointAt(event) {
      var bounds = editor.getBoundingClientRect();
      return {
        x: clamp((event.clientX - bounds.left) / bounds.width, 0, 1),
        y: clamp((event.clientY - bounds.top) / bounds.height, 0, 1),
      };
    }

    function addRow(r) {
      var before = rows().length;
      var add = group.querySelector(".add-row a");
      if (!add) {
        return;
      }
      add.click();
      var all = rows();
      if (all.length === before) {
        return;
      }
      var row = all[all.length - 1];
      var select = row.querySelector("select[name$='-article']");
      if (select) {
        select.value = picker.value;
      }
      write(row, r);
    }

    function removeRow(row) {
      var box = row.querySelector("input[name$='-DELETE']");
      if (box) {
        box.checked = true;
      } else {
        var link = row.querySelector(".inline-deletelink");
        if (link) {
          link.click();
        }
      }
      render();
    }

    var drag = null;

    editor.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || event.target.closest(".zone-box__delete")) {
        return;
      }
      var start = pointAt(event);
      var box = event.target.closest(".zone-box");
      if (box) {
        var row = document.getElementById(box.dataset.row);
        var r = read(row);
        drag = {
          mode: event.target.closest(".zone-box__resize") ? "resize" : "move",
          box: box,
          row: row,
          start: start,
          origin: r,
          rect: r,
        };
      } else {
        var fresh = document.createElement("div");
        fresh.className = "zone-box zone-box--drawing";
        editor.appendChild(fresh);
        drag = { mode: "draw", box: fresh, start: start, rect: null };
      }
      editor.setPointerCapture(event.pointerId);
      event.preventDefault();
    });

    editor.addEventListener("pointermove", function (event) {
      if (!drag) {
        return;
      }
      var p = pointAt(event);
      var r;
      if (drag.mode === "draw") {
        r = {
          x: Math.min(drag.start.x, p.x),
          y: Math.min(drag.start.y, p.y),
          w: Math.abs(p.x - drag.start.x),
          h: Math.abs(p.y - drag.start.y),
        };
      } else if (drag.mode === "move") {
        var o = drag.origin;
        r = {
          x: clamp(o.x + p.x - drag.start.x, 0, 1 - o.w),
          y: clamp(o.y + p.y - drag.start.y, 0, 1 - o.h),
          w: o.w,
          h: o.h,
        };
      } else {
        r = {
          x: drag.origin.x,
          y: drag.origin.y,
          w: clamp(p.x - drag.origin.x, MIN_SIZE, 1 - drag.origin.x),
          h: clamp(p.y - drag.origin.y, MIN_SIZE, 1 - drag.origin.y),
        };
      }
      drag.rect = r;
      place(drag.box, r);
    });

    function finish() {
      if (!drag) {
        return;
      }
      var done = drag;
      drag = null;
      var r = done.rect;
      if (done.mode === "draw") {
        done.box.remove();
        if (r && r.w >= MIN_SIZE && r.h >= MIN_SIZE) {
          addRow(r);
        }
      } else if (r) {
        write(done.row, r);
      }
      render();
    }

    editor.addEventListener("pointerup", finish);
    editor.addEventListener("pointercancel", finish);

    editor.addEventListener("click", function (event) {
      var remove = event.target.closest(".zone-box__delete");
      if (remove) {
        removeRow(document.getElementById(remove.closest(".zone-box").dataset.row));
      }
    });

    group.addEventListener("input", render);
    group.addEventListener("change", function (event) {
      if (!event.target.matches("[data-zone-field]")) {
        render();
      }
    });
    document.addEventListener("formset:removed", render);
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-zone-editor]").forEach(init);
  });
})();
