from django.urls import path

from core import media, views

app_name = "core"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.mark_all_read, name="mark_all_read"),
    path("inbox/<int:pk>/read/", views.mark_read, name="mark_read"),
    # Uploaded files, only through a signed, expiring address (core.media).
    path("media/<path:name>", media.serve, name="media"),
]
