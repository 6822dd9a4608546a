from django.urls import URLPattern, path

from fieldwork.campaigns import views as campaigns
from fieldwork.patrols import views as patrols
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
    path("patrols/", patrols.patrols, name="patrols"),
    path("patrols/start/", patrols.start, name="start"),
    path("patrols/<int:pk>/", patrols.patrol, name="patrol"),
    path("patrols/<int:pk>/check-in/", patrols.check_in, name="check_in"),
    path("patrols/<int:pk>/end/", patrols.end, name="end"),
    path("campaigns/", campaigns.campaigns, name="campaigns"),
    path("campaigns/mine/", campaigns.to_reach, name="to_reach"),
    path("campaigns/<int:pk>/", campaigns.campaign, name="campaign"),
    path("campaigns/<int:pk>/export/", campaigns.export_answers, name="campaign_export"),
    path("campaigns/<int:pk>/households/<int:row>/", campaigns.record, name="campaign_record"),
]
