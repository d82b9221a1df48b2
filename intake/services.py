"""The intake's writes: drafts for "Finish later", the anonymous tally, and sending a screening."""

import hashlib
import logging
import secrets
from datetime import timedelta
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from admissions.attribution import clean as attribution_clean
from admissions.services import lead_create
from benefits.services import coverage_save_keeping
from intake.consent import CONSENT_VERSION
from intake.forms import normalise_phone
from intake.models import AnonymousResult, Draft
from intake.sms import get_sender
from screening import evaluate, parse_answers

logger = logging.getLogger(__name__)

DRAFT_DAYS = 7
# Wrong answers to "which email or phone was the link sent to?" before the draft is destroyed.
MAX_FAILED_CHECKS = 5


# A code to write down, for someone with no private email or phone: 15 characters from 24
# that cannot be mistaken for one another when written by hand or read back (no 0/O, 1/I/L,
# 5/S, 2/Z) and, having no vowels, never spell a word. 24**15 is about 2**68: standing alone,
# with the step rate limit on every try, it cannot be guessed.
CODE_ALPHABET = "BCDFGHJKMPQRTVWXY2346789"
CODE_LENGTH = 15
CODE_GROUP = 5


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _code_hash(normalised: str) -> str:
    # Keyed, unlike a link token's hash: 68 bits are too few to stand against a copy of the
    # database alone, so the hash also needs the site's secret key.
    return salted_hmac("intake.draft.code", normalised).hexdigest()


def code_display(normalised: str) -> str:
    """The code as shown to be written down: groups of five joined by dashes."""
    return "-".join(
        normalised[start : start + CODE_GROUP] for start in range(0, len(normalised), CODE_GROUP)
    )


@sensitive_variables("typed", "normalised")
def normalise_code(typed: str) -> str | None:
    """The code in ``typed``, whatever the case and the dashes, spaces or dots between its
    characters; None when it cannot be one of our codes."""
    normalised = "".join(character for character in typed if character.isalnum()).upper()
    if len(normalised) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in normalised):
        return None
    return normalised


def split_contact(raw: str) -> tuple[str, str] | None:
    """("email", address) or ("phone", digits) for what the person typed; None if neither."""
    value = raw.strip()
    if "@" in value:
        # Django's validator also rejects domains that cannot be encoded for sending (a
        # hand-written check let "\x80@." through, and sending the link then failed).
        try:
            validate_email(value)
        except ValidationError:
            return None
        return Draft.Channel.EMAIL, value.lower()
    digits = normalise_phone(value)
    return (Draft.Channel.PHONE, digits) if digits else None


def _contact_hash(channel: str, normalised: str) -> str:
    return salted_hmac("intake.draft.contact", f"{channel}:{normalised}").hexdigest()


@transaction.atomic
def draft_save(
    *, steps: dict[str, Any], contact: str, language: str, replaces: int | None = None
) -> tuple[Draft, str]:
    """Store the screening so far and return the draft with its link token.

    The link opens the draft until it expires, is replaced or the screening is sent (resuming
    also asks for the contact it went to). One screening has one draft: saving again replaces
    the earlier one (and its link).
    """
    channel, normalised = split_contact(contact) or ("", "")
    if not channel:
        raise ValueError("contact must be an email address or a phone number")
    token = secrets.token_urlsafe(32)
    draft = _draft_create(
        token_hash=_token_hash(token),
        contact_hash=_contact_hash(channel, normalised),
        channel=channel,
        steps=steps,
        language=language,
        replaces=replaces,
    )
    return draft, token


@sensitive_variables("code")
@transaction.atomic
def draft_save_with_code(
    *, steps: dict[str, Any], language: str, replaces: int | None = None
) -> tuple[Draft, str]:
    """Store the screening so far and return the draft with its code, grouped for reading.

    For someone who shares their email and phone: no contact is kept or needed, and only the
    code's keyed hash is stored. Like a link, a code replaces the screening's earlier draft.
    """
    code = "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))
    draft = _draft_create(
        token_hash=_code_hash(code),
        contact_hash="",
        channel=Draft.Channel.CODE,
        steps=steps,
        language=language,
        replaces=replaces,
    )
    return draft, code_display(code)


def _draft_create(*, replaces: int | None, **fields: Any) -> Draft:
    if replaces:
        Draft.objects.filter(pk=replaces).delete()
    return Draft.objects.create(**fields, expires_at=timezone.now() + timedelta(days=DRAFT_DAYS))


class LinkNotSent(Exception):
    """The mail server or the SMS gateway did not take the resume link; the draft is gone."""


