// Assessment overview: two stacked bar charts by township from the page's JSON (json_script "chart-data").
(function () {
  var el = document.getElementById("chart-data"); if (!el) return;
  var d = JSON.parse(JSON.parse(el.textContent));
  function bar(id, series) {
    echarts.init(document.getElementById(id)).setOption({
      tooltip: {trigger: "axis"}, legend: {}, grid: {left: 40, right: 10, bottom: 60},
      xAxis: {type: "category", data: d.townships, axisLabel: {rotate: 30}}, yAxis: {type: "value", minInterval: 1},
      series: series.map(function (s) { return {name: s.name, type: "bar", stack: "all", data: s.data}; })
    });
  }
  bar("chart-grades", d.grades); bar("chart-results", d.results);
})();
