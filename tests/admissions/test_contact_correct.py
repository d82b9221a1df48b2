"""Staff correct a wrong phone number or a preference: on the timeline, old and new in the
audit log, the same rules as a new lead, the answers untouched."""

from django.urls import reverse

from admissions.models import AuditEntry, Lead, LeadEvent
from tests.auth import log_in
from tests.factories import LeadFactory


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
    assert entry.detail == {"changes": {"phone": ["(305) 555-0100", "(305) 555-0142"]}}


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
