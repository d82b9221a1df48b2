"""A lead waiting for a place in a full program, in the order they were added."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WaitingListEntry(models.Model):
    """One lead on one program's waiting list: who added them, when and why, and how it ended.

    The place in line is the order entries were added (oldest first) among those still waiting;
    an ended entry is kept for the lead's history. A lead waits for a program once at a time.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        ADMITTED = "admitted", _("Admitted")
        REMOVED = "removed", _("Removed from the list")
        # The lead ended another way: closed, referred out, not admitted, admitted elsewhere.
        LEAD_CLOSED = "lead_closed", _("The lead ended")

    lead = models.ForeignKey(
        "admissions.Lead", on_delete=models.CASCADE, related_name="waiting_list_entries"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="waiting_list_entries"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Why they wait (optional, staff's words): shown on the lead page only.
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Why staff removed them (required to remove), or how the lead ended.
    end_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lead", "program"],
                condition=models.Q(status="waiting"),
                name="waiting_once_per_program",
            )
        ]
        indexes = [
            # A program's list in order, and the first in line when a place opens.
            models.Index(
                fields=["program", "created_at", "id"],
                name="waiting_list_order_idx",
                condition=models.Q(status="waiting"),
            ),
            models.Index(fields=["lead", "status"], name="waiting_list_lead_idx"),
        ]

    def __str__(self) -> str:
        return f"Lead {self.lead_id} waiting for program {self.program_id}"
