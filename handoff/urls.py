"""The API (/api/), and the staff and patient pages of consents, disclosures and webhooks.

The API's views (Django REST framework, drf-spectacular, the FHIR models) are imported on their
first request: a process that only shows pages, or a Celery worker that reverses a URL, does
not carry them.
"""

from django.urls import path, re_path

from config.lazy import lazy_class_view, lazy_view
from handoff import views

app_name = "handoff"


def _api(name: str, **initkwargs) -> object:
    """One of the API's views (all exempt from Django's CSRF check: DRF does its own)."""
    return lazy_class_view(f"handoff.api.views.{name}", csrf_exempt=True, **initkwargs)


urlpatterns = [
    path(
        "api/schema/",
        lazy_class_view("drf_spectacular.views.SpectacularAPIView", csrf_exempt=True),
        name="schema",
    ),
    path(
        "api/docs/",
        lazy_class_view(
            "handoff.api.docs.ApiDocsView", csrf_exempt=True, url_name="handoff:schema"
        ),
        name="api_docs",
    ),
    path("api/v1/leads/", _api("LeadCollection"), name="api_leads"),
    path("api/v1/leads/<str:lead_id>/", _api("LeadItem"), name="api_lead"),
    path("api/v1/leads/<str:lead_id>/fhir", _api("LeadFhir"), name="api_lead_fhir"),
    path(
        "api/v1/leads/<str:lead_id>/next-action",
        _api("LeadNextAction"),
        name="api_lead_next_action",
    ),
    path(
        "api/v1/leads/<str:lead_id>/next-action/done",
        _api("LeadNextActionDone"),
        name="api_lead_next_action_done",
    ),
    path("api/v1/programs/", _api("ProgramCollection"), name="api_programs"),
    path("api/v1/slots/", _api("SlotCollection"), name="api_slots"),
    path("screen/result/consent/", views.own_consent, name="own_consent"),
    path("staff/leads/<int:lead_id>/consents/", views.lead_consents_page, name="lead_consents"),
    path("staff/leads/<int:lead_id>/consents/add/", views.consent_add, name="consent_add"),
    path(
        "staff/leads/<int:lead_id>/consents/<int:consent_id>/revoke/",
        views.consent_withdraw,
        name="consent_revoke",
    ),
    path("staff/leads/<int:lead_id>/referral/", views.referral, name="referral"),
    path("staff/leads/<int:lead_id>/fhir-push/", views.fhir_push, name="fhir_push"),
    path("staff/integrations/webhooks/", views.webhook_log, name="webhook_log"),
    path(
        "staff/integrations/webhooks/<int:delivery_id>/replay/",
        views.webhook_replay,
        name="webhook_replay",
    ),
    # Anything else under /api/ answers JSON too, never the site's HTML 404 page.
    re_path(
        r"^api/",
        lazy_view("handoff.api.views.not_found", csrf_exempt=True),
        name="api_not_found",
    ),
]
