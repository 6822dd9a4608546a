from django.urls import path

from cases.views import detail, export, lists, report

app_name = "cases"
urlpatterns = [
    path("", lists.mine, name="index"),
    path("report/", report.report, name="report"),
    path("patrol/", report.patrol, name="patrol"),
    path("hotline/", report.hotline, name="hotline"),
    path("duplicates/", report.duplicates, name="duplicates"),
    path("grids.geojson", report.grids_geojson, name="grids"),
    path("mine/", lists.mine, name="mine"),
    path("tasks/", lists.tasks, name="tasks"),
    path("desk/", lists.desk, name="desk"),
    path("desk/export.<str:fmt>", export.desk_export, name="desk_export"),
    path("desk/dispatch/", lists.bulk_dispatch, name="bulk_dispatch"),
    path("desk/map/", lists.case_map, name="map"),
    path("desk/map.json", lists.map_data, name="map_data"),
    path("desk/approvals/", lists.approvals, name="approvals"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/reveal/", detail.reveal, name="reveal"),
    path("<int:pk>/<slug:action>/", detail.act, name="act"),
]
