/* Zone editor for a page scan in the admin: drag on the scan to draw a zone,
   drag a zone to move it, drag its corner to resize, × to delete. Every zone
   is a row of the zones inline below (article, status, x, y, w, h as
   fractions of the page, and a polygon's points); the editor only reads and
   writes those fields, so saving, validation and the keyboard fallback are
   the plain admin form's. Zones proposed from the page PDF are dashed, with
   ✓ to accept them; moving or resizing one accepts it too. Polygons are
   drawn from their points (edit the numbers in the row to change them);
   "画多边形" draws a new one corner by corner.
   No dependencies. */
(function () {
  "use strict";

  var MIN_SIZE = 0.005;
  var SVG = "http://www.w3.org/2000/svg";

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

    function points(row) {
      var input = field(row, "points");
      if (!input || !input.value.trim()) {
        return null;
      }
      try {
        var list = JSON.parse(input.value);
        return Array.isArray(list) && list.length >= 3 ? list : null;
      } catch (error) {
        return null;
      }
    }

    function isProposed(row) {
      var status = field(row, "status");
      return Boolean(status && status.value === "proposed");
    }

    function accept(row) {
      var status = field(row, "status");
      if (status && status.value !== "accepted") {
        status.value = "accepted";
        status.dispatchEvent(new Event("change", { bubbles: true }));
      }
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

    var outlines = document.createElementNS(SVG, "svg");
    outlines.setAttribute("class", "zone-editor__polygons");
    outlines.setAttribute("viewBox", "0 0 1 1");
    outlines.setAttribute("preserveAspectRatio", "none");
    outlines.setAttribute("aria-hidden", "true");
    editor.appendChild(outlines);

    function render() {
      editor.querySelectorAll(".zone-box").forEach(function (box) {
        box.remove();
      });
      outlines.replaceChildren();
      rows().forEach(function (row) {
        var r = read(row);
        if (!r || isDeleted(row)) {
          return;
        }
        var corners = points(row);
        var box = document.createElement("div");
        box.className = "zone-box";
        if (isProposed(row)) {
          box.classList.add("zone-box--proposed");
        }
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
        box.append(label, remove);
        if (corners) {
          // A polygon: its outline drawn, its bounding box only labelled (moving is done in the row).
          box.classList.add("zone-box--polygon");
          var shape = document.createElementNS(SVG, "polygon");
          shape.setAttribute("points", corners.map(function (p) { return p[0] + "," + p[1]; }).join(" "));
          shape.setAttribute("class", isProposed(row) ? "zone-polygon zone-polygon--proposed" : "zone-polygon");
          outlines.appendChild(shape);
        } else {
          box.append(handle);
        }
        if (isProposed(row)) {
          var ok = document.createElement("button");
          ok.type = "button";
          ok.className = "zone-box__accept";
          ok.textContent = "✓";
          ok.setAttribute("aria-label", "确认区域：" + headline(row));
          box.append(ok);
        }
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
      return row;
    }

    // Drawing a polygon: "画多边形", then click each corner; "完成多边形" (or
    // Enter) makes the zone, Escape abandons it.
    var toggle = document.getElementById("zone-editor-polygon");
    var drawing = null;
    var trace = document.createElementNS(SVG, "polyline");
    trace.setAttribute("class", "zone-polygon zone-polygon--drawing");

    function showTrace() {
      trace.setAttribute("points", (drawing || []).map(function (p) { return p.x + "," + p.y; }).join(" "));
      if (drawing && !trace.isConnected) {
        outlines.appendChild(trace);
      }
    }

    function startPolygon() {
      drawing = [];
      toggle.setAttribute("aria-pressed", "true");
      toggle.textContent = "完成多边形";
      showTrace();
    }

    function endPolygon(keep) {
      var done = drawing;
      drawing = null;
      toggle.setAttribute("aria-pressed", "false");
      toggle.textContent = "画多边形";
      trace.remove();
      if (keep && done && done.length >= 3) {
        var xs = done.map(function (p) { return p.x; });
        var ys = done.map(function (p) { return p.y; });
        var left = Math.min.apply(null, xs);
        var top = Math.min.apply(null, ys);
        var row = addRow({ x: left, y: top, w: Math.max.apply(null, xs) - left, h: Math.max.apply(null, ys) - top });
        if (row) {
          var input = field(row, "points");
          input.value = JSON.stringify(done.map(function (p) { return [round(p.x), round(p.y)]; }));
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
      render();
    }

    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        if (drawing) {
          endPolygon(true);
        } else {
          startPolygon();
        }
      });
      document.addEventListener("keydown", function (event) {
        if (drawing && (event.key === "Enter" || event.key === "Escape")) {
          event.preventDefault();
          endPolygon(event.key === "Enter");
        }
      });
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
      if (event.button !== 0 || event.target.closest(".zone-box__delete, .zone-box__accept")) {
        return;
      }
      var start = pointAt(event);
      if (drawing) {
        drawing.push(start);
        showTrace();
        event.preventDefault();
        return;
      }
      var box = event.target.closest(".zone-box");
      if (box && box.classList.contains("zone-box--polygon")) {
        return;
      }
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
        accept(done.row);
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
      var ok = event.target.closest(".zone-box__accept");
      if (ok) {
        accept(document.getElementById(ok.closest(".zone-box").dataset.row));
        render();
      }
    });

    group.addEventListener("input", render);
    group.addEventListener("change", function (event) {
      var name = event.target.getAttribute("data-zone-field");
      if (!name || name === "status" || name === "points") {
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
