"""How django-allauth behaves for Doorway's staff: no sign-up, Doorway's stages, one client
address, a second factor that cannot be removed, and roles from single sign-on."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from accounts import sso
from accounts.permissions import LANDING_PAGES, allows
from accounts.stages import SECOND_FACTORS
from config.client_address import client_address


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Staff accounts are made by an administrator (or by single sign-on), never by a form."""
        return False

    def get_login_stages(self) -> list[str]:
        return [
            "accounts.stages.RoleRequiredStage",
            *super().get_login_stages(),
            "accounts.stages.EnrolStage",
        ]

    def get_client_ip(self, request: HttpRequest) -> str:
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """The first page the member of staff's roles open (the queue, for most)."""
        for url_name, perm in LANDING_PAGES:
            if allows(request.user, perm):
                try:
                    return reverse(url_name)
                except NoReverseMatch:
                    continue
        return super().get_login_redirect_url(request)


class StaffMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """The last code app or security key cannot be removed: add another one first."""
        if authenticator.type not in SECOND_FACTORS:
            return True
        others = Authenticator.objects.filter(
            user_id=authenticator.user_id, type__in=SECOND_FACTORS
        ).exclude(pk=authenticator.pk)
        return others.exists()


class SsoAdapter(DefaultSocialAccountAdapter):
    """Accounts signed in by the centre's identity provider: created on first sign-in, their
    roles taken from the provider's groups at every sign-in."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return True

    def pre_social_login(self, request: HttpRequest, sociallogin) -> None:
        if sociallogin.is_existing:
            sso.sync_roles(
                request=request, user=sociallogin.user, groups=sso.groups_of(sociallogin)
            )

    def save_user(self, request: HttpRequest, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        sso.sync_roles(request=request, user=user, groups=sso.groups_of(sociallogin))
        return user
