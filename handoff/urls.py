"""The API (/api/), and the staff and patient pages of consents, disclosures and webhooks."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from handoff import views
from handoff.api import views as api
from handoff.api.docs import ApiDocsView

app_name = "handoff"

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="handoff:schema"), name="api_docs"),
    path("api/v1/leads/", api.LeadCollection.as_view(), name="api_leads"),
    path("api/v1/leads/<str:lead_id>/", api.LeadItem.as_view(), name="api_lead"),
    path("api/v1/leads/<str:lead_id>/fhir", api.LeadFhir.as_view(), name="api_lead_fhir"),
    path("api/v1/programs/", api.ProgramCollection.as_view(), name="api_programs"),
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
    re_path(r"^api/", api.not_found, name="api_not_found"),
]
