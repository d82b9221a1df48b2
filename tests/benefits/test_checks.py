"""Benefits checks end to end, in this process: the inquiry built and stored, the task sending it
to the stand-in clearinghouse (retries included), the answer read, stored whole and summarised,
the timeline and the audit log written. Whatever comes back, the task never raises."""

import json

import pytest
from django.utils import timezone

from admissions.models import AuditEntry, LeadEvent
from benefits.audit import Action
from benefits.choices import CheckState, Failure, Verification
from benefits.models import BenefitsCheck, Coverage
from benefits.services import (
    ATTEMPTS,
    CheckNotReady,
    benefits_check_request,
    benefits_erase,
    coverage_save,
    coverage_set_outcome,
    resend_queued_checks,
)
from benefits.tasks import run_benefits_check
from benefits.transport import MAX_ANSWER_BYTES
from tests.benefits.conftest import coverage_data, give_coverage
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def run_check(lead, by=None) -> BenefitsCheck:
    check = benefits_check_request(lead=lead, by=by)
    assert check.state == CheckState.QUEUED
    run_benefits_check.apply(args=[check.pk])
    check.refresh_from_db()
    return check


def test_an_x12_check_is_sent_as_a_valid_270_and_its_271_summarised(x12, payer, counsellor):
    lead = LeadFactory(first_name="Jane", last_name="Doe", assigned_to=counsellor)
    give_coverage(lead, payer)
    check = run_check(lead, by=counsellor)

    assert (check.state, check.attempts, check.http_status) == (CheckState.ANSWERED, 1, 200)
    assert x12.invalid_270s == []
    (received,) = x12.received
    assert received["member_id"] == "W123456789"
    assert received["trace"] == check.trace
    assert received["headers"]["Authorization"] == "Bearer test-key"
    assert received["headers"]["Content-Type"] == "application/edi-x12"
    assert "NM1*IL*1*DOE*JANE****MI*W123456789~" in check.request_body
    assert check.response_body.startswith("ISA*00*")
    assert f"TRN*2*{check.trace}*" in check.response_body
    answer = check.summary
    assert (answer.active, answer.plan_name) == (True, "GOLD PPO 1500")
    assert [s.service_type for s in answer.services][:3] == ["30", "AI", "MH"]

    event = lead.events.get(kind=LeadEvent.Kind.BENEFITS_CHECKED)
    assert event.data == {
        "check": check.pk,
        "back_end": "x12",
        "state": "answered",
        "summary": "Coverage active",
    }
    actions = list(AuditEntry.objects.filter(lead=lead).values_list("action", flat=True))
    assert Action.CHECK_REQUESTED in actions
    assert actions.count(Action.CHECK_SENT) == 1


# member ID → (state, failure, tries, what the summary says)
SCENARIOS = {
    "INACTIVE1": (CheckState.ANSWERED, "", 1, "inactive"),
    "NOTFOUND1": (CheckState.REJECTED, "", 1, "75"),
    "BADID1": (CheckState.REJECTED, "", 1, "72"),
    "NOPROVIDER1": (CheckState.REJECTED, "", 1, "50"),
    "PAYERDOWN1": (CheckState.REJECTED, "", 1, "42"),
    "FLAKY1": (CheckState.ANSWERED, "", 2, "active"),
    "GARBAGE1": (CheckState.FAILED, Failure.UNREADABLE, 1, ""),
    "TRUNCATED1": (CheckState.FAILED, Failure.UNREADABLE, 1, ""),
    "HUGE1": (CheckState.FAILED, Failure.TOO_LARGE, 1, ""),
    "OTHERTRACE1": (CheckState.FAILED, Failure.MISMATCH, 1, ""),
    "REFUSED1": (CheckState.FAILED, Failure.REFUSED, 1, ""),
    "DOWN1": (CheckState.FAILED, Failure.SERVER_ERROR, ATTEMPTS, ""),
    "SLOW1": (CheckState.FAILED, Failure.TIMEOUT, ATTEMPTS, ""),
}


@pytest.mark.parametrize(("member_id", "expected"), SCENARIOS.items(), ids=SCENARIOS.keys())
def test_every_answer_ends_the_check_with_a_state_and_the_raw_answer_kept(
    x12, payer, member_id, expected
):
    state, failure, tries, said = expected
    lead = LeadFactory()
    give_coverage(lead, payer, member_id=member_id)
    check = run_check(lead)

    assert (check.state, check.failure, check.attempts) == (state, failure, tries)
    assert check.completed_at is not None
    assert x12.calls[member_id] == tries
    assert x12.invalid_270s == []
    answer = check.summary
    if said in ("active", "inactive"):
        assert answer.active is (said == "active")
    elif said:
        assert [r.code for r in answer.rejections] == [said]
    else:
        assert answer is None
    if member_id in ("GARBAGE1", "TRUNCATED1", "OTHERTRACE1", "REFUSED1", "DOWN1"):
        assert check.response_body, "the raw answer is kept for support"
    if member_id == "HUGE1":
        assert check.response_truncated
        assert len(check.response_body.encode()) == MAX_ANSWER_BYTES
    assert lead.events.filter(kind=LeadEvent.Kind.BENEFITS_CHECKED).count() == 1
    assert AuditEntry.objects.filter(lead=lead, action=Action.CHECK_SENT).count() == tries


