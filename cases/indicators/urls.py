from django.urls import path

from cases.indicators import views

app_name = "indicators"
urlpatterns = [path("", views.index, name="index")]
