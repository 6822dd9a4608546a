from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.forms import PhoneLoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=PhoneLoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChange.as_view(), name="password"),
    path("card/", views.my_work_card, name="card"),
    path("people/", views.people, name="people"),
    path("people/new/", views.new_account, name="new"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/grant/", views.grant, name="grant"),
    path("people/<int:pk>/roles/<int:assignment>/revoke/", views.revoke, name="revoke"),
    path("people/<int:pk>/work-card/", views.set_work_card, name="set_work_card"),
    path("people/<int:pk>/password/", views.set_password, name="set_password"),
    path("people/<int:pk>/active/", views.set_active, name="set_active"),
    path("people/<int:pk>/unlock-login/", views.unlock_login, name="unlock_login"),
]
