"""Reads of the benefits app: a lead's coverage and checks, and the benefits queue."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from admissions.insurance import insurance_cards_of
from admissions.models import OPEN_STATUSES, InsuranceCard, Lead
from benefits import services
from benefits.access import Permission, allowed
from benefits.choices import WITHOUT_INSURANCE, Verification
from benefits.models import BenefitsCheck, Coverage
from benefits.presenters import CheckView, present

CHECKS_SHOWN = 20


@dataclass
class CoveragePanel:
    """Everything the coverage part of a lead page shows, and what this user may do there."""

    lead: Lead
    coverage: Coverage | None
    card_sides: list[str]
    latest: CheckView | None
    can_edit: bool
    can_check: bool
    can_set_outcome: bool
    electronic: bool
    check_problems: list[str] = field(default_factory=list)


def coverage_of(lead: Lead) -> Coverage | None:
    return Coverage.objects.select_related("payer", "verified_by").filter(lead=lead).first()


def lead_checks(*, lead: Lead, limit: int = CHECKS_SHOWN) -> list[CheckView]:
    """The lead's latest checks, newest first, in words."""
    checks = BenefitsCheck.objects.filter(lead=lead).select_related("requested_by")
    return [present(check) for check in checks[:limit]]


def coverage_panel(*, lead: Lead, user) -> CoveragePanel:
    """The coverage panel of ``lead`` as ``user`` sees it (four queries)."""
    coverage = coverage_of(lead)
    latest = BenefitsCheck.objects.filter(lead=lead).select_related("requested_by").first()
    can_check = allowed(user, Permission.RUN_CHECK, lead)
    electronic = services.electronic_checks()
    return CoveragePanel(
        lead=lead,
        coverage=coverage,
        card_sides=[card.side for card in insurance_cards_of(lead)],
        latest=present(latest) if latest else None,
        can_edit=allowed(user, Permission.EDIT_COVERAGE, lead),
        can_check=can_check,
        can_set_outcome=allowed(user, Permission.SET_OUTCOME, lead),
        electronic=electronic,
        check_problems=services.check_problems(lead) if can_check and electronic else [],
    )


def check_of(*, lead: Lead, check_id: int) -> BenefitsCheck:
    """One of the lead's checks (``BenefitsCheck.DoesNotExist`` otherwise)."""
    return BenefitsCheck.objects.select_related("requested_by").get(lead=lead, pk=check_id)


# --- The benefits queue ------------------------------------------------------------------------

QUEUE_VIEWS = (
    "to_verify",
    Verification.SELF_PAY,
    Verification.AUTHORISATION,
    Verification.VERIFIED,
)


def benefits_queue(*, view: str = "to_verify") -> QuerySet[Lead]:
    """Open leads for the benefits team, most urgent first, then the longest waiting.

    ``to_verify``: coverage not yet verified (an insured or unknown payment type, or card photos
    sent without any coverage details); the other views list one outcome each.
    """
    leads = Lead.objects.filter(status__in=OPEN_STATUSES)
    if view == "to_verify":
        cards = InsuranceCard.objects.filter(lead=OuterRef("pk"))
        leads = leads.filter(
            Q(coverage__verification=Verification.PENDING)
            & ~Q(coverage__payment_type__in=WITHOUT_INSURANCE)
            | Q(coverage__isnull=True) & Exists(cards)
        )
    else:
        leads = leads.filter(coverage__verification=view)
    latest = BenefitsCheck.objects.filter(lead=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        leads.select_related("coverage", "coverage__payer", "assigned_to")
        .defer("answers", "assessment", "message")
        .annotate(
            last_check_state=Subquery(latest.values("state")[:1]),
            last_check_at=Subquery(latest.values("created_at")[:1]),
        )
        .order_by("priority_rank", "created_at", "pk")
    )
