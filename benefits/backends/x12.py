"""The X12 005010X279A1 eligibility inquiry (270) and response (271).

The 270 is built from x12sdk's models of the implementation guide: each segment and loop checks
its codes, lengths and hierarchy as it is made, the segment count is worked out by the library,
and the interchange envelope (ISA/GS … GE/IEA) is written by it. A 270 that the models refuse
is never sent.

The 271 is split into segments by x12sdk's segment reader, which takes the delimiters from the
ISA header. Its loops are then read here rather than through x12sdk's 271 models: in version
2.2.0 those refuse valid answers that an addiction and mental-health centre sees every day (the
service types A8, CI and CJ, the subscriber-level reject reasons 72, 73 and 75, and any
quantity qualifier such as visits in EB09). The envelope is checked here instead: the
transaction must be a complete 271 whose segment count matches, or it is not read at all.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from x12sdk.io import X12SegmentReader, write_transactions
from x12sdk.support import count_segments
from x12sdk.v5010.segments import DmgSegment, SeSegment, TrnSegment
from x12sdk.v5010.x12_270_005010X279A1 import loops, segments
from x12sdk.v5010.x12_270_005010X279A1.transaction_set import EligibilityInquiry

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

VERSION = "005010X279A1"
CONTENT_TYPE = "application/edi-x12"
TRANSACTION_CONTROL_NUMBER = "0001"
# ISA05/ISA07: IDs agreed with the clearinghouse ("mutually defined").
ID_QUALIFIER = "ZZ"
# BHT02 13: a request (not a cancellation).
PURPOSE_REQUEST = "13"
# HL03 levels of the eligibility hierarchy, and whose details a rejection at each refused.
LEVELS = {"20": "payer", "21": "provider", "22": "subscriber", "23": "dependent"}
SUBSCRIBER_LEVEL, DEPENDENT_LEVEL = "22", "23"
# DTP01 dates of the subscriber or dependent loop: plan begin, plan end, plan (a range).
PLAN_BEGIN, PLAN_END, PLAN = "346", "347", "291"
# TRN01 2: the 271 echoes the trace number of the 270 it answers.
REFERENCED_TRACE = "2"
ISA_LENGTH = 106


# --- The 270 ------------------------------------------------------------------------------------


def build_270(
    inquiry: Inquiry,
    *,
    sender_id: str,
    receiver_id: str,
    usage: str,
    control_number: int,
    created: datetime.datetime,
) -> str:
    """The whole interchange for ``inquiry``, validated by x12sdk's 005010X279A1 models.

    Raises pydantic's ``ValidationError`` when the inquiry breaks the implementation guide.
    """
    today = created.strftime("%Y%m%d")
    on = inquiry.on.strftime("%Y%m%d")
    questions = [
        {"eq_segment": segments.Loop2110EqSegment(service_type_code=[code])}
        for code in inquiry.service_types
    ]
    dependent = inquiry.dependent
    subscriber_loop = loops.Loop2100C(
        nm1_segment=segments.Loop2100CNm1Segment(
            entity_identifier_code="IL",
            entity_type_qualifier="1",
            name_last_or_organization_name=inquiry.subscriber.last_name,
            name_first=inquiry.subscriber.first_name,
            identification_code_qualifier="MI",
            identification_code=inquiry.member_id,
        ),
        ref_segment=[
            segments.Loop2100RefSegment(
                reference_identification_qualifier="6P",
                reference_identification=inquiry.group_number,
            )
        ]
        if inquiry.group_number
        else None,
        dmg_segment=_birth(inquiry.subscriber),
        dtp_segment=segments.Loop2100DtpSegment(
            date_time_qualifier=PLAN, date_time_period_format_qualifier="D8", date_time_period=on
        ),
        loop_2110c=None if dependent else [loops.Loop2110C(**q) for q in questions],
    )
    subscriber = loops.Loop2000C(
        hl_segment=segments.Loop2000CHlSegment(
            hierarchical_id_number="3",
            hierarchical_parent_id_number="2",
            hierarchical_level_code=SUBSCRIBER_LEVEL,
            hierarchical_child_code="1" if dependent else "0",
        ),
        trn_segment=[
            TrnSegment(
                trace_type_code="1",
                reference_identification_1=inquiry.trace,
                # "1" and the centre's federal tax ID identify who made the trace number.
                originating_company_identifier="1" + inquiry.provider.tax_id,
            )
        ],
        loop_2100c=subscriber_loop,
        loop_2000d=[_dependent(inquiry, dependent, on, questions)] if dependent else None,
    )
    structure = {
        "header": loops.Header(
            st_segment=segments.HeaderStSegment(
                transaction_set_identifier_code="270",
                transaction_set_control_number=TRANSACTION_CONTROL_NUMBER,
                implementation_convention_reference=VERSION,
            ),
            bht_segment=segments.HeaderBhtSegment(
                hierarchical_structure_code="0022",
                transaction_set_purpose_code=PURPOSE_REQUEST,
                submitter_transactional_identifier=inquiry.trace,
                transaction_set_creation_date=today,
                transaction_set_creation_time=created.strftime("%H%M"),
            ),
        ),
        "loop_2000a": [
            loops.Loop2000A(
                hl_segment=segments.Loop2000AHlSegment(
                    hierarchical_id_number="1",
                    hierarchical_level_code="20",
                    hierarchical_child_code="1",
                ),
                loop_2100a=loops.Loop2100A(
                    nm1_segment=segments.Loop2100ANm1Segment(
                        entity_identifier_code="PR",
                        entity_type_qualifier="2",
                        name_last_or_organization_name=inquiry.payer_name,
                        identification_code_qualifier="PI",
                        identification_code=inquiry.payer_id,
                    )
                ),
                loop_2000b=[
                    loops.Loop2000B(
                        hl_segment=segments.Loop2000BHlSegment(
                            hierarchical_id_number="2",
                            hierarchical_parent_id_number="1",
                            hierarchical_level_code="21",
                            hierarchical_child_code="1",
                        ),
                        loop_2100b=loops.Loop2100B(
                            nm1_segment=segments.Loop2100BNm1Segment(
                                entity_identifier_code="1P",
                                entity_type_qualifier="2",
                                name_last_or_organization_name=inquiry.provider.name,
                                identification_code_qualifier="XX",
                                identification_code=inquiry.provider.npi,
                            ),
                            ref_segment=[
                                segments.Loop2100BRefSegment(
                                    reference_identification_qualifier="TJ",
                                    reference_identification=inquiry.provider.tax_id,
                                )
                            ],
                        ),
                        loop_2000c=[subscriber],
                    )
                ],
            )
        ],
    }
    counted = dict(
        structure,
        footer={
            "se_segment": {"transaction_segment_count": 1, "transaction_set_control_number": "0"}
        },
    )
    structure["footer"] = loops.Footer(
        se_segment=SeSegment(
            transaction_segment_count=count_segments(counted),
            transaction_set_control_number=TRANSACTION_CONTROL_NUMBER,
        )
    )
    return write_transactions(
        [EligibilityInquiry(**structure)],
        sender_id=sender_id,
        receiver_id=receiver_id,
        sender_qualifier=ID_QUALIFIER,
        receiver_qualifier=ID_QUALIFIER,
        interchange_control_number=str(control_number % 1_000_000_000),
        created=created,
        usage_indicator=usage,
    )


def _birth(person: Party) -> DmgSegment:
    return DmgSegment(
        date_time_period_format_qualifier="D8",
        date_time_period=person.birth_date.strftime("%Y%m%d"),
    )


def _dependent(inquiry: Inquiry, dependent: Party, on: str, questions: list) -> loops.Loop2000D:
    return loops.Loop2000D(
        hl_segment=segments.Loop2000DHlSegment(
            hierarchical_id_number="4",
            hierarchical_parent_id_number="3",
            hierarchical_level_code=DEPENDENT_LEVEL,
            hierarchical_child_code="0",
        ),
        loop_2100d=loops.Loop2100D(
            nm1_segment=segments.Loop2100DNm1Segment(
                entity_identifier_code="03",
                entity_type_qualifier="1",
                name_last_or_organization_name=dependent.last_name,
                name_first=dependent.first_name,
            ),
            dmg_segment=_birth(dependent),
            ins_segment=segments.Loop2100DInsSegment(
                member_indicator="N", individual_relationship_code=inquiry.relationship_code
            )
            if inquiry.relationship_code
            else None,
            dtp_segment=segments.Loop2100DtpSegment(
                date_time_qualifier=PLAN,
                date_time_period_format_qualifier="D8",
                date_time_period=on,
            ),
            loop_2110d=[loops.Loop2110D(**q) for q in questions],
        ),
    )


# --- The 271 ------------------------------------------------------------------------------------


@dataclass
class _Walk:
    """Where the reader is in the 271's hierarchy, and what it has found so far."""

    repetition: str
    level: str = ""
    in_benefit: bool = False
    in_related_entity: bool = False
    payer_name: str = ""
    line: dict | None = None

    def __post_init__(self) -> None:
        self.lines: dict[str, list[BenefitLine]] = {SUBSCRIBER_LEVEL: [], DEPENDENT_LEVEL: []}
        self.dates: dict[str, dict[str, datetime.date]] = {
            SUBSCRIBER_LEVEL: {},
            DEPENDENT_LEVEL: {},
        }
        self.rejections: list[Rejection] = []
        self.traces: list[str] = []

    def finish_line(self) -> None:
        if self.line is not None:
            level, fields, messages = self.line["level"], self.line["fields"], self.line["messages"]
            self.lines[level].append(_benefit_line(fields, messages, self.repetition))
        self.line = None


