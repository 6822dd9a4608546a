from dashboard.bulletins.urls import results_urlpatterns as urlpatterns

__all__ = ["urlpatterns"]
