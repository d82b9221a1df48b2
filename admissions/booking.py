"""Booking the formal assessment: slots staff offer, bookings by staff or by the person, the
confirmation with a calendar invitation (.ics), the reminder the day before, no-shows and
reschedules.

Two people taking the last slot at once: the slot row is locked while it is booked, and a
unique constraint (one "booked" booking per slot) holds even if that were bypassed; the one
who comes second is told kindly to choose another time. A booking moves a new or contacted
lead to "assessment scheduled" by itself. Messages to the person say when, how and where,
never what the assessment is about.
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from admissions import notifications
from admissions.access import can_work_on
from admissions.audit import record_audit
from admissions.models import OPEN_STATUSES, AssessmentSlot, Booking, Lead, LeadEvent, Status
from admissions.notifications import lead_url
from programs.centre import current_centre

logger = logging.getLogger(__name__)

# Booking one of these statuses moves the lead on to "assessment scheduled".
SCHEDULES_FROM = (Status.NEW, Status.CONTACTED)
# How long before the assessment the reminder goes out.
REMIND_BEFORE = timedelta(hours=24)
REMIND_BATCH = 200


class BookingRefused(Exception):
    """The booking cannot be made as asked; ``message`` says why, kindly."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BookingAudit:
    SLOT_CREATE = "slot_create"
    BOOK = "assessment_book"
    NO_SHOW = "assessment_no_show"
    CANCEL = "assessment_cancel"


# --- Slots ------------------------------------------------------------------------------------


def slot_create(
    *,
    user,
    staff_id: int,
    mode: str,
    location: str,
    starts_at: datetime,
    ends_at: datetime,
    ip: str | None = None,
) -> AssessmentSlot:
    """A time ``staff_id`` keeps free for an assessment."""
    if mode not in AssessmentSlot.Mode.values:
        raise BookingRefused(_("Choose in person, by phone or by video."))
    if ends_at <= starts_at:
        raise BookingRefused(_("The end must be after the start."))
    if starts_at <= timezone.now():
        raise BookingRefused(_("Choose a time from now on."))
    if not get_user_model().objects.filter(pk=staff_id, is_active=True).exists():
        raise BookingRefused(_("Choose who holds the assessment."))
    slot = AssessmentSlot.objects.create(
        staff_id=staff_id,
        mode=mode,
        location=location.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=user,
    )
    record_audit(user=user, action=BookingAudit.SLOT_CREATE, ip=ip, detail={"slot_id": slot.pk})
    return slot


def free_slots(*, now: datetime | None = None):
    """Slots from now on that nobody has booked, soonest first."""
    now = now or timezone.now()
    return (
        AssessmentSlot.objects.filter(starts_at__gt=now)
        .exclude(bookings__status=Booking.Status.BOOKED)
        .select_related("staff")
        .order_by("starts_at", "pk")
    )


def current_booking(lead: Lead) -> Booking | None:
    return (
        lead.bookings.filter(status=Booking.Status.BOOKED)
        .select_related("slot", "slot__staff")
        .first()
    )


# --- Booking ----------------------------------------------------------------------------------

TAKEN = "That time has just been taken. Please choose another one."


def book(*, lead_id: int, slot_id: int, user=None, ip: str | None = None) -> Booking:
    """Book ``slot_id`` for the lead: by staff (``user``) or by the person (``user`` None).
    A booking the lead already had is kept as "rescheduled". Raises ``BookingRefused``."""
    try:
        with transaction.atomic():
            return _book(lead_id=lead_id, slot_id=slot_id, user=user, ip=ip)
    except IntegrityError:
        # Another booking of this slot committed between our check and our insert.
        raise BookingRefused(_(TAKEN)) from None


