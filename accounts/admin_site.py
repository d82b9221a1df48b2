"""The admin site behind the same door as the staff pages.

Its own password-only login form is never shown: signing in always goes through the staff
sign-in and its second factor. Who may enter at all is ``Perm.USE_ADMIN_SITE``; what they see
inside follows the table's admin models (``accounts.backends.RolePermissionBackend``).
"""

from functools import wraps

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.decorators import refuse
from accounts.permissions import Perm, allows
from accounts.second_factor import sign_in_redirect


class DoorwayAdminSite(admin.AdminSite):
    permission = Perm.USE_ADMIN_SITE

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and allows(request.user, self.permission)

    def admin_view(self, view, cacheable: bool = False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return sign_in_redirect(request)
            if not self.has_permission(request):
                return refuse(request)
            return inner(request, *args, **kwargs)

        return guarded

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if not request.user.is_authenticated:
            return sign_in_redirect(request)
        if not self.has_permission(request):
            return refuse(request)
        return HttpResponseRedirect(request.GET.get("next") or reverse("admin:index"))
