"""The screening as a FHIR ``Questionnaire``, answers as a ``QuestionnaireResponse``, and back.

The only module that knows how the screening's questions are described in FHIR. The items are
derived from the questionnaire catalogue (``screening.catalogue``): each question's kind gives the
item type, its choices the answer options (Doorway code systems), its staff words the text, and
its ``asked_when`` the ``enableWhen`` (and, where plain ``enableWhen`` cannot say it, the SDC
``enableWhenExpression`` in FHIRPath). A "not sure" safety answer is an item left unanswered.
``answers_from_response`` reads a response back into the answers JSON object, so
``parse_answers`` and ``evaluate`` give the same answers and assessment as the lead's.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import override

from handoff.fhir.codes import LOINC, LOINC_QUESTIONS, QUESTIONNAIRE_URL, doorway_system
from screening import RULES_VERSION, catalogue
from screening.catalogue import Condition, Kind, Match

# Doorway's code system for each choice question's keys, where its name is not the key's own.
SYSTEM_NAMES = {
    "substances": "substance",
    "primary_substance": "substance",
    "depressant_frequency": "frequency",
    "use_criteria": "use-criterion",
    "withdrawal_history": "withdrawal-symptom",
    "medical_conditions": "medical-condition",
    "prior_treatment": "treatment",
    "obligations": "obligation",
}
ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)
_ITEM_TYPES = {
    Kind.ONE: "choice",
    Kind.MANY: "choice",
    Kind.YES_NO: "boolean",
    Kind.YES_NO_UNSURE: "boolean",
    Kind.NUMBER: "integer",
    Kind.GROUP: "group",
}


@dataclass(frozen=True)
class Question:
    """One item: ``kind`` is choice, choices (tick all that apply), boolean, integer or group."""

    key: str
    kind: str
    required: bool
    nullable: bool
    source: catalogue.Question
    children: tuple["Question", ...] = ()
    default: Any = None
    has_default: bool = False

    @property
    def system(self) -> str:
        return doorway_system(SYSTEM_NAMES.get(self.key, self.key.replace("_", "-")))

    @property
    def keys(self) -> tuple[str, ...]:
        return self.source.keys


def _kind(question: catalogue.Question) -> str:
    if question.kind is Kind.MANY:
        return "choices"
    return _ITEM_TYPES[question.kind]


def _question(question: catalogue.Question) -> Question:
    return Question(
        key=question.key,
        kind=_kind(question),
        required=not question.optional,
        nullable=question.nullable,
        source=question,
        children=tuple(_question(item) for item in question.items),
        default=question.default,
        has_default=question.optional,
    )


QUESTIONS_IN_ORDER = tuple(_question(question) for question in catalogue.QUESTIONS)


def _coding(question: Question | catalogue.Question, key: str) -> dict[str, str]:
    source = question.source if isinstance(question, Question) else question
    system = question.system if isinstance(question, Question) else _question(source).system
    return {"system": system, "code": key, "display": source.choice_labels.get(key, key)}


def _entries(condition: Condition) -> list[dict[str, Any]]:
    """The plain enableWhen entries that together (any of them) say `condition`."""
    asked = catalogue.BY_PATH[condition.key]
    if condition.test is Match.HAS_OTHER_THAN:
        values = tuple(key for key in asked.keys if key not in condition.values)
    else:
        values = condition.values
    entries = []
    for value in values:
        entry: dict[str, Any] = {"question": condition.key}
        if value is None:  # "not sure": the item is left unanswered
            entry |= {"operator": "exists", "answerBoolean": False}
        elif isinstance(value, bool):
            entry |= {"operator": "=", "answerBoolean": value}
        else:
            entry |= {"operator": "=", "answerCoding": _coding(asked, value)}
        entries.append(entry)
    return entries


def _fhirpath(condition: Condition) -> str:
    answer = f"%resource.repeat(item).where(linkId='{condition.key}').answer.value"
    if condition.test is Match.IS:
        tests = []
        for value in condition.values:
            if value is None:
                tests.append(f"{answer}.empty()")
            elif isinstance(value, bool):
                tests.append(f"({answer} = {str(value).lower()})")
            else:
                tests.append(f"({answer}.code = '{value}')")
        return "(" + " or ".join(tests) + ")"
    listed = " | ".join(f"'{value}'" for value in condition.values) or "{}"
    if condition.test is Match.HAS_ANY:
        return f"{answer}.code.intersect({listed}).exists()"
    return f"{answer}.code.exclude({listed}).exists()"


def _enable_when(question: catalogue.Question) -> dict[str, Any]:
    """The item's enableWhen for the catalogue's `asked_when` (nothing when always asked)."""
    alternatives = question.asked_when
    if not alternatives:
        return {}
    found: dict[str, Any] = {}
    if all(len(alternative) == 1 for alternative in alternatives):
        entries = [entry for (condition,) in alternatives for entry in _entries(condition)]
        found = {"enableWhen": entries}
        if len(entries) > 1:
            found["enableBehavior"] = "any"
    elif len(alternatives) == 1 and all(len(_entries(c)) == 1 for c in alternatives[0]):
        found = {"enableWhen": [_entries(c)[0] for c in alternatives[0]], "enableBehavior": "all"}
    expression = " or ".join(
        "(" + " and ".join(_fhirpath(condition) for condition in alternative) + ")"
        for alternative in alternatives
    )
    found["extension"] = [
        {
            "url": ENABLE_WHEN_EXPRESSION,
            "valueExpression": {"language": "text/fhirpath", "expression": expression},
        }
    ]
    return found


def _item(question: Question, parent: str = "") -> dict[str, Any]:
    source = question.source
    item: dict[str, Any] = {
        "linkId": f"{parent}.{question.key}" if parent else question.key,
        "text": source.label,
        "type": _ITEM_TYPES[source.kind],
        # A question asked only after some answer, or that may be null, may stay unanswered.
        "required": question.required and not question.nullable and not source.asked_when,
    }
    if question.key in LOINC_QUESTIONS:
        code, display = LOINC_QUESTIONS[question.key]
        item["code"] = [{"system": LOINC, "code": code, "display": display}]
    if question.kind in ("choice", "choices"):
        item["answerOption"] = [{"valueCoding": _coding(question, key)} for key in question.keys]
    if question.kind == "choices":
        item["repeats"] = True
    item |= _enable_when(source)
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


def _absent(question: Question) -> tuple[bool, Any]:
    """What an item left out of a response stands for: (known, value)."""
    if question.has_default:
        return True, question.default
    if question.nullable:
        return True, None
    if question.kind == "choices":
        return True, []
    return False, None


def _read(questions: tuple[Question, ...], items: list[Any]) -> dict[str, Any]:
    by_key = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("linkId"), str):
            by_key[item["linkId"].rsplit(".", 1)[-1]] = item
    answers: dict[str, Any] = {}
    for question in questions:
        item = by_key.get(question.key)
        if question.kind == "group":
            if item is not None:
                answers[question.key] = _read(question.children, item.get("item", []))
            continue
        if item is not None and item.get("answer"):
            answers[question.key] = _value(question, item["answer"])
            continue
        known, value = _absent(question)
        if known:
            answers[question.key] = list(value) if isinstance(value, tuple) else value
    return answers


def answers_from_response(response: dict[str, Any]) -> dict[str, Any]:
    """The answers JSON object a QuestionnaireResponse holds (check it with ``parse_answers``)."""
    return _read(QUESTIONS_IN_ORDER, response.get("item", []))
