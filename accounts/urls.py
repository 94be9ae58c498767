from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views
from accounts.forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("register/sent/", views.register_done, name="register_done"),
    path("team/", views.team, name="team"),
    path("team/invite/", views.invitation_create, name="invitation_create"),
    path("team/invitations/<uuid:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("team/members/<uuid:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("team/members/<uuid:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # Password reset and change: Django's views, our templates, links in our namespace.
    path(
        "password/reset/",
        views.PasswordResetView.as_view(success_url=reverse_lazy("accounts:password_reset_done")),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
