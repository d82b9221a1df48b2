"""Reason sentences: one per rule code, static, and translated into Spanish."""

import re

import pytest
from django.utils import translation

from screening.messages import MESSAGES
from screening.rules import RULES
from tests.screening.conftest import REPO_ROOT

PO_FILE = REPO_ROOT / "screening" / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_every_rule_has_its_own_sentence_and_every_sentence_a_rule():
    codes = [rule.reason.code for rule in RULES]

    assert sorted(codes) == sorted(MESSAGES)
    assert len(set(codes)) == len(codes)
    assert all(rule.reason.text == MESSAGES[rule.reason.code] for rule in RULES)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_sentence_is_static_and_plain(code):
    sentence = MESSAGES[code]

    assert not re.search(r"[{}%]", sentence)
    assert sentence[0].isupper() and sentence.endswith(".")
    assert len(sentence) < 200


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_sentence_has_a_spanish_translation(code):
    with translation.override("es"):
        spanish = translation.gettext(MESSAGES[code])

    assert spanish != MESSAGES[code]
    assert spanish.strip()


def test_spanish_catalogue_holds_exactly_the_current_sentences():
    msgids = re.findall(r'^msgid "(.+)"$', PO_FILE.read_text(encoding="utf-8"), re.MULTILINE)

    assert sorted(msgids) == sorted(MESSAGES.values())