def test_a_failed_check_says_why_on_its_timeline_entry(x12, payer):
    lead = LeadFactory()
    give_coverage(lead, payer, member_id="GARBAGE1")
    check = run_check(lead)
    assert check.failure_detail == "not an X12 interchange"
    assert (
        lead.events.get(kind=LeadEvent.Kind.BENEFITS_CHECKED).data["summary"] == "The check failed"
    )


def test_a_dependent_is_asked_about_under_the_subscriber_and_their_benefits_read(x12, payer):
    lead = LeadFactory(first_name="Jane", last_name="Doe")
    give_coverage(
        lead,
        payer,
        member_id="DEPENDENT1",
        subscriber="other",
        subscriber_first_name="John",
        subscriber_last_name="Doe",
        subscriber_birth_date="1975-06-01",
        subscriber_relationship="child",
    )
    check = run_check(lead)
    assert check.about_dependent
    assert "NM1*03*1*DOE*JANE~" in check.request_body
    assert "INS*N*19~" in check.request_body
    assert (check.state, check.summary.plan_name) == (CheckState.ANSWERED, "SILVER HMO")


def test_a_json_check_goes_out_in_the_clearinghouse_shape_and_comes_back_summarised(
    json_api, payer
):
    lead = LeadFactory(first_name="Jane", last_name="Doe")
    give_coverage(lead, payer)
    check = run_check(lead)
    request = json.loads(check.request_body)
    assert request["tradingPartnerServiceId"] == "60054"
    assert request["provider"] == {
        "organizationName": "SUNRISE RECOVERY CENTER",
        "npi": "1234567893",
        "taxId": "123456789",
    }
    assert request["subscriber"]["memberId"] == "W123456789"
    assert request["encounter"]["serviceTypeCodes"][:3] == ["30", "AI", "MH"]
    answer = check.summary
    assert (check.state, answer.active, answer.plan_end.isoformat()) == (
        CheckState.ANSWERED,
        True,
        "2026-12-31",
    )
    substance_use = next(s for s in answer.services if s.service_type == "AI")
    assert substance_use.authorisation is True


def test_a_json_rejection_is_explained_like_an_x12_one(json_api, payer):
    lead = LeadFactory()
    give_coverage(lead, payer, member_id="NOTFOUND1")
    check = run_check(lead)
    assert check.state == CheckState.REJECTED
    (rejection,) = check.summary.rejections
    assert (rejection.about, rejection.code, rejection.follow_up) == ("subscriber", "75", "C")


def test_a_check_that_cannot_be_asked_yet_says_what_is_missing_and_stores_nothing(x12, payer):
    lead = LeadFactory()
    give_coverage(lead, payer, member_id="", patient_birth_date="")
    with pytest.raises(CheckNotReady) as not_ready:
        benefits_check_request(lead=lead)
    assert not_ready.value.problems == [
        "Add the member ID from the card.",
        "Add the person's date of birth.",
    ]
    assert not BenefitsCheck.objects.exists()
    assert x12.received == []


def test_without_a_clearinghouse_only_phone_checks_exist(payer):
    lead = LeadFactory()
    give_coverage(lead, payer)
    with pytest.raises(CheckNotReady) as not_ready:
        benefits_check_request(lead=lead)
    assert "record it" in not_ready.value.problems[0]


def test_running_the_task_again_sends_nothing_more(x12, payer):
    lead = LeadFactory()
    give_coverage(lead, payer)
    check = run_check(lead)
    run_benefits_check.apply(args=[check.pk])
    run_benefits_check.apply(args=[987654])
    assert len(x12.received) == 1


def test_queued_checks_whose_message_was_lost_are_sent_again(x12, payer, time_machine):
    lead = LeadFactory()
    give_coverage(lead, payer)
    check = benefits_check_request(lead=lead)
    assert resend_queued_checks() == 0, "a fresh check still has its message"
    time_machine.move_to(timezone.now() + timezone.timedelta(minutes=2))
    assert resend_queued_checks() == 1
    check.refresh_from_db()
    assert check.state == CheckState.QUEUED  # sent to the broker; nothing consumes it here


def test_changing_verified_coverage_sends_it_back_to_the_benefits_queue(payer, supervisor):
    lead = LeadFactory()
    give_coverage(lead, payer)
    coverage_set_outcome(lead=lead, outcome=Verification.VERIFIED, by=supervisor)
    coverage = Coverage.objects.get(lead=lead)
    assert (coverage.verification, coverage.verified_by) == (Verification.VERIFIED, supervisor)
    coverage_save(lead=lead, data=coverage_data(payer, member_id="W999"), by=supervisor)
    coverage.refresh_from_db()
    assert (coverage.verification, coverage.verified_at) == (Verification.PENDING, None)
    outcomes = lead.events.filter(kind=LeadEvent.Kind.BENEFITS_OUTCOME).order_by("pk")
    assert [e.data["summary"] for e in outcomes] == ["Verified", "Not yet verified"]
    saved = AuditEntry.objects.filter(lead=lead, action=Action.COVERAGE_SAVED).first()
    assert saved.detail == {"fields": ["member_id"]}


def test_erasing_a_person_removes_their_coverage_details_and_every_check(x12, payer):
    lead = LeadFactory()
    give_coverage(lead, payer)
    run_check(lead)
    assert benefits_erase(lead_id=lead.pk) == 2
    coverage = Coverage.objects.get(lead=lead)
    assert (coverage.member_id, coverage.patient_birth_date, coverage.payment_type) == (
        "",
        None,
        "commercial",
    )
    assert not BenefitsCheck.objects.filter(lead=lead).exists()
    assert benefits_erase(lead_id=lead.pk) == 0
