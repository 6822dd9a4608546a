from django.urls import URLPattern, path

from dashboard.assessment import views

urlpatterns: list[URLPattern] = [
    path("", views.index, name="assessment_index"),
    path("compute/", views.compute_month, name="assessment_compute"),
    path("mine/", views.mine, name="assessment_mine"),
    path("appeals/", views.appeals, name="assessment_appeals"),
    path("appeals/<int:pk>/decide/", views.decide, name="assessment_decide"),
    path("scheme/", views.scheme, name="assessment_scheme"),
    path("rows/<int:pk>/", views.row, name="assessment_row"),
    path("rows/<int:pk>/adjust/", views.adjust, name="assessment_adjust"),
    path("rows/<int:pk>/appeal/", views.appeal, name="assessment_appeal"),
    path("<int:pk>/", views.assessment, name="assessment"),
    path("<int:pk>/recompute/", views.recompute, name="assessment_recompute"),
    path("<int:pk>/export/", views.export_xlsx, name="assessment_export"),
    path("<int:pk>/<str:action>/", views.step, name="assessment_step"),
]
