"""Single sign-on against a real OpenID Connect provider started on 127.0.0.1.

The provider (tests/oidc_provider: django-oauth-toolkit) runs in its own process with its own
database; Chromium goes through the whole authorization-code flow (with PKCE) between it and
Doorway's live server, and Doorway fetches the tokens and user info from it over HTTP.
"""

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.roles import Role, roles_of
from admissions.models import AuditEntry
from tests.auth import fresh_code
from tests.conftest import REPO_ROOT, closed_port

pytestmark = pytest.mark.e2e

AT_THE_PROVIDER = re.compile(r"^http://127\.0\.0\.1:\d+/login/\?next=/o/authorize/")

CLIENT_ID = "doorway-test-client"
CLIENT_SECRET = "doorway-test-client-secret"
# username:password:groups, as the provider knows them.
PEOPLE = {
    "pat": ("pat-provider-password", ["doorway-counsellors"]),
    "noah": ("noah-provider-password", ["marketing"]),
    "sam": ("sam-provider-password", ["doorway-counsellors"]),
}


@dataclass
class Provider:
    url: str
    env: dict

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def run(self, code: str) -> None:
        """Run Python in the provider's own Django project (its database, not ours)."""
        script = f"import django; django.setup()\n{code}"
        subprocess.run(
            [sys.executable, "-c", script], env=self.env, cwd=REPO_ROOT, check=True, timeout=60
        )

    def revoke(self, username: str) -> None:
        """What an administrator does at the provider when someone leaves: the account is
        disabled and every session and token it had is ended."""
        self.run(
            "from django.contrib.auth.models import User\n"
            "from django.contrib.sessions.models import Session\n"
            "from oauth2_provider.models import AccessToken, RefreshToken\n"
            f"User.objects.filter(username={username!r}).update(is_active=False)\n"
            "Session.objects.all().delete()\n"
            "AccessToken.objects.all().delete(); RefreshToken.objects.all().delete()\n"
        )


def private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="session")
def identity_provider(live_server, tmp_path_factory) -> Iterator[Provider]:
    port = closed_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DOORWAY_"))},
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_TEST_DATABASE": str(tmp_path_factory.mktemp("idp") / "provider.sqlite3"),
        "OIDC_TEST_ISSUER": f"{url}/o",
        "OIDC_TEST_PRIVATE_KEY": private_key_pem(),
        # The provider runs over plain HTTP on the loopback address, for the test only.
        "OAUTHLIB_INSECURE_TRANSPORT": "1",
    }
    people = "\n".join(f"{name}:{pw}:{','.join(groups)}" for name, (pw, groups) in PEOPLE.items())
    redirect = f"{live_server.url}/staff/sso/oidc/login/callback/"
    subprocess.run(
        [sys.executable, "-m", "tests.oidc_provider.setup", redirect, CLIENT_ID, CLIENT_SECRET],
        input=people,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        check=True,
        timeout=120,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/o/.well-known/openid-configuration").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the test identity provider did not start"
            assert server.poll() is None, "the test identity provider stopped"
            time.sleep(0.3)
        yield Provider(url=url, env=env)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def sso(identity_provider, settings):
    """Doorway configured for the provider, as DOORWAY_SSO_* would configure it."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "oidc",
                    "name": "Test provider",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {
                        "server_url": identity_provider.issuer,
                        "oauth_pkce_enabled": True,
                        "scope": ["openid", "profile", "email"],
                    },
                }
            ]
        }
    }
    settings.DOORWAY_SSO_GROUP_ROLES = {"doorway-counsellors": Role.COUNSELLOR.value}
    settings.DOORWAY_SSO_GROUPS_CLAIM = "groups"
    return identity_provider


@pytest.fixture
def sso_page(new_page, sso):
    return new_page(also_allow=(sso.url,))


def sign_in_at_the_provider(page, username: str) -> None:
    page.goto("/staff/login/")
    page.get_by_role("button", name="Sign in with Test provider").click()
    page.wait_for_url(AT_THE_PROVIDER)
    page.get_by_label("Provider username").fill(username)
    page.get_by_label("Provider password").fill(PEOPLE[username][0])
    page.get_by_role("button", name="Sign in at the provider").click()


def enrol_an_app(page) -> None:
    page.wait_for_url("**/staff/enrol/")
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill(fresh_code(secret))
    page.get_by_role("button", name="Check the code and continue").click()
    page.wait_for_url("**/staff/security/recovery-codes/")


def test_a_mapped_group_signs_in_by_sso_as_a_counsellor(sso_page):
    sign_in_at_the_provider(sso_page, "pat")
    enrol_an_app(sso_page)
    sso_page.goto("/staff/")
    expect(sso_page.get_by_role("heading", name="Admissions queue")).to_be_visible()
    pat = get_user_model().objects.get(username="pat")
    assert roles_of(pat) == {Role.COUNSELLOR}
    assert not pat.has_usable_password(), "no local password beside the provider"
    login = AuditEntry.objects.filter(user=pat, action="login").get()
    assert login.detail == {"methods": ["mfa/totp", "socialaccount"]}


def test_an_account_whose_groups_map_to_no_role_sees_nothing(sso_page):
    sign_in_at_the_provider(sso_page, "noah")
    expect(
        sso_page.get_by_role("heading", name="Your account has no role in Doorway yet")
    ).to_be_visible()
    for path in ("/staff/", "/staff/dashboard/", "/staff/security/", "/admin/"):
        sso_page.goto(path)
        assert "/staff/login/" in sso_page.url, path
    assert AuditEntry.objects.filter(action="login_refused").count() == 1
    assert not AuditEntry.objects.filter(action="login").exists()


def test_a_revoked_provider_account_loses_access_at_doorways_idle_logoff(sso_page, sso, settings):
    sign_in_at_the_provider(sso_page, "sam")
    enrol_an_app(sso_page)
    sso.revoke("sam")
    # Doorway's session is its own: the provider cannot end it, its idle logoff does.
    sso_page.goto("/staff/")
    expect(sso_page.get_by_role("heading", name="Admissions queue")).to_be_visible()
    settings.DOORWAY_STAFF_IDLE_SECONDS = 2
    time.sleep(3)
    sso_page.goto("/staff/")
    assert "/staff/login/" in sso_page.url
    # Signing in again goes back to the provider, which no longer lets pat in.
    sso_page.get_by_role("button", name="Sign in with Test provider").click()
    sso_page.wait_for_url(AT_THE_PROVIDER)
    sso_page.get_by_label("Provider username").fill("sam")
    sso_page.get_by_label("Provider password").fill(PEOPLE["sam"][0])
    sso_page.get_by_role("button", name="Sign in at the provider").click()
    expect(sso_page.get_by_role("alert")).to_have_text("Wrong username or password.")
    sso_page.goto("/staff/")
    assert "/staff/login/" in sso_page.url
