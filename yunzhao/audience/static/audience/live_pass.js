/* Fetching the live figures as a polling page does: the first answer, given through the session,
   carries a live pass (the X-Live-Pass header; yunzhao/audience/passes.py), and the next requests send
   it, to be answered without the session. A refused pass (403) is dropped and the figures are asked
   for again at once, through the session, which gives a new one.
   window.yzLiveFigures(url) resolves to the fetch Response. */
(function () {
  "use strict";
  var livePass = null;

  window.yzLiveFigures = function ask(url) {
    var headers = { Accept: "application/json" };
    var sent = livePass;
    if (sent) { headers["X-Live-Pass"] = sent; }
    return fetch(url, { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (response) {
        var renewed = response.headers.get("X-Live-Pass");
        if (renewed) { livePass = renewed; }
        if (response.status === 403 && sent) {
          livePass = null;
          return ask(url);
        }
        return response;
      });
  };
})();
