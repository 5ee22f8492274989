// Enhance selects marked data-tom-select; re-run after htmx swaps.
function jicengInit(root) {
  if (typeof TomSelect === "undefined") return;
  root.querySelectorAll("select[data-tom-select]").forEach(function (el) {
    if (!el.tomselect) new TomSelect(el, { maxOptions: 500 });
  });
}
document.addEventListener("DOMContentLoaded", function () { jicengInit(document); });
document.addEventListener("htmx:afterSwap", function (e) { jicengInit(e.target); });
// Confirmation before destructive actions: <form data-confirm="...">
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});
// Delegated handlers in place of inline ones (Content-Security-Policy: script-src 'self').
// <select data-autosubmit>: submit its form on change.
document.addEventListener("change", function (e) {
  if (e.target.matches && e.target.matches("[data-autosubmit]") && e.target.form) e.target.form.submit();
});
document.addEventListener("click", function (e) {
  if (!e.target.closest) return;
  // <button data-print>: the browser's print dialog.
  if (e.target.closest("[data-print]")) { window.print(); return; }
  // Tree toggle <span data-toggle-children="children-<pk>">: show/hide the children, flip the caret.
  var toggle = e.target.closest("[data-toggle-children]");
  if (toggle) {
    var icon = toggle.querySelector("i");
    if (icon) icon.classList.toggle("bi-caret-down-fill");
    var children = document.getElementById(toggle.getAttribute("data-toggle-children"));
    if (children) children.classList.toggle("d-none");
  }
});
