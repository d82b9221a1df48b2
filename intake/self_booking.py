"""The person books their own assessment on their result page (optional, ``DOORWAY_SELF_BOOKING``).

It is offered only after a screening that asked to be contacted (a lead was made), and never
with a crisis result: there the crisis help is the whole top of the page and nothing else may
compete with it. The lead is the one this browser's own screening created
(``wizard.result_lead_id``), never a number from the address or the form, so nobody can book
for someone else's lead. The booking itself is ``admissions.booking.book`` with no user: it
locks the slot, moves the lead to "assessment scheduled", audits and sends the confirmation.
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from admissions.booking import BookingRefused, book, current_booking, free_slots
from admissions.booking_models import AssessmentSlot, Booking
from admissions.models import Lead
from admissions.selectors import open_lead_for_booking
from intake import wizard

# How many of the next free times the page lists: enough to choose from, short enough to read.
OFFERED = 10
# In the session's result: the message of the last failed booking post, shown once.
_PROBLEM = "booking_problem"


@dataclass(frozen=True)
class Time:
    """One free time as the person reads it, in the centre's time zone and their language."""

    slot_id: int
    starts: str
    ends: str
    how: str
    # Only for an assessment in person: where to come.
    where: str


@dataclass(frozen=True)
class Day:
    heading: str
    times: list[Time]


@dataclass(frozen=True)
class Booked:
    day: str
    time: Time
    # How the confirmation reaches the person: "email", "text" or "" (no way to send one).
    confirmation_by: str


@dataclass(frozen=True)
class Offer:
    """What the result page shows: the booking made, or the free times (and a problem)."""

    booked: Booked | None
    days: list[Day]
    problem: str
    zone: str


class ChooseTimeForm(forms.Form):
    slot = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": _("Choose one of the times, then press “Book this time”."),
            "invalid": _("Choose one of the times, then press “Book this time”."),
            "min_value": _("Choose one of the times, then press “Book this time”."),
        },
    )


def _own_lead(request: HttpRequest) -> Lead | None:
    """The person's own open lead, when their result may offer booking."""
    if not settings.DOORWAY_SELF_BOOKING:
        return None
    outcome = wizard.get_result(request)
    lead_id = wizard.result_lead_id(request)
    if outcome is None or lead_id is None or outcome["assessment"]["crisis"]:
        return None
    return open_lead_for_booking(lead_id)


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def _day(moment: datetime) -> str:
    """The weekday and date, as a sentence says it ("jueves, 14 de enero de 2027")."""
    local = _local(moment)
    return f"{date_format(local, 'l')}, {date_format(local, 'DATE_FORMAT')}"


def _time(slot: AssessmentSlot) -> Time:
    in_person = slot.mode == AssessmentSlot.Mode.IN_PERSON
    return Time(
        slot_id=slot.pk,
        starts=date_format(_local(slot.starts_at), "TIME_FORMAT"),
        ends=date_format(_local(slot.ends_at), "TIME_FORMAT"),
        how=str(slot.get_mode_display()),
        where=slot.location if in_person else "",
    )


def _days(slots: list[AssessmentSlot]) -> list[Day]:
    days: list[Day] = []
    for slot in slots:
        heading = capfirst(_day(slot.starts_at))
        if not days or days[-1].heading != heading:
            days.append(Day(heading=heading, times=[]))
        days[-1].times.append(_time(slot))
    return days


def _booked(lead: Lead, booking: Booking) -> Booked:
    if lead.email:
        by = "email"
    elif lead.phone and lead.consent_to_texts:
        by = "text"
    else:
        by = ""
    return Booked(day=_day(booking.slot.starts_at), time=_time(booking.slot), confirmation_by=by)


def offer(request: HttpRequest) -> Offer | None:
    """What the result page shows about booking, or None when it shows nothing."""
    lead = _own_lead(request)
    if lead is None:
        return None
    booking = current_booking(lead)
    if booking is not None:
        return Offer(booked=_booked(lead, booking), days=[], problem="", zone="")
    problem = _take_problem(request)
    slots = list(free_slots().select_related(None)[:OFFERED])
    if not slots and not problem:
        return None
    # The zone's name as the times listed have it ("EST", or "EDT/EST" across a change).
    zone = "/".join(sorted({date_format(_local(slot.starts_at), "T") for slot in slots}))
    return Offer(booked=None, days=_days(slots), problem=problem, zone=zone)


def take(request: HttpRequest) -> None:
    """Book the time the person chose; a problem is kept for the page to show once."""
    lead = _own_lead(request)
    if lead is None or current_booking(lead) is not None:
        # Not offered, or booked already (a second click): the page shows what stands.
        return
    form = ChooseTimeForm(request.POST)
    if not form.is_valid():
        _note_problem(request, str(form.errors["slot"][0]))
        return
    try:
        # No address kept: the audit log records staff, not patients.
        book(lead_id=lead.pk, slot_id=form.cleaned_data["slot"], user=None)
    except BookingRefused as refused:
        if current_booking(lead) is None:
            _note_problem(request, str(refused.message))


def _note_problem(request: HttpRequest, message: str) -> None:
    outcome = wizard.get_result(request)
    outcome[_PROBLEM] = message
    request.session.modified = True


def _take_problem(request: HttpRequest) -> str:
    outcome = wizard.get_result(request) or {}
    if _PROBLEM not in outcome:
        return ""
    request.session.modified = True
    return outcome.pop(_PROBLEM)
