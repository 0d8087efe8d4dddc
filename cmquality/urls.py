from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from evaluations import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language switcher is on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("evaluations.urls")),
]

handler400 = "evaluations.errors.bad_request"
handler403 = "evaluations.errors.permission_denied"
handler404 = "evaluations.errors.page_not_found"
handler500 = "evaluations.errors.server_error"
