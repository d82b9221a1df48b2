"""seed_demo gives the demo staff counsellor profiles that routing can use."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from admissions import booking
from admissions.booking_models import AssessmentSlot
from admissions.models import CounsellorProfile
from admissions.services import lead_assign
from tests.factories import CRISIS_ANSWERS, LeadFactory

pytestmark = pytest.mark.django_db


def test_demo_counsellor_speaks_spanish_and_demo_supervisor_is_on_call(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    casey = CounsellorProfile.objects.get(user__username="counsellor")
    sam = CounsellorProfile.objects.get(user__username="supervisor")
    assert (casey.languages, casey.on_call, casey.active) == (["en", "es"], False, True)
    assert (sam.on_call, sam.active) == (True, True)


def test_seed_demo_twice_keeps_one_profile_each_and_local_changes(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    CounsellorProfile.objects.filter(user__username="counsellor").update(capacity=3)
    call_command("seed_demo")
    assert CounsellorProfile.objects.count() == 2
    assert CounsellorProfile.objects.get(user__username="counsellor").capacity == 3


def test_demo_staff_route_an_urgent_lead_to_the_supervisor_on_call(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    lead = LeadFactory(answers_changes=CRISIS_ANSWERS)
    lead_assign(lead_id=lead.pk)
    lead.refresh_from_db()
    assert lead.assigned_to.username == "supervisor"


def test_seed_demo_offers_weekday_assessment_times_once(settings):
    """`make run` shows booking on the result page: the demo has free times, made only once."""
    settings.DEBUG = True
    with time_machine.travel(datetime(2026, 12, 4, 17, 0, tzinfo=UTC), tick=False):  # a Friday
        call_command("seed_demo")
        call_command("seed_demo")
        slots = list(booking.free_slots())
    centre = ZoneInfo(settings.TIME_ZONE)
    assert len(slots) == 6
    assert {slot.starts_at.astimezone(centre).weekday() for slot in slots} <= {0, 1, 2, 3, 4}
    assert slots[0].starts_at.astimezone(centre) == datetime(2026, 12, 7, 10, 0, tzinfo=centre)
    assert {slot.staff.username for slot in slots} == {"counsellor"}
    in_person = [slot for slot in slots if slot.mode == AssessmentSlot.Mode.IN_PERSON]
    assert in_person and all(
        slot.location == settings.DOORWAY_CENTRE["address"] for slot in in_person
    )
