"""Staff forms: queue filters, the lead page actions and "New lead from a call".

The phone intake asks the same screening as the patient wizard, in staff words and on one page;
its fields are built from the questionnaire catalogue (``screening.catalogue``), so every
question, its choices and its staff words exist in one place. The same labels turn stored
answers back into readable words on the lead page.
"""

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from admissions.models import ContactMethod, ContactTime, HeardAbout, Language, Level, Priority
from admissions.models import Status as LeadStatus
from admissions.pipeline import Channel, Outcome
from admissions.selectors import CLOSING_STATUSES, QueueFilters, assignable_counsellors
from admissions.services import CONTACT_FIELDS
from screening import catalogue
from screening.catalogue import Kind

# The consent a counsellor reads out on the phone; stored on the lead like the web versions.
PHONE_CONSENT_VERSION = "phone-1"

# --- Readable words for every answer key ----------------------------------------------------
# The staff's words live with each question in the catalogue (English message ids); these are
# them, translated when shown.

YES_NO_UNSURE = (("yes", _("Yes")), ("no", _("No")), ("unsure", _("Not sure / not said")))
_FROM_CHOICE = {"yes": True, "no": False, "unsure": None}

CHOICE_LABELS: dict[str, Any] = {
    question.key: {key: _(words) for key, words in question.choices}
    for question in catalogue.QUESTIONS
    if question.choices
}
CHOICE_LABELS["safety"] = {item.key: _(item.label) for item in catalogue.SAFETY_ITEMS}

QUESTIONS: dict[str, Any] = {question.key: _(question.label) for question in catalogue.QUESTIONS}
QUESTIONS["safety"] = _("Safety: yes and not sure answers")

FLAG_LABELS: dict[str, Any] = {
    "crisis": _("Crisis"),
    "suicide_risk_high": _("Suicide risk: high"),
    "suicide_risk_moderate": _("Suicide risk: moderate"),
    "suicide_risk_low": _("Suicide risk: low"),
    "danger_to_others": _("Danger to others"),
    "medical_withdrawal": _("Needs medically managed withdrawal"),
    "monitored_withdrawal": _("Needs monitored withdrawal"),
    "withdrawal_symptoms": _("Withdrawal symptoms"),
    "medical_unstable": _("Medically unstable"),
    "pregnancy": _("Pregnant"),
    "co_occurring": _("Co-occurring mental health"),
    "psychiatric_unstable": _("Mental health unstable"),
    "step_down": _("Step-down from 24-hour care"),
    "relapse_history": _("Relapse after treatment"),
    "unsafe_environment": _("Unsafe living situation"),
    "no_support": _("No support"),
    "adolescent": _("Under 18"),
    "medication_support": _("Candidate for medication (MOUD/MAUD)"),
    "low_readiness": _("Not ready yet"),
    "prefers_individual": _("Prefers individual sessions"),
    "keeps_obligations": _("Keeps work, school or family duties"),
    "needs_leave_planning": _("Needs leave planning"),
    "below_threshold": _("Below the threshold for a disorder"),
    "third_party": _("Filled in by someone else"),
    "overdose_risk_high": _("Overdose risk: high"),
    "overdose_risk_moderate": _("Overdose risk: moderate"),
    "naloxone": _("Offer naloxone"),
    "safety_unknown": _("Safety answers not known"),
    "perinatal": _("Pregnant and using"),
    "taper_needed": _("Needs a supervised taper"),
    "nicotine": _("Uses nicotine: offer help to quit"),
}


def _label(key: str, value: Any) -> Any:
    return CHOICE_LABELS.get(key, {}).get(value, value)


def _safety_words(said: dict) -> list[Any]:
    # The questions' own order (stored JSON does not keep key order).
    yes = [CHOICE_LABELS["safety"][k] for k in catalogue.SAFETY_KEYS if said.get(k) is True]
    unsure = [
        format_lazy("{}: {}", _("Not known"), CHOICE_LABELS["safety"][k])
        for k in catalogue.SAFETY_KEYS
        if k in said and said[k] is None
    ]
    return yes + unsure or [_("No to every safety question")]


def readable_answers(answers: dict) -> list[tuple[Any, list]]:
    """Every answer as (question, answers in words), in the order the questions are asked.

    A question the stored answers do not hold (a lead screened before it was asked) reads
    "Not asked".
    """
    rows: list[tuple[Any, list]] = []
    for question in catalogue.QUESTIONS:
        key = question.key
        value = answers.get(key)
        if key not in answers:
            shown: Any = _("Not asked")
        elif question.kind is Kind.GROUP:
            shown = _safety_words(value or {})
        elif question.kind is Kind.MANY:
            shown = [_label(key, item) for item in value or []] or [_("None")]
        elif question.kind is Kind.YES_NO:
            shown = _("Yes") if value else _("No")
        elif key == "relationship" and value is None:
            shown = _("Not applicable")
        elif value is None or value == "":
            shown = _("Not answered")
        else:
            shown = _label(key, value)
        rows.append((QUESTIONS[key], shown if isinstance(shown, list) else [shown]))
    return rows


