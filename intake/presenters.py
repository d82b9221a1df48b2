"""What the review and result pages show, worked out from the screening's data."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext, ngettext

from intake import choices
from intake.choices import LEVEL_NAMES
from intake.forms import ReviewForm
from intake.steps import Step
from intake.wizard import Progress, as_querydict
from screening import Assessment, group_reasons
from screening.catalogue import DEPRESSANTS
from screening.voice import person_for, voice_for, voiced

# Flags that mean the helplines belong on the result page, whatever the level.
_SAFETY_FLAGS = frozenset(
    {
        "crisis",
        "suicide_risk_high",
        "suicide_risk_moderate",
        "suicide_risk_low",
        "danger_to_others",
        "safety_unknown",
    }
)


def review_summary(progress: Progress) -> list[tuple[Step, list[tuple[str, str]]]]:
    """Each completed step with its questions and the answers given, in the person's words."""
    summary = []
    for step in progress.applicable:
        if step.form_class is ReviewForm or step.name not in progress.data:
            continue
        form = step.form_class(
            as_querydict(progress.data[step.name]),
            loved_one=progress.loved_one,
            known=progress.known,
        )
        if not form.is_valid():
            continue
        rows = []
        for name, field in form.fields.items():
            if name in form.skipped_on_page:
                continue  # not asked, given the answers before it: nothing to check
            value = form.cleaned_data.get(name)
            shown = _display(field, form.data.getlist(name), value)
            rows.append((str(field.label), shown))
        summary.append((step, rows))
    return summary


def _display(field: Any, raw: list[str], value: Any) -> str:
    if isinstance(field, forms.BooleanField):
        # A box to tick (a consent): whether it was ticked.
        return gettext("Yes") if value else gettext("No")
    choices = dict(getattr(field, "choices", []) or [])
    if choices:
        labels = [str(choices[item]) for item in raw if item in choices and item != ""]
        return ", ".join(labels) if labels else gettext("None")
    if value in (None, ""):
        return gettext("Not given")
    return str(value)


def level_name(level: str) -> str:
    return str(LEVEL_NAMES[level])


def person(answers: dict[str, Any]) -> str:
    """How the result names the person a loved one answers about ("your child")."""
    return gettext(person_for(answers.get("relationship")))


def reason_groups(assessment: dict[str, Any], answers: dict[str, Any]) -> tuple[list[str], ...]:
    """The reasons that support the recommended level ("why this level"), then the others
    ("also noted"), never mixed, each spoken to whoever answered, in their language."""
    typed = Assessment.from_dict(assessment)
    voice = voice_for(answers["respondent"])
    relationship = answers.get("relationship")
    return tuple(
        voiced(group, voice, relationship=relationship, translate=gettext)
        for group in group_reasons(typed)
    )


def guidance(assessment: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Which of the result's guidance sections apply, from the assessment's flags."""
    flags = set(assessment["flags"])
    obligations = [key for key, _label in choices.OBLIGATIONS if key in answers["obligations"]]
    labels = dict(choices.OBLIGATIONS)
    substances = set(answers["substances"])
    return {
        "leave_planning": "needs_leave_planning" in flags,
        "obligation_keys": obligations,
        "obligations": ", ".join(str(labels[key]).lower() for key in obligations),
        "naloxone": "naloxone" in flags,
        "taper": "taper_needed" in flags,
        "perinatal": "perinatal" in flags,
        "perinatal_high_risk": "perinatal" in flags
        and ("opioids" in substances or not substances.isdisjoint(DEPRESSANTS)),
        "nicotine": "nicotine" in flags,
    }


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
