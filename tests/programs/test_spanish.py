"""Every page, reason and message of the catalog reads in Spanish for Spanish speakers."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from programs.demo import seed_catalog
from programs.matching import match_programs
from programs.models import Program
from tests.factories import ProgramFactory, make_answers

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def spanish_page(client, url: str) -> str:
    response = client.get(url, **SPANISH)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    return html


def test_home_explains_the_four_levels_in_spanish(client):
    html = spanish_page(client, "/")
    assert "Empezar el cuestionario" in html
    for name in ("Ambulatorio", "Ambulatorio intensivo (IOP)", "Residencial", "Hospitalización"):
        assert name in html
    assert html.count("Cómo es un día") == 4
    assert "Start the screening" not in html
    assert "What a day looks like" not in html


def test_program_list_and_detail_show_spanish_names_descriptions_and_facts(client):
    seed_catalog()
    html = spanish_page(client, "/programs/?language=es")
    assert "Programa intensivo ambulatorio en español" in html
    assert "Todo en español" in html
    assert "10 horas a la semana, en 3 días" in html
    assert "Filtrar programas" in html
    html = spanish_page(client, "/programs/dual-recovery-iop/")
    assert "un mismo equipo trata ambas cosas a la vez" in html
    assert "Atención psiquiátrica y control de la medicación" in html
    assert "Alrededor de 12 semanas" in html
    assert "What it offers" not in html


def test_language_switch_keeps_spanish_for_the_next_pages(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/programs/"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Nuestros programas" in html


def test_every_demo_program_has_its_own_spanish_description():
    seed_catalog()
    with translation.override("es"):
        for program in Program.objects.all():
            assert program.description == program.description_es
            assert program.display_name == program.name_es


def test_reasons_render_in_the_language_active_where_they_are_shown():
    ProgramFactory(name="Bilingual", languages=["en", "es"], co_occurring_track=True)
    result = match_programs(
        {"level": "iop", "flags": ["co_occurring"]}, make_answers(obligations=[]), language="es"
    )
    reason = next(r for r in result.matches[0].reasons if r.code == "language")
    with translation.override("en"):
        assert str(reason.text) == "Sessions in Spanish."
    with translation.override("es"):
        assert str(reason.text) == "Sesiones en español."
        assert str(result.message).startswith("Estos programas ofrecen")


def test_validation_messages_are_translated_to_spanish():
    program = ProgramFactory.build(level="inpatient", hours_per_week=Decimal(40), days_per_week=7)
    with translation.override("es"):
        with pytest.raises(ValidationError) as error:
            program.full_clean()
        assert error.value.message_dict["hours_per_week"] == [
            "La atención residencial y la hospitalización son atención de 24 horas: indica 168 "
            "horas por semana (24 horas, 7 días)."
        ]
