"""The old and new values of a corrected contact detail, kept beside the audit log.

The audit log is append-only, so it must never hold a value that erasing the person has to
remove. Its ``contact_correct`` entry names the fields and the ids of these rows; the values
live here, where ``admissions.privacy.lead_erase`` can blank them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ContactCorrection(models.Model):
    """One field of a lead's contact details that staff corrected: from what, to what."""

    lead = models.ForeignKey(
        "admissions.Lead", on_delete=models.PROTECT, related_name="contact_corrections"
    )
    # One of ``admissions.contact_edit.EDITABLE``.
    field = models.CharField(max_length=20)
    old = models.CharField(max_length=254, blank=True)
    new = models.CharField(max_length=254, blank=True)
    # Set by hand, not ``auto_now_add``: rows moved out of older audit entries keep their time.
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the person was erased: both values are blank from then on.
    erased_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Correction {self.pk} of {self.field} on lead {self.lead_id}"
