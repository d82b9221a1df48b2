"""Spanish throughout, and words for every key of the screener's vocabulary."""

import re

import pytest

from intake import choices
from screening import vocab
from tests.intake.conftest import STEP_POSTS, step_url


@pytest.mark.parametrize(
    ("labels", "keys"),
    [
        (choices.RESPONDENTS, vocab.RESPONDENTS),
        (choices.RELATIONSHIPS, vocab.RELATIONSHIPS),
        (choices.SUBSTANCES, vocab.SUBSTANCES),
        (choices.FREQUENCIES, vocab.FREQUENCIES),
        (choices.USE_CRITERIA, vocab.USE_CRITERIA),
        (choices.WITHDRAWAL_SYMPTOMS, vocab.WITHDRAWAL_SYMPTOMS),
        (choices.MEDICAL_CONDITIONS, vocab.MEDICAL_CONDITIONS),
        (
            tuple((key, self_text) for key, self_text, _loved in choices.SAFETY),
            vocab.SAFETY_QUESTIONS,
        ),
        (choices.MENTAL_HEALTH, vocab.MENTAL_HEALTH),
        (choices.PRIOR_TREATMENT, vocab.PRIOR_TREATMENT),
        (choices.LIVING, vocab.LIVING),
        (choices.SUPPORT, vocab.SUPPORT),
        (choices.OBLIGATIONS, vocab.OBLIGATIONS),
        (choices.GROUP_COMFORT, vocab.GROUP_COMFORT),
        (choices.READINESS, vocab.READINESS),
    ],
)
def test_every_vocabulary_key_has_words_in_the_same_order(labels, keys):
    assert tuple(key for key, _label in labels) == keys


def _spanish(client):
    client.post("/i18n/setlang/", {"language": "es", "next": "/screen/"})


def test_the_whole_screening_can_be_done_in_spanish(walker, client):
    _spanish(client)
    assert "¿Para quién llenas este cuestionario?" in client.get(step_url("start")).content.decode()
    walker.walk(until="age", changes={"start": {"respondent": "loved_one"}})
    assert "¿Cuántos años tiene tu ser querido?" in client.get(step_url("age")).content.decode()
    response = walker.after_error(walker.post("age", {"age": "9"}))
    assert "Este cuestionario es para personas de 12 años o más." in response.content.decode()
    walker.walk(changes={"start": {"respondent": "loved_one"}, **CRISIS})
    walker.send()
    page = client.get("/screen/result/").content.decode()
    assert "Esto no es un diagnóstico" in page
    assert "Hospitalización" in page
    assert "Llama al 988" in page
    assert "Lo que puedes hacer como familiar o amistad" in page


CRISIS = {"safety": {**STEP_POSTS["safety"], "suicidal_thoughts": "yes", "intent": "yes"}}


def test_reasons_on_the_result_page_are_translated(walker, client):
    walker.walk()
    walker.send()
    _spanish(client)
    page = client.get("/screen/result/").content.decode()
    assert "moderate substance use problem" not in page
    assert "Ambulatorio intensivo (IOP)" in page


def test_the_spanish_result_promises_a_call_in_spanish_words(walker, client):
    _spanish(client)
    walker.walk(changes={"finish": {"finish": "reach_out"}, **CRISIS})
    walker.send()
    assert "dentro de 15 minutos" in client.get("/screen/result/").content.decode()


def test_the_shared_layout_and_crisis_resources_are_in_spanish(client, db):
    _spanish(client)
    page = client.get("/help/").content.decode()
    assert "Salida rápida" in page and "Saltar al contenido principal" in page
    assert "Puedes hablar con alguien ahora mismo" in page


@pytest.mark.parametrize("catalogue", ["intake/locale", "locale"])
def test_every_patient_facing_string_has_a_spanish_translation(repo_root, catalogue):
    po = (repo_root / catalogue / "es/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]
    untranslated = [entry for entry in entries if re.search(r'^msgstr(\[\d\])? ""\Z', entry, re.M)]
    assert "#, fuzzy" not in po
    assert not untranslated
