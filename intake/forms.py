"""One form per wizard step. Each speaks to "you" or about "your loved one" and turns its cleaned
data into its part of the answers object of the clinical reference.

Validation is the server's: forms do not ask the browser to enforce ``required``, so every
message comes from here, next to its field, in the person's language.
"""

import re
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

Wording = tuple[Promise, Promise]


def yes_no_field(**kwargs: Any) -> forms.TypedChoiceField:
    """A required Yes/No question shown as two radio buttons; cleans to a bool."""
    return forms.TypedChoiceField(
        choices=choices.YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        **kwargs,
    )


def pick(field_choices: tuple, keys: tuple[str, ...] | None = None) -> list[tuple[str, Any]]:
    """Choices in the screener's vocabulary order."""
    return [(key, label) for key, label in field_choices if keys is None or key in keys]


def _optional_ticks(choice_list) -> forms.MultipleChoiceField:
    """A list of boxes where any number may be ticked, none included."""
    return forms.MultipleChoiceField(
        choices=choice_list,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick all that apply. It is fine to tick none."),
    )


class StepForm(forms.Form):
    """A wizard step: wording for self or loved one, and its slice of the answers."""

    # field name -> (label when answering for yourself, label when answering for a loved one)
    wording: dict[str, Wording] = {}
    help_wording: dict[str, Wording] = {}
    use_required_attribute = False

    def __init__(self, *args: Any, loved_one: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loved_one = loved_one
        for name, (self_text, loved_text) in self.wording.items():
            self.fields[name].label = loved_text if loved_one else self_text
        for name, (self_text, loved_text) in self.help_wording.items():
            self.fields[name].help_text = loved_text if loved_one else self_text
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    # True: the error summary says how many answers are missing instead of listing each question.
    summary_by_count = False

    def to_answers(self) -> dict[str, Any]:
        """This step's part of the answers object (call only when the form is valid)."""
        return dict(self.cleaned_data)

    @classmethod
    def posts_crisis(cls, data: Any) -> bool:
        """Whether posted data carries a crisis answer (only the safety step has any)."""
        return False


class StartForm(StepForm):
    respondent = forms.ChoiceField(
        label=_("Who are you filling this in for?"),
        choices=choices.RESPONDENTS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who this screening is for.")},
    )


class RelationshipForm(StepForm):
    relationship = forms.ChoiceField(
        label=_("How are you related to the person you are worried about?"),
        choices=choices.RELATIONSHIPS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you are related.")},
    )


class AgeForm(StepForm):
    wording = {"age": (_("How old are you?"), _("How old is your loved one?"))}
    age = forms.IntegerField(
        min_value=12,
        max_value=110,
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
    }
    substances = forms.MultipleChoiceField(
        choices=choices.SUBSTANCES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick all that apply."),
        error_messages={"required": _("Tick at least one.")},
    )
    primary_substance = forms.ChoiceField(
        choices=choices.SUBSTANCES,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Only needed when you ticked more than one."),
    )
    frequency = forms.ChoiceField(
        choices=choices.FREQUENCIES,
        widget=forms.RadioSelect,
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
        return cleaned


class CriteriaForm(StepForm):
    wording = {
        "use_criteria": (
            _("In the past 12 months, which of these have happened to you?"),
            _("In the past 12 months, which of these have happened to your loved one?"),
        )
    }
    use_criteria = _optional_ticks(choices.USE_CRITERIA)


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
    withdrawal_history = _optional_ticks(choices.WITHDRAWAL_SYMPTOMS)
    withdrawal_now = yes_no_field(error_messages={"required": _("Answer yes or no.")})


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
    medical_conditions = _optional_ticks(choices.MEDICAL_CONDITIONS)
    medical_unstable = yes_no_field(error_messages={"required": _("Answer yes or no.")})


def _safety_value(value: str) -> bool | None:
    """Yes is True, no is False, "unsure" (not sure, prefer not to say, I don't know) is None."""
    return {"yes": True, "no": False}.get(value)


def _safety_field(asked_when: tuple[str, tuple[str, ...]] | None = None) -> forms.ChoiceField:
    """Yes, No or not sure; ``asked_when`` (question, answers) lets the page's script hide it."""
    attrs = {}
    if asked_when is not None:
        attrs = {"data-asked-when": asked_when[0], "data-asked-values": " ".join(asked_when[1])}
    return forms.ChoiceField(
        choices=(*choices.YES_NO, ("unsure", choices.SAFETY_UNSURE)),
        widget=forms.RadioSelect(attrs=attrs),
        required=False,
    )


class SafetyForm(StepForm):
    """The eight safety questions in the screener's order, each Yes, No or not sure.

    The follow-ups are asked only after the question they follow is answered yes or not sure
    (``ASKED_WHEN``); otherwise they are no, whatever was posted for them. A missing answer is
    named once in the page's summary, which does not repeat the questions.
    """

    wording = {key: (self_text, loved_text) for key, self_text, loved_text in choices.SAFETY}
    summary_by_count = True
    ASKED_WHEN: dict[str, tuple[str, tuple[str, ...]]] = {
        "method": ("suicidal_thoughts", ("yes", "unsure")),
        "intent": ("suicidal_thoughts", ("yes", "unsure")),
        "plan": ("suicidal_thoughts", ("yes", "unsure")),
        "harm_others_plan": ("harm_others", ("yes", "unsure")),
    }
    wish_dead = _safety_field()
    suicidal_thoughts = _safety_field()
    method = _safety_field(ASKED_WHEN["method"])
    intent = _safety_field(ASKED_WHEN["intent"])
    plan = _safety_field(ASKED_WHEN["plan"])
    behavior_past_3_months = _safety_field()
    harm_others = _safety_field()
    harm_others_plan = _safety_field(ASKED_WHEN["harm_others_plan"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unsure = choices.SAFETY_UNSURE_LOVED_ONE if self.loved_one else choices.SAFETY_UNSURE
        for field in self.fields.values():
            field.choices = (*choices.YES_NO, ("unsure", unsure))

    def asked(self, name: str, data: Any) -> bool:
        """Whether ``name`` is asked, given the posted answers."""
        if name not in self.ASKED_WHEN:
            return True
        question, values = self.ASKED_WHEN[name]
        return data.get(question) in values

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in self.fields:
            if name in self.errors:
                continue
            if not self.asked(name, cleaned):
                cleaned[name] = "no"
            elif not cleaned.get(name):
                self.add_error(name, _("Choose an answer."))
        return cleaned

    @classmethod
    def posts_crisis(cls, data: Any) -> bool:
        """Whether the posted data carries an answer that makes crisis true, valid or not.

        Safety first: a crisis answer counts whatever else the page holds, missing or invalid,
        and even when the question it follows was answered no.
        """
        return is_crisis({name: data.get(name) == "yes" for name, *_ in choices.SAFETY})

    def to_answers(self) -> dict[str, Any]:
        return {"safety": {name: _safety_value(self.cleaned_data[name]) for name in self.fields}}


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
    mental_health = _optional_ticks(choices.MENTAL_HEALTH)
    mental_health_stable = forms.TypedChoiceField(
        choices=choices.YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )
    psych_hospital_past_year = yes_no_field(error_messages={"required": _("Answer yes or no.")})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("mental_health") and cleaned.get("mental_health_stable") is None:
            self.add_error("mental_health_stable", _("Answer yes or no."))
        return cleaned

    def to_answers(self) -> dict[str, Any]:
        stable = self.cleaned_data["mental_health_stable"]
        # The rules ignore stability when nothing was ticked; "steady" is the documented default.
        return {
            "mental_health": self.cleaned_data["mental_health"],
            "mental_health_stable": True if stable is None else stable,
            "psych_hospital_past_year": self.cleaned_data["psych_hospital_past_year"],
        }


class MoodForm(StepForm):
    """The two PHQ-2 and two GAD-2 items, each optional: a skipped pair gives no score."""

    wording = {key: (self_text, loved_text) for key, self_text, loved_text in choices.MOOD}
    phq_interest = forms.ChoiceField(
        choices=choices.OFTEN, widget=forms.RadioSelect, required=False
    )
    phq_down = forms.ChoiceField(choices=choices.OFTEN, widget=forms.RadioSelect, required=False)
    gad_nervous = forms.ChoiceField(choices=choices.OFTEN, widget=forms.RadioSelect, required=False)
    gad_worry = forms.ChoiceField(choices=choices.OFTEN, widget=forms.RadioSelect, required=False)

    def _total(self, first: str, second: str) -> int | None:
        values = (self.cleaned_data.get(first), self.cleaned_data.get(second))
        if all(value and value.isdigit() for value in values):
            return int(values[0]) + int(values[1])
        return None

    def to_answers(self) -> dict[str, Any]:
        return {
            "phq2": self._total("phq_interest", "phq_down"),
            "gad2": self._total("gad_nervous", "gad_worry"),
        }


class TreatmentForm(StepForm):
    wording = {
        "prior_treatment": (
            _("Have you ever had any of these kinds of treatment?"),
            _("Has your loved one ever had any of these kinds of treatment?"),
        )
    }
    prior_treatment = _optional_ticks(choices.PRIOR_TREATMENT)


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
    discharged_recently = yes_no_field(error_messages={"required": _("Answer yes or no.")})
    relapse_after_treatment = yes_no_field(error_messages={"required": _("Answer yes or no.")})


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
    living = forms.ChoiceField(
        choices=choices.LIVING,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the closest answer.")},
    )
    support = _optional_ticks(choices.SUPPORT)
    obligations = _optional_ticks(choices.OBLIGATIONS)


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
    group_comfort = forms.ChoiceField(
        choices=choices.GROUP_COMFORT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the closest answer.")},
    )
    readiness = forms.ChoiceField(
        choices=choices.READINESS,
        widget=forms.RadioSelect,
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
        return cleaned

    def to_answers(self) -> dict[str, Any]:
        return {}

    def contact(self) -> dict[str, str]:
        """The contact keys of ``lead_create``."""
        return {key: self.cleaned_data[key] for key in CONTACT_FIELDS}


class ReviewForm(StepForm):
    """Consent, and the last submit. ``website`` is a trap: people never see it, bots fill it."""

    consent_contact = forms.BooleanField(
        label=_("I agree that a counsellor may contact me about this screening."),
        required=False,
    )
    consent_texts = forms.BooleanField(
        label=_("I also agree to receive calls and text messages at the number I gave."),
        required=False,
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(
        self, *args: Any, reach_out: bool = False, by_text: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.by_text = by_text
        if not reach_out:
            del self.fields["consent_contact"]
            del self.fields["consent_texts"]

    def clean_consent_contact(self) -> bool:
        if not self.cleaned_data["consent_contact"]:
            raise ValidationError(
                _(
                    "Tick this box so a counsellor may contact you, or go back and choose "
                    "to see your result only."
                )
            )
        return True

    def clean_consent_texts(self) -> bool:
        if self.by_text and not self.cleaned_data["consent_texts"]:
            raise ValidationError(
                _("You asked us to reach you by text: tick this box, or go back and choose a call.")
            )
        return self.cleaned_data["consent_texts"]

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def to_answers(self) -> dict[str, Any]:
        return {}
