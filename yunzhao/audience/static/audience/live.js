/* The live audience page: counters that count up, the top channels and a per-minute chart, kept up to
   date by the page's Server-Sent-Events stream (data-stream), or by fetching the JSON (data-url) every
   couple of seconds when the stream cannot be used. The first figures come from the page itself. */
(function () {
  "use strict";
  var root = document.getElementById("yz-live");
  var initial = document.getElementById("yz-live-data");
  if (!root || !initial) { return; }
  var text = root.dataset;
  var POLL_MS = Math.max(1000, Math.min(2000, (parseFloat(text.interval) || 1) * 1000));
  var shown = {};
  var chart = null;
  var pollTimer = null;

  function number(value) {
    return Math.round(value).toLocaleString(document.documentElement.lang || undefined);
  }

  // Times on the city's clock (the time zone of the figures), whatever the browser's own.
  var clockFormat;
  try {
    clockFormat = new Intl.DateTimeFormat("en-GB", { timeZone: text.timeZone || undefined, hour: "2-digit",
      minute: "2-digit", second: "2-digit", hour12: false });
  } catch (e) {
    clockFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  }

  function clock(iso) {
    return clockFormat.format(iso ? new Date(iso) : new Date());
  }

  // Count from the figure shown to the new one; a figure that did not change is left alone.
  function countUp(node, from, to) {
    if (from === to) { node.textContent = number(to); return; }
    var start = null, duration = 800;
    function step(time) {
      if (start === null) { start = time; }
      var t = Math.min(1, (time - start) / duration);
      node.textContent = number(from + (to - from) * (1 - Math.pow(1 - t, 3)));
      if (t < 1) { window.requestAnimationFrame(step); }
    }
    window.requestAnimationFrame(step);
  }

  function counters(data) {
    root.querySelectorAll("[data-figure]").forEach(function (node) {
      var code = node.getAttribute("data-figure");
      var value = Number(data[code]) || 0;
      countUp(node, shown[code] === undefined ? value : shown[code], value);
      shown[code] = value;
    });
    var note = root.querySelector("[data-part=viewers-note]");
    if (note) {
      note.textContent = data.viewers_error
        ? text.textEstimated.replace("%(error)s", (data.viewers_error * 100).toFixed(2) + " %")
        : text.textExact;
    }
  }

  function cell(content, className) {
    var td = document.createElement("td");
    if (className) { td.className = className; }
    td.textContent = content;
    return td;
  }

  function sources(data) {
    var body = root.querySelector("[data-part=sources]");
    var rows = (data.sources || []).map(function (source) {
      var tr = document.createElement("tr");
      var name = cell(source.name + " ");
      if (source.code) {
        var code = document.createElement("code");
        code.className = "small";
        code.textContent = source.code;
        name.append(code);
      }
      tr.append(name, cell(number(source.views), "yz-amount"), cell(number(source.viewers), "yz-amount"));
      return tr;
    });
    if (!rows.length) {
      var empty = document.createElement("tr");
      var td = cell(text.textNone, "text-body-secondary");
      td.colSpan = 3;
      empty.append(td);
      rows.push(empty);
    }
    body.replaceChildren.apply(body, rows);
  }

  function draw(data) {
    var target = root.querySelector("[data-part=chart]");
    if (!window.echarts || !target) { return; }
    if (!chart) {
      chart = window.echarts.init(target);
      window.addEventListener("resize", function () { chart.resize(); });
    }
    var series = data.series || [];
    chart.setOption({
      animationDuration: 300,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: series.map(function (p) { return clock(p.minute).slice(0, 5); }),
        axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: text.textViews, type: "bar", barMaxWidth: 14, itemStyle: { color: "#0b5394" },
          data: series.map(function (p) { return p.views; }) },
        { name: text.textViewers, type: "line", smooth: true, symbol: "none", itemStyle: { color: "#d62828" },
          data: series.map(function (p) { return p.viewers; }) }
      ]
    });
  }

  function status(message, isError) {
    var node = root.querySelector("[data-part=status]");
    node.textContent = message;
    node.classList.toggle("text-danger", !!isError);
  }

  function update(data, how) {
    counters(data);
    sources(data);
    draw(data);
    status(how + " · " + text.textUpdated + " " + clock(data.as_of), false);
  }

  // Each poll goes through yzLiveFigures (live_pass.js), which answers it on a live pass once it has one.
  function poll() {
    window.yzLiveFigures(text.url)
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!response.ok || !json) { throw new Error(response.redirected || response.status === 403 ? "signed-out" : "offline"); }
        return response.json();
      })
      .then(function (data) { update(data, text.textPolling); })
      .catch(function (error) { status(error.message === "signed-out" ? text.textSignedOut : text.textOffline, true); })
      .finally(function () { pollTimer = window.setTimeout(poll, POLL_MS); });
  }

  function listen() {
    if (!window.EventSource || !text.stream) { poll(); return; }
    var source = new EventSource(text.stream);
    source.addEventListener("figures", function (event) { update(JSON.parse(event.data), text.textLive); });
    source.addEventListener("error", function () {
      // The stream ends every minute and the browser opens a new one; only a refused one closes for good.
      if (source.readyState === EventSource.CLOSED && pollTimer === null) { poll(); }
    });
  }

  update(JSON.parse(initial.textContent), text.textLive);
  listen();
})();
