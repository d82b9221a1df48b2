"""Pages: the person's consent after their result; staff consents, disclosures and webhooks.

Thin: forms check, ``admissions.consents`` / ``admissions.disclosures`` and the webhook services
write, selectors read. Staff pages are gated by the permission table (``accounts.permissions``)
and show only leads the member of staff may open.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import requires
from accounts.permissions import Perm, allows
from admissions import selectors
from admissions.audit import client_ip, record_audit
from admissions.consent_models import ConsentGivenBy, DisclosureChannel
from admissions.consents import (
    FORM_VERSION,
    consent_record,
    consent_revoke,
    lead_consents,
    permitting_consent,
)
from admissions.disclosures import (
    REDISCLOSURE_NOTICE,
    DisclosureRefused,
    disclosure_permit,
    disclosure_record,
    lead_disclosures,
)
from admissions.models import Lead
from handoff.fhir.push import enqueue_push, push_enabled
from handoff.forms import OwnConsentForm, ReferralForm, SignedConsentForm
from handoff.models import DeliveryStatus, WebhookDelivery
from handoff.webhooks.services import delivery_replay

# The intake keeps the person's own result, with the id of the lead they sent, under this key.
RESULT_SESSION_KEY = "intake_result"
# A consent form that did not pass, kept for the result page to show again (once).
FORM_SESSION_KEY = "handoff_own_consent"
WEBHOOK_PAGE = 100
VIEW_CONSENTS = "view_consents"


# --- The person, after their result -----------------------------------------------------------


def own_lead_id(request: HttpRequest) -> int | None:
    """The lead this browser just sent, as the intake recorded it; never from the URL."""
    lead_id = (request.session.get(RESULT_SESSION_KEY) or {}).get("lead_id")
    return lead_id if isinstance(lead_id, int) else None


def own_consent_state(request: HttpRequest) -> dict:
    """What the result page shows: nothing, a note for a loved one, the form, or thanks."""
    lead_id = own_lead_id(request)
    lead = Lead.objects.filter(pk=lead_id).only("pk", "respondent").first() if lead_id else None
    if lead is None:
        return {"state": "none"}
    if lead.respondent != "self":
        return {"state": "loved_one"}
    if permitting_consent(lead_id=lead.pk, recipient="") is not None:
        return {"state": "given"}
    kept = request.session.pop(FORM_SESSION_KEY, None)
    form = OwnConsentForm(kept) if kept else OwnConsentForm()
    if kept:
        form.is_valid()
    return {"state": "form", "form": form}


@never_cache
@require_POST
def own_consent(request: HttpRequest) -> HttpResponse:
    """The person signs the short Part 2 consent with their typed name."""
    state = own_consent_state(request)
    if state["state"] != "form":
        return redirect("intake:result")
    form = OwnConsentForm(request.POST)
    if not form.is_valid() or form.terms is None:
        request.session[FORM_SESSION_KEY] = {
            key: request.POST.get(key, "") for key in ("agree", "duration", "signed_by")
        }
        return redirect("intake:result")
    lead_id = own_lead_id(request)
    consent_record(
        lead_id=lead_id,
        terms=form.terms,
        given_by=ConsentGivenBy.ONLINE,
        form_version=FORM_VERSION,
    )
    enqueue_push(lead_id)
    messages.success(
        request, _("Thank you. Your consent is recorded; you can withdraw it any time.")
    )
    return redirect("intake:result")


# --- Staff: one lead's consents and disclosures -----------------------------------------------


def _lead(request: HttpRequest, lead_id: int) -> Lead:
    try:
        return selectors.lead_detail(user=request.user, lead_id=lead_id)
    except Lead.DoesNotExist:
        raise Http404 from None


def _render_consents(request, lead: Lead, *, consent_form=None, referral_form=None, status=200):
    context = {
        "lead": lead,
        "consents": list(lead_consents(lead_id=lead.pk)),
        "disclosures": list(lead_disclosures(lead_id=lead.pk)),
        "consent_form": consent_form or SignedConsentForm(),
        "referral_form": referral_form or ReferralForm(),
        "can_push": push_enabled() and allows(request.user, Perm.SEND_TO_EHR),
        "notice": REDISCLOSURE_NOTICE,
    }
    return render(request, "handoff/lead_consents.html", context, status=status)


@never_cache
@require_GET
@requires(Perm.VIEW_CONSENTS)
def lead_consents_page(request: HttpRequest, lead_id: int) -> HttpResponse:
    """The person's consents, and the list of every disclosure of their record."""
    lead = _lead(request, lead_id)
    record_audit(user=request.user, action=VIEW_CONSENTS, lead=lead, ip=client_ip(request))
    return _render_consents(request, lead)


