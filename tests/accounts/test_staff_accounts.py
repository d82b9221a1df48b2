"""The staff accounts page: unlock an account or an address, reset a colleague's factors."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from accounts.adapters import StaffMFAAdapter
from accounts.roles import Role
from admissions.models import AuditEntry
from config.client_address import parse_proxies
from tests.accounts.conftest import ENROL, SECOND_STEP, is_signed_in, post_password
from tests.auth import enrol_totp, log_in
from tests.factories import make_staff

ACCOUNTS = "/staff/accounts/"
WRONG = "not-the-password"


def lock_out(client, username: str) -> None:
    for _ in range(5):
        post_password(client, username, WRONG)


@pytest.fixture
def supervisor_client(client, supervisor):
    """A supervisor's browser; the sign-in attempts below come from other browsers."""
    return log_in(client, supervisor)


def test_the_page_lists_each_account_with_roles_factors_and_locks(
    supervisor_client, enrolled_counsellor, django_user_model, client_factory
):
    user, _secret = enrolled_counsellor
    lock_out(client_factory(), user.username)
    page = supervisor_client.get(ACCOUNTS).content.decode()
    assert "counsellor" in page and "Counsellor" in page
    assert "Authenticator app" in page and "Recovery codes" in page
    assert "Locked" in page
    assert "Unlock counsellor" in page
    assert "What each role may do" in page and "Export the queue as CSV" in page


def test_a_supervisor_unlocks_a_locked_account(
    supervisor_client, supervisor, enrolled_counsellor, client_factory
):
    user, _secret = enrolled_counsellor
    browser = client_factory()
    lock_out(browser, user.username)
    assert post_password(browser, user.username).status_code == 429
    response = supervisor_client.post(f"{ACCOUNTS}{user.pk}/unlock/", REMOTE_ADDR="192.0.2.61")
    assert response["Location"] == ACCOUNTS
    assert post_password(browser, user.username)["Location"] == SECOND_STEP
    entry = AuditEntry.objects.get(action="unlocked")
    assert (entry.user, entry.ip, entry.detail) == (
        supervisor,
        "192.0.2.61",
        {"account_id": user.pk},
    )


def test_a_supervisor_unlocks_a_shared_address(
    supervisor_client, enrolled_counsellor, client_factory, settings
):
    settings.DOORWAY_TRUSTED_PROXIES = parse_proxies(["127.0.0.1"], name="test")
    user, _secret = enrolled_counsellor
    office = client_factory(HTTP_X_FORWARDED_FOR="198.51.100.20")
    for number in range(5):
        post_password(office, f"typo{number}", WRONG)
    assert post_password(office, user.username).status_code == 429
    assert "198.51.100.20" in supervisor_client.get(ACCOUNTS).content.decode()
    supervisor_client.post(f"{ACCOUNTS}unlock-address/", {"address": "198.51.100.20"})
    assert post_password(office, user.username)["Location"] == SECOND_STEP
    assert AuditEntry.objects.get(action="unlocked").detail == {"address": "198.51.100.20"}


def test_an_address_that_is_not_locked_cannot_be_unlocked(supervisor_client):
    response = supervisor_client.post(f"{ACCOUNTS}unlock-address/", {"address": "192.0.2.1"})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="unlocked").exists()


def test_a_reset_second_factor_is_enrolled_again_at_the_next_sign_in(
    supervisor_client, supervisor, enrolled_counsellor, client_factory
):
    user, _secret = enrolled_counsellor
    confirm = supervisor_client.get(f"{ACCOUNTS}{user.pk}/reset/")
    assert "Reset the second factor of counsellor?" in confirm.content.decode()
    assert Authenticator.objects.filter(user=user).count() == 2  # a GET changes nothing
    supervisor_client.post(f"{ACCOUNTS}{user.pk}/reset/", REMOTE_ADDR="192.0.2.62")
    assert not Authenticator.objects.filter(user=user).exists()
    browser = client_factory()
    assert post_password(browser, user.username)["Location"] == ENROL
    assert not is_signed_in(browser)
    entry = AuditEntry.objects.get(action="factors_reset")
    assert (entry.user, entry.ip) == (supervisor, "192.0.2.62")
    assert entry.detail == {"account_id": user.pk, "removed": 2}


def test_a_supervisor_cannot_reset_an_administrator_nor_themself(supervisor_client, supervisor):
    admin = make_staff("the-admin", Role.ADMIN)
    enrol_totp(admin)
    enrol_totp(supervisor)
    for account in (admin, supervisor):
        supervisor_client.post(f"{ACCOUNTS}{account.pk}/reset/")
        assert Authenticator.objects.filter(user=account).count() == 2
    assert not AuditEntry.objects.filter(action="factors_reset").exists()


def test_an_administrator_can_reset_another_administrator(client):
    admin = make_staff("the-admin", Role.ADMIN)
    other = make_staff("other-admin", Role.ADMIN)
    enrol_totp(other)
    log_in(client, admin)
    client.post(f"{ACCOUNTS}{other.pk}/reset/")
    assert not Authenticator.objects.filter(user=other).exists()


def test_the_last_code_app_or_key_cannot_be_removed(enrolled_counsellor):
    user, _secret = enrolled_counsellor
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    adapter = StaffMFAAdapter()
    assert not adapter.can_delete_authenticator(totp)
    assert adapter.can_delete_authenticator(codes)
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={})
    assert adapter.can_delete_authenticator(totp)


def test_demo_accounts_start_enrolled_and_their_printed_key_signs_in(client, settings, capsys):
    from tests.auth import fresh_code

    settings.DEBUG = True
    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    assert capsys.readouterr().out == first, "the same keys every run"
    secret = first.split("authenticator-app key ")[1].split()[0]
    assert "otpauth://totp/" in first
    post_password(client, "counsellor", "doorway-demo-2024")
    assert client.post(SECOND_STEP, {"code": fresh_code(secret)})["Location"] == "/staff/"


def test_demo_codes_prints_codes_that_work_and_refuses_production(client, settings, capsys):
    from django.core.management.base import CommandError

    settings.DEBUG = True
    call_command("seed_demo")
    capsys.readouterr()
    call_command("demo_codes")
    codes = dict(line.split(": ") for line in capsys.readouterr().out.splitlines())
    post_password(client, "supervisor", "doorway-demo-2024")
    assert client.post(SECOND_STEP, {"code": codes["supervisor"]})["Location"] == "/staff/"
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_codes")
