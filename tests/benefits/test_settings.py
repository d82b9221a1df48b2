"""The benefits settings stop Doorway at start-up, naming the variable, when they are wrong."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from benefits.configuration import check_settings
from tests.benefits.conftest import PROVIDER


def configured(**changes) -> SimpleNamespace:
    values = {
        **PROVIDER,
        "DOORWAY_ELIGIBILITY_BACKEND": "x12",
        "DOORWAY_ELIGIBILITY_URL": "https://clearinghouse.example/eligibility",
    }
    values.update(changes)
    return SimpleNamespace(**values)


def test_a_centre_without_a_clearinghouse_needs_nothing_else():
    check_settings(SimpleNamespace(DOORWAY_ELIGIBILITY_BACKEND="manual", DOORWAY_X12_USAGE="P"))


def test_a_complete_clearinghouse_setup_passes():
    check_settings(configured())
    check_settings(configured(DOORWAY_ELIGIBILITY_BACKEND="json", DOORWAY_X12_SENDER_ID=""))


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"DOORWAY_ELIGIBILITY_BACKEND": "edi"}, "DOORWAY_ELIGIBILITY_BACKEND='edi'"),
        ({"DOORWAY_X12_USAGE": "X"}, "DOORWAY_X12_USAGE"),
        ({"DOORWAY_ELIGIBILITY_URL": ""}, "DOORWAY_ELIGIBILITY_URL"),
        ({"DOORWAY_ELIGIBILITY_URL": "http://clearinghouse.example/"}, "must use https"),
        ({"DOORWAY_PROVIDER_NPI": "1234567890"}, "DOORWAY_PROVIDER_NPI"),
        ({"DOORWAY_PROVIDER_TAX_ID": ""}, "DOORWAY_PROVIDER_TAX_ID"),
        ({"DOORWAY_PROVIDER_NAME": ""}, "DOORWAY_PROVIDER_NAME"),
        ({"DOORWAY_X12_RECEIVER_ID": "A"}, "DOORWAY_X12_RECEIVER_ID"),
    ],
)
def test_each_mistake_is_named(changes, named):
    with pytest.raises(ImproperlyConfigured, match=named.replace("(", r"\(")):
        check_settings(configured(**changes))


def test_plain_http_is_allowed_only_to_this_machine():
    check_settings(configured(DOORWAY_ELIGIBILITY_URL="http://127.0.0.1:8443/x12"))
