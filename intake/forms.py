"""One form per wizard step, built from the questionnaire's catalogue (``screening.catalogue``).

Each field is a question of the catalogue: its kind, its choices and their order, when it is
asked and what it answers when it is not all come from there; this module adds the person's
words ("you", or "your loved one") and the messages. A question asked after an answer on the same
page carries that condition as data for the page's script, and the server decides again on every
post; a question an earlier step leaves out is not on the form and answers its skipped value.

Validation is the server's: forms do not ask the browser to enforce ``required``, so every
message comes from here, next to its field, in the person's language.
"""

import json
import re
from collections.abc import Mapping
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from admissions.services import CONTACT_FIELDS
from intake import choices
from screening import is_crisis
from screening.catalogue import (
    BY_KEY,
    BY_PATH,
    FREQUENCY_ORDER,
    SAFETY_KEYS,
    Kind,
    Question,
    mood_total,
)

Wording = tuple[Promise, Promise]

# What the radio buttons post for an answer of the screener, and back.
_POSTED = {True: "yes", False: "no", None: "unsure"}
_ANSWER = {"yes": True, "no": False, "unsure": None}
UNANSWERED = ""


def catalogue_choices(path: str, words: tuple[tuple[str, Any], ...]) -> list[tuple[str, Any]]:
    """The catalogue's choice keys for ``path``, in its order, each with the person's words.

    ``words`` is a vocabulary of ``intake.choices``; a key without words fails at import.
    """
    labels = dict(words)
    return [(key, labels[key]) for key in BY_PATH[path].keys]


def yes_no_field(**kwargs: Any) -> forms.TypedChoiceField:
    """A Yes/No question shown as two radio buttons; cleans to a bool ("" when unanswered)."""
    return forms.TypedChoiceField(
        choices=choices.YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        empty_value=UNANSWERED,
        **kwargs,
    )


def yes_no_unsure_field(**kwargs: Any) -> forms.TypedChoiceField:
    """Yes, No or not sure (None); "" when unanswered."""
    kwargs.setdefault("error_messages", {"required": _("Choose an answer.")})
    return forms.TypedChoiceField(
        choices=(*choices.YES_NO, ("unsure", choices.SAFETY_UNSURE)),
        coerce=_ANSWER.__getitem__,
        widget=forms.RadioSelect,
        empty_value=UNANSWERED,
        required=False,
        **kwargs,
    )


def question_field(
    path: str, words: tuple[tuple[str, Any], ...] = (), **kwargs: Any
) -> forms.Field:
    """The form field for the catalogue's question at ``path``, by its kind."""
    question = BY_PATH[path]
    if question.kind is Kind.YES_NO:
        return yes_no_field(**kwargs)
    if question.kind is Kind.YES_NO_UNSURE:
        return yes_no_unsure_field(**kwargs)
    if question.kind is Kind.NUMBER:
        return forms.IntegerField(min_value=question.low, max_value=question.high, **kwargs)
    field_choices = catalogue_choices(path, words)
    if question.kind is Kind.MANY:
        if not question.at_least_one:
            kwargs.setdefault("required", False)
            kwargs.setdefault("help_text", _("Tick all that apply. It is fine to tick none."))
        return forms.MultipleChoiceField(
            choices=field_choices, widget=forms.CheckboxSelectMultiple, **kwargs
        )
    return forms.ChoiceField(choices=field_choices, widget=forms.RadioSelect, **kwargs)


def _script_condition(question: Question) -> list[list[dict[str, Any]]]:
    """``asked_when`` in the page's terms: field names and the values the inputs post."""
    return [
        [
            {
                "name": condition.key.rpartition(".")[2],
                "test": str(condition.test),
                "values": [
                    _POSTED.get(value, value) if isinstance(value, bool | None) else value
                    for value in condition.values
                ],
            }
            for condition in alternative
        ]
        for alternative in question.asked_when
    ]


def _unanswered(value: Any, question: Question | None) -> bool:
    if value == UNANSWERED:
        return True
    return value is None and (question is None or question.kind is not Kind.YES_NO_UNSURE)


