"""The API's next action on a lead (read with the lead, set and done through admissions'
follow-ups) and its read-only list of free assessment slots."""

from datetime import timedelta

import pytest
from django.utils import timezone

from admissions import booking
from admissions.followups import follow_up_snooze, open_follow_up
from admissions.models import AssessmentSlot, AuditEntry, Booking, FollowUp, LeadEvent, Status
from config.client_address import parse_proxies
from tests.factories import LeadFactory
from tests.handoff.conftest import auth, make_key


def next_action_url(lead) -> str:
    return f"/api/v1/leads/{lead.pk}/next-action"


def put(client, lead, body, **extra):
    return client.put(next_action_url(lead), body, content_type="application/json", **extra)


def later(hours: float = 24) -> str:
    return (timezone.now() + timedelta(hours=hours)).isoformat()


def slot_for(staff, *, hours_ahead: float = 48, mode: str = "phone") -> AssessmentSlot:
    start = timezone.now() + timedelta(hours=hours_ahead)
    return AssessmentSlot.objects.create(
        staff=staff,
        mode=mode,
        location="Room 2, 10 Main St",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )


# --- Scopes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("put", "{lead}"), ("post", "{lead}/done")],
)
def test_setting_or_completing_needs_leads_write(client, lead, method, path):
    _key, secret = make_key(["leads:read", "slots:read"])
    url = path.format(lead=next_action_url(lead))
    body = {"kind": "call", "due_at": later()}
    response = getattr(client, method)(url, body, content_type="application/json", **auth(secret))
    assert response.status_code == 403
    assert "leads:write" in response.json()["detail"]
    assert not lead.follow_ups.exists()


def test_the_slots_need_slots_read(client, db):
    _key, secret = make_key(["leads:read", "leads:write", "programs:read"])
    response = client.get("/api/v1/slots/", **auth(secret))
    assert response.status_code == 403
    assert "slots:read" in response.json()["detail"]


# --- Reading the next action with the lead -----------------------------------------------------


def test_the_lead_shows_its_open_next_action(api, consented_lead, supervisor):
    assert api.get(f"/api/v1/leads/{consented_lead.pk}/").json()["next_action"] is None
    due = timezone.now() + timedelta(days=2)
    FollowUp.objects.create(lead=consented_lead, kind="benefits", due_at=due)
    follow_up_snooze(
        lead_id=consented_lead.pk, user=supervisor, until=due + timedelta(days=1), reason="Away"
    )
    body = api.get(f"/api/v1/leads/{consented_lead.pk}/").json()["next_action"]
    assert body["kind"] == "benefits" and body["snoozed"] is True
    assert body["due_at"].startswith((due + timedelta(days=1)).astimezone().date().isoformat())
    assert "Away" not in str(body)


# --- Setting and completing -------------------------------------------------------------------


def test_a_key_sets_the_next_action_on_the_timeline_and_in_the_audit_log(api, api_key, lead):
    due = later(30)
    response = put(api, lead, {"kind": "assessment", "due_at": due})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["id"] == lead.pk and body["next_action"]["kind"] == "assessment"
    follow_up = open_follow_up(lead)
    assert follow_up.kind == "assessment" and follow_up.created_by is None
    prefix = api_key[0].prefix
    entry = AuditEntry.objects.get(lead=lead, action="follow_up_set")
    assert entry.user is None
    assert entry.detail["api_key"] == prefix and entry.detail["follow_up_id"] == follow_up.pk
    event = lead.events.get(kind=LeadEvent.Kind.FOLLOW_UP_SET)
    assert event.data["api_key"] == prefix

    # A second one replaces it; the first is kept, done.
    put(api, lead, {"kind": "call", "due_at": later(2)})
    assert lead.follow_ups.count() == 2
    assert open_follow_up(lead).kind == "call"


