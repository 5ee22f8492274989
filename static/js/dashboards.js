// Dashboards: draw each panel's chart from its JSON (json_script) once, also in panels loaded later by htmx.
(function () {
  function drawCharts(root) {
    root.querySelectorAll("[data-chart-id]").forEach(function (el) {
      if (el.dataset.drawn) return;
      el.dataset.drawn = "1";
      var option = JSON.parse(document.getElementById(el.dataset.chartId).textContent);
      echarts.init(el).setOption(option);
    });
  }
  drawCharts(document);
  document.body.addEventListener("htmx:afterSettle", function () { drawCharts(document); });
})();
