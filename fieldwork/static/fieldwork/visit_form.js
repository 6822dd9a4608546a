// The visit form on a phone with a weak signal: what is typed is kept in the browser
// (localStorage, per household) and put back when the form is drawn again, the idempotency
// key with it, so a submission retried after a lost answer records one visit. The visit's
// page clears the draft once the visit is recorded.
(function () {
  "use strict";
  var FIELDS = ["idempotency_key", "visited_on", "kind", "found", "needs", "lon", "lat"];
  var cleared = document.querySelector("[data-clear-draft]");
  if (cleared) {
    try { localStorage.removeItem(cleared.getAttribute("data-clear-draft")); } catch (e) {}
  }
  var form = document.getElementById("visit-form");
  if (!form) return;
  var key = form.getAttribute("data-draft");
  function field(name) { return form.elements.namedItem(name); }
  function save() {
    var draft = {};
    FIELDS.forEach(function (name) { var el = field(name); if (el) draft[name] = el.value; });
    try { localStorage.setItem(key, JSON.stringify(draft)); } catch (e) {}
  }
  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) {}
  var found = field("found");
  if (stored && found && !found.value) {
    FIELDS.forEach(function (name) {
      var el = field(name);
      if (el && stored[name]) el.value = stored[name];
    });
    var note = document.getElementById("draft-state");
    if (note) note.hidden = false;
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", save);

  var state = document.getElementById("location-state");
  function locate() {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(function (pos) {
      field("lon").value = pos.coords.longitude.toFixed(6);
      field("lat").value = pos.coords.latitude.toFixed(6);
      if (state) state.textContent = state.getAttribute("data-got");
      save();
    }, function () {
      if (state) state.textContent = state.getAttribute("data-failed");
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }
  var button = document.getElementById("use-location");
  if (button) button.addEventListener("click", locate);
  if (!field("lon").value) locate();
})();
