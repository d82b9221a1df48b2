"""Staff sessions: logout, idle logoff and the absolute limit (sign-in itself: tests/accounts/)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from admissions.audit import Action
from admissions.models import AuditEntry
from tests.auth import log_in


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_logout_ends_the_server_side_session(client, counsellor):
    log_in(client, counsellor)
    session_key = client.session.session_key
    response = client.post(reverse("admissions:logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("admissions:queue")).status_code == 302
    assert AuditEntry.objects.filter(user=counsellor, action=Action.LOGOUT).exists()


def test_logout_needs_a_post(client, counsellor):
    log_in(client, counsellor)
    assert client.get(reverse("admissions:logout")).status_code == 405
    assert is_signed_in(client)


def test_fifteen_idle_minutes_sign_staff_out(client, counsellor, clock):
    log_in(client, counsellor)
    client.get(reverse("admissions:queue"))
    session_key = client.session.session_key
    clock.shift(timedelta(minutes=15, seconds=1))
    response = client.get(reverse("admissions:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admissions:login"))
    assert not Session.objects.filter(session_key=session_key).exists()


def test_activity_keeps_a_session_alive_past_fifteen_minutes(client, counsellor, clock):
    log_in(client, counsellor)
    for _ in range(6):
        clock.shift(timedelta(minutes=10))
        assert client.get(reverse("admissions:queue")).status_code == 200


def test_twelve_hours_sign_staff_out_even_when_active(client, counsellor, clock):
    log_in(client, counsellor)
    client.get(reverse("admissions:dashboard"))
    elapsed = timedelta()
    while elapsed < timedelta(hours=11, minutes=50):
        clock.shift(timedelta(minutes=14))
        elapsed += timedelta(minutes=14)
        assert client.get(reverse("admissions:dashboard")).status_code == 200, elapsed
    clock.shift(timedelta(minutes=14))
    response = client.get(reverse("admissions:dashboard"))
    assert response.status_code == 302
    assert not is_signed_in(client)


def test_a_session_without_a_second_factor_is_ended_at_once(client, counsellor):
    log_in(client, counsellor, second_factor=False)
    response = client.get(reverse("admissions:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admissions:login"))
    assert not is_signed_in(client)
