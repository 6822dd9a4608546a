/* The area map: the area's outline, its children's boundaries, building points (their
   footprints, shaded by floors, from zoom 16), the roads by class with their names, the
   water and the service points by kind, with a legend. A page may add `points`: a
   FeatureCollection of places, each with its `colour`, `name` and `url`, and the legend's
   rows for them (`points.legend`: [{kind, label, colour}]) — the venue map does.
   No tile server is needed; a tile layer is added only when the page names one.
   `linliMap.geography(map, url, bounds)` draws the same roads, water and legend on the case
   maps and the division plan's maps (from `areas:geography`). */
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
    drawWater(map, data.water, bounds, {});
    if (data.outline) {
      var outline = L.geoJSON(data.outline, {
        style: { color: "#c8161d", weight: 2.5, fillColor: "#c8161d", fillOpacity: 0.04, className: "linli-outline" },
        interactive: false,
      }).addTo(map);
      bounds.extend(outline.getBounds());
    }
    // Neighbouring children in different tints: their edges lie under the roads they follow.
    var TINTS = ["#175cd3", "#12805c", "#b54708", "#7a5af8", "#c11574", "#0e7090"];
    var tint = 0;
    var children = L.geoJSON(data.children, {
      style: function (f) {
        // A page colouring its children by a figure (the dashboard) gives each its `fill`.
        if (f.properties.fill) return { color: "#344054", weight: 1.5, fillColor: f.properties.fill, fillOpacity: 0.7, className: "linli-boundary linli-filled" };
        var c = TINTS[tint++ % TINTS.length];
        return { color: c, weight: 1.5, fillColor: c, fillOpacity: 0.1, className: "linli-boundary" };
      },
      onEachFeature: function (f, layer) {
        var label = f.properties.label || (f.properties.name + (f.properties.households != null ? " · " + f.properties.households : ""));
        if (data.label_children) {
          // A district's few subdistricts carry their names on the map, not only on hover.
          layer.bindTooltip(document.createTextNode(f.properties.name), { permanent: true, direction: "center", offset: [0, -34], className: "linli-child-label" });
        } else if (data.names_on_map) {
          // `names_on_map`: each child's name stays on it (a map read without hovering).
          layer.bindTooltip(document.createTextNode(label), { permanent: true, direction: "center", className: "linli-area-name" });
        } else {
          layer.bindTooltip(document.createTextNode(label), { sticky: true });
        }
        layer.on("click", function () { window.location.href = f.properties.url; });
      },
    }).addTo(map);
    if (children.getLayers().length) bounds.extend(children.getBounds());
    if (data.roads && data.roads.features.length) {
      drawRoads(map, data.roads);
      // The children's edges again, dashed above the roads, as a map draws a boundary.
      L.geoJSON(data.children, {
        style: { color: "#344054", weight: 1.5, dashArray: "6 4", fill: false, className: "linli-boundary-line" },
        interactive: false,
      }).addTo(map);
    }
    var buildings = drawBuildings(map, data.buildings, data.legend || {});
    if (buildings.getLayers().length) bounds.extend(buildings.getBounds());
    // Party members' service posts (示范岗, 先锋岗, 哨点): a red marker by kind.
    if (data.posts && data.posts.features.length) {
      L.geoJSON(data.posts, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 6, color: "#b42318", weight: 2, fillColor: POST[f.properties.kind] || "#f04438", fillOpacity: 0.9, className: "linli-post linli-post-" + f.properties.kind });
        },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          layer.bindPopup(document.createTextNode(p.label + " · " + p.name + " · " + p.duty + (p.place ? " · " + p.place : "")));
        },
      }).addTo(map);
    }
    // A patrol's track and its grid's key spots, when the page gives them (fieldwork): drawn
    // once the map has its view (a circle marker cannot be placed before).
    var track = (data.track || []).map(function (p) { return [p[1], p[0]]; });
    if (track.length) bounds.extend(L.latLngBounds(track));
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [8, 8] });
    } else {
      map.setView([28.036, 120.64], 13);
    }
    drawServices(map, data.services);
    drawPoints(map, data.points, bounds);
    legend(map, data);
    if (track.length) L.polyline(track, { color: "#c8161d", weight: 4, className: "linli-track" }).addTo(map);
    (data.spots || []).forEach(function (s) {
      L.circleMarker([s.lat, s.lon], { radius: 7, color: s.checked ? "#12805c" : "#b54708", weight: 2, fillOpacity: 0.6, className: "linli-spot" })
        .bindTooltip(document.createTextNode(s.name)).addTo(map);
    });
    zoomClasses(map);
    el.leafletMap = map;  // for a page that draws on it as it goes (a patrol's live track)
    el.dataset.ready = "1";
  }
  // Street names from zoom 15; close in, a building is its footprint (where the register has
  // one), not a dot: classes on the map's element that the stylesheet reads.
  function zoomClasses(map) {
    var el = map.getContainer();
    var toggle = function () {
      el.classList.toggle("linli-show-streets", map.getZoom() >= 15);
      el.classList.toggle("linli-show-footprints", map.getZoom() >= FOOTPRINT_ZOOM);
    };
    map.on("zoomend", toggle);
    toggle();
  }
  // The water, extending `bounds` by the part of it near the area (not the whole river).
  function drawWater(map, water, bounds, opts) {
    if (!water || !water.features.length) return;
    L.geoJSON(water, {
      style: { color: "#5b9bd5", weight: 1, fillColor: "#9cc9ee", fillOpacity: 0.9, className: "linli-water" },
      interactive: false,
      pane: opts.pane || "overlayPane",
    }).addTo(map);
    water.features.forEach(function (f) {
      var v = f.properties.view;
      if (v && bounds) bounds.extend([[v[1], v[0]], [v[3], v[2]]]);
    });
  }
  // Another page's map (the case maps, the division plan's): the water, roads and, if asked,
  // the service points near `within` (an L.LatLngBounds), from `url`, under that page's own
  // layers (in a pane below them), with the legend. Answers a promise of the layers' data.
  function geography(map, url, within, opts) {
    opts = opts || {};
    if (!within || !within.isValid()) return Promise.resolve(null);
    if (!map.getPane("linli-geography")) {
      map.createPane("linli-geography").style.zIndex = 350;
      map.createPane("linli-geography-labels").style.zIndex = 450;
      map.getPane("linli-geography-labels").style.pointerEvents = "none";
    }
    var bbox = [within.getWest(), within.getSouth(), within.getEast(), within.getNorth()].map(function (v) { return v.toFixed(6); }).join(",");
    return fetch(url + "?bbox=" + bbox, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (!data) return null;
      drawWater(map, data.water, null, { pane: "linli-geography" });
      if (data.roads && data.roads.features.length) {
        drawRoads(map, data.roads, { pane: "linli-geography", labels: "linli-geography-labels" });
      }
      if (!opts.services) data.services = null;
      drawServices(map, data.services);
      legend(map, data);
      zoomClasses(map);
      map.getContainer().dataset.geography = "1";
      return data;
    });
  }
  var FOOTPRINT_ZOOM = 16;
  // Footprints shaded by height: walk-ups light, mid-rise darker, high-rise darkest.
  function shade(floors) {
    if (floors >= 10) return { color: "#6b5a45", fillColor: "#a38d72" };
    if (floors >= 4) return { color: "#8a7a66", fillColor: "#cdbfa9" };
    return { color: "#a39888", fillColor: "#e4dccf" };
  }
  function drawBuildings(map, buildings, names) {
    var floorsText = function (n) { return (names.floors || "%(floors)s").replace("%(floors)s", n); };
    var footprints = { type: "FeatureCollection", features: [] };
    (buildings ? buildings.features : []).forEach(function (f) {
      if (f.properties.footprint) {
        footprints.features.push({ type: "Feature", properties: f.properties, geometry: { type: "Polygon", coordinates: f.properties.footprint } });
      }
    });
    L.geoJSON(footprints, {
      style: function (f) {
        var s = shade(f.properties.floors || 1);
        return { color: s.color, weight: 1, fillColor: s.fillColor, fillOpacity: 0.95, className: "linli-footprint" };
      },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(document.createTextNode(f.properties.name + " · " + floorsText(f.properties.floors)));
        layer.bindPopup(link(f.properties));
      },
    }).addTo(map);
    return L.geoJSON(buildings, {
      pointToLayer: function (f, latlng) {
        var drawn = f.properties.footprint ? " linli-building-drawn" : "";
        return L.circleMarker(latlng, { radius: 5, color: "#12805c", weight: 1, fillOpacity: 0.85, className: "linli-building" + drawn });
      },
      onEachFeature: function (f, layer) { layer.bindPopup(link(f.properties)); },
    }).addTo(map);
  }
  // Service points by kind: a dot of the kind's colour, named on hover (far out, the stylesheet
  // shows only the party-mass service centres: the community offices).
  var SERVICE = {
    party_centre: "#c8161d", station: "#e35d12", school: "#2563eb",
    clinic: "#0f9d58", market: "#a16207", bus_stop: "#475467",
  };
  function drawServices(map, services) {
    if (!services || !services.features.length) return;
    L.geoJSON(services, {
      pointToLayer: function (f, latlng) {
        var kind = f.properties.kind;
        return L.circleMarker(latlng, {
          radius: kind === "bus_stop" ? 4 : 6, color: "#ffffff", weight: 1.5,
          fillColor: SERVICE[kind] || "#475467", fillOpacity: 1,
          className: "linli-service linli-service-" + kind,
        });
      },
      onEachFeature: function (f, layer) { layer.bindTooltip(document.createTextNode(f.properties.name)); },
    }).addTo(map);
  }
  // A page's own places (the venues): a dot of each feature's colour, linked.
  function drawPoints(map, points, bounds) {
    if (!points || !points.features.length) return;
    var layer = L.geoJSON(points, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 7, color: "#fff", weight: 2, fillColor: f.properties.colour, fillOpacity: 0.95, className: "linli-point linli-point-" + f.properties.kind });
      },
      onEachFeature: function (f, layer) { layer.bindPopup(link(f.properties)); },
    }).addTo(map);
    if (!bounds.isValid()) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
  }
  // Roads by class: a darker casing under a lighter line, thicker for main roads.
  var ROAD = {
    main: { casing: "#b7791f", fill: "#f6c445", weight: 5 },
    street: { casing: "#98a2b3", fill: "#ffffff", weight: 3.5 },
    lane: { casing: null, fill: "#98a2b3", weight: 1.5 },
  };
  function drawRoads(map, roads, opts) {
    opts = opts || {};
    var pane = opts.pane || "overlayPane";
    ["lane", "street", "main"].forEach(function (cls) {
      var style = ROAD[cls];
      var mine = { type: "FeatureCollection", features: roads.features.filter(function (f) { return f.properties["class"] === cls; }) };
      if (!mine.features.length) return;
      if (style.casing) {
        L.geoJSON(mine, { style: { color: style.casing, weight: style.weight + 2, lineCap: "round" }, interactive: false, pane: pane }).addTo(map);
      }
      L.geoJSON(mine, { style: { color: style.fill, weight: style.weight, lineCap: "round", className: "linli-road linli-road-" + cls }, interactive: false, pane: pane }).addTo(map);
      mine.features.forEach(function (f) {
        if (!f.properties.label_at) return;
        var span = document.createElement("span");
        span.textContent = f.properties.name;
        span.style.transform = "translate(-50%, -50%) rotate(" + f.properties.angle + "deg)";
        L.marker([f.properties.label_at[1], f.properties.label_at[0]], {
          icon: L.divIcon({ html: span, className: "linli-road-label linli-road-label-" + cls, iconSize: null }),
          interactive: false,
          keyboard: false,
          pane: opts.labels || "markerPane",
        }).addTo(map);
      });
    });
  }
  var POST = { model: "#d92d20", vanguard: "#f79009", sentinel: "#7a5af8" };
  function swatch(kind) {
    var s = document.createElement("span");
    s.className = "linli-legend-swatch linli-legend-" + kind;
    return s;
  }
  function legend(map, data) {
    var names = data.legend || {};
    var present = {};
    (data.roads ? data.roads.features : []).forEach(function (f) { present[f.properties["class"]] = true; });
    if (data.water && data.water.features.length) present.water = true;
    (data.buildings ? data.buildings.features : []).forEach(function (f) { if (f.properties.footprint) present.building = true; });
    (data.posts ? data.posts.features : []).forEach(function (f) { present["post_" + f.properties.kind] = true; });
    var kinds = ["main", "street", "lane", "water", "building", "post_model", "post_vanguard", "post_sentinel"].filter(function (k) { return present[k] && names[k]; });
    var services = {};
    (data.services ? data.services.features : []).forEach(function (f) { services[f.properties.kind] = true; });
    var serviceNames = names.services || {};
    var serviceKinds = Object.keys(SERVICE).filter(function (k) { return services[k] && serviceNames[k]; });
    var dots = data.points ? data.points.legend || [] : [];
    if (!kinds.length && !serviceKinds.length && !dots.length) return;
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "linli-legend");
      kinds.forEach(function (k) {
        var row = document.createElement("div");
        row.appendChild(swatch(k));
        row.appendChild(document.createTextNode(names[k]));
        box.appendChild(row);
      });
      serviceKinds.forEach(function (k) {
        var row = document.createElement("div");
        var dot = swatch("service");
        dot.style.background = SERVICE[k];
        row.appendChild(dot);
        row.appendChild(document.createTextNode(serviceNames[k]));
        box.appendChild(row);
      });
      dots.forEach(function (d) {
        var row = document.createElement("div");
        var dot = swatch("service");
        dot.style.background = d.colour;
        row.appendChild(dot);
        row.appendChild(document.createTextNode(d.label));
        row.dataset.legend = d.kind;
        box.appendChild(row);
      });
      return box;
    };
    control.addTo(map);
  }
  // For the other maps: the same layers, drawn by this code (no second copy).
  window.linliMap = { geography: geography };
  function init() { document.querySelectorAll("[data-area-map]").forEach(draw); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
