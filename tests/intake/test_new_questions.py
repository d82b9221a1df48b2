"""The questions of rules 2.0 in the wizard, as "How the form asks" says: depressant frequency
only with a depressant and another substance, overdose, injecting, custody and nicotine of
everyone, partial mood scores, and the answers they give."""

import pytest

from admissions.models import Lead
from tests.intake.conftest import STEP_POSTS, step_url

MIXED = {"substances": ["alcohol", "cannabis"], "primary_substance": "cannabis"}


def _answers(client) -> dict:
    return client.session["intake_result"]["answers"]


@pytest.mark.parametrize(
    ("substances", "asked"),
    [
        (["alcohol", "cannabis"], True),
        (["benzodiazepines", "opioids"], True),
        (["sedatives", "stimulants", "other"], True),
        (["alcohol"], False),
        (["alcohol", "benzodiazepines"], False),
        (["cannabis", "opioids"], False),
    ],
)
def test_depressant_frequency_is_asked_only_with_a_depressant_and_another_substance(
    walker, client, substances, asked
):
    walker.walk(until="substances")
    data = {"substances": substances, "primary_substance": substances[0], "frequency": "daily"}
    response = walker.post("substances", data)
    assert response.status_code == 302
    if asked:
        response = walker.after_error(response)
        assert 'id="id_depressant_frequency_error"' in response.content.decode()
        data["depressant_frequency"] = "monthly"
        assert walker.post("substances", data).status_code == 302
    walker.walk(changes={"substances": data})
    walker.send()
    assert _answers(client)["depressant_frequency"] == ("monthly" if asked else None)


def test_the_depressant_frequency_question_says_when_the_page_shows_it(walker, client):
    walker.walk(until="substances")
    page = client.get(step_url("substances")).content.decode()
    assert 'name="depressant_frequency"' in page
    assert "data-asked-when=" in page.split('name="depressant_frequency"')[1].split(">")[0]


def test_depressant_frequency_may_not_be_more_often_than_any_use(walker, client):
    walker.walk(until="substances")
    data = {**MIXED, "frequency": "weekly", "depressant_frequency": "daily"}
    response = walker.post("substances", data)
    response = walker.after_error(response)
    assert "cannot be more often than the answer for all of them" in response.content.decode()


def test_a_depressant_frequency_posted_without_a_depressant_counts_for_nothing(walker, client):
    walker.walk(until="substances")
    data = {"substances": ["cannabis"], "frequency": "daily", "depressant_frequency": "sideways"}
    assert walker.post("substances", data).status_code == 302
    walker.walk(changes={"substances": data})
    walker.send()
    assert _answers(client)["depressant_frequency"] is None


def test_daily_cannabis_with_monthly_drinking_is_not_daily_drinking(walker, client):
    changes = {
        "substances": {**MIXED, "frequency": "daily", "depressant_frequency": "monthly"},
        "withdrawal": {"withdrawal_history": ["shakes_sweats"], "withdrawal_now": "no"},
        "health": {"medical_conditions": ["liver_disease"], "medical_unstable": "no"},
    }
    walker.walk(changes=changes)
    walker.send()
    assessment = client.session["intake_result"]["assessment"]
    assert assessment["level"] == "iop" and assessment["priority"] != "urgent"


def test_overdose_injecting_custody_and_nicotine_are_asked_of_everyone(walker, client):
    walker.walk(until="risks", changes={"substances": {"substances": ["cannabis"]}})
    page = client.get(step_url("risks")).content.decode()
    for name in ("overdose_past_year", "injects", "left_custody_recently", "nicotine"):
        assert f'name="{name}"' in page
    response = walker.post("risks", {})
    response = walker.after_error(response)
    assert response.content.decode().count("Answer yes or no.") >= 4


def test_opioids_after_release_from_prison_are_urgent_with_naloxone(walker, client):
    changes = {
        "substances": {"substances": ["opioids"], "frequency": "weekly"},
        "risks": {**STEP_POSTS["risks"], "left_custody_recently": "yes"},
        "finish": {"finish": "reach_out"},
    }
    walker.walk(changes=changes)
    walker.send()
    lead = Lead.objects.get()
    assert lead.priority == "urgent"
    assert lead.answers["left_custody_recently"] is True
    page = client.get("/screen/result/").content.decode()
    assert 'id="naloxone"' in page and "findnaloxone.org" in page
    assert "without a prescription" in page and 'href="tel:911"' in page


@pytest.mark.parametrize(
    ("items", "phq2"),
    [
        ({"phq_interest": "3"}, 3),
        ({"phq_down": "3", "phq_interest": "skip"}, 3),
        ({"phq_interest": "2"}, None),
        ({"phq_interest": "1", "phq_down": "2"}, 3),
        ({}, None),
    ],
)
def test_a_skipped_mood_item_gives_no_total_unless_the_other_already_scores_3(
    walker, client, items, phq2
):
    walker.walk(changes={"mood": items})
    walker.send()
    assert _answers(client)["phq2"] == phq2
