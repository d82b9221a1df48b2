"""Fake admissions history for the benchmark: counsellors, supervisors and many leads, fast.

The mix resembles a busy centre's last two years: most leads are old and closed one way or
another, recent ones are still being worked, a few are waiting to be routed. Answers come from the
screening rules' own generator (softened to a realistic share of crises) and every stored
assessment is what the rules say about those answers. Rows go in with PostgreSQL's COPY, into
a table whose secondary indexes are dropped for the load and built again after it (building an
index once is many times quicker than updating it a million times: a million leads load in a
few minutes).
"""

import csv
import io
import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group, User
from django.db import connection, models, transaction
from django.utils import timezone
from faker import Faker

from accounts.roles import GROUP_NAMES, Role
from admissions import lead_counts
from admissions.models import (
    PRIORITY_RANK,
    ContactMethod,
    ContactTime,
    CounsellorProfile,
    HeardAbout,
    Lead,
    LeadCount,
    LeadEvent,
    RoutingState,
    Source,
    Status,
)
from bench.answers import realistic_answers
from screening import evaluate, parse_answers

SUPERVISOR_USERNAME = "bench-supervisor"
BATCH = 5_000
HISTORY_DAYS = 730
POOL_SIZE = 600
NAMES = 1_000
SEED = 2026
# Routing skips counsellors at capacity; the bench creates thousands of leads in a minute, so its
# counsellors take many (the policy is exercised all the same).
BENCH_CAPACITY = 5_000

PRIORITY_MIX = {"urgent": 0.06, "high": 0.24, "normal": 0.70}
CLOSED_MIX = {
    Status.ADMITTED: 0.35,
    Status.REFERRED_OUT: 0.2,
    Status.NOT_ADMITTED: 0.25,
    Status.CLOSED: 0.2,
}
RECENT_MIX = {
    Status.NEW: 0.4,
    Status.CONTACTED: 0.3,
    Status.ASSESSMENT_SCHEDULED: 0.15,
    Status.ADMITTED: 0.1,
    Status.CLOSED: 0.05,
}
CLOSE_REASONS = ["Started treatment", "Chose another provider", "No answer after 3 calls", ""]
CONTACT_TIMES = list(ContactTime.values)
HEARD_ABOUT = list(HeardAbout.values)


def _pick(rng: random.Random, mix: dict) -> Any:
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def answer_pool(rng: random.Random) -> dict[str, list[tuple[dict, dict]]]:
    """(answers, assessment) pairs by priority, evaluated once and reused across leads."""
    pool: dict[str, list[tuple[dict, dict]]] = {priority: [] for priority in PRIORITY_MIX}
    for _ in range(POOL_SIZE * 10):
        answers = realistic_answers(rng)
        assessment = evaluate(parse_answers(answers)).to_dict()
        bucket = pool[assessment["priority"]]
        if len(bucket) < POOL_SIZE // len(PRIORITY_MIX):
            bucket.append((answers, assessment))
        if all(len(b) >= POOL_SIZE // len(PRIORITY_MIX) for b in pool.values()):
            break
    return {priority: pairs for priority, pairs in pool.items() if pairs}


def staff(
    counsellors: int, password: str, *, supervisors: int, totp_secret: str
) -> tuple[list[User], list[User]]:
    """``supervisors`` bench supervisors (with ``password`` and an authenticator app holding
    ``totp_secret``: each signs in for real, second step included) and ``counsellors``
    counsellors (with the role routing picks from)."""
    supervisors_group, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role.SUPERVISOR])
    counsellors_group, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role.COUNSELLOR])
    bosses = []
    for number in range(supervisors):
        username = SUPERVISOR_USERNAME if number == 0 else f"{SUPERVISOR_USERNAME}-{number}"
        supervisor = User.objects.create_user(
            username, f"{username}@example.org", password, first_name="Bench"
        )
        supervisor.groups.add(supervisors_group)
        # One code is used once per account: each signing-in browser has its own account.
        TOTP.activate(supervisor, totp_secret)
        bosses.append(supervisor)
    people = []
    for number in range(counsellors):
        user = User.objects.create_user(
            f"bench-counsellor-{number}", f"bench-counsellor-{number}@example.org", None
        )
        CounsellorProfile.objects.create(
            user=user,
            languages=["en", "es"] if number % 3 == 0 else ["en"],
            on_call=number % 4 == 0,
            accepts_adolescents=number % 2 == 0,
            capacity=BENCH_CAPACITY,
        )
        user.groups.add(counsellors_group)
        people.append(user)
    return bosses, people


def name_pool(seed: int) -> dict[str, tuple[list[str], list[str]]]:
    """First and last names per language (Faker is slow; people reuse names anyway)."""
    names = {}
    for number, (language, locale) in enumerate((("en", "en_US"), ("es", "es_MX"))):
        fake = Faker(locale)
        fake.seed_instance(seed + number)
        names[language] = (
            [fake.first_name() for _ in range(NAMES)],
            [fake.last_name() for _ in range(NAMES)],
        )
    return names


