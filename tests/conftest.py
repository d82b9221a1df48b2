"""Fixtures shared by every test package."""

import os
import socket
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

REPO_ROOT = Path(__file__).resolve().parent.parent

# Property tests try new inputs on every local run (and replay any failure they found, kept in
# .hypothesis/). In CI they try the same inputs every run, so a red build always means the
# change under test broke something, and the same build can be run again to see it.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


def closed_port() -> int:
    """A local port where nothing listens: a server that is down, refusing at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Tests create many users; the production hasher's deliberate slowness is not under test."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English and leaves no language active behind it: a request in
    Spanish would otherwise leave Spanish active for the next test on the same thread."""
    from django.utils import translation

    with translation.override("en"):
        yield


# --- Personas, defined once ------------------------------------------------------------------


@pytest.fixture
def counsellor(db):
    """An active English-speaking counsellor."""
    from tests.factories import CounsellorFactory, UserFactory

    return CounsellorFactory(user=UserFactory(username="counsellor")).user


@pytest.fixture
def other_counsellor(db):
    """A second counsellor, who must not see the first one's leads."""
    from tests.factories import CounsellorFactory, UserFactory

    return CounsellorFactory(user=UserFactory(username="other_counsellor")).user


@pytest.fixture
def supervisor(db):
    """A member of the Supervisors group (also a counsellor)."""
    from tests.factories import CounsellorFactory, make_supervisor

    user = make_supervisor()
    CounsellorFactory(user=user)
    return user


@pytest.fixture
def outsider(db):
    """Logged in, but neither counsellor nor supervisor."""
    from tests.factories import UserFactory

    return UserFactory(username="outsider")
