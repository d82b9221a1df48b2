"""The REST API under /api/v1/: thin views over admissions' services and selectors.

Every read of one lead is a disclosure to the key's recipient: it needs a consent that permits
it, is written to the lead's disclosures log, carries the notice against redisclosure and is in
the audit log like a staff view. Lists show no name, contact detail or answer, and only leads a
consent lets the key read.
"""

from datetime import datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status as http
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    schema,
    throttle_classes,
)
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from admissions.audit import Action, client_ip, record_audit
from admissions.booking import free_slots
from admissions.consent_models import ConsentInformation, DisclosureChannel
from admissions.consents import leads_with_consent_for
from admissions.disclosures import (
    REDISCLOSURE_NOTICE,
    DisclosureRefused,
    disclosure_permit,
    disclosure_record,
)
from admissions.followups import FollowUpRefused, follow_up_done, follow_up_set, open_follow_up
from admissions.models import OPEN_STATUSES, PRIORITY_RANK, Lead
from admissions.pipeline import ActionRefused
from admissions.selectors import BadCursor, queue_page
from admissions.services import LeadInvalid
from handoff import scopes
from handoff.api import serializers as s
from handoff.api.lead_calls import lead_create_from_api, lead_status_set
from handoff.fhir.codes import FHIR_JSON
from handoff.fhir.export import fhir_export
from programs.models import Program

PAGE_SIZE = 50
PROGRAM_LIMIT = 200
SLOT_LIMIT = 200
LIST_AUDIT = "api_list"

_AUTH_ERRORS = {
    401: OpenApiResponse(s.DetailSerializer, description="No valid API key (or revoked)."),
    403: OpenApiResponse(s.DetailSerializer, description="The key lacks the scope."),
    429: OpenApiResponse(s.DetailSerializer, description="Too many requests for this key."),
}
_BAD_BODY = {
    415: OpenApiResponse(s.DetailSerializer, description="Send application/json."),
}
_NOT_FOUND = {404: OpenApiResponse(s.DetailSerializer, description="No such lead.")}
_REFUSED = {
    403: OpenApiResponse(
        s.RefusalSerializer, description="The key lacks the scope, or no consent permits it."
    )
}


class FhirJSONRenderer(JSONRenderer):
    media_type = FHIR_JSON


def _problems(problems) -> Response:
    errors = [{"field": problem.field, "message": problem.message} for problem in problems]
    return Response({"errors": errors}, status=http.HTTP_400_BAD_REQUEST)


def _refused(refused: DisclosureRefused) -> Response:
    return Response(
        {"detail": refused.message, "code": refused.code}, status=http.HTTP_403_FORBIDDEN
    )


def _not_found() -> Response:
    return Response({"detail": _("No lead has this number.")}, status=http.HTTP_404_NOT_FOUND)


def _lead_number(raw: str) -> int | None:
    """The lead id in a path; None for anything but a whole number (the view then says 404)."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


LEAD_ID = OpenApiParameter("lead_id", int, OpenApiParameter.PATH, description=_l("The lead's id."))


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([])
@schema(None)
def not_found(request, *args, **kwargs):
    """Any other path under /api/."""
    return Response({"detail": _("There is nothing at this address.")}, status=404)


def _start_of_day(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(leads: QuerySet[Lead], query: dict) -> QuerySet[Lead]:
    """The queue's filters (status, level, priority, language, creation dates)."""
    if query.get("status") == "open":
        leads = leads.filter(status__in=OPEN_STATUSES)
    elif query.get("status"):
        leads = leads.filter(status=query["status"])
    if query.get("level"):
        leads = leads.filter(level=query["level"])
    if query.get("priority"):
        leads = leads.filter(priority_rank=PRIORITY_RANK[query["priority"]])
    if query.get("language"):
        leads = leads.filter(language=query["language"])
    if query.get("created_from"):
        leads = leads.filter(created_at__gte=_start_of_day(query["created_from"]))
    if query.get("created_to"):
        leads = leads.filter(created_at__lt=_start_of_day(query["created_to"] + timedelta(days=1)))
    return leads.order_by("priority_rank", "created_at", "pk")


def _audit_read(request, lead: Lead, what: str) -> None:
    record_audit(
        user=None,
        action=Action.VIEW_LEAD,
        lead=lead,
        ip=client_ip(request),
        detail={"api_key": request.auth.prefix, "read": what},
    )


