"""The deploy/ folder cannot drift from the code.

Its units, scripts and environment file name only variables that config/settings.py reads
(through the config/env.py readers); the environment file sets what production needs and
starts Doorway in production mode with no deployment warning; nginx sends what
DJANGO_BEHIND_PROXY trusts to the port gunicorn listens on; and every variable Doorway reads is
documented in .env.example and the README.
"""

import ast
import inspect
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

import config.env
from tests.conftest import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
ENV_FILE = DEPLOY / "doorway.env"
UNITS = sorted((DEPLOY / "systemd").glob("doorway-*"))
SCRIPTS = [DEPLOY / "backup-database", DEPLOY / "manage", DEPLOY / "upgrade"]
NGINX_SITE = DEPLOY / "nginx" / "doorway.conf"
INSTALLED_ENV_FILE = "/etc/doorway/doorway.env"
# Set by systemd itself, not by us.
SYSTEMD_VARIABLES = {"MAINPID"}


def _reader_calls() -> list[tuple[str, list[str]]]:
    """(reader, variable names) for every config/env.py reader called in config/settings.py."""
    readers = {
        name
        for name, function in vars(config.env).items()
        if inspect.isfunction(function) and function.__module__ == "config.env"
    }
    tree = ast.parse((REPO_ROOT / "config" / "settings.py").read_text(encoding="utf-8"))
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in readers and node.args:
            first = node.args[0]
            items = first.elts if isinstance(first, ast.List) else [first]
            calls.append((node.func.id, [item.value for item in items]))
    return calls


SETTINGS_VARIABLES = {name for _, names in _reader_calls() for name in names}
REQUIRED_IN_PRODUCTION = {
    name for reader, names in _reader_calls() if reader == "require" for name in names
}


def env_file_values() -> dict[str, str]:
    lines = ENV_FILE.read_text(encoding="utf-8").splitlines()
    pairs = [line.split("=", 1) for line in lines if line.strip() and not line.startswith("#")]
    return dict(pairs)


def shell_variables(text: str) -> set[str]:
    """Environment variables a unit or script reads ($NAME or ${NAME}; ours are upper case)."""
    return set(re.findall(r"\$\{?([A-Z][A-Z0-9_]*)\}?", text))


def test_the_settings_reader_finds_the_variables_doorway_reads():
    assert {"DJANGO_DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_BEHIND_PROXY", "PORT"} <= (
        SETTINGS_VARIABLES
    )
    assert {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"} == REQUIRED_IN_PRODUCTION


def test_the_environment_file_names_only_variables_doorway_reads():
    assert set(env_file_values()) - SETTINGS_VARIABLES == set()


def test_the_environment_file_sets_what_production_behind_nginx_needs():
    values = env_file_values()

    assert values["DJANGO_DEBUG"] == "false"
    assert values["DJANGO_BEHIND_PROXY"] == "true"
    assert set(values) >= REQUIRED_IN_PRODUCTION
    assert values["DOORWAY_SITE_URL"].startswith("https://")
    assert values["DATABASE_URL"].startswith("postgres://")
    assert values["REDIS_URL"].startswith("redis://")


@pytest.mark.parametrize("unit", UNITS, ids=[unit.name for unit in UNITS])
def test_each_unit_names_only_variables_doorway_reads(unit):
    text = unit.read_text(encoding="utf-8")
    assigned = set(re.findall(r"^Environment=\"?([A-Z][A-Z0-9_]*)=", text, re.M))

    assert assigned - SETTINGS_VARIABLES == set()
    assert shell_variables(text) - SETTINGS_VARIABLES - SYSTEMD_VARIABLES == set()
    if unit.suffix == ".service":
        assert re.findall(r"^EnvironmentFile=(.*)$", text, re.M) == [INSTALLED_ENV_FILE]


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.name for script in SCRIPTS])
def test_each_script_reads_only_variables_doorway_reads(script):
    assert os.access(script, os.X_OK)
    assert shell_variables(script.read_text(encoding="utf-8")) - SETTINGS_VARIABLES == set()


def test_every_service_runs_from_the_same_checkout_and_environment():
    services = [unit for unit in UNITS if unit.suffix == ".service"]

    assert {unit.stem for unit in services} == {
        "doorway-web",
        "doorway-worker",
        "doorway-beat",
        "doorway-backup",
    }
    for unit in services:
        text = unit.read_text(encoding="utf-8")
        assert "User=doorway" in text
        assert re.search(r"^ExecStart=/srv/doorway/", text, re.M), unit.name
    assert INSTALLED_ENV_FILE in (DEPLOY / "manage").read_text(encoding="utf-8")


def test_nginx_passes_what_doorway_trusts_to_the_port_gunicorn_listens_on(settings):
    site = NGINX_SITE.read_text(encoding="utf-8")
    web = (DEPLOY / "systemd" / "doorway-web.service").read_text(encoding="utf-8")
    [bind] = re.findall(r"--bind (\S+)", web)
    [body_limit] = re.findall(r"client_max_body_size (\d+)m;", site)

    assert f"proxy_pass http://{bind};" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert "proxy_set_header Host $host;" in site
    # Doorway, not nginx, answers an oversized body, with its own friendly page.
    assert int(body_limit) * 1024 * 1024 > settings.MAX_REQUEST_BYTES


def test_the_environment_file_starts_doorway_in_production_with_no_deployment_warning():
    # Nothing of this test run's own (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    ours = ("DJANGO_", "DOORWAY_", "CELERY_")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SETTINGS_VARIABLES and not k.startswith(ours)
    }
    env.update(env_file_values())
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/doorway"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        DJANGO_SETTINGS_MODULE="config.settings",
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def table_variables(readme: str) -> set[str]:
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section, re.M))


def test_every_variable_doorway_reads_is_documented():
    example = Path(REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    readme = Path(REPO_ROOT / "README.md").read_text(encoding="utf-8")

    assert SETTINGS_VARIABLES - set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", example, re.M)) == set()
    assert SETTINGS_VARIABLES - table_variables(readme) == set()
