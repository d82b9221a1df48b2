"""Login stages Doorway adds to django-allauth's: a role first, a second factor always.

allauth runs these after the password (or the single sign-on) and before the session is signed
in, in the order ``accounts.adapters.StaffAccountAdapter.get_login_stages`` gives:

1. ``RoleRequiredStage`` — an account with no role (an SSO user whose groups map to none) is
   turned away: it would see nothing anyway.
2. allauth's MFA stage — a code, a security key or a recovery code for enrolled accounts.
3. ``EnrolStage`` — an account with no second factor enrols one now, before it can see
   anything; only then is the session signed in.
"""

from allauth.account.stages import LoginStage
from allauth.core.internal.httpkit import headed_redirect_response
from allauth.mfa.models import Authenticator
from django.shortcuts import render

from accounts import events
from accounts.roles import roles_of

# The factors that count as a second step; recovery codes only stand in for one of them.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


class RoleRequiredStage(LoginStage):
    key = "doorway_role_required"

    def handle(self):
        if roles_of(self.login.user):
            return None, True
        events.send(
            events.LOGIN_REFUSED, user=self.login.user, request=self.request, reason="no_role"
        )
        return render(self.request, "accounts/no_role.html", status=403), False


class EnrolStage(LoginStage):
    key = "doorway_enrol"
    urlname = "accounts:enrol"

    def handle(self):
        if has_second_factor(self.login.user):
            return None, True
        return headed_redirect_response(self.urlname), True
