from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from evaluations import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Before the admin's own: its "log out" button forgets the browser's rubric copies too.
    path("admin/logout/", views.LogoutView.as_view(), name="admin-logout"),
    path("admin/", admin.site.urls),
    # No password reset by email: an administrator resets passwords (the app only mails reminders).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The language switcher is on the login page too; it also keeps a logged-in user's preference.
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("", include("evaluations.urls")),
    path("", include("evaluations.api.urls")),
]

handler400 = "evaluations.errors.bad_request"
handler403 = "evaluations.errors.permission_denied"
handler404 = "evaluations.errors.page_not_found"
handler500 = "evaluations.errors.server_error"
