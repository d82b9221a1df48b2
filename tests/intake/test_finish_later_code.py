"""Finish later with a code to write down: for someone whose email and phone are shared.

The code stands alone (nothing else is asked), so it is long enough not to be guessed, stored
only as a keyed hash, typed back however the person writes it, and opens its screening once.
"""

import hashlib
import logging
import re
import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from benefits.models import Payer
from intake import views
from intake.models import Draft
from intake.services import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DRAFT_DAYS,
    draft_for_token,
    draft_open_with_code,
    draft_save,
    draft_save_with_code,
    normalise_code,
)
from tests.intake.conftest import step_url

STEPS = {"start": {"respondent": ["self"]}, "age": {"age": ["34"]}}
GROUP = "[BCDFGHJKMPQRTVWXY2346789]{5}"
CODE_SHAPE = re.compile(f"^{GROUP}-{GROUP}-{GROUP}$")
REACH_OUT = {"finish": {"finish": "reach_out"}}


def _code_on_the_page(html: str) -> str:
    return re.search(r'<code id="draft-code">([^<]+)</code>', html).group(1)


def _finish_later_with_a_code(walker, client) -> str:
    """Answer up to the health step, choose Finish later, then the code; return the code."""
    walker.walk(until="health")
    assert walker.post("health", {"medical_unstable": "yes"}, action="later")["Location"] == (
        "/screen/later/"
    )
    saved = client.post("/screen/later/code/")
    assert saved["Location"] == "/screen/later/code/"
    return _code_on_the_page(client.get("/screen/later/code/").content.decode())


# --- The service -----------------------------------------------------------------------------


def test_a_code_is_fifteen_unambiguous_characters_in_three_groups(db):
    codes = {draft_save_with_code(steps=STEPS, language="en")[1] for _ in range(40)}
    assert len(codes) == 40
    for code in codes:
        assert CODE_SHAPE.match(code), code
        assert not set(code) & set("0O1IL")
    # Enough to stand alone against guessing.
    assert len(CODE_ALPHABET) ** CODE_LENGTH >= 2**60


def test_only_a_keyed_hash_of_the_code_is_stored(db):
    draft, code = draft_save_with_code(steps=STEPS, language="en")
    plain = code.replace("-", "")
    stored = " ".join(str(value) for value in Draft.objects.values().get().values())
    assert code not in stored and plain not in stored and plain.lower() not in stored
    # Not a bare hash that a copy of the database could be searched with.
    assert draft.token_hash != hashlib.sha256(plain.encode()).hexdigest()
    assert (draft.channel, draft.contact_hash) == ("code", "")


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code,
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: code.replace("-", " ").lower(),
        lambda code: f"  {code.replace('-', '')[:7]} {code.replace('-', '')[7:]}\t",
        lambda code: code.replace("-", " - ").title(),
    ],
    ids=["as shown", "small letters", "no dashes", "spaces", "any spacing", "mixed"],
)
def test_a_code_is_typed_back_in_any_case_with_or_without_dashes_or_spaces(db, typed):
    _draft, code = draft_save_with_code(steps=STEPS, language="en")
    assert normalise_code(typed(code)) == code.replace("-", "")
    assert draft_open_with_code(code=typed(code)) == STEPS


@pytest.mark.parametrize(
    "typed", ["", "BCDFG-HJKMP-QRTV", "BCDFG-HJKMP-QRTVWX", "BCDF0-HJKMP-QRTVW"]
)
def test_what_cannot_be_a_code_is_told_apart(typed):
    assert normalise_code(typed) is None


def test_a_code_opens_its_screening_once(db):
    _draft, code = draft_save_with_code(steps=STEPS, language="en")
    assert draft_open_with_code(code=code) == STEPS
    assert draft_open_with_code(code=code) is None
    assert not Draft.objects.exists()  # the answers went on in the session; none are kept


