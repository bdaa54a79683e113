/* The editor's desk on the article form (newsroom.desk): live 字数 and print fit,
 * autosave with a restore offer, who else is here, a colleague's save merged in,
 * paste that cleans up, and a preview of the unsaved form beside it. Without
 * this script the form is Django's plain form.
 * deskCount / deskPrintFit / deskNormaliseBody are twins of the Python in
 * newsroom/desk/counting.py and articles/text.py: change both together. */
"use strict";
(function () {
  const TOKEN = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}])|([A-Za-z]+(?:['’-][A-Za-z]+)*)|([0-9])|(\s)|([\s\S])/gu;
  const MARKUP = /^#{1,6} |\*\*/gm;

  function deskCount(text, rule) {
    let hanzi = 0, total = 0;
    for (const m of text.replace(MARKUP, "").matchAll(TOKEN)) {
      if (m[1]) { hanzi += 1; total += 1; }
      else if (m[2]) { total += rule.latinWordsAsOne ? 1 : m[2].length; }
      else if (m[3]) { total += rule.digits ? 1 : 0; }
      else if (m[5]) { total += rule.punctuation ? 1 : 0; }
    }
    return { hanzi: hanzi, total: total };
  }

  function width(text) {
    let ems = 0;
    for (const ch of text) { ems += ch.codePointAt(0) < 128 ? 0.5 : 1; }
    return ems;
  }

  function deskPrintFit(body, column) {
    let lines = 0;
    for (const paragraph of body.split("\n\n")) {
      const text = paragraph.trim().replace(MARKUP, "").trim();
      if (text) {
        const indent = paragraph.trimStart().startsWith("#") ? 0 : 2;
        lines += Math.ceil((indent + width(text)) / column.charsPerLine);
      }
    }
    return { lines: lines, centimetres: Math.round(lines * column.lineCm * 10) / 10 };
  }

  // articles/text.py::normalise_body
  const SUBHEAD = /^#{1,6}\s*/;
  function joinLines(lines) {
    let text = "";
    for (const line of lines) {
      if (text && /[A-Za-z0-9,.;:!?)]$/.test(text) && /^[A-Za-z0-9(]/.test(line)) { text += " "; }
      text += line;
    }
    return text;
  }
  function deskNormaliseBody(text) {
    text = text.replace(/\r\n?/g, "\n").replace(/\u2028/g, "\n").replace(/\u2029/g, "\n\n")
      .replace(/[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g, "")
      .replace(/(?<=[^\x00-\x7f\u00a0\u202f\s])[\u00a0\u202f]+|[\u00a0\u202f]+(?=[^\x00-\x7f\u00a0\u202f\s])/g, "")
      .replace(/[\u00a0\u202f\u2007\u2000-\u200a\t]/g, " ")
      .replace(/ {2,}/g, " ");
    const out = [];
    for (const block of text.split(/\n[ \u3000]*\n\s*/)) {
      let pending = [];
      for (const raw of block.split("\n")) {
        const line = raw.replace(/^[ \u3000]+|[ \u3000]+$/g, "");
        if (!line) { continue; }
        if (SUBHEAD.test(line)) {
          if (pending.length) { out.push(joinLines(pending)); pending = []; }
          const title = line.replace(SUBHEAD, "");
          if (title) { out.push("## " + title); }
        } else {
          pending.push(line);
        }
      }
      if (pending.length) { out.push(joinLines(pending)); }
    }
    return out.join("\n\n");
  }

  // Clipboard HTML (Word, WPS, the WeChat editor) to the house format: one
  // paragraph per block element, headings as "## " subheads, nothing else kept.
  const BLOCKS = new Set(["P", "DIV", "SECTION", "ARTICLE", "LI", "BLOCKQUOTE", "TR", "H1", "H2", "H3", "H4", "H5", "H6", "TABLE", "UL", "OL"]);
  const SKIP = new Set(["STYLE", "SCRIPT", "TITLE", "META", "HEAD", "XML", "TEMPLATE"]);
  function isHeading(element) {
    return /^H[1-6]$/.test(element.tagName) || /heading|title/i.test(element.className || "");
  }
  function clipboardHtmlToBody(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const paragraphs = [];
    let current = "";
    let heading = false;
    function flush() {
      if (current.trim()) { paragraphs.push((heading ? "## " : "") + current); }
      current = "";
      heading = false;
    }
    function walk(node) {
      if (node.nodeType === Node.TEXT_NODE) { current += node.data.replace(/[\r\n]+/g, " "); return; }
      if (node.nodeType !== Node.ELEMENT_NODE || SKIP.has(node.tagName.toUpperCase())) { return; }
      const tag = node.tagName.toUpperCase();
      if (tag === "BR") { current += "\n"; return; }
      const block = BLOCKS.has(tag);
      if (block) { flush(); heading = isHeading(node); }
      for (const child of node.childNodes) { walk(child); }
      if (block) { flush(); }
    }
    walk(doc.body);
    flush();
    return deskNormaliseBody(paragraphs.join("\n\n"));
  }

  window.deskCount = deskCount;
  window.deskPrintFit = deskPrintFit;
  window.deskNormaliseBody = deskNormaliseBody;
  window.deskClipboardHtmlToBody = clipboardHtmlToBody;

  const TEXT_FIELDS = ["kicker", "headline", "deck", "dateline_place", "slug", "body"];

  function start() {
    const panel = document.getElementById("nr-desk");
    const form = panel && panel.closest("form");
    if (!form) { return; }
    const body = form.elements.body;
    const data = panel.dataset;
    const rule = { punctuation: data.punctuation === "1", digits: data.digits === "1", latinWordsAsOne: data.latinWordsAsOne === "1" };
    const column = data.charsPerLine ? { charsPerLine: Number(data.charsPerLine), lineCm: Number(data.lineCm) } : null;
    const $ = (id) => document.getElementById(id);

    function recount() {
      if (!body) { return; }
      const count = deskCount(body.value, rule);
      $("nr-desk-count-source").textContent = "表单中的正文";
      $("nr-desk-hanzi").textContent = count.hanzi;
      $("nr-desk-total").textContent = count.total;
      if (column) {
        const fit = deskPrintFit(body.value, column);
        $("nr-desk-lines").textContent = fit.lines;
        $("nr-desk-cm").textContent = fit.centimetres;
      }
    }
    if (body) {
      body.addEventListener("input", recount);
      body.addEventListener("paste", function (event) {
        const clip = event.clipboardData;
        if (!clip) { return; }
        const html = clip.getData("text/html");
        const cleaned = html ? clipboardHtmlToBody(html) : deskNormaliseBody(clip.getData("text/plain"));
        event.preventDefault();
        body.setRangeText(cleaned, body.selectionStart, body.selectionEnd, "end");
        body.dispatchEvent(new Event("input", { bubbles: true }));
      });
      recount();
    }
    if (!data.autosaveUrl) { return; }

    const token = form.elements.csrfmiddlewaretoken.value;
    const versionInput = form.elements.expected_version;
    const values = () => Object.fromEntries(TEXT_FIELDS.filter((n) => form.elements[n]).map((n) => [n, form.elements[n].value]));
    let base = values();
    let baseVersion = Number(versionInput.value);
    let lastSent = JSON.stringify(base);
    let submitting = false;
    let seenVersion = baseVersion;

    function payload(extra) {
      const formData = new FormData();
      formData.append("csrfmiddlewaretoken", token);
      formData.append("data", JSON.stringify(Object.assign({ base_version: baseVersion }, extra)));
      return formData;
    }
    function post(url, extra) {
      return fetch(url, { method: "POST", body: payload(extra), credentials: "same-origin", headers: { "X-CSRFToken": token } })
        .then((response) => (response.ok && response.status !== 204 ? response.json() : null));
    }
    function autosave(beacon) {
      const now = JSON.stringify(values());
      if (submitting || now === lastSent) { return; }
      lastSent = now;
      if (beacon) { navigator.sendBeacon(data.autosaveUrl, payload({ fields: values() })); return; }
      post(data.autosaveUrl, { fields: values() }).then(function (answer) {
        if (answer) { $("nr-desk-status").textContent = "已自动保存（" + answer.saved_at + "），尚未保存为新版本。"; }
      }).catch(function () { lastSent = ""; });
    }
    setInterval(autosave, Number(data.autosaveMs));
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { autosave(true); }
    });
    window.addEventListener("pagehide", function () {
      autosave(true);
      if (!submitting) { navigator.sendBeacon(data.leaveUrl, payload({})); }
    });
    form.addEventListener("submit", function (event) {
      // The submit row's 预览 posts the form to a new tab: the form stays open here.
      if (!(event.submitter && event.submitter.formTarget === "_blank")) { submitting = true; }
    });

    // The reader's page with the form's unsaved text, beside the form: fetched
    // (POST, CSRF) a moment after the typing stops and shown as the iframe's
    // srcdoc, so no response is ever framed (frame-ancestors stays 'none').
    const preview = $("nr-preview");
    const frame = $("nr-preview-frame");
    const toggle = $("nr-preview-toggle");
    let previewTimer = null;
    let previewSeq = 0;
    function showPreview() {
      const posted = new FormData();
      posted.append("csrfmiddlewaretoken", token);
      for (const [name, value] of Object.entries(values())) { posted.append(name, value); }
      const seq = ++previewSeq;
      fetch(data.previewUrl, { method: "POST", body: posted, credentials: "same-origin", headers: { "X-CSRFToken": token } })
        .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
        .then(function (html) {
          if (seq !== previewSeq) { return; }
          const scrolled = frame.contentWindow ? frame.contentWindow.scrollY : 0;
          frame.addEventListener("load", function () { frame.contentWindow.scrollTo(0, scrolled); }, { once: true });
          frame.srcdoc = html;
          $("nr-preview-status").textContent = "";
        })
        .catch(function () { $("nr-preview-status").textContent = "预览未能更新，稍后再试。"; });
    }
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      const open = preview.hidden;
      preview.hidden = !open;
      form.classList.toggle("nr-desk-previewing", open);
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "关闭预览" : "在旁边预览";
      if (open) { showPreview(); }
    });
    form.addEventListener("input", function () {
      if (preview.hidden) { return; }
      clearTimeout(previewTimer);
      previewTimer = setTimeout(showPreview, 600);
    });
    for (const button of preview.querySelectorAll("[data-preview-width]")) {
      button.addEventListener("click", function () {
        preview.dataset.width = button.dataset.previewWidth;
        for (const other of preview.querySelectorAll("[data-preview-width]")) {
          other.setAttribute("aria-pressed", String(other === button));
        }
      });
    }

    const offer = $("nr-desk-offer");
    if (offer) {
      offer.hidden = false;
      $("nr-desk-restore").addEventListener("click", function () {
        const saved = JSON.parse($("nr-desk-autosave").textContent);
        for (const name of Object.keys(saved)) {
          if (form.elements[name]) { form.elements[name].value = saved[name]; }
        }
        offer.hidden = true;
        recount();
        $("nr-desk-status").textContent = "已恢复未保存的修改；请检查后保存。";
      });
      $("nr-desk-discard").addEventListener("click", function () {
        post(data.discardUrl, {}).then(function () {
          offer.hidden = true;
          $("nr-desk-status").textContent = "已放弃未保存的修改。";
        });
      });
    }

    const notice = $("nr-desk-saved");
    function element(tag, text, className) {
      const el = document.createElement(tag);
      if (text) { el.textContent = text; }
      if (className) { el.className = className; }
      return el;
    }
    function showSaved(saved, version) {
      notice.replaceChildren(element("p", saved.by + " 刚保存了第 " + version + " 版，改动了：" + (saved.changed.join("、") || "无文字改动") + "。"));
      if (!saved.conflicts.length) {
        const merge = element("button", "合并对方的修改", "button default");
        merge.type = "button";
        merge.id = "nr-desk-merge";
        merge.addEventListener("click", function () {
          for (const [name, value] of Object.entries(saved.merged)) { form.elements[name].value = value; }
          versionInput.value = version;
          baseVersion = version;
          base = saved.theirs;
          recount();
          notice.replaceChildren(element("p", "已合并第 " + version + " 版的修改；请检查后保存。"));
        });
        notice.append(merge);
      } else {
        notice.append(element("p", "你们改了同一处。两边的文字如下，请对照后手动取舍；直接保存会被版本检查拒绝，不会覆盖对方。"));
        for (const conflict of saved.conflicts) {
          const sides = element("div", "", "nr-desk-sides");
          for (const [label, text] of [["您的" + conflict.label, form.elements[conflict.field].value], ["对方的" + conflict.label, conflict.theirs]]) {
            const side = element("div");
            side.append(element("h3", label), element("pre", text));
            sides.append(side);
          }
          notice.append(sides);
        }
      }
      notice.hidden = false;
    }
    function beat() {
      if (submitting) { return; }
      post(data.heartbeatUrl, { fields: values(), base: base }).then(function (answer) {
        if (!answer) { return; }
        $("nr-desk-presence").textContent = answer.others.length ? "正在编辑这篇稿件的还有：" + answer.others.join("、") : "";
        if (answer.saved && answer.version !== seenVersion) {
          seenVersion = answer.version;
          showSaved(answer.saved, answer.version);
        }
      }).catch(function () { /* the next beat tries again */ });
    }
    beat();
    setInterval(beat, Number(data.heartbeatMs));
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
