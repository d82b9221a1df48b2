"""Staff pages: the queue, the lead page and its actions, phone intake, export, audit,
dashboard. Thin: each view reads through ``selectors``, writes through ``pipeline`` or
``services``, and renders a template."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import requires
from accounts.permissions import Perm, allows
from admissions import (
    booking,
    confirmation,
    contact_edit,
    followups,
    merge,
    pipeline,
    selectors,
    waiting_list,
)
from admissions.access import can_add_note, can_claim, can_work_on, is_supervisor
from admissions.audit import Action, client_ip, record_audit
from admissions.booking_forms import BookForm
from admissions.confirmation_forms import LevelConfirmForm
from admissions.contact_forms import ContactCorrectForm
from admissions.export import export_filename, queue_csv_rows
from admissions.followup_forms import FollowUpForm, SnoozeForm
from admissions.forms import (
    FLAG_LABELS,
    PHONE_CONSENT_VERSION,
    ContactAttemptForm,
    NoteForm,
    PhoneIntakeForm,
    QueueFilterForm,
    QueueSearchForm,
    ReassignForm,
    coverage_entered,
    phone_coverage_form,
    readable_answers,
)
from admissions.merge_forms import MergeForm
from admissions.models import (
    OPEN_STATUSES,
    AssessmentSlot,
    Booking,
    ContactMethod,
    ContactTime,
    FollowUp,
    Language,
    Lead,
    LeadEvent,
    Level,
    Priority,
    Respondent,
    Source,
    Status,
    WaitingListEntry,
)
from admissions.placement_forms import PlacementStatusForm
from admissions.services import LeadInvalid, lead_create
from admissions.sessions import queue_search, set_queue_search
from admissions.waiting_forms import UnwaitForm, WaitForm
from benefits.services import coverage_save
from benefits.validation import CoverageInvalid
from programs.matching import match_programs
from reporting import selectors as reporting_selectors
from screening import Assessment, Voice, group_reasons, reason_text

# --- The queue --------------------------------------------------------------------------------


def _mark_deadlines(leads: list[Lead], now: datetime) -> None:
    """Give each row its first-contact deadline, whether it has passed and the time left to it
    (or past it) in words, while nobody has reached out yet (no queries)."""
    deadlines = selectors.escalation_deadlines()
    for lead in leads:
        lead.deadline = deadlines[lead.priority]
        lead.deadline_minutes = int(lead.deadline.total_seconds() // 60)
        lead.waiting = now - lead.created_at
        awaiting = selectors.awaiting_first_contact(lead)
        lead.overdue = awaiting and lead.waiting > lead.deadline
        lead.time_left = ""
        if awaiting:
            left = lead.deadline - lead.waiting
            if lead.overdue:
                lead.time_left = _("overdue %(time)s") % {"time": _duration(-left)}
            else:
                # A minute not yet over still counts: "1 min left" until the deadline passes.
                lead.time_left = _("%(time)s left") % {
                    "time": _duration(left + timedelta(seconds=59))
                }


def _top_flag(flags: object) -> str:
    """The flag a counsellor should know before calling, in the order ``FLAG_LABELS`` ranks
    them (the crisis badge speaks for itself)."""
    found = set(flags) if isinstance(flags, list) else set()
    for code, label in FLAG_LABELS.items():
        if code != "crisis" and code in found:
            return str(label)
    return ""


# The queue's coded columns and their choices, shown by name.
_QUEUE_LABELS = (
    ("respondent", Respondent.choices),
    ("level", Level.choices),
    ("priority", Priority.choices),
    ("language", Language.choices),
    ("status", Status.choices),
    ("contact_method", ContactMethod.choices),
    ("contact_time", ContactTime.choices),
)


def _add_labels(leads: list[Lead], user=None) -> None:
    """Give each row the names of its coded values, translated once per page.

    ``get_FOO_display`` rebuilds and translates the whole list of choices on every call, which
    for five columns of fifty rows was a quarter of the page's time.
    """
    names = {field: {key: str(label) for key, label in choices} for field, choices in _QUEUE_LABELS}
    for lead in leads:
        lead.labels = {field: names[field].get(getattr(lead, field), "") for field in names}
        lead.top_flag = _top_flag(getattr(lead, "flag_codes", None))
        # Seen because it is urgent or overdue, though a colleague has it.
        lead.with_colleague = user is not None and lead.assigned_to_id not in (None, user.pk)


# What a row shows and pages by, and nothing more: decoding the answers' JSON was an eighth of
# a page's time, and the other columns (most of them times) and the assignee's whole account
# another sixth.
_QUEUE_COLUMNS = (
    "first_name",
    "crisis",
    "created_at",
    "first_contact_at",
    "priority_rank",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
    *(field for field, _choices in _QUEUE_LABELS),
)


def _search_words(request: HttpRequest) -> str:
    """The session's search words, when the page asks for them (``search=1``)."""
    return queue_search(request) if request.GET.get("search") == "1" else ""


