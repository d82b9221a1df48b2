"""Finishing a screening: the crisis panel, one lead or none, the result page, the limits."""

import pytest
from django.test import override_settings

from admissions.models import Lead
from config.client_address import parse_proxies
from intake.consent import CONSENT_VERSION
from intake.models import AnonymousResult
from tests.factories import LeadFactory
from tests.intake.conftest import STEP_POSTS, step_url

REACH_OUT = {"finish": {"finish": "reach_out"}}
CRISIS = {"safety": {**STEP_POSTS["safety"], "suicidal_thoughts": "yes", "plan": "yes"}}

# The test client connects from 127.0.0.1: as if a proxy on this machine forwarded it.
LOCAL_PROXY = parse_proxies(["127.0.0.1"], name="test")


def test_a_crisis_answer_shows_the_crisis_panel_before_the_next_step(walker, client):
    walker.walk(until="safety")
    response = walker.post("safety", CRISIS["safety"])
    assert response["Location"] == "/screen/support/"
    panel = client.get("/screen/support/").content.decode()
    assert 'href="tel:988"' in panel and 'href="sms:988"' in panel and 'href="tel:911"' in panel
    assert "Continue the screening" in panel
    assert client.get("/screen/begin/")["Location"] == step_url("mental_health")


def test_a_safety_answer_without_imminent_risk_goes_straight_on(walker, client):
    walker.walk(until="safety")
    changes = {**STEP_POSTS["safety"], "wish_dead": "yes", "harm_others": "yes"}
    assert walker.post("safety", changes)["Location"] == step_url("mental_health")


def test_the_crisis_panel_speaks_to_family_in_loved_one_mode(walker, client):
    walker.walk(
        until="safety",
        changes={"start": {"respondent": "loved_one"}, "relationship": {"relationship": "child"}},
    )
    walker.post("safety", {**STEP_POSTS["safety"], "harm_others_plan": "yes"})
    assert "your loved one's safety comes first" in client.get("/screen/support/").content.decode()


def test_reaching_out_creates_one_urgent_lead_after_a_crisis_answer(walker, client):
    walker.walk(changes={**REACH_OUT, **CRISIS})
    response = walker.send()
    assert response["Location"] == "/screen/result/"
    lead = Lead.objects.get()
    assert lead.priority == "urgent" and lead.crisis
    assert lead.first_name == "Robin" and lead.consent_version == CONSENT_VERSION
    assert lead.consent_to_texts is False
    page = client.get("/screen/result/").content.decode()
    assert "within 15 minutes" in page
    assert 'href="/screen/insurance-card/"' in page
    assert 'href="tel:988"' in page


def test_a_double_submit_or_a_refresh_creates_only_one_lead(walker, client):
    walker.walk(changes=REACH_OUT)
    token = client.get(step_url("review")).context["submit_token"]
    data = {"action": "send", "submit_token": token}
    first = client.post(step_url("review"), data)
    second = client.post(step_url("review"), data)
    assert first["Location"] == second["Location"] == "/screen/result/"
    assert Lead.objects.count() == 1


def test_a_send_whose_twin_already_made_the_lead_shows_that_lead_and_makes_no_other(walker, client):
    walker.walk(changes=REACH_OUT)
    token = client.get(step_url("review")).context["submit_token"]
    # Another request with this screening's token (a double click) stored the lead first.
    twin = LeadFactory(submission_key=token)
    data = {"action": "send", "submit_token": token}
    assert client.post(step_url("review"), data)["Location"] == "/screen/result/"
    assert list(Lead.objects.values_list("pk", flat=True)) == [twin.pk]
    assert client.session["intake_result"]["lead_id"] == twin.pk


def test_the_lead_records_who_filled_it_in_and_the_chosen_language(walker, client):
    walker.walk(
        changes={
            **REACH_OUT,
            "start": {"respondent": "loved_one"},
            "relationship": {"relationship": "sibling"},
            "contact": {
                **STEP_POSTS["contact"],
                "language": "es",
                "contact_method": "text",
                "consent_texts": "on",
            },
        }
    )
    walker.send()
    lead = Lead.objects.get()
    assert (lead.respondent, lead.relationship, lead.language) == ("loved_one", "sibling", "es")
    assert lead.contact_method == "text" and lead.consent_to_texts is True


def test_just_show_me_my_result_creates_no_lead_and_stores_nothing_identifying(walker, client):
    walker.walk(changes={"contact": STEP_POSTS["contact"]})
    walker.send()
    assert Lead.objects.count() == 0
    tally = AnonymousResult.objects.get()
    fields = {field.name for field in AnonymousResult._meta.get_fields()}
    # Where the visit came from is about the link followed, not the person (tests/reporting).
    attribution = {"utm_source", "utm_medium", "utm_campaign", "referrer_host"}
    assert fields == {"id", "date", "language", "level", "priority", "flags", *attribution}
    assert (tally.language, tally.level, tally.priority) == ("en", "iop", "normal")
    page = client.get("/screen/result/").content.decode()
    assert "Ask a counsellor to reach out" in page and "1-800-662-4357" in page
    assert "insurance-card" not in page


def test_the_result_page_can_still_offer_a_counsellor_with_the_same_answers(walker, client):
    walker.walk()
    walker.send()
    response = client.post("/screen/result/reach-out/")
    assert response["Location"] == step_url("contact")
    assert walker.post("contact")["Location"] == step_url("coverage")
    walker.post("coverage")  # left empty: skipped
    walker.send()
    assert Lead.objects.get().answers["use_criteria"] == STEP_POSTS["criteria"]["use_criteria"]


