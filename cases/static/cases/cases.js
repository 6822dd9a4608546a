/* Case maps: a pin picker on the report form, and the open-cases map on the desk. Each draws
   the roads and water under its grids with the area map's code (`linliMap.geography`). */
(function () {
  "use strict";
  function baseMap(el) {
    var map = L.map(el, { zoomControl: true });
    var tiles = el.dataset.tiles;
    if (tiles) { L.tileLayer(tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map); }
    map.setView([28.0, 120.6], 13);
    return map;
  }
  // Draws the grids; with `fit`, shows the grids whose code starts with `focus` (the user's
  // own grid or community), or all of them when none does.
  function drawGrids(map, url, fit, focus) {
    var el = map.getContainer();
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var inFocus = function (f) { return !!focus && f.properties.code.indexOf(focus) === 0; };
      var layer = L.geoJSON(data, { style: function (f) {
        return inFocus(f) ? { color: "#c8102e", weight: 2, fillOpacity: 0.1 } : { color: "#c8102e", weight: 1, fillOpacity: 0.04 };
      } }).addTo(map);
      if (fit && data.features.length) {
        var mine = data.features.filter(inFocus);
        map.fitBounds(mine.length ? L.geoJSON({ type: "FeatureCollection", features: mine }).getBounds() : layer.getBounds());
      }
      roads(map, el, layer.getBounds());
      return layer;
    });
  }
  function roads(map, el, within) {
    if (window.linliMap && el.dataset.geography) { window.linliMap.geography(map, el.dataset.geography, within); }
  }
  function picker(el) {
    var map = baseMap(el);
    var lon = document.getElementById("id_lon"), lat = document.getElementById("id_lat");
    var marker = null;
    function place(latlng, pan) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
      lon.value = latlng.lng.toFixed(6); lat.value = latlng.lat.toFixed(6);
      if (pan) { map.setView(latlng, 17); }
      lon.dispatchEvent(new Event("change", { bubbles: true }));
    }
    // A resident's map opens on their own building (data-home-lon/lat), a pin already placed
    // opens on the pin, anything else on the user's grids.
    var home = el.dataset.homeLon && el.dataset.homeLat ? L.latLng(+el.dataset.homeLat, +el.dataset.homeLon) : null;
    drawGrids(map, el.dataset.grids, !(lon.value && lat.value) && !home, el.dataset.focus).then(function () {
      if (lon.value && lat.value) { place(L.latLng(+lat.value, +lon.value), true); }
      else if (home) { map.setView(home, 17); }
    });
    map.on("click", function (e) { place(e.latlng, false); });
    var here = document.getElementById("use-location");
    if (here && navigator.geolocation) {
      here.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (pos) {
          place(L.latLng(pos.coords.latitude, pos.coords.longitude), true);
        });
      });
    }
  }
  function casesMap(el) {
    var map = baseMap(el);
    var grids = drawGrids(map, el.dataset.grids, false);
    // Open on the cases (a community's desk sees its own corner), else on all the grids.
    var cases = fetch(el.dataset.cases, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      return L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 6, color: f.properties.overdue ? "#c8102e" : "#d97706", fillOpacity: 0.8 });
        },
        onEachFeature: function (f, layer) {
          var a = document.createElement("a");
          a.href = f.properties.url;
          a.textContent = f.properties.category + " · " + f.properties.status;
          layer.bindPopup(a);
        }
      }).addTo(map);
    });
    Promise.all([grids, cases]).then(function (layers) {
      var shown = layers[1].getLayers().length ? layers[1] : layers[0];
      if (shown.getLayers().length) { map.fitBounds(shown.getBounds(), { padding: [24, 24], maxZoom: 17 }); }
    });
  }
  // Where one case is: its pin over the grids, close in.
  function placeMap(el) {
    var map = baseMap(el);
    var at = L.latLng(+el.dataset.lat, +el.dataset.lon);
    drawGrids(map, el.dataset.grids, false);
    L.marker(at).addTo(map);
    map.setView(at, 17);
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    var p = document.getElementById("pin-map"); if (p) { picker(p); }
    var c = document.getElementById("cases-map"); if (c) { casesMap(c); }
    var w = document.getElementById("case-place"); if (w) { placeMap(w); }
  });
})();
