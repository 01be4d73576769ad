/* The big screen: scale the 1920×1080 stage to the window, draw the figures, and fetch them again
   every `refresh` seconds without reloading the page. Data comes from the page's JSON block first,
   then from the stage's data-url. */
(function () {
  "use strict";
  var WIDTH = 1920, HEIGHT = 1080, MAP = "jinan-2019";
  var stage = document.getElementById("yz-stage");
  var initial = document.getElementById("yz-screen-data");
  if (!stage || !initial || !window.echarts) { return; }
  var text = stage.dataset;
  var charts = {};
  var counters = {};
  var mapReady = null;
  var current = null;

  // --- fitting the stage to the window --------------------------------------------------------

  function fit() {
    var scale = Math.min(window.innerWidth / WIDTH, window.innerHeight / HEIGHT);
    var left = (window.innerWidth - WIDTH * scale) / 2;
    var top = (window.innerHeight - HEIGHT * scale) / 2;
    stage.style.transform = "translate(" + left + "px," + top + "px) scale(" + scale + ")";
  }
  fit();
  window.addEventListener("resize", fit);

  // --- helpers -------------------------------------------------------------------------------

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined && content !== null) { node.textContent = content; }
    return node;
  }

  function formatNumber(value, decimals) {
    return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  function trend(ratio) {
    if (ratio === null || ratio === undefined) { return "yz-s-flat"; }
    return ratio > 0.0005 ? "yz-s-up" : ratio < -0.0005 ? "yz-s-down" : "yz-s-flat";
  }

  function chart(id) {
    if (!charts[id]) { charts[id] = echarts.init(document.getElementById(id), null, { renderer: "canvas" }); }
    return charts[id];
  }

  function pad(values) {
    var out = values.slice();
    while (out.length < 12) { out.push(null); }
    return out;
  }

  var AXIS = { color: "#8fb6e6", fontSize: 16 };
  var GRID_LINE = { lineStyle: { color: "rgba(143,182,230,.15)" } };

  // --- headline counters, counting up from the figures shown before -------------------------

  function animate(node, from, to, parts) {
    var start = null, duration = 1400;
    function step(time) {
      if (start === null) { start = time; }
      var t = Math.min(1, (time - start) / duration);
      var eased = 1 - Math.pow(1 - t, 3);
      node.textContent = formatNumber(from + (to - from) * eased, parts.decimals);
      if (t < 1) { window.requestAnimationFrame(step); }
    }
    window.requestAnimationFrame(step);
  }

  function counter(figure) {
    var item = counters[figure.code];
    if (!item) {
      var li = el("li", "yz-s-counter");
      var name = el("div", "yz-s-counter-name");
      var value = el("div", "yz-s-counter-value");
      var prefix = el("span", "yz-s-prefix");
      var number = el("span", "yz-s-number", "0");
      var unit = el("span", "yz-s-unit");
      value.append(prefix, number, unit);
      var meta = el("div", "yz-s-counter-meta");
      li.append(name, value, meta);
      document.getElementById("yz-counters").append(li);
      item = counters[figure.code] = { name: name, prefix: prefix, number: number, unit: unit, meta: meta, value: 0 };
    }
    var parts = figure.display;
    item.name.textContent = figure.name;
    item.number.parentNode.classList.toggle("is-long", (parts.prefix + figure.text + parts.suffix).length > 16);
    item.prefix.textContent = parts.prefix;
    item.unit.textContent = parts.suffix;
    if (parts.number === null) {
      item.number.textContent = "—";
    } else {
      animate(item.number, item.value, parts.number, parts);
      item.value = parts.number;
    }
    item.meta.replaceChildren();
    if (figure.unit === "projects" && figure.amount_text) {
      item.meta.append(el("span", null, text.textTotal + " " + figure.amount_text));
    }
    var yoy = el("span", trend(figure.yoy), text.textYoy + " " + figure.yoy_text);
    item.meta.append(yoy);
    if (figure.last) { item.meta.append(el("span", null, text.textLast + " " + figure.last.text)); }
  }

  // --- the live event: counters that count up, fetched every two seconds from the audience's JSON --

  var LIVE_FIGURES = ["viewers", "views", "plays"];
  var LIVE_POLL_MS = 2000;
  var liveTile = { id: null, cells: {}, values: {}, sources: null, timer: null };

  function liveShow(figures) {
    LIVE_FIGURES.forEach(function (code) {
      var cell = liveTile.cells[code];
      if (!cell || typeof figures.values[code] !== "number") { return; }
      var to = figures.values[code];
      animate(cell.number, liveTile.values[code] || 0, to, { decimals: 0 });
      liveTile.values[code] = to;
      cell.approx.textContent = figures.estimated && code === "viewers" ? "≈" : "";
    });
    liveTile.sources.textContent = figures.sources.map(function (s) {
      return s.name + " " + formatNumber(s.views, 0);
    }).join(" · ");
    if (figures.series.length) {
      chart("yz-live-spark").setOption({
        animation: false, grid: { left: 0, right: 0, top: 4, bottom: 0 },
        xAxis: { type: "category", show: false, data: figures.series.map(function (v, i) { return i; }) },
        yAxis: { type: "value", show: false, min: 0 },
        series: [{ type: "line", data: figures.series, smooth: true, symbol: "none", lineStyle: { color: "#4fe0ff", width: 2 },
          areaStyle: { color: "rgba(79,224,255,.18)" } }]
      });
    }
  }

  // The tile's polls go through yzLiveFigures (audience/live_pass.js), answered on a live pass once it has one.
  function livePoll() {
    var url = text.liveUrl.replace("/0/", "/" + liveTile.id + "/");
    window.yzLiveFigures(url)
      .then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } return response.json(); })
      .then(function (found) {
        if (found.id !== liveTile.id) { return; }
        var values = {};
        LIVE_FIGURES.forEach(function (code) { values[code] = found[code]; });
        liveShow({
          values: values, estimated: !!found.viewers_error,
          sources: (found.sources || []).slice(0, 3).map(function (s) { return { name: s.name, views: s.views }; }),
          series: (found.series || []).map(function (p) { return p.views; })
        });
      })
      .catch(function () { /* the screen's own refresh reports a lost connection */ })
      .finally(function () { if (liveTile.id !== null) { liveTile.timer = window.setTimeout(livePoll, LIVE_POLL_MS); } });
  }

  function live(data) {
    var panel = document.getElementById("yz-live");
    var body = document.getElementById("yz-live-body");
    panel.classList.toggle("is-live", !!data);
    var id = data && data.figures.length ? data.event.id : null;
    if (!data || id !== liveTile.id || !data.figures.length) {
      window.clearTimeout(liveTile.timer);
      if (charts["yz-live-spark"]) { charts["yz-live-spark"].dispose(); delete charts["yz-live-spark"]; }
      body.replaceChildren();
      liveTile = { id: id, cells: {}, values: {}, sources: el("div", "yz-s-live-sources"), timer: null };
      if (!data) {
        body.append(el("div", "yz-s-live-none", text.textNoLive));
        return;
      }
      body.append(el("div", "yz-s-live-title", data.event.title));
      if (data.figures.length) {
        var grid = el("div", "yz-s-live-figures");
        data.figures.forEach(function (figure) {
          var cell = el("div", "yz-s-live-figure");
          var figureText = el("b");
          var approx = document.createTextNode("");
          var number = el("data", null, "0");
          figureText.append(approx, number);
          liveTile.cells[figure.code] = { approx: approx, number: number };
          cell.append(figureText, el("span", null, figure.label));
          grid.append(cell);
        });
        body.append(grid);
      }
      var spark = el("div", "yz-s-live-spark");
      spark.id = "yz-live-spark";
      body.append(liveTile.sources, spark);
      if (id !== null && text.liveUrl) { liveTile.timer = window.setTimeout(livePoll, LIVE_POLL_MS); }
    }
    var values = {};
    data.figures.forEach(function (figure) { values[figure.code] = figure.value; });
    liveShow({ values: values, estimated: data.estimated, sources: data.sources, series: data.series });
  }

  // --- the map ------------------------------------------------------------------------------

  function loadMap(url) {
    if (!mapReady) {
      mapReady = fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (geojson) { echarts.registerMap(MAP, geojson); return true; });
    }
    return mapReady;
  }

  function drawMap(map) {
    loadMap(map.geojson).then(function () {
      var values = map.districts.map(function (d) { return d.value || 0; });
      var max = Math.max.apply(null, values.concat([1]));
      var byName = {};
      var labels = {};
      Object.keys(map.names).forEach(function (code) { labels[map.names[code]] = map.labels[code]; });
      var data = map.districts.map(function (d) {
        var name = map.names[d.gb_code] || d.name;
        byName[name] = d;
        return { name: name, value: d.value, text: d.text, count: d.count };
      });
      chart("yz-map").setOption({
        tooltip: {
          trigger: "item", textStyle: { fontSize: 18 },
          formatter: function (p) {
            var d = byName[p.name];
            return d ? p.name + "<br>" + d.text + " · " + d.count + " " + text.textProjects : p.name;
          }
        },
        visualMap: {
          type: "continuous", min: 0, max: max, left: 0, top: 10, calculable: false, itemHeight: 160,
          text: [formatNumber(max, max >= 100 ? 0 : 2) + " " + map.unit, "0"],
          textStyle: { color: "#a9c3e6", fontSize: 16 },
          inRange: { color: ["#1d528f", "#1f78c8", "#39c6f0", "#ffd166", "#ff7a45"] }
        },
        series: [{
          type: "map", map: MAP, nameProperty: "gb_code", nameMap: map.names, roam: false,
          // Fit the box, keeping the shape; at Jinan's latitude a degree east is about 0.8 of one north.
          top: 10, bottom: 10, left: 10, right: 10, aspectScale: 0.8, selectedMode: false,
          itemStyle: { areaColor: "#12305a", borderColor: "#7fe3ff", borderWidth: 1.2 },
          emphasis: { label: { color: "#fff" }, itemStyle: { areaColor: "#ffb347" } },
          label: {
            show: true, color: "#fff", fontSize: 16, textBorderColor: "#061633", textBorderWidth: 3,
            formatter: function (p) { return labels[p.name] || p.name; }
          },
          labelLayout: { hideOverlap: true },
          data: data
        }]
      });
    });
  }

  function ranking(map) {
    var list = document.getElementById("yz-ranking");
    list.replaceChildren();
    map.districts.forEach(function (d, index) {
      var li = el("li");
      var name = map.labels[d.gb_code] || d.name;
      li.append(el("span", "yz-s-rank", String(index + 1)), el("span", null, name), el("span", "yz-s-amount", d.number));
      li.title = (map.names[d.gb_code] || d.name) + " " + d.text;
      list.append(li);
    });
    document.getElementById("yz-ranking-unit").textContent = map.unit;
    list.parentNode.hidden = !map.districts.length;
  }

  // --- the trends and industries ------------------------------------------------------------

  function drawSigned(series) {
    document.getElementById("yz-signed-title").textContent = series.title;
    chart("yz-chart-signed").setOption({
      legend: { right: 0, top: 0, textStyle: { color: "#a9c3e6", fontSize: 16 } },
      grid: { left: 6, right: 10, top: 34, bottom: 4, containLabel: true },
      tooltip: { trigger: "axis", textStyle: { fontSize: 16 } },
      xAxis: { type: "category", data: series.months, axisLabel: AXIS, axisLine: { lineStyle: { color: "#3b5b86" } } },
      yAxis: { type: "value", minInterval: 1, axisLabel: AXIS, splitLine: GRID_LINE },
      series: [
        { name: series.this_label, type: "bar", data: pad(series.this), barMaxWidth: 16,
          itemStyle: { color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [{ offset: 0, color: "#4fe0ff" }, { offset: 1, color: "#1f78c8" }]) } },
        { name: series.last_label, type: "line", data: series.last, smooth: true, symbolSize: 6,
          itemStyle: { color: "#ffd166" }, lineStyle: { width: 2 } }
      ]
    });
  }

  function drawCapital(domestic, foreign) {
    chart("yz-chart-capital").setOption({
      legend: { left: "center", top: 0, itemGap: 16, textStyle: { color: "#a9c3e6", fontSize: 15 } },
      grid: { left: 6, right: 6, top: 52, bottom: 4, containLabel: true },
      tooltip: { trigger: "axis", textStyle: { fontSize: 16 } },
      xAxis: { type: "category", data: domestic.months, axisLabel: AXIS, axisLine: { lineStyle: { color: "#3b5b86" } } },
      yAxis: [
        { type: "value", axisLabel: AXIS, splitLine: GRID_LINE },
        { type: "value", axisLabel: AXIS, splitLine: { show: false } }
      ],
      series: [
        { name: domestic.title, type: "bar", data: pad(domestic.this), barMaxWidth: 16, itemStyle: { color: "#2fa8e8" } },
        { name: foreign.title, type: "line", yAxisIndex: 1, data: pad(foreign.this), smooth: true, symbolSize: 6,
          itemStyle: { color: "#ff9f43" }, lineStyle: { width: 3 } }
      ]
    });
  }

  function drawIndustries(industries) {
    var rows = industries.rows.slice().reverse();
    var target = chart("yz-chart-industries");
    if (!rows.length) {
      target.clear();
      target.setOption({ title: { text: text.textNone, left: "center", top: "middle", textStyle: { color: "#6f86a8", fontSize: 22, fontWeight: "normal" } } });
      return;
    }
    // Room on the right for the longest amount label ("12.85 billion yuan" is wider than "128.5亿元").
    var measure = document.createElement("canvas").getContext("2d");
    measure.font = "16px " + getComputedStyle(document.body).fontFamily;
    var widest = Math.max.apply(null, rows.map(function (r) { return measure.measureText(r.text).width; }));
    target.setOption({
      title: { show: false },
      grid: { left: 6, right: Math.ceil(widest) + 16, top: 6, bottom: 4, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, textStyle: { fontSize: 16 },
        formatter: function (p) { var r = rows[p[0].dataIndex]; return r.label + "<br>" + r.text + " · " + r.count + " " + text.textProjects; } },
      xAxis: { type: "value", axisLabel: { show: false }, splitLine: { show: false } },
      yAxis: { type: "category", data: rows.map(function (r) { return r.label; }),
        axisLabel: { color: "#dbe9ff", fontSize: 17, width: 190, overflow: "truncate" },
        axisTick: { show: false }, axisLine: { show: false } },
      series: [{
        type: "bar", data: rows.map(function (r) { return r.value; }), barMaxWidth: 18,
        itemStyle: { borderRadius: [0, 9, 9, 0], color: new echarts.graphic.LinearGradient(0, 0, 1, 0, [{ offset: 0, color: "#1f78c8" }, { offset: 1, color: "#4fe0ff" }]) },
        label: { show: true, position: "right", color: "#ffd166", fontSize: 16, formatter: function (p) { return rows[p.dataIndex].text; } }
      }]
    });
  }

  // --- drawing and refreshing ---------------------------------------------------------------

  function draw(data) {
    current = data;
    data.headline.forEach(counter);
    live(data.live);
    drawMap(data.map);
    ranking(data.map);
    drawSigned(data.monthly.signed_ge1);
    drawCapital(data.monthly.domestic_capital, data.monthly.foreign_capital);
    drawIndustries(data.industries);
    document.getElementById("yz-period").textContent = data.year.label;
    document.getElementById("yz-as-of").textContent = data.as_of_text;
  }

  function status(message, isError) {
    var node = document.getElementById("yz-status");
    node.textContent = message;
    node.classList.toggle("is-error", !!isError);
  }

  function refresh() {
    fetch(text.url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!response.ok || !json) {
          throw new Error(response.redirected || response.status === 403 ? "signed-out" : "offline");
        }
        return response.json();
      })
      .then(function (data) {
        draw(data);
        status(text.textUpdated + " " + clockFormat.format(new Date()).slice(-8), false);
      })
      .catch(function (error) {
        status(error.message === "signed-out" ? text.textSignedOut : text.textOffline, true);
      });
  }

  // The clock shows the city's time (the time zone of the figures), whatever the display's own.
  var clockFormat = null;
  try {
    clockFormat = new Intl.DateTimeFormat("sv-SE", { timeZone: text.timeZone || undefined, year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  } catch (e) {
    clockFormat = new Intl.DateTimeFormat("sv-SE", { dateStyle: "short", timeStyle: "medium" });
  }

  function tick() {
    document.getElementById("yz-clock").textContent = clockFormat.format(new Date());
  }

  draw(JSON.parse(initial.textContent));
  tick();
  window.setInterval(tick, 1000);
  window.setInterval(refresh, Math.max(10, current.refresh || 60) * 1000);
})();
