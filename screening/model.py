"""The typed values the screener works with: answers in, an assessment out."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from screening import catalogue


class Level(StrEnum):
    """Levels of care, declared from least to most intensive."""

    OUTPATIENT = "outpatient"
    IOP = "iop"
    RESIDENTIAL = "residential"
    INPATIENT = "inpatient"

    @property
    def rank(self) -> int:
        """0 for outpatient up to 3 for inpatient."""
        return _LEVEL_RANK[self]


class Priority(StrEnum):
    """How soon admissions staff should reach the person, declared from least to most urgent."""

    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """0 for normal up to 2 for urgent."""
        return _PRIORITY_RANK[self]


LEVEL_ORDER: tuple[Level, ...] = tuple(Level)
_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVEL_ORDER)}
PRIORITY_ORDER: tuple[Priority, ...] = tuple(Priority)
_PRIORITY_RANK = {priority: rank for rank, priority in enumerate(PRIORITY_ORDER)}


@dataclass(frozen=True, slots=True)
class Safety:
    """The eight safety answers (past month unless the name says otherwise).

    Each is true, false or None: "not sure", "prefer not to say" or, for a loved one, "I don't
    know". The ratings read only the true values; a None is "safety unknown", never a yes or a no.
    """

    wish_dead: bool | None
    suicidal_thoughts: bool | None
    method: bool | None
    intent: bool | None
    plan: bool | None
    behavior_past_3_months: bool | None
    harm_others: bool | None
    harm_others_plan: bool | None

    def to_dict(self) -> dict[str, bool | None]:
        return {key: getattr(self, key) for key in catalogue.SAFETY_KEYS}


def _plain(value: Any) -> Any:
    """An answer as JSON: tuples become lists, the safety answers an object."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Safety):
        return value.to_dict()
    return value


@dataclass(frozen=True, slots=True)
class Answers:
    """One completed screener. Build it with `parse_answers` so it is known to be valid.

    The fields are the questions of `screening.catalogue` (a test keeps them equal); the optional
    ones come last, with their documented defaults.
    """

    respondent: str
    relationship: str | None
    age: int
    substances: tuple[str, ...]
    primary_substance: str
    frequency: str
    use_criteria: tuple[str, ...]
    withdrawal_history: tuple[str, ...]
    withdrawal_now: bool
    medical_conditions: tuple[str, ...]
    medical_unstable: bool
    safety: Safety
    mental_health: tuple[str, ...]
    mental_health_stable: bool
    psych_hospital_past_year: bool
    prior_treatment: tuple[str, ...]
    discharged_recently: bool
    relapse_after_treatment: bool
    living: str
    support: tuple[str, ...]
    obligations: tuple[str, ...]
    group_comfort: str
    readiness: str
    phq2: int | None = None
    gad2: int | None = None
    depressant_frequency: str | None = None
    overdose_past_year: bool = False
    injects: bool = False
    left_custody_recently: bool = False
    nicotine: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The answers JSON object of the clinical reference, keys in the documented order."""
        return {
            question.key: _plain(getattr(self, question.key)) for question in catalogue.QUESTIONS
        }


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a rule fired.

    `code` is stable (translations and staff views key on it), `dimension` is the ASAM dimension
    (1-6) or None, `text` is the English sentence (translate it with gettext when showing it) and
    `supports` is the level of care the rule asks for at least.
    """

    code: str
    dimension: int | None
    text: str
    supports: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "dimension": self.dimension,
            "text": self.text,
            "supports": self.supports,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Reason":
        return cls(data["code"], data["dimension"], data["text"], data["supports"])


@dataclass(frozen=True, slots=True)
class Assessment:
    """The screener's provisional recommendation and everything that led to it."""

    level: Level
    crisis: bool
    priority: Priority
    severity: str
    fit: Mapping[str, int]
    reasons: tuple[Reason, ...]
    flags: tuple[str, ...]
    rules_version: str

    def to_dict(self) -> dict[str, Any]:
        """The assessment JSON object of the clinical reference, keys in documented order."""
        return {
            "level": self.level.value,
            "crisis": self.crisis,
            "priority": self.priority.value,
            "severity": self.severity,
            "fit": dict(self.fit),
            "reasons": [reason.to_dict() for reason in self.reasons],
            "flags": list(self.flags),
            "rules_version": self.rules_version,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Assessment":
        """Rebuild an assessment stored as JSON (for instance on a lead)."""
        return cls(
            level=Level(data["level"]),
            crisis=data["crisis"],
            priority=Priority(data["priority"]),
            severity=data["severity"],
            fit=dict(data["fit"]),
            reasons=tuple(Reason.from_dict(reason) for reason in data["reasons"]),
            flags=tuple(data["flags"]),
            rules_version=data["rules_version"],
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with submitted answers: the field it concerns and a plain message."""

    field: str
    message: str

    def __str__(self) -> str:
        # An empty field means the problem concerns the answers object as a whole.
        return f"{self.field or 'answers'}: {self.message}"


class InvalidAnswers(ValueError):
    """Answers that break the documented format; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems
