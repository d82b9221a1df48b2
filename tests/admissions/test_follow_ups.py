"""Follow-ups: the cadence after unanswered attempts (under a time machine), the supervisor's
decision after the last one, snoozing with a reason, "My day", and the notice when one falls
due (no personal data in it)."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from admissions import followups, pipeline
from admissions.cadence import BadCadence, parse_cadence
from admissions.models import AuditEntry, FollowUp, Lead, LeadEvent, Status
from tests.auth import log_in
from tests.factories import CounsellorFactory, LeadFactory, UserFactory

MY_DAY = reverse("admissions:my_day")
NEW_YORK = ZoneInfo("America/New_York")
# A Monday, 14:00 in New York.
START = datetime(2026, 3, 2, 19, 0, tzinfo=UTC)


def lead_page(lead: Lead) -> str:
    return reverse("admissions:lead_detail", args=[lead.pk])


def attempt(lead: Lead, user, outcome: str = "no_answer", channel: str = "call") -> Lead:
    return pipeline.log_contact_attempt(
        lead_id=lead.pk, user=user, channel=channel, outcome=outcome
    )


# --- The cadence itself (pure) ----------------------------------------------------------------


def test_the_cadence_steps_then_repeats_its_last_until_the_attempts_run_out():
    cadence = parse_cadence("15m,2h,next_morning,1d", max_attempts=6, morning_hour=9)
    after = datetime(2026, 3, 2, 14, 0, tzinfo=NEW_YORK)
    assert cadence.next_try(attempts=1, after=after, zone=NEW_YORK) == after + timedelta(minutes=15)
    assert cadence.next_try(attempts=2, after=after, zone=NEW_YORK) == after + timedelta(hours=2)
    assert cadence.next_try(attempts=3, after=after, zone=NEW_YORK) == datetime(
        2026, 3, 3, 9, 0, tzinfo=NEW_YORK
    )
    assert cadence.next_try(attempts=4, after=after, zone=NEW_YORK) == after + timedelta(days=1)
    assert cadence.next_try(attempts=5, after=after, zone=NEW_YORK) == after + timedelta(days=1)
    assert cadence.next_try(attempts=6, after=after, zone=NEW_YORK) is None


@pytest.mark.parametrize(
    ("text", "attempts", "words"),
    [("15m,soon", 3, "'soon'"), ("0m", 3, "'0m'"), ("15m", 0, "at least 1")],
)
def test_a_cadence_that_cannot_be_read_says_which_step(text, attempts, words):
    with pytest.raises(BadCadence, match=words):
        parse_cadence(text, max_attempts=attempts)


# --- Attempts propose the next one ------------------------------------------------------------


@pytest.fixture
def mine(counsellor):
    return LeadFactory(assigned_to=counsellor, claimed_at=timezone.now())


def test_each_unanswered_attempt_proposes_the_next_by_the_cadence(mine, counsellor, supervisor):
    local = timezone.get_current_timezone()
    with time_machine.travel(START, tick=False) as clock:
        expected = [
            START + timedelta(minutes=15),
            START + timedelta(minutes=15) + timedelta(hours=2),
        ]
        attempt(mine, counsellor)
        assert followups.open_follow_up(mine).due_at == expected[0]
        clock.move_to(expected[0])
        attempt(mine, counsellor, outcome="left_message")
        assert followups.open_follow_up(mine).due_at == expected[1]
        clock.move_to(expected[1])
        attempt(mine, counsellor)
        # The third: next morning at nine, the centre's time.
        next_morning = followups.open_follow_up(mine).due_at.astimezone(local)
        assert (next_morning.date(), next_morning.time()) == (
            (expected[1].astimezone(local) + timedelta(days=1)).date(),
            time(9, 0),
        )
        for number in (4, 5):
            clock.move_to(next_morning)
            attempt(mine, counsellor)
            follow_up = followups.open_follow_up(mine)
            assert follow_up.due_at == timezone.now() + timedelta(days=1)
            assert (follow_up.kind, follow_up.attempt, follow_up.assigned_to) == (
                "call",
                number,
                counsellor,
            )
            next_morning = follow_up.due_at
        clock.move_to(next_morning)
        attempt(mine, counsellor)
    decision = followups.open_follow_up(mine)
    assert decision.kind == FollowUp.Kind.DECISION and decision.assigned_to is None
    assert decision.attempt == 6
    assert LeadEvent.objects.filter(lead=mine, kind="decision_needed").count() == 1
    # Each attempt closed the one before: one open follow-up, five done.
    assert FollowUp.objects.filter(lead=mine, done_at__isnull=False).count() == 5


def test_reaching_the_person_ends_the_cadence_and_counting_starts_again(mine, counsellor):
    attempt(mine, counsellor)
    attempt(mine, counsellor)
    attempt(mine, counsellor, outcome="reached")
    assert followups.open_follow_up(mine) is None
    attempt(mine, counsellor, channel="text")
    follow_up = followups.open_follow_up(mine)
    assert (follow_up.attempt, follow_up.kind) == (1, "text")


def test_closing_the_lead_leaves_nothing_due(mine, counsellor):
    attempt(mine, counsellor)
    pipeline.change_status(
        lead_id=mine.pk, user=counsellor, status=Status.CLOSED, reason="Asked us to stop"
    )
    assert followups.open_follow_up(mine) is None


# --- The lead page: set, snooze, done ----------------------------------------------------------


@pytest.fixture
def signed_in(client, counsellor):
    log_in(client, counsellor)
    return client


def test_logging_an_attempt_on_the_page_says_when_the_next_try_is(signed_in, mine):
    response = signed_in.post(
        reverse("admissions:lead_contact", args=[mine.pk]),
        {"channel": "call", "outcome": "no_answer", "body": ""},
        follow=True,
    )
    content = response.content.decode()
    assert "Next try:" in content
    assert 'id="next-action"' in content and "Call" in content


def test_staff_set_the_next_action_and_it_is_on_the_timeline_and_audited(signed_in, mine):
    when = timezone.localtime() + timedelta(days=2)
    response = signed_in.post(
        reverse("admissions:lead_follow_up", args=[mine.pk]),
        {"kind": "benefits", "due_at": when.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "Next action set." in response.content.decode()
    follow_up = followups.open_follow_up(mine)
    assert follow_up.kind == "benefits"
    assert follow_up.due_at == when.replace(second=0, microsecond=0)
    assert "Benefits check, due" in signed_in.get(lead_page(mine)).content.decode()
    assert AuditEntry.objects.filter(lead=mine, action="follow_up_set").exists()


def test_a_time_in_the_past_is_refused_kindly(signed_in, mine):
    when = timezone.localtime() - timedelta(days=1)
    response = signed_in.post(
        reverse("admissions:lead_follow_up", args=[mine.pk]),
        {"kind": "call", "due_at": when.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "Choose a time from now on." in response.content.decode()
    assert followups.open_follow_up(mine) is None


def test_snoozing_needs_a_reason_and_moves_the_time(signed_in, mine, counsellor):
    attempt(mine, counsellor)
    until = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("admissions:lead_snooze", args=[mine.pk])
    refused = signed_in.post(url, {"until": until, "reason": ""})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    response = signed_in.post(url, {"until": until, "reason": "In hospital until Friday"})
    assert response.status_code == 302
    follow_up = followups.open_follow_up(mine)
    assert timezone.localtime(follow_up.due_at).strftime("%Y-%m-%dT%H:%M") == until
    assert follow_up.snooze_reason == "In hospital until Friday"
    page = signed_in.get(lead_page(mine)).content.decode()
    assert "Snoozed: In hospital until Friday" in page
    entry = AuditEntry.objects.get(lead=mine, action="follow_up_snooze")
    assert "hospital" not in str(entry.detail)


def test_mark_done_clears_the_next_action(signed_in, mine, counsellor):
    attempt(mine, counsellor)
    signed_in.post(reverse("admissions:lead_follow_up_done", args=[mine.pk]))
    assert followups.open_follow_up(mine) is None
    assert "None set." in signed_in.get(lead_page(mine)).content.decode()


def test_another_counsellor_cannot_set_or_snooze(client, mine, other_counsellor):
    log_in(client, other_counsellor)
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("admissions:lead_follow_up", args=[mine.pk]), {"kind": "call", "due_at": when}
    )
    assert response.status_code == 404
    assert followups.open_follow_up(mine) is None


def test_the_next_action_speaks_spanish(signed_in, mine, counsellor):
    attempt(mine, counsellor)
    content = signed_in.get(lead_page(mine), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Próxima acción" in content and "Llamar" in content


# --- My day -----------------------------------------------------------------------------------


def due(lead: Lead, user, at: datetime, kind: str = "call") -> FollowUp:
    return FollowUp.objects.create(lead=lead, kind=kind, due_at=at, assigned_to=user)


def test_my_day_lists_what_is_due_today_overdue_first_then_in_order(
    signed_in, counsellor, time_machine
):
    # Midday, so "in 30 minutes" and "3 hours ago" are both today whenever the suite runs.
    time_machine.move_to(timezone.localtime().replace(hour=12, minute=0), tick=False)
    now = timezone.localtime()
    later = due(LeadFactory(assigned_to=counsellor), counsellor, now + timedelta(minutes=30))
    overdue = due(LeadFactory(assigned_to=counsellor), counsellor, now - timedelta(hours=3))
    due(LeadFactory(assigned_to=counsellor), counsellor, now + timedelta(days=2))
    someone_else = CounsellorFactory(user=UserFactory(username="someone")).user
    due(LeadFactory(assigned_to=someone_else), someone_else, now - timedelta(hours=1))
    content = signed_in.get(MY_DAY).content.decode()
    ids = [int(pk) for pk in re.findall(r'href="/staff/leads/(\d+)/"', content)]
    assert ids == [overdue.lead_id, later.lead_id]
    assert content.count("row-overdue") == 1


def test_supervisors_see_the_decisions_in_their_day(client, supervisor, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    FollowUp.objects.create(lead=lead, kind="decision", due_at=timezone.now(), attempt=6)
    log_in(client, supervisor)
    assert "Supervisor decision" in client.get(MY_DAY).content.decode()
    log_in(client, counsellor)
    assert "Supervisor decision" not in client.get(MY_DAY).content.decode()


def test_my_day_takes_few_queries_for_two_hundred_follow_ups(signed_in, counsellor):
    template = LeadFactory(assigned_to=counsellor)
    copies = []
    for number in range(199):
        copy = Lead.objects.get(pk=template.pk)
        copy.pk = None
        copy.phone = f"+1555{number:07d}"
        copies.append(copy)
    leads = [template, *Lead.objects.bulk_create(copies)]
    now = timezone.now()
    FollowUp.objects.bulk_create(
        FollowUp(lead=lead, kind="call", due_at=now - timedelta(minutes=n), assigned_to=counsellor)
        for n, lead in enumerate(leads)
    )
    with CaptureQueriesContext(connection) as ran:
        response = signed_in.get(MY_DAY)
    assert response.content.decode().count("row-overdue") == 200
    assert len(ran.captured_queries) <= 10


# --- Falling due ------------------------------------------------------------------------------


def test_a_follow_up_falling_due_notifies_its_owner_once_without_personal_data(
    mine, counsellor, django_capture_on_commit_callbacks
):
    follow_up = due(mine, counsellor, timezone.now() + timedelta(minutes=15))
    with django_capture_on_commit_callbacks(execute=True):
        assert followups.notify_due() == []
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=16)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert followups.notify_due() == [follow_up.pk]
        assert followups.notify_due() == []
    (email,) = mail.outbox
    assert email.to == [counsellor.email]
    assert email.subject == "A follow-up is due"
    assert f"/staff/leads/{mine.pk}/" in email.body
    for personal in (mine.first_name, mine.last_name, mine.phone, mine.email):
        assert personal not in email.body and personal not in email.subject


def test_a_decision_due_goes_to_the_supervisors(
    mine, counsellor, supervisor, django_capture_on_commit_callbacks
):
    for _ in range(6):
        attempt(mine, counsellor)
    with django_capture_on_commit_callbacks(execute=True):
        followups.notify_due()
    assert [(email.to, email.subject) for email in mail.outbox] == [
        ([supervisor.email], "A lead needs a supervisor's decision")
    ]


# --- A new lead's first next action ---------------------------------------------------------


def new_lead(**contact) -> Lead:
    from admissions.services import lead_create
    from tests.factories import make_answers

    return lead_create(
        answers=make_answers(),
        contact={"first_name": "Ana", "phone": "(305) 555-0142", **contact},
        source="web",
        consent_version="1",
        consent_to_texts=True,
    )


def test_a_new_lead_gets_its_first_next_action_by_its_deadline_and_it_is_on_my_day(client, db):
    """Created, routed, and in the counsellor's "My day" at
    once; due by the first-contact deadline of its priority, the way the person asked."""
    from admissions.selectors import escalation_deadlines
    from admissions.services import lead_assign

    counsellor = CounsellorFactory(user=UserFactory(username="first-try")).user
    with time_machine.travel(START, tick=False):
        lead = new_lead(contact_method="text")
        follow_up = followups.open_follow_up(lead)
        assert follow_up.kind == FollowUp.Kind.TEXT
        assert follow_up.due_at == START + escalation_deadlines()[lead.priority]
        assert lead.events.filter(kind=LeadEvent.Kind.FOLLOW_UP_SET).count() == 1
        lead_assign(lead_id=lead.pk)
        assert followups.open_follow_up(lead).assigned_to == counsellor
        log_in(client, counsellor)
        page = client.get(MY_DAY).content.decode()
    assert lead_page(lead) in page


def test_the_first_attempt_closes_the_first_next_action_and_the_cadence_goes_on(db, counsellor):
    lead = new_lead()
    Lead.objects.filter(pk=lead.pk).update(assigned_to=counsellor)
    first = followups.open_follow_up(lead)
    worked = attempt(lead, counsellor)
    first.refresh_from_db()
    assert first.done_at is not None
    assert worked.next_follow_up.attempt == 1 and worked.next_follow_up.assigned_to == counsellor


def test_claiming_or_reassigning_hands_the_next_action_over(db, counsellor, supervisor):
    lead = new_lead()
    assert followups.open_follow_up(lead).assigned_to is None
    pipeline.claim(lead_id=lead.pk, user=counsellor)
    assert followups.open_follow_up(lead).assigned_to == counsellor
    colleague = CounsellorFactory(user=UserFactory(username="colleague-2")).user
    pipeline.reassign(lead_id=lead.pk, user=supervisor, to_user_id=colleague.pk)
    assert followups.open_follow_up(lead).assigned_to == colleague
