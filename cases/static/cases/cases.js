/* Case maps: a pin picker on the report form, and the open-cases map on the desk. */
(function () {
  "use strict";
  function baseMap(el) {
    var map = L.map(el, { zoomControl: true });
    var tiles = el.dataset.tiles;
    if (tiles) { L.tileLayer(tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map); }
    map.setView([28.0, 120.6], 13);
    return map;
  }
  function drawGrids(map, url, fit) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var layer = L.geoJSON(data, { style: { color: "#c8102e", weight: 1, fillOpacity: 0.04 } }).addTo(map);
      if (fit && data.features.length) { map.fitBounds(layer.getBounds()); }
      return layer;
    });
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
    drawGrids(map, el.dataset.grids, !(lon.value && lat.value)).then(function () {
      if (lon.value && lat.value) { place(L.latLng(+lat.value, +lon.value), true); }
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
    drawGrids(map, el.dataset.grids, true);
    fetch(el.dataset.cases, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      L.geoJSON(data, {
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
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    var p = document.getElementById("pin-map"); if (p) { picker(p); }
    var c = document.getElementById("cases-map"); if (c) { casesMap(c); }
  });
})();
