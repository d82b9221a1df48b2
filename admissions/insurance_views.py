"""Staff pages for insurance card photos. Every photo shown is written to the audit log."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.decorators import requires
from accounts.permissions import Perm
from admissions import selectors
from admissions.access import is_supervisor
from admissions.audit import client_ip
from admissions.insurance import EXTENSIONS, insurance_card_read, insurance_cards_of
from admissions.models import InsuranceCard, Lead


def _visible_lead(request: HttpRequest, lead_id: int) -> Lead:
    try:
        return selectors.lead_detail(user=request.user, lead_id=lead_id)
    except Lead.DoesNotExist:
        raise Http404 from None


@never_cache
@require_GET
@requires(Perm.VIEW_INSURANCE_CARDS)
def lead_insurance_cards(request: HttpRequest, lead_id: int) -> HttpResponse:
    """The lead's card photos, front then back."""
    lead = _visible_lead(request, lead_id)
    context = {
        "lead": lead,
        "cards": insurance_cards_of(lead),
        "is_supervisor": is_supervisor(request.user),
    }
    return render(request, "admissions/insurance_cards.html", context)


@never_cache
@require_GET
@requires(Perm.VIEW_INSURANCE_CARDS)
def insurance_card_image(request: HttpRequest, lead_id: int, name: str) -> HttpResponse:
    """One photo's bytes, never cached, never offered to another site."""
    lead = _visible_lead(request, lead_id)
    try:
        card = insurance_card_read(lead=lead, name=name, user=request.user, ip=client_ip(request))
    except InsuranceCard.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(bytes(card.image), content_type=card.content_type)
    extension = EXTENSIONS[card.content_type]
    response["Content-Disposition"] = (
        f'inline; filename="lead-{lead.pk}-insurance-{card.side}.{extension}"'
    )
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
