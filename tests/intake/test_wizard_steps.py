"""Every wizard step: valid input, each invalid input, errors next to their field, Back, skip
logic and the wording for a loved one."""

import re

import pytest

from screening.catalogue import DEFAULTS
from tests.factories import make_answers
from tests.intake.conftest import STEP_POSTS, step_url


def test_the_intro_page_explains_and_starts_the_screening(client, db):
    response = client.get("/screen/")
    assert response.status_code == 200
    assert b"not a diagnosis" in response.content
    assert client.get("/screen/begin/")["Location"] == step_url("start")


def test_a_self_screening_produces_exactly_the_documented_answers(walker, client):
    assert walker.walk() == "review"
    walker.send()
    assert client.session["intake_result"]["answers"] == _documented()


def _documented(**changes) -> dict:
    """The answers the wizard gives: the base answers with every optional key as answered."""
    return {**make_answers(**changes), **DEFAULTS}


def test_every_step_shows_its_progress_and_groups_questions_in_fieldsets(walker, client):
    name, seen = "start", []
    while name != "review":
        page = client.get(step_url(name))
        html = page.content.decode()
        assert page.status_code == 200, name
        assert f"Step {len(seen) + 1}, about" in html or "Last step" in html
        assert "<progress" in html
        if name != "age":
            assert "<fieldset" in html and "<legend" in html, name
        seen.append(name)
        name = _next(walker, name)
    assert "relationship" not in seen and "treatment_after" not in seen


def _next(walker, name: str) -> str:
    response = walker.post(name)
    location = response["Location"]
    return location.rstrip("/").rsplit("/", 1)[-1]


INVALID = [
    ("start", {}, "respondent", "Choose who this screening is for."),
    ("start", {"respondent": "robot"}, "respondent", "Select a valid choice."),
    ("age", {}, "age", "Enter an age in years"),
    ("age", {"age": "abc"}, "age", "Enter the age as a whole number"),
    ("age", {"age": "11"}, "age", "aged 12 and over"),
    ("age", {"age": "111"}, "age", "110 or under"),
    ("substances", {"frequency": "weekly"}, "substances", "Tick at least one."),
    ("substances", {"substances": ["alcohol"]}, "frequency", "Choose how often."),
    (
        "substances",
        {"substances": ["alcohol", "cannabis"], "frequency": "daily"},
        "primary_substance",
        "Choose the one that causes the most trouble.",
    ),
    (
        "substances",
        {"substances": ["alcohol"], "primary_substance": "opioids", "frequency": "daily"},
        "primary_substance",
        "Choose one of the substances you ticked.",
    ),
    ("criteria", {"use_criteria": ["nonsense"]}, "use_criteria", "Select a valid choice."),
    ("withdrawal", {}, "withdrawal_now", "Answer yes or no."),
    ("health", {"medical_unstable": "maybe"}, "medical_unstable", "Select a valid choice."),
    (
        "safety",
        {**STEP_POSTS["safety"], "behavior_past_3_months": ""},
        "behavior_past_3_months",
        "Choose an answer.",
    ),
    ("safety", {**STEP_POSTS["safety"], "wish_dead": "maybe"}, "wish_dead", "Select a valid"),
    (
        "mental_health",
        {"mental_health": ["depression"], "psych_hospital_past_year": "no"},
        "mental_health_stable",
        "Answer yes or no.",
    ),
    ("mental_health", {}, "psych_hospital_past_year", "Answer yes or no."),
    ("mood", {"phq_down": "7"}, "phq_down", "Select a valid choice."),
    ("treatment", {"prior_treatment": ["spa"]}, "prior_treatment", "Select a valid choice."),
    ("home", {}, "living", "Choose the closest answer."),
    ("readiness", {"group_comfort": "yes"}, "readiness", "Choose the closest answer."),
    ("finish", {}, "finish", "Choose one of the two options."),
]


@pytest.mark.parametrize(("name", "data", "field", "message"), INVALID)
def test_an_invalid_answer_is_shown_next_to_its_field(walker, client, name, data, field, message):
    walker.walk(until=name)
    response = walker.post(name, data)
    response = walker.after_error(response)
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert re.search(f'aria-describedby="[^"]*id_{field}_error', html)
    assert "Please check your answers" in html
    assert re.search(f'<a href="#id_{field}(_0)?">', html)


