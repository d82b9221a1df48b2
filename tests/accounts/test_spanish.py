"""The sign-in pages in Spanish: every string of accounts/ translated, and shown."""

import re

import pytest

from tests.accounts.conftest import LOGIN, post_password


def test_every_accounts_string_has_a_spanish_translation(repo_root):
    po = (repo_root / "accounts/locale/es/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]
    untranslated = [entry for entry in entries if re.search(r'^msgstr(\[\d\])? ""\Z', entry, re.M)]
    assert "#, fuzzy" not in po
    assert not untranslated


@pytest.mark.django_db
def test_the_sign_in_page_and_the_second_step_speak_spanish(client, enrolled_counsellor):
    user, _secret = enrolled_counsellor
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Acceso del personal de admisiones" in page
    assert "¿Olvidaste tu contraseña?" in page
    post_password(client, user.username)
    step = client.get("/staff/second-step/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in step
    assert "Autenticación de doble factor" in step
