"""The lead page: everything staff need to call the person, and every view is audited."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from admissions.audit import Action
from admissions.models import AuditEntry, LeadEvent
from screening.messages import STAFF
from tests.auth import log_in
from tests.factories import CRISIS_ANSWERS, CounsellorFactory, LeadFactory, make_answers
from tests.screening.conftest import CRITERIA

NEW_IN_2_0 = {
    "depressant_frequency",
    "overdose_past_year",
    "injects",
    "left_custody_recently",
    "nicotine",
}


def page(client, lead, **extra) -> str:
    response = client.get(reverse("admissions:lead_detail", args=[lead.pk]), **extra)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def signed_in(client, counsellor):
    log_in(client, counsellor)
    return client


def test_shows_contact_consent_and_who_filled_it(signed_in, counsellor):
    lead = LeadFactory(assigned_to=counsellor, consent_to_texts=True, consent_version="2")
    content = page(signed_in, lead)
    for shown in (lead.first_name, lead.last_name, lead.phone, lead.email, "Version 2"):
        assert shown in content
    assert "Themselves" in content


def test_shows_the_level_and_every_reason_in_the_third_person(signed_in):
    lead = LeadFactory()
    content = page(signed_in, lead)
    assert "Intensive outpatient (IOP)" in content
    assert lead.assessment["reasons"]
    for reason in lead.assessment["reasons"]:
        assert STAFF[reason["code"]] in content
        assert reason["text"] not in content  # the person's own "you" sentence is not for staff


def test_crisis_comes_first_and_unmistakably(signed_in):
    lead = LeadFactory(answers_changes=CRISIS_ANSWERS)
    content = page(signed_in, lead)
    assert "CRISIS" in content
    assert "Crisis: this person may be in danger now." in content
    crisis_reason = content.index(STAFF["suicide_risk_high"])
    other_reasons = [
        content.index(STAFF[reason["code"]])
        for reason in lead.assessment["reasons"]
        if reason["code"] != "suicide_risk_high"
    ]
    assert all(crisis_reason < index for index in other_reasons)
    assert content.index("Suicide risk: high") > content.index(">Crisis<")


def test_reasons_are_translated_for_spanish_speaking_staff(signed_in):
    lead = LeadFactory(answers_changes=CRISIS_ANSWERS)
    with translation.override("es"):
        spanish = translation.gettext(STAFF["suicide_risk_high"])
        also = translation.gettext(STAFF["severity_moderate"])
    assert spanish != STAFF["suicide_risk_high"]
    # override() puts the thread's language back afterwards (the request switches it to Spanish).
    with translation.override("en"):
        content = page(signed_in, lead, HTTP_ACCEPT_LANGUAGE="es")
    assert content.index("Por qué este nivel") < content.index(spanish)
    assert content.index(spanish) < content.index("También se anotó") < content.index(also)


def test_a_residential_lead_lists_the_reasons_for_lower_levels_only_under_also_noted(signed_in):
    lead = LeadFactory(
        answers_changes={
            "use_criteria": CRITERIA["severe"],
            "living": "homeless",
            "age": 16,
            "obligations": ["school"],
        }
    )
    content = page(signed_in, lead)
    why, also = content.index("Why this level"), content.index("Also noted")

    assert lead.level == "residential"
    assert why < content.index(STAFF["unsafe_environment_severity"]) < also
    assert also < content.index(STAFF["severity_severe"])
    assert also < content.index(STAFF["adolescent"])


def test_a_lead_screened_with_rules_1_0_shows_1_0_and_its_own_assessment(signed_in):
    # Rules 1.0 counted daily cannabis with a liver problem as inpatient; 2.0 does not.
    answers = {key: value for key, value in make_answers().items() if key not in NEW_IN_2_0} | {
        "substances": ["cannabis"],
        "primary_substance": "cannabis",
        "frequency": "daily",
    }
    answers["medical_conditions"] = ["liver_disease"]
    stored = {
        "level": "inpatient",
        "crisis": False,
        "priority": "urgent",
        "severity": "moderate",
        "fit": {"outpatient": 0, "iop": 0, "residential": 0, "inpatient": 100},
        "reasons": [
            {
                "code": "liver_pancreas_daily_use",
                "dimension": 2,
                "text": "Using every day with a liver or pancreas problem can be dangerous, so "
                "doctors should look after your health first, in a hospital.",
                "supports": "inpatient",
            },
            {"code": "severity_moderate", "dimension": 5, "text": "…", "supports": "iop"},
        ],
        "flags": ["keeps_obligations", "medical_unstable"],
        "rules_version": "1.0.0",
    }
    lead = LeadFactory(answers=answers, assessment=stored)
    content = page(signed_in, lead)

    assert lead.rules_version == "1.0.0"
    assert "from screening rules 1.0.0" in content
    assert "Inpatient" in content and "Medically unstable" in content
    assert content.index("Why this level") < content.index(STAFF["liver_pancreas_daily_use"])
    assert "Overdose, past 12 months" in content and "Not asked" in content
    lead.refresh_from_db()
    assert lead.assessment == stored and lead.level == "inpatient"


def test_a_loved_ones_not_sure_answers_are_shown_as_not_sure(signed_in):
    lead = LeadFactory(
        answers_changes={
            "respondent": "loved_one",
            "relationship": "parent",
            "safety": {"wish_dead": None, "suicidal_thoughts": None, "method": None},
        }
    )
    content = page(signed_in, lead)

    assert "Not known: Wished they were dead (past month)" in content
    assert "Not known: Thought about how they might do it" in content
    assert STAFF["safety_unknown_other"] in content
    assert "Safety answers not known" in content


def test_answers_are_in_readable_words(signed_in):
    lead = LeadFactory(answers_changes={"substances": ["alcohol", "opioids"]})
    content = page(signed_in, lead)
    assert "Alcohol, Opioids (heroin, fentanyl, pain pills)" in content
    assert "Weekly" in content
    assert "No to every safety question" in content
    assert "larger_amounts" not in content


def test_shows_matching_programs_section(signed_in):
    content = page(signed_in, LeadFactory())
    assert "Matching programs" in content


def test_timeline_is_near_the_top_newest_first(signed_in, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.ROUTED)
    LeadEvent.objects.create(
        lead=lead,
        kind=LeadEvent.Kind.CONTACT_ATTEMPT,
        actor=counsellor,
        data={"channel": "call", "outcome": "no_answer"},
    )
    LeadEvent.objects.create(
        lead=lead, kind=LeadEvent.Kind.NOTE, actor=counsellor, body="Call at 5"
    )
    content = page(signed_in, lead)
    assert (
        content.index("Call at 5")
        < content.index("Phone call · No answer")
        < content.index("Routed")
    )
    assert content.index("Timeline") < content.index("Recommended level of care")


def test_a_long_timeline_shows_the_latest_five_and_folds_the_rest(signed_in, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    for number in range(1, 8):
        LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.NOTE, body=f"Note number {number}")
    content = page(signed_in, lead)
    folded = content.index("Show 2 earlier events")
    assert content.index("Note number 7") < content.index("Note number 3") < folded
    assert folded < content.index("Note number 2") < content.index("Note number 1")


def test_no_two_fields_on_the_lead_page_share_an_id(client, supervisor):
    lead = LeadFactory(assigned_to=supervisor)
    log_in(client, supervisor)
    content = page(client, lead)
    ids = re.findall(r'\sid="([^"]+)"', content)
    assert [name for name in set(ids) if ids.count(name) > 1] == []
    assert 'for="note-body"' in content and 'id="note-body"' in content
    assert 'for="contact-body"' in content and 'id="contact-body"' in content


def test_a_contact_attempt_outcome_must_be_chosen(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, counsellor)
    content = page(client, lead)
    select = re.search(r'<select name="outcome".*?</select>', content, re.S).group(0)
    assert '<option value="" selected>Choose how it went</option>' in select
    assert "selected" not in select.replace('<option value="" selected>', "")
    response = client.post(
        reverse("admissions:lead_contact", args=[lead.pk]), {"channel": "call", "body": "tried"}
    )
    assert response.status_code == 400
    assert not LeadEvent.objects.filter(lead=lead, kind=LeadEvent.Kind.CONTACT_ATTEMPT).exists()
    lead.refresh_from_db()
    assert lead.first_contact_at is None, "the overdue clock keeps running"
    assert 'href="#contact-outcome">Outcome: This field is required.' in response.content.decode()


def test_a_status_error_is_summarised_at_the_top_and_keeps_what_was_typed(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, counsellor)
    response = client.post(
        reverse("admissions:lead_status", args=[lead.pk]),
        {"status": "closed", "reason": "   "},
    )
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert "<title>Error: Lead" in content
    summary = content.index('id="error-summary"')
    assert summary < content.index("Timeline") < content.index('id="status-reason"')
    assert "Please check “Move along the pipeline”" in content
    assert '<a href="#status-reason">' in content
    assert re.search(r'<option value="closed" selected>', content)


def test_claim_button_shows_only_for_an_unassigned_lead(signed_in, counsellor):
    unassigned = LeadFactory()
    assert "Claim this lead" in page(signed_in, unassigned)
    claimed = LeadFactory(assigned_to=counsellor, claimed_at=unassigned.created_at)
    assert "Claim this lead" not in page(signed_in, claimed)
    assert "Confirm I am taking this lead" not in page(signed_in, claimed)


def test_a_lead_routed_to_me_asks_me_to_confirm_rather_than_claim(signed_in, counsellor):
    routed = LeadFactory(assigned_to=counsellor)
    content = page(signed_in, routed)
    assert "Claim this lead" not in content
    assert "Confirm I am taking this lead" in content


def test_a_lead_assigned_to_someone_else_offers_no_claim(client, supervisor, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, supervisor)
    content = page(client, lead)
    assert "Claim this lead" not in content
    assert "Confirm I am taking this lead" not in content


def test_staff_pages_have_no_patient_only_buttons(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    pages = [client.get(reverse("admissions:login")).content.decode()]
    log_in(client, counsellor)
    pages += [
        client.get(reverse("admissions:queue")).content.decode(),
        page(client, lead),
        client.get(reverse("admissions:dashboard")).content.decode(),
    ]
    for content in pages:
        assert "Quick exit" not in content
        assert "Need help now?" not in content
        assert "quick-exit.js" not in content
        assert "Talk to our admissions team" not in content


def test_every_view_is_audited_with_user_and_ip(signed_in, counsellor):
    lead = LeadFactory()
    page(signed_in, lead, REMOTE_ADDR="203.0.113.7")
    page(signed_in, lead, REMOTE_ADDR="203.0.113.7")
    entries = AuditEntry.objects.filter(lead=lead, action=Action.VIEW_LEAD)
    assert entries.count() == 2
    assert {(entry.user, entry.ip) for entry in entries} == {(counsellor, "203.0.113.7")}


def test_a_lead_not_visible_is_not_audited_as_viewed(client, other_counsellor, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, other_counsellor)
    assert client.get(reverse("admissions:lead_detail", args=[lead.pk])).status_code == 404
    assert not AuditEntry.objects.filter(lead=lead).exists()


def test_what_people_typed_is_escaped(signed_in):
    lead = LeadFactory(first_name="<script>alert(1)</script>", message="<b>hi</b>")
    raw = signed_in.get(reverse("admissions:lead_detail", args=[lead.pk])).content.decode()
    assert "<script>alert(1)</script>" not in raw
    assert "&lt;script&gt;" in raw
    assert "<b>hi</b>" not in raw
    queue = signed_in.get(reverse("admissions:queue")).content.decode()
    assert "<script>alert(1)</script>" not in queue


def test_reassign_form_is_for_supervisors_only(client, counsellor, supervisor):
    lead = LeadFactory(assigned_to=counsellor)
    log_in(client, counsellor)
    assert "Reassign (supervisor)" not in page(client, lead)
    log_in(client, supervisor)
    assert "Reassign (supervisor)" in page(client, lead)


def test_safety_answers_are_listed_in_the_order_they_are_asked(signed_in):
    content = page(signed_in, LeadFactory(answers_changes=CRISIS_ANSWERS))
    assert "Thoughts of ending their life (past month), Worked out details or a plan" in content
    assert "Not applicable" in content  # relationship, for someone filling it in for themselves


def test_the_lead_page_runs_the_same_queries_for_a_short_or_long_timeline(client, supervisor):
    lead = LeadFactory()
    log_in(client, supervisor)
    url = reverse("admissions:lead_detail", args=[lead.pk])
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    short = queries()
    for _ in range(20):
        actor = CounsellorFactory().user
        LeadEvent.objects.create(lead=lead, kind=LeadEvent.Kind.NOTE, actor=actor, body="x")
    assert queries() == short
