"""Telling staff that something needs them, without saying anything about the person.

A notice carries no personal or health data: only that a lead is waiting (and how urgent) and
a link to the staff page, which is behind login. Email is the only channel today; another
channel (SMS) is another ``Sender`` added to ``senders()``.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from functools import wraps
from typing import Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from admissions.models import Priority


@dataclass(frozen=True, slots=True)
class Notice:
    subject: str
    body: str
    # Names this notice for good: sent again (after a crash), it is the same message, which
    # mail systems show once. Empty for a notice that may repeat.
    key: str = ""


class Sender(Protocol):
    """One way of reaching staff. ``send`` returns the ids of the users it reached."""

    channel: str

    def send(self, recipients: Sequence[User], notice: Notice) -> list[int]: ...


class EmailSender:
    """Email through Django's configured backend (the console in development)."""

    channel = "email"

    def send(self, recipients: Sequence[User], notice: Notice) -> list[int]:
        reachable = [user for user in recipients if user.email]
        # One message per person: recipients never see each other's addresses.
        messages = [
            EmailMessage(
                notice.subject,
                notice.body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                headers={"Message-ID": _message_id(notice.key, user)} if notice.key else None,
            )
            for user in reachable
        ]
        if messages:
            get_connection().send_messages(messages)
        return [user.pk for user in reachable]


def _message_id(key: str, user: User) -> str:
    """The same Message-ID whenever this notice goes to this person: their mail system keeps
    one copy of a notice that a crash made us send twice."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{key}.{user.pk}@{domain}>"


def senders() -> list[Sender]:
    """The channels every notice goes out on."""
    return [EmailSender()]


def send(recipients: Sequence[User], notice: Notice) -> list[int]:
    """Send ``notice`` on every channel; the ids of the users reached by at least one."""
    reached: set[int] = set()
    for sender in senders():
        reached.update(sender.send(recipients, notice))
    return sorted(reached)


def lead_url(lead_id: int) -> str:
    """The staff page of a lead (login required); the id alone identifies nobody."""
    return f"{settings.SITE_URL.rstrip('/')}/staff/leads/{lead_id}/"


def _priority_label(priority: str) -> str:
    return str(Priority(priority).label).lower()


def in_staff_language(build: Callable[..., Notice]) -> Callable[..., Notice]:
    """Write the notice in the centre's language, not in whatever language the patient's
    request happened to activate (tasks run inside that request when there is no broker)."""

    @wraps(build)
    def wrapper(*args, **kwargs) -> Notice:
        with translation.override(settings.LANGUAGE_CODE):
            return build(*args, **kwargs)

    return wrapper


# What a counsellor reads when a lead is assigned to them, by priority: whole sentences, so each
# reads naturally ("a new high-priority lead", not "a new high lead") in every language.
NEW_LEAD_SUBJECTS = {
    Priority.URGENT: gettext_noop("A new urgent lead is waiting"),
    Priority.HIGH: gettext_noop("A new high-priority lead is waiting"),
    Priority.NORMAL: gettext_noop("A new lead is waiting"),
}
NEW_LEAD_OPENINGS = {
    Priority.URGENT: gettext_noop(
        "A new urgent lead has been assigned to you in the admissions queue."
    ),
    Priority.HIGH: gettext_noop(
        "A new high-priority lead has been assigned to you in the admissions queue."
    ),
    Priority.NORMAL: gettext_noop("A new lead has been assigned to you in the admissions queue."),
}


@in_staff_language
def new_lead_notice(lead_id: int, priority: str) -> Notice:
    """For the counsellor a lead was just assigned to."""
    subject = _(NEW_LEAD_SUBJECTS[Priority(priority)])
    body = _("%(opening)s\n\nOpen it here (sign-in required):\n%(url)s\n") % {
        "opening": _(NEW_LEAD_OPENINGS[Priority(priority)]),
        "url": lead_url(lead_id),
    }
    return Notice(subject, body)


# Why supervisors are alerted, each with a subject line that says what to do.
SUPERVISOR_ALERTS = {
    "no_on_call": gettext_noop("An urgent lead arrived and nobody is on call"),
    "no_adolescent_counsellor": gettext_noop(
        "A lead for a young person found no adolescent counsellor"
    ),
    "nobody_available": gettext_noop("A lead is waiting with no counsellor available"),
    "routing_failed": gettext_noop("A lead could not be routed"),
    "unclaimed": gettext_noop("A lead has not been claimed in time"),
}


@in_staff_language
def supervisor_alert_notice(lead_id: int, priority: str, why: str) -> Notice:
    """For supervisors, when routing or escalation needs a human decision."""
    subject = _(SUPERVISOR_ALERTS[why])
    body = _(
        "%(subject)s (priority: %(priority)s).\n\n"
        "Please check the admissions queue and make sure someone calls.\n"
        "Open the lead here (sign-in required):\n%(url)s\n"
    ) % {"subject": subject, "priority": _priority_label(priority), "url": lead_url(lead_id)}
    return Notice(subject, body)
