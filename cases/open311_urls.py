"""Mounted at /open311/v2/ by linli/urls.py; the endpoints live in the cases.open311 sub-app."""

from cases.open311.urls import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
