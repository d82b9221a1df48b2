"""The benefits settings, checked when the app starts: a mistake stops Doorway at once, naming
the variable, instead of failing the first check a counsellor runs."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from benefits.choices import BackEnd
from benefits.validation import provider_problems

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
X12_USAGES = ("P", "T")


def check_settings(settings) -> None:
    """Raise ``ImproperlyConfigured`` listing every problem with the benefits settings."""
    backend = settings.DOORWAY_ELIGIBILITY_BACKEND
    if backend not in BackEnd.values:
        raise ImproperlyConfigured(
            f"DOORWAY_ELIGIBILITY_BACKEND={backend!r} is not one of: {', '.join(BackEnd.values)}."
        )
    if settings.DOORWAY_X12_USAGE not in X12_USAGES:
        raise ImproperlyConfigured(
            f"DOORWAY_X12_USAGE={settings.DOORWAY_X12_USAGE!r} must be P (production) or T (test)."
        )
    if backend == BackEnd.MANUAL:
        return
    problems = []
    url = urlsplit(settings.DOORWAY_ELIGIBILITY_URL)
    if url.scheme not in ("https", "http") or not url.hostname:
        problems.append("DOORWAY_ELIGIBILITY_URL must be the clearinghouse's https:// address")
    elif url.scheme == "http" and url.hostname not in LOOPBACK_HOSTS:
        problems.append("DOORWAY_ELIGIBILITY_URL must use https (http only on this machine)")
    problems += provider_problems(
        name=settings.DOORWAY_PROVIDER_NAME,
        npi=settings.DOORWAY_PROVIDER_NPI,
        tax_id=settings.DOORWAY_PROVIDER_TAX_ID,
    )
    if backend == BackEnd.X12:
        for name in ("DOORWAY_X12_SENDER_ID", "DOORWAY_X12_RECEIVER_ID"):
            if not 2 <= len(getattr(settings, name)) <= 15:
                problems.append(f"{name} must be the 2 to 15 character ID from the clearinghouse")
    if problems:
        raise ImproperlyConfigured(
            f"DOORWAY_ELIGIBILITY_BACKEND={backend} needs: " + "; ".join(str(p) for p in problems)
        )
