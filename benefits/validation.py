"""Checking coverage details: one set of rules for the staff forms, the services, the API and
imports, so they can never disagree.

``clean_coverage`` takes what someone typed (strings, or dates; JSON values from the API) and
returns the details in their stored form, or raises ``CoverageInvalid`` with every problem at
once, keyed by field. Every field is optional: a person may know only their payer, or nothing.
``inquiry_problems`` and ``provider_problems`` say what an electronic check still needs. No
database here: the caller says which payers exist.
"""

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from benefits.choices import WITHOUT_INSURANCE, PaymentType, Relationship, Subscriber

OTHER_PAYER = "other"
FIELDS = (
    "payment_type",
    "payer",
    "other_payer_name",
    "member_id",
    "group_number",
    "patient_birth_date",
    "subscriber",
    "subscriber_first_name",
    "subscriber_last_name",
    "subscriber_birth_date",
    "subscriber_relationship",
)
INSURANCE_FIELDS = ("payer", "other_payer_name", "member_id", "group_number")
SUBSCRIBER_FIELDS = (
    "subscriber_first_name",
    "subscriber_last_name",
    "subscriber_birth_date",
    "subscriber_relationship",
)
# The longest values the X12 270 can carry (NM103 60, NM104 35, NM109 80, REF02 50).
MAX_LENGTHS = {
    "other_payer_name": 60,
    "member_id": 80,
    "group_number": 50,
    "subscriber_first_name": 35,
    "subscriber_last_name": 60,
}
MEMBER_ID_MIN = 2
EARLIEST_BIRTH = date(1900, 1, 1)

_IDENTIFIER = re.compile(r"^[A-Z0-9-]+$")
# Letters of any alphabet, with single spaces, hyphens, apostrophes or a period between them.
_NAME = re.compile(r"^[^\W\d_]+(?:(?:[ '\u2019\-]|\. ?)[^\W\d_]+)*\.?$")
_PAYER_NAME = re.compile(r"^[\w&.,'\u2019()/ \-]+$")


@dataclass(frozen=True)
class CleanCoverage:
    """Coverage details as they are stored; empty strings and None for what is not known."""

    payment_type: str = ""
    payer_id: int | None = None
    other_payer_name: str = ""
    member_id: str = ""
    group_number: str = ""
    patient_birth_date: date | None = None
    subscriber: str = ""
    subscriber_first_name: str = ""
    subscriber_last_name: str = ""
    subscriber_birth_date: date | None = None
    subscriber_relationship: str = ""

    @property
    def someone_else_subscribes(self) -> bool:
        return self.subscriber == Subscriber.OTHER


