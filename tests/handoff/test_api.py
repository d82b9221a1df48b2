"""The REST API: keys and scopes, consent before every read, the audit and disclosures logs."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from admissions.consent_models import Disclosure, DisclosureChannel
from admissions.consents import consent_revoke
from admissions.models import AuditEntry, Lead, LeadEvent, Source
from handoff.fhir.bundle import validate
from tests.auth import log_in
from tests.factories import CRISIS_ANSWERS, LeadFactory, make_answers
from tests.handoff.conftest import auth, give_consent, make_key

CONTACT = {"first_name": "Ana", "phone": "555-123-4567"}


def lead_url(lead) -> str:
    return f"/api/v1/leads/{lead.pk}/"


# --- Keys and scopes --------------------------------------------------------------------------


def test_a_request_without_a_key_is_401(client, consented_lead):
    response = client.get(lead_url(consented_lead))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Api-Key"


def test_a_made_up_key_is_401(client, consented_lead):
    response = client.get(lead_url(consented_lead), **auth("abcdefgh.not-a-real-secret"))
    assert response.status_code == 401


def test_a_revoked_key_is_401(client, consented_lead):
    key, secret = make_key()
    assert client.get(lead_url(consented_lead), **auth(secret)).status_code == 200
    key.revoked = True
    key.save()
    response = client.get(lead_url(consented_lead), **auth(secret))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


@pytest.mark.parametrize(
    ("scopes", "method", "path"),
    [
        (["leads:write", "fhir:read"], "get", "/api/v1/leads/"),
        (["leads:read"], "post", "/api/v1/leads/"),
        (["leads:write"], "get", "{lead}"),
        (["leads:read"], "patch", "{lead}"),
        (["leads:read", "leads:write"], "get", "{lead}fhir"),
        (["leads:read"], "get", "/api/v1/programs/"),
    ],
)
def test_a_key_without_the_scope_gets_403(client, consented_lead, scopes, method, path):
    _key, secret = make_key(scopes)
    url = path.format(lead=lead_url(consented_lead))
    response = getattr(client, method)(
        url, data={}, content_type="application/json", **auth(secret)
    )
    assert response.status_code == 403
    assert "scope" in response.json()["detail"]


def test_keys_are_stored_hashed_and_named(db):
    key, secret = make_key()
    assert secret not in (key.hashed_key, key.id)
    assert key.label() == f"API key Test EHR ({key.prefix})"


def test_requests_past_the_rate_get_429(api, consented_lead, settings):
    settings.DOORWAY_API_RATE = "3/m"
    cache.clear()
    codes = [api.get("/api/v1/programs/").status_code for _ in range(4)]
    cache.clear()
    assert codes == [200, 200, 200, 429]


# --- Reading a lead: consent first ------------------------------------------------------------


def test_reading_a_lead_without_consent_is_refused_with_the_reason(api, lead):
    response = api.get(lead_url(lead))
    assert response.status_code == 403
    assert response.json()["code"] == "no_consent"
    assert "No consent on file" in response.json()["detail"]
    assert not Disclosure.objects.exists()
    assert AuditEntry.objects.filter(lead=lead, action="disclosure_refused").exists()


def test_a_revoked_consent_stops_reads_and_says_so(api, lead, supervisor):
    consent = give_consent(lead)
    consent_revoke(consent_id=consent.pk, user=supervisor)
    response = api.get(lead_url(lead))
    assert response.status_code == 403
    assert response.json()["code"] == "consent_revoked"


def test_an_expired_consent_stops_reads(api, lead, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    give_consent(lead, days=1)
    time_machine.shift(datetime.timedelta(days=3))
    assert api.get(lead_url(lead)).json()["code"] == "consent_expired"


def test_a_read_is_disclosed_audited_and_carries_the_notice(api, api_key, consented_lead):
    response = api.get(lead_url(consented_lead))
    assert response.status_code == 200
    body = response.json()
    assert body["first_name"] == consented_lead.first_name
    assert body["answers"] == consented_lead.answers
    assert body["notice"].startswith("This record which has been disclosed to you is protected")
    disclosure = Disclosure.objects.get(lead=consented_lead)
    assert disclosure.channel == DisclosureChannel.API_READ
    assert disclosure.via == api_key[0].label()
    view = AuditEntry.objects.get(lead=consented_lead, action="view_lead")
    assert view.detail == {"api_key": api_key[0].prefix, "read": "lead"}


def test_a_contact_and_level_consent_keeps_the_answers_in(api, lead):
    give_consent(lead, information="contact_and_level")
    body = api.get(lead_url(lead)).json()
    assert body["level"] == lead.level
    assert body["answers"] is None and body["assessment"] is None


def test_a_tpo_consent_does_not_cover_an_outside_recipient(client, consented_lead):
    _key, secret = make_key(recipient="Harbor Clinic")
    response = client.get(lead_url(consented_lead), **auth(secret))
    assert response.status_code == 403
    assert "Harbor Clinic" in response.json()["detail"]


def test_a_named_recipient_reads_with_a_consent_naming_them(client, lead):
    give_consent(lead, scope="recipient", recipient="Harbor  Clinic")
    _key, secret = make_key(recipient="harbor clinic")
    assert client.get(lead_url(lead), **auth(secret)).status_code == 200
    assert Disclosure.objects.get(lead=lead).recipient == "harbor clinic"


def test_an_unknown_lead_is_404_in_json(api, db):
    response = api.get("/api/v1/leads/999999/")
    assert response.status_code == 404
    assert api.get("/api/v1/nothing-here").json()["detail"]


# --- Listing ----------------------------------------------------------------------------------


def test_the_list_shows_only_consented_leads_and_no_names(api, consented_lead, lead):
    body = api.get("/api/v1/leads/").json()
    assert [row["id"] for row in body["results"]] == [consented_lead.pk]
    assert "first_name" not in body["results"][0]
    assert AuditEntry.objects.filter(action="api_list").count() == 1


def test_the_list_takes_the_queue_filters(api, db):
    urgent = LeadFactory(answers=CRISIS_ANSWERS)
    normal = LeadFactory()
    for lead in (urgent, normal):
        give_consent(lead)
    ids = [row["id"] for row in api.get("/api/v1/leads/?priority=urgent").json()["results"]]
    assert ids == [urgent.pk]
    assert api.get("/api/v1/leads/?status=bogus").status_code == 400
    assert api.get("/api/v1/leads/?cursor=zzz").status_code == 400


# --- Writing ----------------------------------------------------------------------------------


def test_a_posted_screening_becomes_a_lead_like_the_wizards(
    api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = api.post(
            "/api/v1/leads/",
            {"answers": CRISIS_ANSWERS, "contact": CONTACT, "consent_version": "partner-1"},
            content_type="application/json",
        )
    assert response.status_code == 201, response.json()
    lead = Lead.objects.get(pk=response.json()["id"])
    assert lead.source == Source.API
    assert response.json()["assessment"]["crisis"] is True
    assert lead.events.filter(kind=LeadEvent.Kind.CREATED).exists()
    assert callbacks, "routing is enqueued once the lead is committed"


def test_a_bad_screening_lists_every_problem_and_keeps_nothing(api, db):
    response = api.post(
        "/api/v1/leads/",
        {
            "answers": make_answers(age=7),
            "contact": {"first_name": ""},
            "consent_version": "x",
            "consent": {"scope": "recipient", "expires": "2020-01-01", "signed_by": "A"},
            "extra": 1,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    fields = {problem["field"] for problem in response.json()["errors"]}
    assert {"age", "first_name", "consent.recipient", "consent.expires", "extra"} <= fields
    assert not Lead.objects.exists()


def test_a_consent_signed_elsewhere_comes_in_with_the_lead(api, db):
    response = api.post(
        "/api/v1/leads/",
        {
            "answers": make_answers(),
            "contact": CONTACT,
            "consent_version": "partner-1",
            "consent": {"scope": "tpo", "expires": "2099-12-31", "signed_by": "Ana Ruiz"},
        },
        content_type="application/json",
    )
    lead = Lead.objects.get(pk=response.json()["id"])
    consent = lead.consents.get()
    assert (consent.scope, consent.given_by, consent.signed_by) == ("tpo", "elsewhere", "Ana Ruiz")


def test_a_key_moves_a_status_on_the_timeline(api, api_key, lead):
    response = api.patch(lead_url(lead), {"status": "closed"}, content_type="application/json")
    assert response.status_code == 400
    assert "why" in response.json()["errors"][0]["message"]
    response = api.patch(
        lead_url(lead),
        {"status": "closed", "close_reason": "Went elsewhere"},
        content_type="application/json",
    )
    assert response.json() == {"id": lead.pk, "status": "closed"}
    event = lead.events.get(kind=LeadEvent.Kind.STATUS_CHANGED)
    assert event.data == {"from": "new", "to": "closed", "api_key": api_key[0].prefix}


# --- FHIR and the schema ----------------------------------------------------------------------


def test_the_fhir_read_is_a_valid_bundle_and_a_disclosure(api, consented_lead):
    response = api.get(f"{lead_url(consented_lead)}fhir", HTTP_ACCEPT="application/fhir+json")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/fhir+json")
    validate(response.json())
    assert Disclosure.objects.get().channel == DisclosureChannel.FHIR_API


def test_the_fhir_read_is_refused_without_consent(api, lead):
    assert api.get(f"{lead_url(lead)}fhir").status_code == 403


def test_the_schema_and_docs_are_served_with_local_assets(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"openapi: 3" in schema.content
    docs = client.get("/api/docs/")
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "<style" not in html


def test_a_staff_session_is_no_key_to_the_api(client, supervisor, consented_lead):
    log_in(client, supervisor)
    assert client.get(lead_url(consented_lead)).status_code == 401
    response = client.post("/api/v1/leads/", {}, content_type="application/json")
    assert response.status_code == 401
