from django.urls import path

from accounts import views as accounts_views
from admissions import booking_views, insurance_views, views, waiting_views

app_name = "admissions"

urlpatterns = [
    # Sign-in lives in accounts; these names stay for the links and templates that use them.
    path("login/", accounts_views.login, name="login"),
    path("logout/", accounts_views.staff_logout, name="logout"),
    path("", views.queue, name="queue"),
    path("leads/new/", views.lead_new, name="lead_new"),
    path("leads/<int:lead_id>/", views.lead_detail, name="lead_detail"),
    path("leads/<int:lead_id>/claim/", views.lead_claim, name="lead_claim"),
    path("leads/<int:lead_id>/reassign/", views.lead_reassign, name="lead_reassign"),
    path("leads/<int:lead_id>/contact/", views.lead_contact, name="lead_contact"),
    path("leads/<int:lead_id>/note/", views.lead_note, name="lead_note"),
    path("leads/<int:lead_id>/status/", views.lead_status, name="lead_status"),
    path("leads/<int:lead_id>/follow-up/", views.lead_follow_up, name="lead_follow_up"),
    path("leads/<int:lead_id>/follow-up/snooze/", views.lead_snooze, name="lead_snooze"),
    path(
        "leads/<int:lead_id>/follow-up/done/",
        views.lead_follow_up_done,
        name="lead_follow_up_done",
    ),
    path("my-day/", views.my_day, name="my_day"),
    path("leads/<int:lead_id>/book/", views.lead_book, name="lead_book"),
    path("leads/<int:lead_id>/booking/no-show/", views.lead_no_show, name="lead_no_show"),
    path(
        "leads/<int:lead_id>/booking/cancel/",
        views.lead_booking_cancel,
        name="lead_booking_cancel",
    ),
    path("slots/", booking_views.slots, name="slots"),
    path("leads/<int:lead_id>/waiting-list/", views.lead_wait, name="lead_wait"),
    path("leads/<int:lead_id>/waiting-list/remove/", views.lead_unwait, name="lead_unwait"),
    path("waiting-lists/", waiting_views.waiting_lists, name="waiting_lists"),
    path(
        "programs/<int:program_id>/waiting-list/",
        waiting_views.program_waiting_list,
        name="program_waiting_list",
    ),
    path("leads/<int:lead_id>/merge/", views.lead_merge, name="lead_merge"),
    path("leads/<int:lead_id>/contact-details/", views.lead_correct_contact, name="lead_correct"),
    path(
        "leads/<int:lead_id>/level-confirmation/",
        views.lead_confirm_level,
        name="lead_confirm_level",
    ),
    path("leads/<int:lead_id>/audit/", views.audit_log, name="lead_audit"),
    path(
        "leads/<int:lead_id>/insurance/",
        insurance_views.lead_insurance_cards,
        name="lead_insurance",
    ),
    path(
        "leads/<int:lead_id>/insurance/<slug:name>/",
        insurance_views.insurance_card_image,
        name="insurance_card_image",
    ),
    path("export.csv", views.export_csv, name="export"),
    path("audit/", views.audit_log, name="audit"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
