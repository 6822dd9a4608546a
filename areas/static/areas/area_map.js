/* The area map: the area's outline, its children's boundaries and building points.
   No tile server is needed; a tile layer is added only when the page names one. */
(function () {
  "use strict";
  function link(props) {
    var a = document.createElement("a");
    a.href = props.url;
    a.textContent = props.name;
    return a;
  }
  function draw(el) {
    var data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: !!el.dataset.tileUrl });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    var bounds = L.latLngBounds([]);
    if (data.outline) {
      var outline = L.geoJSON(data.outline, {
        style: { color: "#c8161d", weight: 2.5, fillColor: "#c8161d", fillOpacity: 0.04, className: "linli-outline" },
        interactive: false,
      }).addTo(map);
      bounds.extend(outline.getBounds());
    }
    var children = L.geoJSON(data.children, {
      style: { color: "#175cd3", weight: 1.5, fillOpacity: 0.08, className: "linli-boundary" },
      onEachFeature: function (f, layer) {
        var label = f.properties.name + (f.properties.households != null ? " · " + f.properties.households : "");
        layer.bindTooltip(document.createTextNode(label), { sticky: true });
        layer.on("click", function () { window.location.href = f.properties.url; });
      },
    }).addTo(map);
    if (children.getLayers().length) bounds.extend(children.getBounds());
    var buildings = L.geoJSON(data.buildings, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 5, color: "#12805c", weight: 1, fillOpacity: 0.85, className: "linli-building" });
      },
      onEachFeature: function (f, layer) { layer.bindPopup(link(f.properties)); },
    }).addTo(map);
    if (buildings.getLayers().length) bounds.extend(buildings.getBounds());
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [8, 8] });
    } else {
      map.setView([28.036, 120.64], 13);
    }
    el.dataset.ready = "1";
  }
  function init() { document.querySelectorAll("[data-area-map]").forEach(draw); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
