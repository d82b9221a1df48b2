"""The dashboard's counts, kept by the database, always equal a count of the leads.

Random leads go through every way a lead is made, changed or removed: the web form, the phone,
the API and a bulk import; routing, claims and hand-overs; status moves by staff and by the
API, a booking, a merge, an erasure; and plain bulk updates and deletes, which no service
makes but which the triggers must count all the same.
"""

import importlib
import io
import json
import random
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from admissions import booking, lead_counts, merge, pipeline
from admissions.models import Lead, LeadCount, Source, Status
from admissions.privacy import lead_erase
from admissions.selectors import CLOSING_STATUSES, dashboard_figures
from admissions.services import lead_assign, lead_create
from admissions.tasks import fold_lead_counts
from bench.answers import realistic_answers
from handoff.api.lead_calls import lead_status_set
from tests.admissions.test_booking import slot_for
from tests.factories import LeadFactory
from tests.handoff.conftest import make_key

pytestmark = pytest.mark.django_db
migration = importlib.import_module(
    "admissions.migrations.0024_open_assignee_index_and_lead_counts"
)

FIELDS = lead_counts.FIELDS


def counted() -> Counter:
    """The leads of each combination, counted one by one."""
    return Counter(Lead.objects.values_list(*FIELDS))


def kept() -> Counter:
    """The same, as the database keeps it (combinations with no lead left out)."""
    found = Counter()
    for row in lead_counts.combinations():
        found[tuple(row[field] for field in FIELDS)] += row["total"]
    return Counter({combination: leads for combination, leads in found.items() if leads != 0})


def shown() -> dict[str, Counter]:
    """What the dashboard shows per group, non-zero only."""
    figures = dashboard_figures()
    return {
        group: Counter({value: count for value, _label, count in figures[group] if count})
        for group in ("by_status", "by_level", "by_priority", "by_source")
    }


def expected_groups() -> dict[str, Counter]:
    groups = {"by_status": Counter(), "by_level": Counter(), "by_priority": Counter()}
    groups["by_source"] = Counter()
    for combination, leads in counted().items():
        for group, value in zip(groups, combination, strict=True):
            groups[group][value] += leads
    return groups


def assert_counts_right() -> None:
    assert kept() == counted()
    assert shown() == expected_groups()


def contact(rng: random.Random, number: int) -> dict:
    return {"first_name": f"Person {number}", "phone": f"555-{rng.randint(200, 999)}-{number:04d}"}


def new_lead(rng: random.Random, number: int, source: str) -> Lead:
    return lead_create(
        answers=realistic_answers(rng),
        contact=contact(rng, number),
        source=source,
        consent_version="1",
        consent_to_texts=False,
    )


