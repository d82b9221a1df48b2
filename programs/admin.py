"""Staff manage the catalog in the admin: filters by level, audience, schedule and language."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from programs.availability import Availability, NewPatients
from programs.models import Program, ProgramLanguage, Schedule, Service
from programs.selectors import has_choice


class ProgramAdminForm(forms.ModelForm):
    """Tick boxes for the JSON choice lists; the model's clean() checks hours against level."""

    schedules = forms.MultipleChoiceField(
        label=_("Schedule"), choices=Schedule.choices, widget=forms.CheckboxSelectMultiple
    )
    services = forms.MultipleChoiceField(
        label=_("Services"),
        choices=Service.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=ProgramLanguage.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Program
        fields = (
            "name",
            "name_es",
            "slug",
            "level",
            "audience",
            "hours_per_week",
            "days_per_week",
            "schedules",
            "typical_weeks",
            "services",
            "co_occurring_track",
            "languages",
            "location",
            "capacity",
            "new_patients",
            "open_places",
            "description_en",
            "description_es",
        )


class ChoiceListFilter(admin.SimpleListFilter):
    """Filter on one key of a JSON choice list."""

    field: str
    options: type[models.TextChoices]

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return list(self.options.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in self.options.values:
            return queryset.filter(has_choice(self.field, self.value()))
        return queryset


class ScheduleFilter(ChoiceListFilter):
    title = _("schedule")
    parameter_name = "schedule"
    field = "schedules"
    options = Schedule


class LanguageFilter(ChoiceListFilter):
    title = _("language")
    parameter_name = "language"
    field = "languages"
    options = ProgramLanguage


class ServiceFilter(ChoiceListFilter):
    title = _("service")
    parameter_name = "service"
    field = "services"
    options = Service


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    form = ProgramAdminForm
    list_display = (
        "name",
        "level",
        "audience",
        "hours_per_week",
        "days_per_week",
        "co_occurring_track",
        "taking_new_patients",
        "open_places",
    )
    list_filter = (
        "level",
        "audience",
        "availability",
        "new_patients",
        "co_occurring_track",
        ScheduleFilter,
        LanguageFilter,
        ServiceFilter,
    )
    search_fields = ("name", "name_es", "slug", "location", "description_en", "description_es")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("taking_new_patients", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "name_es", "slug", "level", "audience")}),
        (
            _("When it meets"),
            {"fields": ("hours_per_week", "days_per_week", "schedules", "typical_weeks")},
        ),
        (
            _("What it offers"),
            {"fields": ("services", "co_occurring_track", "languages", "location", "capacity")},
        ),
        (
            _("Admissions"),
            {"fields": ("open_places", "new_patients", "taking_new_patients")},
        ),
        (_("Description"), {"fields": ("description_en", "description_es")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description=_("taking new patients now"), ordering="availability")
    def taking_new_patients(self, program: Program) -> str:
        """What people are told now, and whether the open places or a supervisor decided it."""
        if program.pk is None:
            return "—"
        how = (
            NewPatients(program.new_patients).label
            if program.set_by_hand
            else _("Automatic — follows open places")
        )
        return format_html("{}<br><small>{}</small>", Availability(program.availability).label, how)
