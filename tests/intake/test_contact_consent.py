"""Consent is asked on the contact step, beside the details it is about, and only when the
person asked to be contacted; the review shows what was agreed and asks nothing more; the
intro's number of steps is the one the first step counts."""

import re
from datetime import UTC, datetime

import time_machine
from django.conf import settings

from admissions.models import Lead, LeadEvent
from intake import wizard
from intake.consent import CONSENT_VERSION
from intake.models import AnonymousResult, Draft
from intake.steps import STEPS
from tests.intake.conftest import STEP_POSTS, step_url

REACH_OUT = {"finish": {"finish": "reach_out"}}
WITHOUT_CONSENT = {k: v for k, v in STEP_POSTS["contact"].items() if k != "consent_contact"}


def _checked(page: str, name: str) -> bool:
    return bool(re.search(rf'<input type="checkbox" name="{name}"[^>]*checked', page))


def test_consent_missing_on_the_contact_step_is_shown_there_with_everything_typed(walker, client):
    walker.walk(until="contact", changes=REACH_OUT)
    typed = {**WITHOUT_CONSENT, "email": "robin@example.org", "message": "After six, please."}
    page = walker.after_error(walker.post("contact", typed)).content.decode()
    assert 'id="id_consent_contact_error"' in page
    assert "Tick this box so a counsellor may contact you" in page
    assert '<a href="#id_consent_contact">' in page  # the summary leads to the box
    for kept in ('value="Robin"', 'value="555 010 0199"', 'value="robin@example.org"'):
        assert kept in page
    assert "After six, please." in page
    assert re.search(r'name="contact_method" value="phone"[^>]*checked', page)
    # The person cannot go on without it.
    assert client.get(step_url("coverage"))["Location"] == step_url("contact")
    assert Lead.objects.count() == 0


def test_the_consent_box_is_marked_required_and_the_texts_box_is_offered(walker, client):
    walker.walk(until="contact", changes=REACH_OUT)
    page = client.get(step_url("contact")).content.decode()
    assert re.search(r'name="consent_contact"[^>]*required', page)
    assert not re.search(r'name="consent_texts"[^>]*required', page)
    assert "I also agree to receive calls and text messages at the number I gave." in page


def test_a_text_message_without_consent_to_texts_is_refused_on_the_contact_step(walker, client):
    walker.walk(until="contact", changes=REACH_OUT)
    by_text = {**STEP_POSTS["contact"], "contact_method": "text"}
    page = walker.after_error(walker.post("contact", by_text)).content.decode()
    assert 'id="id_consent_texts_error"' in page
    assert "You chose a text message: tick this box, or choose a call or an email." in page
    assert _checked(page, "consent_contact")
    assert walker.post("contact", {**by_text, "consent_texts": "on"})["Location"] == step_url(
        "coverage"
    )


def test_the_contact_step_errors_are_in_spanish(walker, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    walker.walk(until="contact", changes=REACH_OUT)
    by_text = {**WITHOUT_CONSENT, "contact_method": "text"}
    page = walker.after_error(walker.post("contact", by_text)).content.decode()
    assert "Marca esta casilla para que un consejero o una consejera pueda contactarte" in page
    assert "Elegiste un mensaje de texto: marca esta casilla" in page


def test_just_show_me_the_result_never_asks_for_consent(walker, client):
    walker.walk()
    for step in STEPS:
        page = client.get(step_url(step.name))
        if page.status_code == 200:
            assert "consent_contact" not in page.content.decode(), step.name
    assert client.get(step_url("contact"))["Location"] == step_url("review")
    assert walker.send()["Location"] == "/screen/result/"
    assert Lead.objects.count() == 0 and AnonymousResult.objects.count() == 1


def test_the_review_asks_nothing_and_shows_the_consent_given_in_the_contact_section(walker, client):
    walker.walk(changes=REACH_OUT)
    page = client.get(step_url("review")).content.decode()
    assert 'name="consent_contact"' not in page and 'name="consent_texts"' not in page
    assert 'name="website"' in page and 'value="send"' in page
    contact = page[page.index('aria-labelledby="review-contact"') :]
    contact = contact[: contact.index("</section>")]
    assert 'href="/screen/step/contact/?back_to=review"' in contact
    rows = re.findall(r"<dt[^>]*>([^<]+)</dt>\s*<dd[^>]*>([^<]+)</dd>", contact)
    assert ("I agree that a counsellor may contact me about this screening.", "Yes") in rows
    no_texts = ("I also agree to receive calls and text messages at the number I gave.", "No")
    assert no_texts in rows
    # Change leads back to the contact step with the boxes as they were ticked.
    again = client.get(step_url("contact") + "?back_to=review").content.decode()
    assert _checked(again, "consent_contact") and not _checked(again, "consent_texts")


def test_the_lead_records_the_consent_its_version_and_when_as_before(walker, client):
    walker.walk(changes=REACH_OUT)
    sent_at = datetime(2026, 12, 2, 15, 30, tzinfo=UTC)
    with time_machine.travel(sent_at, tick=False):
        assert walker.send()["Location"] == "/screen/result/"
    lead = Lead.objects.get()
    assert (lead.consent_version, lead.consent_at) == (CONSENT_VERSION, sent_at)
    assert lead.consent_to_texts is False
    assert LeadEvent.objects.filter(lead=lead, kind=LeadEvent.Kind.CREATED).count() == 1


def test_calls_and_texts_ticked_for_a_call_are_recorded_on_the_lead(walker, client):
    contact = {**STEP_POSTS["contact"], "consent_texts": "on"}
    walker.walk(changes={**REACH_OUT, "contact": contact})
    walker.send()
    lead = Lead.objects.get()
    assert lead.contact_method == "phone" and lead.consent_to_texts is True


def test_consent_ticked_before_finishing_later_stays_out_of_the_draft(walker, client):
    walker.walk(until="contact", changes=REACH_OUT)
    walker.post("contact", {**STEP_POSTS["contact"], "consent_texts": "on"}, action="later")
    client.post("/screen/later/", {"contact": "robin@example.org"})
    draft = Draft.objects.get()
    assert "contact" not in draft.steps and "finish" in draft.steps
    assert "consent" not in str(draft.steps) and "Robin" not in str(draft.steps)


def test_a_send_without_consent_recorded_goes_back_to_the_contact_step(walker, client):
    # A contact step checked before it asked for consent: what the session kept has none.
    walker.walk(changes=REACH_OUT)
    session = client.session
    state = session[wizard.SESSION_KEY]
    del state["steps"]["contact"]["consent_contact"]
    del state["checked"]["contact"]["check"]["consent"]
    session.save()
    response = walker.send()
    assert response["Location"] == step_url("contact")
    assert (
        "Tick this box so a counsellor may contact you"
        in client.get(step_url("contact")).content.decode()
    )
    assert Lead.objects.count() == 0


def test_the_intro_gives_the_number_of_steps_the_first_step_counts(client, db):
    steps = wizard.steps_at_start()
    assert f"About {steps} short steps" in client.get("/screen/").content.decode()
    client.get("/screen/begin/")
    first = client.get(step_url("start"))
    assert first.context["total"] == steps
    assert f"Step 1, about {steps - 1} more to go" in first.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert f"Unos {steps} pasos breves" in client.get("/screen/").content.decode()
