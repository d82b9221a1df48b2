"""The safety step as "How the form asks" says: the crisis panel from any post carrying a crisis
answer (whichever button, valid or not, nothing lost), follow-ups only after a yes or not sure,
a third answer that records no answer, and a missing-answer message that names no question."""

import html
import json
import re

import pytest

from intake import wizard
from tests.intake.conftest import STEP_POSTS, step_url

SAFETY = STEP_POSTS["safety"]
ALWAYS_ASKED = ("wish_dead", "suicidal_thoughts", "behavior_past_3_months", "harm_others")
BLANK = dict.fromkeys(SAFETY, "")


def _safety_stored(client) -> dict:
    return client.session[wizard.SESSION_KEY]["steps"]["safety"]


def _known_safety(client) -> dict | None:
    return wizard.progress(client.session[wizard.SESSION_KEY]["steps"]).known.get("safety")


CRISIS_ALONE = [
    {"behavior_past_3_months": "yes"},
    {"suicidal_thoughts": "yes", "plan": "yes"},
    {"suicidal_thoughts": "unsure", "intent": "yes"},
    {"harm_others": "yes", "harm_others_plan": "yes"},
    # Safety first: a crisis answer counts even when the question before it was left blank.
    {"plan": "yes"},
]


@pytest.mark.parametrize("crisis", CRISIS_ALONE)
@pytest.mark.parametrize("action", ["next", "back", "later"])
def test_a_crisis_answer_with_the_rest_blank_shows_the_panel_whichever_button(
    walker, client, crisis, action
):
    walker.walk(until="safety")
    response = walker.post("safety", {**BLANK, **crisis}, action=action)
    assert response.status_code == 302
    assert response["Location"] == "/screen/support/"
    panel = client.get("/screen/support/").content.decode()
    assert 'href="tel:988"' in panel and 'href="sms:988"' in panel and 'href="tel:911"' in panel
    # What was answered is kept.
    stored = _safety_stored(client)
    assert all(stored[key] == [value] for key, value in crisis.items())


def test_a_crisis_answer_next_to_an_invalid_one_still_shows_the_panel(walker, client):
    walker.walk(until="safety")
    data = {**SAFETY, "wish_dead": "maybe", "behavior_past_3_months": "yes"}
    assert walker.post("safety", data)["Location"] == "/screen/support/"
    # Going on leads back to the safety page, with the answers as they were, to finish it.
    assert client.get("/screen/begin/")["Location"] == step_url("safety")
    page = client.get(step_url("safety")).content.decode()
    assert re.search(r'name="behavior_past_3_months" value="yes"[^>]*checked', page)
    assert re.search(r'name="harm_others" value="no"[^>]*checked', page)


def test_after_back_with_a_crisis_answer_the_panel_leads_to_the_previous_step(walker, client):
    walker.walk(until="safety")
    walker.post("safety", {**BLANK, "behavior_past_3_months": "yes"}, action="back")
    panel = client.get("/screen/support/").content.decode()
    assert f'href="{step_url("risks")}"' in panel
    assert "Continue the screening" in panel


def test_after_finish_later_with_a_crisis_answer_the_panel_offers_the_link(walker, client):
    walker.walk(until="safety")
    walker.post("safety", {**BLANK, "harm_others": "yes", "harm_others_plan": "yes"}, "later")
    panel = client.get("/screen/support/").content.decode()
    assert 'href="/screen/later/"' in panel
    assert client.get("/screen/later/").status_code == 200


def test_a_complete_crisis_post_then_continue_goes_on_to_the_next_step(walker, client):
    walker.walk(until="safety")
    walker.post("safety", {**SAFETY, "suicidal_thoughts": "yes", "plan": "yes"})
    assert client.get("/screen/begin/")["Location"] == step_url("mental_health")
    assert _known_safety(client)["plan"] is True


def test_missing_answers_are_counted_once_without_repeating_the_questions(walker, client):
    walker.walk(until="safety")
    response = walker.post("safety", {"wish_dead": "no"})
    response = walker.after_error(response)
    html = response.content.decode()
    assert "3 questions below still need an answer." in html
    start = html.index('id="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert "end your life" not in summary and "hurting someone" not in summary
    assert 'href="#id_suicidal_thoughts_0"' in summary
    assert html.count("Choose an answer.") == 3


def test_the_follow_ups_are_no_when_the_question_before_was_answered_no(walker, client):
    walker.walk(until="safety")
    # Posted anyway (a page without its script shows every question): they do not count.
    data = {**SAFETY, "method": "yes", "harm_others_plan": "unsure"}
    walker.post("safety", data)
    safety = _known_safety(client)
    assert safety["method"] is False and safety["harm_others_plan"] is False


def test_follow_ups_need_an_answer_after_a_yes_or_not_sure(walker, client):
    walker.walk(until="safety")
    data = {key: SAFETY[key] for key in ALWAYS_ASKED}
    data.update(suicidal_thoughts="unsure", harm_others="yes")
    response = walker.post("safety", data)
    response = walker.after_error(response)
    assert "4 questions below still need an answer." in response.content.decode()
    for key in ("method", "intent", "plan", "harm_others_plan"):
        assert f'id="id_{key}_error"' in response.content.decode()


def test_not_sure_records_no_answer_and_is_offered_on_every_question(walker, client):
    walker.walk(until="safety")
    page = client.get(step_url("safety")).content.decode()
    assert page.count('value="unsure"') == 8
    assert page.count("Not sure / prefer not to say") == 8
    walker.post("safety", dict.fromkeys(SAFETY, "unsure"))
    assert _known_safety(client) == dict.fromkeys(SAFETY)


def test_a_loved_one_is_offered_i_dont_know(walker, client):
    walker.walk(
        until="safety",
        changes={"start": {"respondent": "loved_one"}, "relationship": {"relationship": "parent"}},
    )
    page = client.get(step_url("safety")).content.decode()
    assert page.count("I don&#x27;t know") == 8
    assert "prefer not to say" not in page


def test_the_follow_ups_say_which_answer_asks_them_for_the_page_script(walker, client):
    walker.walk(until="safety")
    page = client.get(step_url("safety")).content.decode()
    conditions = re.findall(r'name="(\w+)" value="yes"[^>]*data-asked-when="([^"]+)"', page)
    asked_when = {name: json.loads(html.unescape(value)) for name, value in conditions}
    after_thoughts = [[{"name": "suicidal_thoughts", "test": "is", "values": ["yes", "unsure"]}]]
    assert asked_when == {
        "method": after_thoughts,
        "intent": after_thoughts,
        "plan": after_thoughts,
        "harm_others_plan": [[{"name": "harm_others", "test": "is", "values": ["yes", "unsure"]}]],
    }


@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_a_worrying_answer_shows_the_988_box_on_the_next_page(walker, client, answer):
    walker.walk(until="safety")
    response = walker.post("safety", {**SAFETY, "wish_dead": answer})
    assert response["Location"] == step_url("mental_health")
    page = client.get(step_url("mental_health")).content.decode()
    assert 'id="help-box"' in page and 'href="tel:988"' in page


def test_no_988_box_after_safety_answers_of_no(walker, client):
    walker.walk(until="mental_health")
    assert 'id="help-box"' not in client.get(step_url("mental_health")).content.decode()


def test_the_review_lists_only_the_safety_questions_that_were_asked(walker, client):
    # Posted without the page's script, a follow-up answered yes after a no is not asked.
    walker.walk(changes={"safety": {**SAFETY, "plan": "yes"}})
    page = client.get(step_url("review")).content.decode()
    assert "worked out details of how to end your life" not in page
    assert "wished you were no longer alive" in page
