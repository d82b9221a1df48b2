"""The questionnaire, declared once (clinical reference, rules 2.0).

Each `Question` says its answer key, its kind, its choices (each with the staff's words for it),
whether the answers object may leave it out and what it then answers (`default`), when the form
asks it (`asked_when`, pure data from "How the form asks") and what it answers when it is not
asked (`skipped`). Validation, `Answers.to_dict`, the Django choices, the staff labels and phone
form, the FHIR Questionnaire and the generators of the bench and the property tests all derive
from `QUESTIONS`; nothing else lists the keys.

The English words here are message ids: the Django layer translates them with gettext (the
Spanish is in the locale folders). Nothing here imports Django.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """How a question is answered."""

    ONE = "one"  # one key of `choices` (or null when `nullable`)
    MANY = "many"  # a list of distinct keys of `choices`
    YES_NO = "yes_no"  # true or false
    YES_NO_UNSURE = "yes_no_unsure"  # true, false or null ("not sure", "I don't know")
    NUMBER = "number"  # a whole number from `low` to `high` (or null when `nullable`)
    GROUP = "group"  # an object of the `items` questions (the safety answers)


class Match(StrEnum):
    """How a `Condition` reads an earlier answer."""

    IS = "is"  # the answer is one of the values (null is a value: None)
    HAS_ANY = "has_any"  # the listed answer contains one of the values
    HAS_OTHER_THAN = "has_other_than"  # the listed answer contains something not in the values


@dataclass(frozen=True, slots=True)
class Condition:
    """One test on an earlier answer; `key` is dotted inside a group ("safety.harm_others")."""

    key: str
    test: Match
    values: tuple[Any, ...]

    def holds(self, known: Mapping[str, Any]) -> bool:
        """Whether the answers known so far pass this test; an unanswered key never does."""
        found, value = _lookup(known, self.key)
        if not found:
            return False
        if self.test is Match.IS:
            return any(value is v or value == v for v in self.values if type(v) is type(value))
        items = value or ()
        if self.test is Match.HAS_ANY:
            return any(item in self.values for item in items)
        return any(item not in self.values for item in items)


_MISSING = object()


def _lookup(known: Mapping[str, Any], key: str) -> tuple[bool, Any]:
    if key in known:
        return True, known[key]
    group, _, item = key.partition(".")
    inner = known.get(group, _MISSING) if item else _MISSING
    if isinstance(inner, Mapping) and item in inner:
        return True, inner[item]
    return False, None


def when(key: str, test: Match, *values: Any) -> tuple[tuple[Condition, ...], ...]:
    """`asked_when` with one condition."""
    return ((Condition(key, test, values),),)


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the screener.

    `choices` pairs each key with the staff's words for it; `label` is the staff's words for
    the question. `asked_when` lists alternatives, each a tuple of conditions that must all
    hold (empty: always asked); when none holds, the form does not ask and the answer is
    `skipped`. `optional` questions may be left out of an answers object: they are then
    `default`.
    """

    key: str
    kind: Kind
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    nullable: bool = False
    at_least_one: bool = False
    optional: bool = False
    default: Any = None
    low: int = 0
    high: int = 0
    asked_when: tuple[tuple[Condition, ...], ...] = ()
    skipped: Any = None
    items: tuple["Question", ...] = ()
    group: str = ""  # the enclosing group's key, for the items of a group

    @property
    def path(self) -> str:
        """The answer's name in problems and conditions: "age", "safety.plan"."""
        return f"{self.group}.{self.key}" if self.group else self.key

    @property
    def keys(self) -> tuple[str, ...]:
        """The choice keys, in the order the form shows them."""
        return tuple(key for key, _ in self.choices)

    @property
    def choice_labels(self) -> dict[str, str]:
        """Choice key → the staff's words for it (English message ids)."""
        return dict(self.choices)

    def is_asked(self, known: Mapping[str, Any]) -> bool:
        """Whether the form asks this question, given the answers known so far."""
        if not self.asked_when:
            return True
        return any(all(c.holds(known) for c in alternative) for alternative in self.asked_when)


def gettext_noop(message: str) -> str:
    """Mark a string for translation (makemessages finds it) without translating it here."""
    return message


_ = gettext_noop

# --- Choice vocabularies (key, staff words) --------------------------------------------------

