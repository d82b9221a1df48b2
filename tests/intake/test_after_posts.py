"""Every post of the wizard ends in a redirect: a failed one shows its errors and what was typed
on the page's own GET (so Back never resubmits a form); Back after sending says it was sent;
the review's Change links return to the step and then to the review."""

import re

from tests.intake.conftest import STEP_POSTS, step_url


def test_a_failed_post_redirects_to_the_page_that_shows_errors_and_typed_values(walker, client):
    walker.walk(until="substances")
    response = walker.post("substances", {"substances": ["cannabis"], "frequency": ""})
    assert response["Location"] == step_url("substances")
    page = client.get(step_url("substances")).content.decode()
    assert 'id="error-summary"' in page
    assert re.search(r'name="substances" value="cannabis"[^>]*checked', page)
    # Shown once: coming back to the page later shows the answers without the errors.
    again = client.get(step_url("substances")).content.decode()
    assert 'id="error-summary"' not in again
    assert re.search(r'name="substances" value="cannabis"[^>]*checked', again)


def test_a_failed_contact_post_redirects_to_the_page_with_the_consent_error(walker, client):
    walker.walk(until="contact", changes={"finish": {"finish": "reach_out"}})
    data = {key: value for key, value in STEP_POSTS["contact"].items() if key != "consent_contact"}
    response = walker.post("contact", data)
    assert response["Location"] == step_url("contact")
    page = client.get(step_url("contact")).content.decode()
    assert "so a counsellor may contact you" in page and 'value="Robin"' in page
    assert walker.post("contact")["Location"] == step_url("coverage")


def test_back_after_sending_says_it_was_sent_with_the_result_and_a_new_start(walker, client):
    walker.walk()
    walker.send()
    for name in ("start", "substances", "review"):
        page = client.get(step_url(name)).content.decode()
        assert "You have already sent this screening" in page
        assert 'href="/screen/result/"' in page and 'action="/screen/restart/"' in page
    # Starting a new one, from the intro or the button, shows the first step again.
    assert client.post("/screen/restart/")["Location"] == step_url("start")
    assert "Who is this for?" in client.get(step_url("start")).content.decode()


def test_the_intro_start_begins_a_new_screening_after_a_sent_one(walker, client):
    walker.walk()
    walker.send()
    assert client.get("/screen/begin/")["Location"] == step_url("start")
    assert "Who is this for?" in client.get(step_url("start")).content.decode()


def test_change_from_the_review_returns_to_the_step_and_then_to_the_review(walker, client):
    walker.walk()
    review = client.get(step_url("review")).content.decode()
    assert f'href="{step_url("home")}?back_to=review"' in review
    page = client.get(step_url("home") + "?back_to=review").content.decode()
    assert 'action="/screen/step/home/?back_to=review"' in page
    changed = {**STEP_POSTS["home"], "living": "unstable"}
    response = client.post(step_url("home") + "?back_to=review", {**changed, "action": "next"})
    assert response["Location"] == step_url("review")


def test_a_change_that_opens_a_new_step_goes_there_then_to_the_review(walker, client):
    walker.walk()
    url = step_url("start") + "?back_to=review"
    response = client.post(url, {"respondent": "loved_one", "action": "next"})
    assert response["Location"] == step_url("relationship") + "?back_to=review"
    # An error keeps the way back to the review.
    failed = client.post(response["Location"], {"action": "next"})
    assert failed["Location"] == step_url("relationship") + "?back_to=review"
    done = client.post(failed["Location"], {"relationship": "parent", "action": "next"})
    assert done["Location"] == step_url("review")


def test_keeping_a_page_before_a_language_switch_stores_it_without_errors(walker, client):
    walker.walk(until="home")
    response = client.post(step_url("home"), {"support": ["family"], "action": "keep"})
    assert response.json() == {"next": step_url("home")}
    page = client.get(step_url("home")).content.decode()
    assert re.search(r'name="support" value="family"[^>]*checked', page)
    assert 'id="error-summary"' not in page


def test_keeping_a_safety_page_with_a_crisis_answer_leads_to_the_panel(walker, client):
    walker.walk(until="safety")
    response = client.post(step_url("safety"), {"behavior_past_3_months": "yes", "action": "keep"})
    assert response["Location"] == "/screen/support/"


def test_an_age_under_twelve_says_who_can_help_in_both_voices(walker, client):
    walker.walk(until="age")
    page = walker.after_error(walker.post("age", {"age": "9"})).content.decode()
    assert "Who can help a child under 12" in page
    assert "tell a grown-up you trust" in page
    assert 'href="tel:988"' in page and 'href="tel:18006624357"' in page
    walker.walk(until="age", changes={"start": {"respondent": "loved_one"}})
    page = walker.after_error(walker.post("age", {"age": "7"})).content.decode()
    assert "their doctor or paediatrician" in page
    # Twelve and over: no such box.
    walker.walk(until="age")
    page = walker.after_error(walker.post("age", {"age": "abc"})).content.decode()
    assert "Who can help a child under 12" not in page


def test_required_questions_are_marked_for_assistive_technology(walker, client):
    walker.walk(until="age")
    assert 'aria-required="true"' in client.get(step_url("age")).content.decode()
    walker.walk(until="risks")
    risks = client.get(step_url("risks")).content.decode()
    assert re.search(r'name="injects" value="yes"[^>]*required', risks)


def test_the_step_count_says_about_how_many_are_left(walker, client):
    assert "Step 1, about" in client.get(step_url("start")).content.decode()
    walker.walk()
    assert "Last step" in client.get(step_url("review")).content.decode()
