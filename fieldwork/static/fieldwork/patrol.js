/* A patrol under way on the phone: the browser's position (watchPosition) is sampled every
   few seconds into a queue kept in localStorage, and sent in batches to the API. A batch is
   dropped from the queue only once the server acknowledges it, so a weak signal or a closed
   page loses nothing; a batch sent twice is stored once (sequence numbers). The check-in
   forms carry the latest position. */
(function () {
  "use strict";
  var root = document.getElementById("patrol");
  if (!root) return;
  var id = root.dataset.patrol;
  var url = root.dataset.trackUrl;
  var every = Number(root.dataset.sampleSeconds || 20) * 1000;
  var batch = Number(root.dataset.batchSize || 10);
  var live = root.dataset.live === "1";
  var csrf = root.dataset.csrf;
  var key = "linli.patrol." + id;
  var state = load();
  var latest = null;
  var sending = false;

  function load() {
    var s = null;
    try { s = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { s = null; }
    s = s || { next: 0, queue: [] };
    s.next = Math.max(s.next, Number(root.dataset.lastSeq || -1) + 1);
    return s;
  }
  function save() {
    try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* full: keep in memory */ }
    var box = document.getElementById("patrol-queue");
    if (box) {
      box.textContent = state.queue.length ? box.dataset.waiting.replace("{n}", state.queue.length) : box.dataset.sent;
      box.dataset.count = String(state.queue.length);
    }
  }
  function line() {
    var el = document.getElementById("area-map");
    return el && el.leafletMap ? el : null;
  }
  var drawn = null;
  function draw(p) {
    var el = line();
    if (!el) return;
    // A polyline is added with its first point: Leaflet cannot draw an empty one.
    if (!drawn) drawn = L.polyline([[p.lat, p.lon]], { color: "#c8161d", weight: 4, dashArray: "4 4" }).addTo(el.leafletMap);
    else drawn.addLatLng([p.lat, p.lon]);
  }
  function sample() {
    if (!latest) return;
    var p = {
      seq: state.next,
      at: new Date(latest.timestamp || Date.now()).toISOString(),
      lon: Math.round(latest.coords.longitude * 1e6) / 1e6,
      lat: Math.round(latest.coords.latitude * 1e6) / 1e6,
      accuracy: latest.coords.accuracy == null ? null : Math.round(latest.coords.accuracy),
    };
    var last = state.queue[state.queue.length - 1];
    if (last && last.lon === p.lon && last.lat === p.lat) return;  // standing still
    state.next += 1;
    state.queue.push(p);
    save();
    draw(p);
    if (state.queue.length >= batch) flush();
  }
  function flush() {
    if (sending || !state.queue.length) return Promise.resolve();
    sending = true;
    var points = state.queue.slice(0, 200);
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ points: points }),
    }).then(function (r) {
      if (r.ok) return r.json().then(function (ack) {
        var done = {};
        ack.acknowledged.forEach(function (s) { done[s] = true; });
        state.queue = state.queue.filter(function (p) { return !done[p.seq]; });
      });
      if (r.status === 400 || r.status === 422) {
        // A batch the server will never take (a bad fix): dropped, so the rest can go.
        var bad = {};
        points.forEach(function (p) { bad[p.seq] = true; });
        state.queue = state.queue.filter(function (p) { return !bad[p.seq]; });
      }
    }).catch(function () { /* no signal: kept for the next try */ })
      .then(function () { sending = false; save(); });
  }
  function fill(pos) {
    document.querySelectorAll("form[data-check-in]").forEach(function (f) {
      f.elements.lon.value = pos.coords.longitude;
      f.elements.lat.value = pos.coords.latitude;
      var b = f.querySelector("button");
      if (b) b.disabled = false;
    });
    var where = document.getElementById("patrol-position");
    if (where) where.dataset.ready = "1";
  }
  save();
  if (live && navigator.geolocation) {
    navigator.geolocation.watchPosition(function (pos) {
      var first = latest === null;
      latest = pos;
      fill(pos);
      if (first) sample();
    }, function () {
      var where = document.getElementById("patrol-position");
      if (where) where.textContent = where.dataset.failed;
    }, { enableHighAccuracy: true, maximumAge: 10000, timeout: 30000 });
    setInterval(sample, every);
  }
  setInterval(flush, Math.max(every, 15000));
  window.addEventListener("online", flush);
  flush();
  // Ending: the queue goes first (the server also takes late positions after the end).
  var end = document.getElementById("patrol-end");
  if (end) end.addEventListener("submit", function (e) {
    if (end.dataset.flushed) return;
    e.preventDefault();
    sample();
    flush().then(function () { end.dataset.flushed = "1"; end.submit(); });
  });
})();
