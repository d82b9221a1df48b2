"""Matching a screened person to programs in the catalog.

People choose a program, not a level code. `match_programs` turns a screening result into the
programs that fit, best first, each with the reasons it fits in plain words.

A program **fits** when it offers the recommended level of care, takes new patients or keeps a
waiting list (``programs.availability``: a full one is offered, said to be full, after those with
a place; one closed by hand never is), serves the
person's age (adolescent programs for under-18s, adult programs for adults; "both" serves
everyone), and meets each of the person's needs:

- ``language``: sessions are held in the person's language;
- ``co_occurring`` flag: the program has a co-occurring (dual-diagnosis) track;
- ``medication_support`` flag: the program offers medication for opioid or alcohol use disorder.

Among fitting programs, evening or weekend schedules come first when the person keeps work or
school (outpatient and IOP only: 24-hour care has no schedule to fit around), and programs built
for teenagers come first for under-18s; then programs offering what else the answers point to
(individual counselling for someone uneasy in groups, family therapy for an adolescent,
psychiatric care for co-occurring needs), then by name.

When nothing fits, the result says so and offers the nearest: programs at the same level that
serve the person's age and take new patients but miss some need (each gap named), fewest gaps
first. When not even that exists, it points to the SAMHSA helpline. Age and the level are never
relaxed: suggesting a less intensive level than the screening found safe is for a clinician.

Cost: one indexed query (programs at one level that are offered), then plain Python over
a few rows; the intake result page and the staff lead page call it on every view.

Reason and message texts are lazy translations: they render in the language active where they
are shown (the person's on the result page, the counsellor's on the lead page), while the
``language`` argument is the person's own language, used to match programs.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from programs.availability import OFFERED, Availability
from programs.models import Audience, Level, Program, ProgramLanguage, Schedule, Service

HELPLINE_NUMBER = "1-800-662-4357"
HELPLINE_TEL = "tel:18006624357"
MAX_NEAREST = 3
ADULT_AGE = 18
# Obligations that set hours a program must fit around.
TIMETABLE_OBLIGATIONS = frozenset({"work", "school"})

_LANGUAGE_REASON = {
    ProgramLanguage.EN: _("Sessions in English."),
    ProgramLanguage.ES: _("Sessions in Spanish."),
}
_LANGUAGE_GAP = {
    ProgramLanguage.EN: _("Sessions are not held in English."),
    ProgramLanguage.ES: _("Sessions are not held in Spanish."),
}


@dataclass(frozen=True, slots=True)
class MatchReason:
    """One reason a program fits (or, in a gap, does not). ``code`` is stable for tests and staff
    views; ``text`` is a lazy translation: ``str(reason.text)`` or ``{{ reason.text }}``."""

    code: str
    text: Promise


@dataclass(frozen=True, slots=True)
class ProgramMatch:
    """A program with why it fits (``reasons``) and, for a nearest option, what it lacks
    (``gaps``). ``score`` orders matches; higher is better."""

    program: Program
    reasons: tuple[MatchReason, ...]
    gaps: tuple[MatchReason, ...]
    score: int


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The programs for one person.

    ``matches``: programs that fit every need, best first. When empty, ``nearest`` holds up to
    three programs at the same level that miss a need, and if that is empty too, ``helpline`` is
    true. ``message`` says which of the three happened, in plain words.
    """

    level: str
    matches: tuple[ProgramMatch, ...]
    nearest: tuple[ProgramMatch, ...]
    helpline: bool
    message: Promise

    @property
    def found(self) -> bool:
        return bool(self.matches)


