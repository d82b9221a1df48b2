"""Reason sentences in three voices and the catalogue's staff words, all translated into Spanish."""

import re

import pytest
from django.utils import translation

from screening.catalogue import BY_PATH
from screening.messages import LOVED_ONE, MESSAGES, STAFF
from screening.rules import RULES
from screening.voice import LOVED_ONE_PERSON, PERSON_BY_RELATIONSHIP
from tests.screening.conftest import REPO_ROOT

PO_FILE = REPO_ROOT / "screening" / "locale" / "es" / "LC_MESSAGES" / "django.po"
SENTENCES = [*MESSAGES.values(), *LOVED_ONE.values(), *STAFF.values()]
STAFF_WORDS = [
    words
    for question in BY_PATH.values()
    for words in (question.label, *(label for _, label in question.choices))
]
PERSONS = [LOVED_ONE_PERSON, *PERSON_BY_RELATIONSHIP.values()]


def spanish(message: str) -> str:
    with translation.override("es"):
        return translation.gettext(message)


def test_every_rule_has_its_own_sentence_and_every_sentence_a_rule():
    codes = [rule.reason.code for rule in RULES]

    assert sorted(codes) == sorted(MESSAGES)
    assert len(set(codes)) == len(codes)
    assert all(rule.reason.text == MESSAGES[rule.reason.code] for rule in RULES)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentence_is_plain_and_has_only_the_person_placeholder(sentence):
    assert not re.search(r"[%]|\{(?!person\})", sentence)
    assert sentence[0].isupper() or sentence.startswith("{person}")
    assert sentence.endswith(".")
    assert len(sentence) < 200


@pytest.mark.parametrize("sentence", SENTENCES + PERSONS)
def test_sentence_has_a_spanish_translation_keeping_the_placeholder(sentence):
    translated = spanish(sentence)

    assert translated != sentence and translated.strip()
    assert translated.count("{person}") == sentence.count("{person}")


@pytest.mark.parametrize("words", sorted(set(STAFF_WORDS)))
def test_every_question_and_choice_has_staff_words_in_english_and_spanish(words):
    assert words.strip()
    # A few words are the same in both languages; they must still be translated on purpose.
    with translation.override("es"):
        catalogue = translation.trans_real.translation("es")._catalog
    assert words in catalogue, f"no Spanish for {words!r}"


def test_spanish_catalogue_holds_exactly_the_current_strings():
    msgids = re.findall(r'^msgid "(.+)"$', PO_FILE.read_text(encoding="utf-8"), re.MULTILINE)

    assert sorted(msgids) == sorted({*SENTENCES, *PERSONS, *STAFF_WORDS})
