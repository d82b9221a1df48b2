"""Leads and everything that happens to them: routing, the staff timeline and the audit log."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from programs.models import Level


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


# The queue sorts on this number: urgent first.
PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2}


class Respondent(models.TextChoices):
    SELF = "self", _("Themselves")
    LOVED_ONE = "loved_one", _("A loved one")


class Language(models.TextChoices):
    EN = "en", _("English")
    ES = "es", _("Spanish")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")


class ContactTime(models.TextChoices):
    ANYTIME = "anytime", _("Any time")
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


class Source(models.TextChoices):
    WEB = "web", _("Web screening")
    PHONE = "phone", _("Phone call")
    IMPORT = "import", _("Import")
    API = "api", _("Another system (API)")


class HeardAbout(models.TextChoices):
    UNKNOWN = "", _("Not said")
    SEARCH = "search", _("Search engine")
    DOCTOR = "doctor", _("Doctor or therapist")
    FAMILY_FRIEND = "family_friend", _("Family or friend")
    INSURANCE = "insurance", _("Insurance")
    SOCIAL = "social", _("Social media")
    COURT = "court", _("Court or employer")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    ASSESSMENT_SCHEDULED = "assessment_scheduled", _("Assessment scheduled")
    ADMITTED = "admitted", _("Admitted")
    REFERRED_OUT = "referred_out", _("Referred out")
    NOT_ADMITTED = "not_admitted", _("Not admitted")
    CLOSED = "closed", _("Closed")


# A lead in one of these still waits for, or is in, admissions work: the queue's default view
# and a counsellor's load count these.
OPEN_STATUSES = (Status.NEW, Status.CONTACTED, Status.ASSESSMENT_SCHEDULED)


class RoutingState(models.TextChoices):
    PENDING = "pending", _("Waiting to be routed")
    ROUTED = "routed", _("Routed")
    FAILED = "failed", _("Routing failed")


class Lead(models.Model):
    """A person who asked for help (or was screened by someone who cares about them)."""

    # Contact: whom to call, how and when.
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # The phone's digits alone, set with the phone: the queue finds a lead by its digits typed
    # in any format (``admissions.search``), through a trigram index.
    phone_digits = models.CharField(max_length=32, blank=True, default="", editable=False)
    email = models.EmailField(_("email"), blank=True)
    contact_method = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    contact_time = models.CharField(
        max_length=10, choices=ContactTime.choices, default=ContactTime.ANYTIME
    )
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    message = models.TextField(_("message"), blank=True)
    heard_about = models.CharField(
        max_length=20, choices=HeardAbout.choices, default=HeardAbout.UNKNOWN, blank=True
    )

    # Who filled the screening in, and what it found.
    respondent = models.CharField(max_length=10, choices=Respondent.choices)
    relationship = models.CharField(max_length=10, blank=True)
    age = models.PositiveSmallIntegerField()
    answers = models.JSONField()
    assessment = models.JSONField()
    rules_version = models.CharField(max_length=20)
    level = models.CharField(max_length=12, choices=Level.choices)
    priority = models.CharField(max_length=6, choices=Priority.choices)
    priority_rank = models.PositiveSmallIntegerField()
    crisis = models.BooleanField(default=False)

    # Consent, as shown and agreed to.
    consent_version = models.CharField(max_length=20)
    consent_at = models.DateTimeField()
    consent_to_texts = models.BooleanField(default=False)

    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    # Where the person came from, first-party only (``admissions.attribution`` cleans them):
    # the campaign tags of the link they followed and the host of the site before Doorway.
    utm_source = models.CharField(max_length=60, blank=True, default="")
    utm_medium = models.CharField(max_length=60, blank=True, default="")
    utm_campaign = models.CharField(max_length=60, blank=True, default="")
    referrer_host = models.CharField(max_length=100, blank=True, default="")
    # One per submission, under a unique constraint: the same screening sent twice (a double
    # click, a retry after an error, an import run again) finds its lead instead of making a
    # second one. Empty for leads staff enter by hand.
    submission_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Sent while its address was over the intake limit: kept anyway, because it showed crisis
    # or urgent need (nobody is turned away by a limit); staff may want to look twice.
    over_rate_limit = models.BooleanField(default=False)

    # The admissions pipeline.
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.NEW)
    close_reason = models.CharField(max_length=200, blank=True)
    # Where the lead went: the program it was admitted to, or the outside provider it was
    # referred to (set with the move to "admitted" or "referred out"; kept afterwards).
    admitted_program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admitted_leads",
        verbose_name=_("admitted to"),
    )
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True, default="")

    # Routing.
    routing_state = models.CharField(
        max_length=10, choices=RoutingState.choices, default=RoutingState.PENDING
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_leads",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    routed_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # When a delivery of the routing task started sending the counsellor's notice; another
    # delivery leaves it alone while it is recent (see ``lead_notify_once``).
    notice_claimed_at = models.DateTimeField(null=True, blank=True)
    # Open leads with the same phone digits or email when this one was created: perhaps the
    # same person twice (both pages say so; a supervisor decides).
    possible_duplicates = models.ManyToManyField("self", symmetrical=True, blank=True)
    # Set when a supervisor merged this lead into another (``admissions.merge``): this one is
    # closed and its history is on that one.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_leads"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~models.Q(submission_key=""),
                name="lead_submission_key_unique",
            )
        ]
        indexes = [
            # The queue: priority first, oldest first, usually narrowed by status.
            models.Index(fields=["priority_rank", "created_at"], name="lead_queue_idx"),
            # The default view (open leads) without walking past years of closed ones.
            models.Index(
                fields=["priority_rank", "created_at", "id"],
                name="lead_open_queue_idx",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
            models.Index(
                fields=["status", "priority_rank", "created_at"], name="lead_status_queue_idx"
            ),
            models.Index(
                fields=["assigned_to", "priority_rank", "created_at"], name="lead_assignee_idx"
            ),
            # Each counsellor's open leads, counted by routing for every new lead: from this
            # index alone, without visiting the closed leads of every year before.
            models.Index(
                fields=["assigned_to"],
                name="lead_open_assignee_idx",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
            # The daily reporting figures read one day of leads at a time.
            models.Index(fields=["created_at"], name="lead_created_idx"),
            # Leads of one status and level or priority. The dashboard no longer reads it: its
            # counts are kept in ``LeadCount`` and its overdue count reads
            # ``lead_awaiting_contact_idx``. Check what else filters this way before dropping it.
            models.Index(
                fields=["status", "level", "priority", "source"], name="lead_dashboard_counts_idx"
            ),
            # The sweeper and the escalation job look for these.
            models.Index(fields=["routing_state", "created_at"], name="lead_routing_idx"),
            # The dashboard's time to first contact this week (only contacted leads have one).
            models.Index(
                fields=["first_contact_at"],
                name="lead_first_contact_idx",
                condition=models.Q(first_contact_at__isnull=False),
            ),
            # The dashboard's overdue count: new leads nobody has reached yet, read from the
            # index alone (``selectors.overdue_q``).
            models.Index(
                fields=["priority", "created_at"],
                name="lead_awaiting_contact_idx",
                condition=models.Q(status=Status.NEW, first_contact_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Lead {self.pk}"


class LeadEvent(models.Model):
    """One entry of a lead's timeline: what happened, who did it, when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Lead created")
        ROUTED = "routed", _("Routed")
        ROUTING_FAILED = "routing_failed", _("Routing failed")
        CLAIMED = "claimed", _("Claimed")
        REASSIGNED = "reassigned", _("Reassigned")
        CONTACT_ATTEMPT = "contact_attempt", _("Contact attempt")
        NOTE = "note", _("Note")
        STATUS_CHANGED = "status_changed", _("Status changed")
        ESCALATED = "escalated", _("Escalated to supervisors")
        NOTIFIED = "notified", _("Counsellor notified")
        # Recorded by the benefits app, through services.lead_event_record.
        BENEFITS_CHECKED = "benefits_checked", _("Benefits checked")
        BENEFITS_OUTCOME = "benefits_outcome", _("Benefits outcome")
        FOLLOW_UP_SET = "follow_up_set", _("Next action set")
        FOLLOW_UP_SNOOZED = "follow_up_snoozed", _("Next action snoozed")
        DECISION_NEEDED = "decision_needed", _("Supervisor decision needed")
        APPOINTMENT_BOOKED = "appointment_booked", _("Assessment booked")
        APPOINTMENT_CHANGED = "appointment_changed", _("Assessment booking changed")
        LEVEL_CONFIRMED = "level_confirmed", _("Level of care confirmed by a clinician")
        CONTACT_CORRECTED = "contact_corrected", _("Contact details corrected")
        MERGED = "merged", _("Another lead merged into this one")
        MERGED_INTO = "merged_into", _("Merged into another lead")
        WAITING_LIST_ADDED = "waiting_added", _("Added to a waiting list")
        WAITING_LIST_ENDED = "waiting_ended", _("Off a waiting list")

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    # Structured, non-identifying details (channel, outcome, from/to status, assignee id; for an
    # event recorded by another app, "summary": an English message id shown translated).
    data = models.JSONField(default=dict, blank=True)
    # Free text written by staff (notes); shown only behind login.
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["lead", "created_at"], name="leadevent_lead_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for lead {self.lead_id}"


