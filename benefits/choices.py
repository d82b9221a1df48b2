"""Every coded value of the benefits app, declared once with its words.

Models, forms, validation and the pages derive their choices from here. Nothing in this module
touches the database: the validation module uses it too.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class PaymentType(models.TextChoices):
    COMMERCIAL = "commercial", _("Commercial insurance")
    MEDICAID = "medicaid", _("Medicaid")
    MEDICARE = "medicare", _("Medicare")
    MILITARY = "military", _("Military (TRICARE or VA)")
    SELF_PAY = "self_pay", _("Self-pay")
    UNINSURED = "uninsured", _("Uninsured")
    UNKNOWN = "unknown", _("Don't know")


# Payment types with no insurance behind them: nothing to verify with a payer.
WITHOUT_INSURANCE = (PaymentType.SELF_PAY, PaymentType.UNINSURED)


class Subscriber(models.TextChoices):
    """Whose name the insurance is in."""

    SELF = "self", _("The person themselves")
    OTHER = "other", _("Someone else (a parent, a partner…)")


class Relationship(models.TextChoices):
    """The person's relationship to the subscriber, when the insurance is someone else's."""

    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    OTHER = "other", _("Other adult")


# The X12 individual relationship codes (INS02 of a 270's dependent loop, and the JSON APIs'
# individualRelationshipCode): 01 spouse, 19 child, 34 other adult.
RELATIONSHIP_CODES = {Relationship.SPOUSE: "01", Relationship.CHILD: "19", Relationship.OTHER: "34"}


class Network(models.TextChoices):
    """Whether the centre is in a payer's network, as the centre keeps it in the admin."""

    IN = "in", _("In network")
    OUT = "out", _("Out of network")


# The outcomes' words, as message ids: the lead's timeline stores them (see TIMELINE_WORDS).
_OUTCOME_WORDS = {
    "pending": gettext_noop("Not yet verified"),
    "verified": gettext_noop("Verified"),
    "self_pay": gettext_noop("Needs a self-pay conversation"),
    "authorisation": gettext_noop("Needs authorisation"),
}


class Verification(models.TextChoices):
    """Where the benefits work on a lead stands. None of these is needed to admit anyone."""

    PENDING = "pending", _(_OUTCOME_WORDS["pending"])
    VERIFIED = "verified", _(_OUTCOME_WORDS["verified"])
    SELF_PAY = "self_pay", _(_OUTCOME_WORDS["self_pay"])
    AUTHORISATION = "authorisation", _(_OUTCOME_WORDS["authorisation"])


class BackEnd(models.TextChoices):
    """How a benefits check reaches the payer (``DOORWAY_ELIGIBILITY_BACKEND``)."""

    MANUAL = "manual", _("Phone call to the payer")
    X12 = "x12", _("Clearinghouse, X12 270/271")
    JSON = "json", _("Clearinghouse, JSON")


class CheckState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    RETRYING = "retrying", _("Trying again")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Rejected by the payer")
    FAILED = "failed", _("Failed")


# A check in one of these is still on its way: the task may (still) send it.
UNFINISHED_STATES = (CheckState.QUEUED, CheckState.SENDING, CheckState.RETRYING)


class Failure(models.TextChoices):
    """Why an electronic check ended without an answer; the label is what staff read."""

    TIMEOUT = "timeout", _("The clearinghouse did not answer in time, even after several tries.")
    UNREACHABLE = "unreachable", _("Doorway could not connect to the clearinghouse.")
    SERVER_ERROR = "server_error", _("The clearinghouse had a problem of its own.")
    REFUSED = "refused", _("The clearinghouse refused the request.")
    UNREADABLE = "unreadable", _("The answer could not be read as an eligibility response.")
    TOO_LARGE = "too_large", _("The answer was too large to read.")
    MISMATCH = "mismatch", _("The answer was about another inquiry, so it was not used.")


# What staff can do next after each failure.
FAILURE_ADVICE = {
    Failure.TIMEOUT: _("Try again in a few minutes, or call the payer and record a phone check."),
    Failure.UNREACHABLE: _(
        "Try again in a few minutes. If it keeps happening, ask your administrator to check "
        "the clearinghouse address; meanwhile, call the payer and record a phone check."
    ),
    Failure.SERVER_ERROR: _(
        "Try again later, or call the payer and record a phone check. The raw answer is kept "
        "below for support."
    ),
    Failure.REFUSED: _(
        "Ask your administrator to check the clearinghouse settings (address, key and IDs). "
        "Meanwhile, call the payer and record a phone check."
    ),
    Failure.UNREADABLE: _(
        "Call the payer and record a phone check. The raw answer is kept below so support can "
        "see what came back."
    ),
    Failure.TOO_LARGE: _(
        "Call the payer and record a phone check. The first part of the answer is kept below "
        "for support."
    ),
    Failure.MISMATCH: _(
        "Run the check again. If it happens twice, tell support: the clearinghouse mixed up "
        "two inquiries."
    ),
}


# What a check's entry on the lead's timeline says. Kept as message ids (gettext_noop) because
# the timeline stores them and translates them when it is shown.
TIMELINE_WORDS = {
    "active": gettext_noop("Coverage active"),
    "inactive": gettext_noop("Coverage not active"),
    "answered": gettext_noop("Answered, coverage not stated"),
    "rejected": gettext_noop("Rejected by the payer"),
    "failed": gettext_noop("The check failed"),
    **_OUTCOME_WORDS,
}
