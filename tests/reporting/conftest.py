"""Random but known report data: leads, starts and result-only screenings made with Faker, and
what the figures must be, counted here in plain Python from what was made."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from admissions.models import Lead, LeadEvent, Status
from intake.models import AnonymousResult, ScreeningStart
from tests.factories import CounsellorFactory, LeadFactory, UserFactory, make_answers

SOURCES = ["newsletter", "facebook", "", "radio"]
REFERRERS = ["google.com", "", "clinic.example.org"]
STATUSES = list(Status.values)
LEVELS_ANSWERS = [
    {},  # intensive outpatient
    {"use_criteria": ["larger_amounts"], "frequency": "monthly"},
    {"withdrawal_now": True, "substances": ["alcohol"], "withdrawal_history": ["seizures"]},
]


@dataclass
class Made:
    """What the random world holds, in plain Python, to count the expected figures from."""

    start: date
    end: date
    leads: list[dict] = field(default_factory=list)
    starts: list[dict] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


def local(day: date, minutes: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min)) + timedelta(minutes=minutes)


def make_world(rng: random.Random, *, days: int = 12, leads: int = 40) -> Made:
    today = timezone.localdate()
    made = Made(start=today - timedelta(days=days - 1), end=today)
    counsellors = [CounsellorFactory(user=UserFactory(username=f"c{n}")).user for n in range(3)]
    for _n in range(leads):
        day = made.start + timedelta(days=rng.randrange(days))
        created = local(day, rng.randrange(0, 24 * 60 - 1))
        answers = make_answers(**rng.choice(LEVELS_ANSWERS))
        lead = LeadFactory(answers=answers)
        made.people += [f"{lead.first_name} {lead.last_name}", lead.email, lead.phone]
        waited = rng.choice([None, 5, 30, 90, 300, 2000])
        status = rng.choice(STATUSES)
        spec = {
            "day": day,
            "source": rng.choice(["web", "web", "phone"]),
            "utm_source": rng.choice(SOURCES),
            "referrer_host": rng.choice(REFERRERS),
            "assigned_to_id": rng.choice([None, *[c.pk for c in counsellors]]),
            "status": status if waited is not None else rng.choice(["new", "closed"]),
            "first_contact_at": None if waited is None else created + timedelta(minutes=waited),
            "created_at": created,
        }
        Lead.objects.filter(pk=lead.pk).update(**{k: v for k, v in spec.items() if k != "day"})
        spec.update(level=lead.level, priority=lead.priority, language=lead.language)
        spec["wait"] = waited
        spec["reached_event"] = waited is not None and rng.random() < 0.6
        if spec["reached_event"]:
            LeadEvent.objects.create(
                lead=lead,
                kind=LeadEvent.Kind.CONTACT_ATTEMPT,
                data={"channel": "call", "outcome": rng.choice(["reached", "declined"])},
            )
        elif waited is not None:
            LeadEvent.objects.create(
                lead=lead,
                kind=LeadEvent.Kind.CONTACT_ATTEMPT,
                data={"channel": "call", "outcome": "no_answer"},
            )
        spec["booked_event"] = spec["status"] in ("admitted", "not_admitted") and rng.random() < 0.7
        if spec["booked_event"]:
            LeadEvent.objects.create(
                lead=lead,
                kind=LeadEvent.Kind.STATUS_CHANGED,
                data={"from": "contacted", "to": "assessment_scheduled"},
            )
        made.leads.append(spec)
    for _n in range(leads * 2):
        spec = {
            "date": made.start + timedelta(days=rng.randrange(days)),
            "language": rng.choice(["en", "es"]),
            "utm_source": rng.choice(SOURCES),
            "referrer_host": rng.choice(REFERRERS),
        }
        ScreeningStart.objects.create(**spec)
        made.starts.append(spec)
    for _n in range(leads // 2):
        spec = {
            "date": made.start + timedelta(days=rng.randrange(days)),
            "language": rng.choice(["en", "es"]),
            "level": rng.choice(["op", "iop", "php"]),
            "priority": "normal",
            "utm_source": rng.choice(SOURCES),
        }
        AnonymousResult.objects.create(**spec)
        made.results.append(spec)
    return made


@pytest.fixture
def world(db) -> Made:
    return make_world(random.Random())
