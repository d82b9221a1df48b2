"""Staff sign-in pages (around django-allauth's) and the staff accounts page for supervisors."""

import base64
from urllib.parse import urlsplit

from allauth.account.internal.decorators import login_stage_required
from allauth.account.internal.flows.login import record_authentication
from allauth.account.views import LoginView
from allauth.mfa import signals as mfa_signals
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal.auth import TOTP, clear_totp_secret
from allauth.socialaccount.adapter import get_adapter as get_sso_adapter
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import lockout, selectors, services
from accounts.decorators import entrance, requires
from accounts.permissions import Perm, permissions_of
from accounts.roles import Role
from accounts.stages import EnrolStage
from config.client_address import client_address

# A warning shows from this many attempts left before the lock.
WARN_FROM_ATTEMPTS_LEFT = 2


# --- Signing in and out -----------------------------------------------------------------------


class StaffLoginView(LoginView):
    """allauth's sign-in (lockout by django-axes) with single sign-on and a word before the lock."""

    template_name = "account/login.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["sso_providers"] = self.sso_providers()
        context["lock_minutes"] = lockout.cool_off_minutes()
        return context

    def sso_providers(self) -> list:
        return get_sso_adapter().list_providers(self.request)

    def render_to_response(self, context, **response_kwargs) -> HttpResponse:
        response = super().render_to_response(context, **response_kwargs)
        # The single sign-on button posts here and is redirected to the provider; the policy's
        # form-action covers redirects, so the provider's origin is added on this page only.
        origins = sorted({_origin(p.app.settings["server_url"]) for p in self.sso_providers()})
        if origins:
            response._csp_update = {"form-action": origins}
        return response

    def form_invalid(self, form) -> HttpResponse:
        username = (form.data.get("login") or "").strip()
        if username:
            left = lockout.attempts_left(self.request, username)
            if 0 < left <= WARN_FROM_ATTEMPTS_LEFT:
                form.add_error(
                    None,
                    ngettext(
                        "%(count)d attempt left before a %(minutes)d-minute lock.",
                        "%(count)d attempts left before a %(minutes)d-minute lock.",
                        left,
                    )
                    % {"count": left, "minutes": lockout.cool_off_minutes()},
                )
        return super().form_invalid(form)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


login = entrance(StaffLoginView.as_view())


@entrance
@require_POST
def staff_logout(request: HttpRequest) -> HttpResponse:
    """End the server-side session, or a sign-in half done (POST only, so a link or an image
    cannot log anyone out)."""
    signed_in = request.user.is_authenticated
    logout(request)
    if signed_in:
        messages.info(request, _("You are logged out."))
    return redirect("account_login")


@entrance
@login_stage_required(stage=EnrolStage.key, redirect_urlname="account_login")
def enrol(request: HttpRequest) -> HttpResponse:
    """A first sign-in: set up a code app or a security key before anything else opens."""
    # The WebAuthn library (some 10 MB) is imported by the pages that use it, not with the URLs.
    from allauth.mfa.webauthn.forms import SignupWebAuthnForm
    from allauth.mfa.webauthn.internal import auth as webauthn_auth
    from allauth.mfa.webauthn.internal import flows as webauthn_flows

    stage = request._login_stage
    user = stage.login.user
    posted = request.method == "POST"
    method = request.POST.get("method") if posted else None
    totp_form = ActivateTOTPForm(user=user, data=request.POST if method == "totp" else None)
    key_form = SignupWebAuthnForm(user=user, data=request.POST if method == "webauthn" else None)
    if method == "totp" and totp_form.is_valid():
        with transaction.atomic():
            authenticator = TOTP.activate(user, totp_form.secret).instance
            clear_totp_secret(request)
        return _enrolled(request, stage, authenticator)
    if method == "webauthn" and key_form.is_valid():
        with transaction.atomic():
            authenticator = webauthn_flows.signup_authenticator(
                request,
                user=user,
                name=key_form.cleaned_data["name"],
                credential=key_form.cleaned_data["credential"],
            )
        return _enrolled(request, stage, authenticator)
    # Reissued on every render: a security key signs the newest challenge only.
    creation_options = webauthn_auth.begin_registration(user, False)
    totp_url, totp_qr = _totp_qr(user, totp_form.secret)
    return render(
        request,
        "accounts/enrol.html",
        {
            "totp_form": totp_form,
            "key_form": key_form,
            "totp_secret": totp_form.secret,
            "totp_url": totp_url,
            "totp_qr": totp_qr,
            "js_data": {"creation_options": creation_options},
        },
        status=400 if posted else 200,
    )


