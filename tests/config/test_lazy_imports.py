"""A process that imports the URLs and shows the screening does not carry the libraries of the
API, the FHIR export, the X12 back end or passkeys: each is imported by the first request that
needs it. (Together they weighed some 45 MB in every web and Celery worker.)"""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT
from tests.reliability.conftest import test_database_url

HEAVY = ["fhir.resources", "rest_framework.views", "drf_spectacular.openapi", "fido2.server"]
HEAVY += ["x12sdk", "pydantic", "httpx", "pygments", "rest_framework.templatetags", "icalendar"]

SHOW_PAGES = """
import json, sys
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
browser = Client()
statuses = [browser.get(url).status_code for url in ("/", "/screen/", "/help/")]
import config.urls, admissions.tasks, benefits.tasks, handoff.tasks, intake.tasks
print(json.dumps({"statuses": statuses, "loaded": [m for m in sys.argv[1:] if m in sys.modules]}))
"""


@pytest.mark.django_db
def test_showing_pages_and_loading_the_tasks_imports_none_of_the_heavy_libraries():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": test_database_url(),
    }
    shown = subprocess.run(
        [sys.executable, "-c", SHOW_PAGES, *HEAVY],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr[-3000:]
    found = json.loads(shown.stdout.strip().splitlines()[-1])
    assert found["statuses"] == [200, 200, 200]
    assert found["loaded"] == []


@pytest.mark.django_db
def test_a_lazy_api_view_answers_as_the_real_one(client):
    # The API's own refusal (JSON), not the site's HTML page: DRF was imported on demand.
    response = client.get("/api/v1/leads/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    assert client.get("/api/nothing-here/").json()["detail"]
