"""The screening as a FHIR ``Questionnaire``, answers as a ``QuestionnaireResponse``, and back.

The only module that knows how the screening's questions are described. Until the screening
has a questionnaire catalogue, the questions are derived here from the typed ``Answers`` (every
field, in order: its type gives the kind of item, a default makes it optional), the choice keys
of ``screening.vocab`` (``CHOICES``) and the staff wording of ``admissions.forms``.
``answers_from_response`` reads a response back into the answers JSON object, so
``parse_answers`` and ``evaluate`` give the same answers and assessment as the lead's.
"""

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any

from django.utils.translation import override

from admissions.forms import CHOICE_LABELS, QUESTIONS
from handoff.fhir.codes import LOINC, LOINC_QUESTIONS, QUESTIONNAIRE_URL, doorway_system
from screening import RULES_VERSION, Answers, Safety, vocab

# Each choice question: its keys and the name of Doorway's code system for them.
CHOICES: dict[str, tuple[tuple[str, ...], str]] = {
    "respondent": (vocab.RESPONDENTS, "respondent"),
    "relationship": (vocab.RELATIONSHIPS, "relationship"),
    "substances": (vocab.SUBSTANCES, "substance"),
    "primary_substance": (vocab.SUBSTANCES, "substance"),
    "frequency": (vocab.FREQUENCIES, "frequency"),
    "use_criteria": (vocab.USE_CRITERIA, "use-criterion"),
    "withdrawal_history": (vocab.WITHDRAWAL_SYMPTOMS, "withdrawal-symptom"),
    "medical_conditions": (vocab.MEDICAL_CONDITIONS, "medical-condition"),
    "mental_health": (vocab.MENTAL_HEALTH, "mental-health"),
    "prior_treatment": (vocab.PRIOR_TREATMENT, "treatment"),
    "living": (vocab.LIVING, "living"),
    "support": (vocab.SUPPORT, "support"),
    "obligations": (vocab.OBLIGATIONS, "obligation"),
    "group_comfort": (vocab.GROUP_COMFORT, "group-comfort"),
    "readiness": (vocab.READINESS, "readiness"),
}
# Questions asked only after a given answer: key → (earlier question, the answer).
ASKED_WHEN = {"relationship": ("respondent", "loved_one")}


@dataclass(frozen=True)
class Question:
    """One item: ``kind`` is choice, choices (tick all that apply), boolean, integer or group."""

    key: str
    kind: str
    required: bool
    nullable: bool
    children: tuple["Question", ...] = ()

    @property
    def system(self) -> str:
        return doorway_system(CHOICES[self.key][1])

    @property
    def keys(self) -> tuple[str, ...]:
        return CHOICES[self.key][0]


def _kind(hint: Any) -> tuple[str, bool]:
    """The item kind for a field's type, and whether null is allowed."""
    args = typing.get_args(hint)
    nullable = isinstance(hint, types.UnionType) and type(None) in args
    if nullable:
        hint = next(arg for arg in args if arg is not type(None))
    if hint is Safety:
        return "group", nullable
    if typing.get_origin(hint) is tuple:
        return "choices", nullable
    return {str: "choice", bool: "boolean", int: "integer"}[hint], nullable


def _questions(model: type) -> tuple[Question, ...]:
    hints = typing.get_type_hints(model)
    found = []
    for field in dataclasses.fields(model):
        kind, nullable = _kind(hints[field.name])
        children = _questions(Safety) if kind == "group" else ()
        optional = field.default is not dataclasses.MISSING
        found.append(Question(field.name, kind, not optional, nullable, children))
    return tuple(found)


QUESTIONS_IN_ORDER = _questions(Answers)


def _text(question: Question, parent: str = "") -> str:
    if parent:
        return str(CHOICE_LABELS.get(parent, {}).get(question.key, question.key))
    return str(QUESTIONS.get(question.key, question.key))


def _coding(question: Question, key: str) -> dict[str, str]:
    label = CHOICE_LABELS.get(question.key, {}).get(key, key)
    return {"system": question.system, "code": key, "display": str(label)}


