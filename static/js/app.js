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
