from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.reports, name="reports"),
    path("<slug:table>.csv", views.report_csv, name="csv"),
]
