"""The lead page's status form, with where the lead went: the program it is admitted to, or
the outside provider it is referred to."""

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.forms import StatusForm
from admissions.models import Status
from programs.models import Program


class PlacementStatusForm(StatusForm):
    program = forms.ModelChoiceField(
        label=_("Admitted to (when admitting)"),
        queryset=Program.objects.order_by("name"),
        required=False,
    )
    provider = forms.CharField(
        label=_("Referred to (when referring out): provider or program outside"),
        required=False,
        max_length=200,
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") == Status.ADMITTED and data.get("program") is None:
            self.add_error("program", _("Choose the program the lead is admitted to."))
        if data.get("status") == Status.REFERRED_OUT and not (data.get("provider") or "").strip():
            self.add_error("provider", _("Name the provider the lead is referred to."))
        return data
