"""Disclosing a lead as FHIR: ask for the consent, build the Bundle, log the disclosure."""

from typing import Any

from django.db import transaction

from admissions.disclosures import disclosure_permit, disclosure_record
from admissions.models import Lead


@transaction.atomic
def fhir_export(
    *, lead_id: int, channel: str, recipient: str = "", user=None, via: str = ""
) -> dict[str, Any]:
    """The lead's Bundle for ``recipient``, written to its disclosures log.

    Raises ``Lead.DoesNotExist`` or ``DisclosureRefused`` (see ``admissions.disclosures``).
    """
    consent = disclosure_permit(
        lead_id=lead_id, recipient=recipient, channel=channel, user=user, via=via
    )
    from handoff.fhir.bundle import lead_bundle  # the FHIR models: only when one is built

    bundle = lead_bundle(Lead.objects.get(pk=lead_id), consent)
    disclosure_record(consent=consent, channel=channel, recipient=recipient, user=user, via=via)
    return bundle
