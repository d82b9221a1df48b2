"""The anonymous tally in the admin, read-only: the centre's statistics of result-only screenings.

Drafts are deliberately absent: nobody at the centre should browse paused answers.
"""

from django.contrib import admin

from intake.models import AnonymousResult


@admin.register(AnonymousResult)
class AnonymousResultAdmin(admin.ModelAdmin):
    list_display = ("date", "language", "level", "priority")
    list_filter = ("date", "language", "level", "priority")
    date_hierarchy = "date"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
