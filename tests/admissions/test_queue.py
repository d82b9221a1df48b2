"""The queue: most urgent first, then oldest; who sees what; filters, search, paging, queries."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from admissions.models import Lead, Status
from admissions.selectors import QueueFilters, lead_queue
from tests.auth import log_in
from tests.factories import CRISIS_ANSWERS, LeadFactory, make_answers

QUEUE = reverse("admissions:queue")
LEAD_LINK = re.compile(rb'href="/staff/leads/(\d+)/"')


def listed(response) -> list[int]:
    """Lead ids in the order the queue shows them."""
    return [int(pk) for pk in LEAD_LINK.findall(response.content)]


def follow(client, response, rel: str):
    """Follow the queue's "next" or "prev" link (they are relative query strings)."""
    href = re.search(rf'rel="{rel}" href="([^"]+)"'.encode(), response.content).group(1).decode()
    return client.get(QUEUE + href.replace("&amp;", "&"))


def created_ago(lead: Lead, minutes: float) -> Lead:
    Lead.objects.filter(pk=lead.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    lead.refresh_from_db()
    return lead


def many(count: int, **fields) -> list[Lead]:
    """``count`` copies of one screened lead (fast: one insert)."""
    template = LeadFactory(**fields)
    copies = []
    for number in range(count - 1):
        copy = Lead.objects.get(pk=template.pk)
        copy.pk = None
        copy.first_name = f"Person{number}"
        copy.phone = f"+1555{number:07d}"
        copies.append(copy)
    Lead.objects.bulk_create(copies)
    return list(Lead.objects.all())


def search_queue(client, words: str, **params):
    """Search the way the page does: POST the words, follow the redirect."""
    query = f"?{urlencode(params)}" if params else ""
    response = client.post(QUEUE + query, {"q": words})
    assert response.status_code == 302
    return client.get(response["Location"])


@pytest.fixture
def signed_in(client, counsellor):
    log_in(client, counsellor)
    return client


def test_urgent_comes_first_then_high_then_normal_then_oldest_first(signed_in):
    normal_old = created_ago(LeadFactory(), 300)
    normal_new = created_ago(LeadFactory(), 5)
    high = created_ago(LeadFactory(answers_changes={"age": 16}), 1)
    urgent_new = created_ago(LeadFactory(answers_changes=CRISIS_ANSWERS), 1)
    urgent_old = created_ago(LeadFactory(answers_changes=CRISIS_ANSWERS), 2)
    assert high.priority == "high" and urgent_new.priority == "urgent"
    assert listed(signed_in.get(QUEUE)) == [
        urgent_old.pk,
        urgent_new.pk,
        high.pk,
        normal_old.pk,
        normal_new.pk,
    ]


def test_leads_created_at_the_same_moment_are_ordered_by_id(signed_in):
    leads = many(3)
    moment = timezone.now()
    Lead.objects.update(created_at=moment)
    assert listed(signed_in.get(QUEUE)) == sorted(lead.pk for lead in leads)


def test_crisis_rows_say_crisis_in_words(signed_in):
    LeadFactory(answers_changes=CRISIS_ANSWERS)
    content = signed_in.get(QUEUE).content.decode()
    assert "CRISIS" in content
    assert "row-crisis" in content


def test_a_calm_lead_is_not_marked_crisis(signed_in):
    LeadFactory()
    content = signed_in.get(QUEUE).content.decode()
    assert "CRISIS" not in content


def test_an_urgent_lead_past_fifteen_minutes_without_contact_is_overdue(signed_in):
    created_ago(LeadFactory(answers_changes=CRISIS_ANSWERS), 16)
    content = signed_in.get(QUEUE).content.decode()
    assert "Overdue" in content
    assert "row-overdue" in content


def test_a_normal_lead_has_four_hours_before_it_is_overdue(signed_in):
    created_ago(LeadFactory(), 200)
    assert "row-overdue" not in signed_in.get(QUEUE).content.decode()


def test_a_contacted_lead_is_never_overdue(signed_in):
    lead = created_ago(LeadFactory(answers_changes=CRISIS_ANSWERS), 60)
    Lead.objects.filter(pk=lead.pk).update(first_contact_at=timezone.now())
    assert "row-overdue" not in signed_in.get(QUEUE).content.decode()


def test_deadlines_come_from_settings_when_configured(signed_in, settings):
    settings.DOORWAY_ESCALATE_AFTER_MINUTES = {"urgent": 30, "high": 60, "normal": 240}
    created_ago(LeadFactory(answers_changes=CRISIS_ANSWERS), 16)
    assert "row-overdue" not in signed_in.get(QUEUE).content.decode()


def test_counsellor_sees_unassigned_and_own_but_not_another_counsellors(
    signed_in, counsellor, other_counsellor
):
    mine = LeadFactory(assigned_to=counsellor)
    unassigned = LeadFactory()
    LeadFactory(assigned_to=other_counsellor)
    assert sorted(listed(signed_in.get(QUEUE))) == sorted([mine.pk, unassigned.pk])


def test_supervisor_sees_every_lead(client, supervisor, counsellor, other_counsellor):
    leads = [LeadFactory(assigned_to=counsellor), LeadFactory(assigned_to=other_counsellor)]
    log_in(client, supervisor)
    assert sorted(listed(client.get(QUEUE))) == sorted(lead.pk for lead in leads)


def test_mine_and_unassigned_filters(signed_in, counsellor):
    mine = LeadFactory(assigned_to=counsellor)
    unassigned = LeadFactory()
    assert listed(signed_in.get(QUEUE, {"assigned": "mine"})) == [mine.pk]
    assert listed(signed_in.get(QUEUE, {"assigned": "unassigned"})) == [unassigned.pk]


def test_closed_leads_are_hidden_until_asked_for(signed_in):
    open_lead = LeadFactory()
    closed = LeadFactory(status=Status.CLOSED)
    assert listed(signed_in.get(QUEUE)) == [open_lead.pk]
    assert sorted(listed(signed_in.get(QUEUE, {"status": ""}))) == sorted([open_lead.pk, closed.pk])
    assert listed(signed_in.get(QUEUE, {"status": "closed"})) == [closed.pk]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "inpatient"}, "crisis"),
        ({"priority": "urgent"}, "crisis"),
        ({"priority": "normal"}, "calm"),
        ({"language": "es"}, "spanish"),
    ],
)
def test_filters_narrow_the_queue(signed_in, params, expected):
    leads = {
        "crisis": LeadFactory(answers_changes=CRISIS_ANSWERS),
        "calm": LeadFactory(),
        "spanish": LeadFactory(language="es", answers_changes={"age": 16}),
    }
    assert listed(signed_in.get(QUEUE, params)) == [leads[expected].pk]


