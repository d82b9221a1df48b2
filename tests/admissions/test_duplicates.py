"""The same person twice: a new lead with the phone digits or the email of an open lead is
linked to it, and both pages say "possible duplicate"."""

import pytest
from django.db import connection
from django.urls import reverse

from admissions.models import Lead, Status
from admissions.services import lead_create
from tests.auth import log_in
from tests.factories import LeadFactory, make_answers


def create(**contact) -> Lead:
    return lead_create(
        answers=make_answers(),
        contact={"first_name": "Ana", **contact},
        source="phone",
        consent_version="1",
        consent_to_texts=False,
    )


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ({"phone": "(305) 555-0142"}, {"phone": "+1 305 555 0142"}),
        (
            {"email": "Ana.Lopez@Example.net", "contact_method": "email"},
            {"email": "ana.lopez@example.net", "contact_method": "email"},
        ),
    ],
    ids=["phone-digits", "email"],
)
def test_the_same_phone_or_email_links_the_two_and_both_pages_say_so(
    client, supervisor, earlier, later
):
    first = create(**earlier)
    second = create(**later)
    assert list(first.possible_duplicates.all()) == [second]
    assert list(second.possible_duplicates.all()) == [first]
    log_in(client, supervisor)
    for lead, other in ((first, second), (second, first)):
        page = client.get(reverse("admissions:lead_detail", args=[lead.pk])).content.decode()
        assert "Possible duplicate" in page
        assert f'href="/staff/leads/{other.pk}/"' in page


def test_different_people_and_closed_leads_are_not_linked(db):
    LeadFactory(phone="(305) 555-0142", status=Status.CLOSED)
    other = create(phone="(786) 555-0199")
    again = create(phone="305 555 0142")
    assert not other.possible_duplicates.exists()
    assert not again.possible_duplicates.exists()


def test_finding_duplicates_reads_indexes(db):
    create(phone="(305) 555-0142", email="a@example.net")
    from admissions.search import fold
    from admissions.selectors import SEARCH_COLUMNS

    query = Lead.objects.alias(email_folded=SEARCH_COLUMNS["email_folded"]).filter(
        email_folded=fold("a@example.net")
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The folded email's B-tree (it also serves prefix search) answers an exact match.
    assert "Seq Scan" not in plan and "lead_email_prefix_idx" in plan