def read_271(text: str, *, trace: str, dependent: bool) -> Reply:
    """The payer's answer in a 271 interchange; raises ``Unreadable`` for anything else.

    ``trace`` is the 270's trace number: an answer that echoes another one is refused
    (``mismatch``). With ``dependent`` the person is the subscriber's dependent, so the
    benefits of the dependent loop are theirs.
    """
    body, repetition = _transaction(text)
    walk = _Walk(repetition=repetition)
    for name, fields in body:
        _read_segment(walk, name, fields)
    walk.finish_line()
    if walk.traces and trace not in walk.traces:
        raise Unreadable("the answer echoes another trace number", mismatch=True)
    level = DEPENDENT_LEVEL if dependent and walk.lines[DEPENDENT_LEVEL] else SUBSCRIBER_LEVEL
    dates = dict(walk.dates[SUBSCRIBER_LEVEL])
    if dependent:
        dates.update(walk.dates[DEPENDENT_LEVEL])
    return Reply(
        lines=tuple(walk.lines[level]),
        rejections=tuple(walk.rejections),
        payer_name=walk.payer_name,
        plan_begin=dates.get(PLAN_BEGIN),
        plan_end=dates.get(PLAN_END),
    )


def _transaction(text: str) -> tuple[list[tuple[str, list[str]]], str]:
    """The segments between ST and SE of the interchange's 271, and its repetition separator."""
    start = text.lstrip()
    if len(start) < ISA_LENGTH or not start.startswith("ISA") or start[3].isalnum():
        raise Unreadable("not an X12 interchange")
    if start[:ISA_LENGTH].count(start[3]) != 16:
        raise Unreadable("the ISA header is damaged")
    try:
        with X12SegmentReader(start) as reader:
            repetition = reader.delimiters.repetition_separator
            found = [
                (name.strip(), [value.strip() for value in fields])
                for name, fields in reader.segments()
                if name.strip()
            ]
    except (ValueError, IndexError) as damaged:
        raise Unreadable("the segments cannot be split") from damaged
    names = [name for name, _fields in found]
    if "ST" not in names or found[names.index("ST")][1][1:2] != ["271"]:
        raise Unreadable("not a 271 eligibility response")
    if names[-1] != "IEA" or "SE" not in names or "GE" not in names:
        raise Unreadable("the interchange is incomplete")
    start_at, end_at = names.index("ST"), names.index("SE")
    counted = end_at - start_at + 1
    declared = found[end_at][1][1] if len(found[end_at][1]) > 1 else ""
    if declared != str(counted):
        raise Unreadable("the segment count does not match")
    return found[start_at + 1 : end_at], repetition


