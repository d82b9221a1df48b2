"""The centre's own name, admissions phone, address and hours on every patient page."""

import json
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import loader
from django.urls import reverse

from config.env import env_phone
from programs.centre import Centre, check_centre_details, current_centre
from tests.config.test_settings import PRODUCTION, django_prints
from tests.factories import BASE_ANSWERS, ProgramFactory, assess

pytestmark = pytest.mark.django_db

CENTRE = {
    "name": "Riverside Recovery",
    "phone": "+1 (312) 555-0188",
    "address": "40 Lake Road, Evanston, IL 60201",
    "hours": {"en": "Monday to Friday, 9 am to 5 pm", "es": "De lunes a viernes, de 9:00 a 17:00"},
}
PRINT_CENTRE = (
    "import json; from django.conf import settings; print(json.dumps(settings.DOORWAY_CENTRE))"
)
NOTHING = {"name": "", "phone": "", "address": "", "hours": {"en": "", "es": ""}}


@pytest.fixture
def centre(settings):
    settings.DOORWAY_CENTRE = CENTRE
    return CENTRE


def result_page(client) -> str:
    session = client.session
    session["intake_result"] = {
        "assessment": assess(BASE_ANSWERS),
        "answers": BASE_ANSWERS,
        "steps": {},
        "lead": False,
        "lead_id": None,
    }
    session.save()
    return client.get(reverse("intake:result")).content.decode()


def footer(content: str) -> str:
    return content[content.index("<footer") :]


PATIENT_PAGES = ["/", "/help/", "/programs/", "/screen/", "/screen/resume/", "/no-such-page/"]


@pytest.mark.parametrize("path", PATIENT_PAGES)
def test_every_patient_page_footer_gives_the_centre_and_a_number_to_call(client, centre, path):
    bottom = footer(client.get(path).content.decode())
    assert "Riverside Recovery" in bottom
    assert '<a href="tel:+13125550188">+1 (312) 555-0188</a>' in bottom
    assert "40 Lake Road, Evanston, IL 60201" in bottom
    assert "Monday to Friday, 9 am to 5 pm" in bottom


def test_the_result_programs_and_a_program_page_offer_a_call_to_admissions(client, centre):
    program = ProgramFactory()
    pages = {
        "result": result_page(client),
        "programs": client.get("/programs/").content.decode(),
        "program": client.get(program.get_absolute_url()).content.decode(),
    }
    for place, content in pages.items():
        body = content[: content.index("<footer")]
        card = body[body.index(f'id="centre-contact-{place}"') :]
        assert "Talk to our admissions team" in card, place
        assert 'href="tel:+13125550188">Call admissions: +1 (312) 555-0188</a>' in card, place
        assert "Monday to Friday, 9 am to 5 pm" in card and "40 Lake Road" in card, place


def test_spanish_pages_show_the_hours_in_spanish_and_fall_back_to_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    settings.DOORWAY_CENTRE = CENTRE
    content = client.get("/programs/").content.decode()
    assert "De lunes a viernes, de 9:00 a 17:00" in content
    assert "Llamar a admisiones: +1 (312) 555-0188" in content
    settings.DOORWAY_CENTRE = {**CENTRE, "hours": {"en": CENTRE["hours"]["en"], "es": ""}}
    assert "Monday to Friday, 9 am to 5 pm" in client.get("/programs/").content.decode()


def test_details_left_unset_are_not_shown_at_all(client, settings):
    settings.DOORWAY_CENTRE = NOTHING
    content = client.get("/programs/").content.decode()
    assert "Talk to our admissions team" not in content
    assert "Admissions:" not in content
    assert "tel:+" not in content and 'href="tel:"' not in content
    assert "988" in footer(content), "the crisis lines are always there"
    settings.DOORWAY_CENTRE = {**NOTHING, "phone": "(202) 555-0142"}
    content = client.get("/programs/").content.decode()
    assert '<a href="tel:2025550142">(202) 555-0142</a>' in footer(content)
    assert "<address" not in content, "no empty address"


def test_the_error_page_without_any_context_still_renders_its_footer():
    # The 500 page is rendered with no context processors: no centre, no crash.
    content = loader.get_template("500.html").render()
    assert "988" in footer(content) and "Admissions:" not in content


def centre_settings(**environment: str) -> dict:
    """settings.DOORWAY_CENTRE as a fresh process with ``environment`` reads it."""
    return json.loads(django_prints(PRINT_CENTRE, **environment))


def test_development_shows_made_up_demo_details_and_production_none_until_set():
    development = centre_settings()
    assert development["phone"] == "(202) 555-0142"  # 555-01xx numbers never ring anyone
    assert development["name"] and development["address"] and development["hours"]["es"]
    assert centre_settings(**PRODUCTION) == NOTHING
    assert centre_settings(DOORWAY_CENTRE_HOURS="Weekdays 9 to 5")["hours"] == {
        "en": "Weekdays 9 to 5",
        "es": "",
    }, "real English hours are not shown beside made-up Spanish ones"


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("(202) 555-0142", "tel:2025550142"),
        ("+1 202 555 0142", "tel:+12025550142"),
        ("+44 20 7946 0958", "tel:+442079460958"),
        ("202.555.0142", "tel:2025550142"),
    ],
)
def test_the_phone_becomes_a_tel_link_of_its_digits(phone, href):
    assert Centre(name="", phone=phone, address="", hours="").tel_href == href


@pytest.mark.parametrize("value", ["call us", "0142", "(202) 555-0142 ext. 4", "202/555/0142"])
def test_a_phone_setting_that_is_not_a_number_stops_the_app(monkeypatch, value):
    monkeypatch.setenv("DOORWAY_CENTRE_PHONE", value)
    with pytest.raises(ImproperlyConfigured, match="DOORWAY_CENTRE_PHONE"):
        env_phone("DOORWAY_CENTRE_PHONE")


def test_the_deploy_check_is_quiet_once_everything_is_set(settings):
    settings.DOORWAY_CENTRE = CENTRE
    assert check_centre_details() == []
    settings.DOORWAY_CENTRE = {**CENTRE, "address": "", "hours": {"en": "", "es": "Lunes"}}
    [warning] = check_centre_details()
    assert warning.id == "doorway.W001"
    assert re.search(r"DOORWAY_CENTRE_ADDRESS, DOORWAY_CENTRE_HOURS\b", warning.hint)


def test_current_centre_picks_the_hours_of_the_language_asked_for(settings):
    settings.DOORWAY_CENTRE = CENTRE
    assert current_centre("es").hours == CENTRE["hours"]["es"]
    assert current_centre("es-mx").hours == CENTRE["hours"]["es"]
    assert current_centre("en").hours == CENTRE["hours"]["en"]


def test_the_samhsa_helpline_is_a_number_to_tap_wherever_it_is_written(client):
    # With no program in the catalogue the result points to the helpline as well.
    pages = [client.get("/help/").content.decode(), result_page(client)]
    assert any("662-4357" in content for content in pages)
    for content in pages:
        plain = re.sub(r'<a [^>]*href="tel:18006624357"[^>]*>.*?</a>', "", content, flags=re.S)
        assert "662-4357" not in plain