def _item(question: Question, parent: str = "") -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": f"{parent}.{question.key}" if parent else question.key,
        "text": _text(question, parent),
        "type": "choice" if question.kind in ("choice", "choices") else question.kind,
        "required": question.required and not question.nullable,
    }
    if question.key in LOINC_QUESTIONS:
        code, display = LOINC_QUESTIONS[question.key]
        item["code"] = [{"system": LOINC, "code": code, "display": display}]
    if question.kind in ("choice", "choices"):
        item["answerOption"] = [{"valueCoding": _coding(question, key)} for key in question.keys]
    if question.kind == "choices":
        item["repeats"] = True
    if question.key in ASKED_WHEN:
        earlier, answer = ASKED_WHEN[question.key]
        asked = next(q for q in QUESTIONS_IN_ORDER if q.key == earlier)
        item["enableWhen"] = [
            {"question": earlier, "operator": "=", "answerCoding": _coding(asked, answer)}
        ]
        item["required"] = False
    if question.children:
        item["item"] = [_item(child, question.key) for child in question.children]
    return item


def questionnaire() -> dict[str, Any]:
    """The screening as a Questionnaire; its version is the rules version (English wording)."""
    with override("en"):
        items = [_item(question) for question in QUESTIONS_IN_ORDER]
    return {
        "resourceType": "Questionnaire",
        "url": QUESTIONNAIRE_URL,
        "version": RULES_VERSION,
        "name": "DoorwayScreening",
        "title": "Doorway level-of-care screening",
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
    }


def _answers(question: Question, value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if question.kind == "choices":
        return [{"valueCoding": _coding(question, key)} for key in value]
    if question.kind == "choice":
        return [{"valueCoding": _coding(question, value)}]
    if question.kind == "boolean":
        return [{"valueBoolean": value}]
    return [{"valueInteger": value}]


def _response_items(
    questions: tuple[Question, ...], answers: dict[str, Any], parent: str = ""
) -> list[dict[str, Any]]:
    items = []
    for question in questions:
        link_id = f"{parent}.{question.key}" if parent else question.key
        value = answers.get(question.key)
        if question.kind == "group":
            if isinstance(value, dict):
                children = _response_items(question.children, value, question.key)
                items.append({"linkId": link_id, "item": children})
            continue
        found = _answers(question, value)
        if found:
            items.append({"linkId": link_id, "answer": found})
    return items


def response_items(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The QuestionnaireResponse items for an answers object (an unanswered item is left out)."""
    with override("en"):
        return _response_items(QUESTIONS_IN_ORDER, answers)


def _value(question: Question, answers: list[dict[str, Any]]) -> Any:
    values = [next(iter(answer.values())) for answer in answers]
    if question.kind in ("choice", "choices"):
        values = [value.get("code") if isinstance(value, dict) else value for value in values]
    if question.kind == "choices":
        return values
    return values[0] if len(values) == 1 else values


def _absent(question: Question, model: type) -> tuple[bool, Any]:
    """What an item left out of a response stands for: (known, value)."""
    field = next(f for f in dataclasses.fields(model) if f.name == question.key)
    if field.default is not dataclasses.MISSING:
        return True, field.default
    if question.nullable:
        return True, None
    if question.kind == "choices":
        return True, []
    return False, None


def _read(questions: tuple[Question, ...], items: list[Any], model: type) -> dict[str, Any]:
    by_key = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("linkId"), str):
            by_key[item["linkId"].rsplit(".", 1)[-1]] = item
    answers: dict[str, Any] = {}
    for question in questions:
        item = by_key.get(question.key)
        if question.kind == "group":
            if item is not None:
                answers[question.key] = _read(question.children, item.get("item", []), Safety)
            continue
        if item is not None and item.get("answer"):
            answers[question.key] = _value(question, item["answer"])
            continue
        known, value = _absent(question, model)
        if known:
            answers[question.key] = list(value) if isinstance(value, tuple) else value
    return answers


def answers_from_response(response: dict[str, Any]) -> dict[str, Any]:
    """The answers JSON object a QuestionnaireResponse holds (check it with ``parse_answers``)."""
    return _read(QUESTIONS_IN_ORDER, response.get("item", []), Answers)
