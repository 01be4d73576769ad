/* Leadership dashboard: monthly charts, this year against last, drawn from the page's JSON. */
(function () {
  "use strict";
  var source = document.getElementById("yz-dashboard-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var brand = getComputedStyle(document.documentElement).getPropertyValue("--yz-brand").trim() || "#0b5394";
  var charts = [];

  function pad(values) {
    var out = values.slice();
    while (out.length < 12) { out.push(null); }
    return out;
  }

  function draw(element) {
    var series = data.monthly[element.dataset.series];
    if (!series) { return; }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption({
      animationDuration: 600,
      title: { text: series.title, left: 0, top: 0, textStyle: { fontSize: 12, fontWeight: "normal", color: "#495057" } },
      // The legend sits under the title: a long English title would run into it on a phone.
      legend: { top: 20, right: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 8, top: 48, bottom: 4, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "category", data: series.months, axisLabel: { fontSize: 10, interval: 0, hideOverlap: true }, axisTick: { show: false } },
      yAxis: { type: "value", minInterval: element.dataset.kind === "count" ? 1 : 0, axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: "#eef1f5" } } },
      series: [
        { name: series.this_label, type: "bar", data: pad(series.this), itemStyle: { color: brand }, barMaxWidth: 14 },
        { name: series.last_label, type: "bar", data: pad(series.last), itemStyle: { color: "#b8c4d3" }, barMaxWidth: 14 }
      ]
    });
    charts.push(chart);
  }

  document.querySelectorAll(".yz-chart[data-series]").forEach(draw);
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
  });
})();
