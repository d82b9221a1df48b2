"""The X12 005010X279A1 back end: every 270 built validates against the implementation guide
(x12sdk's models), and every sample 271 reads to the summary staff should see."""

import datetime
import re
from decimal import Decimal

import pytest
from pydantic import ValidationError
from x12sdk.io import X12ModelReader

from benefits.backends.base import Unreadable
from benefits.backends.x12 import build_270, read_271
from benefits.eligibility import Inquiry, Party, Provider, summarise
from benefits.service_types import REQUESTED
from tests.benefits.clearinghouse import SAMPLE_TRACE, sample

CREATED = datetime.datetime(2026, 1, 5, 12, 0)
JANE = Party(first_name="JANE", last_name="DOE", birth_date=datetime.date(1985, 3, 14))
JOHN = Party(first_name="JOHN", last_name="DOE", birth_date=datetime.date(1975, 6, 1))


def inquiry(**changes) -> Inquiry:
    values = {
        "trace": "DW000000042",
        "on": datetime.date(2026, 1, 5),
        "payer_name": "ACME HEALTH PLAN",
        "payer_id": "60054",
        "provider": Provider(name="SUNRISE RECOVERY CENTER", npi="1234567893", tax_id="123456789"),
        "member_id": "W123456789",
        "group_number": "GRP001",
        "subscriber": JANE,
        "dependent": None,
        "relationship_code": "",
        "service_types": REQUESTED,
    }
    values.update(changes)
    return Inquiry(**values)


def build(question: Inquiry) -> str:
    return build_270(
        question,
        sender_id="DOORWAY",
        receiver_id="CLEARINGHOUSE",
        usage="T",
        control_number=42,
        created=CREATED,
    )


def parsed(interchange: str):
    with X12ModelReader(interchange) as reader:
        (model,) = list(reader.models())
    return model


# --- The 270 ------------------------------------------------------------------------------------

INQUIRIES = {
    "the person subscribes": inquiry(),
    "no group number": inquiry(group_number=""),
    "a parent subscribes for their child": inquiry(
        subscriber=JOHN, dependent=JANE, relationship_code="19"
    ),
    "a partner subscribes, relationship unknown": inquiry(subscriber=JOHN, dependent=JANE),
    "one service type only": inquiry(service_types=("30",)),
}


@pytest.mark.parametrize("question", INQUIRIES.values(), ids=INQUIRIES.keys())
def test_each_270_validates_against_the_implementation_guide(question):
    interchange = build(question)
    model = parsed(interchange)  # x12sdk validates every loop, segment, code and count
    assert type(model).__name__ == "EligibilityInquiry"
    assert model.x12() in interchange
    assert interchange.startswith("ISA*00*")
    assert "GS*HS*DOORWAY*CLEARINGHOUSE*" in interchange
    assert "ST*270*0001*005010X279A1~" in interchange


def test_the_270_asks_the_payer_about_substance_use_and_mental_health_for_the_centre():
    model = parsed(build(inquiry()))
    source = model.loop_2000a[0]
    assert source.loop_2100a.nm1_segment.identification_code == "60054"
    receiver = source.loop_2000b[0]
    assert receiver.loop_2100b.nm1_segment.identification_code_qualifier == "XX"
    assert receiver.loop_2100b.nm1_segment.identification_code == "1234567893"
    subscriber = receiver.loop_2000c[0]
    assert subscriber.trn_segment[0].reference_identification_1 == "DW000000042"
    name = subscriber.loop_2100c.nm1_segment
    assert (name.name_last_or_organization_name, name.name_first) == ("DOE", "JANE")
    assert name.identification_code == "W123456789"
    assert subscriber.loop_2100c.ref_segment[0].reference_identification == "GRP001"
    asked = [loop.eq_segment.service_type_code[0] for loop in subscriber.loop_2100c.loop_2110c]
    assert asked == ["30", "AI", "MH", "CI", "CJ", "CG", "CH"]


def test_a_dependent_is_asked_about_under_the_subscriber():
    model = parsed(build(inquiry(subscriber=JOHN, dependent=JANE, relationship_code="19")))
    subscriber = model.loop_2000a[0].loop_2000b[0].loop_2000c[0]
    assert subscriber.hl_segment.hierarchical_child_code == "1"
    assert subscriber.loop_2100c.loop_2110c is None
    assert subscriber.loop_2100c.nm1_segment.name_first == "JOHN"
    dependent = subscriber.loop_2000d[0].loop_2100d
    assert (
        dependent.nm1_segment.name_first,
        dependent.ins_segment.individual_relationship_code,
    ) == (
        "JANE",
        "19",
    )
    assert len(dependent.loop_2110d) == len(REQUESTED)


def test_a_270_that_breaks_the_guide_is_refused_before_it_is_sent():
    with pytest.raises(ValidationError):
        build(inquiry(relationship_code="99", subscriber=JOHN, dependent=JANE))


# --- The 271 ------------------------------------------------------------------------------------


def summary(name: str, *, dependent: bool = False):
    return summarise(
        read_271(sample(name), trace=SAMPLE_TRACE, dependent=dependent), requested=REQUESTED
    )