def test_counts_equal_a_count_through_every_change_a_lead_goes_through(
    tmp_path, counsellor, other_counsellor, supervisor
):
    rng = random.Random(21)
    leads = [
        new_lead(rng, number, rng.choice([Source.WEB, Source.PHONE, Source.API]))
        for number in range(40)
    ]
    assert_counts_right()

    # A bulk import: one statement's worth of leads at a time, whatever their mix.
    path = tmp_path / "leads.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"answers": realistic_answers(rng), "contact": contact(rng, 100 + number)})
            for number in range(15)
        )
        + "\n"
    )
    call_command("import_leads", str(path), stdout=io.StringIO())
    assert_counts_right()

    for lead in leads[:20]:
        lead_assign(lead_id=lead.pk)
    pipeline.claim(lead_id=leads[30].pk, user=counsellor)
    routed_to = Lead.objects.get(pk=leads[1].pk).assigned_to
    to_user = other_counsellor if routed_to == counsellor else counsellor
    pipeline.reassign(lead_id=leads[1].pk, user=supervisor, to_user_id=to_user.pk)
    assert_counts_right()

    # Staff move leads along the pipeline at random, by every allowed move but admission.
    for lead in rng.sample(leads, 25):
        for _ in range(rng.randint(1, 3)):
            status = Lead.objects.get(pk=lead.pk).status
            moves = [move for move in pipeline.allowed_moves(status) if move != Status.ADMITTED]
            move = rng.choice(moves)
            pipeline.change_status(
                lead_id=lead.pk,
                user=supervisor,
                status=move,
                reason="Because" if move in CLOSING_STATUSES else "",
                provider="Another clinic" if move == Status.REFERRED_OUT else "",
            )
    assert_counts_right()

    key, _secret = make_key()
    open_leads = Lead.objects.filter(status=Status.NEW).order_by("pk")
    lead_status_set(lead_id=open_leads[0].pk, status=Status.CLOSED, reason="Done", api_key=key)
    booking.book(lead_id=open_leads[1].pk, slot_id=slot_for(counsellor).pk, user=supervisor)
    assert_counts_right()

    # The same person twice (the second is marked a possible duplicate of the first).
    first, second = (
        lead_create(
            answers=realistic_answers(rng),
            contact={"first_name": "Ana", "phone": phone},
            source=source,
            consent_version="1",
            consent_to_texts=False,
        )
        for phone, source in (("(305) 555-0142", Source.WEB), ("+1 305 555 0142", Source.PHONE))
    )
    merge.leads_merge(keep_id=first.pk, other_id=second.pk, user=supervisor)
    lead_erase(lead_id=first.pk, actor=supervisor)
    assert Lead.objects.get(pk=second.pk).status == Status.CLOSED
    assert_counts_right()

    lead_counts.fold()
    assert_counts_right()

    # Changes no service makes, counted all the same: a bulk update of two columns, and deletes.
    Lead.objects.filter(pk__in=[lead.pk for lead in leads[::3]]).update(
        status=Status.NOT_ADMITTED, source=Source.IMPORT
    )
    # (A lead staff worked on is never deleted: its audit entries protect it.)
    doomed = LeadFactory.create_batch(6, status=Status.CLOSED, source=Source.PHONE)
    assert_counts_right()
    Lead.objects.filter(pk__in=[lead.pk for lead in doomed[::2]]).delete()
    assert_counts_right()


def test_folding_leaves_one_row_per_combination_and_the_same_counts():
    rng = random.Random(7)
    for number in range(12):
        new_lead(rng, number, Source.WEB)
    Lead.objects.filter(pk__in=Lead.objects.order_by("pk").values("pk")[:6]).update(
        status=Status.CONTACTED
    )
    Lead.objects.filter(status=Status.CONTACTED).update(status=Status.NEW)
    before = kept()
    assert LeadCount.objects.count() > len(before)
    assert fold_lead_counts.apply().get() == len(before)
    assert kept() == before == counted()
    assert LeadCount.objects.count() == len(before)


def test_an_update_that_changes_none_of_the_four_adds_no_row():
    lead = new_lead(random.Random(3), 1, Source.WEB)
    rows = LeadCount.objects.count()
    Lead.objects.filter(pk=lead.pk).update(first_name="Ana", claimed_at=lead.created_at)
    lead.status = Status.NEW
    lead.save()  # every column written, none of the four changed
    assert LeadCount.objects.count() == rows


def test_the_migration_counts_the_leads_already_there():
    rng = random.Random(5)
    with connection.schema_editor() as editor:
        migration.drop_triggers(apps=None, schema_editor=editor)
    LeadCount.objects.all().delete()
    for number in range(10):
        new_lead(rng, number, rng.choice([Source.WEB, Source.PHONE]))
    assert kept() == Counter()
    with connection.schema_editor() as editor:
        migration.create_triggers(apps=None, schema_editor=editor)
    assert kept() == counted()
    new_lead(rng, 11, Source.API)
    assert kept() == counted()


def test_the_dashboard_reads_its_counts_in_one_query_whatever_the_number_of_leads():
    rng = random.Random(9)
    for number in range(30):
        new_lead(rng, number, Source.WEB)
    with CaptureQueriesContext(connection) as ran:
        lead_counts.combinations()
    (query,) = ran.captured_queries
    assert "admissions_leadcount" in query["sql"]
    assert 'admissions_lead"' not in query["sql"].replace("admissions_leadcount", "")


def test_beat_folds_the_counts_every_five_minutes():
    entries = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert (
        entries["admissions.tasks.fold_lead_counts"]["schedule"]
        == timedelta(minutes=5).total_seconds()
    )
