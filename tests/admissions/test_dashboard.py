"""The dashboard: counts, this week's median time to first contact, overdue leads now."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from admissions.models import Lead, Status
from admissions.selectors import dashboard_figures, median_time_to_first_contact, start_of_week
from tests.auth import log_in
from tests.factories import CRISIS_ANSWERS, LeadFactory


def lead_at(created: datetime, contacted: datetime | None = None, **fields) -> Lead:
    lead = LeadFactory(**fields)
    Lead.objects.filter(pk=lead.pk).update(created_at=created, first_contact_at=contacted)
    return lead


def counts(rows) -> dict[str, int]:
    return {value: count for value, _label, count in rows}


def test_counts_by_status_level_priority_and_source(db):
    LeadFactory()
    LeadFactory(status=Status.CLOSED, source="phone")
    LeadFactory(answers_changes=CRISIS_ANSWERS)
    figures = dashboard_figures()
    assert counts(figures["by_status"]) == {
        "new": 2,
        "contacted": 0,
        "assessment_scheduled": 0,
        "admitted": 0,
        "referred_out": 0,
        "not_admitted": 0,
        "closed": 1,
    }
    assert counts(figures["by_level"])["iop"] == 2
    assert counts(figures["by_level"])["inpatient"] == 1
    assert counts(figures["by_priority"]) == {"urgent": 1, "high": 0, "normal": 2}
    assert counts(figures["by_source"]) == {"web": 2, "phone": 1, "import": 0, "api": 0}


def test_median_is_the_middle_wait_of_leads_first_contacted_this_week(db):
    monday = start_of_week(timezone.now())
    wednesday = monday + timedelta(days=2)
    for minutes in (10, 20, 90):
        created = monday + timedelta(days=1)
        lead_at(created, created + timedelta(minutes=minutes))
    # First contacted last week: not counted (it would move the median to 55 minutes).
    lead_at(monday - timedelta(days=2), monday - timedelta(days=1))
    # Not contacted yet: not counted.
    lead_at(monday + timedelta(hours=1))
    figures = dashboard_figures(now=wednesday)
    assert figures["median_first_contact"] == timedelta(minutes=20)


def test_no_contacts_this_week_means_no_median(db):
    assert dashboard_figures()["median_first_contact"] is None


def test_overdue_now_counts_new_uncontacted_leads_past_their_deadline(db):
    now = timezone.now()
    lead_at(now - timedelta(minutes=16), answers_changes=CRISIS_ANSWERS)  # urgent, overdue
    lead_at(now - timedelta(minutes=10), answers_changes=CRISIS_ANSWERS)  # urgent, in time
    lead_at(now - timedelta(hours=5))  # normal, overdue
    lead_at(now - timedelta(hours=3))  # normal, in time
    lead_at(now - timedelta(hours=5), now - timedelta(hours=4))  # contacted
    lead_at(now - timedelta(hours=5), status=Status.CLOSED)  # closed
    assert dashboard_figures(now=now)["overdue_now"] == 2


@pytest.mark.parametrize("persona", ["counsellor", "supervisor"])
def test_dashboard_page_shows_the_figures(client, request, persona):
    log_in(client, request.getfixturevalue(persona))
    now = timezone.now()
    lead_at(now - timedelta(hours=5))
    content = client.get(reverse("admissions:dashboard")).content.decode()
    assert 'id="overdue-now"><a href="/staff/?deadline=overdue">1</a><' in content
    assert "By source" in content


def test_this_weeks_first_contacts_are_found_by_index_not_by_reading_every_lead(db):
    now = timezone.now()
    lead_at(now - timedelta(hours=2), contacted=now - timedelta(hours=1))
    with CaptureQueriesContext(connection) as ran:
        assert median_time_to_first_contact(since=now - timedelta(days=1)) == timedelta(hours=1)
    (query,) = ran.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {query['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "lead_first_contact_idx" in plan


def test_this_weeks_leads_by_source_come_from_the_report_figures(client, supervisor):
    from reporting import aggregates
    from reporting.selectors import sources_this_week

    today = timezone.localdate()
    for fields in (
        {"utm_source": "newsletter", "referrer_host": "google.com"},
        {"utm_source": "newsletter"},
        {"referrer_host": "clinic.example.org", "heard_about": "doctor"},
        {"heard_about": "doctor"},
        {},
    ):
        LeadFactory(**fields)
    aggregates.refresh_recent(days=1)
    Lead.objects.all().delete()  # the section reads the figures, not the leads
    with CaptureQueriesContext(connection) as ran:
        found = sources_this_week(today=today)
    assert len(ran) == 1 and "admissions_lead" not in ran.captured_queries[0]["sql"]
    assert found.rows == [
        ("Campaign source: newsletter", 2),
        ("Direct", 1),
        ("Heard about us: Doctor or therapist", 1),
        ("Referring site: clinic.example.org", 1),
    ]
    log_in(client, supervisor)
    content = client.get(reverse("admissions:dashboard")).content.decode()
    assert "Where this week's leads came from" in content
    assert '<th scope="row">Campaign source: newsletter</th><td class="text-end">2</td>' in content
    assert 'href="/staff/reports/?range=week#table-origin"' in content


def test_the_sources_section_costs_the_dashboard_one_query(client, supervisor, monkeypatch):
    from reporting import selectors as reporting_selectors

    log_in(client, supervisor)
    url = reverse("admissions:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as with_section:
        client.get(url)
    empty = reporting_selectors.SourcesThisWeek(week_start=timezone.localdate(), rows=[], total=0)
    monkeypatch.setattr(reporting_selectors, "sources_this_week", lambda: empty)
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    assert len(with_section) - len(without) == 1


def test_counsellors_see_the_sources_without_a_link_to_the_reports(client, counsellor):
    log_in(client, counsellor)
    content = client.get(reverse("admissions:dashboard")).content.decode()
    assert "No leads this week yet." in content
    assert "/staff/reports/" not in content


def test_the_sources_section_speaks_spanish(client, supervisor):
    from django.conf import settings

    from reporting import aggregates

    LeadFactory(heard_about="family_friend")
    aggregates.refresh_recent(days=1)
    log_in(client, supervisor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    content = client.get(reverse("admissions:dashboard")).content.decode()
    assert "De dónde vinieron los casos de esta semana" in content
    assert "Nos conoció por: Familia o amistades" in content


def test_overdue_leads_are_counted_from_their_index_without_reading_a_lead(db):
    now = timezone.now()
    lead_at(now - timedelta(hours=5))
    lead_at(now - timedelta(hours=5), now - timedelta(hours=4))
    with CaptureQueriesContext(connection) as ran:
        assert dashboard_figures(now=now)["overdue_now"] == 1
    (query,) = [
        query for query in ran.captured_queries if '"first_contact_at" IS NULL' in query["sql"]
    ]
    with connection.cursor() as cursor:
        # A real table is not read whole, or through a bitmap, for a few thousand new leads.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {query['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using lead_awaiting_contact_idx" in plan
