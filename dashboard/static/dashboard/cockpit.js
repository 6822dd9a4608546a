/* The dashboard page: on the area map (drawn by areas/area_map.js) the grids' boundaries with
   their names, the user's own areas highlighted and, once their section has come, the
   hotspots; the trend charts (ECharts), each also a table under it; the sections loaded after
   the first paint. Runs after area_map.js
   has drawn (both wait for the DOM). */
(function () {
  "use strict";
  function onMap(el, data) {
    var map = el.leafletMap;
    if (!map || !window.L) return;
    if (data.grids && data.grids.features.length) {
      L.geoJSON(data.grids, {
        style: { color: "#475467", weight: 0.8, fill: false, className: "cockpit-grid" },
        interactive: false,
        onEachFeature: function (f, layer) {
          layer.bindTooltip(document.createTextNode(f.properties.name), { permanent: true, direction: "center", className: "cockpit-grid-name" });
        },
      }).addTo(map);
      var el2 = map.getContainer();
      var toggle = function () { el2.classList.toggle("cockpit-show-grids", map.getZoom() >= 15); };
      map.on("zoomend", toggle);
      toggle();
    }
    if (data.own && data.own.features.length) {
      L.geoJSON(data.own, { style: { color: "#c8161d", weight: 4, fill: false, className: "cockpit-own" }, interactive: false }).addTo(map);
    }
  }
  function drawHotspots(el, hot) {
    var map = el && el.leafletMap;
    if (!map || !window.L || !hot.points.length) return;
    hot.points.forEach(function (h) {
      L.circle([h.lat, h.lon], { radius: hot.radius, color: "#7a0010", weight: 2, dashArray: "4 3", fillColor: "#d92d20", fillOpacity: 0.18, className: "cockpit-hotspot" })
        .bindTooltip(document.createTextNode(hot.label + " · " + h.cases)).addTo(map);
    });
    var legend = document.getElementById("legend-hotspot");
    if (legend) legend.hidden = false;
  }
  // The sections that scan cases or ask other apps come after the first paint (the hotspots'
  // density, the trends' breakdowns, the other work's cards): the server's fragment replaces
  // each placeholder, then its charts draw and its circles go on the map.
  // They load one at a time, in the page's order: `then` runs after each, whether it came or
  // failed. A weak connection carries one at a time, and the server is never asked for all
  // at once. Loading starts with the page, so a print after it has every section.
  function part(el, section, then) {
    var loading = section.querySelector("[data-loading]");
    var failed = section.querySelector("[data-failed]");
    function load() {
      loading.hidden = false;
      failed.hidden = true;
      fetch(section.dataset.fragment, { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.text();
        })
        .then(function (html) {
          var box = document.createElement("div");
          box.innerHTML = html;
          var fresh = box.querySelector("#" + section.id);
          if (!fresh) throw new Error("no section " + section.id);
          section.replaceWith(fresh);
          return fresh;
        })
        .then(function (fresh) {
          var points = fresh.querySelector("#cockpit-hotspot-points");
          if (points) drawHotspots(el, JSON.parse(points.textContent));
          charts(fresh);
        }, function () {
          loading.hidden = true;
          failed.hidden = false;
        })
        .then(function () {
          if (then) {
            var next = then;
            then = null; // a retry does not start the rest again
            next();
          }
        });
    }
    failed.querySelector("a").addEventListener("click", function (e) {
      e.preventDefault();
      load();
    });
    load();
  }
  function charts(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-charts-source]").forEach(function (box) {
      var source = document.getElementById(box.dataset.chartsSource);
      if (!source) return;
      var data = JSON.parse(source.textContent);
      box.querySelectorAll("[data-chart]").forEach(function (el) {
        draw(el, data);
      });
    });
  }
  function draw(el, data) {
    var series = data[el.dataset.chart] || [];
    var stacked = el.dataset.kind === "bar";
    var chart = echarts.init(el);
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.names },
      yAxis: { type: "value" },
      series: series.map(function (s) {
        return { name: s.name, type: stacked ? "bar" : "line", stack: stacked ? "all" : undefined, data: s.data, connectNulls: true };
      }),
    });
    window.addEventListener("resize", function () { chart.resize(); });
    window.addEventListener("beforeprint", function () { chart.resize(); });
  }
  function init() {
    var el = document.getElementById("cockpit-map");
    if (el) {
      var data = JSON.parse(document.getElementById(el.dataset.source).textContent);
      onMap(el, data);
    }
    charts(document);
    var sections = Array.prototype.slice.call(document.querySelectorAll("section[data-fragment]"));
    (function next() {
      var section = sections.shift();
      if (section) part(el, section, next);
    })();
    // On paper every table shows: the <details> under the map and the charts open.
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll(".cockpit details").forEach(function (d) { d.open = true; });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