def _book(*, lead_id: int, slot_id: int, user, ip: str | None) -> Booking:
    lead = Lead.objects.select_for_update(of=("self",)).get(pk=lead_id)
    if user is not None and not can_work_on(user, lead):
        raise PermissionDenied
    if lead.status not in OPEN_STATUSES:
        raise BookingRefused(_("This lead is closed: reopen it before booking."))
    slot = AssessmentSlot.objects.select_for_update().filter(pk=slot_id).first()
    if slot is None or slot.starts_at <= timezone.now():
        raise BookingRefused(_("That time is no longer available. Please choose another one."))
    if slot.bookings.filter(status=Booking.Status.BOOKED).exists():
        raise BookingRefused(_(TAKEN))
    actor = user if user is not None and user.is_authenticated else None
    earlier = current_booking(lead)
    if earlier is not None:
        earlier.status = Booking.Status.RESCHEDULED
        earlier.save(update_fields=["status", "updated_at"])
        LeadEvent.objects.create(
            lead=lead,
            kind=LeadEvent.Kind.APPOINTMENT_CHANGED,
            actor=actor,
            data={"booking_id": earlier.pk, "to": Booking.Status.RESCHEDULED},
        )
    booking = Booking.objects.create(slot=slot, lead=lead, booked_by=actor)
    data = {
        "booking_id": booking.pk,
        "slot_id": slot.pk,
        "starts_at": slot.starts_at.isoformat(),
        "mode": slot.mode,
        "by_the_person": actor is None,
    }
    LeadEvent.objects.create(
        lead=lead, kind=LeadEvent.Kind.APPOINTMENT_BOOKED, actor=actor, data=data
    )
    if lead.status in SCHEDULES_FROM:
        change = {"from": lead.status, "to": Status.ASSESSMENT_SCHEDULED}
        lead.status = Status.ASSESSMENT_SCHEDULED
        lead.save(update_fields=["status", "updated_at"])
        LeadEvent.objects.create(
            lead=lead, kind=LeadEvent.Kind.STATUS_CHANGED, actor=actor, data=change
        )
    record_audit(user=actor, action=BookingAudit.BOOK, lead=lead, ip=ip, detail=data)
    transaction.on_commit(partial(_enqueue_confirmation, booking.pk))
    return booking


def _enqueue_confirmation(booking_id: int) -> None:
    from admissions.tasks import send_booking_confirmation

    try:
        send_booking_confirmation.delay(booking_id)
    except Exception:
        # The broker is down: the booking stands; the reminder still goes out later.
        logger.exception("Could not enqueue the confirmation of booking %s.", booking_id)


@transaction.atomic
def booking_mark(*, lead_id: int, user, status: str, ip: str | None = None) -> Booking:
    """Record that the person did not come (no-show), or cancel the booking."""
    if status not in (Booking.Status.NO_SHOW, Booking.Status.CANCELLED):
        raise BookingRefused(_("Choose no-show or cancel."))
    lead = Lead.objects.select_for_update(of=("self",)).get(pk=lead_id)
    if not can_work_on(user, lead):
        raise PermissionDenied
    booking = current_booking(lead)
    if booking is None:
        raise BookingRefused(_("This lead has no assessment booked."))
    if status == Booking.Status.NO_SHOW and booking.slot.starts_at > timezone.now():
        raise BookingRefused(_("The assessment has not started yet: it cannot be a no-show."))
    booking.status = status
    booking.save(update_fields=["status", "updated_at"])
    data = {"booking_id": booking.pk, "to": status}
    LeadEvent.objects.create(
        lead=lead, kind=LeadEvent.Kind.APPOINTMENT_CHANGED, actor=user, data=data
    )
    action = BookingAudit.NO_SHOW if status == Booking.Status.NO_SHOW else BookingAudit.CANCEL
    record_audit(user=user, action=action, lead=lead, ip=ip, detail=data)
    return booking


# --- The calendar invitation and the messages -------------------------------------------------


def booking_ics(booking: Booking, *, for_staff: bool) -> bytes:
    """The booking as an iCalendar (.ics) event. The person's says only "Appointment", when,
    how and where; the staff member's links the lead page (sign-in required)."""
    slot = booking.slot
    # Imported here: only a confirmation needs it, and a web worker is smaller without it.
    from icalendar import Calendar, Event

    event = Event()
    event.add("uid", f"doorway-booking-{booking.pk}@{_domain()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", _("Assessment") if for_staff else _("Appointment"))
    if slot.location:
        event.add("location", slot.location)
    if for_staff:
        event.add("description", lead_url(booking.lead_id))
    calendar = Calendar()
    calendar.add("prodid", "-//Doorway//Assessment booking//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"


def _when_and_how(slot: AssessmentSlot) -> dict[str, str]:
    local = timezone.localtime(slot.starts_at)
    return {
        "when": date_format(local, "DATETIME_FORMAT"),
        "how": str(AssessmentSlot.Mode(slot.mode).label).lower(),
        "where": slot.location or "—",
        "phone": current_centre().phone or "—",
    }


def _person_message(booking: Booking, *, reminder: bool) -> tuple[str, str]:
    details = _when_and_how(booking.slot)
    if reminder:
        subject = _("Reminder: your appointment tomorrow")
        body = _(
            "This is a reminder of your appointment on %(when)s (%(how)s).\n"
            "Where: %(where)s\n\nTo change it, call us at %(phone)s.\n"
        )
    else:
        subject = _("Your appointment is booked")
        body = _(
            "Your appointment is booked for %(when)s (%(how)s).\n"
            "Where: %(where)s\n\nTo change it, call us at %(phone)s.\n"
        )
    return subject, body % details


def _send_to_person(booking: Booking, *, reminder: bool) -> bool:
    """Email (with the .ics) when there is an address, else a text when texts are allowed."""
    lead = booking.lead
    with translation.override(lead.language):
        subject, body = _person_message(booking, reminder=reminder)
        if lead.email:
            message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [lead.email])
            message.attach(
                "appointment.ics", booking_ics(booking, for_staff=False), "text/calendar"
            )
            message.send()
            return True
        if lead.phone and lead.consent_to_texts:
            import_string(settings.DOORWAY_SMS_SENDER)().send(lead.phone, body)
            return True
    return False


