"""The person books their own assessment on the result page: offered only after asking to be
contacted (never with a crisis result, nor after "just show me the result"), for the lead the
session made and no other, with kind messages when a time is gone, and one booking when two
people take the last time at once (a real PostgreSQL race)."""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from admissions import booking
from admissions.models import AssessmentSlot, AuditEntry, Booking, Lead, LeadEvent, Status
from tests.factories import LeadFactory
from tests.intake.conftest import STEP_POSTS, Walker

RESULT = "/screen/result/"
BOOK = "/screen/result/book/"
REACH_OUT = {"finish": {"finish": "reach_out"}}
CRISIS = {"safety": {**STEP_POSTS["safety"], "suicidal_thoughts": "yes", "plan": "yes"}}
WITH_EMAIL = {"contact": {**STEP_POSTS["contact"], "email": "robin@example.net"}}
LOVED_ONE = {"start": {"respondent": "loved_one"}, "relationship": {"relationship": "parent"}}
TAKEN = "That time has just been taken. Please choose another one."
GONE = "That time is no longer available. Please choose another one."
CHOOSE = "Choose one of the times, then press “Book this time”."


def slot(staff, *, starts_at=None, hours_ahead: float = 48, mode="phone", location=""):
    start = starts_at or timezone.now() + timedelta(hours=hours_ahead)
    return AssessmentSlot.objects.create(
        staff=staff,
        mode=mode,
        location=location,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )


def asked_to_be_contacted(walker: Walker, changes: dict | None = None) -> Lead:
    walker.walk(changes={**REACH_OUT, **(changes or {})})
    assert walker.send()["Location"] == RESULT
    return Lead.objects.latest("pk")


def section(page: str) -> str:
    """The booking section of the result page ('' when it is not there)."""
    if 'id="self-booking"' not in page:
        return ""
    start = page.index('id="self-booking"')
    return page[start : page.index("</section>", start)]


def result_page(client) -> str:
    return client.get(RESULT).content.decode()


def offered_ids(page: str) -> list[int]:
    return [int(value) for value in re.findall(r'name="slot" value="(\d+)"', page)]


def test_after_asking_to_be_contacted_the_result_offers_the_next_free_times(
    walker, client, clinician
):
    asked_to_be_contacted(walker)
    phone = slot(clinician, hours_ahead=30)
    in_person = slot(clinician, hours_ahead=31, mode="in_person", location="Room 2, 10 Main St")
    video = slot(clinician, hours_ahead=54, mode="video", location="https://video.example/join")
    slot(clinician, hours_ahead=-2)  # past
    taken = slot(clinician, hours_ahead=40)
    booking.book(lead_id=LeadFactory().pk, slot_id=taken.pk)
    offer = section(result_page(client))
    assert "Book your assessment now (optional)" in offer
    assert offered_ids(offer) == [phone.pk, in_person.pk, video.pk]
    assert "By phone" in offer and "By video" in offer
    # Where to come, for an assessment in person only.
    assert "In person · Room 2, 10 Main St" in offer and "video.example" not in offer
    days = {timezone.localtime(each.starts_at).date() for each in (phone, in_person, video)}
    assert offer.count("<legend") == 1 + len(days)  # "Choose a time", then one per day
    assert "Book this time" in offer
    # The form names no lead: the session does.
    assert re.findall(r'action="([^"]*)"', offer) == [BOOK]
    assert set(re.findall(r'name="([^"]+)"', offer)) == {"csrfmiddlewaretoken", "slot"}


@time_machine.travel(datetime(2027, 1, 11, 17, 0, tzinfo=UTC), tick=False)
def test_times_are_grouped_by_the_centres_day_in_its_time_zone(walker, client, clinician):
    asked_to_be_contacted(walker)
    slot(clinician, starts_at=datetime(2027, 1, 14, 15, 0, tzinfo=UTC))
    # 02:30 in UTC is still Thursday evening in New York.
    slot(clinician, starts_at=datetime(2027, 1, 15, 2, 30, tzinfo=UTC))
    offer = section(result_page(client))
    assert settings.TIME_ZONE == "America/New_York"
    assert "Thursday, Jan. 14, 2027" in offer and "Friday" not in offer
    assert "10 a.m. to 11 a.m." in offer and "9:30 p.m. to 10:30 p.m." in offer
    assert "(EST)" in offer
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    spanish = section(result_page(client))
    assert "Reserva tu evaluación ahora (opcional)" in spanish
    assert "Jueves, 14 de enero de 2027" in spanish and "10:00 a 11:00" in spanish
    assert "Por teléfono" in spanish and "Reservar este horario" in spanish


@time_machine.travel(datetime(2027, 3, 10, 17, 0, tzinfo=UTC), tick=False)
def test_times_across_the_change_to_summer_time_name_both_zones(walker, client, clinician):
    asked_to_be_contacted(walker)
    slot(clinician, starts_at=datetime(2027, 3, 13, 15, 0, tzinfo=UTC))
    slot(clinician, starts_at=datetime(2027, 3, 15, 14, 0, tzinfo=UTC))
    offer = section(result_page(client))
    assert "(EDT/EST)" in offer and offer.count("10 a.m. to 11 a.m.") == 2