@never_cache
@require_http_methods(["GET", "POST"])
@requires(Perm.VIEW_QUEUE)
def queue(request: HttpRequest) -> HttpResponse:
    """The most urgent person first, then the one who has waited longest.

    Filters travel in the query string; search words are POSTed, kept in the session and
    referred to by ``search=1``, so no name or phone number ends up in a URL or a log.
    """
    if request.method == "POST":
        search_form = QueueSearchForm(request.POST)
        words = search_form.cleaned_data["q"].strip() if search_form.is_valid() else ""
        set_queue_search(request, words)
        params = request.GET.copy()
        params.pop("cursor", None)
        params.pop("search", None)
        if words:
            params["search"] = "1"
        query = f"?{params.urlencode()}" if params else ""
        return HttpResponseRedirect(reverse("admissions:queue") + query)

    form = QueueFilterForm(request.GET)
    words = _search_words(request)
    filters = form.filters(search=words)
    leads = selectors.with_flag_codes(
        selectors.lead_queue(user=request.user, filters=filters).only(*_QUEUE_COLUMNS)
    )
    try:
        page = selectors.queue_page(leads, cursor=request.GET.get("cursor", ""))
    except selectors.BadCursor:
        page = selectors.queue_page(leads)
    now = timezone.now()
    _mark_deadlines(page.leads, now)
    _add_labels(page.leads, request.user)
    for lead in page.leads:
        # Here rather than by ``{% url %}`` and ``|timesince`` in the row, where the template
        # engine's own work cost as much again, fifty times a page.
        lead.url = reverse("admissions:lead_detail", args=[lead.pk])
        lead.waited = timesince(lead.created_at, now)
    return render(
        request,
        "admissions/queue.html",
        {
            "form": form,
            "search_form": QueueSearchForm(initial={"q": words}),
            "searching": bool(words),
            "page": page,
            "is_supervisor": is_supervisor(request.user),
        },
    )


# --- The lead page ----------------------------------------------------------------------------


def _visible_lead(request: HttpRequest, lead_id: int) -> Lead:
    try:
        return selectors.lead_detail(user=request.user, lead_id=lead_id)
    except Lead.DoesNotExist:
        raise Http404 from None


def _label(choices: type, value: object) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _when(stamp: object) -> str:
    """An ISO time from an event's data, in the centre's time and the page's language."""
    try:
        moment = datetime.fromisoformat(str(stamp))
    except ValueError:
        return ""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _contact_field_label(name: str) -> str:
    """How staff call a contact field that can be corrected (``contact_edit.EDITABLE``)."""
    if name in ("first_name", "last_name", "phone", "email"):
        return str(Lead._meta.get_field(name).verbose_name)
    return str(ContactCorrectForm.base_fields[name].label)


