"""Pushing a lead's transaction Bundle to the FHIR server set in ``DOORWAY_FHIR_SERVER_URL``.

The push is a disclosure to the centre's own EHR: it needs a consent for the centre's treatment,
payment and operations, checked again when the task runs (a consent revoked in between stops
it), and is written to the disclosures log once the server has accepted the Bundle. Entries are
conditional updates, so pushing the same lead twice changes its resources instead of copying
them.
"""

import logging

from django.conf import settings
from django.db import transaction

from admissions.consent_models import DisclosureChannel
from admissions.disclosures import DisclosureRefused, disclosure_permit, disclosure_record
from admissions.models import Lead
from handoff.fhir.codes import FHIR_JSON

logger = logging.getLogger(__name__)

MAX_RETRIES = 8
TIMEOUT_SECONDS = 30
VIA = "FHIR server"


class PushFailed(Exception):
    """The server could not be reached or did not accept the Bundle; worth trying again."""


def retry_delay(retries: int) -> int:
    """Seconds before retry number ``retries`` + 1: 30 s, 1 min, 2 min … up to an hour."""
    return min(30 * 2**retries, 3600)


def push_enabled() -> bool:
    return bool(settings.DOORWAY_FHIR_SERVER_URL)


def enqueue_push(lead_id: int) -> None:
    """Send the lead to the FHIR server once the current transaction commits (when one is set)."""
    if not push_enabled():
        return

    def send() -> None:
        from handoff.tasks import push_fhir_bundle

        try:
            push_fhir_bundle.delay(lead_id)
        except Exception:
            logger.warning(
                "FHIR push of lead %s not enqueued (broker unreachable).", lead_id, exc_info=True
            )

    transaction.on_commit(send)


def bundle_push(*, lead_id: int) -> str:
    """Push once: "sent", or "refused" (no consent, no lead, no server); ``PushFailed`` to retry."""
    url = settings.DOORWAY_FHIR_SERVER_URL
    if not url:
        return "refused"
    try:
        consent = disclosure_permit(
            lead_id=lead_id, recipient="", channel=DisclosureChannel.FHIR_PUSH, via=VIA
        )
    except (Lead.DoesNotExist, DisclosureRefused):
        logger.info("FHIR push of lead %s refused: no consent permits it.", lead_id)
        return "refused"
    # The FHIR models (some 25 MB) are imported when a push runs, not with the URLs or tasks.
    from handoff.fhir.bundle import lead_bundle

    bundle = lead_bundle(Lead.objects.get(pk=lead_id), consent, transaction=True)
    headers = {"content-type": FHIR_JSON, "accept": FHIR_JSON}
    if settings.DOORWAY_FHIR_SERVER_TOKEN:
        headers["authorization"] = f"Bearer {settings.DOORWAY_FHIR_SERVER_TOKEN}"
    # httpx (with the rich console it brings) is imported when something is sent.
    import httpx

    try:
        response = httpx.post(url, json=bundle, headers=headers, timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as error:
        raise PushFailed(type(error).__name__) from None
    if not 200 <= response.status_code < 300:
        raise PushFailed(f"HTTP {response.status_code}")
    disclosure_record(consent=consent, channel=DisclosureChannel.FHIR_PUSH, recipient="", via=VIA)
    return "sent"
