"""The consent form on the result page, and the staff pages for consents, disclosures, webhooks."""

import pytest
from django.urls import reverse

from admissions.consent_models import Consent, Disclosure
from handoff.models import WebhookDelivery, WebhookSubscription
from handoff.webhooks.services import deliveries_create
from tests.auth import log_in
from tests.factories import LeadFactory
from tests.handoff.conftest import give_consent


def as_result_of(client, lead) -> None:
    """The browser that just sent ``lead``, as the intake leaves its session."""
    session = client.session
    session["intake_result"] = {
        "assessment": lead.assessment,
        "answers": lead.answers,
        "steps": {},
        "lead": True,
        "lead_id": lead.pk,
    }
    session.save()


# --- The person's own consent -----------------------------------------------------------------


def test_the_result_page_offers_the_consent_and_records_it(client, lead):
    as_result_of(client, lead)
    page = client.get(reverse("intake:result")).content.decode()
    assert "42 CFR Part 2" in page and "Type your full name to sign" in page
    response = client.post(
        reverse("handoff:own_consent"),
        {"agree": "on", "duration": "180", "signed_by": "  Ana   Ruiz "},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(lead=lead)
    assert (consent.scope, consent.given_by, consent.signed_by) == ("tpo", "online", "Ana Ruiz")
    assert consent.form_version
    assert (
        "You have given your care team permission"
        in client.get(reverse("intake:result")).content.decode()
    )


def test_a_consent_without_a_name_keeps_what_was_typed_and_says_why(client, lead):
    as_result_of(client, lead)
    client.post(reverse("handoff:own_consent"), {"agree": "on", "duration": "90", "signed_by": ""})
    assert not Consent.objects.exists()
    page = client.get(reverse("intake:result")).content.decode()
    assert "Type your name to sign." in page
    assert 'value="90" checked' in page or "checked" in page


def test_only_the_browser_that_sent_the_lead_can_consent(client, lead):
    response = client.post(
        reverse("handoff:own_consent"), {"agree": "on", "duration": "365", "signed_by": "X"}
    )
    assert response.status_code == 302
    assert not Consent.objects.exists()


def test_a_loved_one_cannot_consent_for_the_person(client, db):
    lead = LeadFactory(answers_changes={"respondent": "loved_one", "relationship": "parent"})
    as_result_of(client, lead)
    page = client.get(reverse("intake:result")).content.decode()
    assert "gives their own permission" in page
    client.post(
        reverse("handoff:own_consent"), {"agree": "on", "duration": "365", "signed_by": "X"}
    )
    assert not Consent.objects.exists()


# --- Staff: consents and disclosures ----------------------------------------------------------


def consents_url(lead) -> str:
    return reverse("handoff:lead_consents", args=[lead.pk])


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, 302), ("outsider", 403), ("counsellor", 200), ("supervisor", 200)],
)
def test_who_may_open_a_leads_consents(client, lead, request, persona, expected):
    if persona:
        log_in(client, request.getfixturevalue(persona))
    assert client.get(consents_url(lead)).status_code == expected


def test_a_counsellor_cannot_open_another_counsellors_lead(client, counsellor, other_counsellor):
    lead = LeadFactory(assigned_to=other_counsellor)
    log_in(client, counsellor)
    assert client.get(consents_url(lead)).status_code == 404


def test_staff_record_a_signed_form_and_revoke_it(client, supervisor, lead):
    log_in(client, supervisor)
    response = client.post(
        reverse("handoff:consent_add", args=[lead.pk]),
        {
            "scope": "recipient",
            "recipient": "Harbor Clinic",
            "information": "contact_and_level",
            "purpose": "Referral for outpatient care",
            "expires_on": "2099-01-31",
            "signed_by": "Ana Ruiz",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(lead=lead)
    assert consent.recorded_by == supervisor and consent.given_by == "signed_form"
    client.post(reverse("handoff:consent_revoke", args=[lead.pk, consent.pk]))
    consent.refresh_from_db()
    assert consent.revoked_at is not None and consent.revoked_by == supervisor


def test_a_bad_signed_form_shows_every_problem(client, supervisor, lead):
    log_in(client, supervisor)
    response = client.post(
        reverse("handoff:consent_add", args=[lead.pk]),
        {
            "scope": "recipient",
            "information": "screening",
            "expires_on": "2001-01-01",
            "signed_by": "A",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Name who may receive the record." in page
    assert "The expiry date has already passed." in page


def test_a_referral_needs_a_consent_naming_the_provider(client, supervisor, lead):
    log_in(client, supervisor)
    give_consent(lead)
    refused = client.post(reverse("handoff:referral", args=[lead.pk]), {"recipient": "Harbor"})
    assert refused.status_code == 400
    assert "No consent on file permits disclosing this record to Harbor" in refused.content.decode()
    give_consent(lead, scope="recipient", recipient="Harbor")
    client.post(reverse("handoff:referral", args=[lead.pk]), {"recipient": "Harbor"})
    disclosure = Disclosure.objects.get(lead=lead)
    assert (disclosure.channel, disclosure.user) == ("referral", supervisor)
    page = client.get(consents_url(lead)).content.decode()
    assert "Referral" in page and "protected by Federal confidentiality rules" in page


# --- Staff: webhooks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, 302), ("outsider", 403), ("counsellor", 403), ("supervisor", 200)],
)
def test_only_supervisors_read_the_delivery_log(client, request, db, persona, expected):
    if persona:
        log_in(client, request.getfixturevalue(persona))
    assert client.get(reverse("handoff:webhook_log")).status_code == expected


def test_a_supervisor_replays_a_delivery(
    client, supervisor, lead, django_capture_on_commit_callbacks
):
    WebhookSubscription.objects.create(
        name="EHR", url="http://127.0.0.1:9/", events=["lead.created"]
    )
    deliveries_create(event_type="lead.created", lead_id=lead.pk, occurred_at=lead.created_at)
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed")
    log_in(client, supervisor)
    assert "lead.created" in client.get(reverse("handoff:webhook_log")).content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("handoff:webhook_replay", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.status == "pending" and callbacks
    assert client.post(reverse("handoff:webhook_replay", args=[999999])).status_code == 404


def test_the_consent_form_and_refusals_speak_spanish(client, lead):
    from django.utils import translation

    as_result_of(client, lead)
    page = client.get(reverse("intake:result"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Escriba su nombre completo para firmar" in page
    from admissions.disclosures import DisclosureRefused, disclosure_permit

    with translation.override("es"), pytest.raises(DisclosureRefused) as refused:
        disclosure_permit(lead_id=lead.pk, recipient="Harbor", channel="referral")
    assert refused.value.message.startswith("Ningún consentimiento registrado")
