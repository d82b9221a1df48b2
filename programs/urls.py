from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("", views.home, name="home"),
    path("programs/", views.program_list, name="list"),
    path("programs/<int:pk>/", views.program_by_id, name="by_id"),
    path("programs/<slug:slug>/", views.program_detail, name="detail"),
]
