"""The shared fragment that shows a person's programs, reasons and gaps, or the helpline."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from programs.matching import match_programs
from tests.factories import ProgramFactory, make_answers

pytestmark = pytest.mark.django_db

TEMPLATE = "programs/_matches.html"


def render(result) -> str:
    return render_to_string(TEMPLATE, {"match_result": result})


def test_fragment_lists_matches_with_their_reasons():
    ProgramFactory(name="Evening IOP", slug="evening-iop")
    html = render(match_programs({"level": "iop", "flags": []}, make_answers()))
    assert 'href="/programs/evening-iop/"' in html
    assert "Evening sessions, so you can keep up with work or school." in html
    assert "What it does not offer" not in html


def test_fragment_names_the_gaps_of_the_nearest_programs_in_spanish():
    ProgramFactory(name="English IOP")
    result = match_programs({"level": "iop", "flags": []}, make_answers(), language="es")
    with translation.override("es"):
        html = render(result)
    assert "English IOP" in html
    assert "Lo que no ofrece" in html
    assert "Las sesiones no son en español." in html


def test_fragment_offers_a_tappable_helpline_when_nothing_fits():
    html = render(match_programs({"level": "inpatient", "flags": []}, make_answers()))
    assert 'href="tel:18006624357"' in html
    assert "Programs that may fit" in html
