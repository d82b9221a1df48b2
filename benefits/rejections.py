"""Payer rejections in plain words, with what to try next.

A payer that cannot answer an eligibility inquiry says why in an AAA segment: the reject reason
(AAA03, X12 code list 901) and the follow-up action it asks for (AAA04, code list 889). The
JSON clearinghouse APIs pass the same codes on. Staff read the reason and the advice here; the
code stays visible for whoever calls the payer.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from benefits.eligibility import Rejection

_CHECK_CARD = _(
    "Check it against the card photo, letter for letter (prefix included), and run the check again."
)
_CALL_PAYER = _("Call the payer and record a phone check.")
_ENROLMENT = _(
    "The centre may not be enrolled with this payer for electronic checks, or its NPI is not on "
    "file with them: ask your billing team, and call the payer meanwhile."
)

# AAA03 → (what it means, what to try next).
REASONS: dict[str, tuple[str, str]] = {
    "15": (_("Some required information was missing."), _CHECK_CARD),
    "33": (_("The payer found errors in the details sent."), _CHECK_CARD),
    "35": (_("The centre is out of this plan's network."), _CALL_PAYER),
    "41": (_("The centre is not authorised to ask about this plan."), _ENROLMENT),
    "42": (
        _("The payer's system cannot answer right now."),
        _("Try again later (the payer's system is down or busy), or call the payer."),
    ),
    "43": (_("The payer does not recognise the centre's NPI."), _ENROLMENT),
    "44": (_("The payer does not recognise the centre's name."), _ENROLMENT),
    "45": (_("The payer needs the provider's specialty."), _CALL_PAYER),
    "47": (_("The payer needs the provider's state."), _CALL_PAYER),
    "48": (_("The referring provider's ID is missing or wrong."), _CALL_PAYER),
    "50": (_("The centre is not eligible to ask this payer."), _ENROLMENT),
    "51": (_("The payer has no record of the centre."), _ENROLMENT),
    "52": (_("The date asked about is outside the centre's enrolment with the plan."), _ENROLMENT),
    "56": (_("The date asked about is not accepted."), _("Run the check again for today.")),
    "57": (_("The date of service is missing or wrong."), _("Run the check again for today.")),
    "58": (
        _("The date of birth is missing or does not match."),
        _("Check the date of birth with the person (and the subscriber's, if it is not theirs)."),
    ),
    "60": (_("The date of birth is after the date asked about."), _("Check the date of birth.")),
    "62": (_("The payer does not answer for that date."), _("Run the check again for today.")),
    "63": (_("The date asked about is in the future."), _("Run the check again for today.")),
    "64": (_("The person's ID is missing or wrong."), _CHECK_CARD),
    "65": (
        _("The person's name is missing or does not match."),
        _("Use the name exactly as it is on the card, and check the spelling with the person."),
    ),
    "67": (
        _("The payer found the subscriber but not this person on the plan."),
        _("Check the person's name and date of birth, and whether they are on this plan."),
    ),
    "68": (_("The payer has two records with this person's ID."), _CALL_PAYER),
    "71": (
        _("The date of birth does not match the payer's records."),
        _("Check the date of birth with the person."),
    ),
    "72": (_("The member ID is missing or wrong."), _CHECK_CARD),
    "73": (
        _("The subscriber's name is missing or does not match."),
        _("Use the subscriber's name exactly as on the card, and check who the subscriber is."),
    ),
    "75": (
        _("The payer could not find the subscriber."),
        _(
            "Check the member ID, the name and the date of birth against the card. Ask whether "
            "the person has newer insurance, or is covered by another payer."
        ),
    ),
    "76": (_("The payer has two records with this member ID."), _CALL_PAYER),
    "77": (
        _("The payer found the subscriber but not this person."),
        _("Check the person's name, date of birth and relationship to the subscriber."),
    ),
    "78": (
        _("The subscriber is not in the group or plan given."),
        _("Check the group number on the card, or leave it out and run the check again."),
    ),
    "79": (
        _("The payer's ID for this plan is not right."),
        _("Check the payer chosen, and its payer ID in the payer list."),
    ),
    "80": (_("No answer came from the payer."), _("Try again later, or call the payer.")),
    "97": (_("The payer needs the provider's address."), _CALL_PAYER),
    "T4": (
        _("The payer's name or ID is missing."),
        _("Check the payer and its payer ID in the payer list."),
    ),
}

# AAA04 → what the payer asks the centre to do.
FOLLOW_UPS: dict[str, str] = {
    "C": _("Correct the details and send it again."),
    "N": _("Do not send it again."),
    "P": _("Send the same inquiry again."),
    "R": _("You may send it again."),
    "S": _("Do not send it again: the payer is asking a third party."),
    "W": _("Wait 30 days before sending it again."),
    "X": _("Wait 10 days before sending it again."),
    "Y": _("Do not send it again: the payer will answer another way."),
}

WHO = {
    "payer": _("the payer"),
    "provider": _("the centre"),
    "subscriber": _("the subscriber"),
    "dependent": _("the person"),
    "benefit": _("a benefit"),
    "clearinghouse": _("the clearinghouse"),
}


@dataclass(frozen=True)
class Explained:
    """A rejection as staff read it."""

    code: str
    about: str
    reason: str
    advice: str
    follow_up: str


def explain(rejection: Rejection) -> Explained:
    """What the rejection means and what to do; unknown codes fall back on the payer's words."""
    reason, advice = REASONS.get(rejection.code, ("", _CALL_PAYER))
    if not reason:
        reason = rejection.description or _("The payer gave a reason Doorway does not know.")
    return Explained(
        code=rejection.code,
        about=str(WHO.get(rejection.about, rejection.about)),
        reason=str(reason),
        advice=str(advice),
        follow_up=str(FOLLOW_UPS.get(rejection.follow_up, "")),
    )


# The JSON APIs spell the follow-up action out; these are the X12 code list's own words.
FOLLOW_UP_WORDS = {
    "please correct and resubmit": "C",
    "resubmission not allowed": "N",
    "please resubmit original transaction": "P",
    "resubmission allowed": "R",
    "do not resubmit; inquiry initiated to a third party": "S",
    "please wait 30 days and resubmit": "W",
    "please wait 10 days and resubmit": "X",
    "do not resubmit; we will hand deliver the response": "Y",
}


def follow_up_code(words: str) -> str:
    """The AAA04 code for a follow-up action written out in words ("" when unknown)."""
    return FOLLOW_UP_WORDS.get(" ".join((words or "").lower().split()), "")
