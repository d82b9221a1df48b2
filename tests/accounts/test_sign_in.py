"""Staff sign-in through the real pages: password, then a second factor; lockout; reset."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from admissions.models import AuditEntry
from config.client_address import parse_proxies
from tests.accounts.conftest import (
    ENROL,
    LOGIN,
    SECOND_STEP,
    is_signed_in,
    post_password,
    recovery_codes,
)
from tests.auth import enrol_totp, fresh_code

WRONG = "not-the-password"


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_the_sign_in_page_shows_the_form(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert b'name="password"' in response.content
    assert b'name="login"' in response.content


def test_a_password_alone_signs_nobody_in(client, enrolled_counsellor):
    user, _secret = enrolled_counsellor
    response = post_password(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == SECOND_STEP
    assert not is_signed_in(client)
    assert client.get("/staff/")["Location"] == SECOND_STEP
    assert "login" not in actions()


def test_the_code_from_the_app_signs_in_and_lands_on_the_queue(client, enrolled_counsellor):
    user, secret = enrolled_counsellor
    post_password(client, user.username, REMOTE_ADDR="192.0.2.44")
    response = client.post(SECOND_STEP, {"code": fresh_code(secret)}, REMOTE_ADDR="192.0.2.44")
    assert response["Location"] == "/staff/"
    assert is_signed_in(client)
    assert client.get("/staff/").status_code == 200
    login = AuditEntry.objects.get(action="login")
    assert (login.user, login.ip) == (user, "192.0.2.44")
    assert login.detail == {"methods": ["mfa/totp", "password"]}


def test_a_wrong_code_is_refused_and_audited_without_the_code(client, enrolled_counsellor):
    user, _secret = enrolled_counsellor
    post_password(client, user.username)
    response = client.post(SECOND_STEP, {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not is_signed_in(client)
    failure = AuditEntry.objects.get(action="second_factor_failed")
    assert failure.user == user
    assert "000000" not in str(failure.detail)


def test_a_recovery_code_signs_in_once(client, enrolled_counsellor):
    user, _secret = enrolled_counsellor
    code = recovery_codes(user)[0]
    post_password(client, user.username)
    assert client.post(SECOND_STEP, {"code": code})["Location"] == "/staff/"
    assert AuditEntry.objects.filter(action="recovery_code_used", user=user).count() == 1
    client.post("/staff/logout/")
    post_password(client, user.username)
    response = client.post(SECOND_STEP, {"code": code})
    assert response.status_code == 200
    assert not is_signed_in(client)
    assert code not in recovery_codes(user)


def test_a_wrong_password_is_audited_without_the_password(client, enrolled_counsellor):
    user, _secret = enrolled_counsellor
    response = post_password(client, user.username, WRONG)
    assert response.status_code == 200
    assert not is_signed_in(client)
    failure = AuditEntry.objects.get(action="login_failed")
    assert failure.user == user
    assert failure.ip == "127.0.0.1"
    assert WRONG not in str(failure.detail)


def test_a_typed_username_that_matches_nobody_is_not_written_down(client, db):
    post_password(client, "my-password-by-mistake", WRONG)
    failure = AuditEntry.objects.get(action="login_failed")
    assert failure.user is None
    assert failure.detail == {"known_account": False}


@pytest.mark.parametrize(
    ("failures", "warning"),
    [
        (1, None),
        (3, "2 attempts left before a 15-minute lock."),
        (4, "1 attempt left before a 15-minute lock."),
    ],
)
def test_the_page_warns_before_the_lock(client, enrolled_counsellor, failures, warning):
    user, _secret = enrolled_counsellor
    for _ in range(failures):
        response = post_password(client, user.username, WRONG)
    content = response.content.decode()
    if warning is None:
        assert "before a 15-minute lock" not in content
    else:
        assert warning in content


def test_the_warning_is_in_spanish_too(client, enrolled_counsellor):
    user, _secret = enrolled_counsellor
    for _ in range(4):
        response = post_password(client, user.username, WRONG, HTTP_ACCEPT_LANGUAGE="es")
    assert "Te queda 1 intento antes de un bloqueo de 15 minutos." in response.content.decode()


def test_five_failures_lock_the_account_even_for_the_right_password(client, enrolled_counsellor):
    user, _secret = enrolled_counsellor
    for _ in range(5):
        post_password(client, user.username, WRONG)
    response = post_password(client, user.username)
    assert response.status_code == 429
    assert b"locked" in response.content
    assert not is_signed_in(client)
    assert "locked_out" in actions()


def test_four_failures_do_not_lock(client, enrolled_counsellor):
    user, _secret = enrolled_counsellor
    for _ in range(4):
        post_password(client, user.username, WRONG)
    assert post_password(client, user.username)["Location"] == SECOND_STEP


def test_the_lock_ends_after_fifteen_minutes(client, enrolled_counsellor, clock):
    user, _secret = enrolled_counsellor
    for _ in range(5):
        post_password(client, user.username, WRONG)
    clock.shift(timedelta(minutes=14))
    assert post_password(client, user.username).status_code == 429
    clock.shift(timedelta(minutes=2))
    assert post_password(client, user.username)["Location"] == SECOND_STEP


@pytest.fixture
def behind_local_proxy(settings):
    """The test client connects from 127.0.0.1: make that a proxy, so each request can come
    from the address its X-Forwarded-For names."""
    settings.DOORWAY_TRUSTED_PROXIES = parse_proxies(["127.0.0.1"], name="test")


def test_a_username_is_locked_whatever_address_the_guesses_come_from(
    client, enrolled_counsellor, behind_local_proxy
):
    user, _secret = enrolled_counsellor
    for number in range(5):
        post_password(client, user.username, WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    response = post_password(client, user.username, HTTP_X_FORWARDED_FOR="203.0.113.80")
    assert response.status_code == 429


def test_an_address_is_locked_whatever_usernames_it_tries(
    client, enrolled_counsellor, behind_local_proxy
):
    user, _secret = enrolled_counsellor
    for number in range(5):
        post_password(client, f"guess{number}", WRONG, HTTP_X_FORWARDED_FOR="198.51.100.7")
    same_address = post_password(client, user.username, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert same_address.status_code == 429
    elsewhere = post_password(client, user.username, HTTP_X_FORWARDED_FOR="203.0.113.80")
    assert elsewhere["Location"] == SECOND_STEP


def test_a_new_account_sets_up_its_second_factor_before_it_sees_anything(client, counsellor):
    response = post_password(client, counsellor.username)
    assert response["Location"] == ENROL
    assert not is_signed_in(client)
    for page in ("/staff/", "/staff/leads/new/", "/staff/security/", "/admin/"):
        assert client.get(page)["Location"] == ENROL, page
    page = client.get(ENROL).content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    refused = client.post(ENROL, {"method": "totp", "code": "000000"})
    assert refused.status_code == 400
    assert not is_signed_in(client)
    done = client.post(ENROL, {"method": "totp", "code": fresh_code(secret)})
    assert done["Location"] == "/staff/security/recovery-codes/"
    assert is_signed_in(client)
    assert client.get(done["Location"]).status_code == 200
    assert client.get("/staff/").status_code == 200
    added = AuditEntry.objects.filter(action="factor_added", user=counsellor)
    assert sorted(entry.detail["type"] for entry in added) == ["recovery_codes", "totp"]
    assert secret not in str([entry.detail for entry in AuditEntry.objects.all()])


def test_an_account_with_no_role_cannot_sign_in(client, outsider):
    enrol_totp(outsider)
    response = post_password(client, outsider.username)
    assert response.status_code == 403
    assert "no role" in response.content.decode()
    assert not is_signed_in(client)
    assert AuditEntry.objects.get(action="login_refused").detail == {"reason": "no_role"}


def test_a_password_reset_by_email_still_asks_for_the_second_factor(client, enrolled_counsellor):
    user, _secret = enrolled_counsellor
    client.post("/staff/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/staff/password/reset/key/\S+/)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new_password = "a-brand-new-long-passphrase"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302
    assert not is_signed_in(client)
    assert post_password(client, user.username, new_password)["Location"] == SECOND_STEP
    assert not is_signed_in(client)
    reset = AuditEntry.objects.get(action="password_reset")
    assert reset.user == user
    assert new_password not in str(reset.detail)


def test_signed_in_staff_visiting_the_sign_in_page_go_to_the_queue(client, enrolled_counsellor):
    user, secret = enrolled_counsellor
    post_password(client, user.username)
    client.post(SECOND_STEP, {"code": fresh_code(secret)})
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_the_admin_site_has_no_password_only_door(client, db, admin_user):
    """/admin/login/ sends everyone to the staff sign-in (and its second step)."""
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    posted = client.post("/admin/login/", {"username": "admin", "password": "password"})
    assert posted.status_code == 302
    assert not is_signed_in(client)


def test_the_sign_in_page_offers_the_password_reset_once(client, db):
    page = client.get(LOGIN).content.decode()
    assert page.count('href="/staff/password/reset/"') == 1
