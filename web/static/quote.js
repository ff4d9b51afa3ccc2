// Quote a passage (web/templates/review.html): select text in a section, press "Comment on this
// passage", and the section's "Quote" field holds it; the comment box gets the focus. Without
// JavaScript the quote field is a plain optional field.
(function () {
  "use strict";
  var texts = document.querySelectorAll("[data-quote-for]");
  var last = {}; // the last passage selected inside each section's text
  function inside(node, box) {
    return node && box.contains(node.nodeType === 3 ? node.parentNode : node);
  }
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    for (var i = 0; i < texts.length; i++) {
      var box = texts[i];
      if (inside(sel.anchorNode, box) && inside(sel.focusNode, box)) {
        last[box.dataset.quoteFor] = sel.toString();
      }
    }
  });
  Array.prototype.forEach.call(texts, function (box) {
    var id = box.dataset.quoteFor;
    var field = document.getElementById("quote_" + id);
    if (!field) return;
    var row = document.createElement("p");
    row.className = "quote-button";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = box.dataset.quoteButton;
    var note = document.createElement("span");
    note.className = "hint";
    note.setAttribute("role", "status");
    button.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep the selection
    button.addEventListener("click", function () {
      var sel = window.getSelection();
      var text = "";
      if (sel && !sel.isCollapsed && inside(sel.anchorNode, box) && inside(sel.focusNode, box)) {
        text = sel.toString();
      } else {
        text = last[id] || "";
      }
      text = text.replace(/\s+/g, " ").trim().slice(0, 1000);
      if (!text) {
        note.textContent = " " + box.dataset.quoteSelect;
        return;
      }
      note.textContent = "";
      field.value = text;
      var comment = document.getElementById("comment_" + id);
      (comment || field).focus();
    });
    row.appendChild(button);
    row.appendChild(note);
    box.parentNode.insertBefore(row, box.nextSibling);
  });
})();
