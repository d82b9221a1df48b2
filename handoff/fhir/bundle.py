"""A lead as a FHIR R4 Bundle, built from plain values and validated with ``fhir.resources``.

``fhir.resources`` 8 ships R5 by default and R4B as a subpackage; R4B changed none of the
resources used here from R4 (only medication definitions, evidence and subscriptions), so an R4
server reads these bundles as they are. What goes in follows the consent that permits the
disclosure: with "contact details and level of care only", the screening's answers, its
reasons, the risk assessments and the insurance stay out.

Every resource carries the 42 CFR Part 2 security labels, the Bundle the notice against
redisclosure (42 CFR 2.32), and the consent that permits the disclosure travels with it.
"""

import html
import uuid
from datetime import UTC
from typing import Any

from django.utils import timezone
from django.utils.translation import override
from fhir.resources.R4B.bundle import Bundle

from admissions.consent_models import Consent, ConsentInformation, ConsentScope
from admissions.disclosures import REDISCLOSURE_NOTICE
from admissions.models import Lead, Level
from benefits.choices import PaymentType, Subscriber
from benefits.selectors import coverage_of
from handoff.fhir import codes
from handoff.fhir.questionnaire import QUESTIONNAIRE_URL, questionnaire, response_items
from screening import RULES_VERSION, Reason, Voice, reason_text

FHIR_JSON = codes.FHIR_JSON


class InvalidBundle(ValueError):
    """A Bundle ``fhir.resources`` rejects: a bug in a builder, never the person's fault."""


def _uuid(lead: Lead, kind: str) -> str:
    # Stable per lead and resource, so exporting twice gives the same references.
    return (
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{codes.identifier_system(kind)}/{lead.pk}')}"
    )


def _identifier(lead: Lead, kind: str) -> list[dict[str, str]]:
    return [{"system": codes.identifier_system(kind), "value": str(lead.pk)}]


def _meta() -> dict[str, Any]:
    return {"security": codes.SECURITY_LABELS}


def _when(moment) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _contact(lead: Lead) -> dict[str, Any]:
    """Name, phone, email and language of whoever left their contact details."""
    name = {"given": [lead.first_name]} if lead.first_name else {}
    if lead.last_name:
        name["family"] = lead.last_name
    telecom = []
    if lead.phone:
        telecom.append({"system": "phone", "value": lead.phone})
    if lead.email:
        telecom.append({"system": "email", "value": lead.email})
    found: dict[str, Any] = {}
    if name:
        found["name"] = [name]
    if telecom:
        found["telecom"] = telecom
    found["communication"] = [
        {"language": {"coding": [{"system": codes.LANGUAGE, "code": lead.language}]}}
    ]
    return found


def _patient(lead: Lead) -> dict[str, Any]:
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "meta": _meta(),
        "identifier": _identifier(lead, "lead"),
    }
    if lead.respondent == "self":
        patient.update(_contact(lead))
    return patient


def _related_person(lead: Lead, patient: str) -> dict[str, Any]:
    """The loved one who answered and left their details (they are whom the centre calls)."""
    role = codes.RELATIONSHIP_ROLES.get(lead.relationship)
    relationship = {"text": lead.relationship or "other"}
    if role:
        relationship["coding"] = [{"system": codes.ROLE_CODE, "code": role[0], "display": role[1]}]
    contact = _contact(lead)
    communication = contact.pop("communication")
    person = {
        "resourceType": "RelatedPerson",
        "meta": _meta(),
        "identifier": _identifier(lead, "related-person"),
        "patient": {"reference": patient},
        "relationship": [relationship],
        **contact,
    }
    person["communication"] = [{"language": item["language"]} for item in communication]
    return person


def _questionnaire_response(lead: Lead, patient: str, author: str) -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "meta": _meta(),
        "identifier": _identifier(lead, "questionnaire-response")[0],
        "questionnaire": f"{QUESTIONNAIRE_URL}|{lead.rules_version}",
        "status": "completed",
        "subject": {"reference": patient},
        "authored": _when(lead.created_at),
        "author": {"reference": author},
        "source": {"reference": author},
        "item": response_items(lead.answers),
    }


def _level_coding(level: str) -> dict[str, str]:
    with override("en"):
        return {
            "system": codes.doorway_system("level-of-care"),
            "code": level,
            "display": str(Level(level).label),
        }