def test_a_loved_one_books_their_loved_ones_assessment(walker, client, clinician):
    asked_to_be_contacted(walker, LOVED_ONE)
    slot(clinician)
    assert "Book your loved one's assessment now (optional)" in section(result_page(client))


def test_the_setting_turns_it_off(walker, client, clinician, settings):
    settings.DOORWAY_SELF_BOOKING = False
    lead = asked_to_be_contacted(walker)
    free = slot(clinician)
    assert section(result_page(client)) == ""
    client.post(BOOK, {"slot": free.pk})
    assert not Booking.objects.exists()
    lead.refresh_from_db()
    assert lead.status == Status.NEW


def test_a_crisis_result_offers_no_booking_and_its_help_stays_first(walker, client, clinician):
    asked_to_be_contacted(walker, CRISIS)
    free = slot(clinician)
    page = result_page(client)
    assert 'id="crisis-panel"' in page and section(page) == ""
    client.post(BOOK, {"slot": free.pk})
    assert not Booking.objects.exists()


def test_just_show_me_the_result_offers_no_booking(walker, client, clinician):
    walker.walk()
    walker.send(consent=False)
    free = slot(clinician)
    assert section(result_page(client)) == ""
    client.post(BOOK, {"slot": free.pk})
    assert not Booking.objects.exists()


def test_no_free_time_means_no_offer(walker, client, clinician):
    asked_to_be_contacted(walker)
    slot(clinician, hours_ahead=-1)
    assert section(result_page(client)) == ""


def test_booking_a_time_schedules_the_lead_audits_it_and_says_what_comes_next(
    walker, client, clinician, django_capture_on_commit_callbacks
):
    lead = asked_to_be_contacted(walker, WITH_EMAIL)
    chosen = slot(clinician, mode="in_person", location="Room 2, 10 Main St")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(BOOK, {"slot": chosen.pk})
    assert response.status_code == 302 and response["Location"] == f"{RESULT}#self-booking"
    assert len(callbacks) == 1  # the confirmation, sent by the worker after the commit
    made = Booking.objects.get()
    assert (made.lead, made.slot, made.booked_by) == (lead, chosen, None)
    lead.refresh_from_db()
    assert lead.status == Status.ASSESSMENT_SCHEDULED
    audit = AuditEntry.objects.get(action="assessment_book")
    assert (audit.lead, audit.user, audit.ip) == (lead, None, None)
    assert audit.detail["by_the_person"] is True
    event = LeadEvent.objects.get(lead=lead, kind="appointment_booked")
    assert event.actor is None
    booked = section(result_page(client))
    assert "Your assessment is booked" in booked and "You're booked for" in booked
    assert "Where:</span> Room 2, 10 Main St" in booked
    assert "What to expect" in booked and "on its way to your email" in booked
    assert 'To change or cancel it, call Doorway Demo Centre at <a href="tel:2025550142">' in booked
    assert 'name="slot"' not in booked


def test_the_confirmation_sent_after_booking_carries_an_ics_and_no_treatment_words(
    walker, client, clinician
):
    asked_to_be_contacted(walker, WITH_EMAIL)
    chosen = slot(clinician, mode="phone")
    client.post(BOOK, {"slot": chosen.pk})
    # What the worker does with the task enqueued after the commit.
    booking.send_confirmation(booking_id=Booking.objects.get().pk)
    to_person = mail.outbox[0]
    assert to_person.to == ["robin@example.net"]
    sent = (to_person.subject + to_person.body).lower()
    for word in ("treatment", "assessment", "addiction", "alcohol", "level of care", "substance"):
        assert word not in sent
    (event,) = Calendar.from_ical(to_person.attachments[0][1]).walk("VEVENT")
    assert event.decoded("dtstart") == chosen.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == chosen.ends_at.replace(microsecond=0)
    assert str(event.get("summary")) == "Appointment"


def test_the_lead_booked_is_the_sessions_own_whatever_the_post_says(walker, client, clinician):
    mine = asked_to_be_contacted(walker)
    theirs = LeadFactory()
    chosen = slot(clinician)
    forged = {"slot": chosen.pk, "lead": theirs.pk, "lead_id": theirs.pk}
    client.post(f"{BOOK}?lead={theirs.pk}", forged)
    assert Booking.objects.get().lead == mine
    assert not theirs.bookings.exists()


def test_without_a_screening_in_this_browser_nothing_is_booked(client, db, clinician):
    chosen = slot(clinician)
    lead = LeadFactory()
    response = client.post(BOOK, {"slot": chosen.pk, "lead_id": lead.pk})
    assert response["Location"] == "/screen/"
    assert not Booking.objects.exists()