CONTACT_INVALID = [
    ({"first_name": ""}, "first_name", "Enter a first name"),
    ({"phone": "", "email": ""}, "phone", "Give a phone number or an email"),
    ({"phone": "12"}, "phone", "Enter a phone number with its area code"),
    ({"phone": "555.010.0199"}, "phone", "Enter a phone number with its area code"),
    ({"email": "not-an-email"}, "email", "Enter an email address like"),
    ({"contact_method": "email"}, "email", "Give an email address, or choose a call"),
    ({"phone": "", "email": "robin@example.org"}, "phone", "Give a phone number, or choose email"),
    ({"contact_time": "midnight"}, "contact_time", "Select a valid choice."),
    ({"language": ""}, "language", "Choose a language."),
    ({"message": "x" * 1001}, "message", "at most 1000 characters"),
]


@pytest.mark.parametrize(("changes", "field", "message"), CONTACT_INVALID)
def test_contact_details_are_checked_before_anything_is_sent(
    walker, client, changes, field, message
):
    walker.walk(until="contact", changes={"finish": {"finish": "reach_out"}})
    response = walker.post("contact", {**STEP_POSTS["contact"], **changes})
    response = walker.after_error(response)
    assert message in response.content.decode()
    assert f'id="id_{field}_error"' in response.content.decode()


def test_an_invalid_post_keeps_the_other_answers_on_the_page(walker, client):
    walker.walk(until="substances")
    response = walker.after_error(
        walker.post("substances", {"substances": ["cannabis"], "frequency": ""})
    )
    html = response.content.decode()
    assert "Choose how often." in html
    assert response.context["form"]["substances"].value() == ["cannabis"]


def test_back_keeps_what_was_typed_even_when_it_was_not_valid_yet(walker, client):
    walker.walk(until="age")
    response = walker.post("age", {"age": "abc"}, action="back")
    assert response["Location"] == step_url("start")
    page = client.get(step_url("age"))
    assert 'value="abc"' in page.content.decode()


def test_back_from_a_later_step_shows_the_earlier_answers(walker, client):
    walker.walk(until="criteria")
    walker.post("criteria", {"use_criteria": ["craving"]}, action="back")
    page = client.get(step_url("substances"))
    assert page.context["form"]["frequency"].value() == "weekly"
    assert client.get(step_url("criteria")).context["form"]["use_criteria"].value() == ["craving"]


def test_changing_an_earlier_answer_counts_instead_of_what_was_checked_before(walker, client):
    walker.walk(until="safety")
    # Going back and making an earlier answer invalid holds the person at that step again.
    walker.post("age", {"age": "7"}, action="back")
    assert client.get(step_url("safety"))["Location"] == step_url("age")
    # Fixing it with a new value: the answers carry the new value, not the one checked first.
    walker.post("age", {"age": "16"})
    walker.walk(until="review", changes={"age": {"age": "16"}})
    walker.send()
    assert client.session["intake_result"]["answers"]["age"] == 16


def test_a_step_ahead_of_the_first_unanswered_one_cannot_be_opened(walker, client):
    walker.walk(until="age")
    assert client.get(step_url("safety"))["Location"] == step_url("age")
    assert client.get(step_url("no-such-step")).status_code == 404


def test_relationship_is_asked_only_for_a_loved_one(walker, client):
    assert walker.post("start", {"respondent": "self"})["Location"] == step_url("age")
    assert client.get(step_url("relationship"))["Location"] == step_url("age")
    assert walker.post("start", {"respondent": "loved_one"})["Location"] == step_url("relationship")
    response = walker.post("relationship", {})
    response = walker.after_error(response)
    assert b"Choose how you are related." in response.content


def test_withdrawal_is_skipped_without_recent_use_of_a_substance_with_dangerous_withdrawal(
    walker, client
):
    changes = {"substances": {"substances": ["cannabis"], "frequency": "not_past_30_days"}}
    walker.walk(until="criteria", changes=changes)
    assert walker.post("criteria")["Location"] == step_url("health")
    walker.walk(changes=changes)
    walker.send()
    answers = client.session["intake_result"]["answers"]
    assert answers == _documented(
        substances=["cannabis"], primary_substance="cannabis", frequency="not_past_30_days"
    )
    assert answers["withdrawal_history"] == [] and answers["withdrawal_now"] is False