def send_confirmation(*, booking_id: int) -> None:
    """The person and the staff member who holds the assessment each get it, once."""
    with transaction.atomic():
        marked = Booking.objects.filter(
            pk=booking_id, status=Booking.Status.BOOKED, confirmed_at__isnull=True
        ).update(confirmed_at=timezone.now())
    if not marked:
        return
    booking = Booking.objects.select_related("slot", "slot__staff", "lead").get(pk=booking_id)
    _send_to_person(booking, reminder=False)
    staff = booking.slot.staff
    if staff.email:
        with translation.override(settings.LANGUAGE_CODE):
            details = _when_and_how(booking.slot)
            message = EmailMessage(
                _("An assessment was booked with you"),
                _("An assessment was booked with you for %(when)s (%(how)s).\n\n%(url)s\n")
                % {**details, "url": lead_url(booking.lead_id)},
                settings.DEFAULT_FROM_EMAIL,
                [staff.email],
            )
            message.attach("assessment.ics", booking_ics(booking, for_staff=True), "text/calendar")
            message.send()


@notifications.in_staff_language
def staff_reminder_notice(booking: Booking) -> notifications.Notice:
    """For the staff member who holds the assessment, the day before: when, how, where and the
    lead's page (sign-in required), nothing about the person."""
    subject = _("Reminder: you hold an assessment tomorrow")
    body = _(
        "You hold an assessment on %(when)s (%(how)s).\n"
        "Where: %(where)s\n\nOpen the lead here (sign-in required):\n%(url)s\n"
    ) % {**_when_and_how(booking.slot), "url": lead_url(booking.lead_id)}
    return notifications.Notice(subject, body, key=f"doorway-booking-reminder-{booking.pk}")


def _remind_person(booking: Booking) -> None:
    _send_to_person(booking, reminder=True)


def _remind_staff(booking: Booking) -> None:
    if booking.slot.staff.is_active:
        notifications.send([booking.slot.staff], staff_reminder_notice(booking))


# Who is reminded, each marked by its own field of the booking.
_REMINDERS = (("reminded_at", _remind_person), ("staff_reminded_at", _remind_staff))


def send_due_reminders(*, now: datetime | None = None) -> list[int]:
    """Remind the person, and the staff member who holds it, of each assessment within the
    next day; the ids of the bookings reminded.

    Each is reminded once: a conditional update marks the booking before its message goes, so
    of two runs at once only one sends it. A booking cancelled, missed or rescheduled is no
    longer booked and is not reminded; the new booking of a reschedule is reminded afresh.
    """
    now = now or timezone.now()
    reminded: dict[int, None] = {}
    for field, remind in _REMINDERS:
        not_yet = {"status": Booking.Status.BOOKED, f"{field}__isnull": True}
        due = (
            Booking.objects.filter(
                **not_yet, slot__starts_at__gt=now, slot__starts_at__lte=now + REMIND_BEFORE
            )
            .order_by("slot__starts_at")
            .values_list("pk", flat=True)[:REMIND_BATCH]
        )
        for booking_id in list(due):
            if not Booking.objects.filter(pk=booking_id, **not_yet).update(**{field: now}):
                continue
            booking = Booking.objects.select_related("slot", "slot__staff", "lead").get(
                pk=booking_id
            )
            remind(booking)
            reminded[booking_id] = None
    return list(reminded)