class LeadCount(models.Model):
    """A change in the number of leads of one status, level, priority and source.

    Written by database triggers on the lead table (migration 0023, PostgreSQL only), never by
    Django: every insert, delete and change of one of the four columns adds its rows here in the
    same transaction, whichever code made it. The dashboard sums these few rows instead of
    counting a million leads; ``admissions.lead_counts.fold`` merges them now and then.
    """

    status = models.CharField(max_length=24)
    level = models.CharField(max_length=12)
    priority = models.CharField(max_length=6)
    source = models.CharField(max_length=10)
    # Positive for leads that took these values, negative for leads that left them.
    leads = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.leads:+d} {self.status}/{self.level}/{self.priority}/{self.source}"


class CounsellorProfile(models.Model):
    """What routing needs to know about an admissions counsellor."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counsellor"
    )
    # Language codes the counsellor speaks, e.g. ["en", "es"].
    languages = models.JSONField(default=list)
    on_call = models.BooleanField(default=False)
    accepts_adolescents = models.BooleanField(default=False)
    capacity = models.PositiveSmallIntegerField(default=25)
    active = models.BooleanField(default=True)
    last_assigned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Counsellor {self.user.get_username()}"


class AuditEntry(models.Model):
    """Append-only record of who looked at or changed what. Nothing edits or deletes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, null=True, blank=True)
    action = models.CharField(max_length=40)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # Non-identifying details (filters used for an export, fields changed).
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["lead", "created_at"], name="audit_lead_idx")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.action} by {self.user_id} at {self.created_at:%Y-%m-%d %H:%M}"


