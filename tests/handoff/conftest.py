"""Fixtures for the handoff tests: consents, API keys and their clients."""

import datetime

import pytest
from django.utils import timezone

from admissions.consent_models import ConsentGivenBy
from admissions.consents import consent_record, parse_consent


def give_consent(lead, *, scope="tpo", recipient="", information="screening", days=365):
    """Record a signed Part 2 consent for ``lead`` (TPO unless a recipient is named)."""
    terms = {
        "scope": scope,
        "purpose": "Referral for treatment" if scope == "recipient" else "",
        "expires": (timezone.localdate() + datetime.timedelta(days=days)).isoformat(),
        "signed_by": f"{lead.first_name} {lead.last_name}",
        "information": information,
    }
    if recipient:
        terms["recipient"] = recipient
    return consent_record(
        lead_id=lead.pk, terms=parse_consent(terms), given_by=ConsentGivenBy.SIGNED_FORM
    )


@pytest.fixture
def lead(db):
    from tests.factories import LeadFactory

    return LeadFactory()


@pytest.fixture
def consented_lead(lead):
    give_consent(lead)
    return lead


def make_key(scopes=("leads:read", "leads:write", "fhir:read", "programs:read"), recipient=""):
    """An API key with ``scopes``; returns the stored key and the secret shown once."""
    from handoff.models import ApiKey

    return ApiKey.objects.create_key(name="Test EHR", scopes=list(scopes), recipient=recipient)


def auth(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Api-Key {secret}"}


@pytest.fixture
def api_key(db):
    return make_key()


@pytest.fixture
def api(client, api_key):
    """A client that sends the all-scopes key on every request."""
    _key, secret = api_key
    client.defaults.update(auth(secret))
    return client