def test_date_range_keeps_leads_created_within_it(signed_in):
    old = created_ago(LeadFactory(), 60 * 24 * 10)
    recent = LeadFactory()
    today = timezone.localdate()
    week_ago = today - timedelta(days=7)
    assert listed(signed_in.get(QUEUE, {"created_from": week_ago.isoformat()})) == [recent.pk]
    assert listed(signed_in.get(QUEUE, {"created_to": week_ago.isoformat()})) == [old.pk]


@pytest.mark.parametrize(
    "search",
    [
        "Ximena",
        "ximena",
        "Ximena Quill",
        "quill",
        "(555) 010-9988",
        "5550109988",
        "xq@example.net",
        "XQ@Example.NET",
        "xq@exam",
    ],
)
def test_search_finds_by_name_phone_or_email(signed_in, search):
    wanted = LeadFactory(
        first_name="Ximena", last_name="Quill", phone="+15550109988", email="xq@example.net"
    )
    LeadFactory(first_name="Other", last_name="Person", phone="+15551112222")
    assert listed(search_queue(signed_in, search)) == [wanted.pk]


def test_search_words_never_appear_in_a_url(signed_in):
    many(60, last_name="Quillfeather")
    response = signed_in.post(QUEUE, {"q": "Quillfeather"})
    assert response.status_code == 302
    assert "Quillfeather" not in response["Location"]
    page = signed_in.get(response["Location"])
    assert len(listed(page)) == 50
    links = re.findall(rb'href="([^"]+)"', page.content) + re.findall(
        rb'action="([^"]+)"', page.content
    )
    assert links and not [link for link in links if b"Quillfeather" in link]
    assert len(listed(follow(signed_in, page, "next"))) == 10


def test_search_combines_with_filters_and_ends_when_cleared(signed_in):
    wanted = LeadFactory(first_name="Ximena", answers_changes=CRISIS_ANSWERS)
    LeadFactory(first_name="Ximena")
    other = LeadFactory(first_name="Other", answers_changes=CRISIS_ANSWERS)
    assert listed(search_queue(signed_in, "Ximena", priority="urgent")) == [wanted.pk]
    # The filter form keeps the search going; without search=1 it is not applied.
    assert listed(signed_in.get(QUEUE, {"search": "1", "priority": "urgent"})) == [wanted.pk]
    assert sorted(listed(signed_in.get(QUEUE, {"priority": "urgent"}))) == sorted(
        [wanted.pk, other.pk]
    )
    cleared = signed_in.post(QUEUE, {"q": ""})
    assert "search" not in cleared["Location"]


def test_invalid_filters_are_ignored(signed_in):
    lead = LeadFactory()
    response = signed_in.get(QUEUE, {"level": "spaceship", "created_from": "yesterday"})
    assert response.status_code == 200
    assert listed(response) == [lead.pk]


