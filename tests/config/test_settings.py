"""Production settings refuse to start on missing secrets or malformed values."""

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT
from tests.deploy.test_deploy_files import RETIRED_VARIABLES

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-for-this-test-only-0123456789",
    "DJANGO_ALLOWED_HOSTS": "doorway.example.org",
}


def start_django(**overrides: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter, as `manage.py` or gunicorn would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def django_prints(code: str, **environment: str) -> str:
    """What ``code`` prints in a fresh Django process with ``environment`` (and no other
    DJANGO_ or DOORWAY_ variables)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DOORWAY_"))}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=REPO_ROOT,
        env={**env, **environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_production_settings_start_with_secret_and_hosts():
    result = start_django(**PRODUCTION)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_required_setting(missing):
    settings = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = start_django(**settings)
    assert result.returncode != 0
    assert missing in result.stderr.splitlines()[-1]


def test_production_names_every_missing_setting_at_once():
    result = start_django(DJANGO_DEBUG="false")
    last_line = result.stderr.splitlines()[-1]
    assert "DJANGO_SECRET_KEY" in last_line
    assert "DJANGO_ALLOWED_HOSTS" in last_line


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DJANGO_DB_CONN_MAX_AGE", "soon"),
        ("DJANGO_DB_CONN_MAX_AGE", "-1"),
        ("PORT", "eighty"),
        ("DOORWAY_RATE_STEPS", "sixty a minute"),
        ("DOORWAY_RATE_INTAKES", "0/h"),
        ("DOORWAY_RATE_UPLOADS", "twenty"),
    ],
)
def test_malformed_value_is_an_error_not_a_default(name, value):
    result = start_django(**{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert name in result.stderr.splitlines()[-1]


def test_every_variable_the_settings_read_is_documented():
    settings_source = (REPO_ROOT / "config/settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env_\w+\(\s*"([A-Z][A-Z0-9_]+)"', settings_source))
    names |= set(
        re.findall(r"require\(\[([^\]]*)\]", settings_source)[0].replace('"', "").split(", ")
    )
    names -= RETIRED_VARIABLES
    example = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "DOORWAY_CENTRE_PHONE" in names
    assert [name for name in sorted(names) if f"\n{name}=" not in example] == []
    assert [name for name in sorted(names) if f"| `{name}` |" not in readme] == []
