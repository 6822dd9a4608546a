/* The service circle's map: staff tap a place to see what lies within the walk of it. The map
   is area_map.js's (el.leafletMap, set once drawn). */
(function () {
  "use strict";
  function init() {
    var box = document.querySelector("[data-circle-map]");
    var el = box && box.querySelector("[data-area-map]");
    if (!el || !el.leafletMap || !document.querySelector("input[name=household]")) return;
    el.leafletMap.on("click", function (e) {
      var q = new URLSearchParams({ lon: e.latlng.lng.toFixed(6), lat: e.latlng.lat.toFixed(6), minutes: box.dataset.minutes });
      window.location.search = q.toString();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
