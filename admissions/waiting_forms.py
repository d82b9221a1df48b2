"""The lead page's waiting-list forms: add the lead to a full program's list, take it off."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Program


class WaitForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("Full program"),
        # Only a full program keeps a waiting list; the service checks it again.
        queryset=Program.objects.filter(open_places=0).order_by("name"),
    )
    note = forms.CharField(label=_("Why (optional)"), max_length=300, required=False)


class UnwaitForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=_("Why they come off the list"), max_length=300)