def _service_request(lead: Lead, patient: str, screening: bool, support: list) -> dict:
    level = _level_coding(lead.level)
    request: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "meta": _meta(),
        "identifier": _identifier(lead, "service-request"),
        "status": "active",
        # A provisional recommendation: a clinician confirms the level in a formal assessment.
        "intent": "proposal",
        "priority": codes.REQUEST_PRIORITY[lead.priority],
        "code": {"coding": [level], "text": level["display"]},
        "subject": {"reference": patient},
        "authoredOn": _when(lead.created_at),
        "note": [
            {
                "text": "Provisional level of care from Doorway's screening (rules "
                f"{lead.rules_version}); a clinician confirms it in a formal assessment."
            }
        ],
    }
    if lead.crisis:
        request["priority"] = "stat"
    if screening:
        request["reasonCode"] = [
            {
                "coding": [{"system": codes.doorway_system("reason"), "code": reason["code"]}],
                # Clinicians read the third person, not the sentence that spoke to the person.
                "text": reason_text(Reason.from_dict(reason), Voice.STAFF),
            }
            for reason in lead.assessment.get("reasons", [])
        ]
        request["supportingInfo"] = [{"reference": reference} for reference in support]
    return request


def risk_ratings(assessment: dict[str, Any]) -> dict[str, str]:
    """Suicide, withdrawal and (from rules 2) overdose risk, read from the stored flags."""
    flags = set(assessment.get("flags", []))

    def first(pairs: tuple[tuple[str, str], ...]) -> str:
        return next((rating for flag, rating in pairs if flag in flags), "none")

    ratings = {
        "suicide": first(
            (
                ("suicide_risk_high", "high"),
                ("suicide_risk_moderate", "moderate"),
                ("suicide_risk_low", "low"),
            )
        ),
        "withdrawal": first(
            (
                ("medical_withdrawal", "severe"),
                ("monitored_withdrawal", "moderate"),
                ("withdrawal_symptoms", "mild"),
            )
        ),
    }
    # Rules 1 did not rate overdose risk: say nothing rather than "none".
    if int(str(assessment.get("rules_version", "1")).split(".")[0]) >= 2:
        ratings["overdose"] = first(
            (("overdose_risk_high", "high"), ("overdose_risk_moderate", "moderate"))
        )
    return ratings


def _risk_assessment(lead: Lead, patient: str, basis: str, risk: str, rating: str) -> dict:
    what = codes.RISKS[risk]
    system, code, display = what["code"]
    outcome_system, outcome_code, outcome_display = what["outcome"]
    probability = codes.RISK_PROBABILITY_OF[rating]
    return {
        "resourceType": "RiskAssessment",
        "meta": _meta(),
        "identifier": _identifier(lead, f"risk-{risk}"),
        "status": "final",
        "code": {"coding": [{"system": system, "code": code, "display": display}]},
        "subject": {"reference": patient},
        "occurrenceDateTime": _when(lead.created_at),
        "basis": [{"reference": basis}],
        "prediction": [
            {
                "outcome": {
                    "coding": [
                        {"system": outcome_system, "code": outcome_code, "display": outcome_display}
                    ]
                },
                "qualitativeRisk": {
                    "coding": [
                        {"system": codes.RISK_PROBABILITY, "code": probability},
                        {"system": codes.doorway_system("risk-rating"), "code": rating},
                    ]
                },
            }
        ],
    }


def _consent_narrative(consent: Consent) -> str:
    with override("en"):
        lines = [
            f"Who may receive it: {consent.recipient or ConsentScope.TPO.label}",
            f"What information: {ConsentInformation(consent.information).label}",
            f"Purpose: {consent.purpose}",
            f"Expires: {consent.expires_on.isoformat()}",
            f"Signed by: {consent.signed_by}",
        ]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'


def _consent(consent: Consent, lead: Lead, patient: str) -> dict[str, Any]:
    provision: dict[str, Any] = {
        "type": "permit",
        "period": {"end": consent.expires_on.isoformat()},
        "actor": [
            {
                "role": {"coding": [{"system": codes.PARTICIPATION, "code": "IRCP"}]},
                "reference": {"display": consent.recipient or str(ConsentScope.TPO.label)},
            }
        ],
    }
    if consent.scope == ConsentScope.TPO:
        provision["purpose"] = codes.TPO_PURPOSES
    return {
        "resourceType": "Consent",
        "meta": _meta(),
        "identifier": [{"system": codes.identifier_system("consent"), "value": str(consent.pk)}],
        "text": {"status": "generated", "div": _consent_narrative(consent)},
        "status": "active" if consent.is_active() else "inactive",
        "scope": {"coding": [{"system": codes.CONSENT_SCOPE, "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": codes.ACT_CODE, "code": "IDSCL"}]}],
        "patient": {"reference": patient},
        "dateTime": _when(consent.created_at),
        "policyRule": {"coding": [{"system": codes.ACT_CODE, "code": "42CFRPart2"}]},
        "provision": provision,
    }


