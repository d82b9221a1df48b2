"""Import leads from another channel (a call-centre export, an old CRM) as JSON Lines.

Each line is one object: ``{"answers": {...}, "contact": {...}, "source": "phone"}``, optionally
with ``language``, ``consent_version``, ``consent_to_texts``, ``external_id`` (the record's
id in the other system) and ``consent`` (a Part 2 consent signed elsewhere: ``{"scope": "tpo" or
"recipient", "recipient", "purpose", "expires": "YYYY-MM-DD", "signed_by"}``, checked like the
rest of the line). Every line goes through ``lead_create``, so an imported lead is validated,
screened and routed like any other. A bad line is reported with its number and the fields at
fault (never their values) and the rest are still imported.

Running the same file again imports nothing twice: each line's submission key is made from its
source and external id, or, without an id, from its whole content. Each line is imported in a
transaction of its own, and nothing a line holds can stop the command: whatever goes wrong with
one line is reported as that line's problem.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from admissions.consent_models import ConsentGivenBy
from admissions.consents import ConsentTerms, InvalidConsent, consent_record, parse_consent
from admissions.models import Language, Source
from admissions.selectors import lead_of_submission
from admissions.services import LeadInvalid, lead_create
from screening.cli import InvalidInput, load_json

LINE_KEYS = {
    "answers",
    "contact",
    "source",
    "language",
    "consent_version",
    "consent_to_texts",
    "external_id",
    "consent",
}
EXTERNAL_ID_MAX = 200
INVALID_INPUT = 2  # the exit status for rejected lines, as for `manage.py screen`


@dataclass
class LineResult:
    """What importing one line did: the problems found, or the lead (made now or before)."""

    problems: list[str] = field(default_factory=list)
    lead_id: int | None = None
    imported_before: bool = False


def line_consent(record: dict[str, Any]) -> tuple[ConsentTerms | None, list[str]]:
    """The Part 2 consent a line carries, checked: (terms or None, problems)."""
    if record.get("consent") is None:
        return None, []
    try:
        return parse_consent(record["consent"]), []
    except InvalidConsent as invalid:
        return None, [str(problem) for problem in invalid.problems]


class Command(BaseCommand):
    help = "Import leads from a JSON Lines file; each line goes through lead_create."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="JSON Lines file, one lead per line")
        parser.add_argument(
            "--consent-version",
            default="import",
            help="consent version for lines that do not give their own (default: import)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            raw_lines = path.read_bytes().splitlines()
        except OSError as error:
            raise CommandError(
                f"Cannot read {path}: {error.strerror}.", returncode=INVALID_INPUT
            ) from None
        imported = rejected = before = 0
        for number, raw_line in enumerate(raw_lines, start=1):
            # Decode line by line so one garbled line does not cost the good ones.
            try:
                line = raw_line.decode("utf-8")
            except UnicodeDecodeError:
                line = None
            if line is not None and not line.strip():
                continue
            if line is None:
                result = LineResult(problems=["not UTF-8 text"])
            else:
                result = self._import_line_safely(line, options["consent_version"])
            if result.problems:
                rejected += 1
                for problem in result.problems:
                    self.stderr.write(f"line {number}: {problem}")
            elif result.imported_before:
                before += 1
                self.stdout.write(f"line {number}: imported before as lead {result.lead_id}")
            else:
                imported += 1
        summary = f"Imported {imported}, rejected {rejected}."
        if before:
            summary += f" {before} imported before: nothing done for them."
        self.stdout.write(summary)
        if rejected:
            raise CommandError(
                f"{rejected} line(s) rejected; see the messages above.", returncode=INVALID_INPUT
            )

    def _import_line_safely(self, line: str, default_consent: str) -> LineResult:
        """Import one line in its own transaction; anything that goes wrong is its problem.

        Only the kind of an unexpected error is reported: its message may hold the line's data.
        """
        try:
            with transaction.atomic():
                return self._import_line(line, default_consent)
        except Exception as error:  # noqa: BLE001 — one line must never stop the import
            return LineResult(problems=[f"could not be read ({type(error).__name__})"])

    def _import_line(self, line: str, default_consent: str) -> LineResult:
        """Import one line: the problems found, or the lead it made (or had made before)."""
        try:
            record = load_json(line, source="line")
        except InvalidInput as invalid:
            # "line: is not valid JSON (…)" reads "line 4: is not valid JSON (…)" once numbered.
            return LineResult(problems=[text.removeprefix("line: ") for text in invalid.lines])
        if not isinstance(record, dict):
            return LineResult(problems=["must be a JSON object"])
        unknown = sorted(set(record) - LINE_KEYS)
        if unknown:
            return LineResult(problems=[f"{key}: not a known key" for key in unknown])
        external_id = record.get("external_id")
        if external_id is not None and not (
            isinstance(external_id, str) and 0 < len(external_id) <= EXTERNAL_ID_MAX
        ):
            return LineResult(
                problems=[f"external_id: must be text of 1 to {EXTERNAL_ID_MAX} characters"]
            )
        key = submission_key(record)
        earlier = lead_of_submission(key)
        if earlier is not None:
            return LineResult(lead_id=earlier.pk, imported_before=True)
        terms, consent_problems = line_consent(record)
        try:
            with transaction.atomic():
                lead = lead_create(
                    answers=record.get("answers"),
                    contact=record.get("contact"),
                    source=record.get("source", Source.IMPORT),
                    language=record.get("language", Language.EN),
                    consent_version=record.get("consent_version", default_consent),
                    consent_to_texts=record.get("consent_to_texts", False),
                    submission_key=key,
                )
                if consent_problems:
                    raise LeadInvalid([])  # undo the lead: the line is rejected whole
                if terms is not None:
                    consent_record(lead_id=lead.pk, terms=terms, given_by=ConsentGivenBy.ELSEWHERE)
        except LeadInvalid as invalid:
            return LineResult(
                problems=[str(problem) for problem in invalid.problems] + consent_problems
            )
        return LineResult(lead_id=lead.pk)


def submission_key(record: dict[str, Any]) -> str:
    """The line's submission key: its source and external id, or else all it says."""
    source = record.get("source", Source.IMPORT)
    if record.get("external_id") is not None:
        identity: Any = ["external_id", source, record["external_id"]]
    else:
        identity = ["content", source, record]
    canonical = json.dumps(identity, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"import:{canonical}".encode()).hexdigest()
