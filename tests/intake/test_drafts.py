"""Finish later and resume: a private link, the contact asked first, 7 days, then purged."""

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from intake.models import Draft
from intake.services import draft_save
from intake.tasks import purge_expired_drafts
from tests.conftest import closed_port
from tests.intake.conftest import step_url

EMAIL = "robin.test@example.org"


class CapturingSender:
    """Stands in for an SMS gateway, which tests cannot reach."""

    sent: list[tuple[str, str]] = []

    def send(self, to: str, body: str) -> None:
        CapturingSender.sent.append((to, body))


def _finish_later(walker, client, contact: str = EMAIL):
    walker.walk(until="health")
    response = walker.post("health", {"medical_unstable": "yes"}, action="later")
    assert response["Location"] == "/screen/later/"
    return client.post("/screen/later/", {"contact": contact})


LINK = re.compile(r"https?://\S+/screen/resume/open/#[\w-]+")


def _link_from_mail() -> str:
    return LINK.search(mail.outbox[-1].body).group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def _open(client, link: str):
    """What a browser does with the link: it requests the page without what follows "#", and
    the page's script posts the token."""
    path, _, token = _path(link).partition("#")
    assert token not in path
    assert client.get(path).status_code == 200
    return client.post(path, {"token": token})


def test_finish_later_emails_a_link_and_keeps_nothing_in_the_browser(walker, client):
    response = _finish_later(walker, client)
    assert response["Location"] == "/screen/later/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert "treatment" not in message.subject.lower()
    assert "alcohol" not in message.body
    assert "intake" not in client.session
    assert client.get("/screen/begin/")["Location"] == step_url("start")


def test_the_draft_stores_neither_the_token_nor_the_contact_in_the_clear(walker, client):
    _finish_later(walker, client)
    draft = Draft.objects.get()
    token = _link_from_mail().rsplit("#", 1)[-1]
    stored = " ".join(str(value) for value in Draft.objects.values().get().values())
    assert token not in stored and EMAIL not in stored and "robin" not in stored.lower()
    lifetime = draft.expires_at - draft.created_at
    assert timedelta(days=7) - timedelta(minutes=1) < lifetime <= timedelta(days=7)


def test_the_link_asks_for_the_contact_before_showing_anything(walker, client):
    _finish_later(walker, client)
    link = _link_from_mail()
    client.cookies.clear()  # a different browser, as when the link is opened on a phone
    landing = _open(client, link)
    assert landing["Location"] == "/screen/resume/"
    page = client.get("/screen/resume/")
    assert "enter the email address or phone number" in page.content.decode()
    wrong = client.post("/screen/resume/", {"contact": "someone.else@example.org"})
    assert wrong["Location"] == "/screen/resume/"  # a failed post shows on the page's GET
    wrong = client.get("/screen/resume/")
    assert 'value="someone.else@example.org"' in wrong.content.decode()
    assert "not the email or phone number" in wrong.content.decode()
    assert client.get("/screen/begin/")["Location"] == step_url("start")
    right = client.post("/screen/resume/", {"contact": EMAIL.upper()})
    assert right["Location"] == "/screen/begin/"
    assert client.get("/screen/begin/")["Location"] == step_url("risks")
    health = client.get(step_url("health"))
    assert health.context["form"]["medical_unstable"].value() == "yes"


def test_a_draft_is_destroyed_after_five_wrong_contacts(walker, client):
    _finish_later(walker, client)
    _open(client, _link_from_mail())
    for _ in range(4):
        assert client.post("/screen/resume/", {"contact": "555 123 4567"}).status_code == 302
    last = client.post("/screen/resume/", {"contact": "555 123 4567"})
    assert "This link no longer works" in last.content.decode()
    assert Draft.objects.count() == 0


def test_an_expired_link_shows_a_clear_page_and_deletes_the_draft(walker, client):
    _finish_later(walker, client)
    link = _link_from_mail()
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        _open(client, link)
        page = client.get("/screen/resume/")
    assert page.status_code == 200
    assert "This link no longer works" in page.content.decode()
    assert "Start a new screening" in page.content.decode()
    assert Draft.objects.count() == 0


def test_an_unknown_link_shows_the_same_clear_page(client, db):
    client.post("/screen/resume/open/", {"token": "not-a-real-token"})
    assert "This link no longer works" in client.get("/screen/resume/").content.decode()


@override_settings(DOORWAY_SMS_SENDER="tests.intake.test_drafts.CapturingSender")
def test_a_phone_number_gets_the_link_by_text(walker, client):
    CapturingSender.sent.clear()
    _finish_later(walker, client, contact="(555) 010-0199")
    [(to, body)] = CapturingSender.sent
    assert to == "5550100199"
    link = LINK.search(body).group(0)
    client.cookies.clear()
    _open(client, link)
    assert client.post("/screen/resume/", {"contact": "+1 555 010 0199"}).status_code == 302
    assert mail.outbox == []


@override_settings(DOORWAY_SMS_SENDER="intake.sms.LogSmsSender")  # the default outside development
def test_the_default_text_sender_logs_neither_the_number_nor_the_link(walker, client, caplog):
    caplog.set_level(logging.DEBUG)
    _finish_later(walker, client, contact="555 010 0199")
    assert "Text message sent" in caplog.text
    assert "0100199" not in caplog.text and "/screen/resume/" not in caplog.text.replace(
        "/screen/resume/ ", ""
    )
    assert not re.search(r"/screen/resume/[\w-]{20,}", caplog.text)


