"""match_programs: programs that fit a screening result, ranked, with reasons; else the nearest."""

import pytest

from programs.matching import match_programs
from tests.factories import ProgramFactory, assess, make_answers

pytestmark = pytest.mark.django_db


def iop(*flags: str) -> dict:
    """An IOP assessment carrying ``flags``."""
    return {"level": "iop", "flags": list(flags)}


def adult(**changes) -> dict:
    """Answers of an adult with no work or school to fit around, unless changed."""
    return make_answers(**{"obligations": [], **changes})


def names(matches) -> list[str]:
    return [match.program.name for match in matches]


def codes(reasons) -> set[str]:
    return {reason.code for reason in reasons}


def test_only_programs_at_the_recommended_level_match():
    ProgramFactory(name="IOP")
    ProgramFactory(name="Outpatient", level="outpatient", hours_per_week=3, days_per_week=1)
    result = match_programs(iop(), adult())
    assert names(result.matches) == ["IOP"]
    assert result.found
    assert codes(result.matches[0].reasons) >= {"level", "language"}


def test_programs_not_taking_new_patients_are_never_offered():
    ProgramFactory(name="Full", new_patients="closed")
    result = match_programs(iop(), adult())
    assert result.matches == ()
    assert result.nearest == ()
    assert result.helpline


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (15, ["Teens", "Everyone"]),
        (17, ["Teens", "Everyone"]),
        (18, ["Adults", "Everyone"]),
        (40, ["Adults", "Everyone"]),
    ],
)
def test_age_decides_between_adolescent_and_adult_programs(age, expected):
    ProgramFactory(name="Adults", audience="adults")
    ProgramFactory(name="Teens", audience="adolescents", hours_per_week=6)
    ProgramFactory(name="Everyone", audience="both")
    result = match_programs(iop(), adult(age=age))
    assert names(result.matches) == expected


def test_adolescent_is_told_which_program_is_made_for_young_people():
    ProgramFactory(name="Teens", audience="adolescents", hours_per_week=6)
    ProgramFactory(name="Everyone", audience="both")
    teens, everyone = match_programs(iop("adolescent"), adult(age=14)).matches
    assert "adolescent" in codes(teens.reasons)
    assert "all_ages" in codes(everyone.reasons)
    assert not codes(everyone.reasons) & {"adolescent"}


def test_adolescent_never_gets_an_adult_program_even_as_nearest():
    ProgramFactory(name="Adults", audience="adults")
    result = match_programs(iop("adolescent"), adult(age=16))
    assert (result.matches, result.nearest, result.helpline) == ((), (), True)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", ["Bilingual", "Spanish"]),
        ("es-MX", ["Bilingual", "Spanish"]),
        ("en", ["Bilingual", "English"]),
    ],
)
def test_programs_in_the_persons_language_match(language, expected):
    ProgramFactory(name="English", languages=["en"])
    ProgramFactory(name="Spanish", languages=["es"])
    ProgramFactory(name="Bilingual", languages=["en", "es"])
    assert names(match_programs(iop(), adult(), language=language).matches) == expected


def test_unknown_language_is_treated_as_english():
    ProgramFactory(name="English", languages=["en"])
    ProgramFactory(name="Spanish", languages=["es"])
    assert names(match_programs(iop(), adult(), language="fr").matches) == ["English"]


def test_spanish_speaker_without_a_spanish_program_gets_the_nearest_with_the_gap_named():
    ProgramFactory(name="English", languages=["en"])
    result = match_programs(iop(), adult(), language="es")
    assert result.matches == ()
    assert names(result.nearest) == ["English"]
    assert codes(result.nearest[0].gaps) == {"language"}
    assert not result.helpline
    assert "closest" in str(result.message)


@pytest.mark.parametrize(
    ("flag", "with_it", "without_it"),
    [
        ("co_occurring", {"co_occurring_track": True}, {"co_occurring_track": False}),
        ("medication_support", {"services": ["group", "medication"]}, {"services": ["group"]}),
    ],
)
def test_a_need_requires_a_program_that_meets_it(flag, with_it, without_it):
    ProgramFactory(name="Meets", **with_it)
    ProgramFactory(name="Lacks", **without_it)
    result = match_programs(iop(flag), adult())
    assert names(result.matches) == ["Meets"]
    assert flag in codes(result.matches[0].reasons)


