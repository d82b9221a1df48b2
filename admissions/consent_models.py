"""42 CFR Part 2 consents and the disclosures made under them (they belong to the lead's record).

A ``Consent`` says who may receive the person's record, what part of it, for what purpose and
until when, and how the person gave it. A ``Disclosure`` is one time the record (or part of it)
left Doorway: it names the consent that permitted it. Both are append-only apart from revoking a
consent; ``admissions.consents`` and ``admissions.disclosures`` are the only writers.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentScope(models.TextChoices):
    # The single consent for all future treatment, payment and health-care operations that the
    # 2024 rule allows (42 CFR 2.33(a)(2)): the centre's own care team and its own systems.
    TPO = "tpo", _("The centre's own treatment, payment and health-care operations")
    RECIPIENT = "recipient", _("A named recipient")


class ConsentInformation(models.TextChoices):
    """How much of the record a consent lets go out."""

    SCREENING = (
        "screening",
        _("Contact details, screening answers, the recommended level of care and its reasons"),
    )
    CONTACT_AND_LEVEL = (
        "contact_and_level",
        _("Contact details and the recommended level of care only"),
    )


class ConsentGivenBy(models.TextChoices):
    ONLINE = "online", _("By the person, online after their result")
    SIGNED_FORM = "signed_form", _("On a signed form, recorded by staff")
    ELSEWHERE = "elsewhere", _("Signed elsewhere, received with the lead")


class Consent(models.Model):
    """One written consent to disclose a lead's record (42 CFR 2.31)."""

    lead = models.ForeignKey("admissions.Lead", on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("who may receive it"), max_length=10, choices=ConsentScope.choices)
    # Empty for the centre's own treatment, payment and operations.
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    information = models.CharField(
        _("what information"),
        max_length=20,
        choices=ConsentInformation.choices,
        default=ConsentInformation.SCREENING,
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    expires_on = models.DateField(_("expires on"))
    given_by = models.CharField(
        _("how it was given"), max_length=12, choices=ConsentGivenBy.choices
    )
    # The name the person typed, or the name on the signed form.
    signed_by = models.CharField(_("signed by"), max_length=200)
    # The wording the person agreed to (see ``admissions.consents.FORM_VERSION``).
    form_version = models.CharField(max_length=20, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["lead", "scope"], name="consent_lead_scope_idx")]

    def __str__(self) -> str:
        return f"Consent {self.pk} for lead {self.lead_id}"

    def is_active(self, today=None) -> bool:
        """Not revoked and not expired (it lasts to the end of its expiry day)."""
        today = today or timezone.localdate()
        return self.revoked_at is None and self.expires_on >= today


class DisclosureChannel(models.TextChoices):
    FHIR_EXPORT = "fhir_export", _("FHIR export (command line)")
    FHIR_API = "fhir_api", _("FHIR read through the API")
    FHIR_PUSH = "fhir_push", _("FHIR push to the centre's EHR")
    API_READ = "api_read", _("Lead read through the API")
    REFERRAL = "referral", _("Referral")


class Disclosure(models.Model):
    """One disclosure of a lead's record, and the consent that permitted it (42 CFR 2.24)."""

    lead = models.ForeignKey(
        "admissions.Lead", on_delete=models.CASCADE, related_name="disclosures"
    )
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="disclosures")
    channel = models.CharField(max_length=12, choices=DisclosureChannel.choices)
    # Who received it: a named recipient, or empty for the centre's own systems.
    recipient = models.CharField(max_length=200, blank=True)
    information = models.CharField(max_length=20, choices=ConsentInformation.choices)
    purpose = models.CharField(max_length=300)
    # Which integration or system made it (an API key's name, the FHIR server), never PHI.
    via = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["lead", "created_at"], name="disclosure_lead_idx")]

    def __str__(self) -> str:
        return f"Disclosure {self.pk} of lead {self.lead_id}"