def draft_send_link(*, draft: Draft, token: str, contact: str) -> None:
    """Send the resume link. The message names no treatment and no answer.

    When the message cannot be sent, the draft is deleted (nobody could ever open it, and it
    holds answers) and ``LinkNotSent`` is raised; the person's screening is still in their
    session, so nothing they typed is lost.
    """
    # The token goes after "#": browsers keep it to themselves, so no access log ever sees it.
    link = f"{settings.SITE_URL.rstrip('/')}{reverse('intake:resume_open')}#{token}"
    channel, normalised = split_contact(contact) or ("", "")
    try:
        if channel == Draft.Channel.EMAIL:
            send_mail(
                _("Your link to continue"),
                _(
                    "Here is your private link to continue where you left off:\n\n%(link)s\n\n"
                    "It works for 7 days. When you open it, we will ask for this email address "
                    "first. If you did not ask for this, you can ignore this message."
                )
                % {"link": link},
                settings.DEFAULT_FROM_EMAIL,
                [normalised],
            )
        else:
            get_sender().send(
                normalised,
                _("Your private link to continue (works for 7 days): %(link)s") % {"link": link},
            )
    except Exception as error:
        # Any failure of a mail server or gateway we do not control. Only the kind of error is
        # logged: its message or traceback may hold the address or the link.
        logger.error(
            "Could not send the resume link of draft %s by %s: %s",
            draft.pk,
            channel,
            type(error).__name__,
        )
        draft.delete()
        raise LinkNotSent from error


def draft_for_token(token: str) -> Draft | None:
    links = Draft.objects.exclude(channel=Draft.Channel.CODE)
    return links.filter(token_hash=_token_hash(token)).first()


@sensitive_variables("code", "normalised")
@transaction.atomic
def draft_open_with_code(*, code: str) -> dict[str, Any] | None:
    """The steps saved under ``code``, which then stops working: the draft is deleted as it is
    opened (its answers go on in the person's session), so a code opens a screening once.

    None when the code opens nothing: mistyped, already used, replaced, or expired (an expired
    draft is deleted on the spot). The draft is found by the code's hash, so how long the
    lookup takes says nothing about the code.
    """
    normalised = normalise_code(code)
    if normalised is None:
        return None
    # Locked, so two tries at once with the same code cannot both open it.
    draft = (
        Draft.objects.select_for_update()
        .filter(channel=Draft.Channel.CODE, token_hash=_code_hash(normalised))
        .first()
    )
    if draft is None:
        return None
    steps, usable = draft.steps, draft.expires_at > timezone.now()
    draft.delete()
    return steps if usable else None


def draft_usable(draft_id: int | None) -> Draft | None:
    """The draft if it exists and has not expired; an expired one is deleted on the spot."""
    if not draft_id:
        return None
    draft = Draft.objects.filter(pk=draft_id).first()
    if draft is not None and draft.expires_at <= timezone.now():
        draft.delete()
        return None
    return draft


def draft_check_contact(*, draft: Draft, contact: str) -> bool:
    """Whether ``contact`` is where the link was sent. Too many wrong tries destroy the draft."""
    channel, normalised = split_contact(contact) or ("", "")
    if channel and constant_time_compare(_contact_hash(channel, normalised), draft.contact_hash):
        return True
    draft.failed_checks += 1
    if draft.failed_checks >= MAX_FAILED_CHECKS:
        draft.delete()
    else:
        draft.save(update_fields=["failed_checks"])
    return False


def drafts_purge(*, now=None) -> int:
    """Delete every expired draft; returns how many."""
    deleted, _details = Draft.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def sessions_purge() -> None:
    """Delete expired sessions, and with them any answers of an unfinished screening."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def screening_send(
    *,
    answers: dict[str, Any],
    contact: dict[str, str] | None,
    consent_to_texts: bool,
    language: str,
    contact_language: str | None = None,
    draft_id: int | None = None,
    submission_key: str = "",
    over_rate_limit: bool = False,
    attribution: dict[str, str] | None = None,
    coverage: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Finish a screening: with ``contact``, create the lead; without, count it anonymously.

    Returns what the result page needs: the assessment and whether a counsellor will reach out.
    Raises ``admissions.services.LeadInvalid`` when the lead service refuses the details.
    The same ``submission_key`` sent again gives the lead the first send made (see
    ``lead_create``). ``attribution`` (where the visit came from) goes with either.
    ``coverage`` (the optional coverage step, as ``coverage_save`` takes it) is stored with the
    lead, in the same transaction.
    """
    if draft_id:
        Draft.objects.filter(pk=draft_id).delete()
    if contact is not None:
        with transaction.atomic():
            lead = lead_create(
                answers=answers,
                contact=contact,
                source="web",
                consent_version=CONSENT_VERSION,
                consent_to_texts=consent_to_texts,
                language=contact_language or language,
                submission_key=submission_key,
                over_rate_limit=over_rate_limit,
                attribution=attribution,
            )
            if coverage:
                coverage_save_keeping(lead=lead, data=coverage)
        return {"assessment": lead.assessment, "lead_id": lead.pk}
    assessment = evaluate(parse_answers(answers)).to_dict()
    anonymous_result_record(assessment=assessment, language=language, attribution=attribution)
    return {"assessment": assessment, "lead_id": None}


def anonymous_result_record(
    *, assessment: dict[str, Any], language: str, attribution: dict[str, str] | None = None
) -> AnonymousResult:
    """Count one screening for statistics: the date, language, outcome and where the visit
    came from, nothing else."""
    return AnonymousResult.objects.create(
        **attribution_clean(attribution),
        date=timezone.localdate(),
        language=language,
        level=assessment["level"],
        priority=assessment["priority"],
        flags=list(assessment["flags"]),
    )