def test_a_key_marks_the_next_action_done(api, api_key, lead):
    put(api, lead, {"kind": "call", "due_at": later()})
    response = api.post(f"{next_action_url(lead)}/done")
    assert response.status_code == 200
    assert response.json() == {"id": lead.pk, "next_action": None}
    assert open_follow_up(lead) is None
    entry = AuditEntry.objects.get(lead=lead, action="follow_up_done")
    assert entry.detail["api_key"] == api_key[0].prefix

    response = api.post(f"{next_action_url(lead)}/done")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "", "message": "There is no next action to mark done."}
    ]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"due_at": "2099-01-01T09:00:00Z"}, "kind", "required"),
        ({"kind": "decision", "due_at": "2099-01-01T09:00:00Z"}, "kind", "not a valid choice"),
        ({"kind": "call"}, "due_at", "required"),
        ({"kind": "call", "due_at": "next tuesday"}, "due_at", "Datetime has wrong format"),
        ({"kind": "call", "due_at": "2020-01-01T09:00:00Z"}, "due_at", "from now on"),
    ],
)
def test_a_bad_next_action_is_400_naming_the_field(api, lead, body, field, words):
    response = put(api, lead, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == [field]
    assert words in errors[0]["message"]
    assert not lead.follow_ups.exists()
    assert not AuditEntry.objects.filter(lead=lead, action="follow_up_set").exists()


def test_a_closed_lead_has_no_next_action_to_set(api, db):
    lead = LeadFactory(status=Status.CLOSED, close_reason="Went elsewhere")
    response = put(api, lead, {"kind": "call", "due_at": later()})
    assert response.status_code == 400
    assert "closed" in response.json()["errors"][0]["message"]


def test_an_unknown_lead_is_404(api, db):
    response = api.put(
        "/api/v1/leads/999999/next-action",
        {"kind": "call", "due_at": later()},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert api.post("/api/v1/leads/abc/next-action/done").status_code == 404


# --- Slots ------------------------------------------------------------------------------------


def test_the_slots_are_the_free_future_ones_without_personal_data(api, counsellor, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    soon = slot_for(counsellor, hours_ahead=3, mode="video")
    later_slot = slot_for(counsellor, hours_ahead=50)
    taken = slot_for(counsellor, hours_ahead=10)
    booking.book(lead_id=LeadFactory().pk, slot_id=taken.pk)
    past = slot_for(counsellor, hours_ahead=1)
    time_machine.shift(timedelta(hours=2))
    assert Booking.objects.filter(slot=taken, status="booked").exists()

    response = api.get("/api/v1/slots/")
    assert response.status_code == 200
    rows = response.json()
    assert [row["id"] for row in rows] == [soon.pk, later_slot.pk]
    assert past.pk not in [row["id"] for row in rows]
    assert set(rows[0]) == {"id", "starts_at", "ends_at", "mode"}
    assert rows[0]["mode"] == "video"
    text = response.content.decode()
    assert counsellor.username not in text and "Main St" not in text


def test_the_schema_documents_the_new_operations(client, db):
    schema = client.get("/api/schema/?format=json").json()
    operations = {
        operation["operationId"] for path in schema["paths"].values() for operation in path.values()
    }
    assert {"leads_next_action_set", "leads_next_action_done", "slots_list"} <= operations
    lead = schema["components"]["schemas"]["LeadDetail"]["properties"]
    assert "next_action" in lead
    assert set(schema["components"]["schemas"]["Slot"]["properties"]) == {
        "id",
        "starts_at",
        "ends_at",
        "mode",
    }


# --- The audit log's address behind the centre's proxy ----------------------------------------


def test_api_calls_behind_the_trusted_proxy_are_audited_with_the_forwarded_address(
    api, consented_lead, settings
):
    # The test client connects from 127.0.0.1: here that is the centre's proxy.
    settings.DOORWAY_TRUSTED_PROXIES = parse_proxies(["127.0.0.1"], name="test")
    forwarded = {"HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9"}
    lead = consented_lead
    assert put(api, lead, {"kind": "call", "due_at": later()}, **forwarded).status_code == 200
    assert api.post(f"{next_action_url(lead)}/done", **forwarded).status_code == 200
    closing = {"status": "closed", "close_reason": "Went elsewhere"}
    patched = api.patch(
        f"/api/v1/leads/{lead.pk}/", closing, content_type="application/json", **forwarded
    )
    assert patched.status_code == 200
    assert api.get(f"/api/v1/leads/{lead.pk}/", **forwarded).status_code == 200
    assert api.get("/api/v1/leads/", **forwarded).status_code == 200
    entries = AuditEntry.objects.filter(detail__api_key__isnull=False)
    assert sorted(entries.values_list("action", flat=True)) == sorted(
        ["follow_up_set", "follow_up_done", "status_change", "view_lead", "api_list"]
    )
    # The client the proxy saw, not the proxy; the left-hand entry the client wrote proves nothing.
    assert set(entries.values_list("ip", flat=True)) == {"203.0.113.9"}