def by_code(answer):
    return {service.service_type: service for service in answer.services}


def network(service, name):
    return next(n for n in service.networks if n.network == name)


def test_active_coverage_reads_plan_deductibles_out_of_pocket_and_authorisation():
    answer = summary("active_deductibles")
    assert (answer.active, answer.plan_name, answer.payer_name) == (
        True,
        "GOLD PPO 1500",
        "ACME HEALTH PLAN",
    )
    assert (answer.plan_begin, answer.plan_end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    services = by_code(answer)
    assert list(services) == ["30", "AI", "MH", "CI", "CJ", "CG", "CH"]
    plan_in = network(services["30"], "in")
    assert (plan_in.deductible.total, plan_in.deductible.remaining, plan_in.deductible.met) == (
        Decimal(1500),
        Decimal(1000),
        Decimal(500),
    )
    assert (plan_in.family_deductible.total, plan_in.family_deductible.met) == (
        Decimal(3000),
        Decimal(500),
    )
    assert (plan_in.out_of_pocket.total, plan_in.out_of_pocket.remaining) == (
        Decimal(5000),
        Decimal(4250),
    )
    plan_out = network(services["30"], "out")
    assert (plan_out.deductible.total, plan_out.out_of_pocket.total) == (
        Decimal(3000),
        Decimal(10000),
    )
    substance_use = services["AI"]
    assert (substance_use.active, substance_use.authorisation) == (True, True)
    assert network(substance_use, "in").copay == Decimal(25)
    assert network(substance_use, "out").coinsurance == Decimal("0.4")
    assert substance_use.notes == (
        "PRIOR AUTHORIZATION REQUIRED FOR ALL SUBSTANCE USE LEVELS OF CARE",
    )
    mental_health = services["MH"]
    assert (mental_health.active, mental_health.authorisation) == (True, False)
    assert (network(mental_health, "in").coinsurance, network(mental_health, "in").copay) == (
        Decimal("0.2"),
        Decimal(30),
    )
    residential = services["CI"]
    assert (residential.active, residential.authorisation) == (True, True)
    assert residential.notes == ("30 DAYS PER YEAR RESIDENTIAL",)
    assert (services["CJ"].active, services["CJ"].networks) == (True, ())
    assert (services["CG"].active, services["CH"].active) == (None, None)
    assert answer.rejections == ()


# Each sample, and what its summary must say: (active, rejection codes and whose, note).
TABLE = [
    ("inactive", False, [], "COVERAGE TERMINATED 12/31/2025"),
    ("subscriber_not_found", None, [("subscriber", "75", "C")], None),
    ("invalid_member_id", None, [("subscriber", "72", "C")], None),
    ("provider_not_eligible", None, [("provider", "50", "N")], None),
    ("payer_unavailable", None, [("payer", "42", "P")], None),
]


@pytest.mark.parametrize(
    ("name", "active", "rejections", "note"), TABLE, ids=[row[0] for row in TABLE]
)
def test_each_sample_271_reads_to_its_summary(name, active, rejections, note):
    answer = summary(name)
    assert answer.active is active
    assert [(r.about, r.code, r.follow_up) for r in answer.rejections] == rejections
    if rejections:
        assert answer.services == ()
    if note:
        assert note in by_code(answer)["30"].notes


def test_a_dependents_benefits_are_read_from_the_dependent_loop():
    answer = summary("dependent", dependent=True)
    assert (answer.active, answer.plan_name) == (True, "SILVER HMO")
    assert (answer.plan_begin, answer.plan_end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    services = by_code(answer)
    both = network(services["AI"], "both")
    assert (both.deductible.total, both.deductible.remaining, both.deductible.met) == (
        Decimal(500),
        Decimal(500),
        Decimal(0),
    )
    assert services["MH"].authorisation is None
    assert network(services["MH"], "in").copay == Decimal(40)


# --- Answers that are not 271s --------------------------------------------------------------------

BROKEN = {
    "empty": "",
    "garbage": "<html><body>502 Bad Gateway</body></html>",
    "binary": "\x00\xff\xfe" * 50,
    "a damaged ISA": "ISA*00*" + "x" * 200,
    "a 270 instead": None,
    "truncated": sample("active_deductibles")[:700],
    "a wrong segment count": re.sub(
        r"SE\*(\d+)", lambda m: f"SE*{int(m[1]) - 1}", sample("inactive")
    ),
    "no interchange trailer": sample("inactive").replace("IEA*1*000000001~\n", ""),
}


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_anything_but_a_complete_271_is_unreadable_and_says_why(text):
    if text is None:
        text = build(inquiry())
    with pytest.raises(Unreadable) as unreadable:
        read_271(text, trace=SAMPLE_TRACE, dependent=False)
    assert unreadable.value.reason
    assert not unreadable.value.mismatch


def test_an_answer_to_another_inquiry_is_refused_as_a_mismatch():
    with pytest.raises(Unreadable) as unreadable:
        read_271(sample("active_deductibles"), trace="DW000000999", dependent=False)
    assert unreadable.value.mismatch