def _as_answer(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


class StepForm(forms.Form):
    """A wizard step: wording for self or loved one, and its slice of the answers.

    ``group`` names the catalogue group whose items the fields are ("safety"); otherwise a field
    named like a catalogue question is that question. ``known`` holds the earlier steps' answers.
    """

    group = ""
    # field name -> (label when answering for yourself, label when answering for a loved one)
    wording: dict[str, Wording] = {}
    help_wording: dict[str, Wording] = {}
    use_required_attribute = False
    # True: the error summary says how many answers are missing instead of listing each question.
    summary_by_count = False

    def __init__(
        self,
        *args: Any,
        loved_one: bool = False,
        known: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.loved_one = loved_one
        self.known = dict(known or {})
        for name, (self_text, loved_text) in self.wording.items():
            self.fields[name].label = loved_text if loved_one else self_text
        for name, (self_text, loved_text) in self.help_wording.items():
            self.fields[name].help_text = loved_text if loved_one else self_text
        # Questions asked after an answer on this page: name -> message when asked and blank.
        self.asked_on_page: dict[str, Any] = {}
        # Questions an earlier answer leaves out: name -> what they answer.
        self.not_asked: dict[str, Any] = {}
        # Questions on this page that the answers posted with them did not ask (after clean).
        self.skipped_on_page: set[str] = set()
        own = {self.path(name) for name in self.base_fields}
        for name in list(self.fields):
            question = self.question(name)
            if question is None or not question.asked_when:
                continue
            field = self.fields[name]
            reads = {c.key for alternative in question.asked_when for c in alternative}
            if reads <= own:
                required = field.required or name in self.required_when_asked
                self.asked_on_page[name] = field.error_messages["required"] if required else None
                field.required = False
                condition = json.dumps(_script_condition(question), separators=(",", ":"))
                field.widget.attrs["data-asked-when"] = condition
            elif not question.is_asked(self.earlier()):
                self.not_asked[name] = _as_answer(question.skipped)
                del self.fields[name]
        self._mark_required()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _mark_required(self) -> None:
        """Say which questions need an answer to assistive technology, not only by the "*":
        ``aria-required`` on a text box or list, the native ``required`` on a group of radio
        buttons or on a box that must be ticked (the form is ``novalidate``: the server still
        checks)."""
        for name, field in self.fields.items():
            if not (field.required or self.asked_on_page.get(name)):
                continue
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxInput):
                field.widget.attrs["required"] = True
            else:
                field.widget.attrs["aria-required"] = "true"

    # Fields that are optional in the form but need an answer whenever they are asked.
    required_when_asked: frozenset[str] = frozenset()

    @classmethod
    def path(cls, name: str) -> str:
        return f"{cls.group}.{name}" if cls.group else name

    @classmethod
    def question(cls, name: str) -> Question | None:
        return BY_PATH.get(cls.path(name))

    @classmethod
    def questions(cls) -> list[Question]:
        """The catalogue's questions this step asks (a group counts as one)."""
        if cls.group:
            return [BY_KEY[cls.group]]
        return [q for name in cls.base_fields if (q := cls.question(name)) is not None]

    @classmethod
    def asks_anything(cls, known: Mapping[str, Any]) -> bool:
        """Whether the step has a question to ask, given the earlier answers."""
        return any(question.is_asked(known) for question in cls.questions())

    @classmethod
    def skipped_answers(cls) -> dict[str, Any]:
        """What the step answers when it is not shown at all."""
        return {question.key: _as_answer(question.skipped) for question in cls.questions()}

    @classmethod
    def reads(cls) -> frozenset[str]:
        """The earlier answers that decide which of the step's questions are asked."""
        own = {cls.path(name) for name in cls.base_fields}
        return frozenset(
            condition.key
            for question in cls.questions()
            for alternative in question.asked_when
            for condition in alternative
            if condition.key not in own
        )

    def earlier(self) -> dict[str, Any]:
        """The earlier steps' answers, without this step's own."""
        own = {self.group} if self.group else set(self.base_fields)
        return {key: value for key, value in self.known.items() if key not in own}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.asked_on_page:
            return cleaned
        answers = self.earlier()
        # In the page's order, so a follow-up sees the answer it follows.
        for name in self.fields:
            question = self.question(name)
            if name in self.asked_on_page and question is not None:
                if not question.is_asked(answers):
                    # Not asked: it answers its skipped value, whatever was posted for it.
                    self._errors.pop(name, None)
                    cleaned[name] = _as_answer(question.skipped)
                    self.skipped_on_page.add(name)
                elif name not in self._errors and _unanswered(cleaned.get(name), question):
                    message = self.asked_on_page[name]
                    if message is not None:
                        self.add_error(name, message)
            answered = name in cleaned and not _unanswered(cleaned[name], question)
            if question is not None and answered:
                answers[question.path] = cleaned[name]
        return cleaned

    def to_answers(self) -> dict[str, Any]:
        """This step's part of the answers object (call only when the form is valid)."""
        values = dict(self.not_asked)
        for name in self.fields:
            if self.question(name) is not None:
                value = self.cleaned_data[name]
                values[name] = None if value == UNANSWERED else value
        return {self.group: values} if self.group else values

    @classmethod
    def posts_crisis(cls, data: Any) -> bool:
        """Whether posted data carries a crisis answer (only the safety step has any)."""
        return False


class StartForm(StepForm):
    respondent = question_field(
        "respondent",
        choices.RESPONDENTS,
        label=_("Who are you filling this in for?"),
        error_messages={"required": _("Choose who this screening is for.")},
    )


class RelationshipForm(StepForm):
    relationship = question_field(
        "relationship",
        choices.RELATIONSHIPS,
        label=_("How are you related to the person you are worried about?"),
        error_messages={"required": _("Choose how you are related.")},
    )


class AgeForm(StepForm):
    wording = {"age": (_("How old are you?"), _("How old is your loved one?"))}
    age = question_field(
        "age",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter an age in years, for example 34."),
            "invalid": _("Enter the age as a whole number of years, for example 34."),
            "min_value": _("This screening is for people aged 12 and over."),
            "max_value": _("Enter an age of 110 or under."),
        },
    )