RESPONDENTS = (
    ("self", _("The person themselves")),
    ("loved_one", _("Someone who cares about them")),
)
RELATIONSHIPS = (
    ("parent", _("Parent")),
    ("partner", _("Partner")),
    ("child", _("Child")),
    ("sibling", _("Brother or sister")),
    ("friend", _("Friend")),
    ("other", _("Other")),
)
SUBSTANCES = (
    ("alcohol", _("Alcohol")),
    ("opioids", _("Opioids (heroin, fentanyl, pain pills)")),
    ("benzodiazepines", _("Benzodiazepines")),
    ("sedatives", _("Other sedatives or sleeping pills")),
    ("stimulants", _("Stimulants (meth, cocaine)")),
    ("cannabis", _("Cannabis")),
    ("hallucinogens", _("Hallucinogens")),
    ("other", _("Other")),
)
FREQUENCIES = (
    ("daily", _("Daily or almost daily")),
    ("weekly", _("Weekly")),
    ("monthly", _("A few times a month or less")),
    ("not_past_30_days", _("Not in the past 30 days")),
)
USE_CRITERIA = (
    ("larger_amounts", _("Uses more or longer than meant to")),
    ("cant_cut_down", _("Tried to cut down and could not")),
    ("time_spent", _("Much time getting, using or recovering")),
    ("craving", _("Cravings")),
    ("role_failure", _("Falling behind at work, school or home")),
    ("social_problems", _("Keeps using despite trouble with people")),
    ("activities_given_up", _("Gave up activities")),
    ("hazardous_use", _("Uses where it is dangerous")),
    ("physical_psych_harm", _("Keeps using despite health harm")),
    ("tolerance", _("Needs more for the same effect")),
    ("withdrawal", _("Withdrawal when stopping")),
)
WITHDRAWAL_SYMPTOMS = (
    ("shakes_sweats", _("Shakes or sweats")),
    ("nausea_vomiting", _("Nausea or vomiting")),
    ("anxiety_insomnia", _("Anxiety or cannot sleep")),
    ("hallucinations", _("Hallucinations")),
    ("seizures", _("Seizures")),
    ("delirium_tremens", _("Delirium tremens (DTs)")),
)
MEDICAL_CONDITIONS = (
    ("liver_disease", _("Liver disease")),
    ("pancreatitis", _("Pancreatitis")),
    ("heart_condition", _("Heart condition")),
    ("seizure_disorder", _("Seizure disorder")),
    ("pregnancy", _("Pregnant")),
    ("other_serious", _("Other serious condition")),
)
MENTAL_HEALTH = (
    ("depression", _("Depression")),
    ("anxiety", _("Anxiety")),
    ("ptsd", _("PTSD")),
    ("bipolar", _("Bipolar disorder")),
    ("psychosis", _("Psychosis")),
    ("eating_disorder", _("Eating disorder")),
    ("adhd", _("ADHD")),
    ("other", _("Other")),
)
PRIOR_TREATMENT = (
    ("detox", _("Detox")),
    ("inpatient", _("Inpatient")),
    ("residential", _("Residential")),
    ("iop", _("Intensive outpatient")),
    ("outpatient", _("Outpatient")),
)
LIVING = (
    ("stable", _("Stable housing")),
    ("unstable", _("Unstable housing")),
    ("homeless", _("Homeless")),
    ("with_active_user", _("Lives with someone who uses")),
)
SUPPORT = (
    ("family", _("Family")),
    ("partner", _("Partner")),
    ("friends", _("Friends")),
    ("sponsor", _("Sponsor")),
    ("mutual_help", _("Mutual-help group")),
)
OBLIGATIONS = (
    ("work", _("Work")),
    ("school", _("School")),
    ("dependents", _("Children or others depend on them")),
)
GROUP_COMFORT = (("yes", _("Yes")), ("unsure", _("Unsure")), ("no", _("No")))
READINESS = (
    ("ready", _("Ready to start")),
    ("considering", _("Thinking about it")),
    ("not_ready", _("Not ready")),
)

# Substances the rules call depressants, and those whose withdrawal history the form asks about
# whatever the frequency (a past seizure or DT predicts the next one).
DEPRESSANTS = ("alcohol", "benzodiazepines", "sedatives")
WITHDRAWAL_ASKED_FOR = (*DEPRESSANTS, "opioids")
# How often, most frequent first (depressant_frequency may not be more often than frequency).
FREQUENCY_ORDER = ("daily", "weekly", "monthly", "not_past_30_days")
_USED_RECENTLY = ("daily", "weekly", "monthly")
_ASKED_ON = (True, None)  # a yes or an unsure answer opens the follow-up questions


