"""The optional coverage step: asked after the person chooses to be contacted, stored with the
lead when it is sent, checked like staff's coverage form, and skippable."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from admissions.models import Lead
from benefits.models import Coverage, Payer
from tests.intake.conftest import STEP_POSTS, step_url

REACH_OUT = {"finish": {"finish": "reach_out"}}


@pytest.fixture
def payer(db) -> Payer:
    return Payer.objects.create(name="Acme Health Plan", payer_id="60054")


def _coverage(payer: Payer, **changes) -> dict:
    data = {
        "payment_type": "commercial",
        "payer": str(payer.pk),
        "member_id": "W123456789",
        "group_number": "GRP001",
        "patient_birth_date": "1985-03-14",
        "subscriber": "self",
    }
    data.update(changes)
    return data


def test_the_coverage_step_comes_after_contact_and_says_it_can_be_skipped(walker, client, payer):
    assert walker.walk(changes=REACH_OUT, until="coverage") == "coverage"
    page = html.unescape(client.get(step_url("coverage")).content.decode())
    assert "you can skip it" in page
    assert "Skip this step" in page
    assert "Acme Health Plan" in page
    assert "nothing here means you are covered" in page


def test_coverage_typed_by_the_person_is_stored_with_the_lead(walker, payer):
    walker.walk(changes={**REACH_OUT, "coverage": _coverage(payer)})
    assert walker.send().status_code == 302
    coverage = Coverage.objects.get(lead=Lead.objects.get())
    assert (coverage.payer, coverage.member_id, coverage.group_number) == (
        payer,
        "W123456789",
        "GRP001",
    )
    assert coverage.patient_birth_date.isoformat() == "1985-03-14"
    assert coverage.verification == "pending"


def test_coverage_changes_none_of_the_screening_answers(walker, client, payer):
    walker.walk(changes=REACH_OUT)
    walker.send()
    without = Lead.objects.get()
    client.post("/screen/restart/")
    walker.walk(changes={**REACH_OUT, "coverage": _coverage(payer)})
    walker.send()
    with_coverage = Lead.objects.exclude(pk=without.pk).get()
    assert with_coverage.answers == without.answers
    assert with_coverage.level == without.level


def test_the_skip_button_moves_on_and_stores_no_coverage(walker, client, payer):
    walker.walk(changes=REACH_OUT, until="coverage")
    # What was typed before skipping is dropped with the skip.
    walker.post("coverage", _coverage(payer, member_id="W 12"))
    skipped = client.post(step_url("coverage"), {"action": "skip"})
    assert skipped["Location"] == step_url("review")
    assert walker.send().status_code == 302
    assert Lead.objects.count() == 1
    assert not Coverage.objects.exists()


def test_a_result_only_screening_is_never_asked_about_coverage(walker, client, payer):
    walker.walk(changes={"coverage": _coverage(payer)})
    assert client.get(step_url("coverage"))["Location"] == step_url("review")
    walker.send()
    assert not Coverage.objects.exists()


def test_every_coverage_problem_is_shown_and_what_was_typed_is_kept(walker, client, payer):
    walker.walk(changes=REACH_OUT, until="coverage")
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = walker.post(
        "coverage",
        _coverage(
            payer,
            member_id="W123 456",
            subscriber="other",
            subscriber_first_name="Maria",
            subscriber_last_name="Lopez",
            subscriber_birth_date=future,
            subscriber_relationship="child",
        ),
    )
    page = html.unescape(walker.after_error(response).content.decode())
    assert "No spaces" in page
    assert "cannot be in the future" in page
    assert 'value="W123 456"' in page and 'value="Maria"' in page
    # Nothing moves on until it is fixed or skipped; nothing is stored yet.
    assert client.get(step_url("review"))["Location"] == step_url("coverage")
    assert not Coverage.objects.exists()


def test_coverage_stays_out_of_the_finish_later_draft(walker, client, payer):
    from intake.models import Draft

    walker.walk(changes=REACH_OUT, until="coverage")
    walker.post("coverage", _coverage(payer), action="later")
    client.post("/screen/later/", {"contact": "robin@example.org"})
    draft = Draft.objects.get()
    assert "coverage" not in draft.steps and "contact" not in draft.steps


def test_a_payer_taken_off_the_list_before_sending_is_kept_by_name(walker, payer):
    walker.walk(changes={**REACH_OUT, "coverage": _coverage(payer)})
    Payer.objects.filter(pk=payer.pk).update(active=False)
    assert walker.send().status_code == 302
    coverage = Coverage.objects.get()
    assert (coverage.payer, coverage.other_payer_name) == (None, "Acme Health Plan")
    assert coverage.member_id == "W123456789"


def test_the_coverage_step_reads_in_spanish(walker, client, payer):
    walker.walk(changes=REACH_OUT, until="coverage")
    with override("es"):
        page = html.unescape(
            client.get(step_url("coverage"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
        )
    assert "Omitir este paso" in page
    assert "Seguro médico (puedes omitir esto)" in page


def test_the_step_posts_used_elsewhere_still_walk_past_coverage(walker):
    assert "coverage" not in STEP_POSTS
    assert walker.walk(changes=REACH_OUT) == "review"


def test_the_result_says_benefits_are_checked_before_the_assessment_and_promises_nothing(
    walker, client, payer
):
    walker.walk(changes={**REACH_OUT, "coverage": _coverage(payer)})
    walker.send()
    english = html.unescape(client.get("/screen/result/").content.decode())
    assert "Before the assessment, the centre checks your benefits" in english
    assert "Nothing on this page means that care is covered." in english
    with override("es"):
        spanish = html.unescape(
            client.get("/screen/result/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
        )
    assert "Antes de la evaluación, el centro verifica tus beneficios" in spanish
    for page in (english.lower(), spanish.lower()):
        assert "you are covered" not in page and "está cubierto" not in page
