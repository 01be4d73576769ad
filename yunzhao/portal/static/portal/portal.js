// The public portal's few enhancements; every page works without them.
(function () {
  "use strict";

  // An anonymous viewer id, kept in this browser only: a random token, never personal data.
  function viewerId() {
    try {
      var key = "yz_vid";
      var id = window.localStorage.getItem(key);
      if (!id) {
        id = window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID()
          : String(Math.random()).slice(2) + Date.now().toString(36);
        window.localStorage.setItem(key, id);
      }
      return id;
    } catch (e) {
      return "";
    }
  }

  // Tell the live-audience counter that the event page was seen (or a player opened), with the
  // channel tag the visitor arrived with. Any answer (even a 404) or a network error is ignored.
  function beacon(el, kind) {
    var url = el.getAttribute("data-beacon");
    var event = el.getAttribute("data-event");
    if (!url || !event) { return; }
    var params = new URLSearchParams();
    params.set("event", event);
    params.set("kind", kind);
    var src = new URLSearchParams(window.location.search).get("src");
    if (src) { params.set("src", src); }
    var vid = viewerId();
    if (vid) { params.set("vid", vid); }
    try {
      window.fetch(url + "?" + params.toString(), {
        method: "POST", credentials: "same-origin", keepalive: true, cache: "no-store"
      }).catch(function () {});
    } catch (e) { /* old browsers: nothing to count */ }
  }

  function setUpBeacon() {
    var el = document.querySelector("[data-beacon]");
    if (!el || !window.fetch) { return; }
    beacon(el, "view");
    document.querySelectorAll("[data-play]").forEach(function (link) {
      link.addEventListener("click", function () { beacon(el, "play"); });
    });
  }

  // Share: the system share sheet where there is one, else copy the link.
  function setUpShare() {
    var input = document.querySelector("[data-share-url]");
    var button = document.querySelector("[data-share]");
    if (!input) { return; }
    input.addEventListener("focus", function () { input.select(); });
    if (!button || !(navigator.share || navigator.clipboard)) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.share) {
        navigator.share({ title: document.title, url: input.value }).catch(function () {});
        return;
      }
      navigator.clipboard.writeText(input.value).then(function () {
        button.textContent = button.getAttribute("data-copied");
      }).catch(function () { input.select(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpBeacon();
    setUpShare();
  });
})();
