from django.urls import path

from areas.division import views

app_name = "division"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/<str:which>.geojson", views.plan_geojson, name="geojson"),
    path("plans/<int:pk>/review/", views.plan_review, name="review"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="approve"),
    path("plans/<int:pk>/apply/", views.plan_apply, name="apply"),
    path("plans/<int:pk>/withdraw/", views.plan_withdraw, name="withdraw"),
    path("grids/<str:code>/", views.grid_structure, name="grid"),
]
