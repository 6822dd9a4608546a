// Fill the hidden lon/lat inputs of forms marked data-geo with the phone's position, and
// reload lists marked data-geo-reload with ?lon=&lat= so they sort by distance.
(function () {
  if (!navigator.geolocation) return;
  var forms = document.querySelectorAll("form[data-geo]");
  var reload = document.querySelector("[data-geo-reload]");
  if (!forms.length && !reload) return;
  navigator.geolocation.getCurrentPosition(function (pos) {
    var lon = pos.coords.longitude.toFixed(6), lat = pos.coords.latitude.toFixed(6);
    forms.forEach(function (f) {
      f.querySelector("input[name=lon]").value = lon;
      f.querySelector("input[name=lat]").value = lat;
    });
    if (reload) {
      var url = new URL(window.location.href);
      if (!url.searchParams.get("lon")) {
        url.searchParams.set("lon", lon);
        url.searchParams.set("lat", lat);
        window.location.replace(url.toString());
      }
    }
  }, function () {}, { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
})();