def test_the_result_page_explains_the_level_why_and_that_it_is_not_a_diagnosis(walker, client):
    walker.walk(changes=REACH_OUT)
    walker.send()
    page = client.get("/screen/result/").content.decode()
    assert "Intensive outpatient (IOP)" in page
    assert "moderate substance use problem" in page
    assert "This is not a diagnosis" in page
    assert "within 24 hours" in page
    assert "What you can do as family" not in page
    assert 'href="tel:988"' not in page


def test_a_loved_one_result_adds_what_family_can_do(walker, client):
    walker.walk(
        changes={"start": {"respondent": "loved_one"}, "relationship": {"relationship": "friend"}}
    )
    walker.send()
    page = client.get("/screen/result/").content.decode()
    assert "What you can do as family or a friend" in page
    assert "Family therapy" in page


@override_settings(DOORWAY_CALLBACK_MINUTES={"urgent": 10, "high": 180, "normal": 2880})
def test_the_promised_callback_time_comes_from_settings(walker, client):
    walker.walk(changes={**REACH_OUT, "age": {"age": "16"}})
    walker.send()
    assert "within 3 hours" in client.get("/screen/result/").content.decode()


def test_the_result_page_without_a_screening_goes_back_to_the_start(client, db):
    assert client.get("/screen/result/")["Location"] == "/screen/"


def test_a_filled_honeypot_silently_drops_the_submission(walker, client):
    walker.walk(changes=REACH_OUT)
    response = walker.send(website="http://spam.example")
    assert response.status_code == 302
    assert Lead.objects.count() == 0 and AnonymousResult.objects.count() == 0


@override_settings(DOORWAY_RATE_STEPS="3/m")
def test_too_many_step_posts_get_a_friendly_429(walker, client):
    for _ in range(3):
        assert walker.post("start").status_code == 302
    response = walker.post("start")
    assert response.status_code == 429
    assert "Please wait a moment" in response.content.decode()
    assert 'href="tel:988"' in response.content.decode()


@override_settings(DOORWAY_RATE_INTAKES="1/h")
def test_too_many_completed_intakes_from_one_address_get_a_429(walker, client):
    walker.walk(changes=REACH_OUT)
    walker.send()
    walker.walk(changes=REACH_OUT)
    response = walker.send()
    assert response.status_code == 429
    assert Lead.objects.count() == 1


@override_settings(DOORWAY_RATE_STEPS="2/m", DOORWAY_TRUSTED_PROXIES=LOCAL_PROXY)
def test_behind_a_proxy_each_client_address_has_its_own_limit(walker, client):
    def post(address: str):
        return client.post(
            step_url("start"),
            {"respondent": "self", "action": "next"},
            HTTP_X_FORWARDED_FOR=f"10.9.9.9, {address}",
        )

    assert [post("203.0.113.5").status_code for _ in range(3)] == [302, 302, 429]
    assert post("203.0.113.6").status_code == 302


@override_settings(DOORWAY_RATE_STEPS="2/m", DOORWAY_TRUSTED_PROXIES=())
def test_a_forged_forwarded_address_does_not_get_round_the_limit(walker, client):
    def post(address: str):
        return client.post(
            step_url("start"),
            {"respondent": "self", "action": "next"},
            HTTP_X_FORWARDED_FOR=address,
        )

    assert [post(f"203.0.113.{n}").status_code for n in range(3)] == [302, 302, 429]


@pytest.mark.parametrize("language", ["es"])
def test_the_language_switch_keeps_the_answers(walker, client, language):
    walker.walk(until="substances")
    client.post("/i18n/setlang/", {"language": language, "next": step_url("substances")})
    page = client.get(step_url("age"))
    assert page.context["form"]["age"].value() == "34"
    assert "¿Cuántos años tienes?" in page.content.decode()


def test_the_result_page_lists_the_programs_that_fit(walker, client):
    from tests.factories import ProgramFactory

    ProgramFactory(name="Evening IOP", slug="evening-iop")
    walker.walk()
    walker.send()
    page = client.get("/screen/result/").content.decode()
    assert "Programs that may fit" in page
    assert 'href="/programs/evening-iop/"' in page


def test_the_result_page_offers_the_helpline_when_no_program_fits(walker, client):
    walker.walk()
    walker.send()
    page = client.get("/screen/result/").content.decode()
    assert 'href="tel:18006624357"' in page


def test_quick_exit_leaves_for_a_neutral_site_and_forgets_the_screening(walker, client):
    walker.walk(until="safety")
    response = client.get("/exit/")
    assert response.status_code == 302 and response["Location"] == "https://www.weather.gov/"
    assert response["Referrer-Policy"] == "no-referrer"
    assert client.get(step_url("health"))["Location"] == step_url("start")


def test_quick_exit_also_forgets_a_result(walker, client):
    walker.walk()
    walker.send()
    client.get("/exit/")
    assert client.get("/screen/result/")["Location"] == "/screen/"


def test_a_whole_intake_logs_no_answer_and_no_contact_detail(walker, client, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    contact = {**STEP_POSTS["contact"], "email": "robin.private@example.org", "message": "Zq9"}
    walker.walk(changes={**REACH_OUT, **CRISIS, "contact": contact})
    walker.send()
    client.get("/screen/result/")
    logged = caplog.text
    for value in ("Robin", "0100199", "robin.private", "Zq9", "larger_amounts"):
        assert value not in logged
