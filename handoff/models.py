"""API keys for the centre's other systems, and webhook subscriptions with their delivery log."""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey

from handoff.webhooks.events import EVENT_TYPES


class ApiKey(AbstractAPIKey):
    """One integration's key: stored hashed (djangorestframework-api-key), shown once, named.

    ``scopes`` say what it may do; ``recipient`` says to whom its reads disclose a lead's record:
    empty for the centre's own systems (its EHR, its billing), or the name a consent must give.
    """

    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    recipient = models.CharField(
        _("recipient"),
        max_length=200,
        blank=True,
        help_text=_(
            "Leave empty for the centre's own systems (treatment, payment and operations). "
            "For an outside organisation, its name as consents give it."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def label(self) -> str:
        """How disclosures and the audit log name this key: its name and public prefix."""
        return f"API key {self.name} ({self.prefix})"


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookSubscription(models.Model):
    """Where to send which events. Payloads carry the event, a lead id and a time: no PHI."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(max_length=100, default=new_webhook_secret, editable=False)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be delivered")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Gave up")


class WebhookDelivery(models.Model):
    """One event for one subscription: the signed message, tried until the receiver takes it.

    ``message_id`` (the ``webhook-id`` header) stays the same on every attempt and on a replay,
    so a receiver that already has it can ignore a repeat.
    """

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_type = models.CharField(max_length=40, choices=[(key, key) for key in EVENT_TYPES])
    lead_id = models.BigIntegerField()
    message_id = models.CharField(max_length=40, unique=True)
    # The JSON body exactly as signed.
    payload = models.TextField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sweeper looks for pending deliveries that are due.
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_pending_idx",
                condition=models.Q(status="pending"),
            ),
        ]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event_type} for lead {self.lead_id} to {self.subscription_id}"


class WebhookAttempt(models.Model):
    """One try at a delivery: the receiver's status code, or the kind of error (never a body)."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="tries")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=100, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Attempt {self.pk} of delivery {self.delivery_id}"
