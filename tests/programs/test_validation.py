"""A program's hours and days must fit its level of care and its audience, with clear messages."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programs.models import Program
from programs.validation import schedule_problems

pytestmark = pytest.mark.django_db

DAYS = {"outpatient": 2, "iop": 3, "residential": 7, "inpatient": 7}

# (level, audience, hours per week, fits?) — both sides of every boundary.
HOURS_TABLE = [
    ("outpatient", "adults", "0.5", True),
    ("outpatient", "adults", "8.9", True),
    ("outpatient", "adults", "9", False),
    ("outpatient", "adults", "0", False),
    ("outpatient", "adolescents", "5.9", True),
    ("outpatient", "adolescents", "6", False),
    ("outpatient", "both", "5.9", True),
    ("outpatient", "both", "6", False),
    ("outpatient", "both", "8", False),
    ("iop", "adults", "8.9", False),
    ("iop", "adults", "9", True),
    ("iop", "adults", "19", True),
    ("iop", "adults", "19.1", False),
    ("iop", "adolescents", "5.9", False),
    ("iop", "adolescents", "6", True),
    ("iop", "adolescents", "19", True),
    ("iop", "adolescents", "19.5", False),
    ("iop", "both", "6", False),
    ("iop", "both", "8.9", False),
    ("iop", "both", "9", True),
    ("iop", "both", "19", True),
    ("iop", "both", "20", False),
]
for _level in ("residential", "inpatient"):
    for _audience in ("adults", "adolescents", "both"):
        HOURS_TABLE += [
            (_level, _audience, "168", True),
            (_level, _audience, "167.5", False),
            (_level, _audience, "168.5", False),
            (_level, _audience, "24", False),
        ]


def build(**fields) -> Program:
    values = {
        "name": "Test program",
        "slug": "test-program",
        "level": "iop",
        "audience": "adults",
        "hours_per_week": Decimal(9),
        "days_per_week": 3,
        "schedules": ["evening"],
        "typical_weeks": 8,
        "services": ["group"],
        "languages": ["en"],
        "location": "Main clinic",
        "description_en": "A program.",
        "description_es": "Un programa.",
    }
    values.update(fields)
    return Program(**values)


def errors_of(program: Program) -> dict[str, list[str]]:
    try:
        program.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.parametrize(("level", "audience", "hours", "fits"), HOURS_TABLE)
def test_hours_must_fit_the_level_and_audience(level, audience, hours, fits):
    program = build(
        level=level, audience=audience, hours_per_week=Decimal(hours), days_per_week=DAYS[level]
    )
    errors = errors_of(program)
    assert ("hours_per_week" not in errors) is fits, errors
    if fits:
        assert errors == {}


@pytest.mark.parametrize(
    ("level", "days", "fits"),
    [
        ("outpatient", 0, False),
        ("outpatient", 1, True),
        ("outpatient", 7, True),
        ("outpatient", 8, False),
        ("iop", 2, False),
        ("iop", 3, True),
        ("iop", 5, True),
        ("iop", 6, False),
        ("residential", 6, False),
        ("residential", 7, True),
        ("inpatient", 5, False),
        ("inpatient", 7, True),
    ],
)
def test_days_must_fit_the_level(level, days, fits):
    hours = {"outpatient": 2, "iop": 9, "residential": 168, "inpatient": 168}[level]
    problems = schedule_problems(
        level=level, audience="adults", hours_per_week=Decimal(hours), days_per_week=days
    )
    assert ("days_per_week" not in problems) is fits, problems


def test_adult_outpatient_message_says_where_intensive_outpatient_starts():
    errors = errors_of(build(level="outpatient", hours_per_week=Decimal(10), days_per_week=2))
    assert errors["hours_per_week"] == [
        "Outpatient programs for adults run under 9 hours a week. "
        "9 hours or more is intensive outpatient."
    ]


def test_mixed_audience_iop_message_names_the_adult_minimum():
    errors = errors_of(build(audience="both", hours_per_week=Decimal(7)))
    assert errors["hours_per_week"] == [
        "A program for adults and adolescents must fit the adult limit: intensive outpatient "
        "needs at least 9 hours a week."
    ]


def test_every_problem_is_reported_at_once():
    program = build(
        level="residential",
        hours_per_week=Decimal(20),
        days_per_week=5,
        schedules=[],
        languages=["fr", "en", "en"],
        services=["juggling"],
    )
    errors = errors_of(program)
    assert set(errors) >= {"hours_per_week", "days_per_week", "schedules", "languages", "services"}
    assert "Choose at least one." in errors["schedules"]
    assert "Unknown choice: fr. Choose from the list." in errors["languages"]
    assert "Each choice may appear only once." in errors["languages"]


def test_choice_lists_must_be_lists_of_keys():
    errors = errors_of(build(languages="en", schedules=[1]))
    assert errors["languages"] == ["Choose from the list."]
    assert errors["schedules"] == ["Choose from the list."]


def test_a_slug_of_digits_only_is_refused_because_it_would_look_like_an_id():
    assert "slug" in errors_of(build(slug="2024"))
    assert "slug" not in errors_of(build(slug="iop-2024"))
