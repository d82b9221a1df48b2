"""The clinician's form on the lead page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.models import Level


class LevelConfirmForm(forms.Form):
    level = forms.ChoiceField(label=_("Level of care confirmed"), choices=Level.choices)
    reason = forms.CharField(
        label=_("Why it differs (required when it does)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
