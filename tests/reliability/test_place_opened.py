"""A discharge from a full program with a waiting list: the real worker tells the supervisors
and whoever added the first in line, once, with the program and the lead's number only."""

import pytest

from admissions import pipeline, waiting_list
from admissions.models import Status
from tests.factories import LeadFactory, ProgramFactory
from tests.reliability.conftest import wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]


def test_a_place_given_back_is_announced_by_the_worker_without_personal_data(
    worker, counsellor, supervisor
):
    program = ProgramFactory(name="Evening IOP", capacity=1, open_places=1)
    patient = LeadFactory(assigned_to=counsellor, status=Status.CONTACTED)
    pipeline.change_status(
        lead_id=patient.pk, user=counsellor, status="admitted", reason="In", program_id=program.pk
    )
    first = LeadFactory(assigned_to=counsellor, first_name="Zebulon", phone="+15550001234")
    waiting_list.waiting_list_add(
        lead_id=first.pk, program_id=program.pk, user=counsellor, note="Needs evenings"
    )
    pipeline.change_status(
        lead_id=patient.pk, user=counsellor, status="closed", reason="Discharged"
    )
    wait_for(lambda: len(worker.emails()) >= 2, what="the place-opened notices")
    wait_for(worker.idle, what="the task to finish")
    sent = worker.emails()
    assert sorted(email["to"] for email in sent) == sorted([supervisor.email, counsellor.email])
    assert {email["subject"] for email in sent} == {"A place opened in Evening IOP"}
    text = worker.mail_text()
    assert f"the first person on its waiting list is lead {first.pk}." in text
    assert "Zebulon" not in text and "0001234" not in text and "evenings" not in text
