"""Fixtures for the screening rules: a calm baseline person and helpers to change one thing."""

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from screening import Assessment, evaluate, parse_answers

REPO_ROOT = Path(__file__).resolve().parents[2]
# The worked cases of the clinical reference (rules 2.0): answers and the documented assessment.
# A copy, so the repository stands alone; test_vignettes_copy.py keeps it equal to the reference.
VIGNETTES_FILE = Path(__file__).resolve().parent / "vignettes.json"

CALM: dict[str, Any] = {
    "respondent": "self",
    "relationship": None,
    "age": 30,
    "substances": ["cannabis"],
    "primary_substance": "cannabis",
    "frequency": "monthly",
    "use_criteria": [],
    "withdrawal_history": [],
    "withdrawal_now": False,
    "medical_conditions": [],
    "medical_unstable": False,
    "safety": {
        "wish_dead": False,
        "suicidal_thoughts": False,
        "method": False,
        "intent": False,
        "plan": False,
        "behavior_past_3_months": False,
        "harm_others": False,
        "harm_others_plan": False,
    },
    "mental_health": [],
    "mental_health_stable": True,
    "phq2": None,
    "gad2": None,
    "psych_hospital_past_year": False,
    "prior_treatment": [],
    "discharged_recently": False,
    "relapse_after_treatment": False,
    "living": "stable",
    "support": ["family"],
    "obligations": [],
    "group_comfort": "yes",
    "readiness": "ready",
}
CRITERIA = {
    "none": [],
    "mild": ["craving", "tolerance"],
    "moderate": ["craving", "tolerance", "larger_amounts", "cant_cut_down"],
    "severe": [
        "craving",
        "tolerance",
        "larger_amounts",
        "cant_cut_down",
        "time_spent",
        "withdrawal",
    ],
}


def load_vignettes() -> list[dict[str, Any]]:
    return json.loads(VIGNETTES_FILE.read_text(encoding="utf-8"))["vignettes"]


def calm_answers(**changes: Any) -> dict[str, Any]:
    """The calm person's answers with `changes`; `safety` changes merge into the safety answers."""
    answers = copy.deepcopy(CALM)
    answers["safety"].update(changes.pop("safety", {}))
    answers.update(changes)
    return answers


def assess(**changes: Any) -> Assessment:
    return evaluate(parse_answers(calm_answers(**changes)))


@pytest.fixture
def calm() -> Callable[..., dict[str, Any]]:
    return calm_answers
