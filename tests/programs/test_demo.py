"""The demo catalog: realistic, valid, and safe to load twice."""

import pytest
from django.core.management import call_command

from programs.demo import seed_catalog
from programs.matching import match_programs
from programs.models import Program
from tests.factories import ProgramFactory, assess, make_answers

pytestmark = pytest.mark.django_db


def test_seed_catalog_is_idempotent_and_keeps_other_programs():
    ProgramFactory(name="Our own", slug="our-own")
    first = seed_catalog()
    second = seed_catalog()
    assert first == second == Program.objects.count()
    assert Program.objects.filter(slug="our-own").exists()


def test_demo_catalog_covers_every_kind_of_program_the_team_shows():
    seed_catalog()
    programs = Program.objects.all()
    iop_adults = programs.filter(level="iop", audience="adults")
    assert any("daytime" in p.schedules for p in iop_adults)
    assert any("evening" in p.schedules for p in iop_adults)
    assert programs.filter(level="iop", audience="adolescents").exists()
    assert programs.filter(level="outpatient").exists()
    assert programs.filter(level="residential").exists()
    assert programs.filter(level="inpatient").exists()
    assert any(p.languages == ["es"] for p in programs)
    assert programs.filter(co_occurring_track=True, level="iop").exists()
    assert all(p.description_es and p.description_es != p.description_en for p in programs)


def test_demo_catalog_finds_a_program_for_the_typical_working_adult():
    seed_catalog()
    answers = make_answers()
    result = match_programs(assess(answers), answers)
    assert result.matches[0].program.slug == "adult-iop-evening"


def test_seed_demo_loads_the_catalog_and_says_how_many_programs_exist(capsys, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert f"Programs in the catalog: {Program.objects.count()}" in out
    assert Program.objects.filter(slug="harbor-house-residential").exists()
