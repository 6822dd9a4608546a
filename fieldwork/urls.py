from django.urls import URLPattern, path

from fieldwork.views import coverage, pairings, visits

app_name = "fieldwork"
urlpatterns: list[URLPattern] = [
    path("visits/", visits.index, name="visits"),
    path("visits/new/", visits.record, name="record_visit"),
    path("visits/<int:pk>/", visits.detail, name="visit"),
    path("visits/overdue/", visits.overdue, name="overdue"),
    path("coverage/", coverage.coverage, name="coverage"),
    path("ledger/<str:code>/<int:year>.xlsx", coverage.ledger, name="ledger"),
    path("pairings/", pairings.index, name="pairings"),
    path("pairings/<int:pk>/end/", pairings.end, name="end_pairing"),
]
