"""Root URLs: each app owns its own URL module; the project only wires them."""

from django.contrib import admin
from django.urls import include, path

from config.views import healthz, status

handler500 = "config.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/status", status, name="status"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Sign-in, second factor, single sign-on, one's security, staff accounts; then the work.
    path("staff/", include("accounts.signin_urls")),
    path("staff/", include("accounts.urls")),
    path("staff/benefits/", include("benefits.urls")),
    path("staff/reports/", include("reporting.urls")),
    path("staff/", include("admissions.urls")),
    path("", include("handoff.urls")),
    path("", include("intake.urls")),
    path("", include("programs.urls")),
]
