// The public portal's few enhancements; every page works without them.
(function () {
  "use strict";

  // An anonymous viewer id, kept in this browser only: a random token, never personal data.
  function viewerId() {
    try {
      var key = "yz_vid";
      var id = window.localStorage.getItem(key) || "";
      // The beacon takes 16 to 64 of A-Z a-z 0-9 _ - (a UUID fits); anything else is made afresh.
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) {
        id = window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID() : Date.now().toString(36);
        while (id.length < 24) { id += Math.random().toString(36).slice(2); }
        id = id.slice(0, 64);
        window.localStorage.setItem(key, id);
      }
      return id;
    } catch (e) {
      return "";
    }
  }

  // The channel tag of this visit: from the address, else the one the visit arrived with on an
  // earlier page (kept for the tab's life only), so a viewer who came from a poster and clicked
  // through to the event is still counted for the poster.
  function arrivalTag() {
    var src = new URLSearchParams(window.location.search).get("src") || "";
    try {
      if (src) {
        window.sessionStorage.setItem("yz_src", src);
      } else {
        src = window.sessionStorage.getItem("yz_src") || "";
      }
    } catch (e) { /* storage refused: the address alone */ }
    return src;
  }

  // Tell the live-audience counter that the event page was seen (or a player opened), with the
  // channel tag the visitor arrived with. Any answer (even a 404) or a network error is ignored.
  function beacon(el, kind) {
    var url = el.getAttribute("data-beacon");
    var event = el.getAttribute("data-event");
    if (!url || !event) { return; }
    // The beacon's fields (see the audience app): e = event, k = pv | play, src = channel tag, v = viewer.
    var params = new URLSearchParams();
    params.set("e", event);
    params.set("k", kind);
    var src = arrivalTag();
    if (src) { params.set("src", src); }
    var vid = viewerId();
    if (vid) { params.set("v", vid); }
    try {
      window.fetch(url + "?" + params.toString(), {
        method: "POST", credentials: "same-origin", keepalive: true, cache: "no-store"
      }).catch(function () {});
    } catch (e) { /* old browsers: nothing to count */ }
  }

  function setUpBeacon() {
    var el = document.querySelector("[data-beacon]");
    if (!el || !window.fetch) { return; }
    beacon(el, "pv");
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
    arrivalTag();
    setUpBeacon();
    setUpShare();
  });
})();
