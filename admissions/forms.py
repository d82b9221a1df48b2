"""Staff forms: queue filters, the lead page actions and "New lead from a call".

The phone intake asks the same screening as the patient wizard, in staff words and on one page;
its fields map one to one onto the answers JSON, with choices built from ``screening.vocab`` so
every key exists in one place. The same labels turn stored answers back into readable words on
the lead page.
"""

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from admissions.models import ContactMethod, ContactTime, HeardAbout, Language, Level, Priority
from admissions.models import Status as LeadStatus
from admissions.pipeline import Channel, Outcome
from admissions.selectors import CLOSING_STATUSES, QueueFilters, assignable_counsellors
from admissions.services import CONTACT_FIELDS
from screening import vocab

# The consent a counsellor reads out on the phone; stored on the lead like the web versions.
PHONE_CONSENT_VERSION = "phone-1"

# --- Readable words for every answer key ----------------------------------------------------

CHOICE_LABELS: dict[str, Any] = {
    "respondent": {
        "self": _("The person themselves"),
        "loved_one": _("Someone who cares about them"),
    },
    "relationship": {
        "parent": _("Parent"),
        "partner": _("Partner"),
        "child": _("Child"),
        "sibling": _("Brother or sister"),
        "friend": _("Friend"),
        "other": _("Other"),
    },
    "substances": {
        "alcohol": _("Alcohol"),
        "opioids": _("Opioids (heroin, fentanyl, pain pills)"),
        "benzodiazepines": _("Benzodiazepines"),
        "sedatives": _("Other sedatives or sleeping pills"),
        "stimulants": _("Stimulants (meth, cocaine)"),
        "cannabis": _("Cannabis"),
        "hallucinogens": _("Hallucinogens"),
        "other": _("Other"),
    },
    "frequency": {
        "daily": _("Daily or almost daily"),
        "weekly": _("Weekly"),
        "monthly": _("A few times a month or less"),
        "not_past_30_days": _("Not in the past 30 days"),
    },
    "use_criteria": {
        "larger_amounts": _("Uses more or longer than meant to"),
        "cant_cut_down": _("Tried to cut down and could not"),
        "time_spent": _("Much time getting, using or recovering"),
        "craving": _("Cravings"),
        "role_failure": _("Falling behind at work, school or home"),
        "social_problems": _("Keeps using despite trouble with people"),
        "activities_given_up": _("Gave up activities"),
        "hazardous_use": _("Uses where it is dangerous"),
        "physical_psych_harm": _("Keeps using despite health harm"),
        "tolerance": _("Needs more for the same effect"),
        "withdrawal": _("Withdrawal when stopping"),
    },
    "withdrawal_history": {
        "shakes_sweats": _("Shakes or sweats"),
        "nausea_vomiting": _("Nausea or vomiting"),
        "anxiety_insomnia": _("Anxiety or cannot sleep"),
        "hallucinations": _("Hallucinations"),
        "seizures": _("Seizures"),
        "delirium_tremens": _("Delirium tremens (DTs)"),
    },
    "medical_conditions": {
        "liver_disease": _("Liver disease"),
        "pancreatitis": _("Pancreatitis"),
        "heart_condition": _("Heart condition"),
        "seizure_disorder": _("Seizure disorder"),
        "pregnancy": _("Pregnant"),
        "other_serious": _("Other serious condition"),
    },
    "safety": {
        "wish_dead": _("Wished they were dead (past month)"),
        "suicidal_thoughts": _("Thoughts of ending their life (past month)"),
        "method": _("Thought about how they might do it"),
        "intent": _("Had some intention of acting on it"),
        "plan": _("Worked out details or a plan"),
        "behavior_past_3_months": _("Tried, or prepared to, in the past 3 months"),
        "harm_others": _("Thoughts of seriously hurting someone"),
        "harm_others_plan": _("A plan or intention to hurt someone"),
    },
    "mental_health": {
        "depression": _("Depression"),
        "anxiety": _("Anxiety"),
        "ptsd": _("PTSD"),
        "bipolar": _("Bipolar disorder"),
        "psychosis": _("Psychosis"),
        "eating_disorder": _("Eating disorder"),
        "adhd": _("ADHD"),
        "other": _("Other"),
    },
    "prior_treatment": {
        "detox": _("Detox"),
        "inpatient": _("Inpatient"),
        "residential": _("Residential"),
        "iop": _("Intensive outpatient"),
        "outpatient": _("Outpatient"),
    },
    "living": {
        "stable": _("Stable housing"),
        "unstable": _("Unstable housing"),
        "homeless": _("Homeless"),
        "with_active_user": _("Lives with someone who uses"),
    },
    "support": {
        "family": _("Family"),
        "partner": _("Partner"),
        "friends": _("Friends"),
        "sponsor": _("Sponsor"),
        "mutual_help": _("Mutual-help group"),
    },
    "obligations": {
        "work": _("Work"),
        "school": _("School"),
        "dependents": _("Children or others depend on them"),
    },
    "group_comfort": {"yes": _("Yes"), "unsure": _("Unsure"), "no": _("No")},
    "readiness": {
        "ready": _("Ready to start"),
        "considering": _("Thinking about it"),
        "not_ready": _("Not ready"),
    },
}

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
}

