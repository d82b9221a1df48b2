from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("help/", views.crisis_help, name="help"),
    path("exit/", views.quick_exit, name="quick_exit"),
]
