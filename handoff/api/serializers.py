"""What the API reads and writes, as DRF serializers (they also make the OpenAPI schema)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from admissions.booking_models import AssessmentSlot
from admissions.followup_models import FollowUp
from admissions.followups import CHOSEN_KINDS
from admissions.models import OPEN_STATUSES, Language, Lead, Level, Priority, Status
from programs.availability import Availability
from programs.models import Program

STATUS_FILTERS = ["open", *Status.values]


class ProblemSerializer(serializers.Serializer):
    field = serializers.CharField(help_text=_("The field at fault, e.g. answers.age."))
    message = serializers.CharField()


class ProblemsSerializer(serializers.Serializer):
    errors = ProblemSerializer(many=True)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("Why the disclosure was refused."))
    code = serializers.ChoiceField(
        choices=["no_consent", "consent_revoked", "consent_expired", "permission_denied"]
    )


class LeadSummarySerializer(serializers.ModelSerializer):
    """A lead in a list: no name, contact detail or answer."""

    class Meta:
        model = Lead
        fields = [
            "id",
            "created_at",
            "updated_at",
            "status",
            "level",
            "priority",
            "crisis",
            "language",
            "source",
            "respondent",
            "rules_version",
            "routing_state",
        ]
        read_only_fields = fields


class NextActionSerializer(serializers.ModelSerializer):
    """A lead's open next action: what, and by when (not who, nor a snooze's free text)."""

    snoozed = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = ["kind", "due_at", "attempt", "snoozed"]
        read_only_fields = fields

    def get_snoozed(self, follow_up: FollowUp) -> bool:
        return bool(follow_up.snooze_reason)


class NextActionSetSerializer(serializers.Serializer):
    """Set the lead's next action (it replaces the open one)."""

    kind = serializers.ChoiceField(choices=[(kind.value, kind.label) for kind in CHOSEN_KINDS])
    due_at = serializers.DateTimeField(help_text=_("When it is due, from now on (ISO 8601)."))


class NextActionOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    next_action = NextActionSerializer(allow_null=True)


class SlotSerializer(serializers.ModelSerializer):
    """A free assessment slot: when and how, nothing about who keeps it."""

    class Meta:
        model = AssessmentSlot
        fields = ["id", "starts_at", "ends_at", "mode"]
        read_only_fields = fields


class LeadDetailSerializer(serializers.ModelSerializer):
    """One lead, as far as the consent that permits its disclosure goes."""

    next_action = NextActionSerializer(allow_null=True, help_text=_("The open next action."))
    answers = serializers.JSONField(allow_null=True)
    assessment = serializers.JSONField(allow_null=True)
    information = serializers.CharField(help_text=_("What the consent lets out."))
    notice = serializers.CharField(help_text=_("The notice against redisclosure (42 CFR 2.32)."))

    class Meta:
        model = Lead
        fields = [
            *LeadSummarySerializer.Meta.fields,
            "first_name",
            "last_name",
            "phone",
            "email",
            "contact_method",
            "contact_time",
            "relationship",
            "age",
            "answers",
            "assessment",
            "close_reason",
            "next_action",
            "information",
            "notice",
        ]
        read_only_fields = fields


class LeadPageSerializer(serializers.Serializer):
    results = LeadSummarySerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)
    previous_cursor = serializers.CharField(allow_null=True)


class LeadQuerySerializer(serializers.Serializer):
    """The queue's filters, as query parameters."""

    status = serializers.ChoiceField(
        choices=STATUS_FILTERS,
        required=False,
        help_text=_('"open" for %s.') % ", ".join(OPEN_STATUSES),
    )
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    created_from = serializers.DateField(required=False)
    created_to = serializers.DateField(required=False)
    cursor = serializers.CharField(required=False, help_text=_("From the previous page."))


class ConsentInSerializer(serializers.Serializer):
    """A Part 2 consent signed elsewhere, as ``import_leads`` takes it."""

    scope = serializers.ChoiceField(choices=["tpo", "recipient"])
    recipient = serializers.CharField(required=False)
    purpose = serializers.CharField(required=False)
    expires = serializers.DateField()
    signed_by = serializers.CharField()
    information = serializers.ChoiceField(
        choices=["screening", "contact_and_level"], required=False
    )


class LeadCreateSerializer(serializers.Serializer):
    """A screening from another intake channel; checked exactly as the wizard checks it."""

    answers = serializers.JSONField(help_text=_("The answers object of the screening rules."))
    contact = serializers.JSONField(
        help_text=_("first_name, last_name, phone, email, contact_method, contact_time, message.")
    )
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    consent_version = serializers.CharField(
        help_text=_("Which contact consent the person agreed to.")
    )
    consent_to_texts = serializers.BooleanField(required=False)
    heard_about = serializers.CharField(required=False)
    consent = ConsentInSerializer(required=False)


class LeadCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    assessment = serializers.JSONField(help_text=_("Show a crisis result's help at once."))


class LeadUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    close_reason = serializers.CharField(required=False)


class LeadStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Status.choices)


class ProgramSerializer(serializers.ModelSerializer):
    accepting_new_patients = serializers.BooleanField(
        read_only=True,
        help_text=_("Taking new patients now: by its open places, or as a supervisor set it."),
    )
    availability = serializers.ChoiceField(
        choices=Availability.choices,
        read_only=True,
        help_text=_("What people are told: taking new patients, full (waiting list) or closed."),
    )

    class Meta:
        model = Program
        fields = [
            "id",
            "slug",
            "name",
            "name_es",
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
            "accepting_new_patients",
            "availability",
            "open_places",
            "description_en",
            "description_es",
        ]
        read_only_fields = fields