def coverage_resources(lead: Lead, patient: str) -> list[tuple[str, dict[str, Any]]]:
    """The lead's insurance (benefits app) as one ``Coverage``, when anything is known."""
    coverage = coverage_of(lead)
    if coverage is None or not (coverage.payment_type or coverage.payer_name):
        return []
    resource: dict[str, Any] = {
        "resourceType": "Coverage",
        "meta": _meta(),
        "identifier": _identifier(lead, "coverage"),
        "status": "active",
        "beneficiary": {"reference": patient},
    }
    if coverage.payment_type:
        with override("en"):
            label = str(PaymentType(coverage.payment_type).label)
        resource["type"] = {
            "coding": [
                {
                    "system": codes.doorway_system("payment-type"),
                    "code": coverage.payment_type,
                    "display": label,
                }
            ],
            "text": label,
        }
    # A payer by name; with none (self-pay) the person pays.
    resource["payor"] = (
        [{"display": coverage.payer_name}] if coverage.payer_name else [{"reference": patient}]
    )
    if coverage.member_id:
        resource["subscriberId"] = coverage.member_id
    if coverage.group_number:
        resource["class"] = [
            {
                "type": {"coding": [{"system": codes.COVERAGE_CLASS, "code": "group"}]},
                "value": coverage.group_number,
            }
        ]
    relationship = codes.SUBSCRIBER_RELATIONSHIP_OF.get(
        "self" if coverage.subscriber == Subscriber.SELF else coverage.subscriber_relationship
    )
    if coverage.subscriber and relationship:
        resource["relationship"] = {
            "coding": [{"system": codes.SUBSCRIBER_RELATIONSHIP, "code": relationship}]
        }
    if coverage.someone_else_subscribes:
        name = " ".join(
            part for part in (coverage.subscriber_first_name, coverage.subscriber_last_name) if part
        )
        if name:
            resource["subscriber"] = {"display": name}
    return [("coverage", resource)]


def lead_resources(lead: Lead, consent: Consent) -> list[tuple[str, dict[str, Any]]]:
    """(kind, resource) for everything ``consent`` lets go out about ``lead``."""
    screening = consent.information == ConsentInformation.SCREENING
    patient = _uuid(lead, "lead")
    resources: list[tuple[str, dict[str, Any]]] = [("lead", _patient(lead))]
    author = patient
    if lead.respondent == "loved_one":
        author = _uuid(lead, "related-person")
        resources.append(("related-person", _related_person(lead, patient)))
    support = []
    if screening:
        response = _uuid(lead, "questionnaire-response")
        resources.append(("questionnaire", questionnaire_for(lead)))
        resources.append(("questionnaire-response", _questionnaire_response(lead, patient, author)))
        support.append(response)
        for risk, rating in risk_ratings(lead.assessment).items():
            kind = f"risk-{risk}"
            resources.append((kind, _risk_assessment(lead, patient, response, risk, rating)))
            support.append(_uuid(lead, kind))
    resources.append(("service-request", _service_request(lead, patient, screening, support)))
    if screening:
        resources.extend(coverage_resources(lead, patient))
    resources.append(("consent", _consent(consent, lead, patient)))
    return resources


def questionnaire_for(lead: Lead) -> dict[str, Any]:
    """The Questionnaire the lead answered (the current one, labelled with the lead's version)."""
    found = questionnaire()
    if lead.rules_version != RULES_VERSION:
        found["version"] = lead.rules_version
    return found


# Conditional updates make pushing the same lead twice update, not duplicate, its resources.
def _request(lead: Lead, kind: str, resource: dict[str, Any]) -> dict[str, str]:
    resource_type = resource["resourceType"]
    if resource_type == "Questionnaire":
        query = f"url={resource['url']}&version={resource['version']}"
    else:
        query = f"identifier={codes.identifier_system(kind)}|"
        query += resource["identifier"][0]["value"] if kind == "consent" else str(lead.pk)
    return {"method": "PUT", "url": f"{resource_type}?{query}"}


def lead_bundle(lead: Lead, consent: Consent, *, transaction: bool = False) -> dict[str, Any]:
    """The lead's Bundle (a collection, or a transaction for a FHIR server), validated."""
    entries = []
    for kind, resource in lead_resources(lead, consent):
        entry: dict[str, Any] = {"fullUrl": _uuid(lead, kind), "resource": resource}
        if transaction:
            entry["request"] = _request(lead, kind, resource)
        entries.append(entry)
    with override("en"):
        notice = str(REDISCLOSURE_NOTICE)
    bundle = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {
            **_meta(),
            "extension": [{"url": codes.NOTICE_EXTENSION, "valueString": notice}],
        },
        "type": "transaction" if transaction else "collection",
        "timestamp": _when(timezone.now()),
        "entry": entries,
    }
    validate(bundle)
    return bundle


def validate(bundle: dict[str, Any]) -> Bundle:
    """The Bundle as ``fhir.resources`` reads it; ``InvalidBundle`` when it does not."""
    try:
        return Bundle.model_validate(bundle)
    except ValueError as error:
        raise InvalidBundle(str(error)) from error