class LeadCollection(APIView):
    required_scopes = {"GET": scopes.LEADS_READ, "POST": scopes.LEADS_WRITE}

    @extend_schema(
        operation_id="leads_list",
        parameters=[s.LeadQuerySerializer],
        responses={
            200: s.LeadPageSerializer,
            400: OpenApiResponse(s.ProblemsSerializer, description="A filter is not valid."),
            **_AUTH_ERRORS,
        },
        summary="Leads this key may read, most urgent first",
    )
    def get(self, request):
        query = s.LeadQuerySerializer(data=request.query_params)
        if not query.is_valid():
            return Response(
                {
                    "errors": [
                        {"field": field, "message": str(messages[0])}
                        for field, messages in query.errors.items()
                    ]
                },
                status=http.HTTP_400_BAD_REQUEST,
            )
        filters = query.validated_data
        leads = Lead.objects.filter(leads_with_consent_for(request.auth.recipient))
        leads = _filtered(leads, filters).defer("answers", "assessment", "message")
        try:
            page = queue_page(leads, cursor=filters.get("cursor", ""), size=PAGE_SIZE)
        except BadCursor:
            return Response(
                {"errors": [{"field": "cursor", "message": _("This page link is not valid.")}]},
                status=http.HTTP_400_BAD_REQUEST,
            )
        record_audit(
            user=None,
            action=LIST_AUDIT,
            ip=client_ip(request),
            detail={
                "api_key": request.auth.prefix,
                "filters": sorted(key for key in filters if key != "cursor"),
            },
        )
        return Response(
            {
                "results": s.LeadSummarySerializer(page.leads, many=True).data,
                "next_cursor": page.next_cursor,
                "previous_cursor": page.previous_cursor,
            }
        )

    @extend_schema(
        operation_id="leads_create",
        request=s.LeadCreateSerializer,
        responses={
            201: s.LeadCreatedSerializer,
            400: OpenApiResponse(s.ProblemsSerializer, description="Every problem found."),
            **_AUTH_ERRORS,
            **_BAD_BODY,
        },
        summary="Create a lead from a screening (the wizard's validation and rules)",
    )
    def post(self, request):
        try:
            lead = lead_create_from_api(data=request.data, api_key=request.auth)
        except LeadInvalid as invalid:
            return _problems(invalid.problems)
        return Response(
            {"id": lead.pk, "assessment": lead.assessment}, status=http.HTTP_201_CREATED
        )


class LeadItem(APIView):
    required_scopes = {"GET": scopes.LEADS_READ, "PATCH": scopes.LEADS_WRITE}

    @extend_schema(
        operation_id="leads_read",
        responses={200: s.LeadDetailSerializer, **_AUTH_ERRORS, **_REFUSED, **_NOT_FOUND},
        parameters=[LEAD_ID],
        summary="One lead, when a consent permits disclosing it to this key's recipient",
    )
    def get(self, request, lead_id: str):
        key = request.auth
        lead_id = _lead_number(lead_id)
        try:
            if lead_id is None:
                raise Lead.DoesNotExist
            consent = disclosure_permit(
                lead_id=lead_id,
                recipient=key.recipient,
                channel=DisclosureChannel.API_READ,
                via=key.label(),
            )
        except Lead.DoesNotExist:
            return _not_found()
        except DisclosureRefused as refused:
            return _refused(refused)
        lead = Lead.objects.get(pk=lead_id)
        lead.information = consent.information
        with override("en"):
            lead.notice = str(REDISCLOSURE_NOTICE)
        if consent.information != ConsentInformation.SCREENING:
            lead.answers = lead.assessment = None
        lead.next_action = open_follow_up(lead)
        data = s.LeadDetailSerializer(lead).data
        disclosure_record(
            consent=consent,
            channel=DisclosureChannel.API_READ,
            recipient=key.recipient,
            via=key.label(),
        )
        _audit_read(request, lead, "lead")
        return Response(data)

    @extend_schema(
        operation_id="leads_update",
        request=s.LeadUpdateSerializer,
        responses={
            200: s.LeadStatusSerializer,
            400: OpenApiResponse(s.ProblemsSerializer, description="The change is refused."),
            **_AUTH_ERRORS,
            **_BAD_BODY,
            **_NOT_FOUND,
        },
        parameters=[LEAD_ID],
        summary="Move a lead's status (a closing status needs close_reason)",
    )
    def patch(self, request, lead_id: str):
        data = request.data if isinstance(request.data, dict) else {}
        lead_id = _lead_number(lead_id)
        try:
            if lead_id is None:
                raise Lead.DoesNotExist
            lead = lead_status_set(
                lead_id=lead_id,
                status=data.get("status"),
                reason=data.get("close_reason", ""),
                api_key=request.auth,
                ip=client_ip(request),
            )
        except Lead.DoesNotExist:
            return _not_found()
        except ActionRefused as refused:
            return Response(
                {"errors": [{"field": "status", "message": refused.message}]},
                status=http.HTTP_400_BAD_REQUEST,
            )
        return Response({"id": lead.pk, "status": lead.status})


def _serializer_problems(serializer) -> Response:
    return Response(
        {
            "errors": [
                {"field": "" if field == "non_field_errors" else field, "message": str(messages[0])}
                for field, messages in serializer.errors.items()
            ]
        },
        status=http.HTTP_400_BAD_REQUEST,
    )