class SubstancesForm(StepForm):
    wording = {
        "substances": (
            _("In the past 12 months, which of these have you used?"),
            _("In the past 12 months, which of these has your loved one used?"),
        ),
        "primary_substance": (
            _("Which one causes you the most trouble?"),
            _("Which one causes your loved one the most trouble?"),
        ),
        "frequency": (
            _("In the past 30 days, how often did you use any of them?"),
            _("In the past 30 days, how often did your loved one use any of them?"),
        ),
        "depressant_frequency": (
            _(
                "In the past 30 days, how often did you use alcohol, benzodiazepines or "
                "sedatives (any of them)?"
            ),
            _(
                "In the past 30 days, how often did your loved one use alcohol, "
                "benzodiazepines or sedatives (any of them)?"
            ),
        ),
    }
    substances = question_field(
        "substances",
        choices.SUBSTANCES,
        help_text=_("Tick all that apply."),
        error_messages={"required": _("Tick at least one.")},
    )
    primary_substance = question_field(
        "primary_substance",
        choices.SUBSTANCES,
        required=False,
        help_text=_("Only needed when you ticked more than one."),
    )
    frequency = question_field(
        "frequency", choices.FREQUENCIES, error_messages={"required": _("Choose how often.")}
    )
    depressant_frequency = question_field(
        "depressant_frequency",
        choices.FREQUENCIES,
        help_text=_("Asked because it can differ from the other substances."),
        error_messages={"required": _("Choose how often.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        substances = cleaned.get("substances") or []
        primary = cleaned.get("primary_substance")
        if len(substances) == 1 and not primary:
            cleaned["primary_substance"] = substances[0]
        elif substances and not primary:
            self.add_error("primary_substance", _("Choose the one that causes the most trouble."))
        elif substances and primary not in substances:
            self.add_error("primary_substance", _("Choose one of the substances you ticked."))
        depressant, overall = cleaned.get("depressant_frequency"), cleaned.get("frequency")
        if (
            depressant
            and overall
            and (FREQUENCY_ORDER.index(depressant) < FREQUENCY_ORDER.index(overall))
        ):
            self.add_error(
                "depressant_frequency",
                _("This cannot be more often than the answer for all of them together."),
            )
        return cleaned


class CriteriaForm(StepForm):
    wording = {
        "use_criteria": (
            _("In the past 12 months, which of these have happened to you?"),
            _("In the past 12 months, which of these have happened to your loved one?"),
        )
    }
    use_criteria = question_field("use_criteria", choices.USE_CRITERIA)


class WithdrawalForm(StepForm):
    wording = {
        "withdrawal_history": (
            _("Have you ever had any of these when cutting down or stopping?"),
            _("Has your loved one ever had any of these when cutting down or stopping?"),
        ),
        "withdrawal_now": (
            _("Do you have any of these signs right now?"),
            _("Does your loved one have any of these signs right now?"),
        ),
    }
    withdrawal_history = question_field("withdrawal_history", choices.WITHDRAWAL_SYMPTOMS)
    withdrawal_now = question_field(
        "withdrawal_now", error_messages={"required": _("Answer yes or no.")}
    )


class HealthForm(StepForm):
    wording = {
        "medical_conditions": (
            _("Do any of these apply to you?"),
            _("Do any of these apply to your loved one?"),
        ),
        "medical_unstable": (
            _("Do you have a health problem that needs medical care now, or is getting worse?"),
            _(
                "Does your loved one have a health problem that needs medical care now, "
                "or is getting worse?"
            ),
        ),
    }
    medical_conditions = question_field("medical_conditions", choices.MEDICAL_CONDITIONS)
    medical_unstable = question_field(
        "medical_unstable", error_messages={"required": _("Answer yes or no.")}
    )


class RisksForm(StepForm):
    """Overdose, injecting, leaving custody and nicotine: asked of everyone."""

    wording = {
        "overdose_past_year": (
            _(
                "In the past 12 months, have you overdosed: needed naloxone (Narcan) or "
                "emergency care, or could not be woken up?"
            ),
            _(
                "In the past 12 months, has your loved one overdosed: needed naloxone (Narcan) "
                "or emergency care, or could not be woken up?"
            ),
        ),
        "injects": (
            _("In the past 12 months, have you injected any drug?"),
            _("In the past 12 months, has your loved one injected any drug?"),
        ),
        "left_custody_recently": (
            _("In the past 30 days, have you left jail or prison?"),
            _("In the past 30 days, has your loved one left jail or prison?"),
        ),
        "nicotine": (
            _("Do you smoke, vape or chew nicotine now?"),
            _("Does your loved one smoke, vape or chew nicotine now?"),
        ),
    }
    overdose_past_year = question_field(
        "overdose_past_year", error_messages={"required": _("Answer yes or no.")}
    )
    injects = question_field("injects", error_messages={"required": _("Answer yes or no.")})
    left_custody_recently = question_field(
        "left_custody_recently", error_messages={"required": _("Answer yes or no.")}
    )
    nicotine = question_field("nicotine", error_messages={"required": _("Answer yes or no.")})


class SafetyForm(StepForm):
    """The eight safety questions in the screener's order, each Yes, No or not sure.

    The follow-ups are asked only after the question they follow is answered yes or not sure
    (the catalogue's ``asked_when``); otherwise they are no, whatever was posted for them. A
    missing answer is named once in the page's summary, which does not repeat the questions.
    """

    group = "safety"
    wording = {key: (self_text, loved_text) for key, self_text, loved_text in choices.SAFETY}
    summary_by_count = True
    required_when_asked = frozenset(SAFETY_KEYS)
    wish_dead = question_field("safety.wish_dead")
    suicidal_thoughts = question_field("safety.suicidal_thoughts")
    method = question_field("safety.method")
    intent = question_field("safety.intent")
    plan = question_field("safety.plan")
    behavior_past_3_months = question_field("safety.behavior_past_3_months")
    harm_others = question_field("safety.harm_others")
    harm_others_plan = question_field("safety.harm_others_plan")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unsure = choices.SAFETY_UNSURE_LOVED_ONE if self.loved_one else choices.SAFETY_UNSURE
        for field in self.fields.values():
            field.choices = (*choices.YES_NO, ("unsure", unsure))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in SAFETY_KEYS:
            if name in self.fields and name not in self._errors and cleaned.get(name) == "":
                self.add_error(name, _("Choose an answer."))
        return cleaned

    @classmethod
    def posts_crisis(cls, data: Any) -> bool:
        """Whether the posted data carries an answer that makes crisis true, valid or not.

        Safety first: a crisis answer counts whatever else the page holds, missing or invalid,
        and even when the question it follows was answered no.
        """
        return is_crisis({name: data.get(name) == "yes" for name in SAFETY_KEYS})


class MentalHealthForm(StepForm):
    wording = {
        "mental_health": (
            _("Has a professional diagnosed, or do you suspect, any of these?"),
            _("Has a professional diagnosed, or do you suspect, any of these in your loved one?"),
        ),
        "mental_health_stable": (
            _("If you ticked any: is it managed and steady right now?"),
            _("If you ticked any: is it managed and steady for them right now?"),
        ),
        "psych_hospital_past_year": (
            _("In the past year, have you stayed in a psychiatric hospital?"),
            _("In the past year, has your loved one stayed in a psychiatric hospital?"),
        ),
    }
    mental_health = question_field("mental_health", choices.MENTAL_HEALTH)
    mental_health_stable = question_field(
        "mental_health_stable", error_messages={"required": _("Answer yes or no.")}
    )
    psych_hospital_past_year = question_field(
        "psych_hospital_past_year", error_messages={"required": _("Answer yes or no.")}
    )


class MoodForm(StepForm):
    """The two PHQ-2 and two GAD-2 items, each optional; totals as "How the form asks" says."""

    wording = {key: (self_text, loved_text) for key, self_text, loved_text in choices.MOOD}
    phq_interest = forms.ChoiceField(
        choices=choices.OFTEN, widget=forms.RadioSelect, required=False
    )
    phq_down = forms.ChoiceField(choices=choices.OFTEN, widget=forms.RadioSelect, required=False)
    gad_nervous = forms.ChoiceField(choices=choices.OFTEN, widget=forms.RadioSelect, required=False)
    gad_worry = forms.ChoiceField(choices=choices.OFTEN, widget=forms.RadioSelect, required=False)

    def _item(self, name: str) -> int | None:
        value = self.cleaned_data.get(name)
        return int(value) if value and value.isdigit() else None

    def to_answers(self) -> dict[str, Any]:
        return {
            "phq2": mood_total(self._item("phq_interest"), self._item("phq_down")),
            "gad2": mood_total(self._item("gad_nervous"), self._item("gad_worry")),
        }


class TreatmentForm(StepForm):
    wording = {
        "prior_treatment": (
            _("Have you ever had any of these kinds of treatment?"),
            _("Has your loved one ever had any of these kinds of treatment?"),
        )
    }
    prior_treatment = question_field("prior_treatment", choices.PRIOR_TREATMENT)


class TreatmentAfterForm(StepForm):
    wording = {
        "discharged_recently": (
            _("Did you leave a hospital or residential program in the last 30 days?"),
            _("Did your loved one leave a hospital or residential program in the last 30 days?"),
        ),
        "relapse_after_treatment": (
            _("After a treatment, did you go back to using?"),
            _("After a treatment, did your loved one go back to using?"),
        ),
    }
    discharged_recently = question_field(
        "discharged_recently", error_messages={"required": _("Answer yes or no.")}
    )
    relapse_after_treatment = question_field(
        "relapse_after_treatment", error_messages={"required": _("Answer yes or no.")}
    )


class HomeForm(StepForm):
    wording = {
        "living": (
            _("Where do you live right now?"),
            _("Where does your loved one live right now?"),
        ),
        "support": (
            _("Who backs your recovery?"),
            _("Who backs your loved one's recovery?"),
        ),
        "obligations": (
            _("What do you need to keep up with during treatment?"),
            _("What does your loved one need to keep up with during treatment?"),
        ),
    }
    living = question_field(
        "living", choices.LIVING, error_messages={"required": _("Choose the closest answer.")}
    )
    support = question_field("support", choices.SUPPORT)
    obligations = question_field("obligations", choices.OBLIGATIONS)


class ReadinessForm(StepForm):
    wording = {
        "group_comfort": (
            _("How would you feel about therapy in a group?"),
            _("How would your loved one feel about therapy in a group?"),
        ),
        "readiness": (
            _("How ready do you feel to start treatment?"),
            _("How ready does your loved one seem to start treatment?"),
        ),
    }
    group_comfort = question_field(
        "group_comfort",
        choices.GROUP_COMFORT,
        error_messages={"required": _("Choose the closest answer.")},
    )
    readiness = question_field(
        "readiness",
        choices.READINESS,
        error_messages={"required": _("Choose the closest answer.")},
    )


class FinishForm(StepForm):
    finish = forms.ChoiceField(
        label=_("What would you like to happen next?"),
        choices=choices.FINISH,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the two options.")},
    )

    def to_answers(self) -> dict[str, Any]:
        # How the screening ends is not an answer of the screener; the wizard keeps it aside.
        return {}


_PHONE_DIGITS = re.compile(r"\D")
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()\-]+$")


def normalise_phone(raw: str) -> str:
    """Digits only, with the US country code dropped; '' when it cannot be a phone number.

    Accepts what admissions accepts: digits, spaces, brackets and dashes, 10 to 15 digits.
    """
    value = raw.strip()
    if not _PHONE_CHARACTERS.match(value):
        return ""
    digits = _PHONE_DIGITS.sub("", value)
    if not 10 <= len(digits) <= 15:
        return ""
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


class ContactForm(StepForm):
    first_name = forms.CharField(
        label=_("Your first name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={
            "required": _("Enter a first name, so the counsellor knows who to ask for.")
        },
    )
    last_name = forms.CharField(
        label=_("Your last name (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=32,
        required=False,
        help_text=_("A phone number, an email, or both."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_method = forms.ChoiceField(
        label=_("How should we reach you?"),
        choices=choices.CONTACT_METHODS,
        widget=forms.RadioSelect,
        initial="phone",
        error_messages={"required": _("Choose how we should reach you.")},
    )
    contact_time = forms.ChoiceField(
        label=_("When is a good time?"),
        choices=choices.CONTACT_TIMES,
        widget=forms.RadioSelect,
        initial="anytime",
        error_messages={"required": _("Choose a time of day.")},
    )
    language = forms.ChoiceField(
        label=_("Which language would you like to talk in?"),
        choices=choices.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a language.")},
    )
    heard_about = forms.ChoiceField(
        label=_("How did you hear about us? (optional)"),
        choices=choices.HEARD_ABOUT,
        required=False,
    )
    message = forms.CharField(
        label=_("Anything you would like the counsellor to know? (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Asked here, beside the details they are about, rather than at the end of the review. The
    # wording is the consent of ``intake.consent.CONSENT_VERSION``.
    consent_contact = forms.BooleanField(
        label=_("I agree that a counsellor may contact me about this screening."),
        error_messages={
            "required": _(
                "Tick this box so a counsellor may contact you, or go back and choose "
                "to see your result only."
            )
        },
    )
    consent_texts = forms.BooleanField(
        label=_("I also agree to receive calls and text messages at the number I gave."),
        required=False,
        help_text=_("Needed if you chose a text message."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Suggest the language the person is reading in.
        current = (get_language() or "en")[:2]
        if current in dict(choices.LANGUAGES):
            self.fields["language"].initial = current

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if raw and not normalise_phone(raw):
            raise ValidationError(_("Enter a phone number with its area code, like 555 123 4567."))
        return raw

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(_("Enter an email address like name@example.com.")) from None
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        phone, email = cleaned.get("phone"), cleaned.get("email")
        if "phone" in cleaned and "email" in cleaned and not phone and not email:
            self.add_error("phone", _("Give a phone number or an email, so we can reach you."))
        method = cleaned.get("contact_method")
        if method == "email" and "email" in cleaned and not email:
            self.add_error("email", _("Give an email address, or choose a call or a text."))
        if method in ("phone", "text") and "phone" in cleaned and not phone and email:
            self.add_error("phone", _("Give a phone number, or choose email."))
        if method == "text" and not cleaned.get("consent_texts"):
            self.add_error(
                "consent_texts",
                _("You chose a text message: tick this box, or choose a call or an email."),
            )
        return cleaned

    def to_answers(self) -> dict[str, Any]:
        return {}

    def contact(self) -> dict[str, str]:
        """The contact keys of ``lead_create``."""
        return {key: self.cleaned_data[key] for key in CONTACT_FIELDS}

    def consent(self) -> dict[str, bool]:
        """What the person agreed to: being contacted (always, once valid), and texts."""
        return {
            "contact": self.cleaned_data["consent_contact"],
            "texts": self.cleaned_data["consent_texts"],
        }


class ReviewForm(StepForm):
    """The last submit. ``website`` is a trap: people never see it, bots fill it."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def to_answers(self) -> dict[str, Any]:
        return {}
