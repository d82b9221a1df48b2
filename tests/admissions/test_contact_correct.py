"""Staff correct a wrong phone number or a preference: on the timeline, old and new in the
lead's audit log for a supervisor (kept beside the log, which names them by record), the same
rules as a new lead, the answers untouched; forgetting the person erases the values, and the
migration moved the values out of entries written before."""

import importlib

from django.apps import apps
from django.urls import reverse

from admissions.audit import Action, record_audit
from admissions.models import AuditEntry, ContactCorrection, Lead, LeadEvent
from admissions.privacy import lead_erase
from tests.auth import log_in
from tests.factories import LeadFactory

moving = importlib.import_module("admissions.migrations.0023_contact_corrections")


def correct(client, lead, **changes):
    data = {
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "phone": lead.phone,
        "email": lead.email,
        "contact_method": lead.contact_method,
        "contact_time": lead.contact_time,
        **changes,
    }
    return client.post(reverse("admissions:lead_correct", args=[lead.pk]), data, follow=True)


def test_a_wrong_phone_is_corrected_on_the_timeline_and_in_the_audit_log(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor, phone="(305) 555-0100")
    answers = lead.answers
    log_in(client, counsellor)
    content = correct(client, lead, phone="(305) 555-0142").content.decode()
    assert "Contact details corrected." in content
    lead.refresh_from_db()
    assert (lead.phone, lead.phone_digits) == ("(305) 555-0142", "3055550142")
    assert lead.answers == answers
    (event,) = LeadEvent.objects.filter(lead=lead, kind="contact_corrected")
    assert event.data == {"fields": ["phone"]}
    entry = AuditEntry.objects.get(lead=lead, action="contact_correct")
    record = ContactCorrection.objects.get(lead=lead)
    assert (record.field, record.old, record.new, record.by) == (
        "phone",
        "(305) 555-0100",
        "(305) 555-0142",
        counsellor,
    )
    # The append-only log names the field and its record, never the values.
    assert entry.detail == {"corrected": {"phone": record.pk}}


def test_a_bad_correction_is_refused_with_the_same_rules_and_nothing_is_lost(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor, phone="(305) 555-0100")
    log_in(client, counsellor)
    content = correct(client, lead, phone="12").content.decode()
    assert "Enter a phone number with 10 to 15 digits" in content
    assert Lead.objects.get(pk=lead.pk).phone == "(305) 555-0100"
    texts = correct(client, lead, contact_method="text").content.decode()
    assert "Text messages need consent" in texts


def test_nothing_changed_says_so(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, counsellor)
    assert "Nothing changed." in correct(client, lead).content.decode()


def test_another_counsellor_cannot_correct(client, counsellor, other_counsellor):
    lead = LeadFactory(assigned_to=counsellor, phone="(305) 555-0100")
    log_in(client, other_counsellor)
    assert correct(client, lead, phone="(305) 555-0142").status_code == 404
    assert Lead.objects.get(pk=lead.pk).phone == "(305) 555-0100"


def audit_page(client, lead) -> str:
    return client.get(reverse("admissions:lead_audit", args=[lead.pk])).content.decode()


def test_a_supervisor_reads_old_and_new_on_the_leads_audit_page_and_that_is_audited(
    client, counsellor, supervisor
):
    lead = LeadFactory(assigned_to=counsellor, phone="(305) 555-0100", email="old@example.net")
    log_in(client, counsellor)
    correct(client, lead, phone="(305) 555-0142", email="new@example.net", contact_time="morning")
    phone, email, time = (
        ContactCorrection.objects.get(lead=lead, field=name)
        for name in ("phone", "email", "contact_time")
    )
    log_in(client, supervisor)
    content = audit_page(client, lead)
    assert f"phone corrected (record {phone.pk}): (305) 555-0100 → (305) 555-0142" in content
    assert f"email corrected (record {email.pk}): old@example.net → new@example.net" in content
    assert f"Best time corrected (record {time.pk}): Any time → Morning" in content
    shown = AuditEntry.objects.get(lead=lead, action=Action.VIEW_CORRECTIONS)
    assert shown.user == supervisor
    assert sorted(shown.detail["contact_corrections"]) == sorted([phone.pk, email.pk, time.pk])


