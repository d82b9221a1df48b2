"""The wizard's steps in order, when each applies, and what a skipped step answers."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from intake import forms

Known = Mapping[str, Any]


def _always(known: Known) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    """One page of the wizard.

    ``applies`` looks at what earlier steps answered; a step that does not apply is skipped and
    contributes ``skipped`` to the answers (the documented empty answers). ``checks_crisis``:
    every post of the step is looked at for a crisis answer before anything else.
    """

    name: str
    form_class: type[forms.StepForm]
    title: Promise
    title_loved_one: Promise | None = None
    applies: Callable[[Known], bool] = _always
    skipped: dict[str, Any] = field(default_factory=dict)
    checks_crisis: bool = False

    def heading(self, loved_one: bool) -> Promise:
        return self.title_loved_one if loved_one and self.title_loved_one else self.title


STEPS: tuple[Step, ...] = (
    Step("start", forms.StartForm, _("Who is this for?")),
    Step(
        "relationship",
        forms.RelationshipForm,
        _("You and your loved one"),
        applies=lambda known: known.get("respondent") == "loved_one",
        skipped={"relationship": None},
    ),
    Step("age", forms.AgeForm, _("Your age"), _("Your loved one's age")),
    Step("substances", forms.SubstancesForm, _("What you use"), _("What your loved one uses")),
    Step(
        "criteria",
        forms.CriteriaForm,
        _("How it affects your life"),
        _("How it affects their life"),
    ),
    Step(
        "withdrawal",
        forms.WithdrawalForm,
        _("Withdrawal"),
        # Withdrawal details matter only when something was used in the past 30 days.
        applies=lambda known: known.get("frequency") not in (None, "not_past_30_days"),
        skipped={"withdrawal_history": [], "withdrawal_now": False},
    ),
    Step("health", forms.HealthForm, _("Your health"), _("Your loved one's health")),
    Step("safety", forms.SafetyForm, _("Safety"), _("Your loved one's safety"), checks_crisis=True),
    Step("mental_health", forms.MentalHealthForm, _("Mental health")),
    Step("mood", forms.MoodForm, _("The last two weeks")),
    Step("treatment", forms.TreatmentForm, _("Treatment before")),
    Step(
        "treatment_after",
        forms.TreatmentAfterForm,
        _("After treatment"),
        applies=lambda known: bool(known.get("prior_treatment")),
        skipped={"discharged_recently": False, "relapse_after_treatment": False},
    ),
    Step("home", forms.HomeForm, _("Home and the people around you")),
    Step("readiness", forms.ReadinessForm, _("Getting started")),
    Step("finish", forms.FinishForm, _("How would you like to finish?")),
    Step(
        "contact",
        forms.ContactForm,
        _("How can a counsellor reach you?"),
        applies=lambda known: known.get("finish") == "reach_out",
    ),
    Step("review", forms.ReviewForm, _("Check and send")),
)

BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}
