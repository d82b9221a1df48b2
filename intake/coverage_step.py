"""The wizard's optional coverage step: who pays, asked after the person chooses to be contacted.

It asks nothing of the screener (its answers are not screening answers) and is checked by the
benefits app's validation, the same as staff's coverage form. What is typed stays in the
session until the screening is sent, then ``coverage_of`` gives it to ``screening_send``, which
stores it with the lead through ``benefits.services.coverage_save``. A step left empty, or
skipped, stores no coverage at all.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from benefits.choices import Subscriber
from benefits.forms import CoverageForm
from benefits.services import payer_choices
from intake.forms import StepForm

STEP_NAME = "coverage"


class CoverageStepForm(StepForm, CoverageForm):
    """Coverage in the person's words; every field optional, an empty form is a skip."""

    wording = {
        "payment_type": (_("How will you pay?"), _("How will your loved one pay?")),
        "payer": (_("Your insurance company"), _("Your loved one's insurance company")),
        "other_payer_name": (
            _("Insurance company's name, if it is not in the list"),
            _("Insurance company's name, if it is not in the list"),
        ),
        "member_id": (_("Member ID (on the card)"), _("Member ID (on the card)")),
        "group_number": (_("Group number (on the card)"), _("Group number (on the card)")),
        "patient_birth_date": (_("Your date of birth"), _("Your loved one's date of birth")),
        "subscriber": (_("Whose name is the insurance in?"), _("Whose name is the insurance in?")),
        "subscriber_first_name": (
            _("The insurance holder's first name"),
            _("The insurance holder's first name"),
        ),
        "subscriber_last_name": (
            _("The insurance holder's last name"),
            _("The insurance holder's last name"),
        ),
        "subscriber_birth_date": (
            _("The insurance holder's date of birth"),
            _("The insurance holder's date of birth"),
        ),
        "subscriber_relationship": (
            _("You are the insurance holder's"),
            _("Your loved one is the insurance holder's"),
        ),
    }
    help_wording = {
        "other_payer_name": (
            _("As it is written on the card."),
            _("As it is written on the card."),
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("payers", payer_choices())
        kwargs.setdefault("today", timezone.localdate())
        super().__init__(*args, **kwargs)
        owner = (
            (Subscriber.SELF, _("My loved one")) if self.loved_one else (Subscriber.SELF, _("Me"))
        )
        self.fields["subscriber"].choices = [
            ("", "—"),
            owner,
            (Subscriber.OTHER, _("Someone else (a parent, a partner…)")),
        ]
        if not self.is_bound:
            # The payer list lives in the database: never let the blank-form cache keep it.
            self.initial.setdefault("payment_type", "")

    def to_answers(self) -> dict[str, Any]:
        return {}

    def entered(self) -> dict[str, Any] | None:
        """What was typed, as ``coverage_save`` takes it; None when nothing was (call when
        valid)."""
        data = self.coverage_data()
        return data if any(value not in ("", None) for value in data.values()) else None


def coverage_of(progress: Any) -> dict[str, Any] | None:
    """The coverage typed in this screening, to store with the lead; None when the step was
    skipped, left empty, or does not apply (the person chose to see their result only)."""
    from intake.steps import BY_NAME
    from intake.wizard import as_querydict

    step = BY_NAME[STEP_NAME]
    stored = progress.data.get(STEP_NAME)
    if step not in progress.applicable or not stored:
        return None
    form = CoverageStepForm(as_querydict(stored), known=progress.known)
    if form.is_valid():
        return form.entered()
    # Checked when the step was sent; only a payer taken off the list since can fail here.
    # Keep what still holds rather than lose it: the service keeps the rest, named or not.
    return {name: form.data.get(name, "") for name in form.fields}
