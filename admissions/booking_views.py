"""Staff page for assessment slots: the free and booked times ahead, and a form to add one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.decorators import requires
from accounts.permissions import Perm
from admissions import booking
from admissions.access import is_supervisor
from admissions.audit import client_ip
from admissions.booking_forms import SlotForm
from admissions.models import AssessmentSlot, Booking


@never_cache
@require_http_methods(["GET", "POST"])
@requires(Perm.MANAGE_SLOTS)
def slots(request: HttpRequest) -> HttpResponse:
    """Upcoming slots, soonest first, each free or booked (no names: the lead page has them)."""
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking.slot_create(
                user=request.user,
                staff_id=form.cleaned_data["staff"].pk,
                mode=form.cleaned_data["mode"],
                location=form.cleaned_data["location"],
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.ends_at(),
                ip=client_ip(request),
            )
        except booking.BookingRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Slot added."))
            return redirect("admissions:slots")
    upcoming = list(
        AssessmentSlot.objects.filter(ends_at__gt=timezone.now())
        .select_related("staff")
        .order_by("starts_at", "pk")[:200]
    )
    booked = set(
        Booking.objects.filter(slot__in=upcoming, status=Booking.Status.BOOKED).values_list(
            "slot_id", "lead_id"
        )
    )
    lead_of = dict(booked)
    for slot in upcoming:
        slot.lead_id = lead_of.get(slot.pk)
    return render(
        request,
        "admissions/slots.html",
        {
            "form": form,
            "slots": upcoming,
            "is_supervisor": is_supervisor(request.user),
        },
    )