def _backends_waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        # Inside a transaction the statistics views keep their first snapshot: take a fresh one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_tries_at_once_with_the_same_code_open_it_once():
    draft, code = draft_save_with_code(steps=STEPS, language="en")
    opened: list[object] = []

    def try_code() -> None:
        try:
            opened.append(draft_open_with_code(code=code))
        finally:
            connection.close()

    threads = [threading.Thread(target=try_code) for _ in range(2)]
    # Both tries reach the draft while another transaction holds it, then go on together.
    with transaction.atomic():
        Draft.objects.select_for_update().get(pk=draft.pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while _backends_waiting_for_a_lock() < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _backends_waiting_for_a_lock() == 2, "both tries wait for the draft"
    for thread in threads:
        thread.join()
    assert sorted(opened, key=bool) == [None, STEPS]


def test_a_code_works_for_as_many_days_as_a_link(db):
    _draft, code = draft_save_with_code(steps=STEPS, language="en")
    _draft, late_code = draft_save_with_code(steps=STEPS, language="en")
    with time_machine.travel(timezone.now() + timedelta(days=DRAFT_DAYS, minutes=-1)):
        assert draft_open_with_code(code=code) == STEPS
    with time_machine.travel(timezone.now() + timedelta(days=DRAFT_DAYS, minutes=1)):
        assert draft_open_with_code(code=late_code) is None
    assert not Draft.objects.exists()  # the expired draft is deleted on the spot


def test_a_code_is_not_a_link_token_nor_a_link_token_a_code(db):
    _draft, code = draft_save_with_code(steps=STEPS, language="en")
    _draft, token = draft_save(steps=STEPS, contact="robin@example.org", language="en")
    assert draft_for_token(code) is None and draft_for_token(code.replace("-", "")) is None
    assert draft_open_with_code(code=token) is None
    assert Draft.objects.count() == 2


# --- The pages -------------------------------------------------------------------------------


def test_the_finish_later_page_offers_a_code_needing_no_contact(walker, client):
    walker.walk(until="age")
    walker.post("age", action="later")
    page = client.get("/screen/later/").content.decode()
    assert 'action="/screen/later/code/"' in page
    assert "Show me a code to write down" in page
    assert "no contact details are needed" in page


def test_finishing_later_with_a_code_keeps_no_contact_or_coverage_and_clears_the_browser(
    walker, client
):
    payer = Payer.objects.create(name="Acme Health Plan", payer_id="60054")
    walker.walk(changes=REACH_OUT, until="coverage")
    coverage = {"payment_type": "commercial", "payer": str(payer.pk), "member_id": "W1234567"}
    walker.post("coverage", coverage, action="later")
    assert client.post("/screen/later/code/")["Location"] == "/screen/later/code/"
    draft = Draft.objects.get()
    assert "contact" not in draft.steps and "coverage" not in draft.steps
    assert "age" in draft.steps and "Robin" not in str(draft.steps)
    assert "W1234567" not in str(draft.steps)
    assert "intake" not in client.session
    assert client.get("/screen/begin/")["Location"] == step_url("start")


def test_the_code_page_says_how_to_keep_it_how_long_it_works_and_where_to_type_it(walker, client):
    walker.walk(until="age")
    walker.post("age", action="later")
    client.post("/screen/later/code/")
    page = client.get("/screen/later/code/").content.decode()
    code = _code_on_the_page(page)
    assert CODE_SHAPE.match(code)
    address = f"{settings.SITE_URL.rstrip('/')}/screen/code/"
    assert "Write this code down or take a photo of it" in page
    assert f"It works for {DRAFT_DAYS} days, and once" in page
    assert "Nothing else is needed to continue: no email, no phone number." in page
    assert address in page
    again = client.get("/screen/later/code/").content.decode()
    assert code not in again, "the code is shown once"
    assert "Your code was shown once" in again and address in again


def test_the_code_page_with_a_screening_still_in_progress_goes_to_finish_later(walker, client):
    walker.walk(until="age")
    assert client.get("/screen/later/code/")["Location"] == "/screen/later/"


def test_asking_for_a_code_with_nothing_answered_saves_nothing(client, db):
    assert client.post("/screen/later/code/")["Location"] == "/screen/"
    assert not Draft.objects.exists()


def test_a_code_written_down_opens_the_screening_in_another_browser_with_a_welcome(walker, client):
    code = _finish_later_with_a_code(walker, client)
    client.cookies.clear()  # another browser
    form = client.get("/screen/code/").content.decode()
    assert 'autocomplete="off"' in form and 'spellcheck="false"' in form
    assert 'autocapitalize="characters"' in form and 'for="id_code"' in form
    opened = client.post("/screen/code/", {"code": code.lower().replace("-", " ")})
    assert opened["Location"] == "/screen/begin/"
    step = client.get("/screen/begin/")["Location"]
    assert step == step_url("risks")
    page = client.get(step).content.decode()
    assert "Welcome back." in page and "Your answers are kept." in page
    health = client.get(step_url("health"))
    assert health.context["form"]["medical_unstable"].value() == "yes"
    # Used once: the same code in a third browser opens nothing.
    client.cookies.clear()
    client.post("/screen/code/", {"code": code})
    assert "does not open a saved screening" in client.get("/screen/code/").content.decode()


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("BCDFG-HJKMP-QRTVW", "That code does not open a saved screening"),
        ("bcdfg hjkm", "A code has 15 letters and numbers"),
        ("", "Enter the code you wrote down."),
    ],
)
def test_a_wrong_code_is_refused_kindly_keeping_what_was_typed(client, db, typed, error):
    response = client.post("/screen/code/", {"code": typed})
    assert response["Location"] == "/screen/code/"  # a failed post shows on the page's GET
    page = client.get("/screen/code/").content.decode()
    assert "<title>Error:" in page and error in page
    assert f'value="{typed}"' in page or not typed
    assert "Error:" not in client.get("/screen/code/").content.decode()  # shown once


