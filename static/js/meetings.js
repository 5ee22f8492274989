// One-page meeting entry: tapping a name cycles its mark (出席 → 请假 → 缺席 → 出席).
(function () {
  function init() { document.querySelectorAll("[data-roll]:not([data-ready])").forEach(function (roll) {
    roll.setAttribute("data-ready", "");
    var cycle = JSON.parse(roll.getAttribute("data-cycle"));
    var classes = {present: "btn-success", leave: "btn-warning", absent: "btn-outline-danger"};
    function paint(btn, mark) {
      var input = btn.parentElement.querySelector("input[data-mark]");
      var reason = btn.parentElement.querySelector("input[data-reason]");
      input.value = mark;
      Object.values(classes).forEach(function (c) { btn.classList.remove(c); });
      btn.classList.add(classes[mark]);
      btn.querySelector("[data-label]").textContent = cycle.find(function (c) { return c[0] === mark; })[1];
      reason.classList.toggle("d-none", mark === "present");
      update();
    }
    function update() {
      var counts = {present: 0, leave: 0, absent: 0};
      roll.querySelectorAll("input[data-mark]").forEach(function (i) { counts[i.value] += 1; });
      Object.keys(counts).forEach(function (k) {
        var el = document.querySelector("[data-count=" + k + "]");
        if (el) { el.textContent = counts[k]; }
      });
    }
    roll.querySelectorAll("button[data-member]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var input = btn.parentElement.querySelector("input[data-mark]");
        var i = cycle.findIndex(function (c) { return c[0] === input.value; });
        paint(btn, cycle[(i + 1) % cycle.length][0]);
      });
      paint(btn, btn.parentElement.querySelector("input[data-mark]").value);
    });
  }); }
  init();
  document.body.addEventListener("htmx:afterSettle", init);
})();