@pytest.mark.parametrize("posted", [{}, {"slot": ""}, {"slot": "soon"}, {"slot": "-3"}])
def test_no_choice_asks_kindly_and_shows_the_times_again(walker, client, clinician, posted):
    asked_to_be_contacted(walker)
    free = slot(clinician)
    response = client.post(BOOK, posted)
    assert response["Location"] == f"{RESULT}#self-booking"
    offer = section(result_page(client))
    assert CHOOSE in offer and offered_ids(offer) == [free.pk]
    assert not Booking.objects.exists()
    # Said once: a reload shows the times without it.
    assert CHOOSE not in result_page(client)


def test_a_time_that_is_gone_or_past_is_refused_kindly(walker, client, clinician):
    asked_to_be_contacted(walker)
    free = slot(clinician)
    past = slot(clinician, hours_ahead=-1)
    for chosen in (past.pk, 987654):
        client.post(BOOK, {"slot": chosen})
        offer = section(result_page(client))
        assert f"{GONE} Here are the times still free." in offer
        assert offered_ids(offer) == [free.pk]
    assert not Booking.objects.exists()


def test_a_time_taken_meanwhile_shows_the_others(walker, client, clinician):
    asked_to_be_contacted(walker)
    contested = slot(clinician, hours_ahead=30)
    other = slot(clinician, hours_ahead=50)
    page_before = result_page(client)
    assert offered_ids(section(page_before)) == [contested.pk, other.pk]
    booking.book(lead_id=LeadFactory().pk, slot_id=contested.pk)
    client.post(BOOK, {"slot": contested.pk})
    offer = section(result_page(client))
    assert f"{TAKEN} Here are the times still free." in offer
    assert offered_ids(offer) == [other.pk]


def test_the_last_time_taken_meanwhile_says_the_counsellor_will_find_one(walker, client, clinician):
    lead = asked_to_be_contacted(walker)
    last = slot(clinician)
    booking.book(lead_id=LeadFactory().pk, slot_id=last.pk)
    client.post(BOOK, {"slot": last.pk})
    offer = section(result_page(client))
    assert TAKEN in offer and "No other time is free just now" in offer
    assert 'name="slot"' not in offer
    assert not lead.bookings.exists()


def test_once_booked_the_page_shows_the_booking_and_a_second_post_changes_nothing(
    walker, client, clinician
):
    lead = asked_to_be_contacted(walker)
    first, second = slot(clinician, hours_ahead=30), slot(clinician, hours_ahead=50)
    client.post(BOOK, {"slot": first.pk})
    # A second click, or the form posted again from the browser's history.
    client.post(BOOK, {"slot": second.pk})
    assert list(lead.bookings.values_list("slot", "status")) == [(first.pk, "booked")]
    offer = section(result_page(client))
    assert "You're booked for" in offer and 'name="slot"' not in offer


def test_a_booking_staff_made_shows_instead_of_the_times(walker, client, clinician, counsellor):
    lead = asked_to_be_contacted(walker)
    lead.assigned_to = counsellor
    lead.save(update_fields=["assigned_to"])
    booking.book(lead_id=lead.pk, slot_id=slot(clinician, mode="video").pk, user=counsellor)
    slot(clinician, hours_ahead=80)
    offer = section(result_page(client))
    assert "You're booked for" in offer and "(by video)" in offer
    assert 'name="slot"' not in offer


def test_a_closed_lead_offers_no_booking(walker, client, clinician):
    lead = asked_to_be_contacted(walker)
    Lead.objects.filter(pk=lead.pk).update(status=Status.CLOSED)
    free = slot(clinician)
    assert section(result_page(client)) == ""
    client.post(BOOK, {"slot": free.pk})
    assert not Booking.objects.exists()


def test_booking_posts_are_rate_limited_like_the_steps(walker, client, clinician, settings):
    asked_to_be_contacted(walker)
    settings.DOORWAY_RATE_STEPS = "2/m"
    from django.core.cache import cache

    cache.clear()
    for _ in range(2):
        assert client.post(BOOK, {})["Location"] == f"{RESULT}#self-booking"
    response = client.post(BOOK, {"slot": slot(clinician).pk})
    assert response.status_code == 429
    assert 'href="/screen/result/"' in response.content.decode()
    assert not Booking.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_time_at_once_get_one_booking_and_a_kind_message(clinician):
    people = [Walker(Client()) for _ in range(2)]
    leads = [asked_to_be_contacted(person) for person in people]
    contested = slot(clinician, hours_ahead=30)
    other = slot(clinician, hours_ahead=50)
    start = threading.Barrier(2)
    pages: dict[int, str] = {}

    def book_on_the_result_page(index: int) -> None:
        try:
            start.wait()
            people[index].client.post(BOOK, {"slot": contested.pk})
            pages[index] = section(result_page(people[index].client))
        finally:
            connection.close()

    threads = [threading.Thread(target=book_on_the_result_page, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert Booking.objects.filter(slot=contested, status="booked").count() == 1
    winner = Booking.objects.get(slot=contested).lead
    loser = 1 - leads.index(winner)
    assert "You're booked for" in pages[1 - loser]
    assert f"{TAKEN} Here are the times still free." in pages[loser]
    assert offered_ids(pages[loser]) == [other.pk]
    assert not leads[loser].bookings.exists()