QUESTIONS: dict[str, Any] = {
    "respondent": _("Who is calling"),
    "relationship": _("Relationship to the person"),
    "age": _("Age of the person"),
    "substances": _("Substances, past 12 months"),
    "primary_substance": _("Main substance"),
    "frequency": _("How often, past 30 days"),
    "use_criteria": _("Problems from use, past 12 months"),
    "withdrawal_history": _("Withdrawal ever"),
    "withdrawal_now": _("Withdrawal symptoms now"),
    "medical_conditions": _("Health conditions"),
    "medical_unstable": _("Health problem needing care now or getting worse"),
    "safety": _("Safety: every yes answer"),
    "mental_health": _("Mental health, diagnosed or suspected"),
    "mental_health_stable": _("Mental health managed and stable now"),
    "phq2": _("PHQ-2 score (0-6)"),
    "gad2": _("GAD-2 score (0-6)"),
    "psych_hospital_past_year": _("Psychiatric hospital stay, past year"),
    "prior_treatment": _("Treatment before"),
    "discharged_recently": _("Left inpatient or residential care, past 30 days"),
    "relapse_after_treatment": _("Went back to using after treatment"),
    "living": _("Living situation"),
    "support": _("People backing their recovery"),
    "obligations": _("Obligations"),
    "group_comfort": _("Comfortable in group therapy"),
    "readiness": _("Readiness"),
}

_LIST_KEYS = {
    "substances",
    "use_criteria",
    "withdrawal_history",
    "medical_conditions",
    "mental_health",
    "prior_treatment",
    "support",
    "obligations",
}
_YES_NO_KEYS = {
    "withdrawal_now",
    "medical_unstable",
    "mental_health_stable",
    "psych_hospital_past_year",
    "discharged_recently",
    "relapse_after_treatment",
}


def _label(key: str, value: Any) -> Any:
    labels = CHOICE_LABELS.get("substances" if key == "primary_substance" else key, {})
    return labels.get(value, value)


def readable_answers(answers: dict) -> list[tuple[Any, list]]:
    """Every answer as (question, answers in words), in the order the questions are asked."""
    rows: list[tuple[Any, list]] = []
    for key, question in QUESTIONS.items():
        value = answers.get(key)
        if key == "safety":
            # The questions' own order (stored JSON does not keep key order).
            said = value or {}
            yes = [CHOICE_LABELS["safety"][q] for q in vocab.SAFETY_QUESTIONS if said.get(q)]
            shown: Any = yes or [_("No to every safety question")]
        elif key in _LIST_KEYS:
            shown = [_label(key, item) for item in value or []] or [_("None")]
        elif key in _YES_NO_KEYS:
            shown = _("Yes") if value else _("No")
        elif key == "relationship" and value is None:
            shown = _("Not applicable")
        elif value is None or value == "":
            shown = _("Not answered")
        else:
            shown = _label(key, value)
        rows.append((question, shown if isinstance(shown, list) else [shown]))
    return rows


