from django.urls import path

from areas.registers import views

app_name = "registers"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.upload, name="import"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("<str:register>/export.<str:kind>", views.export, name="export"),
    path("<str:register>/template.<str:kind>", views.template, name="template"),
]
