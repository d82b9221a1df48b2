from django.urls import path

from benefits import views

app_name = "benefits"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("leads/<int:lead_id>/", views.lead_benefits, name="lead"),
    path("leads/<int:lead_id>/coverage/", views.coverage_edit, name="coverage"),
    path("leads/<int:lead_id>/check/", views.check_run, name="check"),
    path("leads/<int:lead_id>/phone-check/", views.phone_check, name="phone_check"),
    path("leads/<int:lead_id>/outcome/", views.outcome, name="outcome"),
    path("leads/<int:lead_id>/checks/<int:pk>/", views.check_detail, name="check_detail"),
]
