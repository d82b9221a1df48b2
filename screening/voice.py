"""How a result speaks: its reasons grouped ("why this level", "also noted") and voiced.

`group_reasons` puts first the reasons that ask for the recommended level (a floor or severity
rule supporting exactly that level), and everything else after it, never mixed. `reason_text`
gives a reason's sentence to the person themself, to a loved one who answered (about "your
child", "your loved one"…) or to staff. Pure data and functions: the Django layer passes its
gettext as `translate`, so the English sentence is the message id and `{person}` is filled in
after translation, in the same language.
"""

from collections.abc import Callable, Iterable
from enum import StrEnum

from screening.messages import LOVED_ONE, MESSAGES, STAFF, gettext_noop
from screening.model import Assessment, Reason
from screening.rules import RULES


class Voice(StrEnum):
    """Who reads a reason."""

    SELF = "self"  # the person who may need care, answering for themself: "you"
    LOVED_ONE = "loved_one"  # a family member or friend who answered: "your child"
    STAFF = "staff"  # admissions staff: third person


SENTENCES: dict[Voice, dict[str, str]] = {
    Voice.SELF: MESSAGES,
    Voice.LOVED_ONE: LOVED_ONE,
    Voice.STAFF: STAFF,
}

_ = gettext_noop
# How a loved one's answers name the person, by how the one answering is related to them
# (a parent answers about their child). "your loved one" where no relationship fits.
LOVED_ONE_PERSON = _("your loved one")
PERSON_BY_RELATIONSHIP: dict[str, str] = {
    "parent": _("your child"),
    "partner": _("your partner"),
    "child": _("your parent"),
    "sibling": _("your brother or sister"),
    "friend": _("your friend"),
    "other": LOVED_ONE_PERSON,
}

# Reasons that only make the call sooner (they ask for no more than outpatient): never part of
# why a level was chosen.
PRIORITY_ONLY: frozenset[str] = frozenset(
    rule.reason.code for rule in RULES if not rule.baseline and rule.level_rank == 0
)


def voice_for(respondent: str) -> Voice:
    """The voice of a result shown to whoever answered ("self" or "loved_one")."""
    return Voice.LOVED_ONE if respondent == "loved_one" else Voice.SELF


def person_for(relationship: str | None) -> str:
    """How a loved one's sentences name the person (English message id)."""
    return PERSON_BY_RELATIONSHIP.get(relationship or "", LOVED_ONE_PERSON)


def _identity(message: str) -> str:
    return message


def _fill(sentence: str, person: str) -> str:
    filled = sentence.replace("{person}", person)
    # "{person} has…" starts the sentence: capitalise "your child" there.
    return filled[:1].upper() + filled[1:]


def reason_text(
    reason: Reason | str,
    voice: Voice,
    *,
    relationship: str | None = None,
    translate: Callable[[str], str] = _identity,
) -> str:
    """A reason's sentence in `voice`, translated by `translate` (gettext in the web layer).

    A code this rules version does not know (say from a lead stored by other rules) keeps the
    text stored with it.
    """
    code = reason if isinstance(reason, str) else reason.code
    sentence = SENTENCES[voice].get(code)
    if sentence is None:
        return translate(reason.text) if isinstance(reason, Reason) else code
    if voice is not Voice.LOVED_ONE:
        return translate(sentence)
    return _fill(translate(sentence), translate(person_for(relationship)))


def supports_level(reason: Reason, assessment: Assessment) -> bool:
    """Whether `reason` is one of the reasons the recommended level was chosen for."""
    return reason.supports == assessment.level.value and reason.code not in PRIORITY_ONLY


def group_reasons(assessment: Assessment) -> tuple[tuple[Reason, ...], tuple[Reason, ...]]:
    """(why this level, also noted): the reasons that ask for the recommended level, in the
    order the rules gave them, then every other reason, in that order too."""
    why = tuple(reason for reason in assessment.reasons if supports_level(reason, assessment))
    also = tuple(reason for reason in assessment.reasons if not supports_level(reason, assessment))
    return why, also


def voiced(
    reasons: Iterable[Reason],
    voice: Voice,
    *,
    relationship: str | None = None,
    translate: Callable[[str], str] = _identity,
) -> list[str]:
    """The sentences of `reasons` in `voice` (see `reason_text`)."""
    return [
        reason_text(reason, voice, relationship=relationship, translate=translate)
        for reason in reasons
    ]
