"""The date range of the reporting page: this week, the last 4 weeks, this quarter, or custom."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The longest custom range (the figures are kept for two years of days and more).
MAX_DAYS = 3 * 366


class RangeForm(forms.Form):
    PRESETS = (
        ("week", _("This week")),
        ("4weeks", _("Last 4 weeks")),
        ("quarter", _("This quarter")),
        ("custom", _("Custom")),
    )

    range = forms.ChoiceField(
        label=_("Period"),
        choices=PRESETS,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("range") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Give both dates of a custom period."))
            if start > end:
                raise forms.ValidationError(_("The first day must not be after the last."))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(_("Choose a period of three years or less."))
        return data

    def period(self, today: date | None = None) -> tuple[date, date]:
        """The first and last day of the chosen period (the last 4 weeks when none is)."""
        today = today or timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        chosen = data.get("range") or "4weeks"
        if chosen == "custom":
            return data["start"], data["end"]
        if chosen == "week":
            return today - timedelta(days=today.weekday()), today
        if chosen == "quarter":
            first_month = 3 * ((today.month - 1) // 3) + 1
            return today.replace(month=first_month, day=1), today
        return today - timedelta(days=27), today