def _element(fields: list[str], position: int) -> str:
    return fields[position] if len(fields) > position else ""


def _read_segment(walk: _Walk, name: str, fields: list[str]) -> None:
    if name == "HL":
        walk.finish_line()
        walk.level, walk.in_benefit = _element(fields, 3), False
    elif name == "LS":
        walk.in_related_entity = True
    elif name == "LE":
        walk.in_related_entity = False
    elif walk.in_related_entity:
        return  # loop 2120: a related entity (a primary care provider…), not a benefit
    elif name == "NM1" and walk.level == "20" and not walk.payer_name:
        walk.payer_name = _element(fields, 3)
    elif name == "AAA":
        about = "benefit" if walk.in_benefit else LEVELS.get(walk.level, "payer")
        walk.rejections.append(
            Rejection(about=about, code=_element(fields, 3), follow_up=_element(fields, 4))
        )
    elif name == "TRN" and _element(fields, 1) == REFERENCED_TRACE:
        walk.traces.append(_element(fields, 2))
    elif name == "DTP" and not walk.in_benefit and walk.level in walk.dates:
        walk.dates[walk.level].update(_plan_dates(fields))
    elif name == "EB" and walk.level in walk.lines:
        walk.finish_line()
        walk.line = {"level": walk.level, "fields": fields, "messages": []}
        walk.in_benefit = True
    elif name == "MSG" and walk.line is not None:
        walk.line["messages"].append(_element(fields, 1))