class CoverageInvalid(ValueError):
    """Coverage details that cannot be stored; ``problems`` maps each field to its messages."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{field}: {' '.join(m)}" for field, m in problems.items()))
        self.problems = problems


class _Problems(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)


def clean_coverage(
    data: Mapping[str, Any], *, payer_ids: Collection[int], today: date
) -> CleanCoverage:
    """The coverage details in ``data``, checked; raises ``CoverageInvalid`` with every problem.

    ``payer_ids`` are the payers the centre lists (``data["payer"]`` names one by its id, or is
    ``"other"`` with ``other_payer_name``). Birth dates may be dates or ``YYYY-MM-DD`` text.
    """
    problems = _Problems()
    if not isinstance(data, Mapping):
        raise CoverageInvalid({"coverage": [_("Must be an object of coverage details.")]})
    for unknown in sorted(str(key) for key in set(data) - set(FIELDS)):
        problems.add(unknown, _("Is not a coverage field."))
    text = {name: _text(data.get(name), name, problems) for name in FIELDS if "date" not in name}

    payment_type = text["payment_type"]
    if payment_type and payment_type not in PaymentType.values:
        problems.add("payment_type", _("Choose one of the payment types."))
    payer_id = _payer(text["payer"], payer_ids, problems)
    other_payer_name = text["other_payer_name"]
    if text["payer"] == OTHER_PAYER and not other_payer_name:
        problems.add("other_payer_name", _("Name the payer, as it is written on the card."))
    elif other_payer_name and text["payer"] != OTHER_PAYER:
        problems.add("other_payer_name", _("Choose “Other” as the payer to give its name."))
    elif other_payer_name and not _PAYER_NAME.match(other_payer_name):
        problems.add("other_payer_name", _("Use letters, digits, spaces and & . , ' ( ) / -."))

    member_id = _identifier(text["member_id"], "member_id", problems)
    group_number = _identifier(text["group_number"], "group_number", problems)
    if payment_type in WITHOUT_INSURANCE and any(text[name] for name in INSURANCE_FIELDS):
        problems.add(
            "payment_type",
            _(
                "Self-pay and uninsured have no payer, member ID or group number: clear them, "
                "or choose another payment type."
            ),
        )

    subscriber = text["subscriber"]
    if subscriber and subscriber not in Subscriber.values:
        problems.add("subscriber", _("Choose whose name the insurance is in."))
    dates = {
        name: _birth_date(data.get(name), name, problems, today=today)
        for name in ("patient_birth_date", "subscriber_birth_date")
    }
    for name in ("subscriber_first_name", "subscriber_last_name"):
        if text[name] and not _NAME.match(text[name]):
            problems.add(name, _("Use letters, spaces, hyphens and apostrophes only."))
    relationship = text["subscriber_relationship"]
    if relationship and relationship not in Relationship.values:
        problems.add("subscriber_relationship", _("Choose the person's relationship."))
    if subscriber != Subscriber.OTHER and (
        any(text.get(name) for name in SUBSCRIBER_FIELDS) or dates["subscriber_birth_date"]
    ):
        problems.add(
            "subscriber",
            _("Choose “Someone else” to give the subscriber's name, birth date or relationship."),
        )
    for name, limit in MAX_LENGTHS.items():
        if len(text[name]) > limit:
            problems.add(name, _("At most %(limit)d characters.") % {"limit": limit})

    if problems:
        raise CoverageInvalid(dict(problems))
    return CleanCoverage(
        payment_type=payment_type,
        payer_id=payer_id,
        other_payer_name=other_payer_name,
        member_id=member_id,
        group_number=group_number,
        patient_birth_date=dates["patient_birth_date"],
        subscriber=subscriber,
        subscriber_first_name=text["subscriber_first_name"],
        subscriber_last_name=text["subscriber_last_name"],
        subscriber_birth_date=dates["subscriber_birth_date"],
        subscriber_relationship=relationship,
    )


def _text(value: Any, name: str, problems: _Problems) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool) and name == "payer":
        return str(value)
    if not isinstance(value, str):
        problems.add(name, _("Must be text."))
        return ""
    # One space between words, whatever was pasted from a card or an email.
    return " ".join(value.split())


def _payer(value: str, payer_ids: Collection[int], problems: _Problems) -> int | None:
    if not value or value == OTHER_PAYER:
        return None
    if value.isdigit() and int(value) in payer_ids:
        return int(value)
    problems.add("payer", _("Choose a payer from the list, or “Other”."))
    return None


def _identifier(value: str, name: str, problems: _Problems) -> str:
    """A member ID or group number: upper case, no spaces, letters, digits and dashes."""
    value = value.upper()
    if not value:
        return ""
    if " " in value:
        problems.add(name, _("No spaces: type it as on the card, leaving the spaces out."))
    elif not _IDENTIFIER.match(value):
        problems.add(name, _("Use only letters, digits and dashes, as on the card."))
    if name == "member_id" and len(value) < MEMBER_ID_MIN:
        problems.add(name, _("A member ID has at least 2 characters."))
    return value


def _birth_date(value: Any, name: str, problems: _Problems, *, today: date) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            problems.add(name, _("Enter a date as YYYY-MM-DD."))
            return None
    if not isinstance(value, date):
        problems.add(name, _("Enter a date as YYYY-MM-DD."))
        return None
    if value > today:
        problems.add(name, _("A date of birth cannot be in the future."))
    elif value < EARLIEST_BIRTH:
        problems.add(name, _("Check the year: that date of birth is before 1900."))
    return value


# --- What an electronic check needs -------------------------------------------------------------


def inquiry_problems(
    coverage: CleanCoverage,
    *,
    payer_name: str,
    payer_electronic_id: str,
    person_first_name: str,
    person_last_name: str,
) -> list[str]:
    """What is missing before the payer can be asked electronically (empty: ready).

    ``payer_name`` and ``payer_electronic_id`` describe the listed payer, if one is chosen;
    the person's names come from the lead.
    """
    if coverage.payment_type in WITHOUT_INSURANCE:
        return [_("Self-pay and uninsured: there is no payer to ask.")]
    missing: list[str] = []
    if coverage.payer_id is None:
        missing.append(
            _(
                "Choose the payer from the centre's list (a payer typed in by name can only be "
                "asked by phone)."
            )
        )
    elif not payer_electronic_id:
        missing.append(
            _("%(payer)s has no electronic payer ID in the payer list yet.") % {"payer": payer_name}
        )
    if not coverage.member_id:
        missing.append(_("Add the member ID from the card."))
    if coverage.someone_else_subscribes:
        if not (coverage.subscriber_first_name and coverage.subscriber_last_name):
            missing.append(_("Add the subscriber's first and last name."))
        if coverage.subscriber_birth_date is None:
            missing.append(_("Add the subscriber's date of birth."))
    if coverage.patient_birth_date is None:
        missing.append(_("Add the person's date of birth."))
    if not (inquiry_name(person_first_name) and inquiry_name(person_last_name)):
        missing.append(_("The lead needs the person's first and last name."))
    return missing


def provider_problems(*, name: str, npi: str, tax_id: str) -> list[str]:
    """What is wrong with the centre's provider settings for an electronic check."""
    problems: list[str] = []
    if not name:
        problems.append(_("The centre's name is not set (DOORWAY_PROVIDER_NAME)."))
    if not npi_is_valid(npi):
        problems.append(
            _("The centre's NPI is missing or wrong (DOORWAY_PROVIDER_NPI: 10 digits).")
        )
    if not re.fullmatch(r"\d{9}", tax_id):
        problems.append(
            _("The centre's tax ID is missing or wrong (DOORWAY_PROVIDER_TAX_ID: 9 digits).")
        )
    return problems


def npi_is_valid(npi: str) -> bool:
    """Ten digits whose last one is the Luhn check digit over "80840" and the first nine."""
    if not re.fullmatch(r"\d{10}", npi or ""):
        return False
    digits = [int(d) for d in "80840" + npi[:9]]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10 == int(npi[9])


def inquiry_name(name: str) -> str:
    """A name as payers' systems take it: upper case, accents dropped, A-Z ' - . and spaces."""
    typed = (name or "").replace("\u2019", "'")
    flat = unicodedata.normalize("NFKD", typed).encode("ascii", "ignore").decode()
    kept = re.sub(r"[^A-Za-z' .\-]", "", flat)
    return " ".join(kept.upper().split())