def _choices(key: str, keys: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [(value, CHOICE_LABELS[key][value]) for value in keys]


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


def _multi(key: str, keys: tuple[str, ...], **kwargs) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=QUESTIONS[key],
        choices=_choices(key, keys),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


def _one(key: str, keys: tuple[str, ...], **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=QUESTIONS[key], choices=_choices(key, keys), widget=forms.RadioSelect, **kwargs
    )


def _yes(key: str) -> forms.BooleanField:
    return forms.BooleanField(label=QUESTIONS[key], required=False)


class PhoneIntakeForm(forms.Form):
    """One page: who is calling and how to reach them, then the screening in staff words."""

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

    # Screening
    respondent = _one("respondent", vocab.RESPONDENTS)
    relationship = forms.ChoiceField(
        label=QUESTIONS["relationship"],
        choices=[
            ("", _("Not applicable (the person themselves)")),
            *_choices("relationship", vocab.RELATIONSHIPS),
        ],
        required=False,
    )
    age = forms.IntegerField(label=QUESTIONS["age"], min_value=12, max_value=110)
    substances = _multi("substances", vocab.SUBSTANCES)
    primary_substance = forms.ChoiceField(
        label=QUESTIONS["primary_substance"], choices=_choices("substances", vocab.SUBSTANCES)
    )
    frequency = _one("frequency", vocab.FREQUENCIES)
    use_criteria = _multi("use_criteria", vocab.USE_CRITERIA)
    withdrawal_history = _multi("withdrawal_history", vocab.WITHDRAWAL_SYMPTOMS)
    withdrawal_now = _yes("withdrawal_now")
    medical_conditions = _multi("medical_conditions", vocab.MEDICAL_CONDITIONS)
    medical_unstable = _yes("medical_unstable")
    safety = _multi("safety", vocab.SAFETY_QUESTIONS)
    mental_health = _multi("mental_health", vocab.MENTAL_HEALTH)
    mental_health_stable = _yes("mental_health_stable")
    phq2 = forms.IntegerField(label=QUESTIONS["phq2"], min_value=0, max_value=6, required=False)
    gad2 = forms.IntegerField(label=QUESTIONS["gad2"], min_value=0, max_value=6, required=False)
    psych_hospital_past_year = _yes("psych_hospital_past_year")
    prior_treatment = _multi("prior_treatment", vocab.PRIOR_TREATMENT)
    discharged_recently = _yes("discharged_recently")
    relapse_after_treatment = _yes("relapse_after_treatment")
    living = _one("living", vocab.LIVING)
    support = _multi("support", vocab.SUPPORT)
    obligations = _multi("obligations", vocab.OBLIGATIONS)
    group_comfort = _one("group_comfort", vocab.GROUP_COMFORT)
    readiness = _one("readiness", vocab.READINESS)

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("phone") or data.get("email")):
            self.add_error("phone", _("Give a phone number or an email to reach them."))
        return data

    def answers(self) -> dict:
        """The answers JSON object for the screening (call after ``is_valid``)."""
        data = self.cleaned_data
        return {
            "respondent": data["respondent"],
            "relationship": data["relationship"] or None,
            "age": data["age"],
            "substances": list(data["substances"]),
            "primary_substance": data["primary_substance"],
            "frequency": data["frequency"],
            "use_criteria": list(data["use_criteria"]),
            "withdrawal_history": list(data["withdrawal_history"]),
            "withdrawal_now": data["withdrawal_now"],
            "medical_conditions": list(data["medical_conditions"]),
            "medical_unstable": data["medical_unstable"],
            "safety": {key: key in data["safety"] for key in vocab.SAFETY_QUESTIONS},
            "mental_health": list(data["mental_health"]),
            "mental_health_stable": data["mental_health_stable"],
            "phq2": data["phq2"],
            "gad2": data["gad2"],
            "psych_hospital_past_year": data["psych_hospital_past_year"],
            "prior_treatment": list(data["prior_treatment"]),
            "discharged_recently": data["discharged_recently"],
            "relapse_after_treatment": data["relapse_after_treatment"],
            "living": data["living"],
            "support": list(data["support"]),
            "obligations": list(data["obligations"]),
            "group_comfort": data["group_comfort"],
            "readiness": data["readiness"],
        }

    def contact(self) -> dict:
        """The contact details for ``lead_create`` (call after ``is_valid``)."""
        # The phone form has no message field: a caller's words go in a note instead.
        return {name: self.cleaned_data.get(name) or "" for name in CONTACT_FIELDS}

    def add_problems(self, problems) -> None:
        """Show the service's problems ("safety.plan", "substances[2]") next to their fields."""
        for problem in problems:
            name = problem.field.split("[", 1)[0].split(".", 1)[0]
            self.add_error(name if name in self.fields else None, f"{problem.message}")
