"""FHIR R4 bundles: valid with fhir.resources, faithful to the lead, refused without consent."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis.extra.django import TestCase as HypothesisTestCase

from admissions.consent_models import Disclosure
from handoff.fhir.bundle import InvalidBundle, lead_bundle, risk_ratings, validate
from handoff.fhir.questionnaire import answers_from_response, questionnaire, response_items
from screening import RULES_VERSION, evaluate, parse_answers
from screening.messages import STAFF
from tests.factories import CRISIS_ANSWERS, LeadFactory, make_answers
from tests.handoff.conftest import give_consent
from tests.reliability.conftest import REPO_ROOT, test_database_url
from tests.screening.strategies import answers as any_answers


def resources(bundle: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for entry in bundle["entry"]:
        found.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return found


def test_a_bundle_holds_the_whole_record_and_validates(consented_lead):
    consent = consented_lead.consents.get()
    bundle = lead_bundle(consented_lead, consent)
    validate(bundle)
    found = resources(bundle)
    assert sorted(found) == [
        "Consent",
        "Patient",
        "Questionnaire",
        "QuestionnaireResponse",
        "RiskAssessment",
        "ServiceRequest",
    ]
    patient = found["Patient"][0]
    assert patient["name"][0]["given"] == [consented_lead.first_name]
    request = found["ServiceRequest"][0]
    assert request["code"]["coding"][0]["code"] == consented_lead.level
    assert request["intent"] == "proposal"
    assert {reason["coding"][0]["code"] for reason in request["reasonCode"]} == {
        reason["code"] for reason in consented_lead.assessment["reasons"]
    }
    # The clinician reads the third person, never the sentence that spoke to the person.
    assert [reason["text"] for reason in request["reasonCode"]] == [
        STAFF[reason["code"]] for reason in consented_lead.assessment["reasons"]
    ]
    assert found["Questionnaire"][0]["version"] == RULES_VERSION
    assert found["Consent"][0]["provision"]["period"]["end"] == consent.expires_on.isoformat()
    # Rules 2 rate suicide, withdrawal and overdose risk.
    outcomes = {r["prediction"][0]["outcome"]["coding"][0]["code"] for r in found["RiskAssessment"]}
    assert outcomes == {"44301001", "complicated-withdrawal", "1149222004"}


def test_every_resource_carries_the_part2_labels_and_the_bundle_the_notice(consented_lead):
    bundle = lead_bundle(consented_lead, consented_lead.consents.get())
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] == "Questionnaire":
            continue  # the questions themselves are no one's record
        codes = {label["code"] for label in entry["resource"]["meta"]["security"]}
        assert {"R", "42CFRPart2", "NORDSCLCD"} <= codes
    notice = bundle["meta"]["extension"][0]["valueString"]
    assert "42 CFR part 2" in notice and "NOT sufficient" in notice


def test_a_loved_one_is_a_related_person_and_the_patient_stays_nameless(lead):
    lead = LeadFactory(answers_changes={"respondent": "loved_one", "relationship": "parent"})
    bundle = lead_bundle(lead, give_consent(lead))
    found = resources(bundle)
    related = found["RelatedPerson"][0]
    assert related["relationship"][0]["coding"][0]["code"] == "PRN"
    assert related["telecom"][0]["value"] == lead.phone
    assert "name" not in found["Patient"][0]
    response = found["QuestionnaireResponse"][0]
    assert response["author"]["reference"] == bundle["entry"][1]["fullUrl"]


def test_a_contact_and_level_consent_leaves_the_screening_out(lead):
    bundle = lead_bundle(lead, give_consent(lead, information="contact_and_level"))
    found = resources(bundle)
    assert "QuestionnaireResponse" not in found and "RiskAssessment" not in found
    assert "reasonCode" not in found["ServiceRequest"][0]


def test_a_crisis_is_the_highest_priority_request(db):
    lead = LeadFactory(answers=CRISIS_ANSWERS)
    request = resources(lead_bundle(lead, give_consent(lead)))["ServiceRequest"][0]
    assert request["priority"] == "stat"
    suicide = risk_ratings(lead.assessment)["suicide"]
    assert suicide == "high"


def test_a_transaction_bundle_updates_by_identifier(consented_lead):
    bundle = lead_bundle(consented_lead, consented_lead.consents.get(), transaction=True)
    assert bundle["type"] == "transaction"
    urls = [entry["request"]["url"] for entry in bundle["entry"]]
    assert all(entry["request"]["method"] == "PUT" for entry in bundle["entry"])
    assert (
        f"Patient?identifier=http://127.0.0.1:8000/fhir/identifier/lead|{consented_lead.pk}" in urls
    )


def test_validation_catches_a_broken_resource():
    with pytest.raises(InvalidBundle):
        validate(
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"resource": {"resourceType": "Patient", "birthDate": "not a date"}}],
            }
        )


def test_the_questionnaire_asks_every_answer_once_with_codes():
    found = questionnaire()
    validate({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": found}]})
    link_ids = [item["linkId"] for item in found["item"]]
    assert sorted(link_ids) == sorted(make_answers())
    age = next(item for item in found["item"] if item["linkId"] == "age")
    assert age["code"][0] == {"system": "http://loinc.org", "code": "30525-0", "display": "Age"}
    relationship = next(item for item in found["item"] if item["linkId"] == "relationship")
    assert relationship["enableWhen"][0]["question"] == "respondent"


def _item(found: dict, link_id: str) -> dict:
    items = [*found["item"], *next(i for i in found["item"] if i["linkId"] == "safety")["item"]]
    return next(item for item in items if item["linkId"] == link_id)


def test_the_questionnaire_asks_follow_up_questions_as_the_catalogue_says():
    found = questionnaire()

    plan = _item(found, "safety.plan")
    assert plan["required"] is False
    assert plan["enableWhen"] == [
        {"question": "safety.suicidal_thoughts", "operator": "=", "answerBoolean": True},
        {"question": "safety.suicidal_thoughts", "operator": "exists", "answerBoolean": False},
    ]
    assert plan["enableBehavior"] == "any"
    withdrawal = _item(found, "withdrawal_history")
    asked_for = {e["answerCoding"]["code"] for e in withdrawal["enableWhen"]}
    assert asked_for == {
        "alcohol",
        "benzodiazepines",
        "sedatives",
        "opioids",
        "daily",
        "weekly",
        "monthly",
    }
    # "A depressant and another substance" is beyond plain enableWhen: FHIRPath says it.
    depressant = _item(found, "depressant_frequency")
    assert "enableWhen" not in depressant
    expression = depressant["extension"][0]["valueExpression"]["expression"]
    assert ".intersect('alcohol' | 'benzodiazepines' | 'sedatives')" in expression
    assert ".exclude('alcohol' | 'benzodiazepines' | 'sedatives')" in expression
    assert _item(found, "nicotine")["type"] == "boolean"
    assert "enableWhen" not in _item(found, "nicotine")


class TestRoundTrip(HypothesisTestCase):
    """A QuestionnaireResponse reads back to the same answers and the same assessment."""

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(any_answers())
    def test_answers_and_assessment_survive_the_round_trip(self, answers):
        stored = parse_answers(answers).to_dict()
        response = {
            "resourceType": "QuestionnaireResponse",
            "status": "completed",
            "item": response_items(stored),
        }
        back = parse_answers(answers_from_response(response))
        self.assertEqual(back.to_dict(), stored)
        self.assertEqual(evaluate(back).to_dict(), evaluate(parse_answers(stored)).to_dict())


# --- export_fhir ------------------------------------------------------------------------------


def run_export(*args: str) -> subprocess.CompletedProcess:
    """``manage.py export_fhir`` in a process of its own, on the test database."""
    env = {**os.environ, "DATABASE_URL": test_database_url()}
    return subprocess.run(
        [sys.executable, "manage.py", "export_fhir", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_export_fhir_prints_the_bundle_with_a_tpo_consent(consented_lead, capsys):
    call_command("export_fhir", str(consented_lead.pk))
    bundle = json.loads(capsys.readouterr().out)
    validate(bundle)
    assert Disclosure.objects.get(lead=consented_lead).channel == "fhir_export"


@pytest.mark.django_db(transaction=True)
def test_export_fhir_exits_2_with_one_line_without_consent_or_lead():
    lead = LeadFactory()
    refused = run_export(str(lead.pk))
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr.strip() == (
        f"Lead {lead.pk}: No consent on file permits disclosing this record to the centre's "
        "own systems (treatment, payment and operations)."
    )
    missing = run_export("999999")
    assert (missing.returncode, missing.stderr.strip()) == (2, "Lead 999999 does not exist.")
    assert run_export("abc").returncode == 2


def test_export_fhir_for_a_named_recipient_needs_a_consent_naming_them(consented_lead, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("export_fhir", str(consented_lead.pk), "--recipient", "Harbor Clinic")
    assert exit_info.value.code == 2
    give_consent(consented_lead, scope="recipient", recipient="Harbor Clinic")
    call_command("export_fhir", str(consented_lead.pk), "--recipient", "Harbor Clinic")
    assert Disclosure.objects.get().recipient == "Harbor Clinic"


def test_the_leads_insurance_is_a_coverage(consented_lead):
    from benefits.models import Coverage, Payer

    payer = Payer.objects.create(name="Blue Harbor Health", payer_id="BHH01")
    Coverage.objects.create(
        lead=consented_lead,
        payment_type="commercial",
        payer=payer,
        member_id="XZ123456789",
        group_number="G-4410",
        subscriber="other",
        subscriber_first_name="Marta",
        subscriber_last_name="Lopez",
        subscriber_relationship="child",
    )
    bundle = lead_bundle(consented_lead, consented_lead.consents.get(), transaction=True)
    coverage = resources(bundle)["Coverage"][0]
    assert coverage["payor"] == [{"display": "Blue Harbor Health"}]
    assert coverage["subscriberId"] == "XZ123456789"
    assert coverage["relationship"]["coding"][0]["code"] == "child"
    assert coverage["subscriber"] == {"display": "Marta Lopez"}
    assert coverage["class"][0]["value"] == "G-4410"


def test_a_contact_and_level_consent_leaves_the_insurance_out(lead):
    from benefits.models import Coverage

    Coverage.objects.create(lead=lead, payment_type="self_pay")
    bundle = lead_bundle(lead, give_consent(lead, information="contact_and_level"))
    assert "Coverage" not in resources(bundle)
    with_all = lead_bundle(lead, give_consent(lead))
    assert resources(with_all)["Coverage"][0]["payor"][0]["reference"].startswith("urn:uuid:")
