// The overview's charts (ECharts, vendored): findings by code, score distribution, a region's 新收 over the
// years and one body's figures across years. Data comes from the page's JSON (#overview-charts); the charts
// are drawn again whenever htmx swaps the overview in after a filter change.
(function () {
  var charts = [];
  var colors = { error: "#b42318", warning: "#d4a72c", info: "#54aeff" };

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ animation: false }, option));
    el.dataset.rendered = "1";
    charts.push(chart);
  }

  function render() {
    var src = document.getElementById("overview-charts");
    if (!src || !window.echarts) { return; }
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    var data = JSON.parse(src.textContent);
    var codes = data.codes;
    draw("chart", {
      tooltip: { trigger: "axis", formatter: function (p) { return codes.titles[p[0].dataIndex] + "<br>" + p[0].value + " 项"; } },
      grid: { left: 48, right: 16, top: 16, bottom: 96 },
      xAxis: { type: "category", data: codes.codes, axisLabel: { rotate: 40, fontSize: 11 } },
      yAxis: { type: "value", minInterval: 1, name: "项" },
      series: [{ type: "bar", data: codes.counts,
        itemStyle: { color: function (p) { return colors[codes.severities[p.dataIndex]] || "#54aeff"; } } }]
    });
    var scores = data.scores;
    draw("chart-scores", {
      tooltip: { trigger: "axis", formatter: function (p) { return p[0].name + " 分<br>" + p[0].value + " 个机关"; } },
      grid: { left: 48, right: 16, top: 24, bottom: 48 },
      xAxis: { type: "category", data: scores.labels, name: "得分", nameLocation: "middle", nameGap: 30 },
      yAxis: { type: "value", minInterval: 1, name: "机关数" },
      series: [{ type: "bar", data: scores.counts, itemStyle: { color: function (p) {
        return p.dataIndex >= 9 ? "#1a7f37" : p.dataIndex >= 6 ? "#d4a72c" : "#b42318"; } } }]
    });
    var fresh = data["new"];
    draw("chart-new", {
      tooltip: { trigger: "axis", formatter: function (p) {
        return p[0].name + " 年<br>新收 " + p[0].value + " 件（" + fresh.reports[p[0].dataIndex] + " 份报告）"; } },
      grid: { left: 56, right: 24, top: 24, bottom: 32 },
      xAxis: { type: "category", data: fresh.years.map(String) },
      yAxis: { type: "value", minInterval: 1, name: "件" },
      series: [{ type: "line", data: fresh.totals, symbolSize: 8, label: { show: true }, itemStyle: { color: "#a4262c" } }]
    });
    var body = data.body;
    if (body) {
      draw("chart-body", {
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", bottom: 0 },
        grid: { left: 48, right: 24, top: 24, bottom: 64 },
        xAxis: { type: "category", data: body.years.map(String) },
        yAxis: { type: "value", minInterval: 1 },
        series: body.series.map(function (s) {
          return { name: s.label, type: "line", data: s.values, connectNulls: false, symbolSize: 7 }; })
      });
    }
  }

  document.addEventListener("DOMContentLoaded", render);
  document.body.addEventListener("htmx:afterSettle", function (e) {
    if (e.target && e.target.id === "overview") { render(); }
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