def test_an_expired_code_is_refused_with_the_same_kind_words(walker, client):
    code = _finish_later_with_a_code(walker, client)
    with time_machine.travel(timezone.now() + timedelta(days=DRAFT_DAYS, minutes=1)):
        client.post("/screen/code/", {"code": code})
        page = client.get("/screen/code/").content.decode()
    assert f"a code works for {DRAFT_DAYS} days, and only once" in page
    assert f'value="{code}"' in page
    assert not Draft.objects.exists()


@override_settings(DOORWAY_RATE_STEPS="3/d")
def test_typing_codes_is_limited_like_every_resume_post(client, db):
    _draft, code = draft_save_with_code(steps=STEPS, language="en")
    for _ in range(3):
        assert client.post("/screen/code/", {"code": "BCDFG-HJKMP-QRTVW"}).status_code == 302
    refused = client.post("/screen/code/", {"code": code})
    assert refused.status_code == 429
    assert Draft.objects.exists(), "a refused post opens nothing"


@override_settings(DOORWAY_RATE_STEPS="1/d")
def test_asking_for_codes_is_limited_too(walker, client):
    for expected in (302, 429):
        with override_settings(DOORWAY_RATE_STEPS="1000/d"):
            walker.walk(until="age")
        assert client.post("/screen/later/code/").status_code == expected
    assert Draft.objects.count() == 1


def test_a_quick_exit_before_the_code_page_forgets_the_code(walker, client):
    walker.walk(until="age")
    walker.post("age", action="later")
    client.post("/screen/later/code/")
    client.get("/exit/")
    page = client.get("/screen/later/code/").content.decode()
    assert "Your code was shown once" in page and 'id="draft-code"' not in page


def test_finishing_later_again_with_a_code_replaces_the_earlier_draft(walker, client):
    _draft, token = draft_save(steps=STEPS, contact="robin@example.org", language="en")
    client.get(f"/screen/resume/{token}/")
    client.post("/screen/resume/", {"contact": "robin@example.org"})
    walker.post("age", action="later")
    client.post("/screen/later/code/")
    assert Draft.objects.get().channel == "code", "the link's draft is replaced"


def test_the_intro_and_the_expired_link_page_point_to_i_have_a_code(client, db):
    assert 'href="/screen/code/"' in client.get("/screen/").content.decode()
    client.post("/screen/resume/open/", {"token": "not-a-real-token"})
    assert 'href="/screen/code/"' in client.get("/screen/resume/").content.decode()


def test_the_code_pages_speak_spanish(walker, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    walker.walk(until="age")
    walker.post("age", action="later")
    assert "Mostrarme un código para anotar" in client.get("/screen/later/").content.decode()
    client.post("/screen/later/code/")
    page = client.get("/screen/later/code/").content.decode()
    assert "Anota este código o tómale una foto" in page
    assert f"Funciona durante {DRAFT_DAYS} días" in page
    client.post("/screen/code/", {"code": "BCDFG-HJKMP-QRTVW"})
    form = client.get("/screen/code/").content.decode()
    assert "Tu código" in form and "Ese código no abre ningún cuestionario guardado" in form


# --- Privacy ---------------------------------------------------------------------------------


def test_the_code_appears_in_no_address_and_no_log_line(walker, client, caplog):
    caplog.set_level(logging.DEBUG)
    addresses = []

    def visit(response):
        addresses.append(response.request["PATH_INFO"] + response.request.get("QUERY_STRING", ""))
        addresses.append(response.get("Location", ""))
        return response

    walker.walk(until="health")
    visit(walker.post("health", action="later"))
    visit(client.post("/screen/later/code/"))
    code = _code_on_the_page(visit(client.get("/screen/later/code/")).content.decode())
    client.cookies.clear()
    visit(client.post("/screen/code/", {"code": code[:-1] + ("C" if code.endswith("B") else "B")}))
    visit(client.get("/screen/code/"))
    visit(client.post("/screen/code/", {"code": code}))
    visit(client.get(visit(client.get("/screen/begin/"))["Location"]))
    forms = {code, code.replace("-", ""), code.lower(), code.replace("-", "").lower()}
    for written in forms:
        assert not any(written in address for address in addresses), addresses
        assert written not in caplog.text


def test_an_error_report_of_a_code_post_hides_the_code(db):
    typed = "BCDFG-HJKMP-QRTVW"
    request = RequestFactory().post("/screen/code/", {"code": typed})
    request.session = SessionStore()
    views.resume_code(request)
    assert SafeExceptionReporterFilter().get_post_parameters(request)["code"] != typed
    try:
        raise RuntimeError("a fault while the code was being checked")
    except RuntimeError as error:
        report = ExceptionReporter(request, type(error), error, error.__traceback__)
        text = report.get_traceback_text()
    assert typed not in text and "code" in text
