"""The admin: counsellor profiles are edited there, leads and the audit log only read."""

import pytest
from django.urls import reverse

from admissions.models import AuditEntry
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_leads_without_names_or_phone_numbers(admin_client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    page = admin_client.get(reverse("admin:admissions_lead_changelist"))
    assert page.status_code == 200
    assert f"Lead {lead.pk}" in page.content.decode()
    assert lead.last_name not in page.content.decode()
    assert lead.phone not in page.content.decode()


def test_a_lead_in_the_admin_shows_no_personal_data_and_opening_it_is_audited(
    admin_client, counsellor
):
    lead = LeadFactory(
        first_name="Philippa",
        last_name="Drummondsworth",
        phone="555-013-2468",
        email="philippa.d@example.org",
        message="Please call after my shift",
        assigned_to=counsellor,
    )
    lead.events.create(kind="note", actor=counsellor, body="Said her brother Oswin drinks too")
    page = admin_client.get(reverse("admin:admissions_lead_change", args=[lead.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for personal in (
        "Philippa",
        "Drummondsworth",
        "013-2468",
        "philippa.d",
        "after my shift",
        "Oswin",
        "larger_amounts",  # an answer
        "use_criteria",
    ):
        assert personal not in html
    assert f'href="/staff/leads/{lead.pk}/"' in html, "the staff page, where reading is audited"
    entry = AuditEntry.objects.get(lead=lead)
    assert (entry.action, entry.detail, entry.ip) == ("view_lead", {"via": "admin"}, "127.0.0.1")


def test_the_admin_lead_list_records_nothing_and_has_no_search_by_name(admin_client):
    LeadFactory(first_name="Philippa")
    signed_in = AuditEntry.objects.count()  # the sign-in itself is on the record
    listing = admin_client.get(reverse("admin:admissions_lead_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Philippa" not in html
    assert 'id="searchbar"' not in html
    assert AuditEntry.objects.count() == signed_in


def test_leads_and_audit_entries_cannot_be_added_changed_or_deleted_in_the_admin(
    admin_client, counsellor
):
    lead = LeadFactory()
    entry = AuditEntry.objects.create(user=counsellor, lead=lead, action="viewed")
    assert admin_client.get(reverse("admin:admissions_lead_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:admissions_lead_delete", args=[lead.pk])).status_code == 403
    )
    assert admin_client.get(reverse("admin:admissions_auditentry_add")).status_code == 403
    delete_entry = reverse("admin:admissions_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete_entry, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_supervisor_can_put_a_counsellor_on_call_from_the_admin(admin_client, counsellor):
    profile = counsellor.counsellor
    page = admin_client.get(reverse("admin:admissions_counsellorprofile_change", args=[profile.pk]))
    assert page.status_code == 200
    response = admin_client.post(
        reverse("admin:admissions_counsellorprofile_change", args=[profile.pk]),
        {
            "user": counsellor.pk,
            "languages": '["en", "es"]',
            "on_call": "on",
            "capacity": 10,
            "active": "on",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.on_call, profile.languages, profile.capacity) == (True, ["en", "es"], 10)
