from django.urls import URLPattern, path

from dashboard.bulletins import views

urlpatterns: list[URLPattern] = [
    path("", views.bulletins, name="bulletins"),
    path("draft/", views.draft, name="bulletin_draft"),
    path("<int:pk>/", views.bulletin, name="bulletin"),
    path("<int:pk>/edit/", views.edit, name="bulletin_edit"),
    path("<int:pk>/refresh/", views.refresh, name="bulletin_refresh"),
    path("<int:pk>/pick/", views.pick, name="bulletin_pick"),
    path("<int:pk>/typical/<int:row>/drop/", views.drop, name="bulletin_drop"),
    path("<int:pk>/publish/", views.publish, name="bulletin_publish"),
    path("<int:pk>/correct/", views.correct, name="bulletin_correct"),
    path("<int:pk>/pdf/", views.pdf, name="bulletin_pdf"),
    path("<int:pk>/xlsx/", views.xlsx, name="bulletin_xlsx"),
]

# Published results (成果晾晒), at /dashboard/results/ (dashboard/urls.py).
results_urlpatterns: list[URLPattern] = [
    path("", views.my_results, name="my_results"),
    path("<str:code>/", views.results, name="results"),
]
