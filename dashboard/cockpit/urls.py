from django.urls import URLPattern, path

from dashboard.cockpit import views

urlpatterns: list[URLPattern] = [
    path("", views.cockpit, name="cockpit"),
    path("hotspots/", views.hotspot_section, name="hotspots"),
]
