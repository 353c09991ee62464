// The overview's bar chart of findings by check code (ECharts, vendored; data from the page's JSON).
(function () {
  var el = document.getElementById("chart");
  var src = document.getElementById("chart-data");
  if (!el || !src || !window.echarts) { return; }
  var data = JSON.parse(src.textContent);
  var colors = { error: "#b42318", warning: "#d4a72c", info: "#54aeff" };
  var chart = window.echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", formatter: function (p) { return data.titles[p[0].dataIndex] + "<br>" + p[0].value + " 项"; } },
    grid: { left: 48, right: 16, top: 16, bottom: 96 },
    xAxis: { type: "category", data: data.codes, axisLabel: { rotate: 40, fontSize: 11 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: data.counts,
      itemStyle: { color: function (p) { return colors[data.severities[p.dataIndex]] || "#54aeff"; } } }]
  });
  el.dataset.rendered = "1";
  window.addEventListener("resize", function () { chart.resize(); });
})();
