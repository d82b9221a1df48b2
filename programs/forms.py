"""The filters of the public program list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Audience, Level, ProgramLanguage, Schedule

ANY = [("", _("Any"))]


class ProgramFilterForm(forms.Form):
    """GET filters; an unknown value is a form error and that filter is ignored."""

    level = forms.ChoiceField(label=_("Level of care"), choices=ANY + Level.choices, required=False)
    audience = forms.ChoiceField(
        label=_("Who it is for"),
        choices=[*ANY, (Audience.ADULTS, _("Adults")), (Audience.ADOLESCENTS, _("Adolescents"))],
        required=False,
    )
    schedule = forms.ChoiceField(
        label=_("Schedule"), choices=ANY + Schedule.choices, required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=ANY + ProgramLanguage.choices, required=False
    )

    def filters(self) -> dict[str, str]:
        """The valid filters (all of them, or none when any value is unknown)."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