@never_cache
@require_POST
@requires(Perm.RECORD_CONSENTS)
def consent_add(request: HttpRequest, lead_id: int) -> HttpResponse:
    """Staff record a consent the person signed on paper."""
    lead = _lead(request, lead_id)
    form = SignedConsentForm(request.POST)
    if not form.is_valid() or form.terms is None:
        return _render_consents(request, lead, consent_form=form, status=400)
    consent_record(
        lead_id=lead.pk,
        terms=form.terms,
        given_by=ConsentGivenBy.SIGNED_FORM,
        recorded_by=request.user,
        ip=client_ip(request),
    )
    if form.terms.scope == "tpo":
        enqueue_push(lead.pk)
    messages.success(request, _("Consent recorded."))
    return redirect("handoff:lead_consents", lead_id=lead.pk)


@never_cache
@require_POST
@requires(Perm.RECORD_CONSENTS)
def consent_withdraw(request: HttpRequest, lead_id: int, consent_id: int) -> HttpResponse:
    """The person withdrew a consent: nothing more goes out under it."""
    lead = _lead(request, lead_id)
    if not lead.consents.filter(pk=consent_id).exists():
        raise Http404
    consent_revoke(consent_id=consent_id, user=request.user, ip=client_ip(request))
    messages.success(request, _("Consent revoked. Nothing more goes out under it."))
    return redirect("handoff:lead_consents", lead_id=lead.pk)


@never_cache
@require_POST
@requires(Perm.RECORD_CONSENTS)
def referral(request: HttpRequest, lead_id: int) -> HttpResponse:
    """A referral to a named provider: only with a consent naming them; logged with the notice."""
    lead = _lead(request, lead_id)
    form = ReferralForm(request.POST)
    if not form.is_valid():
        return _render_consents(request, lead, referral_form=form, status=400)
    recipient = form.cleaned_data["recipient"]
    try:
        consent = disclosure_permit(
            lead_id=lead.pk,
            recipient=recipient,
            channel=DisclosureChannel.REFERRAL,
            user=request.user,
        )
    except DisclosureRefused as refused:
        form.add_error("recipient", refused.message)
        return _render_consents(request, lead, referral_form=form, status=400)
    disclosure_record(
        consent=consent,
        channel=DisclosureChannel.REFERRAL,
        recipient=recipient,
        user=request.user,
    )
    messages.success(
        request, _("Referral recorded. Send the notice below with the record, word for word.")
    )
    return redirect("handoff:lead_consents", lead_id=lead.pk)


@never_cache
@require_POST
@requires(Perm.SEND_TO_EHR)
def fhir_push(request: HttpRequest, lead_id: int) -> HttpResponse:
    """Send the lead to the centre's EHR now (the consent is checked when it goes)."""
    lead = _lead(request, lead_id)
    enqueue_push(lead.pk)
    messages.success(request, _("The record will be sent to the EHR if a consent permits it."))
    return redirect("handoff:lead_consents", lead_id=lead.pk)


# --- Staff: webhook deliveries ----------------------------------------------------------------


@never_cache
@require_GET
@requires(Perm.VIEW_WEBHOOKS)
def webhook_log(request: HttpRequest) -> HttpResponse:
    """Every webhook delivery, newest first, with each attempt's status code."""
    status = request.GET.get("status", "")
    deliveries = WebhookDelivery.objects.select_related("subscription").prefetch_related("tries")
    if status in DeliveryStatus.values:
        deliveries = deliveries.filter(status=status)
    context = {
        "deliveries": list(deliveries[:WEBHOOK_PAGE]),
        "statuses": DeliveryStatus.choices,
        "status": status,
    }
    return render(request, "handoff/webhook_log.html", context)


@never_cache
@require_POST
@requires(Perm.VIEW_WEBHOOKS)
def webhook_replay(request: HttpRequest, delivery_id: int) -> HttpResponse:
    """Send one delivery again now, with the same message id."""
    if not WebhookDelivery.objects.filter(pk=delivery_id).exists():
        raise Http404
    delivery_replay(delivery_id=delivery_id, user=request.user, ip=client_ip(request))
    messages.success(request, _("Sent again."))
    return redirect("handoff:webhook_log")
