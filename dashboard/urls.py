from django.urls import URLPattern, URLResolver, include, path

app_name = "dashboard"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("dashboard.cockpit.urls")),
    path("assessment/", include("dashboard.assessment.urls")),
    path("bulletins/", include("dashboard.bulletins.urls")),
    path("results/", include("dashboard.bulletins.results_urls")),
]
