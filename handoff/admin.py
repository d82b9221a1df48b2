"""Admin: API keys (shown once, revocable) and webhook subscriptions (secret shown once)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from admissions.audit import client_ip, record_audit
from handoff.models import ApiKey, WebhookSubscription, new_webhook_secret
from handoff.scopes import SCOPES
from handoff.webhooks.events import EVENT_TYPES

# The package's own key model is not used: Doorway's keys carry scopes and a recipient.
admin.site.unregister(APIKey)

KEY_REVOKED = "api_key_revoked"


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=list(SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ApiKey
        fields = ["name", "scopes", "recipient", "expiry_date", "revoked"]


@admin.register(ApiKey)
class ApiKeyAdmin(APIKeyModelAdmin):
    form = ApiKeyForm
    list_display = ["prefix", "name", "recipient", "scopes", "created", "last_used_at", "revoked"]
    list_filter = ["revoked", "created"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        elif "revoked" in form.changed_data and obj.revoked:
            self._audit_revoked(request, obj)
        # djangorestframework-api-key shows a new key once, in a message; only its hash is kept.
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Revoke the selected keys"))
    def revoke(self, request, queryset) -> None:
        for key in queryset.filter(revoked=False):
            key.revoked = True
            key.save(update_fields=["revoked"])
            self._audit_revoked(request, key)
        messages.success(request, _("Revoked: they stop working at once."))

    def _audit_revoked(self, request, key: ApiKey) -> None:
        record_audit(
            user=request.user,
            action=KEY_REVOKED,
            ip=client_ip(request),
            detail={"api_key": key.prefix},
        )


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(label=gettext_lazy("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=[(key, f"{key} — {label}") for key, (label, _kind) in EVENT_TYPES.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "active"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["name", "url", "events", "active", "created_at"]
    list_filter = ["active"]
    actions = ["new_secret"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            self._show_secret(request, obj)

    @admin.action(description=gettext_lazy("Give the selected subscriptions a new secret"))
    def new_secret(self, request, queryset) -> None:
        for subscription in queryset:
            subscription.secret = new_webhook_secret()
            subscription.save(update_fields=["secret", "updated_at"])
            self._show_secret(request, subscription)

    def _show_secret(self, request, subscription: WebhookSubscription) -> None:
        messages.warning(
            request,
            _(
                "The signing secret of %(name)s is %(secret)s. Give it to the receiver now: "
                "it is not shown again."
            )
            % {"name": subscription.name, "secret": subscription.secret},
        )
