"""The admin: a new API key is shown once and stored hashed; revoking is audited."""

from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.urls import reverse

from admissions.models import AuditEntry
from handoff.models import ApiKey, WebhookSubscription
from tests.auth import log_in
from tests.handoff.conftest import make_key


def admin_client(client):
    user = User.objects.create_superuser("root", "root@example.org", "x" * 16)
    log_in(client, user)
    return client, user


def test_a_new_key_is_shown_once_with_its_scopes(client, db):
    client, user = admin_client(client)
    response = client.post(
        reverse("admin:handoff_apikey_add"),
        {"name": "Centre EHR", "scopes": ["leads:read", "fhir:read"], "recipient": ""},
        follow=True,
    )
    key = ApiKey.objects.get()
    shown = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert (key.scopes, key.created_by) == (["leads:read", "fhir:read"], user)
    assert key.prefix in response.content.decode() or key.prefix in shown
    assert key.hashed_key.startswith("sha512$$")


def test_revoking_keys_in_the_admin_is_audited(client, db):
    client, _user = admin_client(client)
    key, _secret = make_key()
    client.post(
        reverse("admin:handoff_apikey_changelist"),
        {"action": "revoke", "_selected_action": [key.pk]},
    )
    key.refresh_from_db()
    assert key.revoked
    assert AuditEntry.objects.get(action="api_key_revoked").detail == {"api_key": key.prefix}


def test_a_subscription_shows_its_secret_once(client, db):
    client, _user = admin_client(client)
    response = client.post(
        reverse("admin:handoff_webhooksubscription_add"),
        {
            "name": "EHR",
            "url": "https://ehr.example.org/hooks",
            "events": ["lead.created"],
            "active": "on",
        },
        follow=True,
    )
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret.startswith("whsec_")
    assert subscription.secret in response.content.decode()
