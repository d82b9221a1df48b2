"""lead_create, routing, notification, failure and sweeping, on the real database and Redis."""

import base64
import json
import threading
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from faker import Faker

from admissions.models import (
    CounsellorProfile,
    Lead,
    LeadEvent,
    Priority,
    RoutingState,
    Status,
)
from admissions.services import (
    LeadInvalid,
    lead_assign,
    lead_create,
    lead_notify_once,
    lead_routing_failed,
    sweep_unrouted,
)
from tests.factories import (
    CRISIS_ANSWERS,
    CounsellorFactory,
    LeadFactory,
    UserFactory,
    make_answers,
    make_supervisor,
)

fake = Faker()


def make_contact(**changes) -> dict:
    contact = {
        "first_name": fake.first_name(),
        "last_name": fake.last_name(),
        "phone": "(555) 123-4567",
        "email": fake.safe_email(),
        "contact_method": "phone",
        "contact_time": "evening",
        "message": "Please call after work.",
    }
    contact.update(changes)
    return contact


def create(**overrides) -> Lead:
    arguments = {
        "answers": make_answers(),
        "contact": make_contact(),
        "source": "web",
        "consent_version": "2026-01",
        "consent_to_texts": False,
    }
    arguments.update(overrides)
    return lead_create(**arguments)


