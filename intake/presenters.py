"""What the review and result pages show, worked out from the screening's data."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext, ngettext

from intake.choices import LEVEL_NAMES
from intake.forms import ReviewForm
from intake.steps import Step
from intake.wizard import Progress, as_querydict

# Flags that mean the helplines belong on the result page, whatever the level.
_SAFETY_FLAGS = frozenset(
    {"crisis", "suicide_risk_high", "suicide_risk_moderate", "suicide_risk_low", "danger_to_others"}
)


def review_summary(progress: Progress) -> list[tuple[Step, list[tuple[str, str]]]]:
    """Each completed step with its questions and the answers given, in the person's words."""
    summary = []
    for step in progress.applicable:
        if step.form_class is ReviewForm or step.name not in progress.data:
            continue
        form = step.form_class(as_querydict(progress.data[step.name]), loved_one=progress.loved_one)
        if not form.is_valid():
            continue
        rows = []
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name)
            shown = _display(field, form.data.getlist(name), value)
            rows.append((str(field.label), shown))
        summary.append((step, rows))
    return summary


def _display(field: Any, raw: list[str], value: Any) -> str:
    choices = dict(getattr(field, "choices", []) or [])
    if choices:
        labels = [str(choices[item]) for item in raw if item in choices and item != ""]
        return ", ".join(labels) if labels else gettext("None")
    if value in (None, ""):
        return gettext("Not given")
    return str(value)


def level_name(level: str) -> str:
    return str(LEVEL_NAMES[level])


def reasons(assessment: dict[str, Any]) -> list[str]:
    """The reasons in the person's language (the screening's catalogue holds the Spanish)."""
    return [gettext(reason["text"]) for reason in assessment["reasons"]]


def shows_helplines(assessment: dict[str, Any]) -> bool:
    return assessment["crisis"] or not _SAFETY_FLAGS.isdisjoint(assessment["flags"])


def callback_wait(priority: str) -> str:
    """How soon a counsellor reaches out for this priority, from DOORWAY_CALLBACK_MINUTES."""
    minutes = settings.DOORWAY_CALLBACK_MINUTES[priority]
    if minutes < 60 or minutes % 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = minutes // 60
    if hours < 48 or hours % 24:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = hours // 24
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