def match_programs(assessment: dict, answers: dict, *, language: str = "en") -> MatchResult:
    """The programs that fit a screening result, ranked, each with its reasons.

    ``assessment`` is the screening JSON (``level`` and ``flags`` are read), ``answers`` the
    answers JSON (``age`` and ``obligations`` are read), ``language`` the person's language code
    ("en", "es"; a regional variant such as "es-mx" counts as "es"). Raises ``ValueError`` for an
    unknown level. Runs one database query.
    """
    level = Level(assessment["level"])
    flags = set(assessment.get("flags", ()))
    age = answers.get("age")
    adolescent = age < ADULT_AGE if isinstance(age, int) else "adolescent" in flags
    language = _language_key(language)
    fit_around_timetable = bool(
        TIMETABLE_OBLIGATIONS & set(answers.get("obligations", ()))
    ) and level in (Level.OUTPATIENT, Level.IOP)

    audiences = (Audience.BOTH, Audience.ADOLESCENTS if adolescent else Audience.ADULTS)
    candidates = Program.objects.filter(
        level=level, availability__in=OFFERED, audience__in=audiences
    ).order_by("name", "pk")

    fitting: list[ProgramMatch] = []
    near: list[ProgramMatch] = []
    for program in candidates:
        match = _judge(program, language, flags, adolescent, fit_around_timetable)
        (near if match.gaps else fitting).append(match)

    if fitting:
        return MatchResult(
            level=level,
            matches=tuple(sorted(fitting, key=_rank)),
            nearest=(),
            helpline=False,
            message=_(
                "These programs offer the level of care your answers point to and fit "
                "what you told us."
            ),
        )
    if near:
        return MatchResult(
            level=level,
            matches=(),
            nearest=tuple(sorted(near, key=_nearest_rank)[:MAX_NEAREST]),
            helpline=False,
            message=_(
                "No program matches everything you told us. These are the closest ones; a "
                "counsellor can talk the options through with you."
            ),
        )
    return MatchResult(
        level=level,
        matches=(),
        nearest=(),
        helpline=True,
        message=_(
            "We have no program at this level that can take you right now. The SAMHSA National "
            "Helpline (free, 24 hours a day, in English and Spanish) can help you find one near "
            "you."
        ),
    )


def _judge(
    program: Program, language: str, flags: set[str], adolescent: bool, fit_around_timetable: bool
) -> ProgramMatch:
    """Why ``program`` suits this person, what it lacks, and how well it ranks."""
    reasons = [MatchReason("level", _("Offers the level of care your answers point to."))]
    gaps: list[MatchReason] = []
    score = 0

    if adolescent and program.audience == Audience.ADOLESCENTS:
        # Programs built for teenagers (peers of their age, school, family) come first.
        score += 2
        reasons.append(MatchReason("adolescent", _("Made for young people aged 12 to 17.")))
    elif adolescent:
        reasons.append(MatchReason("all_ages", _("Open to young people as well as adults.")))
    if language in program.languages:
        reasons.append(MatchReason("language", _LANGUAGE_REASON[language]))
    else:
        gaps.append(MatchReason("language", _LANGUAGE_GAP[language]))

    if "co_occurring" in flags:
        if program.co_occurring_track:
            reasons.append(
                MatchReason(
                    "co_occurring",
                    _("Treats mental health and substance use together, in one plan."),
                )
            )
        else:
            gaps.append(
                MatchReason(
                    "co_occurring",
                    _("Has no track that treats mental health and substance use together."),
                )
            )
    if "medication_support" in flags:
        if program.offers(Service.MEDICATION):
            reasons.append(
                MatchReason(
                    "medication_support",
                    _("Offers medication that eases cravings and withdrawal."),
                )
            )
        else:
            gaps.append(
                MatchReason(
                    "medication_support",
                    _("Does not offer medication for opioid or alcohol use."),
                )
            )

    if fit_around_timetable:
        if Schedule.EVENING in program.schedules:
            score += 4
            reasons.append(
                MatchReason(
                    "evening", _("Evening sessions, so you can keep up with work or school.")
                )
            )
        if Schedule.WEEKEND in program.schedules:
            score += 3
            reasons.append(
                MatchReason(
                    "weekend", _("Weekend sessions, so you can keep up with work or school.")
                )
            )
    if "prefers_individual" in flags and program.offers(Service.INDIVIDUAL):
        score += 1
        reasons.append(MatchReason("individual", _("One-to-one counselling, not only groups.")))
    if adolescent and program.offers(Service.FAMILY):
        score += 1
        reasons.append(MatchReason("family", _("Family therapy, so your family can take part.")))
    if "co_occurring" in flags and program.offers(Service.PSYCHIATRIC):
        score += 1
        reasons.append(
            MatchReason("psychiatric", _("A psychiatrist can review and adjust your medication."))
        )
    return ProgramMatch(program=program, reasons=tuple(reasons), gaps=tuple(gaps), score=score)


def _rank(match: ProgramMatch) -> tuple:
    # A program that can take the person now comes before one with a waiting list.
    waiting = match.program.availability == Availability.FULL
    return (waiting, -match.score, match.program.name, match.program.pk)


def _nearest_rank(match: ProgramMatch) -> tuple:
    return (len(match.gaps), *_rank(match))


def _language_key(language: str) -> str:
    code = (language or "").lower().split("-")[0]
    return code if code in ProgramLanguage.values else ProgramLanguage.EN
