"""Whether a program takes new patients: the one rule, and the database column derived from it.

By default it follows the open places: a program takes new patients while it has an open place
or while it does not count them, and is "full — waiting list" at none. A supervisor may set it
by hand instead (open or closed), for what the count cannot know: a unit closed for repairs,
referrals kept coming because discharges are due this week.

``availability`` is the rule. ``availability_expression`` states the same rule for the database
(``Program.availability`` is a column the database computes from it, indexed for matching): it is
built by asking ``availability`` about each case the rule can tell apart, so the two cannot
disagree.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NewPatients(models.TextChoices):
    """How "taking new patients" is decided: by the open places, or by hand."""

    AUTOMATIC = "automatic", _("Automatic — follows open places")
    OPEN = "open", _("Set by hand: taking new patients")
    CLOSED = "closed", _("Set by hand: not taking new patients")


class Availability(models.TextChoices):
    """What a person is told about a program."""

    OPEN = "open", _("Taking new patients")
    FULL = "full", _("Full — waiting list")
    CLOSED = "closed", _("Not taking new patients just now")


# Matching offers these (a full program with its waiting list, said so); a closed one never.
OFFERED = (Availability.OPEN.value, Availability.FULL.value)


def availability(new_patients: str, open_places: int | None) -> Availability:
    """What a program with this setting and these open places (``None``: not counted) tells
    people."""
    if new_patients == NewPatients.CLOSED:
        return Availability.CLOSED
    if new_patients == NewPatients.OPEN:
        return Availability.OPEN
    return Availability.FULL if open_places == 0 else Availability.OPEN


# The cases of open places the rule tells apart, each with one value standing for it.
_PLACES_CASES = (
    (None, Q(open_places__isnull=True)),
    (0, Q(open_places=0)),
    (1, Q(open_places__gt=0)),
)


def availability_expression() -> models.Case:
    """``availability`` as a SQL expression over ``new_patients`` and ``open_places``."""
    whens = [
        models.When(
            Q(new_patients=setting.value) & places,
            then=models.Value(availability(setting, sample).value),
        )
        for setting in NewPatients
        for sample, places in _PLACES_CASES
    ]
    # Unreachable for a valid setting; an unknown one takes nobody new.
    return models.Case(*whens, default=models.Value(Availability.CLOSED.value))
