"""Django admin for supervisors: counsellor profiles are edited here; leads are only looked at.

Leads are born through ``lead_create`` and move through the staff pages, so the admin never
adds or edits one; the audit log is append-only, so the admin cannot change or delete it.
"""

from django.contrib import admin

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
