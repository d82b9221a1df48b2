"""Escalation fires once per lead at its deadline, never before (time set, not waited for)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from admissions.models import LeadEvent, Status
from admissions.services import escalate_unclaimed
from tests.factories import CRISIS_ANSWERS, LeadFactory

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

SUBMITTED = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
HIGH_ANSWERS = {"safety": {"wish_dead": True}}


def at(minutes: float) -> datetime:
    return SUBMITTED + timedelta(minutes=minutes)


def test_escalation_fires_once_per_lead_at_its_deadline_never_before(supervisor):
    with time_machine.travel(SUBMITTED, tick=False) as clock:
        urgent = LeadFactory(answers_changes=CRISIS_ANSWERS)
        high = LeadFactory(answers_changes=HIGH_ANSWERS)
        normal = LeadFactory()
        assert (urgent.priority, high.priority, normal.priority) == ("urgent", "high", "normal")

        timeline = [
            (at(15) - timedelta(seconds=1), []),
            (at(15), [urgent.pk]),
            (at(16), []),
            (at(60) - timedelta(seconds=1), []),
            (at(60), [high.pk]),
            (at(240) - timedelta(seconds=1), []),
            (at(240), [normal.pk]),
            (at(24 * 60), []),
        ]
        for moment, expected in timeline:
            clock.move_to(moment)
            assert escalate_unclaimed() == expected, moment

    for lead, minutes in ((urgent, 15), (high, 60), (normal, 240)):
        lead.refresh_from_db()
        assert lead.escalated_at == at(minutes)
        (event,) = LeadEvent.objects.filter(lead=lead, kind="escalated")
        assert event.data == {"after_minutes": minutes}
    assert len(mail.outbox) == 3
    assert {email.to[0] for email in mail.outbox} == {supervisor.email}
    assert {email.subject for email in mail.outbox} == {"A lead has not been claimed in time"}
    for email in mail.outbox:
        assert urgent.first_name not in email.body and urgent.phone not in email.body


def test_claimed_or_contacted_leads_are_not_escalated(supervisor, counsellor):
    with time_machine.travel(SUBMITTED, tick=False) as clock:
        claimed = LeadFactory(answers_changes=CRISIS_ANSWERS)
        contacted = LeadFactory(answers_changes=CRISIS_ANSWERS, status=Status.CONTACTED)
        waiting = LeadFactory(answers_changes=CRISIS_ANSWERS)
        clock.move_to(at(10))
        claimed.claimed_at = timezone.now()
        claimed.assigned_to = counsellor
        claimed.save()
        clock.move_to(at(30))
        assert escalate_unclaimed() == [waiting.pk]
    assert not LeadEvent.objects.filter(lead__in=[claimed, contacted], kind="escalated").exists()


def test_deadlines_come_from_settings(settings, supervisor):
    settings.DOORWAY_ESCALATE_AFTER_MINUTES = {"urgent": 5, "high": 60, "normal": 240}
    with time_machine.travel(SUBMITTED, tick=False) as clock:
        urgent = LeadFactory(answers_changes=CRISIS_ANSWERS)
        clock.move_to(at(5) - timedelta(seconds=1))
        assert escalate_unclaimed() == []
        clock.move_to(at(5))
        assert escalate_unclaimed() == [urgent.pk]
