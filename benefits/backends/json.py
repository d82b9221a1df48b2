"""Eligibility as JSON, shaped like the clearinghouses' real-time eligibility APIs.

The request and the answer follow the shape that Change Healthcare's Eligibility API (v3) and
Stedi's JSON eligibility endpoint share: ``controlNumber``, ``tradingPartnerServiceId`` (the
payer ID), ``provider``, ``subscriber``, ``dependents`` and ``encounter.serviceTypeCodes`` out;
``planStatus``, ``benefitsInformation`` (one entry per EB segment of the payer's 271, with the
same codes), ``planDateInformation``, and AAA errors under ``subscriber``, ``dependents``,
``provider`` and ``payer`` (plus the clearinghouse's own ``errors``) back.
"""

import json
import re
from datetime import date
from datetime import datetime as _datetime
from typing import Any

from benefits.backends.base import Outgoing, Unreadable
from benefits.eligibility import (
    BenefitLine,
    Inquiry,
    Party,
    Rejection,
    Reply,
    decimal_or_none,
    service_types_of,
)
from benefits.rejections import follow_up_code

CONTENT_TYPE = "application/json"


def build_request(inquiry: Inquiry, *, control_number: int) -> bytes:
    """The JSON body of the eligibility request."""
    body: dict[str, Any] = {
        "controlNumber": f"{control_number % 1_000_000_000:09d}",
        "tradingPartnerServiceId": inquiry.payer_id,
        "provider": {
            "organizationName": inquiry.provider.name,
            "npi": inquiry.provider.npi,
            "taxId": inquiry.provider.tax_id,
        },
        "subscriber": {
            "memberId": inquiry.member_id,
            **_person(inquiry.subscriber),
            **({"groupNumber": inquiry.group_number} if inquiry.group_number else {}),
        },
        "encounter": {
            "beginningDateOfService": inquiry.on.strftime("%Y%m%d"),
            "serviceTypeCodes": list(inquiry.service_types),
        },
    }
    if inquiry.dependent is not None:
        dependent = _person(inquiry.dependent)
        if inquiry.relationship_code:
            dependent["individualRelationshipCode"] = inquiry.relationship_code
        body["dependents"] = [dependent]
    return json.dumps(body).encode()


def _person(party: Party) -> dict[str, str]:
    return {
        "firstName": party.first_name,
        "lastName": party.last_name,
        "dateOfBirth": party.birth_date.strftime("%Y%m%d"),
    }


def read_reply(body: bytes, *, control_number: int) -> Reply:
    """The payer's answer in a JSON eligibility response; raises ``Unreadable`` otherwise."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Unreadable("not JSON") from None
    if not isinstance(data, dict):
        raise Unreadable("not a JSON object")
    echoed = data.get("controlNumber")
    if echoed not in (None, "") and str(echoed).lstrip("0") != str(control_number).lstrip("0"):
        raise Unreadable("the answer is for another control number", mismatch=True)
    rejections = [
        *_errors(data.get("errors"), "clearinghouse"),
        *_errors(_dict(data.get("payer")).get("aaaErrors"), "payer"),
        *_errors(_dict(data.get("provider")).get("aaaErrors"), "provider"),
        *_errors(_dict(data.get("subscriber")).get("aaaErrors"), "subscriber"),
    ]
    for person in _list(data.get("dependents")):
        rejections.extend(_errors(_dict(person).get("aaaErrors"), "dependent"))
    lines = [_status_line(item) for item in _list(data.get("planStatus"))]
    lines += [_benefit_line(item) for item in _list(data.get("benefitsInformation"))]
    dates = _dict(data.get("planDateInformation"))
    begin, end = _plan_dates(dates)
    if not lines and not rejections:
        raise Unreadable("the answer has no benefits and no errors")
    return Reply(
        lines=tuple(line for line in lines if line is not None),
        rejections=tuple(rejections),
        payer_name=str(_dict(data.get("payer")).get("name") or ""),
        plan_begin=begin,
        plan_end=end,
    )


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _codes(value: Any) -> tuple[str, ...]:
    return service_types_of(item for item in _list(value) if isinstance(item, str))


def _errors(value: Any, about: str) -> list[Rejection]:
    return [
        Rejection(
            about=about,
            code=_text(error.get("code")),
            follow_up=follow_up_code(_text(error.get("followupAction"))),
            description=_text(error.get("description"))[:200],
        )
        for error in _list(value)
        if isinstance(error, dict)
    ]


def _status_line(item: Any) -> BenefitLine | None:
    item = _dict(item)
    if not _text(item.get("statusCode")):
        return None
    return BenefitLine(
        code=_text(item.get("statusCode")),
        service_types=_codes(item.get("serviceTypeCodes")),
        plan_description=_text(item.get("planDetails")),
    )


def _benefit_line(item: Any) -> BenefitLine | None:
    item = _dict(item)
    if not _text(item.get("code")):
        return None
    return BenefitLine(
        code=_text(item.get("code")),
        coverage_level=_text(item.get("coverageLevelCode")),
        service_types=_codes(item.get("serviceTypeCodes")),
        plan_description=_text(item.get("planCoverage")),
        period=_text(item.get("timeQualifierCode")),
        amount=decimal_or_none(item.get("benefitAmount")),
        percent=decimal_or_none(item.get("benefitPercent")),
        authorisation=_text(item.get("authOrCertIndicator")),
        network=_text(item.get("inPlanNetworkIndicatorCode")),
        messages=tuple(
            _text(note.get("description"))
            for note in _list(item.get("additionalInformation"))
            if isinstance(note, dict) and _text(note.get("description"))
        ),
    )


_DAY = re.compile(r"^\d{8}$")


def _day(value: str) -> date | None:
    if not _DAY.match(value):
        return None
    try:
        return _datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return None


def _plan_dates(dates: dict) -> tuple[date | None, date | None]:
    """planBegin/planEnd, or a "plan" range such as 20260101-20261231."""
    begin, end = _day(_text(dates.get("planBegin"))), _day(_text(dates.get("planEnd")))
    plan = _text(dates.get("plan"))
    if "-" in plan:
        first, last = plan.split("-", 1)
        begin, end = begin or _day(first), end or _day(last)
    elif plan and begin is None:
        begin = _day(plan)
    return begin, end


class JsonBackend:
    """A clearinghouse's JSON eligibility API: the request and answer as described above."""

    CONTENT_TYPE = CONTENT_TYPE

    def build(self, inquiry: Inquiry, *, control_number: int, created: _datetime) -> Outgoing:
        return Outgoing(
            body=build_request(inquiry, control_number=control_number), content_type=CONTENT_TYPE
        )

    def read(self, body: bytes, *, trace: str, control_number: int, dependent: bool) -> Reply:
        return read_reply(body, control_number=control_number)
