from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from linli import views
from linli.api import api

urlpatterns = [
    path("", views.home, name="home"),
    # Browsers ask for /favicon.ico on their own; answer with the icon, not a 404 page.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path("", include("core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("accounts.urls")),
    path("areas/", include("areas.urls")),
    path("registers/", include("areas.registers.urls")),
    path("division/", include("areas.division.urls")),
    path("party/", include("party.urls")),
    path("activities/", include("activities.urls")),
    path("fieldwork/", include("fieldwork.urls")),
    path("cases/", include("cases.urls")),
    path("volunteering/", include("volunteering.urls")),
    path("points/", include("points.urls")),
    path("open311/v2/", include("cases.open311_urls")),
    path("cases/indicators/", include("cases.indicators.urls")),
    path("dashboard/", include("dashboard.urls")),
]