def _summarised(events) -> list[LeadEvent]:
    """Timeline events with their structured details put in words."""
    timeline = list(events)
    for event in timeline:
        data = event.data or {}
        if event.kind == LeadEvent.Kind.CONTACT_ATTEMPT:
            event.summary = " · ".join(
                (
                    _label(pipeline.Channel, data.get("channel")),
                    _label(pipeline.Outcome, data.get("outcome")),
                )
            )
        elif event.kind == LeadEvent.Kind.STATUS_CHANGED:
            event.summary = f"{_label(Status, data.get('from'))} → {_label(Status, data.get('to'))}"
        elif event.kind in (LeadEvent.Kind.FOLLOW_UP_SET, LeadEvent.Kind.FOLLOW_UP_SNOOZED):
            event.summary = _("%(what)s, due %(when)s") % {
                "what": _label(FollowUp.Kind, data.get("kind")),
                "when": _when(data.get("due_at")),
            }
        elif event.kind == LeadEvent.Kind.APPOINTMENT_BOOKED:
            when = _when(data.get("starts_at"))
            event.summary = f"{when} · {_label(AssessmentSlot.Mode, data.get('mode'))}"
        elif event.kind == LeadEvent.Kind.APPOINTMENT_CHANGED:
            event.summary = _label(Booking.Status, data.get("to"))
        elif event.kind == LeadEvent.Kind.CONTACT_CORRECTED:
            event.summary = ", ".join(
                _contact_field_label(name)
                for name in data.get("fields", [])
                if name in contact_edit.EDITABLE
            )
        elif event.kind == LeadEvent.Kind.LEVEL_CONFIRMED:
            event.summary = (
                f"{_label(Level, data.get('screened'))} → {_label(Level, data.get('confirmed'))}"
            )
        elif event.kind == LeadEvent.Kind.MERGED:
            event.summary = _("Lead %(id)s, with its history") % {"id": data.get("merged_lead_id")}
        elif event.kind == LeadEvent.Kind.MERGED_INTO:
            event.summary = _("Lead %(id)s") % {"id": data.get("into")}
        elif event.kind == LeadEvent.Kind.WAITING_LIST_ADDED:
            event.summary = str(data.get("program", ""))
        elif event.kind == LeadEvent.Kind.WAITING_LIST_ENDED:
            how = _label(WaitingListEntry.Status, data.get("how"))
            event.summary = f"{data.get('program', '')} · {how}"
        elif event.kind == LeadEvent.Kind.DECISION_NEEDED:
            event.summary = _("%(count)s attempts without reaching them") % {
                "count": data.get("attempts", "")
            }
        elif isinstance(data.get("summary"), str):
            event.summary = _(data["summary"])  # recorded by another app: a message id
        else:
            event.summary = ""
    return timeline


# The lead page's forms: each its own ids (two of them have a "body" field, and a label must
# find its own box), and the title its error summary names.
LEAD_FORMS = {
    "contact_form": (ContactAttemptForm, "contact-%s", gettext_lazy("Log a contact attempt")),
    "status_form": (PlacementStatusForm, "status-%s", gettext_lazy("Move along the pipeline")),
    "note_form": (NoteForm, "note-%s", gettext_lazy("Add a note")),
    "reassign_form": (ReassignForm, "reassign-%s", gettext_lazy("Reassign (supervisor)")),
    "follow_up_form": (FollowUpForm, "follow-up-%s", gettext_lazy("Set the next action")),
    "snooze_form": (SnoozeForm, "snooze-%s", gettext_lazy("Snooze the next action")),
    "book_form": (BookForm, "book-%s", gettext_lazy("Book the assessment")),
    "correct_form": (ContactCorrectForm, "correct-%s", gettext_lazy("Correct contact details")),
    "confirm_form": (LevelConfirmForm, "confirm-%s", gettext_lazy("Confirm the level of care")),
    "wait_form": (WaitForm, "wait-%s", gettext_lazy("Add to a waiting list")),
    "unwait_form": (UnwaitForm, "unwait-%s", gettext_lazy("Take off a waiting list")),
}


def _lead_form(form_name: str, data=None, **kwargs) -> forms.Form:
    form_class, auto_id, _title = LEAD_FORMS[form_name]
    return form_class(data, auto_id=auto_id, **kwargs)


_CRISIS_CODES = ("suicide_risk_high", "harm_others_plan")


def _staff_reasons(reasons, *, crisis_first: bool = False) -> list[dict[str, Any]]:
    """Reasons in staff words (third person, translated), crisis reasons first when asked."""
    ordered = (
        sorted(reasons, key=lambda r: r.code not in _CRISIS_CODES) if crisis_first else reasons
    )
    return [
        {"code": r.code, "dimension": r.dimension, "text": reason_text(r, Voice.STAFF, translate=_)}
        for r in ordered
    ]


