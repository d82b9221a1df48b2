"""Demo accounts start enrolled in an authenticator app, so ``make run`` stays two commands:
``seed_demo`` prints each one's key (and an ``otpauth://`` address for a QR-less app), and
``demo_codes`` prints the current codes for anyone without an app at hand.

Development only: every function refuses to run with ``DEBUG`` off.
"""

from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _development_only() -> None:
    if not settings.DEBUG:
        raise ImproperlyConfigured("Demo second factors exist only with DJANGO_DEBUG=true.")


def demo_totp_secret(user) -> str:
    """The user's authenticator-app key, enrolling one first if there is none."""
    _development_only()
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def otpauth_url(user, secret: str) -> str:
    """The address an authenticator app reads from a QR code (or from a pasted link)."""
    _development_only()
    return get_adapter().build_totp_url(user, secret)


def current_code(secret: str) -> str:
    """The code an authenticator app would show now."""
    _development_only()
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