def test_pages_of_fifty_cover_every_lead_once_and_go_back(signed_in):
    leads = many(120)
    first = signed_in.get(QUEUE)
    assert len(listed(first)) == 50
    assert b"120 leads" in first.content
    seen = listed(first)
    page = first
    while b'rel="next"' in page.content:
        page = follow(signed_in, page, "next")
        seen += listed(page)
    assert len(listed(page)) == 20
    assert seen == [
        lead.pk for lead in sorted(leads, key=lambda x: (x.priority_rank, x.created_at, x.pk))
    ]
    back = follow(signed_in, page, "prev")
    assert listed(back) == seen[50:100]


def test_a_new_urgent_lead_does_not_shift_the_next_page(signed_in):
    many(60)
    first = signed_in.get(QUEUE)
    LeadFactory(answers_changes=CRISIS_ANSWERS)
    second = follow(signed_in, first, "next")
    assert set(listed(second)).isdisjoint(listed(first))
    assert len(listed(second)) == 10


def test_a_tampered_page_link_shows_the_first_page(signed_in):
    lead = LeadFactory()
    response = signed_in.get(QUEUE, {"cursor": "a1.notanumber"})
    assert response.status_code == 200
    assert listed(response) == [lead.pk]


def test_the_total_is_capped_rather_than_counting_everything(signed_in, monkeypatch):
    monkeypatch.setattr("admissions.selectors.COUNT_CAP", 5)
    many(8)
    assert b"More than 5 leads" in signed_in.get(QUEUE).content


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["counsellor", "supervisor"])
def test_the_queue_runs_the_same_queries_for_one_row_or_fifty(client, request, persona, counsellor):
    user = request.getfixturevalue(persona)
    log_in(client, user)
    LeadFactory(assigned_to=counsellor)
    count_queries(client)  # warm the session
    one_row = count_queries(client)
    many(60, assigned_to=None)
    Lead.objects.filter(pk__in=Lead.objects.order_by("pk").values("pk")[:10]).update(
        assigned_to=counsellor
    )
    fifty_rows = count_queries(client)
    assert fifty_rows == one_row


def test_the_queue_query_count_is_bounded(client, counsellor, django_assert_max_num_queries):
    log_in(client, counsellor)
    many(60, answers_changes=make_answers(), assigned_to=counsellor)
    client.get(QUEUE)
    with django_assert_max_num_queries(6):
        client.get(QUEUE)


def test_the_queue_speaks_spanish_to_spanish_speaking_staff(signed_in):
    LeadFactory()
    # override() puts the thread's language back afterwards (the request switches it to Spanish).
    with translation.override("en"):
        content = signed_in.get(QUEUE, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Cola de admisiones" in content
    assert "1 caso" in content
    assert "Ambulatorio intensivo (IOP)" in content


@pytest.mark.parametrize("search", ["Quill", "xq@example", "Ximena Quill", "(555) 010-9988"])
def test_search_reads_its_indexes_instead_of_every_lead(supervisor, search):
    """With plain scans priced out, every part of the search must still find its index: the
    indexes' expressions match the SQL Django writes, or all 100,000 leads would be read."""
    LeadFactory(first_name="Ximena", last_name="Quill", phone="+15550109988")
    queue = lead_queue(user=supervisor, filters=QueueFilters(status="", search=search))
    sql, params = queue.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on admissions_lead" not in plan
    # An email address is looked up by its start, from a B-tree; the rest by trigrams.
    assert ("lead_email_prefix_idx" if "@" in search else "_trgm") in plan


@pytest.mark.parametrize(
    "search", ["3055550142", "5550142", "305 555 0142", "(305) 555-0142", "0142"]
)
def test_search_finds_a_phone_by_its_digits_in_any_format(signed_in, search):
    wanted = LeadFactory(phone="(305) 555-0142")
    LeadFactory(phone="+1 (786) 555-0199")
    assert listed(search_queue(signed_in, search)) == [wanted.pk]


@pytest.mark.parametrize("search", ["Maria", "maria", "MARÍA", "maría lopez", "Lopez", "jose@"])
def test_search_ignores_accents_and_case_in_names_and_emails(signed_in, search):
    wanted = LeadFactory(first_name="María", last_name="López", email="José@example.net")
    LeadFactory(first_name="Marta", last_name="Perez", email="marta@example.net")
    assert listed(search_queue(signed_in, search)) == [wanted.pk]


@pytest.mark.parametrize("search", ["María", "3055550142"])
def test_folded_and_digit_search_read_their_trigram_indexes(supervisor, search):
    LeadFactory(first_name="María", phone="(305) 555-0142")
    queue = lead_queue(user=supervisor, filters=QueueFilters(status="", search=search))
    sql, params = queue.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on admissions_lead" not in plan
    assert ("lead_phone_digits_trgm" if search.isdigit() else "lead_first_name_fold_trgm") in plan
