"""The payer list, kept by the centre in the admin. Coverage and checks are personal data and
are only shown on the audited staff pages, never here."""

from django.contrib import admin

from benefits.models import Payer


@admin.register(Payer)
class PayerAdmin(admin.ModelAdmin):
    list_display = ["name", "payer_id", "network", "active"]
    list_filter = ["network", "active"]
    list_editable = ["network", "active"]
    search_fields = ["name", "payer_id"]
    readonly_fields = ["created_at", "updated_at"]
