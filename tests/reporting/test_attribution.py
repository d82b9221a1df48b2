"""Where people come from: campaign tags and the referring site, first-party, nothing personal."""

import pytest
from faker import Faker

from admissions import attribution
from admissions.models import Lead
from admissions.services import lead_create
from intake.models import AnonymousResult, ScreeningStart
from tests.factories import BASE_ANSWERS
from tests.intake.conftest import Walker

pytestmark = pytest.mark.django_db
fake = Faker()

CAMPAIGN = "?utm_source=Newsletter&utm_medium=email&utm_campaign=spring-2026&utm_term=my+name"
SEARCH = "https://www.google.com/search?q=rehab+near+me"


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("Newsletter", "newsletter"),
        ("  spring   2026 ", "spring 2026"),
        (fake.email(), ""),
        ("+1 555 010 0199", ""),
        ("<script>", ""),
        ("x" * 200, "x" * attribution.VALUE_MAX),
        (None, ""),
        (42, ""),
    ],
)
def test_campaign_tags_keep_short_plain_words_and_drop_what_could_name_someone(value, kept):
    assert attribution.clean_tag(value) == kept


@pytest.mark.parametrize(
    ("referer", "host"),
    [
        (SEARCH, "google.com"),
        ("https://clinic.example.org/path/to/page?name=Robin#x", "clinic.example.org"),
        ("android-app://com.google.android.gm/", ""),
        ("not a url", ""),
        ("", ""),
    ],
)
def test_only_the_host_of_the_referring_page_is_kept(referer, host):
    assert attribution.host_of(referer) == host


def test_the_first_patient_page_records_the_campaign_and_the_site_before(client):
    client.get(f"/{CAMPAIGN}", HTTP_REFERER=SEARCH)
    assert client.session["attribution"] == {
        "utm_source": "newsletter",
        "utm_medium": "email",
        "utm_campaign": "spring-2026",
        "referrer_host": "google.com",
    }
    assert "my name" not in str(dict(client.session))


def test_later_pages_and_moving_between_doorway_pages_do_not_overwrite_it(client):
    client.get(f"/screen/{CAMPAIGN}", HTTP_REFERER=SEARCH)
    client.get("/programs/?utm_source=other", HTTP_REFERER="https://elsewhere.example.com/")
    client.get("/screen/", HTTP_REFERER="http://testserver/programs/")
    assert client.session["attribution"]["utm_source"] == "newsletter"
    assert client.session["attribution"]["referrer_host"] == "google.com"


def test_a_visit_that_brings_nothing_stores_nothing(client):
    client.get("/", HTTP_REFERER="http://testserver/help/")
    assert "attribution" not in client.session


def test_staff_and_admin_pages_record_nothing(client):
    client.get("/staff/login/?utm_source=newsletter", HTTP_REFERER=SEARCH)
    client.get("/admin/login/?utm_source=newsletter", HTTP_REFERER=SEARCH)
    assert "attribution" not in client.session


def test_no_page_sends_anything_to_a_third_party(client):
    """No tracker and no pixel: every script, image and style comes from Doorway itself."""
    page = client.get(f"/{CAMPAIGN}", HTTP_REFERER=SEARCH).content.decode()
    assert "google-analytics" not in page and "googletagmanager" not in page
    assert "facebook" not in page and '<img src="http' not in page
    assert "script-src 'self'" in client.get("/").headers["Content-Security-Policy"]


def test_a_screening_sent_with_a_request_to_be_contacted_keeps_where_it_came_from(client):
    walker = Walker(client)
    client.get(f"/screen/{CAMPAIGN}", HTTP_REFERER=SEARCH)
    walker.walk(changes={"finish": {"finish": "reach_out"}})
    assert walker.send().status_code == 302
    lead = Lead.objects.get()
    assert (lead.utm_source, lead.utm_medium, lead.utm_campaign, lead.referrer_host) == (
        "newsletter",
        "email",
        "spring-2026",
        "google.com",
    )
    start = ScreeningStart.objects.get()
    assert (start.utm_source, start.referrer_host) == ("newsletter", "google.com")


def test_a_result_only_screening_keeps_where_it_came_from_and_nothing_else(client):
    walker = Walker(client)
    client.get(f"/screen/{CAMPAIGN}", HTTP_REFERER=SEARCH)
    walker.walk()
    assert walker.send().status_code == 302
    result = AnonymousResult.objects.get()
    assert (result.utm_campaign, result.referrer_host) == ("spring-2026", "google.com")
    assert Lead.objects.count() == 0


def test_a_screening_is_counted_as_started_once_and_again_after_starting_over(client):
    walker = Walker(client)
    walker.walk(until="substances")
    assert ScreeningStart.objects.count() == 1
    client.post("/screen/restart/")
    walker.walk(until="age")
    assert ScreeningStart.objects.count() == 2


def test_the_lead_service_cleans_attribution_from_any_caller():
    lead = lead_create(
        answers=BASE_ANSWERS,
        contact={"first_name": fake.first_name(), "phone": "555 010 0199"},
        source="api",
        consent_version="1",
        consent_to_texts=False,
        attribution={"utm_source": fake.email(), "utm_campaign": "Fall", "referrer_host": "x"},
    )
    assert (lead.utm_source, lead.utm_campaign, lead.referrer_host) == ("", "fall", "")