def _lead(
    rng: random.Random,
    names: dict[str, tuple[list[str], list[str]]],
    pool: dict[str, list[tuple[dict, dict]]],
    counsellors: list[User],
    now: datetime,
    number: int,
) -> Lead:
    language = "es" if rng.random() < 0.15 else "en"
    first_names, last_names = names[language]
    priority = _pick(rng, {p: w for p, w in PRIORITY_MIX.items() if p in pool})
    answers, assessment = rng.choice(pool[priority])
    created = now - timedelta(seconds=rng.uniform(60, HISTORY_DAYS * 86_400))
    age_days = (now - created).days
    if age_days < 14:
        status = _pick(rng, RECENT_MIX)
    elif age_days < 60 and rng.random() < 0.1:
        status = _pick(rng, {Status.CONTACTED: 0.5, Status.ASSESSMENT_SCHEDULED: 0.5})
    else:
        status = _pick(rng, CLOSED_MIX)
    waiting = status == Status.NEW and rng.random() < 0.1
    assignee = None if waiting else rng.choice(counsellors)
    routed = None if waiting else created + timedelta(seconds=rng.uniform(0.2, 5))
    contacted = None
    if status != Status.NEW:
        contacted = created + timedelta(minutes=rng.uniform(5, 48 * 60))
    return Lead(
        first_name=rng.choice(first_names),
        last_name=rng.choice(last_names),
        phone=f"+1555{number:07d}",
        phone_digits=f"1555{number:07d}",
        email=f"lead{number}@example.org",
        contact_method=_pick(
            rng, {ContactMethod.PHONE: 6, ContactMethod.TEXT: 3, ContactMethod.EMAIL: 1}
        ),
        contact_time=rng.choice(CONTACT_TIMES),
        language=language,
        message="",
        heard_about=rng.choice(HEARD_ABOUT),
        respondent=answers["respondent"],
        relationship=answers["relationship"] or "",
        age=answers["age"],
        answers=answers,
        assessment=assessment,
        rules_version=assessment["rules_version"],
        level=assessment["level"],
        priority=assessment["priority"],
        priority_rank=PRIORITY_RANK[assessment["priority"]],
        crisis=assessment["crisis"],
        consent_version="1",
        consent_at=created,
        consent_to_texts=rng.random() < 0.5,
        source=_pick(rng, {Source.WEB: 0.85, Source.PHONE: 0.12, Source.IMPORT: 0.03}),
        status=status,
        close_reason=rng.choice(CLOSE_REASONS) if status in CLOSED_MIX else "",
        routing_state=(
            (RoutingState.FAILED if rng.random() < 0.1 else RoutingState.PENDING)
            if waiting
            else RoutingState.ROUTED
        ),
        assigned_to=assignee,
        created_at=created,
        updated_at=contacted or routed or created,
        routed_at=routed,
        claimed_at=contacted,
        first_contact_at=contacted,
    )


def _csv_value(field: models.Field, obj: models.Model, encoded: dict[int, str]) -> Any:
    value = getattr(obj, field.attname)
    if value is None:
        return r"\N"
    if isinstance(field, models.JSONField):
        # Leads share answers from a small pool: encode each object once.
        key = id(value)
        if key not in encoded:
            encoded[key] = json.dumps(value)
        return encoded[key]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def copy_rows(model: type[models.Model], rows: list[models.Model]) -> None:
    """Insert unsaved ``rows`` with COPY (every concrete column but the primary key)."""
    columns = [f for f in model._meta.concrete_fields if not f.primary_key]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    encoded: dict[int, str] = {}
    for row in rows:
        writer.writerow([_csv_value(f, row, encoded) for f in columns])
    buffer.seek(0)
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    with (
        connection.cursor() as cursor,
        cursor.copy(
            f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN "
            r"WITH (FORMAT csv, NULL '\N')"
        ) as copy,
    ):
        copy.write(buffer.read())


@contextmanager
def indexes_built_after(model: type[models.Model]) -> Iterator[None]:
    """Drop the table's secondary indexes (not its constraints) and build them again on the way
    out, each once over the loaded rows, with memory enough to sort them in one go."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.tablename = %s AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [table],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        # The loaded rows' foreign keys are checked now: an index cannot be built on a table
        # with checks still pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in found:
            cursor.execute(definition)


def seed(
    *,
    leads: int,
    counsellors: int,
    password: str,
    supervisors: int,
    totp_secret: str,
    seed: int = SEED,
) -> list[User]:
    """Staff and ``leads`` leads (each with its "created" event); returns the supervisors."""
    rng = random.Random(seed)
    names = name_pool(seed)
    pool = answer_pool(rng)
    now = timezone.now()
    with transaction.atomic():
        bosses, people = staff(
            counsellors, password, supervisors=supervisors, totp_secret=totp_secret
        )
        with indexes_built_after(Lead), indexes_built_after(LeadEvent):
            for start in range(0, leads, BATCH):
                batch = [
                    _lead(rng, names, pool, people, now, number)
                    for number in range(start, min(start + BATCH, leads))
                ]
                copy_rows(Lead, batch)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {LeadEvent._meta.db_table} "  # noqa: S608
                    "(lead_id, kind, data, body, created_at) "
                    "SELECT id, %s, '{}'::jsonb, '', created_at FROM " + Lead._meta.db_table,
                    [LeadEvent.Kind.CREATED],
                )
    settle()
    return bosses


def settle() -> None:
    """Leave the database as a long-running one would be: vacuumed, analysed, checkpointed.

    Otherwise autovacuum and the checkpoint of the bulk load land in the middle of the
    measurements and the figures say more about the seeding than about Doorway.
    """
    # The load's COPY batches left one count row per combination each: merge them.
    lead_counts.fold()
    with connection.cursor() as cursor:
        for model in (Lead, LeadEvent, User, CounsellorProfile, LeadCount):
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("CHECKPOINT")