@pytest.mark.parametrize("substance", ["alcohol", "benzodiazepines", "sedatives", "opioids"])
def test_withdrawal_history_is_asked_whatever_the_frequency_and_symptoms_now_only_after_use(
    walker, client, substance
):
    changes = {"substances": {"substances": [substance], "frequency": "not_past_30_days"}}
    walker.walk(until="criteria", changes=changes)
    assert walker.post("criteria")["Location"] == step_url("withdrawal")
    page = client.get(step_url("withdrawal")).content.decode()
    assert 'name="withdrawal_history"' in page and 'name="withdrawal_now"' not in page
    assert walker.post("withdrawal", {"withdrawal_history": ["seizures"]})["Location"] == (
        step_url("health")
    )
    walker.walk(changes={**changes, "withdrawal": {"withdrawal_history": ["seizures"]}})
    walker.send()
    answers = client.session["intake_result"]["answers"]
    assert answers["withdrawal_history"] == ["seizures"] and answers["withdrawal_now"] is False


def test_questions_after_treatment_are_asked_only_when_there_was_treatment(walker, client):
    walker.walk(until="treatment")
    assert walker.post("treatment", {"prior_treatment": ["iop"]})["Location"] == step_url(
        "treatment_after"
    )
    walker.post("treatment_after", {"discharged_recently": "yes", "relapse_after_treatment": "no"})
    walker.walk(changes={"treatment": {"prior_treatment": ["iop"]}, **_keep_after()})
    walker.send()
    answers = client.session["intake_result"]["answers"]
    assert answers["prior_treatment"] == ["iop"] and answers["discharged_recently"] is True


def _keep_after() -> dict:
    return {"treatment_after": {"discharged_recently": "yes", "relapse_after_treatment": "no"}}


def test_mood_items_give_phq2_and_gad2_totals_or_none_when_skipped(walker, client):
    changes = {
        "mental_health": {
            "mental_health": ["depression"],
            "mental_health_stable": "no",
            "psych_hospital_past_year": "no",
        },
        "mood": {"phq_interest": "2", "phq_down": "3", "gad_nervous": "1", "gad_worry": "skip"},
    }
    walker.walk(changes=changes)
    walker.send()
    answers = client.session["intake_result"]["answers"]
    assert answers["phq2"] == 5 and answers["gad2"] is None
    assert answers["mental_health_stable"] is False


def test_a_single_substance_is_its_own_primary_substance(walker, client):
    walker.walk(changes={"substances": {"substances": ["opioids"], "frequency": "daily"}})
    walker.send()
    assert client.session["intake_result"]["answers"]["primary_substance"] == "opioids"


LOVED_ONE = {
    "start": {"respondent": "loved_one"},
    "relationship": {"relationship": "partner"},
}


def test_every_question_speaks_of_your_loved_one_without_gender(walker, client):
    name = walker.walk(until="age", changes=LOVED_ONE)
    assert name == "age"
    pages = []
    while name not in ("finish", "review"):
        html = client.get(step_url(name)).content.decode()
        pages.append(html)
        name = _next(walker, name)
    assert "How old is your loved one?" in pages[0]
    joined = " ".join(pages)
    assert "your loved one" in joined
    for word in (" he ", " she ", " his ", " her ", " him ", "How old are you?"):
        assert word not in joined
    walker.walk(changes=LOVED_ONE)
    walker.send()
    answers = client.session["intake_result"]["answers"]
    assert answers["respondent"] == "loved_one" and answers["relationship"] == "partner"


def test_a_person_answering_for_themselves_is_asked_about_you(walker, client):
    walker.walk(until="age")
    assert "How old are you?" in client.get(step_url("age")).content.decode()


def test_restart_forgets_the_screening_in_progress(walker, client):
    walker.walk(until="health")
    client.post("/screen/restart/")
    assert client.get("/screen/begin/")["Location"] == step_url("start")


def test_answers_are_kept_on_the_server_and_never_in_a_cookie(walker, client):
    walker.walk(changes={"finish": {"finish": "reach_out"}})
    for cookie in client.cookies.values():
        assert "Robin" not in cookie.value and "alcohol" not in cookie.value


def test_opening_a_step_page_writes_nothing_to_the_session(walker, client):
    from django.contrib.sessions.models import Session

    walker.walk(until="safety")
    key = client.session.session_key
    before = Session.objects.values_list("session_data", "expire_date").get(session_key=key)
    assert client.get(step_url("safety")).status_code == 200
    after = Session.objects.values_list("session_data", "expire_date").get(session_key=key)
    assert after == before