@pytest.fixture
def broker_queue():
    """The Redis list the Celery worker would read, emptied before and after the test."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete("celery")
    yield client
    client.delete("celery")


def queued_messages(client: redis.Redis) -> list[dict]:
    return [json.loads(raw) for raw in client.lrange("celery", 0, -1)]


def task_args(message: dict) -> list:
    """The positional arguments of a queued Celery message."""
    args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
    return args


# --- lead_create ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_lead_create_stores_contact_screening_and_consent():
    contact = make_contact(heard_about="doctor")
    lead = create(contact=contact, language="es", consent_to_texts=True)
    lead.refresh_from_db()
    assert (lead.first_name, lead.phone, lead.email) == (
        contact["first_name"],
        "(555) 123-4567",
        contact["email"],
    )
    assert (lead.contact_time, lead.language, lead.heard_about) == ("evening", "es", "doctor")
    assert lead.answers == make_answers()
    assert lead.assessment["level"] == lead.level == "iop"
    assert lead.rules_version == lead.assessment["rules_version"]
    assert (lead.priority, lead.priority_rank, lead.crisis) == ("normal", 2, False)
    assert (lead.respondent, lead.age) == ("self", 34)
    assert lead.consent_version == "2026-01"
    assert lead.consent_at is not None
    assert lead.consent_to_texts is True
    assert (lead.status, lead.routing_state, lead.assigned_to) == ("new", "pending", None)


@pytest.mark.django_db
def test_crisis_answers_make_an_urgent_crisis_lead():
    lead = create(answers=CRISIS_ANSWERS)
    assert (lead.priority, lead.priority_rank, lead.crisis) == ("urgent", 0, True)


@pytest.mark.django_db
def test_lead_create_records_who_created_it(counsellor):
    lead = create(source="phone", actor=counsellor)
    event = lead.events.get(kind="created")
    assert (event.kind, event.actor, event.data["source"]) == ("created", counsellor, "phone")


@pytest.mark.django_db
def test_heard_about_can_be_given_beside_the_contact():
    assert create(heard_about="search").heard_about == "search"


@pytest.mark.django_db
def test_lead_create_reports_every_problem_in_answers_and_contact_at_once():
    answers = make_answers(age=7, frequency="sometimes")
    contact = make_contact(first_name=" ", email="not-an-email", phone="12", contact_time="noon")
    with pytest.raises(LeadInvalid) as caught:
        create(answers=answers, contact=contact, source="fax", language="fr")
    fields = {problem.field for problem in caught.value.problems}
    assert {"age", "frequency", "first_name", "email", "phone", "contact_time"} <= fields
    assert {"source", "language"} <= fields
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    "phone",
    ["555-123-4567", "(555) 123 4567", "+1 555 123 4567", "+44 20 7946 0958", "5551234567"],
)
@pytest.mark.django_db
def test_usual_phone_formats_are_accepted(phone):
    assert create(contact=make_contact(phone=phone)).phone == phone


@pytest.mark.parametrize(
    "phone",
    ["555-1234", "1234567890123456", "555.123.4567", "call me 5551234567", "55512345+67"],
)
@pytest.mark.django_db
def test_malformed_phone_numbers_are_refused(phone):
    with pytest.raises(LeadInvalid) as caught:
        create(contact=make_contact(phone=phone))
    assert [problem.field for problem in caught.value.problems] == ["phone"]


@pytest.mark.django_db
def test_a_phone_or_an_email_is_required():
    with pytest.raises(LeadInvalid) as caught:
        create(contact=make_contact(phone="", email="", contact_method="email"))
    assert "phone" in {problem.field for problem in caught.value.problems}
    assert create(contact=make_contact(phone="", contact_method="email")).phone == ""


@pytest.mark.django_db
def test_the_chosen_contact_method_needs_its_channel():
    with pytest.raises(LeadInvalid) as caught:
        create(contact=make_contact(email="", contact_method="email"))
    assert [problem.field for problem in caught.value.problems] == ["contact_method"]
    with pytest.raises(LeadInvalid):
        create(contact=make_contact(phone="", contact_method="phone"))


@pytest.mark.django_db
def test_text_messages_need_consent_to_texts():
    with pytest.raises(LeadInvalid) as caught:
        create(contact=make_contact(contact_method="text"), consent_to_texts=False)
    assert [problem.field for problem in caught.value.problems] == ["contact_method"]
    assert create(contact=make_contact(contact_method="text"), consent_to_texts=True).pk


@pytest.mark.django_db
def test_consent_is_required():
    with pytest.raises(LeadInvalid) as caught:
        create(consent_version="  ")
    assert [problem.field for problem in caught.value.problems] == ["consent_version"]


@pytest.mark.django_db
def test_unknown_or_non_text_contact_fields_are_problems():
    with pytest.raises(LeadInvalid) as caught:
        create(contact=make_contact(ssn="123", last_name=42))
    assert {problem.field for problem in caught.value.problems} == {"ssn", "last_name"}


@pytest.mark.django_db
def test_problem_messages_never_repeat_what_was_typed():
    contact = make_contact(first_name="x" * 101, email="jo@@example", phone="55-SECRET-99")
    with pytest.raises(LeadInvalid) as caught:
        create(contact=contact)
    text = str(caught.value)
    assert "jo@@example" not in text
    assert "SECRET" not in text
    assert "x" * 101 not in text


@pytest.mark.django_db
def test_lead_create_enqueues_routing_with_the_lead_id_only_after_commit(
    broker_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lead = create()
    assert queued_messages(broker_queue) == []  # nothing before the commit
    for callback in callbacks:
        callback()
    (message,) = queued_messages(broker_queue)
    assert message["headers"]["task"] == "admissions.tasks.route_lead"
    assert task_args(message) == [lead.pk]
    # Everything the broker holds, readable: the headers and the decoded body.
    readable = json.dumps(message["headers"]) + base64.b64decode(message["body"]).decode()
    for personal in (lead.first_name, lead.last_name, lead.email, lead.phone, "alcohol"):
        assert personal not in readable


# --- Routing ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_assigning_routes_to_the_least_loaded_counsellor_and_records_it(
    counsellor, other_counsellor
):
    LeadFactory(assigned_to=counsellor, routing_state="routed")
    lead = LeadFactory()
    assignment = lead_assign(lead_id=lead.pk)
    lead.refresh_from_db()
    assert assignment is not None
    assert (lead.routing_state, lead.assigned_to, lead.routed_at is not None) == (
        "routed",
        other_counsellor,
        True,
    )
    event = lead.events.get(kind="routed")
    assert event.data == {
        "assigned_to": other_counsellor.pk,
        "reason": "least_loaded",
        "alert_supervisors": False,
        "language_matched": True,
    }
    assert CounsellorProfile.objects.get(user=other_counsellor).last_assigned_at == lead.routed_at


@pytest.mark.django_db
def test_closed_leads_do_not_count_towards_a_counsellors_load(counsellor, other_counsellor):
    LeadFactory.create_batch(3, assigned_to=counsellor, status=Status.CLOSED)
    LeadFactory(assigned_to=other_counsellor, status=Status.CONTACTED)
    lead = LeadFactory()
    lead_assign(lead_id=lead.pk)
    lead.refresh_from_db()
    assert lead.assigned_to == counsellor


@pytest.mark.django_db
def test_routing_counts_open_leads_from_their_index_without_reading_a_lead(
    counsellor, other_counsellor
):
    """Routing counts every counsellor's open leads for each new lead: read from the rows, that
    count grew with the years of closed leads behind them (83 s behind at a million leads)."""
    LeadFactory.create_batch(3, assigned_to=counsellor, status=Status.CLOSED)
    LeadFactory(assigned_to=other_counsellor, status=Status.CONTACTED)
    lead = LeadFactory()
    with CaptureQueriesContext(connection) as ran:
        lead_assign(lead_id=lead.pk)
    (count,) = [query["sql"] for query in ran.captured_queries if "COUNT(" in query["sql"]]
    with connection.cursor() as cursor:
        # The planner reads a table of five rows whole, or through a bitmap; a real one it
        # would not (the bench shows the same plan over a million leads).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {count}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using lead_open_assignee_idx" in plan
    # The lead, the counsellors, their counts, the assignment, its follow-ups and its event.
    assert len(ran.captured_queries) == 10


@pytest.mark.django_db
def test_urgent_lead_goes_to_the_on_call_counsellor(counsellor):
    on_call = CounsellorFactory(on_call=True).user
    LeadFactory.create_batch(2, assigned_to=on_call)
    lead = LeadFactory(answers_changes={"safety": {"suicidal_thoughts": True, "plan": True}})
    lead_assign(lead_id=lead.pk)
    lead.refresh_from_db()
    assert (lead.priority, lead.assigned_to) == (Priority.URGENT, on_call)


@pytest.mark.django_db
def test_assigning_twice_assigns_once(counsellor, other_counsellor):
    lead = LeadFactory()
    assert lead_assign(lead_id=lead.pk) is not None
    assert lead_assign(lead_id=lead.pk) is None
    assert lead.events.filter(kind="routed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_assignments_of_one_lead_make_one(counsellor, other_counsellor):
    lead = LeadFactory()
    barrier = threading.Barrier(2)
    results = []

    def route() -> None:
        barrier.wait()
        try:
            results.append(lead_assign(lead_id=lead.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=route) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(result is None for result in results) == [False, True]
    assert LeadEvent.objects.filter(lead=lead, kind="routed").count() == 1


@pytest.mark.django_db
def test_a_lead_claimed_before_routing_ran_stays_with_its_counsellor_without_a_notice(
    counsellor, other_counsellor
):
    lead = LeadFactory(assigned_to=other_counsellor, claimed_at=timezone.now())
    LeadFactory.create_batch(3, assigned_to=other_counsellor)
    lead_assign(lead_id=lead.pk)
    lead_notify_once(lead_id=lead.pk)
    lead.refresh_from_db()
    assert (lead.routing_state, lead.assigned_to) == ("routed", other_counsellor)
    assert lead.events.get(kind="routed").data["reason"] == "already_assigned"
    assert mail.outbox == []


@pytest.mark.django_db
def test_nobody_available_leaves_the_lead_unassigned_and_alerts_supervisors():
    supervisor = make_supervisor()
    CounsellorFactory(user=supervisor, capacity=0)
    lead = LeadFactory()
    lead_assign(lead_id=lead.pk)
    lead_notify_once(lead_id=lead.pk)
    lead.refresh_from_db()
    assert (lead.routing_state, lead.assigned_to) == ("routed", None)
    (alert,) = mail.outbox
    assert alert.to == [supervisor.email]
    assert "no counsellor available" in alert.subject


# --- Notification -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_counsellor_is_notified_once_with_a_link_and_no_personal_data(counsellor):
    lead = LeadFactory(answers_changes={"safety": {"suicidal_thoughts": True, "plan": True}})
    lead_assign(lead_id=lead.pk)
    assert lead_notify_once(lead_id=lead.pk) is True
    assert lead_notify_once(lead_id=lead.pk) is False
    (email,) = mail.outbox
    assert email.to == [counsellor.email]
    assert email.subject == "A new urgent lead is waiting"
    assert f"http://127.0.0.1:8000/staff/leads/{lead.pk}/" in email.body
    everything = email.subject + email.body
    for personal in (lead.first_name, lead.last_name, lead.email, lead.phone, "alcohol", "IOP"):
        assert personal not in everything
    notified = lead.events.get(kind="notified")
    assert notified.data == {"recipients": [counsellor.pk]}


@pytest.mark.django_db
def test_urgent_lead_with_nobody_on_call_also_alerts_supervisors(counsellor, supervisor):
    CounsellorProfile.objects.filter(user=supervisor).update(capacity=0)
    lead = LeadFactory(answers_changes={"safety": {"suicidal_thoughts": True, "plan": True}})
    lead_assign(lead_id=lead.pk)
    lead_notify_once(lead_id=lead.pk)
    assert sorted((email.to[0], email.subject) for email in mail.outbox) == sorted(
        [
            (counsellor.email, "A new urgent lead is waiting"),
            (supervisor.email, "An urgent lead arrived and nobody is on call"),
        ]
    )


@pytest.mark.django_db
def test_a_pending_lead_is_not_notified(counsellor):
    lead = LeadFactory()
    assert lead_notify_once(lead_id=lead.pk) is False
    assert mail.outbox == []


# --- Failure ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_giving_up_marks_a_pending_lead_failed_and_alerts_supervisors_once(supervisor):
    lead = LeadFactory()
    assert lead_routing_failed(lead_id=lead.pk) is True
    assert lead_routing_failed(lead_id=lead.pk) is False
    lead.refresh_from_db()
    assert lead.routing_state == RoutingState.FAILED
    assert lead.events.filter(kind="routing_failed").count() == 1
    (alert,) = mail.outbox
    assert (alert.to, alert.subject) == ([supervisor.email], "A lead could not be routed")


@pytest.mark.django_db
def test_giving_up_leaves_a_routed_lead_alone(counsellor):
    lead = LeadFactory()
    lead_assign(lead_id=lead.pk)
    assert lead_routing_failed(lead_id=lead.pk) is False
    lead.refresh_from_db()
    assert lead.routing_state == RoutingState.ROUTED


# --- Sweeper ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sweeper_re_enqueues_only_leads_pending_for_more_than_a_minute(broker_queue):
    now = timezone.now()
    stale = LeadFactory()
    fresh = LeadFactory()
    routed = LeadFactory(routing_state=RoutingState.ROUTED, assigned_to=UserFactory())
    Lead.objects.filter(pk__in=[stale.pk, routed.pk]).update(created_at=now - timedelta(seconds=61))
    Lead.objects.filter(pk=fresh.pk).update(created_at=now - timedelta(seconds=59))
    assert sweep_unrouted(now=now) == 1
    (message,) = queued_messages(broker_queue)
    assert task_args(message) == [stale.pk]


@pytest.mark.django_db
def test_sweeper_re_enqueues_routed_leads_whose_notification_never_went_out(
    broker_queue, counsellor
):
    now = timezone.now()
    unnotified, notified, ancient = LeadFactory(), LeadFactory(), LeadFactory()
    for lead in (unnotified, notified, ancient):
        lead_assign(lead_id=lead.pk)
    lead_notify_once(lead_id=notified.pk)
    Lead.objects.update(routed_at=now - timedelta(minutes=2))
    Lead.objects.filter(pk=ancient.pk).update(created_at=now - timedelta(days=2))
    assert sweep_unrouted(now=now) == 1
    (message,) = queued_messages(broker_queue)
    assert task_args(message) == [unnotified.pk]


@pytest.mark.django_db
def test_the_sweeper_looks_up_each_routed_leads_notification_by_the_lead(broker_queue, counsellor):
    lead = LeadFactory()
    lead_assign(lead_id=lead.pk)
    with CaptureQueriesContext(connection) as ran:
        sweep_unrouted()
    (query,) = [query for query in ran.captured_queries if "admissions_leadevent" in query["sql"]]
    with connection.cursor() as cursor:
        # Even when reading the whole event table looks cheaper than looking leads up one by
        # one (as it does to the planner on a large table that has few notifications yet)...
        cursor.execute("SET LOCAL random_page_cost = 1000")
        cursor.execute(f"EXPLAIN {query['sql']}")
        hashed = "\n".join(row[0] for row in cursor.fetchall())
        # ...and with the table's index there to be used.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {query['sql']}")
        probed = "\n".join(row[0] for row in cursor.fetchall())
    assert "hashed SubPlan" not in hashed, hashed
    assert "Index Cond: ((lead_id >= admissions_lead.id) AND (lead_id = admissions_lead.id))" in (
        probed
    ), probed


def test_a_lead_from_typed_answers_is_the_lead_from_their_json(db):
    from screening import parse_answers

    typed = parse_answers(make_answers(nicotine=True))
    kwargs = {"source": "web", "consent_version": "1", "consent_to_texts": False}

    lead = lead_create(
        answers=typed, contact={"first_name": "Ari", "phone": "555-010-2233"}, **kwargs
    )

    assert lead.answers == typed.to_dict()
    assert lead.rules_version == "2.0.0" and "nicotine" in lead.assessment["flags"]
