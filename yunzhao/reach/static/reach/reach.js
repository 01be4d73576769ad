// Reach pages: the charts (ECharts, data from the page's JSON endpoint) and the bulletin's copy buttons.
(function () {
  "use strict";

  var LEVEL_COLOURS = { central: "#c0392b", provincial: "#d68910", city: "#0b5394", district: "#28a745", overseas: "#7d3c98" };

  function number(value) {
    return Number(value).toLocaleString(document.documentElement.lang || undefined);
  }

  // "03-30 18:00" on the city's clock (the offset comes with the data), whatever the browser's zone.
  function wallClock(data, value, withTime) {
    var text = new Date(Number(value) + data.utc_offset_minutes * 60000).toISOString();
    return withTime ? text.slice(5, 10) + " " + text.slice(11, 16) : text.slice(5, 10);
  }

  function curveTooltip(data) {
    return function (params) {
      var lines = [wallClock(data, params[0].value[0], true)];
      params.forEach(function (p) { lines.push(p.marker + p.seriesName + ": " + number(p.value[1])); });
      return lines.join("<br>");
    };
  }

  function curveOption(data) {
    var left = ["reads", "plays", "followers"];
    var hidden = ["likes", "shares", "comments"];
    var series = left.concat(hidden).map(function (name) {
      return {
        name: data.labels[name], type: "line", showSymbol: data.times.length < 60, step: false,
        data: data.times.map(function (t, i) { return [t, data.series[name][i]]; })
      };
    });
    series.push({
      name: data.labels.media, type: "line", step: "end", yAxisIndex: 1, showSymbol: false,
      lineStyle: { type: "dashed" },
      data: data.times.map(function (t, i) { return [t, data.series.media[i]]; })
    });
    var selected = {};
    hidden.forEach(function (name) { selected[data.labels[name]] = false; });
    return {
      animation: false,
      tooltip: { trigger: "axis", formatter: curveTooltip(data) },
      legend: { top: 0, selected: selected },
      grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
      xAxis: {
        type: "time",
        axisLabel: { hideOverlap: true, formatter: function (v) { return wallClock(data, v, data.granularity !== "day" && data.granularity !== "week"); } }
      },
      yAxis: [
        { type: "value", axisLabel: { formatter: function (v) { return number(v); } } },
        { type: "value", minInterval: 1, splitLine: { show: false } }
      ],
      series: series
    };
  }

  function levelOption(data) {
    var levels = data.by_level;
    return {
      animation: false,
      tooltip: { trigger: "item", valueFormatter: number },
      legend: { bottom: 0 },
      series: [{
        type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
        label: { formatter: "{b}\n{d}%" },
        data: levels.filter(function (l) { return l.reads > 0; }).map(function (l) {
          return { name: l.label + " (" + l.media + ")", value: l.reads, itemStyle: { color: LEVEL_COLOURS[l.level] } };
        })
      }]
    };
  }

  function channelOption(data) {
    var rows = data.by_channel.slice().reverse();
    return {
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: number },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: function (v) { return number(v); } } },
      yAxis: { type: "category", data: rows.map(function (c) { return c.others ? data.text.others + " (" + c.others + ")" : c.label; }) },
      series: [{
        name: data.labels.reads, type: "bar",
        data: rows.map(function (c) { return { value: c.reads, itemStyle: { color: LEVEL_COLOURS[c.level] || "#adb5bd" } }; })
      }]
    };
  }

  var BUILDERS = { curve: curveOption, by_level: levelOption, by_channel: channelOption };

  function draw(container) {
    if (typeof echarts === "undefined") { return; }
    fetch(container.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        var parts = document.querySelectorAll("[data-part]");
        Array.prototype.forEach.call(parts, function (el) {
          var build = BUILDERS[el.getAttribute("data-part")];
          if (!build) { return; }
          var chart = echarts.init(el);
          chart.setOption(build(data));
          window.addEventListener("resize", function () { chart.resize(); });
        });
      })
      .catch(function () { container.classList.add("text-danger"); });
  }

  function copy(button) {
    var target = document.querySelector(button.getAttribute("data-copy-target"));
    if (!target || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(target.textContent.trim()).then(function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied-text") || label;
      setTimeout(function () { button.textContent = label; }, 1500);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (button) { copy(button); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-reach-chart]"), draw);
  });
})();