def _totp_qr(user, secret: str) -> tuple[str, str]:
    """The otpauth:// address of the secret, and its QR code as an image data URI."""
    adapter = get_mfa_adapter()
    url = adapter.build_totp_url(user, secret)
    svg = adapter.build_totp_svg(url).encode()
    return url, "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _enrolled(request: HttpRequest, stage, authenticator: Authenticator) -> HttpResponse:
    """The factor is set up and was just proved: sign in, then show the recovery codes once."""
    user = stage.login.user
    codes = RecoveryCodes.activate(user).instance
    for added in (authenticator, codes):
        if added.type != Authenticator.Type.WEBAUTHN:  # allauth announces keys itself
            mfa_signals.authenticator_added.send(
                sender=Authenticator, request=request, user=user, authenticator=added
            )
    # The code or key just proved is as fresh as a re-authentication: the recovery codes, which
    # allauth shows only to a recently re-authenticated user, open without asking again.
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type, reauthenticated=True
    )
    messages.success(
        request,
        _(
            "Your second step is set up. Keep these recovery codes somewhere safe: each one "
            "signs you in once if you lose your phone or key."
        ),
    )
    stage.login.redirect_url = reverse("mfa_view_recovery_codes")
    return stage.exit()


# --- Staff accounts (supervisors and administrators) ------------------------------------------


@never_cache
@require_GET
@requires(Perm.MANAGE_ACCOUNTS)
def staff_accounts(request: HttpRequest) -> HttpResponse:
    """Every staff account: roles, second factors, locks; and what each role may do."""
    accounts = selectors.staff_accounts()
    for account in accounts:
        account.can_reset = services.can_reset_factors(request.user, account.user)
    table = [
        (role, [str(_(perm.description)) for perm in permissions_of(frozenset([role]))])
        for role in Role
    ]
    return render(
        request,
        "accounts/staff_accounts.html",
        {
            "accounts": accounts,
            "locked_addresses": sorted(lockout.locked_addresses()),
            "role_table": table,
        },
    )


def _account(user_id: int):
    return get_object_or_404(get_user_model(), pk=user_id)


@never_cache
@require_POST
@requires(Perm.MANAGE_ACCOUNTS)
def account_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    account = _account(user_id)
    services.account_unlock(actor=request.user, account=account, ip=client_address(request))
    messages.success(
        request, _("%(username)s can sign in again.") % {"username": account.get_username()}
    )
    return redirect("accounts:staff_accounts")


@never_cache
@require_POST
@requires(Perm.MANAGE_ACCOUNTS)
def address_unlock(request: HttpRequest) -> HttpResponse:
    address = request.POST.get("address", "")
    if address not in lockout.locked_addresses():
        raise Http404
    services.address_unlock(actor=request.user, address=address, ip=client_address(request))
    messages.success(request, _("Sign-in from %(address)s is open again.") % {"address": address})
    return redirect("accounts:staff_accounts")


@never_cache
@require_http_methods(["GET", "POST"])
@requires(Perm.MANAGE_ACCOUNTS)
def factors_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """Confirm, then remove a colleague's second factors (a lost phone or key)."""
    account = _account(user_id)
    if not services.can_reset_factors(request.user, account):
        messages.error(request, _("You cannot reset this account's second factor."))
        return redirect("accounts:staff_accounts")
    if request.method == "POST":
        services.second_factors_reset(
            actor=request.user, account=account, ip=client_address(request)
        )
        messages.success(
            request,
            _("%(username)s will set up a new second factor at their next sign-in.")
            % {"username": account.get_username()},
        )
        return redirect("accounts:staff_accounts")
    return render(request, "accounts/factors_reset.html", {"account": account})


@never_cache
def password_change(request: HttpRequest) -> HttpResponse:
    """allauth's password change; an account that signs in only by single sign-on has no
    password here to change (and must not get one that would bypass the provider)."""
    from allauth.account.views import password_change as allauth_password_change

    if not request.user.has_usable_password():
        return redirect("mfa_index")
    return allauth_password_change(request)