@pytest.mark.parametrize(
    ("with_it", "without_it"),
    [
        ({"co_occurring_track": True}, {"co_occurring_track": False}),
        ({"services": ["group", "medication"]}, {"services": ["group"]}),
    ],
)
def test_without_the_need_both_programs_match(with_it, without_it):
    ProgramFactory(name="A", **with_it)
    ProgramFactory(name="B", **without_it)
    result = match_programs(iop(), adult())
    assert names(result.matches) == ["A", "B"]
    assert not codes(result.matches[0].reasons) & {"co_occurring", "medication_support"}


@pytest.mark.parametrize("flag", ["co_occurring", "medication_support"])
def test_an_unmet_need_falls_back_to_the_nearest_program_naming_the_gap(flag):
    ProgramFactory(name="Plain", services=["group"], co_occurring_track=False)
    result = match_programs(iop(flag), adult())
    assert result.matches == ()
    assert [codes(m.gaps) for m in result.nearest] == [{flag}]


@pytest.mark.parametrize("obligation", ["work", "school"])
def test_evening_and_weekend_programs_come_first_for_someone_who_works_or_studies(obligation):
    ProgramFactory(name="A day", schedules=["daytime"])
    ProgramFactory(name="B weekend", schedules=["weekend"])
    ProgramFactory(name="C evening", schedules=["evening"])
    result = match_programs(iop(), adult(obligations=[obligation]))
    assert names(result.matches) == ["C evening", "B weekend", "A day"]
    assert "evening" in codes(result.matches[0].reasons)
    assert "weekend" in codes(result.matches[1].reasons)


@pytest.mark.parametrize("obligations", [[], ["dependents"]])
def test_without_work_or_school_the_schedule_does_not_reorder(obligations):
    ProgramFactory(name="A day", schedules=["daytime"])
    ProgramFactory(name="B evening", schedules=["evening"])
    result = match_programs(iop(), adult(obligations=obligations))
    assert names(result.matches) == ["A day", "B evening"]
    assert "evening" not in codes(result.matches[1].reasons)


def test_twenty_four_hour_care_ignores_work_hours():
    for name, schedules in (("A house", ["daytime"]), ("B house", ["evening"])):
        ProgramFactory(
            name=name, level="residential", hours_per_week=168, days_per_week=7, schedules=schedules
        )
    result = match_programs({"level": "residential", "flags": []}, adult(obligations=["work"]))
    assert names(result.matches) == ["A house", "B house"]


def test_someone_uneasy_in_groups_sees_one_to_one_counselling_first():
    ProgramFactory(name="A groups", services=["group"])
    ProgramFactory(name="B individual", services=["group", "individual"])
    result = match_programs(iop("prefers_individual"), adult())
    assert names(result.matches) == ["B individual", "A groups"]
    assert "individual" in codes(result.matches[0].reasons)


def test_nearest_lists_fewest_gaps_first_and_at_most_three():
    ProgramFactory(name="Two gaps", languages=["en"], services=["group"])
    ProgramFactory(name="One gap", languages=["es"], services=["group"])
    for n in range(3):
        ProgramFactory(name=f"Also two {n}", languages=["en"], services=["group"])
    result = match_programs(iop("medication_support"), adult(), language="es")
    assert names(result.nearest) == ["One gap", "Also two 0", "Also two 1"]
    assert [len(m.gaps) for m in result.nearest] == [1, 2, 2]


def test_nothing_at_the_level_points_to_the_helpline():
    ProgramFactory(name="IOP")
    result = match_programs({"level": "inpatient", "flags": ["crisis"]}, adult())
    assert result.helpline
    assert "SAMHSA National Helpline" in str(result.message)


def test_unknown_level_is_refused():
    with pytest.raises(ValueError):
        match_programs({"level": "spa", "flags": []}, adult())


def test_matching_runs_one_query(django_assert_num_queries):
    for n in range(10):
        ProgramFactory(name=f"P{n}", schedules=["evening", "weekend"])
    with django_assert_num_queries(1):
        result = match_programs(iop("co_occurring", "medication_support"), adult(), language="es")
    assert len(result.nearest) == 3


def test_a_real_screening_result_finds_an_evening_program_with_medication():
    """A working adult drinking weekly with four criteria: IOP, medication support, obligations."""
    answers = make_answers()
    ProgramFactory(name="Evening IOP", schedules=["evening"], services=["group", "medication"])
    ProgramFactory(name="Day IOP", schedules=["daytime"], services=["group", "medication"])
    result = match_programs(assess(answers), answers)
    assert names(result.matches) == ["Evening IOP", "Day IOP"]
    assert codes(result.matches[0].reasons) >= {"medication_support", "evening"}
