"""Staff pages of the benefits app: the queue, a lead's coverage and checks, and their actions.

Thin: ``access.needs`` lets the user in (and hands over the lead), selectors read, services
write. Every page that shows coverage or an answer is written to the audit log.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from admissions.access import is_supervisor
from admissions.audit import client_ip, record_audit
from admissions.insurance import insurance_cards_of
from admissions.models import Lead
from admissions.selectors import BadCursor, queue_page
from benefits import selectors, services
from benefits.access import Permission, needs
from benefits.audit import Action
from benefits.choices import CheckState, Verification
from benefits.forms import CoverageForm, OutcomeForm, PhoneCheckForm
from benefits.models import BenefitsCheck
from benefits.presenters import present
from benefits.validation import CoverageInvalid


def _back(request: HttpRequest, lead: Lead) -> HttpResponseRedirect:
    """Back to the page the action came from (the lead page or the benefits page)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("benefits:lead", args=[lead.pk])
    return HttpResponseRedirect(target)


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else ""


def _form_page(request: HttpRequest, template: str, lead: Lead, form, **context) -> HttpResponse:
    """A form about a lead; shown again after a refused post, it answers 400."""
    response = render(
        request,
        template,
        {
            "lead": lead,
            "form": form,
            "next": request.POST.get("next") or _next(request),
            "is_supervisor": is_supervisor(request.user),
            **context,
        },
    )
    if form.is_bound:
        response.status_code = 400
    return response


@never_cache
@require_GET
@needs(Permission.VIEW_QUEUE)
def queue(request: HttpRequest) -> HttpResponse:
    """Leads whose coverage waits for verification, most urgent and longest waiting first."""
    view = request.GET.get("view", "to_verify")
    if view not in selectors.QUEUE_VIEWS:
        view = "to_verify"
    leads = selectors.benefits_queue(view=view)
    try:
        page = queue_page(leads, cursor=request.GET.get("cursor", ""))
    except BadCursor:
        page = queue_page(leads)
    states = dict(CheckState.choices)
    for lead in page.leads:
        lead.last_check_label = states.get(lead.last_check_state, "")
    views = [("to_verify", _("To verify"))] + [
        (value, label) for value, label in Verification.choices if value != Verification.PENDING
    ]
    return render(
        request,
        "benefits/queue.html",
        {"page": page, "view": view, "views": views, "is_supervisor": is_supervisor(request.user)},
    )


@never_cache
@require_GET
@needs(Permission.VIEW_COVERAGE)
def lead_benefits(request: HttpRequest, lead: Lead) -> HttpResponse:
    """A lead's coverage, every check and the outcome: the benefits team's page for a lead."""
    record_audit(user=request.user, action=Action.VIEW_COVERAGE, lead=lead, ip=client_ip(request))
    panel = selectors.coverage_panel(lead=lead, user=request.user)
    outcome = panel.coverage.verification if panel.coverage else Verification.PENDING
    return render(
        request,
        "benefits/lead.html",
        {
            "lead": lead,
            "panel": panel,
            "checks": selectors.lead_checks(lead=lead),
            "outcome_form": OutcomeForm(initial={"outcome": outcome}),
            "is_supervisor": is_supervisor(request.user),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@needs(Permission.EDIT_COVERAGE)
def coverage_edit(request: HttpRequest, lead: Lead) -> HttpResponse:
    """Add or correct the lead's coverage; a refused form keeps everything typed."""
    coverage = selectors.coverage_of(lead)
    payers = services.payer_choices(keep=coverage.payer_id if coverage else None)
    today = timezone.localdate()
    if request.method == "POST":
        form = CoverageForm(request.POST, payers=payers, today=today)
        if form.is_valid():
            try:
                services.coverage_save(
                    lead=lead, data=form.coverage_data(), by=request.user, ip=client_ip(request)
                )
            except CoverageInvalid as invalid:
                form.add_problems(invalid.problems)
            else:
                messages.success(request, _("Coverage saved."))
                return _back(request, lead)
    else:
        record_audit(
            user=request.user, action=Action.VIEW_COVERAGE, lead=lead, ip=client_ip(request)
        )
        form = CoverageForm(initial=CoverageForm.initial_from(coverage), payers=payers, today=today)
    return _form_page(
        request,
        "benefits/coverage_form.html",
        lead,
        form,
        card_sides=[card.side for card in insurance_cards_of(lead)],
    )


@never_cache
@require_POST
@needs(Permission.RUN_CHECK)
def check_run(request: HttpRequest, lead: Lead) -> HttpResponse:
    """Ask the payer electronically; the answer arrives on the page when the task is done."""
    try:
        services.benefits_check_request(lead=lead, by=request.user, ip=client_ip(request))
    except services.CheckNotReady as not_ready:
        for problem in not_ready.problems:
            messages.error(request, problem)
    else:
        messages.success(
            request, _("Benefits check sent. The answer shows here when it comes back.")
        )
    return _back(request, lead)


@never_cache
@require_http_methods(["GET", "POST"])
@needs(Permission.RUN_CHECK)
def phone_check(request: HttpRequest, lead: Lead) -> HttpResponse:
    """Record what the payer said on the phone, in the fields an electronic answer fills."""
    form = PhoneCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.benefits_check_record_manual(
            lead=lead,
            reply=form.reply(),
            recorded=form.recorded(),
            by=request.user,
            ip=client_ip(request),
        )
        messages.success(request, _("Phone check recorded."))
        return _back(request, lead)
    return _form_page(request, "benefits/phone_check.html", lead, form)


@never_cache
@require_POST
@needs(Permission.SET_OUTCOME)
def outcome(request: HttpRequest, lead: Lead) -> HttpResponse:
    form = OutcomeForm(request.POST)
    if form.is_valid():
        services.coverage_set_outcome(
            lead=lead, outcome=form.cleaned_data["outcome"], by=request.user, ip=client_ip(request)
        )
        messages.success(request, _("Outcome recorded."))
    else:
        messages.error(request, _("Choose one of the outcomes."))
    return _back(request, lead)


@never_cache
@require_GET
@needs(Permission.VIEW_CHECK)
def check_detail(request: HttpRequest, lead: Lead, pk: int) -> HttpResponse:
    """One check in full: the summary, the request sent and the raw answer, for support."""
    try:
        check = selectors.check_of(lead=lead, check_id=pk)
    except BenefitsCheck.DoesNotExist:
        raise Http404 from None
    record_audit(
        user=request.user,
        action=Action.VIEW_CHECK,
        lead=lead,
        ip=client_ip(request),
        detail={"check": check.pk},
    )
    return render(
        request,
        "benefits/check_detail.html",
        {"lead": lead, "view": present(check), "is_supervisor": is_supervisor(request.user)},
    )
