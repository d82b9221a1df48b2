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


def test_not_sure_answers_and_the_new_questions_reach_the_lead(signed_in):
    answers = make_answers(
        respondent="loved_one",
        relationship="parent",
        substances=["alcohol", "opioids"],
        depressant_frequency="weekly",
        overdose_past_year=True,
        injects=True,
        left_custody_recently=True,
        nicotine=True,
        safety={"wish_dead": None, "suicidal_thoughts": None, "method": None, "intent": None},
    )
    response = signed_in.post(NEW, form_data(answers))

    lead = Lead.objects.get()
    assert response.status_code == 302
    assert lead.answers == answers
    assert (lead.priority, lead.level, lead.rules_version) == ("urgent", "iop", "2.0.0")
    assert {"naloxone", "nicotine", "overdose_risk_high", "safety_unknown"} <= set(
        lead.assessment["flags"]
    )


def test_follow_up_safety_questions_answer_no_when_their_question_was_no():
    data = form_data(BASE_ANSWERS)
    # Ticked by mistake: after "no" to thoughts of ending their life, these are not asked.
    data.update(method="yes", intent="unsure", plan="yes", harm_others_plan="yes")

    form = PhoneIntakeForm(data)

    assert form.is_valid(), form.errors
    assert form.answers()["safety"] == BASE_ANSWERS["safety"]


def test_an_asked_safety_question_left_blank_is_marked():
    data = form_data(make_answers(safety={"suicidal_thoughts": True}))
    del data["plan"], data["wish_dead"]

    form = PhoneIntakeForm(data)

    assert not form.is_valid()
    assert set(form.errors) == {"plan", "wish_dead"}
    assert form.errors["plan"] == ["Answer yes, no or not sure."]


def test_the_phone_form_has_a_field_for_every_question_of_the_catalogue():
    from screening.catalogue import BY_PATH

    form = PhoneIntakeForm()
    asked = {key for start, _legend, fields in form.sections() for key in [f.name for f in fields]}

    assert asked == {q.key for q in BY_PATH.values() if q.kind != "group"}


def test_the_counsellor_records_the_callers_coverage_with_the_call(signed_in, counsellor):
    from benefits.models import Coverage, Payer

    payer = Payer.objects.create(name="Acme Health Plan", payer_id="60054")
    page = signed_in.get(NEW).content.decode()
    assert "Insurance (optional)" in page and "Acme Health Plan" in page
    data = form_data(
        BASE_ANSWERS,
        **{
            "coverage-payment_type": "commercial",
            "coverage-payer": str(payer.pk),
            "coverage-member_id": "W123456789",
            "coverage-subscriber": "self",
        },
    )
    response = signed_in.post(NEW, data)
    lead = Lead.objects.get()
    assert response["Location"] == reverse("admissions:lead_detail", args=[lead.pk])
    coverage = Coverage.objects.get(lead=lead)
    assert (coverage.payer, coverage.member_id, coverage.verification) == (
        payer,
        "W123456789",
        "pending",
    )
    saved = AuditEntry.objects.filter(lead=lead, action="benefits_coverage_saved").get()
    assert saved.user == counsellor


def test_a_call_without_coverage_stores_none(signed_in):
    from benefits.models import Coverage

    signed_in.post(NEW, form_data(BASE_ANSWERS))
    assert Lead.objects.count() == 1
    assert not Coverage.objects.exists()


def test_coverage_mistakes_show_with_the_screenings_and_nothing_is_stored(signed_in):
    data = form_data(
        BASE_ANSWERS,
        phone="",
        **{"coverage-member_id": "W12 34", "coverage-subscriber_birth_date": "2999-01-01"},
    )
    response = signed_in.post(NEW, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give a phone number or an email" in page
    assert "No spaces" in page
    assert 'value="W12 34"' in page
    assert Lead.objects.count() == 0