# --- The queue filters ----------------------------------------------------------------------

# Dates a filter may name: any lead's, and none so far off that a day after it cannot be told.
FILTER_DATES = (date(2000, 1, 1), date(2100, 12, 31))
_FILTER_DATE_MESSAGE = _("Choose a date between 2000-01-01 and 2100-12-31.")
FILTER_DATE_VALIDATORS = [
    MinValueValidator(FILTER_DATES[0], message=_FILTER_DATE_MESSAGE),
    MaxValueValidator(FILTER_DATES[1], message=_FILTER_DATE_MESSAGE),
]


class QueueFilterForm(forms.Form):
    """The queue's filters and search (GET). Invalid values are ignored rather than fatal."""

    ASSIGNED_CHOICES = [
        ("all", _("All I can see")),
        ("mine", _("Assigned to me")),
        ("unassigned", _("Unassigned")),
    ]

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("open", _("Open (new, contacted, scheduled)")),
            ("", _("Any status")),
            *LeadStatus.choices,
        ],
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("Any level")), *Level.choices]
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[("", _("Any priority")), *Priority.choices]
    )
    assigned = forms.ChoiceField(label=_("Assigned"), required=False, choices=ASSIGNED_CHOICES)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *Language.choices]
    )
    created_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=FILTER_DATE_VALIDATORS,
    )
    created_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=FILTER_DATE_VALIDATORS,
    )
    deadline = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("Any")), ("overdue", _("Overdue now"))],
    )

    def __init__(self, data=None, *args, **kwargs) -> None:
        # "Open" is the default view; an explicit empty status means any status.
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = "open"
        super().__init__(data, *args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("created_from"), cleaned.get("created_to")
        if start and end and start > end:
            self.add_error("created_to", _("“To” is before “From”: no lead can match."))
        return cleaned

    def filters(self, *, search: str = "") -> QueueFilters:
        """The valid filters (an invalid field counts as not set), with the search words."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        return QueueFilters(
            status=data["status"] or "",
            level=data["level"] or "",
            priority=data["priority"] or "",
            assigned=data["assigned"] or "all",
            language=data["language"] or "",
            created_from=data["created_from"],
            created_to=data["created_to"],
            search=search,
            overdue=data["deadline"] == "overdue",
        )


class QueueSearchForm(forms.Form):
    """Search by name, phone or email. Sent by POST and kept in the session: never in a URL."""

    q = forms.CharField(
        label=_("Search name, phone or email"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )


# --- Lead page actions ------------------------------------------------------------------------


class ReassignForm(forms.Form):
    to_user = forms.ModelChoiceField(
        label=_("Hand to counsellor"), queryset=assignable_counsellors(), empty_label=None
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_user"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class ContactAttemptForm(forms.Form):
    channel = forms.ChoiceField(label=_("How"), choices=Channel.choices)
    # No outcome is chosen for the counsellor: one stray click must not stop the overdue clock.
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Choose how it went")), *Outcome.choices]
    )
    body = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=LeadStatus.choices)
    reason = forms.CharField(
        label=_("Reason (required when closing)"), required=False, max_length=200
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") in CLOSING_STATUSES and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the lead is closing."))
        return data


# --- New lead from a call -------------------------------------------------------------------


def _choices(question: catalogue.Question) -> list[tuple[str, Any]]:
    return [(key, CHOICE_LABELS[question.key][key]) for key in question.keys]


# What an empty one-choice answer means, for the questions that may be null.
_EMPTY_CHOICE = {
    "relationship": _("Not applicable (the person themselves)"),
    "depressant_frequency": _("Same as above, or no alcohol or calming pills"),
}


def screening_field(question: catalogue.Question) -> forms.Field:
    """The phone-intake field for one question of the catalogue, in staff words."""
    label = CHOICE_LABELS["safety"][question.key] if question.group else QUESTIONS[question.key]
    if question.kind is Kind.ONE:
        if question.nullable:
            empty = _EMPTY_CHOICE.get(question.key, _("Not answered"))
            return forms.ChoiceField(
                label=label, choices=[("", empty), *_choices(question)], required=False
            )
        return forms.ChoiceField(label=label, choices=_choices(question), widget=forms.RadioSelect)
    if question.kind is Kind.MANY:
        return forms.MultipleChoiceField(
            label=label,
            choices=_choices(question),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
    if question.kind is Kind.YES_NO:
        return forms.BooleanField(label=label, required=False)
    if question.kind is Kind.YES_NO_UNSURE:
        # Required only when asked (see `clean`): a skipped question answers "no".
        return forms.ChoiceField(
            label=label, choices=YES_NO_UNSURE, widget=forms.RadioSelect, required=False
        )
    return forms.IntegerField(
        label=label,
        min_value=question.low,
        max_value=question.high,
        required=not question.nullable,
    )


def _screening_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for question in catalogue.QUESTIONS:
        for asked in question.items or (question,):
            fields[asked.key] = screening_field(asked)
    return fields


# The phone form's screening sections: each starts at a question and holds the questions after
# it in the catalogue up to the next start, so a new question lands where it is declared.
SECTIONS: tuple[tuple[str, Any], ...] = (
    ("respondent", _("Who it is about")),
    ("safety", _("Safety — ask first")),
    ("substances", _("Substance use")),
    ("withdrawal_history", _("Withdrawal and health")),
    ("mental_health", _("Mental health")),
    ("prior_treatment", _("Treatment, home and readiness")),
)


def _section_keys() -> dict[str, list[str]]:
    starts = {key for key, _title in SECTIONS}
    members: dict[str, list[str]] = {key: [] for key in starts}
    current = ""
    for question in catalogue.QUESTIONS:
        current = question.key if question.key in starts else current
        members[current].extend(item.key for item in question.items or (question,))
    return members


_SECTION_KEYS = _section_keys()


# The screening's fields, one per question of the catalogue (the safety answers one each).
ScreeningFields = type(
    "ScreeningFields", (forms.Form,), {"__module__": __name__, **_screening_fields()}
)


class PhoneIntakeForm(ScreeningFields):
    """One page: who is calling and how to reach them, then the screening in staff words.

    The screening fields are built from the questionnaire catalogue. Questions the catalogue
    asks only after an earlier answer (method after thoughts of suicide, …) are on the page too;
    when the earlier answer does not call for them they answer what the catalogue says
    (`skipped`), whatever was ticked.
    """

    # Contact
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    contact_method = forms.ChoiceField(label=_("Best way to reach"), choices=ContactMethod.choices)
    contact_time = forms.ChoiceField(label=_("Best time"), choices=ContactTime.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    heard_about = forms.ChoiceField(
        label=_("Heard about us from"), choices=HeardAbout.choices, required=False
    )
    consent = forms.BooleanField(
        label=_("I read the consent statement and the caller agreed"), required=True
    )
    consent_to_texts = forms.BooleanField(label=_("Caller agrees to text messages"), required=False)

    def sections(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        """The screening's sections as (first question, legend, bound fields), for the page."""
        return [
            (start, title, [self[key] for key in _SECTION_KEYS[start]]) for start, title in SECTIONS
        ]

    def _known(self) -> dict[str, Any]:
        """The answers JSON object from the cleaned data, each question asked or skipped."""
        data = self.cleaned_data
        known: dict[str, Any] = {}
        for question in catalogue.QUESTIONS:
            if question.kind is Kind.GROUP:
                group: dict[str, Any] = {}
                known[question.key] = group
                for item in question.items:
                    group[item.key] = self._value(item, data, known)
            else:
                known[question.key] = self._value(question, data, known)
        return known

    @staticmethod
    def _value(question: catalogue.Question, data: dict, known: dict) -> Any:
        if not question.is_asked(known):
            skipped = question.skipped
            return list(skipped) if isinstance(skipped, tuple) else skipped
        value = data.get(question.key)
        if question.kind is Kind.MANY:
            return list(value or [])
        if question.kind is Kind.YES_NO_UNSURE:
            return _FROM_CHOICE.get(value or "no")
        if question.kind is Kind.ONE and question.nullable:
            return value or None
        return value

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("phone") or data.get("email")):
            self.add_error("phone", _("Give a phone number or an email to reach them."))
        known = self._known()
        for item in catalogue.SAFETY_ITEMS:
            if item.is_asked(known) and not data.get(item.key):
                self.add_error(item.key, _("Answer yes, no or not sure."))
        return data

    def answers(self) -> dict:
        """The answers JSON object for the screening (call after ``is_valid``)."""
        return self._known()

    def contact(self) -> dict:
        """The contact details for ``lead_create`` (call after ``is_valid``)."""
        # The phone form has no message field: a caller's words go in a note instead.
        return {name: self.cleaned_data.get(name) or "" for name in CONTACT_FIELDS}

    def add_problems(self, problems) -> None:
        """Show the service's problems ("safety.plan", "substances[2]") next to their fields."""
        for problem in problems:
            # "safety.plan" is the field "plan"; "substances[2]" the field "substances".
            name = problem.field.split("[", 1)[0].rsplit(".", 1)[-1]
            self.add_error(name if name in self.fields else None, f"{problem.message}")


def phone_coverage_form(data=None):
    """The phone-intake form's coverage section: the benefits app's coverage form, optional,
    its fields named ``coverage-…`` beside the screening's. Stored by ``coverage_save``."""
    from django.utils import timezone

    from benefits.forms import CoverageForm  # benefits builds on admissions
    from benefits.services import payer_choices

    return CoverageForm(data, prefix="coverage", payers=payer_choices(), today=timezone.localdate())


def coverage_entered(form) -> dict | None:
    """What the coverage section holds, for ``coverage_save``; None when it was left empty
    (call after ``is_valid``)."""
    data = form.coverage_data()
    return data if any(value not in ("", None) for value in data.values()) else None
