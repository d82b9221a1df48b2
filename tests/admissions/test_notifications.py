"""Staff notices: a link and how urgent, never who or why."""

import pytest
from django.core import mail

from admissions import notifications
from admissions.notifications import (
    SUPERVISOR_ALERTS,
    EmailSender,
    Notice,
    new_lead_notice,
    supervisor_alert_notice,
)
from tests.factories import UserFactory


def test_new_lead_notice_says_how_urgent_and_links_to_the_staff_page(settings):
    settings.SITE_URL = "https://doorway.example.org/"
    notice = new_lead_notice(42, "urgent")
    assert notice.subject == "A new urgent lead is waiting"
    assert "https://doorway.example.org/staff/leads/42/" in notice.body


@pytest.mark.parametrize(
    ("priority", "subject", "opening"),
    [
        ("urgent", "A new urgent lead is waiting", "A new urgent lead has been assigned to you"),
        (
            "high",
            "A new high-priority lead is waiting",
            "A new high-priority lead has been assigned to you",
        ),
        ("normal", "A new lead is waiting", "A new lead has been assigned to you"),
    ],
)
def test_new_lead_notice_reads_as_a_sentence_for_every_priority(priority, subject, opening):
    notice = new_lead_notice(42, priority)
    assert notice.subject == subject
    assert notice.body.startswith(opening)


@pytest.mark.parametrize(
    ("priority", "subject"),
    [
        ("urgent", "Un nuevo caso urgente está esperando"),
        ("high", "Un nuevo caso de prioridad alta está esperando"),
        ("normal", "Un nuevo caso está esperando"),
    ],
)
def test_a_spanish_speaking_centre_gets_its_notices_in_spanish(settings, priority, subject):
    settings.LANGUAGE_CODE = "es"
    notice = new_lead_notice(42, priority)
    assert notice.subject == subject
    assert notice.body.startswith("Se te ha asignado un nuevo caso")
    assert "Ábrelo aquí (hay que iniciar sesión):\n" in notice.body


@pytest.mark.parametrize("why", sorted(SUPERVISOR_ALERTS))
def test_every_supervisor_alert_has_its_own_subject_and_the_link(why):
    notice = supervisor_alert_notice(7, "high", why)
    assert notice.subject == SUPERVISOR_ALERTS[why]
    assert "(priority: high)" in notice.body
    assert "/staff/leads/7/" in notice.body


@pytest.mark.django_db
def test_email_goes_to_each_person_separately_and_skips_those_without_an_address():
    first, second = UserFactory(), UserFactory()
    nobody = UserFactory(email="")
    reached = EmailSender().send([first, second, nobody], Notice("Subject", "Body"))
    assert reached == [first.pk, second.pk]
    assert [email.to for email in mail.outbox] == [[first.email], [second.email]]


@pytest.mark.django_db
def test_sending_to_nobody_sends_nothing():
    assert notifications.send([], Notice("Subject", "Body")) == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_notices_go_out_on_every_channel(monkeypatch):
    """Another channel (an SMS gateway we cannot reach in tests) is one more sender."""
    texted = []

    class FakeSmsSender:
        channel = "sms"

        def send(self, recipients, notice):
            texted.extend(user.pk for user in recipients)
            return [user.pk for user in recipients]

    monkeypatch.setattr(notifications, "senders", lambda: [EmailSender(), FakeSmsSender()])
    nobody = UserFactory(email="")
    person = UserFactory()
    assert notifications.send([person, nobody], Notice("Subject", "Body")) == sorted(
        [person.pk, nobody.pk]
    )
    assert texted == [person.pk, nobody.pk]
    assert len(mail.outbox) == 1


def test_notices_are_written_in_the_centres_language_even_during_a_spanish_request():
    from django.utils import translation

    from admissions.notifications import new_lead_notice, supervisor_alert_notice

    with translation.override("es"):
        notice = new_lead_notice(7, "urgent")
        alert = supervisor_alert_notice(7, "high", "no_on_call")
    assert notice.subject == "A new urgent lead is waiting"
    assert alert.subject == "An urgent lead arrived and nobody is on call"