def _safety(key: str, label: str, asked_when=()) -> Question:
    return Question(
        key,
        Kind.YES_NO_UNSURE,
        label,
        nullable=True,
        asked_when=asked_when,
        skipped=False,
        group="safety",
    )


_AFTER_SUICIDAL_THOUGHTS = when("safety.suicidal_thoughts", Match.IS, *_ASKED_ON)

SAFETY_ITEMS: tuple[Question, ...] = (
    _safety("wish_dead", _("Wished they were dead (past month)")),
    _safety("suicidal_thoughts", _("Thoughts of ending their life (past month)")),
    _safety("method", _("Thought about how they might do it"), _AFTER_SUICIDAL_THOUGHTS),
    _safety("intent", _("Had some intention of acting on it"), _AFTER_SUICIDAL_THOUGHTS),
    _safety("plan", _("Worked out details or a plan"), _AFTER_SUICIDAL_THOUGHTS),
    _safety("behavior_past_3_months", _("Tried, or prepared to, in the past 3 months")),
    _safety("harm_others", _("Thoughts of seriously hurting someone")),
    _safety(
        "harm_others_plan",
        _("A plan or intention to hurt someone"),
        when("safety.harm_others", Match.IS, *_ASKED_ON),
    ),
)


def _yes_no(key: str, label: str, **extra: Any) -> Question:
    return Question(key, Kind.YES_NO, label, **extra)


def _optional_yes_no(key: str, label: str) -> Question:
    return Question(key, Kind.YES_NO, label, optional=True, default=False)


# The answers object's keys in the documented order, which is also the screener's order.
QUESTIONS: tuple[Question, ...] = (
    Question("respondent", Kind.ONE, _("Who is calling"), RESPONDENTS),
    Question(
        "relationship",
        Kind.ONE,
        _("Relationship to the person"),
        RELATIONSHIPS,
        nullable=True,
        asked_when=when("respondent", Match.IS, "loved_one"),
        skipped=None,
    ),
    Question("age", Kind.NUMBER, _("Age of the person"), low=12, high=110),
    Question(
        "substances", Kind.MANY, _("Substances, past 12 months"), SUBSTANCES, at_least_one=True
    ),
    Question("primary_substance", Kind.ONE, _("Main substance"), SUBSTANCES),
    Question("frequency", Kind.ONE, _("How often, past 30 days"), FREQUENCIES),
    Question(
        "depressant_frequency",
        Kind.ONE,
        _("How often alcohol, benzodiazepines or sedatives, past 30 days"),
        FREQUENCIES,
        nullable=True,
        optional=True,
        default=None,
        # Asked only when a depressant is listed together with another substance.
        asked_when=(
            (
                Condition("substances", Match.HAS_ANY, DEPRESSANTS),
                Condition("substances", Match.HAS_OTHER_THAN, DEPRESSANTS),
            ),
        ),
        skipped=None,
    ),
    Question("use_criteria", Kind.MANY, _("Problems from use, past 12 months"), USE_CRITERIA),
    Question(
        "withdrawal_history",
        Kind.MANY,
        _("Withdrawal ever"),
        WITHDRAWAL_SYMPTOMS,
        asked_when=(
            (Condition("substances", Match.HAS_ANY, WITHDRAWAL_ASKED_FOR),),
            (Condition("frequency", Match.IS, _USED_RECENTLY),),
        ),
        skipped=(),
    ),
    _yes_no(
        "withdrawal_now",
        _("Withdrawal symptoms now"),
        asked_when=when("frequency", Match.IS, *_USED_RECENTLY),
        skipped=False,
    ),
    Question("medical_conditions", Kind.MANY, _("Health conditions"), MEDICAL_CONDITIONS),
    _yes_no("medical_unstable", _("Health problem needing care now or getting worse")),
    _optional_yes_no("overdose_past_year", _("Overdose, past 12 months")),
    _optional_yes_no("injects", _("Injected a drug, past 12 months")),
    _optional_yes_no("left_custody_recently", _("Left jail or prison, past 30 days")),
    _optional_yes_no("nicotine", _("Uses nicotine now")),
    Question("safety", Kind.GROUP, _("Safety"), items=SAFETY_ITEMS),
    Question("mental_health", Kind.MANY, _("Mental health, diagnosed or suspected"), MENTAL_HEALTH),
    _yes_no(
        "mental_health_stable",
        _("Mental health managed and stable now"),
        asked_when=when("mental_health", Match.HAS_OTHER_THAN),
        skipped=True,
    ),
    Question(
        "phq2",
        Kind.NUMBER,
        _("PHQ-2 score (0-6)"),
        nullable=True,
        optional=True,
        low=0,
        high=6,
    ),
    Question(
        "gad2",
        Kind.NUMBER,
        _("GAD-2 score (0-6)"),
        nullable=True,
        optional=True,
        low=0,
        high=6,
    ),
    _yes_no("psych_hospital_past_year", _("Psychiatric hospital stay, past year")),
    Question("prior_treatment", Kind.MANY, _("Treatment before"), PRIOR_TREATMENT),
    _yes_no(
        "discharged_recently",
        _("Left inpatient or residential care, past 30 days"),
        asked_when=when("prior_treatment", Match.HAS_OTHER_THAN),
        skipped=False,
    ),
    _yes_no(
        "relapse_after_treatment",
        _("Went back to using after treatment"),
        asked_when=when("prior_treatment", Match.HAS_OTHER_THAN),
        skipped=False,
    ),
    Question("living", Kind.ONE, _("Living situation"), LIVING),
    Question("support", Kind.MANY, _("People backing their recovery"), SUPPORT),
    Question("obligations", Kind.MANY, _("Obligations"), OBLIGATIONS),
    Question("group_comfort", Kind.ONE, _("Comfortable in group therapy"), GROUP_COMFORT),
    Question("readiness", Kind.ONE, _("Readiness"), READINESS),
)

