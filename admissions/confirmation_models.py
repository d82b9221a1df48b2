"""A clinician's word on the level of care, after the formal assessment."""

from django.conf import settings
from django.db import models

from programs.models import Level


class LevelConfirmation(models.Model):
    """The level of care a clinician confirmed, beside the one the screening suggested. The
    latest per lead counts; earlier ones stay (a clinician may revise after more appointments)."""

    lead = models.ForeignKey(
        "admissions.Lead", on_delete=models.CASCADE, related_name="level_confirmations"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the lead when confirmed: the screening's suggestion it agreed with or not.
    screened_level = models.CharField(max_length=12, choices=Level.choices)
    confirmed_level = models.CharField(max_length=12, choices=Level.choices)
    agrees = models.BooleanField()
    # Required when the clinician chose another level: why.
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["lead", "created_at"], name="confirmation_lead_idx")]

    def __str__(self) -> str:
        return f"Level confirmed for lead {self.lead_id}: {self.confirmed_level}"