def test_finishing_later_again_replaces_the_earlier_draft(walker, client):
    _finish_later(walker, client)
    first_link = _link_from_mail()
    _open(client, first_link)
    client.post("/screen/resume/", {"contact": EMAIL})
    walker.post("health", {"medical_unstable": "no"}, action="later")
    client.post("/screen/later/", {"contact": EMAIL})
    assert Draft.objects.count() == 1
    _open(client, first_link)
    assert "This link no longer works" in client.get("/screen/resume/").content.decode()


def test_sending_a_resumed_screening_deletes_its_draft(walker, client):
    _finish_later(walker, client)
    _open(client, _link_from_mail())
    client.post("/screen/resume/", {"contact": EMAIL})
    walker.walk(changes={"health": {"medical_unstable": "yes"}})
    walker.send()
    assert Draft.objects.count() == 0
    assert client.session["intake_result"]["answers"]["medical_unstable"] is True


@pytest.mark.parametrize("contact", ["", "robin", "12", "a@b"])
def test_finish_later_needs_an_email_or_a_phone(walker, client, contact):
    walker.walk(until="age")
    walker.post("age", {"age": "40"}, action="later")
    response = client.post("/screen/later/", {"contact": contact})
    assert response["Location"] == "/screen/later/"
    assert "<title>Error:" in client.get("/screen/later/").content.decode()
    assert Draft.objects.count() == 0


def test_purging_removes_only_expired_drafts(db):
    draft_save(steps={}, contact=EMAIL, language="en")
    old, _token = draft_save(steps={}, contact="555 010 0199", language="en")
    Draft.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert purge_expired_drafts() == 1
    assert Draft.objects.count() == 1
    Draft.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    call_command("purge_drafts")
    assert Draft.objects.count() == 0


def test_the_purge_runs_every_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["purge-expired-drafts"]
    assert entry["task"] == "intake.tasks.purge_expired_drafts" and entry["schedule"] == 3600


def test_contact_details_typed_before_finishing_later_are_not_saved_in_the_draft(walker, client):
    walker.walk(until="review", changes={"finish": {"finish": "reach_out"}})
    client.post(step_url("review"), {"action": "back"})
    walker.post("contact", action="later")
    client.post("/screen/later/", {"contact": EMAIL})
    draft = Draft.objects.get()
    assert "contact" not in draft.steps and "age" in draft.steps
    assert "Robin" not in str(draft.steps)


def test_a_screening_session_lasts_a_day_and_the_purge_removes_expired_ones(walker, client):
    from django.contrib.sessions.models import Session

    walker.walk(until="age")
    assert 23 * 3600 < client.session.get_expiry_age() <= 24 * 3600
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    purge_expired_drafts()
    assert Session.objects.count() == 0
    assert client.get("/screen/begin/")["Location"] == step_url("start")


class BrokenGatewaySender:
    """Stands in for an SMS gateway that refuses the message."""

    def send(self, to: str, body: str) -> None:
        raise ConnectionError(f"gateway refused the message to {to}: {body}")


def _assert_nothing_lost_and_nothing_kept(response, client, typed: str, caplog) -> None:
    assert response["Location"] == "/screen/later/"
    response = client.get("/screen/later/")
    html = response.content.decode()
    assert "We could not send the link just now" in html
    assert f'value="{typed}"' in html  # what they typed is still in the field
    assert client.session["intake"]["steps"]["health"] == {"medical_unstable": ["yes"]}
    assert not Draft.objects.exists()  # no link reached anyone, so no answers are kept
    assert "Could not send the resume link" in caplog.text
    assert typed not in caplog.text and "/screen/resume/" not in caplog.text


def test_when_the_mail_server_is_down_the_answers_stay_and_the_person_is_told(
    walker, client, settings, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        closed_port(),
        2,
    )
    with caplog.at_level(logging.INFO):
        response = _finish_later(walker, client)
    _assert_nothing_lost_and_nothing_kept(response, client, EMAIL, caplog)


@override_settings(DOORWAY_SMS_SENDER="tests.intake.test_drafts.BrokenGatewaySender")
def test_when_the_text_gateway_fails_the_answers_stay_and_the_person_is_told(
    walker, client, caplog
):
    with caplog.at_level(logging.INFO):
        response = _finish_later(walker, client, contact="555 010 0199")
    _assert_nothing_lost_and_nothing_kept(response, client, "555 010 0199", caplog)
    assert "5550100199" not in caplog.text


def test_the_token_travels_after_the_hash_so_no_request_line_carries_it(walker, client):
    _finish_later(walker, client)
    link = _link_from_mail()
    token = link.rsplit("#", 1)[-1]
    assert len(token) >= 40 and "/screen/resume/open/#" in link
    page = client.get("/screen/resume/open/").content.decode()
    assert 'src="/static/intake/resume-open.js"' in page and 'name="token"' in page


def test_a_link_sent_before_the_token_moved_after_the_hash_still_opens(db, client):
    _draft, token = draft_save(steps={"age": {"age": ["34"]}}, contact=EMAIL, language="en")
    assert client.get(f"/screen/resume/{token}/")["Location"] == "/screen/resume/"
    assert client.post("/screen/resume/", {"contact": EMAIL})["Location"] == "/screen/begin/"


def test_resuming_greets_the_person_back_once_on_the_step_to_answer(walker, client):
    _finish_later(walker, client)
    client.cookies.clear()
    _open(client, _link_from_mail())
    client.post("/screen/resume/", {"contact": EMAIL})
    step = client.get("/screen/begin/")["Location"]
    page = client.get(step).content.decode()
    assert "Welcome back." in page and "Your answers are kept." in page
    assert "Welcome back." not in client.get(step).content.decode()
