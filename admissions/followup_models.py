"""A lead's next action: what to do, when, and who does it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUp(models.Model):
    """One next action on a lead. An open lead has at most one open follow-up (not done yet);
    doing, replacing or closing it keeps it, done, for the timeline and "My day" history."""

    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        TEXT = "text", _("Text")
        EMAIL = "email", _("Email")
        ASSESSMENT = "assessment", _("Assessment")
        BENEFITS = "benefits", _("Benefits check")
        OTHER = "other", _("Other")
        # After the last unanswered attempt of the cadence: keep trying, or close?
        DECISION = "decision", _("Supervisor decision")

    lead = models.ForeignKey("admissions.Lead", on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    due_at = models.DateTimeField()
    # Empty for a supervisor decision (any supervisor) or a lead nobody has yet.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    # Which unanswered attempt of the cadence proposed it (0: set by hand).
    attempt = models.PositiveSmallIntegerField(default=0)
    snooze_reason = models.CharField(max_length=200, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # When the beat task told its owner it was due (once).
    notified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lead"],
                condition=models.Q(done_at__isnull=True),
                name="followup_one_open_per_lead",
            )
        ]
        indexes = [
            # "My day": a counsellor's open follow-ups by when they fall due.
            models.Index(
                fields=["assigned_to", "due_at"],
                name="followup_open_due_idx",
                condition=models.Q(done_at__isnull=True),
            ),
            # The beat task: open follow-ups due and not yet notified.
            models.Index(
                fields=["due_at"],
                name="followup_to_notify_idx",
                condition=models.Q(done_at__isnull=True, notified_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Follow-up ({self.kind}) for lead {self.lead_id}"