def _random_card_name() -> str:
    return secrets.token_hex(16)


class InsuranceCard(models.Model):
    """A photo of one side of a person's insurance card, added after their result.

    Only the re-encoded image is kept (no metadata, never the uploaded file's name), in the
    database so that every app server can read it and nothing lands in static or media files.
    """

    class Side(models.TextChoices):
        # With a context: the plain "Back" is the screening's button ("Atrás", not "Reverso").
        FRONT = "front", pgettext_lazy("side of an insurance card", "Front")
        BACK = "back", pgettext_lazy("side of an insurance card", "Back")

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="insurance_cards")
    side = models.CharField(max_length=5, choices=Side.choices)
    # Random and unguessable: the staff page addresses the photo by it.
    name = models.CharField(max_length=32, unique=True, default=_random_card_name, editable=False)
    content_type = models.CharField(max_length=20)
    image = models.BinaryField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lead", "side"], name="insurance_card_one_per_side")
        ]

    def __str__(self) -> str:
        return f"Insurance card ({self.side}) for lead {self.lead_id}"


class Heartbeat(models.Model):
    """When a background job last ran, for the status page: the worker, the sweeper.

    One row per job, overwritten each time; it holds nothing about anybody.
    """

    job = models.CharField(max_length=20, unique=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.job} at {self.at:%Y-%m-%d %H:%M:%S}"


# Part 2 consents and disclosures live in their own module; importing them here registers them.
from admissions.booking_models import AssessmentSlot, Booking  # noqa: E402, F401
from admissions.confirmation_models import LevelConfirmation  # noqa: E402, F401
from admissions.consent_models import Consent, Disclosure  # noqa: E402, F401
from admissions.correction_models import ContactCorrection  # noqa: E402, F401
from admissions.followup_models import FollowUp  # noqa: E402, F401
from admissions.waiting_models import WaitingListEntry  # noqa: E402, F401
