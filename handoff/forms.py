"""Consent forms: the person's own on the result page, and staff recording a signed one.

Both turn into the terms ``admissions.consents.parse_consent`` checks, so the rules are the
same as for the API and imports; its problems come back as errors on the fields.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions.consent_models import ConsentInformation, ConsentScope
from admissions.consents import InvalidConsent, parse_consent

# How long the person's own consent lasts, as offered on the result page.
DURATIONS = [("365", _("One year")), ("180", _("Six months")), ("90", _("Three months"))]


def _terms(form: forms.Form, data: dict):
    try:
        return parse_consent(data, prefix="")
    except InvalidConsent as invalid:
        for problem in invalid.problems:
            field = {"expires": "expires_on"}.get(problem.field, problem.field)
            form.add_error(field if field in form.fields else None, problem.message)
        return None


class OwnConsentForm(forms.Form):
    """The person lets the centre's own care team share their screening (TPO)."""

    use_required_attribute = False
    agree = forms.BooleanField(
        label=_("I agree that this centre may use and share my screening for my care."),
        error_messages={"required": _("Tick the box if you agree.")},
    )
    duration = forms.ChoiceField(
        label=_("For how long"), choices=DURATIONS, initial="365", widget=forms.RadioSelect
    )
    signed_by = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=200,
        error_messages={"required": _("Type your name to sign.")},
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        days = int(cleaned["duration"])
        expires = timezone.localdate() + datetime.timedelta(days=days)
        self.terms = _terms(
            self,
            {
                "scope": ConsentScope.TPO,
                "expires": expires.isoformat(),
                "signed_by": cleaned["signed_by"],
            },
        )
        return cleaned


class SignedConsentForm(forms.Form):
    """Staff record a consent the person signed on paper (or a guardian for them)."""

    scope = forms.ChoiceField(label=_("Who may receive it"), choices=ConsentScope.choices)
    recipient = forms.CharField(label=_("Recipient (for a named recipient)"), required=False)
    information = forms.ChoiceField(label=_("What information"), choices=ConsentInformation.choices)
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=300)
    expires_on = forms.DateField(
        label=_("Expires on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signed_by = forms.CharField(label=_("Signed by"), max_length=200)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.terms = _terms(
            self,
            {
                "scope": cleaned["scope"],
                "recipient": cleaned["recipient"] or None,
                "information": cleaned["information"],
                "purpose": cleaned["purpose"] or None,
                "expires": cleaned["expires_on"].isoformat(),
                "signed_by": cleaned["signed_by"],
            },
        )
        return cleaned


class ReferralForm(forms.Form):
    """A referral that sends the record to a named provider: a consent naming them first."""

    recipient = forms.CharField(label=_("Referred to"), max_length=200)
