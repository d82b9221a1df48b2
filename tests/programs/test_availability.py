"""Taking new patients: automatic by default (it follows the open places), or set by hand by a
supervisor; the public pages and matching say which honestly, and matching stays one query."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from programs.availability import Availability, NewPatients, availability
from programs.matching import match_programs
from programs.models import Program
from tests.auth import log_in
from tests.factories import ProgramFactory, make_answers

CHANGELIST = "/admin/programs/program/"
OPEN, FULL, CLOSED = Availability.OPEN, Availability.FULL, Availability.CLOSED

RULE = [
    # (setting, open places, what people are told)
    ("automatic", None, OPEN),
    ("automatic", 3, OPEN),
    ("automatic", 1, OPEN),
    ("automatic", 0, FULL),
    ("open", None, OPEN),
    ("open", 5, OPEN),
    ("open", 0, OPEN),
    ("closed", None, CLOSED),
    ("closed", 5, CLOSED),
    ("closed", 0, CLOSED),
]


@pytest.mark.parametrize(("setting", "places", "told"), RULE)
def test_the_rule_follows_open_places_unless_set_by_hand(setting, places, told):
    assert availability(setting, places) == told


@pytest.mark.django_db
@pytest.mark.parametrize(("setting", "places", "told"), RULE)
def test_the_database_column_says_what_the_rule_says(setting, places, told):
    program = ProgramFactory(new_patients=setting, open_places=places)
    assert Program.objects.get(pk=program.pk).availability == told
    assert Program.objects.filter(availability=told).count() == 1


@pytest.mark.django_db
def test_a_program_follows_its_places_as_they_are_taken_and_given_back():
    program = ProgramFactory(open_places=1)
    assert program.new_patients == NewPatients.AUTOMATIC
    Program.objects.filter(pk=program.pk).update(open_places=0)
    assert Program.objects.get(pk=program.pk).availability == FULL
    Program.objects.filter(pk=program.pk).update(open_places=1)
    assert Program.objects.get(pk=program.pk).accepting_new_patients


def public_pages(client, program) -> tuple[str, str]:
    listing = client.get("/programs/").content.decode()
    return listing, client.get(program.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_public_pages_say_full_or_closed_by_hand_honestly(client):
    full = ProgramFactory(name="Evening IOP", open_places=0)
    closed = ProgramFactory(name="Weekend IOP", open_places=4, new_patients="closed")
    taking = ProgramFactory(name="Morning IOP", open_places=4)
    listing, page = public_pages(client, full)
    assert listing.count("Full — waiting list") == 1
    assert listing.count("Not taking new patients just now") == 1
    assert "Full — waiting list" in page and "Taking new patients" not in page
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Not taking new patients just now" in page and "waiting list" not in page
    assert "Taking new patients" in client.get(taking.get_absolute_url()).content.decode()
    spanish = client.get(closed.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Ahora mismo no acepta pacientes nuevos" in spanish


@pytest.mark.django_db
def test_a_supervisor_closes_a_program_by_hand_in_the_admin_and_the_list_says_so(
    client, supervisor
):
    program = ProgramFactory(name="Evening IOP", open_places=4)
    log_in(client, supervisor)
    listing = client.get(CHANGELIST).content.decode()
    assert "Automatic — follows open places" in listing
    form = client.get(f"{CHANGELIST}{program.pk}/change/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        schedules=program.schedules,
        services=program.services,
        languages=program.languages,
        new_patients="closed",
    )
    response = client.post(f"{CHANGELIST}{program.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    program.refresh_from_db()
    assert program.availability == CLOSED and program.set_by_hand
    listing = client.get(CHANGELIST).content.decode()
    assert "Set by hand: not taking new patients" in listing
    assert "Not taking new patients just now" in client.get("/programs/").content.decode()
    assert client.get(f"{CHANGELIST}?availability__exact=closed").context["cl"].result_count == 1


def iop() -> dict:
    return {"level": "iop", "flags": []}


@pytest.mark.django_db
def test_matching_offers_a_full_program_after_those_with_a_place_and_never_a_closed_one(
    django_assert_num_queries,
):
    ProgramFactory(name="A full one", open_places=0)
    ProgramFactory(name="B with places", open_places=2)
    ProgramFactory(name="C not counted", open_places=None)
    ProgramFactory(name="D closed by hand", open_places=6, new_patients="closed")
    ProgramFactory(name="E open by hand", open_places=0, new_patients="open")
    with django_assert_num_queries(1):
        result = match_programs(iop(), make_answers(obligations=[]))
    assert [match.program.name for match in result.matches] == [
        "B with places",
        "C not counted",
        "E open by hand",
        "A full one",
    ]


@pytest.mark.django_db
def test_matching_filters_on_the_indexed_column():
    sql = str(Program.objects.filter(level="iop", availability__in=["open", "full"]).query)
    assert '"availability" IN' in sql
    indexed = {tuple(index.fields) for index in Program._meta.indexes}
    assert ("level", "availability") in indexed


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_a_program_not_accepting_closed_by_hand():
    executor = MigrationExecutor(connection)
    executor.migrate([("programs", "0002_program_open_places")])
    old = MigrationExecutor(connection).loader.project_state(
        [("programs", "0002_program_open_places")]
    )
    OldProgram = old.apps.get_model("programs", "Program")
    common = {
        "level": "iop",
        "audience": "adults",
        "hours_per_week": 9,
        "days_per_week": 3,
        "typical_weeks": 10,
        "schedules": ["evening"],
        "languages": ["en"],
        "location": "Main clinic",
        "description_en": "A program.",
        "description_es": "Un programa.",
    }
    OldProgram.objects.create(name="Closed", slug="closed", accepting_new_patients=False, **common)
    OldProgram.objects.create(
        name="Full", slug="full", accepting_new_patients=True, open_places=0, **common
    )
    OldProgram.objects.create(
        name="Taking", slug="taking", accepting_new_patients=True, open_places=3, **common
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    after = {p.slug: (p.new_patients, p.availability) for p in Program.objects.all()}
    assert after == {
        "closed": ("closed", CLOSED),
        "full": ("automatic", FULL),
        "taking": ("automatic", OPEN),
    }
