/* Coding an input (templates/review/coding.html): a passage selected in an answer becomes the form's
   "selection" ("question:start:end", offsets in Unicode code points as review/passages.py counts them) and
   "selection_text" (the words seen, which the server checks). Without this script the paragraphs' boxes do the same.

   Each run of an answer's text is an element with class "seg" and data-start (its offset in the answer); the blank
   lines between paragraphs are not on the page, so the words seen skip them, as review.passages.visible does. */
(function () {
  "use strict";
  var form = document.querySelector("form.coding-layout");
  if (!form) return;
  var selectionField = form.querySelector("input[name=selection]");
  var textField = form.querySelector("input[name=selection_text]");
  var panel = form.querySelector(".coding-selection");
  var label = panel.querySelector(".coding-selection-label");
  var quote = panel.querySelector(".coding-selection-text");
  var highlights = window.CSS && CSS.highlights && window.Highlight ? CSS.highlights : null;

  function codePoints(text) { return Array.from(text).length; }

  // The offset in the answer of a boundary point of a range, or null when it is not within the answer's text.
  function offsetOf(answer, node, offset) {
    var seg = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest(".seg");
    if (seg && answer.contains(seg)) {
      var start = Number(seg.dataset.start);
      if (node.nodeType === Node.TEXT_NODE) return start + codePoints(node.data.slice(0, offset));
      return offset === 0 ? start : start + codePoints(seg.textContent);
    }
    // A point between elements (a paragraph picked whole): the start of the first run after it, else the end.
    var point = document.createRange();
    point.setStart(node, offset);
    var segs = answer.querySelectorAll(".seg");
    for (var i = 0; i < segs.length; i++) {
      if (point.comparePoint(segs[i], 0) >= 0) return Number(segs[i].dataset.start);
    }
    var last = segs[segs.length - 1];
    return last ? Number(last.dataset.start) + codePoints(last.textContent) : null;
  }

  // The words of the answer between two offsets, as the page shows them.
  function wordsBetween(answer, start, end) {
    var words = "";
    answer.querySelectorAll(".seg").forEach(function (seg) {
      var chars = Array.from(seg.textContent);
      var from = Number(seg.dataset.start);
      var a = Math.max(start, from), b = Math.min(end, from + chars.length);
      if (a < b) words += chars.slice(a - from, b - from).join("");
    });
    return words;
  }

  function show(answer, start, end, range) {
    var words = wordsBetween(answer, start, end);
    if (!words.trim()) return;
    selectionField.value = answer.dataset.question + ":" + start + ":" + end;
    textField.value = words;
    label.textContent = panel.dataset.label.replace("%(number)s", answer.dataset.number);
    quote.textContent = words;
    quote.lang = answer.lang;
    panel.hidden = false;
    if (highlights) highlights.set("coding-selection", new Highlight(range.cloneRange()));
  }

  function clear() {
    selectionField.value = "";
    textField.value = "";
    panel.hidden = true;
    if (highlights) highlights.delete("coding-selection");
  }

  document.addEventListener("selectionchange", function () {
    var selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return; // a click elsewhere keeps it
    var range = selection.getRangeAt(0);
    var node = range.commonAncestorContainer;
    var answer = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest(".coding-answer");
    if (!answer) return;
    var start = offsetOf(answer, range.startContainer, range.startOffset);
    var end = offsetOf(answer, range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    show(answer, start, end, range);
  });

  panel.querySelector(".coding-selection-clear").addEventListener("click", clear);
})();
