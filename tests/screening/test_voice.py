"""Reasons grouped under "why this level" and "also noted", and voiced for who reads them."""

import re

import pytest

from screening import Level, Voice, group_reasons, reason_text
from screening.messages import LOVED_ONE, MESSAGES, STAFF
from screening.model import Reason
from screening.rules import RULES
from screening.voice import PRIORITY_ONLY, person_for, voice_for
from tests.screening.conftest import CRITERIA, assess


def test_every_rule_speaks_in_all_three_voices():
    codes = {rule.reason.code for rule in RULES}

    assert set(MESSAGES) == set(LOVED_ONE) == set(STAFF) == codes
    assert all("{person}" in LOVED_ONE[code] for code in codes)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_the_loved_one_and_staff_sentences_never_speak_to_the_person_as_you(code):
    loved = reason_text(code, Voice.LOVED_ONE, relationship="parent")
    staff = reason_text(code, Voice.STAFF)

    assert loved[0].isupper() and "{person}" not in loved
    assert not re.search(r"\byou(r)?\b", staff, re.IGNORECASE)
    # To a loved one, "you" is only the one answering: "your answers", "you described".
    without_answerer = re.sub(r"\b(Y|y)our (answers|child)\b|\bYou described\b", "", loved)
    assert not re.search(r"\byou\b", without_answerer.replace("Neither of you", ""))


def test_a_loved_one_reads_about_their_child_or_their_loved_one():
    assert reason_text("adolescent", Voice.LOVED_ONE, relationship="parent").startswith(
        "Your child is under 18"
    )
    assert reason_text("adolescent", Voice.LOVED_ONE, relationship=None).startswith(
        "Your loved one is under 18"
    )
    assert person_for("other") == person_for("nobody") == "your loved one"
    assert (voice_for("loved_one"), voice_for("self")) == (Voice.LOVED_ONE, Voice.SELF)


def test_translate_is_applied_to_the_sentence_and_to_the_person():
    spanish = {LOVED_ONE["pregnancy"]: "{person} está embarazada.", "your partner": "tu pareja"}

    text = reason_text("pregnancy", Voice.LOVED_ONE, relationship="partner", translate=spanish.get)

    assert text == "Tu pareja está embarazada."


def test_a_reason_this_version_does_not_know_keeps_its_stored_text():
    old = Reason("retired_rule", 5, "A sentence from other rules.", "iop")

    assert reason_text(old, Voice.STAFF) == "A sentence from other rules."
    assert reason_text("retired_rule", Voice.SELF) == "retired_rule"


def test_a_residential_result_lists_nothing_for_a_lower_level_under_why():
    assessment = assess(
        use_criteria=CRITERIA["severe"], living="homeless", obligations=["work"], age=16
    )
    why, also = group_reasons(assessment)

    assert assessment.level is Level.RESIDENTIAL
    assert why and all(reason.supports == "residential" for reason in why)
    assert {reason.code for reason in also} >= {"severity_severe", "adolescent"}
    assert set(why) | set(also) == set(assessment.reasons) and not set(why) & set(also)


def test_an_outpatient_result_gives_its_severity_as_why_and_priority_reasons_as_also_noted():
    why, also = group_reasons(assess(use_criteria=CRITERIA["mild"], age=15))

    assert [reason.code for reason in why] == ["severity_mild"]
    assert [reason.code for reason in also] == ["adolescent"]
    assert "adolescent" in PRIORITY_ONLY and "severity_mild" not in PRIORITY_ONLY
