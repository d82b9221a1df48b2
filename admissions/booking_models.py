"""Assessment slots that staff offer, and the bookings that take them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentSlot(models.Model):
    """A time a counsellor or clinician keeps free for one formal assessment."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        VIDEO = "video", _("By video")

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessment_slots"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices)
    # Where: an address, a room, or how the video call is joined (told to the person).
    location = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["starts_at"], name="slot_starts_idx")]

    def __str__(self) -> str:
        return f"Slot {self.pk} at {self.starts_at:%Y-%m-%d %H:%M}"


class Booking(models.Model):
    """A lead booked into a slot; kept after a no-show, a reschedule or a cancellation."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")

    slot = models.ForeignKey(AssessmentSlot, on_delete=models.PROTECT, related_name="bookings")
    lead = models.ForeignKey("admissions.Lead", on_delete=models.CASCADE, related_name="bookings")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)
    # Empty when the person booked it themselves on their result page.
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The staff member who holds the assessment is reminded on their own, once.
    staff_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # The guarantee against two people taking one slot at once, whatever the code does.
            models.UniqueConstraint(
                fields=["slot"],
                condition=models.Q(status="booked"),
                name="booking_one_per_slot",
            ),
            models.UniqueConstraint(
                fields=["lead"],
                condition=models.Q(status="booked"),
                name="booking_one_per_lead",
            ),
        ]
        indexes = [
            models.Index(
                fields=["reminded_at"],
                name="booking_to_remind_idx",
                condition=models.Q(status="booked", reminded_at__isnull=True),
            ),
            models.Index(
                fields=["staff_reminded_at"],
                name="booking_staff_to_remind_idx",
                condition=models.Q(status="booked", staff_reminded_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Booking {self.pk} ({self.status}) for lead {self.lead_id}"
