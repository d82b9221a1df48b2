"""The codes Doorway's FHIR uses: LOINC and SNOMED CT where they exist, Doorway's own otherwise.

Doorway's own code systems live under ``CANONICAL``, a name for Doorway's definitions that is
the same at every centre (it identifies, it need not resolve). Identifiers of one centre's
records use that centre's own site address instead (``identifier_system``).
"""

from django.conf import settings

# The FHIR media type (here, not in the bundle module: saying it must not import the FHIR models).
FHIR_JSON = "application/fhir+json"

CANONICAL = "https://doorway.health/fhir"
QUESTIONNAIRE_URL = f"{CANONICAL}/Questionnaire/screening"
NOTICE_EXTENSION = f"{CANONICAL}/StructureDefinition/redisclosure-notice"

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
LANGUAGE = "urn:ietf:bcp:47"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
RISK_PROBABILITY = "http://terminology.hl7.org/CodeSystem/risk-probability"
COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class"
SUBSCRIBER_RELATIONSHIP = "http://terminology.hl7.org/CodeSystem/subscriber-relationship"

# The person's relationship to the subscriber (benefits) → HL7 subscriber-relationship.
SUBSCRIBER_RELATIONSHIP_OF = {
    "self": "self",
    "spouse": "spouse",
    "child": "child",
    "other": "other",
}

# Every resource of the person's record is labelled: restricted, 42 CFR Part 2, no redisclosure.
SECURITY_LABELS = [
    {"system": CONFIDENTIALITY, "code": "R", "display": "restricted"},
    {"system": ACT_CODE, "code": "42CFRPart2", "display": "42 CFR Part2"},
    {
        "system": ACT_CODE,
        "code": "NORDSCLCD",
        "display": "no redisclosure without consent directive",
    },
]

# Questions with a LOINC code of their own.
LOINC_QUESTIONS = {
    "age": ("30525-0", "Age"),
    "phq2": ("55758-7", "Patient Health Questionnaire 2 item (PHQ-2) total score [Reported]"),
}

# How a loved one who answered is related to the person (HL7 v3 RoleCode).
RELATIONSHIP_ROLES = {
    "parent": ("PRN", "parent"),
    "partner": ("SIGOTHR", "significant other"),
    "child": ("CHILD", "child"),
    "sibling": ("SIB", "sibling"),
    "friend": ("FRND", "unrelated friend"),
}

# Doorway's priority → FHIR request priority.
REQUEST_PRIORITY = {"normal": "routine", "high": "urgent", "urgent": "asap"}

# The three risks assessed: what was assessed and the outcome predicted.
RISKS = {
    "suicide": {
        "code": (SNOMED, "225337009", "Suicide risk assessment (procedure)"),
        "outcome": (SNOMED, "44301001", "Suicide (event)"),
    },
    "overdose": {
        "code": (f"{CANONICAL}/CodeSystem/risk-assessment", "overdose", "Overdose risk"),
        "outcome": (SNOMED, "1149222004", "Overdose (disorder)"),
    },
    "withdrawal": {
        "code": (f"{CANONICAL}/CodeSystem/risk-assessment", "withdrawal", "Withdrawal risk"),
        "outcome": (
            f"{CANONICAL}/CodeSystem/risk-outcome",
            "complicated-withdrawal",
            "Complicated or dangerous withdrawal",
        ),
    },
}
# Doorway's rating words → HL7 risk probability.
RISK_PROBABILITY_OF = {
    "none": "negligible",
    "low": "low",
    "mild": "low",
    "moderate": "moderate",
    "high": "high",
    "severe": "high",
}

TPO_PURPOSES = [
    {"system": ACT_REASON, "code": "TREAT", "display": "treatment"},
    {"system": ACT_REASON, "code": "HPAYMT", "display": "healthcare payment"},
    {"system": ACT_REASON, "code": "HOPERAT", "display": "healthcare operations"},
]
PART2_POLICY = "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2"


def doorway_system(name: str) -> str:
    """The canonical URL of one of Doorway's own code systems."""
    return f"{CANONICAL}/CodeSystem/{name}"


def identifier_system(kind: str) -> str:
    """This centre's identifier namespace for ``kind`` (lead, service-request, …)."""
    return f"{settings.SITE_URL.rstrip('/')}/fhir/identifier/{kind}"
