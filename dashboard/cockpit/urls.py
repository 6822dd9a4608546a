from django.urls import URLPattern, path

from dashboard.cockpit import views

urlpatterns: list[URLPattern] = [
    path("", views.cockpit, name="cockpit"),
    path("hotspots/", views.part, {"name": "hotspots"}, name="hotspots"),
    path("breakdowns/", views.part, {"name": "breakdowns"}, name="breakdowns"),
    path("cards/", views.part, {"name": "cards"}, name="cards"),
]
