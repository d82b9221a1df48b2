"""Who pays: the payers the centre knows, a lead's coverage, and each benefits check.

Coverage and checks are personal data (member IDs, names, dates of birth, what a payer said):
staff see them only behind login, and every view and every change is in the audit log.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from admissions.models import Lead
from benefits.choices import (
    WITHOUT_INSURANCE,
    BackEnd,
    CheckState,
    Failure,
    Network,
    PaymentType,
    Relationship,
    Subscriber,
    Verification,
)
from benefits.eligibility import Answer


class Payer(models.Model):
    """An insurance company or plan the centre deals with, kept in the admin."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    payer_id = models.CharField(
        _("electronic payer ID"),
        max_length=80,
        blank=True,
        help_text=_("The ID the clearinghouse gives this payer; needed for electronic checks."),
    )
    network = models.CharField(
        _("network"), max_length=3, choices=Network.choices, default=Network.IN
    )
    active = models.BooleanField(
        _("offered to staff"), default=True, help_text=_("Untick to hide it from new coverage.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("payer")
        verbose_name_plural = _("payers")

    def __str__(self) -> str:
        return self.name


class Coverage(models.Model):
    """How a lead will pay, as far as anyone knows. Every field may stay empty."""

    lead = models.OneToOneField(Lead, on_delete=models.CASCADE, related_name="coverage")
    payment_type = models.CharField(
        _("payment type"), max_length=12, choices=PaymentType.choices, blank=True
    )
    payer = models.ForeignKey(
        Payer, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("payer")
    )
    other_payer_name = models.CharField(_("other payer"), max_length=60, blank=True)
    member_id = models.CharField(_("member ID"), max_length=80, blank=True)
    group_number = models.CharField(_("group number"), max_length=50, blank=True)
    patient_birth_date = models.DateField(_("the person's date of birth"), null=True, blank=True)
    subscriber = models.CharField(
        _("insurance in the name of"), max_length=5, choices=Subscriber.choices, blank=True
    )
    subscriber_first_name = models.CharField(
        _("subscriber's first name"), max_length=35, blank=True
    )
    subscriber_last_name = models.CharField(_("subscriber's last name"), max_length=60, blank=True)
    subscriber_birth_date = models.DateField(_("subscriber's date of birth"), null=True, blank=True)
    subscriber_relationship = models.CharField(
        _("the person is the subscriber's"),
        max_length=6,
        choices=Relationship.choices,
        blank=True,
    )

    verification = models.CharField(
        max_length=13, choices=Verification.choices, default=Verification.PENDING
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["verification"], name="coverage_verification_idx")]

    def __str__(self) -> str:
        return f"Coverage of lead {self.lead_id}"

    @property
    def payer_name(self) -> str:
        return self.payer.name if self.payer_id else self.other_payer_name

    @property
    def someone_else_subscribes(self) -> bool:
        return self.subscriber == Subscriber.OTHER

    @property
    def needs_no_payer(self) -> bool:
        return self.payment_type in WITHOUT_INSURANCE


class BenefitsCheck(models.Model):
    """One question to a payer about a lead's benefits, and the whole answer.

    An electronic check is queued, sent by a task (with retries), then answered, rejected or
    failed; a phone check is recorded answered (or rejected) at once. The request and the raw
    answer are kept as they were, for support.
    """

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="benefits_checks")
    back_end = models.CharField(max_length=6, choices=BackEnd.choices)
    state = models.CharField(max_length=8, choices=CheckState.choices, default=CheckState.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Whether the person was asked about as the subscriber's dependent (their benefits are
    # then in the answer's dependent loop).
    about_dependent = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    failure = models.CharField(max_length=12, choices=Failure.choices, blank=True)
    # What went wrong in words for support ("the segment count does not match"); no personal data.
    failure_detail = models.CharField(max_length=200, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    request_body = models.TextField(blank=True)
    response_body = models.TextField(blank=True)
    response_truncated = models.BooleanField(default=False)
    answer = models.JSONField(default=dict, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["lead", "created_at"], name="benefitscheck_lead_idx"),
            # The resender looks for checks left queued (the broker was down).
            models.Index(fields=["state", "created_at"], name="benefitscheck_state_idx"),
        ]

    def __str__(self) -> str:
        return f"Benefits check {self.pk} for lead {self.lead_id}"

    @property
    def trace(self) -> str:
        """The check's reference in the inquiry (X12 trace number, BHT03)."""
        return f"DW{self.pk:09d}"

    @property
    def summary(self) -> Answer | None:
        """The payer's answer, summarised (None until there is one)."""
        return Answer.from_dict(self.answer) if self.answer else None