BY_KEY: dict[str, Question] = {question.key: question for question in QUESTIONS}
# Every answer by its path, the safety items included ("safety.plan").
BY_PATH: dict[str, Question] = {
    question.path: question
    for top in QUESTIONS
    for question in ((top, *top.items) if top.items else (top,))
}
SAFETY_KEYS: tuple[str, ...] = tuple(item.key for item in SAFETY_ITEMS)
# The questions a valid 1.0 answers object may lack: the optional ones.
OPTIONAL_KEYS = frozenset(question.key for question in QUESTIONS if question.optional)
DEFAULTS: dict[str, Any] = {
    question.key: question.default for question in QUESTIONS if question.optional
}

# The safety answers that make crisis true when they are yes: the crisis panel checks them.
CRISIS_SAFETY_KEYS = ("intent", "plan", "behavior_past_3_months", "harm_others_plan")

MOOD_ITEM_HIGHEST = 3  # each PHQ-2 / GAD-2 item scores 0-3


def mood_total(first: int | None, second: int | None) -> int | None:
    """The PHQ-2 or GAD-2 total of two items scored 0-3 ("How the form asks", 5).

    A skipped item makes the total null, unless the item answered already scores 3: then the
    total is 3 (the screen is positive whatever the other item would say).
    """
    if first is not None and second is not None:
        return first + second
    answered = first if first is not None else second
    return MOOD_ITEM_HIGHEST if answered == MOOD_ITEM_HIGHEST else None


def options_given(question: Question, known: Mapping[str, Any]) -> tuple[Any, ...]:
    """The answers a one-choice question may take given the earlier answers `known`.

    What validation accepts, as a list: a relationship only for a loved one, the main substance
    among those listed, a depressant frequency only with a depressant and never more often than
    `frequency` (and equal to it when every substance listed is a depressant). Generators and
    forms read it; for other questions it is the choices (and null when allowed).
    """
    if question.key == "relationship":
        return question.keys if known.get("respondent") == "loved_one" else (None,)
    if question.key == "primary_substance":
        return tuple(known.get("substances") or question.keys)
    if question.key == "depressant_frequency":
        substances = known.get("substances") or ()
        overall = known.get("frequency") or FREQUENCY_ORDER[-1]
        if not set(DEPRESSANTS).intersection(substances):
            return (None,)
        if set(DEPRESSANTS).issuperset(substances):
            return (None, overall)
        return (None, *FREQUENCY_ORDER[FREQUENCY_ORDER.index(overall) :])
    return (*question.keys, None) if question.nullable else question.keys
