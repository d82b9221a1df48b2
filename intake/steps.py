"""The wizard's steps in order. When a step applies and what it answers when skipped come from
the questionnaire's catalogue, through the step's form; steps that ask no question of the
screener (finish, contact, review) say when they apply themselves."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from intake import forms
from intake.coverage_step import CoverageStepForm

Known = Mapping[str, Any]


@dataclass(frozen=True)
class Step:
    """One page of the wizard.

    A step applies when its form has a question to ask given the earlier answers (or, for a
    step without questions of the screener, when ``applies`` says so); a step that does not
    apply is skipped and contributes its questions' skipped answers. ``checks_crisis``: every
    post of the step is looked at for a crisis answer before anything else.
    """

    name: str
    form_class: type[forms.StepForm]
    title: Promise
    title_loved_one: Promise | None = None
    applies: Callable[[Known], bool] | None = None
    checks_crisis: bool = False

    def heading(self, loved_one: bool) -> Promise:
        return self.title_loved_one if loved_one and self.title_loved_one else self.title

    def applies_to(self, known: Known) -> bool:
        if self.applies is not None:
            return self.applies(known)
        if not self.form_class.questions():
            return True
        return self.form_class.asks_anything(known)

    @property
    def skipped(self) -> dict[str, Any]:
        return self.form_class.skipped_answers()


STEPS: tuple[Step, ...] = (
    Step("start", forms.StartForm, _("Who is this for?")),
    Step("relationship", forms.RelationshipForm, _("You and your loved one")),
    Step("age", forms.AgeForm, _("Your age"), _("Your loved one's age")),
    Step("substances", forms.SubstancesForm, _("What you use"), _("What your loved one uses")),
    Step(
        "criteria",
        forms.CriteriaForm,
        _("How it affects your life"),
        _("How it affects their life"),
    ),
    Step("withdrawal", forms.WithdrawalForm, _("Withdrawal")),
    Step("health", forms.HealthForm, _("Your health"), _("Your loved one's health")),
    Step("risks", forms.RisksForm, _("Overdose and other risks")),
    Step("safety", forms.SafetyForm, _("Safety"), _("Your loved one's safety"), checks_crisis=True),
    Step("mental_health", forms.MentalHealthForm, _("Mental health")),
    Step("mood", forms.MoodForm, _("The last two weeks")),
    Step("treatment", forms.TreatmentForm, _("Treatment before")),
    Step("treatment_after", forms.TreatmentAfterForm, _("After treatment")),
    Step("home", forms.HomeForm, _("Home and the people around you")),
    Step("readiness", forms.ReadinessForm, _("Getting started")),
    Step("finish", forms.FinishForm, _("How would you like to finish?")),
    Step(
        "contact",
        forms.ContactForm,
        _("How can a counsellor reach you?"),
        applies=lambda known: known.get("finish") == "reach_out",
    ),
    Step(
        "coverage",
        CoverageStepForm,
        _("Insurance (you can skip this)"),
        applies=lambda known: known.get("finish") == "reach_out",
    ),
    Step("review", forms.ReviewForm, _("Check and send")),
)

BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}
