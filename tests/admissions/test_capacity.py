"""Program capacity: staff keep the open places; admitting a lead takes one, discharging gives
it back; a program with none is "full — waiting list" in matching and on the public pages; two
admissions for the last place at once give one admission (a real PostgreSQL race)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from admissions import pipeline
from admissions.models import Lead, Status
from tests.auth import log_in
from tests.factories import LeadFactory, ProgramFactory

FULL = "Full — waiting list"


def admit(lead: Lead, user, program) -> Lead:
    return pipeline.change_status(
        lead_id=lead.pk, user=user, status="admitted", reason="Starts Monday", program_id=program.pk
    )


def test_admitting_takes_a_place_and_discharging_gives_it_back(counsellor):
    program = ProgramFactory(capacity=12, open_places=1)
    lead = LeadFactory(assigned_to=counsellor, status=Status.CONTACTED)
    admit(lead, counsellor, program)
    program.refresh_from_db()
    assert program.open_places == 0 and program.is_full
    pipeline.change_status(lead_id=lead.pk, user=counsellor, status="closed", reason="Discharged")
    program.refresh_from_db()
    assert program.open_places == 1 and not program.is_full


def test_a_full_program_refuses_the_admission_with_a_kind_message(client, counsellor):
    program = ProgramFactory(name="Evening IOP", open_places=0)
    lead = LeadFactory(assigned_to=counsellor, status=Status.CONTACTED)
    log_in(client, counsellor)
    response = client.post(
        reverse("admissions:lead_status", args=[lead.pk]),
        {"status": "admitted", "reason": "Starts Monday", "program": program.pk},
        follow=True,
    )
    assert "Evening IOP has no open place (full — waiting list)." in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).status == Status.CONTACTED


def test_programs_that_do_not_count_places_admit_as_before(counsellor):
    program = ProgramFactory(open_places=None)
    admit(LeadFactory(assigned_to=counsellor), counsellor, program)
    program.refresh_from_db()
    assert program.open_places is None and not program.is_full


def test_open_places_cannot_exceed_the_places(db):
    program = ProgramFactory.build(capacity=10, open_places=11)
    with pytest.raises(ValidationError) as caught:
        program.full_clean()
    assert "open_places" in caught.value.message_dict


def test_a_full_program_says_so_on_the_public_pages_in_both_languages(client, db):
    full = ProgramFactory(name="Evening IOP", open_places=0)
    ProgramFactory(name="Morning IOP", open_places=3)
    listing = client.get(reverse("programs:list")).content.decode()
    assert listing.count(FULL) == 1
    assert FULL in client.get(full.get_absolute_url()).content.decode()
    spanish = client.get(full.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Completo — lista de espera" in spanish


def test_a_full_program_says_so_in_matching(client, counsellor):
    lead = LeadFactory(assigned_to=counsellor)
    ProgramFactory(name="Full one", level=lead.level, audience="both", open_places=0)
    log_in(client, counsellor)
    page = client.get(reverse("admissions:lead_detail", args=[lead.pk])).content.decode()
    matching = page[page.index('id="programs-title"') :]
    assert "Full one" in matching and FULL in matching

    from django.template.loader import render_to_string

    from programs.matching import match_programs

    result = match_programs(lead.assessment, lead.answers, language="en")
    assert FULL in render_to_string("programs/_matches.html", {"match_result": result})


@pytest.mark.django_db(transaction=True)
def test_two_admissions_for_the_last_place_at_once_give_one(counsellor, supervisor):
    program = ProgramFactory(open_places=1)
    leads = [LeadFactory(assigned_to=counsellor, status=Status.CONTACTED) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def try_admit(lead: Lead) -> None:
        try:
            barrier.wait()
            admit(lead, supervisor, program)
            outcomes.append("admitted")
        except pipeline.ActionRefused as refused:
            outcomes.append(refused.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=try_admit, args=(lead,)) for lead in leads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 2 and outcomes.count("admitted") == 1
    (refusal,) = [outcome for outcome in outcomes if outcome != "admitted"]
    assert "has no open place (full — waiting list)" in refusal
    program.refresh_from_db()
    assert program.open_places == 0
    assert Lead.objects.filter(status=Status.ADMITTED).count() == 1
