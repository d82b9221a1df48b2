"""Booking one's own assessment on the result page in a real browser, on a phone-sized screen,
in English and Spanish: the list of free times and the confirmation, each with no axe
violation of any impact."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from admissions.models import AssessmentSlot, Booking, Lead, Status
from tests.e2e.conftest import PHONE, axe_violations
from tests.e2e.test_intake import REACH_OUT, send, start, walk
from tests.intake.conftest import STEP_POSTS

pytestmark = pytest.mark.e2e

WITH_EMAIL = {"contact": {**STEP_POSTS["contact"], "email": "robin@example.net"}}
WORDS = {
    "en": {"offer": "Book your assessment now (optional)", "button": "Book this time"},
    "es": {"offer": "Reserva tu evaluación ahora (opcional)", "button": "Reservar este horario"},
}
BOOKED = {"en": "You're booked for", "es": "Tienes cita el"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_person_who_asked_to_be_contacted_books_a_time_on_their_result_page(
    new_page, live_server, axe, clinician, language
):
    start_at = (timezone.now() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    for hours, mode, location in ((0, "phone", ""), (2, "in_person", "Room 2, 10 Main St")):
        AssessmentSlot.objects.create(
            staff=clinician,
            mode=mode,
            location=location,
            starts_at=start_at + timedelta(hours=hours),
            ends_at=start_at + timedelta(hours=hours + 1),
        )
    page = new_page(viewport=PHONE)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    start(page)
    walk(page, changes={**REACH_OUT, **WITH_EMAIL})
    send(page)
    offer = page.locator("#self-booking")
    assert offer.get_by_role("heading", name=WORDS[language]["offer"]).is_visible()
    assert offer.locator("input[name='slot']").count() == 2
    assert axe_violations(axe, page) == []

    offer.get_by_label(re.compile("Room 2, 10 Main St")).check()
    offer.get_by_role("button", name=WORDS[language]["button"]).click()
    page.wait_for_url(re.compile(r"/screen/result/#self-booking$"))
    assert BOOKED[language] in page.locator("#booked-time").inner_text()
    assert "Room 2, 10 Main St" in offer.inner_text()
    assert page.locator("#booking-change a[href^='tel:']").is_visible()
    assert offer.locator("input[name='slot']").count() == 0
    assert axe_violations(axe, page) == []

    lead = Lead.objects.get()
    made = Booking.objects.get()
    assert (made.lead, made.booked_by, made.slot.mode) == (lead, None, "in_person")
    assert lead.status == Status.ASSESSMENT_SCHEDULED
