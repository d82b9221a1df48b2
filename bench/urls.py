"""The project's URLs plus the baseline view. Production never loads this module."""

from django.urls import path

from bench.baseline.views import insert_one
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("bench/baseline/", insert_one, name="bench_baseline"), *project_urlpatterns]
