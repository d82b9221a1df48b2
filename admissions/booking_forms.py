"""Forms for assessment slots and bookings."""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.roles import GROUP_NAMES, Role
from admissions.booking import free_slots
from admissions.models import AssessmentSlot

_WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class SlotForm(forms.Form):
    staff = _StaffChoice(label=_("Held by"), queryset=get_user_model().objects.none())
    mode = forms.ChoiceField(label=_("How"), choices=AssessmentSlot.Mode.choices)
    location = forms.CharField(
        label=_("Where (address, room or how to join)"), max_length=200, required=False
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        input_formats=_WHEN_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    minutes = forms.IntegerField(label=_("Minutes"), min_value=15, max_value=240, initial=60)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        holders = [GROUP_NAMES[Role.COUNSELLOR], GROUP_NAMES[Role.CLINICIAN]]
        self.fields["staff"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=holders)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )

    def ends_at(self):
        return self.cleaned_data["starts_at"] + timedelta(minutes=self.cleaned_data["minutes"])


class _SlotChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        holder = obj.staff.get_full_name() or obj.staff.get_username()
        when = date_format(timezone.localtime(obj.starts_at), "DATETIME_FORMAT")
        return f"{when} · {obj.get_mode_display()} · {holder}"


class BookForm(forms.Form):
    slot = _SlotChoice(label=_("Time"), queryset=AssessmentSlot.objects.none())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = free_slots()
