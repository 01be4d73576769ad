/* The public live counter on an event's portal page ("12,345 views · 8,901 viewers"): fetches the
   event's totals (data-live-counter, /live/<id>.json) every two seconds while the page is visible
   and writes them in. Without this script the page shows the totals it was rendered with. */
(function () {
  "use strict";

  var INTERVAL = 2000;
  var el = document.querySelector("[data-live-counter]");
  if (!el || !window.fetch) { return; }
  var url = el.getAttribute("data-live-counter");
  var views = el.querySelector("[data-live-views]");
  var viewers = el.querySelector("[data-live-viewers]");
  var asOf = el.querySelector("[data-live-as-of]");
  var lang = document.documentElement.lang || undefined;
  var timer = null;
  var stopped = false;

  function format(n) {
    try { return Number(n).toLocaleString(lang); } catch (e) { return String(n); }
  }

  function show(totals) {
    views.textContent = format(totals.views);
    viewers.textContent = format(totals.viewers);
    el.setAttribute("data-as-of", totals.as_of);
    // The figures are now live: the time the page was rendered no longer applies.
    if (asOf) { asOf.hidden = true; }
  }

  function schedule() {
    if (!stopped && !timer && !document.hidden) { timer = window.setTimeout(poll, INTERVAL); }
  }

  function poll() {
    timer = null;
    // No cookies: the counter is the same for everyone.
    window.fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        // Not found: the page was unpublished or the event cancelled; keep the last figures.
        if (response.status === 404) { stopped = true; return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (totals) {
        if (totals) {
          show(totals);
          // The event is over: its figures no longer change.
          if (totals.on_air === false) { stopped = true; }
        }
        schedule();
      })
      .catch(schedule);
  }

  document.addEventListener("visibilitychange", schedule);
  schedule();
})();
