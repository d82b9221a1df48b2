"""Blank step forms are rendered once per process: never different, never someone's answers."""

import re

import pytest
from crispy_forms.utils import render_crispy_form
from django.utils import translation

from intake import blank_forms
from intake.forms import ReviewForm
from intake.steps import STEPS

from .conftest import step_url

FORM_STEPS = [step for step in STEPS if step.form_class is not ReviewForm]


@pytest.mark.django_db  # the coverage step lists the centre's payers
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("loved_one", [False, True])
@pytest.mark.parametrize("step", FORM_STEPS, ids=lambda step: step.name)
def test_the_kept_fields_are_exactly_what_a_fresh_render_gives(step, loved_one, language):
    with translation.override(language):
        first = blank_forms.fields_html(step.name, step.form_class(loved_one=loved_one))
        kept = blank_forms.fields_html(step.name, step.form_class(loved_one=loved_one))
        fresh = step.form_class(loved_one=loved_one)
        assert kept == first == render_crispy_form(fresh, helper=fresh.helper)


def test_each_language_and_wording_gets_its_own_copy():
    substances = next(step for step in FORM_STEPS if step.name == "substances")
    with translation.override("en"):
        english = blank_forms.fields_html("substances", substances.form_class())
        loved_one = blank_forms.fields_html("substances", substances.form_class(loved_one=True))
    with translation.override("es"):
        spanish = blank_forms.fields_html("substances", substances.form_class())
    assert "which of these have you used?" in english
    assert "your loved one" in loved_one.lower()
    assert "Alcohol" in english and "Alcohol" in spanish and english != spanish


def test_a_step_shown_again_carries_the_persons_answer_not_the_kept_blank(walker, client):
    walker.walk(until="age")
    blank = client.get(step_url("age")).content.decode()  # the blank fields are kept now
    assert 'value="' not in blank.split('name="age"', 1)[1].split(">", 1)[0]
    walker.post("age", {"age": "41"})
    again = client.get(step_url("age")).content.decode()
    assert 'value="41"' in again


def test_an_error_is_shown_on_a_step_whose_blank_fields_are_kept(walker, client):
    walker.walk(until="substances")
    client.get(step_url("substances"))
    response = walker.post("substances", {"substances": ["cannabis"], "frequency": ""})
    response = walker.after_error(response)
    html = response.content.decode()
    assert 'id="id_frequency_error"' in html
    assert re.search(r'<input[^>]*value="cannabis"[^>]*checked', html)