def _follow_up_refused(refused: FollowUpRefused) -> Response:
    return Response(
        {"errors": [{"field": refused.field, "message": refused.message}]},
        status=http.HTTP_400_BAD_REQUEST,
    )


def _next_action(lead_id: int) -> Response:
    follow_up = open_follow_up(Lead(pk=lead_id))
    return Response(
        {
            "id": lead_id,
            "next_action": s.NextActionSerializer(follow_up).data if follow_up else None,
        }
    )


_NEXT_ACTION_RESPONSES = {
    200: s.NextActionOutSerializer,
    400: OpenApiResponse(s.ProblemsSerializer, description="The next action is refused."),
    **_AUTH_ERRORS,
    **_NOT_FOUND,
}


class LeadNextAction(APIView):
    required_scopes = {"PUT": scopes.LEADS_WRITE}

    @extend_schema(
        operation_id="leads_next_action_set",
        request=s.NextActionSetSerializer,
        responses={**_NEXT_ACTION_RESPONSES, **_BAD_BODY},
        parameters=[LEAD_ID],
        summary="Set the lead's next action (it replaces the open one; the lead must be open)",
    )
    def put(self, request, lead_id: str):
        lead_id = _lead_number(lead_id)
        body = s.NextActionSetSerializer(data=request.data)
        try:
            if lead_id is None or not Lead.objects.filter(pk=lead_id).exists():
                raise Lead.DoesNotExist
            if not body.is_valid():
                return _serializer_problems(body)
            follow_up_set(
                lead_id=lead_id,
                user=None,
                kind=body.validated_data["kind"],
                due_at=body.validated_data["due_at"],
                ip=client_ip(request),
                api_key=request.auth.prefix,
            )
        except Lead.DoesNotExist:
            return _not_found()
        except FollowUpRefused as refused:
            return _follow_up_refused(refused)
        return _next_action(lead_id)


class LeadNextActionDone(APIView):
    required_scopes = {"POST": scopes.LEADS_WRITE}

    @extend_schema(
        operation_id="leads_next_action_done",
        request=None,
        responses=_NEXT_ACTION_RESPONSES,
        parameters=[LEAD_ID],
        summary="Mark the lead's open next action done",
    )
    def post(self, request, lead_id: str):
        lead_id = _lead_number(lead_id)
        try:
            if lead_id is None:
                raise Lead.DoesNotExist
            follow_up_done(
                lead_id=lead_id,
                user=None,
                ip=client_ip(request),
                api_key=request.auth.prefix,
            )
        except Lead.DoesNotExist:
            return _not_found()
        except FollowUpRefused as refused:
            return _follow_up_refused(refused)
        return _next_action(lead_id)


class SlotCollection(APIView):
    required_scopes = {"GET": scopes.SLOTS_READ}

    @extend_schema(
        operation_id="slots_list",
        responses={200: s.SlotSerializer(many=True), **_AUTH_ERRORS},
        summary="Free assessment slots from now on, soonest first (no personal data)",
    )
    def get(self, request):
        slots = free_slots().select_related(None).only("pk", "starts_at", "ends_at", "mode")
        slots = slots[:SLOT_LIMIT]
        return Response(s.SlotSerializer(slots, many=True).data)


class LeadFhir(APIView):
    required_scopes = {"GET": scopes.FHIR_READ}
    renderer_classes = [FhirJSONRenderer, JSONRenderer]

    @extend_schema(
        operation_id="leads_fhir",
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT, description="A FHIR R4 Bundle (collection) of the lead."
            ),
            **_AUTH_ERRORS,
            **_REFUSED,
            **_NOT_FOUND,
        },
        parameters=[LEAD_ID],
        summary="The lead as a FHIR R4 Bundle, when a consent permits it",
    )
    def get(self, request, lead_id: str):
        key = request.auth
        lead_id = _lead_number(lead_id)
        try:
            if lead_id is None:
                raise Lead.DoesNotExist
            bundle = fhir_export(
                lead_id=lead_id,
                channel=DisclosureChannel.FHIR_API,
                recipient=key.recipient,
                via=key.label(),
            )
        except Lead.DoesNotExist:
            return _not_found()
        except DisclosureRefused as refused:
            return _refused(refused)
        _audit_read(request, Lead(pk=lead_id), "fhir")
        return Response(bundle)


class ProgramCollection(APIView):
    required_scopes = {"GET": scopes.PROGRAMS_READ}

    @extend_schema(
        operation_id="programs_list",
        responses={200: s.ProgramSerializer(many=True), **_AUTH_ERRORS},
        summary="The catalog of programs",
    )
    def get(self, request):
        programs = Program.objects.order_by("name", "pk")[:PROGRAM_LIMIT]
        return Response(s.ProgramSerializer(programs, many=True).data)
