from django.urls import path

from areas import views

app_name = "areas"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("audit/", views.audit_log, name="audit"),
    path("geography.json", views.geography, name="geography"),
    path("search/", views.search_page, name="search"),
    path("a/<str:code>/", views.area, name="area"),
    path("a/<str:code>/special/", views.special, name="special"),
    path("b/<str:code>/", views.building, name="building"),
    path("b/<str:code>/edit/", views.edit_building, name="edit_building"),
    path("h/<str:code>/", views.household, name="household"),
    path("h/<str:code>/edit/", views.edit_household, name="edit_household"),
    path("r/<str:code>/", views.resident, name="resident"),
    path("r/<str:code>/edit/", views.edit_resident, name="edit_resident"),
    path("r/<str:code>/reveal/", views.reveal, name="reveal"),
]
