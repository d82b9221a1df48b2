"""The coverage rules: every problem at once, keyed by field; everything optional."""

from datetime import date

import pytest

from benefits.validation import (
    CoverageInvalid,
    clean_coverage,
    inquiry_name,
    inquiry_problems,
    npi_is_valid,
    provider_problems,
)

TODAY = date(2026, 1, 5)
PAYERS = {7}


def clean(**data):
    return clean_coverage(data, payer_ids=PAYERS, today=TODAY)


def problems(**data) -> dict[str, list[str]]:
    with pytest.raises(CoverageInvalid) as invalid:
        clean(**data)
    return invalid.value.problems


def test_nothing_at_all_is_valid_coverage():
    assert clean() == clean_coverage({}, payer_ids=set(), today=TODAY)
    assert clean(payment_type="", member_id=None).member_id == ""


def test_details_are_stored_tidied():
    coverage = clean(
        payment_type="commercial",
        payer="7",
        member_id=" w123-456 ",
        group_number="grp001",
        patient_birth_date="1985-03-14",
        subscriber="other",
        subscriber_first_name="  Ana   María ",
        subscriber_last_name="O\u2019Neil-Ruiz",
        subscriber_birth_date=date(1960, 2, 1),
        subscriber_relationship="child",
    )
    assert (coverage.payer_id, coverage.member_id, coverage.group_number) == (
        7,
        "W123-456",
        "GRP001",
    )
    assert coverage.patient_birth_date == date(1985, 3, 14)
    assert (coverage.subscriber_first_name, coverage.subscriber_last_name) == (
        "Ana María",
        "O\u2019Neil-Ruiz",
    )
    assert coverage.someone_else_subscribes


CASES = {
    "a member ID with spaces": ({"member_id": "W12 3456"}, ["member_id"]),
    "a member ID with a star": ({"member_id": "W123*456"}, ["member_id"]),
    "a one-letter member ID": ({"member_id": "W"}, ["member_id"]),
    "a subscriber born in the future": (
        {"subscriber": "other", "subscriber_birth_date": "2026-02-01"},
        ["subscriber_birth_date"],
    ),
    "a person born before 1900": ({"patient_birth_date": "1899-12-31"}, ["patient_birth_date"]),
    "a date that is not a date": ({"patient_birth_date": "14/03/1985"}, ["patient_birth_date"]),
    "an unknown payment type": ({"payment_type": "cash"}, ["payment_type"]),
    "a payer not in the list": ({"payer": "8"}, ["payer"]),
    "other payer without its name": ({"payer": "other"}, ["other_payer_name"]),
    "a name typed while a listed payer is chosen": (
        {"payer": "7", "other_payer_name": "Blue"},
        ["other_payer_name"],
    ),
    "self-pay with a member ID": (
        {"payment_type": "self_pay", "member_id": "W1234"},
        ["payment_type"],
    ),
    "subscriber details for the person's own insurance": (
        {"subscriber": "self", "subscriber_last_name": "Doe"},
        ["subscriber"],
    ),
    "a subscriber name with digits": (
        {"subscriber": "other", "subscriber_first_name": "J0hn"},
        ["subscriber_first_name"],
    ),
    "an unknown relationship": (
        {"subscriber": "other", "subscriber_relationship": "cousin"},
        ["subscriber_relationship"],
    ),
    "a number instead of text": ({"member_id": 12345}, ["member_id"]),
    "a field that does not exist": ({"ssn": "123-45-6789"}, ["ssn"]),
    "a group number too long": ({"group_number": "G" * 51}, ["group_number"]),
}


@pytest.mark.parametrize(("data", "fields"), CASES.values(), ids=CASES.keys())
def test_each_problem_is_reported_on_its_field(data, fields):
    assert sorted(problems(**data)) == fields


def test_every_problem_is_collected_at_once():
    found = problems(
        payment_type="cash",
        member_id="W1 2",
        patient_birth_date="2030-01-01",
        subscriber="other",
        subscriber_birth_date="2031-01-01",
        subscriber_last_name="D0e",
    )
    assert sorted(found) == [
        "member_id",
        "patient_birth_date",
        "payment_type",
        "subscriber_birth_date",
        "subscriber_last_name",
    ]
    assert "No spaces" in found["member_id"][0]
    assert found["subscriber_birth_date"] == ["A date of birth cannot be in the future."]


def test_not_a_mapping_is_one_clear_problem():
    with pytest.raises(CoverageInvalid) as invalid:
        clean_coverage(["member_id"], payer_ids=PAYERS, today=TODAY)
    assert list(invalid.value.problems) == ["coverage"]


def ready(**changes):
    values = {
        "payment_type": "commercial",
        "payer": "7",
        "member_id": "W123",
        "patient_birth_date": "1985-03-14",
    }
    values.update(changes)
    return clean(**values)


def test_an_electronic_check_needs_a_listed_payer_with_an_id_the_member_id_and_dates_of_birth():
    names = {"person_first_name": "Jane", "person_last_name": "Doe"}
    assert inquiry_problems(ready(), payer_name="Acme", payer_electronic_id="60054", **names) == []
    missing = inquiry_problems(
        ready(member_id="", patient_birth_date=None, subscriber="other"),
        payer_name="Acme",
        payer_electronic_id="",
        person_first_name="Jane",
        person_last_name="",
    )
    assert len(missing) == 6
    assert "Acme has no electronic payer ID" in missing[0]
    typed = inquiry_problems(
        ready(payer="other", other_payer_name="Local Plan"),
        payer_name="",
        payer_electronic_id="",
        **names,
    )
    assert "by phone" in typed[0]
    self_pay = inquiry_problems(
        clean(payment_type="self_pay"), payer_name="", payer_electronic_id="", **names
    )
    assert self_pay == ["Self-pay and uninsured: there is no payer to ask."]


@pytest.mark.parametrize(
    ("npi", "valid"),
    [
        ("1234567893", True),
        ("1234567890", False),
        ("123456789", False),
        ("12345678a3", False),
        ("", False),
    ],
)
def test_the_npi_check_digit(npi, valid):
    assert npi_is_valid(npi) is valid


def test_provider_settings_name_the_variable_to_fix():
    assert provider_problems(name="Sunrise", npi="1234567893", tax_id="123456789") == []
    found = provider_problems(name="", npi="1234567890", tax_id="12-3456789")
    assert [("DOORWAY_PROVIDER_" in problem) for problem in found] == [True, True, True]


def test_names_are_sent_as_payers_systems_take_them():
    assert inquiry_name("José  María O\u2019Brien-Núñez") == "JOSE MARIA O'BRIEN-NUNEZ"
    assert inquiry_name("Zoë*~^") == "ZOE"
