"""seed_demo gives a newcomer accounts to log in with, and never runs in production."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_credentials(capsys, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert User.objects.filter(username__in=["counsellor", "supervisor"]).count() == 2
    assert "counsellor / " in out
    assert User.objects.get(username="supervisor").groups.filter(name="Supervisors").exists()


def test_seed_demo_refuses_production_mode(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.filter(username="counsellor").exists()
