"""django-allauth's pages that Doorway uses, under their own names (allauth reverses them), each
marked as a way in or guarded by a permission. Nothing else of allauth is reachable: no sign-up,
no email management, no sign-in by emailed code.

The second factor's and the passkeys' views are imported on their first request: they bring the
WebAuthn library (some 10 MB), which a process showing the screening never needs."""

from allauth.account import views as account_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from allauth.socialaccount import views as sso_views
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.urls import include, path, re_path

from accounts import views
from accounts.decorators import entrance, requires
from accounts.permissions import Perm
from config.lazy import lazy_view

own = requires(Perm.OWN_SECURITY)

urlpatterns = [
    # The ways in: open to anonymous requests.
    path("login/", views.login, name="account_login"),
    path("logout/", views.staff_logout, name="account_logout"),
    path(
        "second-step/",
        entrance(lazy_view("allauth.mfa.base.views.authenticate")),
        name="mfa_authenticate",
    ),
    path("inactive/", entrance(account_views.account_inactive), name="account_inactive"),
    path("password/reset/", entrance(account_views.password_reset), name="account_reset_password"),
    path(
        "password/reset/done/",
        entrance(account_views.password_reset_done),
        name="account_reset_password_done",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        entrance(account_views.password_reset_from_key),
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        entrance(account_views.password_reset_from_key_done),
        name="account_reset_password_from_key_done",
    ),
    path(
        "sso/<str:provider_id>/",
        include(
            [
                path("login/", entrance(oidc_views.login), name="openid_connect_login"),
                path(
                    "login/callback/",
                    entrance(oidc_views.callback),
                    name="openid_connect_callback",
                ),
            ]
        ),
    ),
    path(
        "sso-cancelled/",
        entrance(sso_views.login_cancelled),
        name="socialaccount_login_cancelled",
    ),
    path("sso-error/", entrance(sso_views.login_error), name="socialaccount_login_error"),
    path("sso-signup/", entrance(sso_views.signup), name="socialaccount_signup"),
    # One's own security: password and second factors.
    path("security/", own(lazy_view("allauth.mfa.base.views.index")), name="mfa_index"),
    path("security/password/", own(views.password_change), name="account_change_password"),
    path("security/confirm/", own(account_views.reauthenticate), name="account_reauthenticate"),
    path(
        "security/confirm/code/",
        own(lazy_view("allauth.mfa.base.views.reauthenticate")),
        name="mfa_reauthenticate",
    ),
    path("security/app/", own(totp_views.activate_totp), name="mfa_activate_totp"),
    path("security/app/remove/", own(totp_views.deactivate_totp), name="mfa_deactivate_totp"),
    path(
        "security/recovery-codes/",
        own(recovery_views.view_recovery_codes),
        name="mfa_view_recovery_codes",
    ),
    path(
        "security/recovery-codes/new/",
        own(recovery_views.generate_recovery_codes),
        name="mfa_generate_recovery_codes",
    ),
    path(
        "security/recovery-codes/download/",
        own(recovery_views.download_recovery_codes),
        name="mfa_download_recovery_codes",
    ),
    path(
        "security/keys/",
        own(lazy_view("allauth.mfa.webauthn.views.list_webauthn")),
        name="mfa_list_webauthn",
    ),
    path(
        "security/keys/add/",
        own(lazy_view("allauth.mfa.webauthn.views.add_webauthn")),
        name="mfa_add_webauthn",
    ),
    path(
        "security/keys/confirm/",
        own(lazy_view("allauth.mfa.webauthn.views.reauthenticate_webauthn")),
        name="mfa_reauthenticate_webauthn",
    ),
    path(
        "security/keys/<int:pk>/remove/",
        own(lazy_view("allauth.mfa.webauthn.views.remove_webauthn")),
        name="mfa_remove_webauthn",
    ),
    path(
        "security/keys/<int:pk>/edit/",
        own(lazy_view("allauth.mfa.webauthn.views.edit_webauthn")),
        name="mfa_edit_webauthn",
    ),
]