def _render_lead(
    request: HttpRequest, lead: Lead, invalid: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    # The lead's own assessment, as stored with the rules version it was screened with: a lead
    # is never re-scored by newer rules.
    assessment = Assessment.from_dict(lead.assessment)
    why, also = group_reasons(assessment)
    flags = [
        (flag, FLAG_LABELS.get(flag, flag))
        for flag in sorted(assessment.flags, key=lambda flag: flag != "crisis")
    ]
    supervisor = is_supervisor(request.user)
    _mark_deadlines([lead], timezone.now())
    lead_forms = {
        "contact_form": _lead_form("contact_form"),
        "note_form": _lead_form("note_form"),
        "status_form": _lead_form("status_form", initial={"status": lead.status}),
        "reassign_form": _lead_form("reassign_form") if supervisor else None,
        "follow_up_form": _lead_form("follow_up_form"),
        "snooze_form": _lead_form("snooze_form"),
        "book_form": _lead_form("book_form"),
        "correct_form": _lead_form(
            "correct_form", initial={name: getattr(lead, name) for name in contact_edit.EDITABLE}
        ),
        "confirm_form": _lead_form("confirm_form", initial={"level": lead.level})
        if allows(request.user, Perm.CONFIRM_LEVEL_OF_CARE)
        else None,
        # After "no open place", the program refused comes preselected (``?wait=<id>``).
        "wait_form": _lead_form("wait_form", initial={"program": request.GET.get("wait", "")}),
    }
    # Only the moves the pipeline allows from here (the service refuses any other).
    allowed = pipeline.allowed_moves(lead.status)
    status_field = lead_forms["status_form"].fields["status"]
    status_field.choices = [
        (value, label) for value, label in status_field.choices if value in allowed
    ]
    if invalid is not None:
        form_name, form = invalid
        lead_forms[form_name] = form
    context = {
        "lead": lead,
        "why_this_level": _staff_reasons(why, crisis_first=True),
        "also_noted": _staff_reasons(also),
        "flags": flags,
        "answers": readable_answers(lead.answers),
        "matches": match_programs(lead.assessment, lead.answers, language=lead.language),
        "timeline": _summarised(selectors.lead_timeline(lead=lead)),
        "can_claim": can_claim(request.user, lead),
        "can_work": can_work_on(request.user, lead),
        "can_note": can_add_note(request.user, lead),
        "is_supervisor": supervisor,
        "follow_up": _marked_follow_up(lead),
        "lead_is_open": lead.status in OPEN_STATUSES,
        "booking": booking.current_booking(lead),
        "confirmation": confirmation.latest_confirmation(lead),
        "duplicates": list(
            lead.possible_duplicates.only("pk", "created_at", "status", "source").order_by("pk")
        ),
        "can_merge": allows(request.user, Perm.MERGE_LEADS) and lead.merged_into_id is None,
        "waiting_lists": waiting_list.lead_waiting_lists(lead=lead),
        "can_see_waiting_lists": allows(request.user, Perm.VIEW_WAITING_LISTS),
        **lead_forms,
        "invalid_form": invalid[1] if invalid else None,
        "invalid_form_title": LEAD_FORMS[invalid[0]][2] if invalid else "",
    }
    return render(request, "admissions/lead_detail.html", context)


@never_cache
@require_GET
@requires(Perm.VIEW_LEAD)
def lead_detail(request: HttpRequest, lead_id: int) -> HttpResponse:
    """Everything about one lead. Every view is written to the audit log."""
    lead = _visible_lead(request, lead_id)
    record_audit(user=request.user, action=Action.VIEW_LEAD, lead=lead, ip=client_ip(request))
    return _render_lead(request, lead)


def _lead_action(
    form_name: str | None,
    act: Callable[[HttpRequest, Lead, dict], str],
    perm: Perm = Perm.WORK_LEADS,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST action on the lead page: validate, act through the pipeline, come back to the page.

    An invalid form shows the lead page again with a summary of the errors at the top; a refused
    action (already claimed, no reason to close) comes back as a message.
    """

    @never_cache
    @require_POST
    @requires(perm)
    def view(request: HttpRequest, lead_id: int) -> HttpResponse:
        lead = _visible_lead(request, lead_id)
        data: dict = {}
        if form_name is not None:
            form = _lead_form(form_name, request.POST)
            if not form.is_valid():
                record_audit(
                    user=request.user, action=Action.VIEW_LEAD, lead=lead, ip=client_ip(request)
                )
                response = _render_lead(request, lead, invalid=(form_name, form))
                response.status_code = 400
                return response
            data = form.cleaned_data
        try:
            done = act(request, lead, data)
        except pipeline.ProgramFull as full:
            # Offer the full program's waiting list, preselected, where the lead page has it.
            messages.error(request, full.message)
            page = reverse("admissions:lead_detail", args=[lead.pk])
            return HttpResponseRedirect(f"{page}?wait={full.program_id}#waiting-list")
        except (
            pipeline.ActionRefused,
            followups.FollowUpRefused,
            booking.BookingRefused,
            confirmation.ConfirmationRefused,
            contact_edit.NothingChanged,
            waiting_list.WaitingListRefused,
        ) as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, done)
        return HttpResponseRedirect(reverse("admissions:lead_detail", args=[lead.pk]))

    return view


def _claim(request: HttpRequest, lead: Lead, data: dict) -> str:
    pipeline.claim(lead_id=lead.pk, user=request.user, ip=client_ip(request))
    return _("The lead is yours.")


def _reassign(request: HttpRequest, lead: Lead, data: dict) -> str:
    pipeline.reassign(
        lead_id=lead.pk, user=request.user, to_user_id=data["to_user"].pk, ip=client_ip(request)
    )
    return _("Lead reassigned.")


def _contact(request: HttpRequest, lead: Lead, data: dict) -> str:
    worked = pipeline.log_contact_attempt(
        lead_id=lead.pk,
        user=request.user,
        channel=data["channel"],
        outcome=data["outcome"],
        body=data["body"],
        ip=client_ip(request),
    )
    proposed = worked.next_follow_up
    if proposed is None:
        return _("Contact attempt logged.")
    if proposed.kind == FollowUp.Kind.DECISION:
        return _("Contact attempt logged. That was the last attempt: a supervisor will decide.")
    return _("Contact attempt logged. Next try: %(when)s (change it below if needed).") % {
        "when": date_format(timezone.localtime(proposed.due_at), "DATETIME_FORMAT")
    }


def _note(request: HttpRequest, lead: Lead, data: dict) -> str:
    pipeline.add_note(lead_id=lead.pk, user=request.user, body=data["body"], ip=client_ip(request))
    return _("Note added.")


def _status(request: HttpRequest, lead: Lead, data: dict) -> str:
    pipeline.change_status(
        lead_id=lead.pk,
        user=request.user,
        status=data["status"],
        reason=data["reason"],
        program_id=data["program"].pk if data.get("program") else None,
        provider=data.get("provider", ""),
        ip=client_ip(request),
    )
    return _("Status changed.")


def _follow_up(request: HttpRequest, lead: Lead, data: dict) -> str:
    followups.follow_up_set(
        lead_id=lead.pk,
        user=request.user,
        kind=data["kind"],
        due_at=data["due_at"],
        ip=client_ip(request),
    )
    return _("Next action set.")


def _snooze(request: HttpRequest, lead: Lead, data: dict) -> str:
    followups.follow_up_snooze(
        lead_id=lead.pk,
        user=request.user,
        until=data["until"],
        reason=data["reason"],
        ip=client_ip(request),
    )
    return _("Next action snoozed.")


def _follow_up_done(request: HttpRequest, lead: Lead, data: dict) -> str:
    followups.follow_up_done(lead_id=lead.pk, user=request.user, ip=client_ip(request))
    return _("Next action done. Set the one after it.")


def _marked_follow_up(lead: Lead) -> FollowUp | None:
    """The lead's open follow-up, marked overdue when its time has passed."""
    follow_up = followups.open_follow_up(lead)
    if follow_up is not None:
        follow_up.overdue = follow_up.due_at < timezone.now()
    return follow_up


lead_claim = _lead_action(None, _claim, Perm.CLAIM_LEADS)
lead_reassign = _lead_action("reassign_form", _reassign, Perm.SUPERVISE_LEADS)
lead_contact = _lead_action("contact_form", _contact)
lead_note = _lead_action("note_form", _note)
lead_status = _lead_action("status_form", _status)
lead_follow_up = _lead_action("follow_up_form", _follow_up)
lead_snooze = _lead_action("snooze_form", _snooze)
lead_follow_up_done = _lead_action(None, _follow_up_done)


def _book(request: HttpRequest, lead: Lead, data: dict) -> str:
    booking.book(lead_id=lead.pk, slot_id=data["slot"].pk, user=request.user, ip=client_ip(request))
    return _("Assessment booked. The confirmation is on its way.")


def _booking_marker(status: str, done: str) -> Callable[[HttpRequest, Lead, dict], str]:
    def act(request: HttpRequest, lead: Lead, data: dict) -> str:
        booking.booking_mark(
            lead_id=lead.pk, user=request.user, status=status, ip=client_ip(request)
        )
        return done

    return act


def _confirm(request: HttpRequest, lead: Lead, data: dict) -> str:
    confirmation.level_confirm(
        lead_id=lead.pk,
        user=request.user,
        level=data["level"],
        reason=data["reason"],
        ip=client_ip(request),
    )
    return _("Level of care recorded.")


def _correct(request: HttpRequest, lead: Lead, data: dict) -> str:
    try:
        contact_edit.contact_correct(
            lead_id=lead.pk, user=request.user, contact=data, ip=client_ip(request)
        )
    except LeadInvalid as invalid:
        raise pipeline.ActionRefused(" ".join(p.message for p in invalid.problems)) from None
    return _("Contact details corrected.")


lead_correct_contact = _lead_action("correct_form", _correct)


def _wait(request: HttpRequest, lead: Lead, data: dict) -> str:
    entry = waiting_list.waiting_list_add(
        lead_id=lead.pk,
        program_id=data["program"].pk,
        user=request.user,
        note=data["note"],
        ip=client_ip(request),
    )
    return _("Added to the waiting list for %(program)s.") % {"program": entry.program.name}


def _unwait(request: HttpRequest, lead: Lead, data: dict) -> str:
    entry = waiting_list.waiting_list_remove(
        lead_id=lead.pk,
        entry_id=data["entry"],
        user=request.user,
        reason=data["reason"],
        ip=client_ip(request),
    )
    return _("Taken off the waiting list for %(program)s.") % {"program": entry.program.name}


lead_wait = _lead_action("wait_form", _wait)
lead_unwait = _lead_action("unwait_form", _unwait)


@never_cache
@require_POST
@requires(Perm.MERGE_LEADS)
def lead_merge(request: HttpRequest, lead_id: int) -> HttpResponse:
    """Merge this lead and one of its possible duplicates; the page of the lead kept follows."""
    lead = _visible_lead(request, lead_id)
    form = MergeForm(request.POST)
    if not form.is_valid() or form.cleaned_data["keep"] not in (
        lead.pk,
        form.cleaned_data["other"],
    ):
        messages.error(request, _("Choose which of the two leads to keep."))
        return HttpResponseRedirect(reverse("admissions:lead_detail", args=[lead.pk]))
    keep_id = form.cleaned_data["keep"]
    other_id = form.cleaned_data["other"] if keep_id == lead.pk else lead.pk
    try:
        kept = merge.leads_merge(
            keep_id=keep_id, other_id=other_id, user=request.user, ip=client_ip(request)
        )
    except Lead.DoesNotExist:
        raise Http404 from None
    except merge.MergeRefused as refused:
        messages.error(request, refused.message)
        return HttpResponseRedirect(reverse("admissions:lead_detail", args=[lead.pk]))
    messages.success(request, _("Lead %(other)s merged into this one.") % {"other": other_id})
    return HttpResponseRedirect(reverse("admissions:lead_detail", args=[kept.pk]))


lead_confirm_level = _lead_action("confirm_form", _confirm, Perm.CONFIRM_LEVEL_OF_CARE)
lead_book = _lead_action("book_form", _book)
lead_no_show = _lead_action(
    None, _booking_marker(Booking.Status.NO_SHOW, gettext_lazy("No-show recorded."))
)
lead_booking_cancel = _lead_action(
    None, _booking_marker(Booking.Status.CANCELLED, gettext_lazy("Booking cancelled."))
)


@never_cache
@require_GET
@requires(Perm.VIEW_MY_DAY)
def my_day(request: HttpRequest) -> HttpResponse:
    """A counsellor's follow-ups due today, overdue first, then in order."""
    now = timezone.now()
    items = selectors.my_day(user=request.user, now=now)
    for item in items:
        item.overdue = item.due_at < now
    _add_labels([item.lead for item in items])
    return render(
        request,
        "admissions/my_day.html",
        {"items": items, "is_supervisor": is_supervisor(request.user)},
    )


# --- New lead from a call ---------------------------------------------------------------------


@never_cache
@requires(Perm.ADD_LEADS)
def lead_new(request: HttpRequest) -> HttpResponse:
    """A counsellor screens a caller and the lead is born like any other, with source "phone"."""
    if request.method == "POST":
        form = PhoneIntakeForm(request.POST)
        coverage_form = phone_coverage_form(request.POST)
        # Both are checked, so every problem shows at once.
        if all([form.is_valid(), coverage_form.is_valid()]):
            try:
                with transaction.atomic():
                    lead = lead_create(
                        answers=form.answers(),
                        contact=form.contact(),
                        source=Source.PHONE,
                        consent_version=PHONE_CONSENT_VERSION,
                        consent_to_texts=form.cleaned_data["consent_to_texts"],
                        language=form.cleaned_data["language"],
                        actor=request.user,
                    )
                    record_audit(
                        user=request.user,
                        action=Action.PHONE_INTAKE,
                        lead=lead,
                        ip=client_ip(request),
                    )
                    coverage = coverage_entered(coverage_form)
                    if coverage:
                        coverage_save(
                            lead=lead, data=coverage, by=request.user, ip=client_ip(request)
                        )
            except LeadInvalid as invalid:
                form.add_problems(invalid.problems)
            except CoverageInvalid as invalid:
                # Checked by the form already; a payer taken off the list meanwhile ends here.
                coverage_form.add_problems(invalid.problems)
            else:
                messages.success(request, _("Lead created from the call."))
                return redirect("admissions:lead_detail", lead_id=lead.pk)
    else:
        form = PhoneIntakeForm()
        coverage_form = phone_coverage_form()
    return render(
        request,
        "admissions/lead_new.html",
        {
            "form": form,
            "coverage_form": coverage_form,
            "is_supervisor": is_supervisor(request.user),
        },
    )


# --- Export, audit, dashboard -----------------------------------------------------------------


@never_cache
@require_GET
@requires(Perm.EXPORT_LEADS)
def export_csv(request: HttpRequest) -> StreamingHttpResponse | HttpResponseRedirect:
    """The filtered queue as CSV, streamed; the export itself is audited.

    Filters the queue page would ignore (a date out of range, say) send the supervisor back to
    it, where the message says what to fix: an export of more than was asked for is worse.
    """
    form = QueueFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponseRedirect(f"{reverse('admissions:queue')}?{request.GET.urlencode()}")
    filters = form.filters(search=_search_words(request))
    leads = selectors.lead_queue(user=request.user, filters=filters)
    record_audit(
        user=request.user,
        action=Action.EXPORT,
        ip=client_ip(request),
        detail={"filters": filters.describe()},
    )
    response = StreamingHttpResponse(queue_csv_rows(leads), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    return response


@never_cache
@require_GET
@requires(Perm.VIEW_AUDIT)
def audit_log(request: HttpRequest, lead_id: int | None = None) -> HttpResponse:
    """The audit log, newest first: all of it, or one lead's."""
    lead = None
    if lead_id is not None:
        lead = Lead.objects.filter(pk=lead_id).first()
        if lead is None:
            raise Http404
    try:
        before = int(request.GET["before"]) if request.GET.get("before") else None
    except ValueError:
        before = None
    entries = selectors.audit_entries(lead_id=lead_id, before=before)
    more = len(entries) > selectors.AUDIT_PAGE_SIZE
    entries = entries[: selectors.AUDIT_PAGE_SIZE]
    # Old and new contact values are personal data: only on one lead's page, only to whoever
    # may read them, and that they were shown is itself audited.
    with_values = lead is not None and allows(request.user, Perm.SEE_CORRECTED_VALUES)
    shown = _describe_corrections(entries, with_values=with_values)
    if shown:
        record_audit(
            user=request.user,
            action=Action.VIEW_CORRECTIONS,
            lead=lead,
            ip=client_ip(request),
            detail={"contact_corrections": shown},
        )
    return render(
        request,
        "admissions/audit.html",
        {
            "lead": lead,
            "entries": entries,
            "older": entries[-1].pk if more else None,
            "paged": before is not None,
            "is_supervisor": True,
        },
    )


def _contact_value(name: str, value: str) -> str:
    """A corrected value as staff read it: a preference by its label, a blank as a dash."""
    if name in ("contact_method", "contact_time"):
        return str(dict(Lead._meta.get_field(name).flatchoices).get(value, value))
    return value or "—"


def _describe_corrections(entries: list, *, with_values: bool) -> list[int]:
    """Put each contact correction among ``entries`` in words (``entry.corrections``): the
    field and its record, and with ``with_values`` old → new ("erased" once the person was).
    The ids of the records whose values were shown."""
    records = selectors.audit_corrections(entries)
    shown: list[int] = []
    for entry in entries:
        if entry.action != Action.CONTACT_CORRECT:
            continue
        entry.corrections = []
        for name, record_id in (entry.detail.get("corrected") or {}).items():
            label = _contact_field_label(name) if name in contact_edit.EDITABLE else name
            line = _("%(field)s corrected (record %(id)s)") % {"field": label, "id": record_id}
            record = records.get(record_id)
            if with_values and record is not None:
                if record.erased_at:
                    line = _("%(line)s: erased") % {"line": line}
                else:
                    line = _("%(line)s: %(old)s → %(new)s") % {
                        "line": line,
                        "old": _contact_value(name, record.old),
                        "new": _contact_value(name, record.new),
                    }
                    shown.append(record_id)
            entry.corrections.append(line)
        # Entries written before the values had a table of their own were rewritten once.
        if entry.detail.get("values_moved_out_at"):
            entry.corrections.append(_("Rewritten once, on upgrade, to move the values out."))
    return shown


def _duration(value: timedelta | None) -> str:
    """A wait in hours and minutes, as staff say it."""
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and not minutes:
        return _("%(hours)d h") % {"hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}


def _queue_link(field_name: str, value: str, *, status: str | None = "") -> str:
    """The queue filtered by one field: of any status unless ``status`` names one (None: the
    queue's default, the open leads)."""
    params = {"status": status} if field_name != "status" and status is not None else {}
    params[field_name] = value
    return f"{reverse('admissions:queue')}?{urlencode(params)}"


@never_cache
@require_GET
@requires(Perm.VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Counts and response times at a glance (no personal data)."""
    figures = selectors.dashboard_figures()
    # Each number opens the queue filtered to the leads it counts (for those who see the queue);
    # the counts are of every status, so the links ask for any status too.
    linked = allows(request.user, Perm.VIEW_QUEUE)

    def rows(group: str, field_name: str | None) -> list[tuple[str, str, int, str]]:
        return [
            (value, label, count, _queue_link(field_name, value) if linked and field_name else "")
            for value, label, count in figures[group]
        ]

    return render(
        request,
        "admissions/dashboard.html",
        {
            "figures": figures,
            "median": _duration(figures["median_first_contact"]),
            "deadlines": {
                priority: _duration(deadline)
                for priority, deadline in selectors.escalation_deadlines().items()
            },
            "groups": [
                (_("By status"), rows("by_status", "status")),
                (_("By level of care"), rows("by_level", "level")),
                (_("By priority"), rows("by_priority", "priority")),
                (_("By source"), rows("by_source", None)),
            ],
            "agreement": confirmation.agreement_by_level(),
            "sources": reporting_selectors.sources_this_week(),
            "sources_link": f"{reverse('reporting:reports')}?range=week#table-origin"
            if allows(request.user, Perm.VIEW_REPORTS)
            else "",
            "overdue_link": _queue_link("deadline", "overdue", status=None) if linked else "",
            "open_urgent_link": _queue_link("priority", Priority.URGENT, status=None)
            if linked
            else "",
            "is_supervisor": is_supervisor(request.user),
        },
    )
