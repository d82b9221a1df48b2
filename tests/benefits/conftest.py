"""Fixtures of the benefits tests: a payer, coverage, the centre's provider details and the
stand-in clearinghouse."""

from collections.abc import Iterator

import pytest

from benefits.models import Payer
from benefits.services import coverage_save
from tests.benefits.clearinghouse import FakeClearinghouse

PROVIDER = {
    "DOORWAY_PROVIDER_NAME": "Sunrise Recovery Center",
    "DOORWAY_PROVIDER_NPI": "1234567893",
    "DOORWAY_PROVIDER_TAX_ID": "123456789",
    "DOORWAY_X12_SENDER_ID": "DOORWAY",
    "DOORWAY_X12_RECEIVER_ID": "CLEARINGHOUSE",
    "DOORWAY_X12_USAGE": "T",
}


@pytest.fixture
def payer(db) -> Payer:
    return Payer.objects.create(name="Acme Health Plan", payer_id="60054")


def coverage_data(payer: Payer | None = None, **changes) -> dict:
    """Complete coverage for a person who is their own subscriber, with ``changes``."""
    data = {
        "payment_type": "commercial",
        "payer": str(payer.pk) if payer else "",
        "member_id": "W123456789",
        "group_number": "GRP001",
        "patient_birth_date": "1985-03-14",
        "subscriber": "self",
    }
    data.update(changes)
    return data


def give_coverage(lead, payer: Payer | None = None, **changes):
    return coverage_save(lead=lead, data=coverage_data(payer, **changes))


@pytest.fixture
def provider(settings) -> None:
    """The centre's provider details and X12 IDs, as a centre with a clearinghouse sets them."""
    for name, value in PROVIDER.items():
        setattr(settings, name, value)


@pytest.fixture
def clearinghouse() -> Iterator[FakeClearinghouse]:
    house = FakeClearinghouse().start()
    yield house
    house.stop()


@pytest.fixture
def x12(settings, provider, clearinghouse) -> FakeClearinghouse:
    """Electronic checks in X12 against the stand-in clearinghouse (1 second timeout)."""
    settings.DOORWAY_ELIGIBILITY_BACKEND = "x12"
    settings.DOORWAY_ELIGIBILITY_URL = clearinghouse.url("/x12")
    settings.DOORWAY_ELIGIBILITY_API_KEY = "test-key"
    settings.DOORWAY_ELIGIBILITY_TIMEOUT_SECONDS = 1
    return clearinghouse


@pytest.fixture
def json_api(settings, provider, clearinghouse) -> FakeClearinghouse:
    """Electronic checks through the JSON API of the stand-in clearinghouse."""
    settings.DOORWAY_ELIGIBILITY_BACKEND = "json"
    settings.DOORWAY_ELIGIBILITY_URL = clearinghouse.url("/json")
    settings.DOORWAY_ELIGIBILITY_API_KEY = "test-key"
    settings.DOORWAY_ELIGIBILITY_TIMEOUT_SECONDS = 1
    return clearinghouse
