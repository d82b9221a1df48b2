"""The lead page's forms for its next action: set one, snooze it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.followups import CHOSEN_KINDS

_WHEN = {"type": "datetime-local"}
_WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What"), choices=[(kind.value, kind.label) for kind in CHOSEN_KINDS]
    )
    due_at = forms.DateTimeField(
        label=_("When"), input_formats=_WHEN_FORMATS, widget=forms.DateTimeInput(attrs=_WHEN)
    )


class SnoozeForm(forms.Form):
    until = forms.DateTimeField(
        label=_("Until"), input_formats=_WHEN_FORMATS, widget=forms.DateTimeInput(attrs=_WHEN)
    )
    reason = forms.CharField(label=_("Why it waits"), max_length=200)
