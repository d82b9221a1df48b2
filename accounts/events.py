"""Sign-in and account events, in one vocabulary, for the audit log.

Django, django-allauth and django-axes each announce what happens at the door with their own
signals; ``connect()`` turns every one of them into a ``security_event`` with one of the
actions below, and Doorway's own account screens send theirs directly. The audit log (which
belongs to ``admissions``) listens to ``security_event`` alone.

Details never hold a password, a code, a secret or a typed username that matches no account
(someone may have typed their password into the username box): only ids and kinds.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals
from django.dispatch import Signal

from config.client_address import client_address

# Sent with: action (one of the names below), user (the account concerned, or the member of
# staff acting on a colleague's), ip (the client's address, or None), detail (a dict of
# non-identifying facts).
security_event = Signal()

LOGIN = "login"
LOGOUT = "logout"
LOGIN_FAILED = "login_failed"
LOCKED_OUT = "locked_out"
LOGIN_REFUSED = "login_refused"
SECOND_FACTOR_FAILED = "second_factor_failed"
RECOVERY_CODE_USED = "recovery_code_used"
FACTOR_ADDED = "factor_added"
FACTOR_REMOVED = "factor_removed"
RECOVERY_CODES_RENEWED = "recovery_codes_renewed"
FACTORS_RESET = "factors_reset"
UNLOCKED = "unlocked"
PASSWORD_RESET = "password_reset"  # noqa: S105 — an event name
PASSWORD_CHANGED = "password_changed"  # noqa: S105 — an event name
ROLES_CHANGED = "roles_changed"


def send(action: str, *, user=None, request=None, ip: str | None = None, **detail) -> None:
    """Announce one event; the address comes from ``ip`` or else from ``request``."""
    if ip is None:
        ip = client_address(request)
    security_event.send(sender=None, action=action, user=user, ip=ip, detail=detail)


def _account(username: str | None):
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


# --- Translations from the libraries' signals ---------------------------------------------------


def _logged_in(sender, request, user, **kwargs) -> None:
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, user) if request is not None else []
    methods = sorted({"/".join(filter(None, (r.get("method"), r.get("type")))) for r in records})
    send(LOGIN, user=user, request=request, methods=methods)


def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        send(LOGOUT, user=user, request=request)


def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    account = _account(credentials.get("username"))
    send(LOGIN_FAILED, user=account, request=request, known_account=account is not None)


def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    account = _account(username)
    send(LOCKED_OUT, user=account, request=request, known_account=account is not None)


def _factor_added(sender, request, user, authenticator, **kwargs) -> None:
    send(FACTOR_ADDED, user=user, request=request, type=authenticator.type)


def _factor_removed(sender, request, user, authenticator, **kwargs) -> None:
    send(FACTOR_REMOVED, user=user, request=request, type=authenticator.type)


def _codes_renewed(sender, request, user, authenticator, **kwargs) -> None:
    send(RECOVERY_CODES_RENEWED, user=user, request=request, type=authenticator.type)


def _factor_used(sender, request, user, authenticator, **kwargs) -> None:
    from allauth.mfa.models import Authenticator

    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        send(RECOVERY_CODE_USED, user=user, request=request)


def _second_factor_failed(sender, request, user, authenticator, **kwargs) -> None:
    send(SECOND_FACTOR_FAILED, user=user, request=request, type=authenticator.type)


def _password_reset(sender, request, user, **kwargs) -> None:
    send(PASSWORD_RESET, user=user, request=request)


def _password_changed(sender, request, user, **kwargs) -> None:
    send(PASSWORD_CHANGED, user=user, request=request)


def connect() -> None:
    """Listen to the libraries' signals (called once, from ``AccountsConfig.ready``)."""
    from allauth.account import signals as account_signals
    from allauth.mfa import signals as mfa_signals
    from axes.signals import user_locked_out

    uid = "accounts.events"
    auth_signals.user_logged_in.connect(_logged_in, dispatch_uid=f"{uid}.login")
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid=f"{uid}.logout")
    auth_signals.user_login_failed.connect(_login_failed, dispatch_uid=f"{uid}.failed")
    user_locked_out.connect(_locked_out, dispatch_uid=f"{uid}.locked")
    mfa_signals.authenticator_added.connect(_factor_added, dispatch_uid=f"{uid}.added")
    mfa_signals.authenticator_removed.connect(_factor_removed, dispatch_uid=f"{uid}.removed")
    mfa_signals.authenticator_reset.connect(_codes_renewed, dispatch_uid=f"{uid}.renewed")
    mfa_signals.authenticator_used.connect(_factor_used, dispatch_uid=f"{uid}.used")
    mfa_signals.authentication_failed.connect(
        _second_factor_failed, dispatch_uid=f"{uid}.mfa_failed"
    )
    account_signals.password_reset.connect(_password_reset, dispatch_uid=f"{uid}.reset")
    account_signals.password_changed.connect(_password_changed, dispatch_uid=f"{uid}.changed")