def _benefit_line(fields: list[str], messages: list[str], repetition: str) -> BenefitLine:
    return BenefitLine(
        code=_element(fields, 1),
        coverage_level=_element(fields, 2),
        service_types=service_types_of(_element(fields, 3).split(repetition)),
        plan_description=_element(fields, 5),
        period=_element(fields, 6),
        amount=decimal_or_none(_element(fields, 7)),
        percent=decimal_or_none(_element(fields, 8)),
        authorisation=_element(fields, 11),
        network=_element(fields, 12),
        messages=tuple(message for message in messages if message),
    )


_D8 = re.compile(r"^\d{8}$")


def _plan_dates(fields: list[str]) -> dict[str, datetime.date]:
    qualifier, form, value = _element(fields, 1), _element(fields, 2), _element(fields, 3)
    try:
        if form == "D8" and _D8.match(value) and qualifier in (PLAN_BEGIN, PLAN_END):
            return {qualifier: datetime.datetime.strptime(value, "%Y%m%d").date()}
        if form == "RD8" and qualifier in (PLAN, PLAN_BEGIN) and "-" in value:
            begin, end = (
                datetime.datetime.strptime(v, "%Y%m%d").date() for v in value.split("-", 1)
            )
            return {PLAN_BEGIN: begin, PLAN_END: end}
    except ValueError:
        return {}
    return {}


class X12Backend:
    """X12 over HTTPS: the 270 is posted as the request body, the 271 comes back as the answer.

    The interchange IDs and the usage indicator come from ``DOORWAY_X12_SENDER_ID``,
    ``DOORWAY_X12_RECEIVER_ID`` and ``DOORWAY_X12_USAGE``.
    """

    CONTENT_TYPE = CONTENT_TYPE

    def build(
        self, inquiry: Inquiry, *, control_number: int, created: datetime.datetime
    ) -> Outgoing:
        interchange = build_270(
            inquiry,
            sender_id=settings.DOORWAY_X12_SENDER_ID,
            receiver_id=settings.DOORWAY_X12_RECEIVER_ID,
            usage=settings.DOORWAY_X12_USAGE,
            control_number=control_number,
            created=created,
        )
        return Outgoing(body=interchange.encode("ascii"), content_type=CONTENT_TYPE)

    def read(self, body: bytes, *, trace: str, control_number: int, dependent: bool) -> Reply:
        return read_271(body.decode("utf-8", errors="replace"), trace=trace, dependent=dependent)
