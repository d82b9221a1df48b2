"""Django admin for supervisors: counsellor profiles are edited here; leads are only looked at.

Leads are born through ``lead_create`` and move through the staff pages, so the admin never
adds or edits one; the audit log is append-only, so the admin cannot change or delete it.

The admin shows no personal data of a lead: no name, phone, email, message, answers or
assessment, and no staff notes. Those are read on the staff lead page, which checks who may see
the lead and records every view in the audit log; the admin would be a second door with neither
(it has its own permissions, and its pages are not audited). What it shows of a lead (where it
stands in the pipeline and in routing) still concerns a person, so opening one is audited too.
"""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from admissions.audit import Action, client_ip, record_audit
from admissions.models import AuditEntry, CounsellorProfile, Lead, LeadEvent


@admin.register(CounsellorProfile)
class CounsellorProfileAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "active",
        "on_call",
        "languages",
        "accepts_adolescents",
        "capacity",
        "last_assigned_at",
    ]
    list_filter = ["active", "on_call", "accepts_adolescents"]
    list_editable = ["active", "on_call"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    readonly_fields = ["last_assigned_at", "created_at", "updated_at"]
    autocomplete_fields = ["user"]


class LeadEventInline(admin.TabularInline):
    model = LeadEvent
    # Not ``body``: notes are free text about the person.
    fields = ["created_at", "kind", "actor", "data"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    # The list shows no names or phone numbers: the staff queue is the place to work a lead.
    list_display = [
        "__str__",
        "priority",
        "level",
        "status",
        "routing_state",
        "assigned_to",
        "source",
        "created_at",
    ]
    list_filter = ["priority", "status", "routing_state", "level", "source", "language"]
    list_select_related = ["assigned_to"]
    date_hierarchy = "created_at"
    ordering = ["priority_rank", "created_at"]
    inlines = [LeadEventInline]
    # Everything the page shows; the person's details are on the staff page (``staff_page``).
    fields = readonly_fields = [
        "staff_page",
        "priority",
        "level",
        "crisis",
        "status",
        "close_reason",
        "routing_state",
        "assigned_to",
        "source",
        "language",
        "rules_version",
        "over_rate_limit",
        "created_at",
        "routed_at",
        "claimed_at",
        "first_contact_at",
        "escalated_at",
    ]

    @admin.display(description=_("Lead"))
    def staff_page(self, lead: Lead) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admissions:lead_detail", args=[lead.pk]),
            _("Open on the staff lead page"),
        )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        shown = getattr(response, "context_data", None) or {}
        lead = shown.get("original") if response.status_code == 200 else None
        if lead is not None:
            record_audit(
                user=request.user,
                action=Action.VIEW_LEAD,
                lead=lead,
                ip=client_ip(request),
                detail={"via": "admin"},
            )
        return response

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "action", "lead", "ip"]
    list_filter = ["action"]
    list_select_related = ["user", "lead"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
