"""The result page of rules 2.0: the crisis panel first, reasons grouped under "why this level"
and "also noted" and spoken to whoever answered, and what the new flags promise."""

import pytest

from admissions.models import Lead
from tests.intake.conftest import STEP_POSTS

PARENT = {"start": {"respondent": "loved_one"}, "relationship": {"relationship": "parent"}}
# Daily drinking with shakes: monitored withdrawal, residential; four criteria (moderate use,
# which on its own asks for IOP).
RESIDENTIAL = {
    "substances": {"substances": ["alcohol"], "frequency": "daily"},
    "withdrawal": {"withdrawal_history": ["shakes_sweats"], "withdrawal_now": "no"},
}
CRISIS = {"safety": {**STEP_POSTS["safety"], "suicidal_thoughts": "yes", "plan": "yes"}}
REACH_OUT = {"finish": {"finish": "reach_out"}}


def _result(walker, client, changes: dict, reach_out: bool = False) -> str:
    walker.walk(changes={**changes, **(REACH_OUT if reach_out else {})})
    walker.send()
    return client.get("/screen/result/").content.decode()


def _panel(page: str) -> str:
    """The crisis panel: from its start to the result's heading after it."""
    start = page.index('id="crisis-panel"')
    return page[start : page.index("Your result", start)]


def _section(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</section>", start)]


def test_a_residential_result_lists_no_reason_for_a_lower_level_above_also_noted(walker, client):
    page = _result(walker, client, RESIDENTIAL)
    assert client.session["intake_result"]["assessment"]["level"] == "residential"
    why = _section(page, "why-this-level")
    also = _section(page, "also-noted")
    assert "watched by medical staff" in why
    assert page.index('id="why-this-level"') < page.index('id="also-noted"')
    for lower in ("moderate substance use problem", "living at home", "daily life"):
        assert lower not in why
    assert "moderate substance use problem" in also


def test_a_parent_reads_the_reasons_about_their_child_not_you(walker, client):
    page = _result(walker, client, {**PARENT, **RESIDENTIAL})
    reasons = _section(page, "why-this-level") + _section(page, "also-noted")
    assert "your child" in reasons.lower()
    assert " you " not in reasons.replace("your child", "").lower()


def test_a_loved_one_without_a_fitting_relationship_reads_your_loved_one(walker, client):
    changes = {**PARENT, "relationship": {"relationship": "other"}, **RESIDENTIAL}
    page = _result(walker, client, changes)
    assert "your loved one" in _section(page, "why-this-level").lower()


def test_a_stay_away_from_home_mentions_the_obligations_to_plan_for(walker, client):
    changes = {**RESIDENTIAL, "home": {**STEP_POSTS["home"], "obligations": ["work", "dependents"]}}
    page = _result(walker, client, changes)
    leave = _section(page, "leave-planning")
    assert "a job, caring for children or other people" in leave
    assert "Family and Medical Leave Act" in leave and "care for them while you are away" in leave


def test_no_leave_planning_when_care_fits_around_daily_life(walker, client):
    assert 'id="leave-planning"' not in _result(walker, client, {})


def test_crisis_leads_the_result_even_when_no_one_is_to_call(walker, client):
    page = _result(walker, client, CRISIS)
    assert Lead.objects.count() == 0
    content = page[page.index("<main") :]
    assert content.index('id="crisis-panel"') < content.index("Your result")
    panel = _panel(page)
    assert 'href="tel:988"' in panel and 'href="sms:988"' in panel and 'href="tel:911"' in panel
    assert 'id="call-now"' in panel


def test_an_under_18_in_crisis_who_chose_the_result_only_is_offered_a_call_now(walker, client):
    page = _result(walker, client, {**CRISIS, "age": {"age": "16"}})
    panel = _panel(page)
    assert "Ask a counsellor to call now" in panel
    assert "you do not need a parent" in panel
    # The offer keeps every answer: only the contact details are left to add.
    response = client.post("/screen/result/reach-out/")
    assert response["Location"] == "/screen/step/contact/"


def test_after_reaching_out_in_crisis_the_panel_still_leads_without_the_offer(walker, client):
    page = _result(walker, client, CRISIS, reach_out=True)
    assert 'id="crisis-panel"' in page and 'id="call-now"' not in page
    assert Lead.objects.get().priority == "urgent"


def test_daily_benzodiazepines_carry_a_do_not_stop_suddenly_note(walker, client):
    changes = {"substances": {"substances": ["benzodiazepines"], "frequency": "daily"}}
    page = _result(walker, client, changes)
    taper = _section(page, "taper-needed")
    assert "Do not stop suddenly" in taper and "seizures" in taper


def test_pregnancy_with_drinking_gets_perinatal_guidance(walker, client):
    changes = {"health": {"medical_conditions": ["pregnancy"], "medical_unstable": "no"}}
    page = _result(walker, client, changes)
    perinatal = _section(page, "perinatal")
    assert "Care during pregnancy" in perinatal and "do not stop on your own" in perinatal


def test_nicotine_gets_help_to_quit(walker, client):
    changes = {"risks": {**STEP_POSTS["risks"], "nicotine": "yes"}}
    page = _result(walker, client, changes)
    assert 'href="tel:18007848669"' in _section(page, "nicotine")


@pytest.mark.parametrize("flag_section", ["naloxone", "taper-needed", "perinatal", "nicotine"])
def test_no_guidance_the_answers_do_not_call_for(walker, client, flag_section):
    assert f'id="{flag_section}"' not in _result(walker, client, {})


def test_a_parent_who_does_not_know_any_safety_answer_gets_an_urgent_lead(walker, client):
    changes = {**PARENT, **REACH_OUT, "safety": dict.fromkeys(STEP_POSTS["safety"], "unsure")}
    walker.walk(until="mental_health", changes=changes)
    assert 'id="help-box"' in client.get("/screen/step/mental_health/").content.decode()
    walker.walk(changes=changes)
    walker.send()
    lead = Lead.objects.get()
    assert lead.answers["safety"] == dict.fromkeys(STEP_POSTS["safety"])
    assert lead.priority == "urgent" and not lead.crisis
    page = client.get("/screen/result/").content.decode()
    assert 'id="helplines"' in page
