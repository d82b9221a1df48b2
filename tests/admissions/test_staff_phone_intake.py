"""New lead from a call: the same screening, filled by a counsellor, born through lead_create."""

import pytest
from django.urls import reverse

from admissions.audit import Action
from admissions.forms import PHONE_CONSENT_VERSION, PhoneIntakeForm
from admissions.models import AuditEntry, Lead, LeadEvent
from tests.auth import log_in
from tests.factories import BASE_ANSWERS, CRISIS_ANSWERS, assess, make_answers

NEW = reverse("admissions:lead_new")


def form_data(answers: dict, **contact) -> dict:
    """What the counsellor ticks for ``answers``, plus contact details."""
    data = {
        "first_name": "Rowan",
        "last_name": "Example",
        "phone": "555-010-4477",
        "email": "",
        "contact_method": "phone",
        "contact_time": "evening",
        "language": "en",
        "heard_about": "doctor",
        "consent": "on",
        "relationship": answers["relationship"] or "",
    }
    for key, said in answers["safety"].items():
        data[key] = {True: "yes", False: "no", None: "unsure"}[said]
    for key, value in answers.items():
        if key in ("relationship", "safety", "depressant_frequency"):
            continue
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = value
    data["depressant_frequency"] = answers.get("depressant_frequency") or ""
    data.update(contact)
    return data


@pytest.fixture
def signed_in(client, counsellor):
    log_in(client, counsellor)
    return client


def test_the_form_gives_back_exactly_the_answers_it_was_filled_with():
    for answers in (
        BASE_ANSWERS,
        CRISIS_ANSWERS,
        make_answers(
            respondent="loved_one",
            relationship="parent",
            age=16,
            phq2=4,
            mental_health=["anxiety"],
            mental_health_stable=False,
            withdrawal_history=["seizures"],
            living="homeless",
        ),
    ):
        form = PhoneIntakeForm(form_data(answers))
        assert form.is_valid(), form.errors
        assert form.answers() == answers


def test_a_call_becomes_a_phone_lead_with_the_web_screening_result(signed_in, counsellor):
    response = signed_in.post(NEW, form_data(BASE_ANSWERS), REMOTE_ADDR="192.0.2.8")
    lead = Lead.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admissions:lead_detail", args=[lead.pk])
    assert lead.source == "phone"
    assert lead.answers == BASE_ANSWERS
    assert lead.assessment == assess(BASE_ANSWERS)
    assert (lead.first_name, lead.contact_time, lead.heard_about) == ("Rowan", "evening", "doctor")
    assert lead.consent_version == PHONE_CONSENT_VERSION
    [created] = LeadEvent.objects.filter(lead=lead, kind=LeadEvent.Kind.CREATED)
    assert created.actor == counsellor
    [entry] = AuditEntry.objects.filter(lead=lead, action=Action.PHONE_INTAKE)
    assert (entry.user, entry.ip) == (counsellor, "192.0.2.8")


def test_a_crisis_call_is_urgent(signed_in):
    signed_in.post(NEW, form_data(CRISIS_ANSWERS))
    lead = Lead.objects.get()
    assert (lead.crisis, lead.priority, lead.level) == (True, "urgent", "inpatient")


def test_missing_answers_are_shown_and_nothing_is_saved(signed_in):
    data = form_data(BASE_ANSWERS)
    del data["frequency"], data["first_name"]
    response = signed_in.post(NEW, data)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"frequency", "first_name"}
    assert not Lead.objects.exists()


def test_screening_problems_come_back_next_to_their_question(signed_in):
    # A loved one must say how they are related; the screening rules check it.
    data = form_data(make_answers(respondent="loved_one", relationship=None))
    response = signed_in.post(NEW, data)
    assert "relationship" in response.context["form"].errors
    assert not Lead.objects.exists()


def test_contact_problems_from_the_service_are_shown(signed_in):
    response = signed_in.post(NEW, form_data(BASE_ANSWERS, phone="12"))
    assert "phone" in response.context["form"].errors
    assert not Lead.objects.exists()


def test_consent_must_be_confirmed(signed_in):
    data = form_data(BASE_ANSWERS)
    del data["consent"]
    response = signed_in.post(NEW, data)
    assert "consent" in response.context["form"].errors
    assert not Lead.objects.exists()


def test_the_intake_page_asks_safety_first_after_the_caller(signed_in):
    content = signed_in.get(NEW).content.decode()
    assert content.index("Safety") < content.index("Substance use")
    assert "Thoughts of ending their life" in content
