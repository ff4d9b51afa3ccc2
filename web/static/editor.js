// The editor of a draft's text (web/templates/pages/_sections_editor.html), a little help on top
// of a form that works without it: a section's text box grows with its text, and the section a
// button was about (moved, added) gets the focus after the page comes back.
(function () {
  "use strict";
  function grow(box) {
    box.style.height = "auto";
    box.style.height = Math.min(box.scrollHeight + 4, window.innerHeight * 0.8) + "px";
  }
  document.querySelectorAll(".tx-edit-section textarea").forEach(function (box) {
    box.addEventListener("input", function () { grow(box); });
  });
  var focused = document.querySelector(".tx-edit-section.focused input[type=text], .tx-edit-section.focused input:not([type])");
  if (focused && !window.location.hash.startsWith("#preview")) { focused.focus({ preventScroll: true }); }
})();
