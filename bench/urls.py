"""The project's URLs plus the baseline views. Production never loads this module."""

from django.urls import path

from bench.baseline.views import insert_one, session_step
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("bench/baseline/", insert_one, name="bench_baseline"),
    path("bench/session/", session_step, name="bench_session_baseline"),
    *project_urlpatterns,
]
