"""The queue says who to call next and why: time left, the top flag, how to reach them; every
counsellor sees urgent and overdue leads whoever has them; it refreshes itself; the
dashboard's numbers open the queue they count."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from admissions.models import ContactMethod, ContactTime, Lead, Status
from tests.auth import log_in
from tests.factories import CRISIS_ANSWERS, LeadFactory

QUEUE = reverse("admissions:queue")
DASHBOARD = reverse("admissions:dashboard")
LEAD_LINK = re.compile(rb'href="/staff/leads/(\d+)/"')


def listed(response) -> list[int]:
    return [int(pk) for pk in LEAD_LINK.findall(response.content)]


def row_of(response, lead: Lead) -> str:
    """The queue's table row of ``lead``, as text."""
    content = response.content.decode()
    start = content.index(f'href="/staff/leads/{lead.pk}/"')
    return content[content.rindex("<tr", 0, start) : content.index("</tr>", start)]


@pytest.fixture
def signed_in(client, counsellor):
    log_in(client, counsellor)
    return client


def test_an_urgent_lead_routed_to_a_supervisor_is_seen_by_every_counsellor(signed_in, supervisor):
    urgent = LeadFactory(answers_changes=CRISIS_ANSWERS, assigned_to=supervisor)
    assert listed(signed_in.get(QUEUE)) == [urgent.pk]
    assert listed(signed_in.get(QUEUE, {"priority": "urgent"})) == [urgent.pk]
    row = row_of(signed_in.get(QUEUE), urgent)
    assert "A colleague has it" in row
    assert supervisor.get_username() in row or supervisor.get_full_name() in row
    # The lead page opens too: the counsellor can read it before helping.
    assert signed_in.get(reverse("admissions:lead_detail", args=[urgent.pk])).status_code == 200


def test_an_overdue_lead_of_another_counsellor_is_seen_but_a_calm_one_is_not(
    signed_in, other_counsellor
):
    overdue = LeadFactory(assigned_to=other_counsellor)
    Lead.objects.filter(pk=overdue.pk).update(created_at=timezone.now() - timedelta(hours=5))
    LeadFactory(assigned_to=other_counsellor)
    closed_urgent = LeadFactory(
        answers_changes=CRISIS_ANSWERS, assigned_to=other_counsellor, status=Status.CLOSED
    )
    assert listed(signed_in.get(QUEUE)) == [overdue.pk]
    assert closed_urgent.pk not in listed(signed_in.get(QUEUE, {"status": ""}))


def test_the_row_counts_down_to_the_deadline_then_past_it(signed_in):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        lead = LeadFactory(answers_changes=CRISIS_ANSWERS)
        clock.shift(timedelta(minutes=6))
        assert "9 min left" in row_of(signed_in.get(QUEUE), lead)
        clock.shift(timedelta(minutes=13))
        row = row_of(signed_in.get(QUEUE), lead)
        assert "overdue 4 min" in row
        assert "row-overdue" in row


def test_a_contacted_lead_shows_no_countdown(signed_in, counsellor):
    lead = LeadFactory(assigned_to=counsellor, status=Status.CONTACTED)
    Lead.objects.filter(pk=lead.pk).update(first_contact_at=timezone.now())
    row = row_of(signed_in.get(QUEUE), lead)
    assert "left" not in row and "overdue" not in row


def test_the_row_says_why_and_how_to_reach_them(signed_in):
    lead = LeadFactory(
        answers_changes={"age": 16},
        contact_method=ContactMethod.TEXT,
        contact_time=ContactTime.EVENING,
    )
    row = row_of(signed_in.get(QUEUE), lead)
    assert "Under 18" in row
    assert "Text message · Evening" in row


def test_the_row_speaks_spanish(signed_in):
    lead = LeadFactory(answers_changes={"age": 16}, contact_time=ContactTime.MORNING)
    row = row_of(signed_in.get(QUEUE, HTTP_ACCEPT_LANGUAGE="es"), lead)
    assert "Menor de 18" in row
    assert "Por la mañana" in row
    assert "1 h restantes" in row


def test_the_queue_refreshes_itself_with_a_script_the_policy_allows(signed_in):
    response = signed_in.get(QUEUE, {"priority": "urgent"})
    content = response.content.decode()
    assert '<script src="/static/admissions/queue-refresh.js" defer></script>' in content
    assert 'id="auto-refresh" checked' in content
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_dashboards_numbers_open_the_queue_they_count(signed_in, supervisor):
    urgent = LeadFactory(answers_changes=CRISIS_ANSWERS, assigned_to=supervisor)
    overdue = LeadFactory()
    Lead.objects.filter(pk=overdue.pk).update(created_at=timezone.now() - timedelta(hours=5))
    content = signed_in.get(DASHBOARD).content.decode()
    urgent_link = re.search(r'id="open-urgent"><a href="([^"]+)">1</a>', content).group(1)
    overdue_link = re.search(r'id="overdue-now"><a href="([^"]+)">1</a>', content).group(1)
    assert listed(signed_in.get(urgent_link.replace("&amp;", "&"))) == [urgent.pk]
    assert listed(signed_in.get(overdue_link.replace("&amp;", "&"))) == [overdue.pk]
    new_link = re.search(
        r'<th scope="row">New</th><td class="text-end"><a href="([^"]+)">2<', content
    )
    assert sorted(listed(signed_in.get(new_link.group(1).replace("&amp;", "&")))) == sorted(
        [urgent.pk, overdue.pk]
    )


def test_an_analyst_sees_the_numbers_without_links_to_people(client, analyst):
    LeadFactory(answers_changes=CRISIS_ANSWERS)
    log_in(client, analyst)
    content = client.get(DASHBOARD).content.decode()
    assert 'id="open-urgent">1<' in content
    assert "/staff/?" not in content
