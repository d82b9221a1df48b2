"""seed_demo gives the demo staff counsellor profiles that routing can use."""

import pytest
from django.core.management import call_command

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
