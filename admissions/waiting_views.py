"""Staff pages of the waiting lists: every program's count, and one program's list in order."""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.decorators import requires
from accounts.permissions import Perm
from admissions import waiting_list
from admissions.audit import client_ip, record_audit
from programs.models import Program


@never_cache
@require_GET
@requires(Perm.VIEW_WAITING_LISTS)
def waiting_lists(request: HttpRequest) -> HttpResponse:
    """Each program with its open places and how many wait for it (counts only)."""
    programs = Program.objects.annotate(
        waiting=Count(
            "waiting_list_entries",
            filter=Q(waiting_list_entries__status=waiting_list.WAITING),
        )
    ).order_by("name", "pk")[:200]
    return render(request, "admissions/waiting_lists.html", {"programs": programs})


@never_cache
@require_GET
@requires(Perm.VIEW_WAITING_LISTS)
def program_waiting_list(request: HttpRequest, program_id: int) -> HttpResponse:
    """One program's waiting list, first in line first: lead numbers, never names. Every view
    is written to the audit log with the leads it showed."""
    program = get_object_or_404(Program, pk=program_id)
    entries = waiting_list.program_waiting_list(program_id=program.pk)
    record_audit(
        user=request.user,
        action=waiting_list.WaitingListAudit.VIEW,
        ip=client_ip(request),
        detail={"program_id": program.pk, "lead_ids": [entry.lead_id for entry in entries]},
    )
    return render(
        request, "admissions/program_waiting_list.html", {"program": program, "entries": entries}
    )
