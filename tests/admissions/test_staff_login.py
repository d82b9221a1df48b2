"""Staff sign-in: lockout after failed attempts, logout, idle logoff and the absolute limit."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from admissions.audit import Action
from admissions.models import AuditEntry

PASSWORD = "correct-horse-battery-staple"  # the factories' password


def sign_in(client, user, password: str = PASSWORD):
    return client.post(
        reverse("admissions:login"), {"username": user.username, "password": password}
    )


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_login_page_shows_the_form(client, db):
    response = client.get(reverse("admissions:login"))
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_counsellor_signs_in_and_lands_on_the_queue(client, counsellor):
    response = sign_in(client, counsellor)
    assert response.status_code == 302
    assert response["Location"] == reverse("admissions:queue")
    assert is_signed_in(client)
    assert AuditEntry.objects.filter(user=counsellor, action=Action.LOGIN).count() == 1


def test_wrong_password_does_not_sign_in(client, counsellor):
    response = sign_in(client, counsellor, "not-the-password")
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_five_failures_lock_the_account_even_for_the_right_password(client, counsellor, clock):
    for _ in range(5):
        sign_in(client, counsellor, "not-the-password")
    response = sign_in(client, counsellor)
    assert response.status_code == 429
    assert b"locked" in response.content
    assert not is_signed_in(client)


def test_four_failures_do_not_lock(client, counsellor, clock):
    for _ in range(4):
        sign_in(client, counsellor, "not-the-password")
    sign_in(client, counsellor)
    assert is_signed_in(client)


def test_lockout_ends_after_fifteen_minutes(client, counsellor, clock):
    for _ in range(5):
        sign_in(client, counsellor, "not-the-password")
    clock.shift(timedelta(minutes=14))
    assert sign_in(client, counsellor).status_code == 429
    clock.shift(timedelta(minutes=2))
    sign_in(client, counsellor)
    assert is_signed_in(client)


def test_logout_ends_the_server_side_session(client, counsellor):
    sign_in(client, counsellor)
    session_key = client.session.session_key
    response = client.post(reverse("admissions:logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("admissions:queue")).status_code == 302
    assert AuditEntry.objects.filter(user=counsellor, action=Action.LOGOUT).exists()


def test_logout_needs_a_post(client, counsellor):
    sign_in(client, counsellor)
    assert client.get(reverse("admissions:logout")).status_code == 405
    assert is_signed_in(client)


def test_fifteen_idle_minutes_sign_staff_out(client, counsellor, clock):
    sign_in(client, counsellor)
    session_key = client.session.session_key
    clock.shift(timedelta(minutes=15, seconds=1))
    response = client.get(reverse("admissions:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admissions:login"))
    assert not Session.objects.filter(session_key=session_key).exists()


def test_activity_keeps_a_session_alive_past_fifteen_minutes(client, counsellor, clock):
    sign_in(client, counsellor)
    for _ in range(6):
        clock.shift(timedelta(minutes=10))
        assert client.get(reverse("admissions:queue")).status_code == 200


def test_twelve_hours_sign_staff_out_even_when_active(client, counsellor, clock):
    sign_in(client, counsellor)
    elapsed = timedelta()
    while elapsed < timedelta(hours=11, minutes=50):
        clock.shift(timedelta(minutes=14))
        elapsed += timedelta(minutes=14)
        assert client.get(reverse("admissions:dashboard")).status_code == 200, elapsed
    clock.shift(timedelta(minutes=14))
    response = client.get(reverse("admissions:dashboard"))
    assert response.status_code == 302
    assert not is_signed_in(client)


def test_a_session_started_elsewhere_gets_the_same_idle_limit(client, counsellor, clock):
    client.force_login(counsellor)
    assert client.get(reverse("admissions:queue")).status_code == 200
    clock.shift(timedelta(minutes=16))
    assert client.get(reverse("admissions:queue")).status_code == 302


def test_signed_in_staff_visiting_the_login_page_go_to_the_queue(client, counsellor):
    sign_in(client, counsellor)
    response = client.get(reverse("admissions:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admissions:queue")