def test_the_audit_detail_holds_none_of_the_values(client, counsellor):
    lead = LeadFactory(
        assigned_to=counsellor, first_name="Ana", phone="(305) 555-0100", email="old@example.net"
    )
    log_in(client, counsellor)
    correct(client, lead, first_name="Anabel", phone="(305) 555-0142", email="new@example.net")
    (entry,) = AuditEntry.objects.filter(lead=lead, action="contact_correct")
    assert sorted(entry.detail["corrected"]) == ["email", "first_name", "phone"]
    for value in ("Ana", "0100", "0142", "old@", "new@"):
        assert value not in str(entry.detail)


def test_the_whole_log_and_the_administrator_see_which_field_changed_but_not_the_values(
    client, counsellor, supervisor, administrator
):
    lead = LeadFactory(assigned_to=counsellor, phone="(305) 555-0100")
    log_in(client, counsellor)
    correct(client, lead, phone="(305) 555-0142")
    record = ContactCorrection.objects.get(lead=lead)
    log_in(client, supervisor)
    whole = client.get(reverse("admissions:audit")).content.decode()
    log_in(client, administrator)
    own_page = audit_page(client, lead)
    for content in (whole, own_page):
        assert f"phone corrected (record {record.pk})" in content
        assert "555-0100" not in content and "555-0142" not in content
    assert not AuditEntry.objects.filter(action=Action.VIEW_CORRECTIONS).exists()


def test_forgetting_the_person_erases_the_corrected_values_and_the_entry_stays(
    client, counsellor, supervisor
):
    lead = LeadFactory(assigned_to=counsellor, phone="(305) 555-0100")
    log_in(client, counsellor)
    correct(client, lead, phone="(305) 555-0142")
    entry = AuditEntry.objects.get(lead=lead, action="contact_correct")
    erasure = lead_erase(lead_id=lead.pk)
    assert erasure.corrections == 1
    record = ContactCorrection.objects.get(lead=lead)
    assert (record.old, record.new) == ("", "") and record.erased_at is not None
    assert AuditEntry.objects.get(pk=entry.pk).detail == entry.detail
    log_in(client, supervisor)
    content = audit_page(client, lead)
    assert f"phone corrected (record {record.pk}): erased" in content
    assert "555-0100" not in content and "555-0142" not in content
    assert lead_erase(lead_id=lead.pk).changed is False, "nothing left to erase"


def test_the_migration_moves_values_out_of_entries_written_the_old_way(counsellor):
    kept = LeadFactory(phone="(305) 555-0142")
    forgotten = LeadFactory(phone="")
    # As ``contact_correct`` wrote them before the values had a table of their own.
    before = record_audit(
        user=counsellor,
        action="contact_correct",
        lead=kept,
        detail={
            "changes": {
                "phone": ["(305) 555-0100", "(305) 555-0142"],
                "contact_time": ["anytime", "morning"],
            }
        },
    )
    erased_later = record_audit(
        user=counsellor,
        action="contact_correct",
        lead=forgotten,
        detail={"changes": {"email": ["old@example.net", "new@example.net"]}},
    )
    erase = record_audit(user=None, action="erase_lead", lead=forgotten, detail={"fields": []})

    moving.move_values_out(apps, None)

    before.refresh_from_db()
    phone = ContactCorrection.objects.get(lead=kept, field="phone")
    time = ContactCorrection.objects.get(lead=kept, field="contact_time")
    assert before.detail["corrected"] == {"phone": phone.pk, "contact_time": time.pk}
    assert "values_moved_out_at" in before.detail, "the entry says it was rewritten"
    assert "0100" not in str(before.detail) and "0142" not in str(before.detail)
    assert (phone.old, phone.new, phone.by, phone.at) == (
        "(305) 555-0100",
        "(305) 555-0142",
        counsellor,
        before.created_at,
    )
    assert (time.old, time.new, time.erased_at) == ("anytime", "morning", None)
    # The person erased since: their values are not brought back to life.
    erased_later.refresh_from_db()
    email = ContactCorrection.objects.get(lead=forgotten)
    assert erased_later.detail["corrected"] == {"email": email.pk}
    assert (email.old, email.new, email.erased_at) == ("", "", erase.created_at)
    # Run again, it finds nothing left to move.
    moving.move_values_out(apps, None)
    assert ContactCorrection.objects.count() == 3
    # Undone, the values go back where they were (blank where the person was erased).
    moving.move_values_back(apps, None)
    before.refresh_from_db()
    erased_later.refresh_from_db()
    assert before.detail == {
        "changes": {
            "phone": ["(305) 555-0100", "(305) 555-0142"],
            "contact_time": ["anytime", "morning"],
        }
    }
    assert erased_later.detail == {"changes": {"email": ["", ""]}}
