"""Doorway's own account pages: the first-sign-in enrolment and the staff accounts page."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("enrol/", views.enrol, name="enrol"),
    path("accounts/", views.staff_accounts, name="staff_accounts"),
    path("accounts/unlock-address/", views.address_unlock, name="address_unlock"),
    path("accounts/<int:user_id>/unlock/", views.account_unlock, name="account_unlock"),
    path("accounts/<int:user_id>/reset/", views.factors_reset, name="factors_reset"),
]
