"""Import leads from another channel (a call-centre export, an old CRM) as JSON Lines.

Each line is one object: ``{"answers": {...}, "contact": {...}, "source": "phone"}``, optionally
with ``language``, ``consent_version``, ``consent_to_texts`` and ``consent`` (a Part 2 consent
signed elsewhere: ``{"scope": "tpo" or "recipient", "recipient", "purpose", "expires":
"YYYY-MM-DD", "signed_by"}``, checked like the rest of the line). Every line goes through
``lead_create``, so an imported lead is validated, screened and routed like any other. A bad line
is reported with its number and the fields at fault (never their values) and the rest are still
imported.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from admissions.consent_models import ConsentGivenBy
from admissions.consents import ConsentTerms, InvalidConsent, consent_record, parse_consent
from admissions.models import Language, Source
from admissions.services import LeadInvalid, lead_create

LINE_KEYS = {
    "answers",
    "contact",
    "source",
    "language",
    "consent_version",
    "consent_to_texts",
    "consent",
}


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
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        imported = rejected = 0
        for number, raw_line in enumerate(raw_lines, start=1):
            # Decode line by line so one garbled line does not cost the good ones.
            try:
                line = raw_line.decode("utf-8")
            except UnicodeDecodeError:
                line = None
            if line is not None and not line.strip():
                continue
            problems = (
                ["not UTF-8 text"]
                if line is None
                else self._import_line(line, options["consent_version"])
            )
            if problems:
                rejected += 1
                for problem in problems:
                    self.stderr.write(f"line {number}: {problem}")
            else:
                imported += 1
        self.stdout.write(f"Imported {imported}, rejected {rejected}.")
        if rejected:
            raise CommandError(f"{rejected} line(s) rejected; see the messages above.")

    def _import_line(self, line: str, default_consent: str) -> list[str]:
        """Import one line; the problems found, empty when the lead was created."""
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            return [f"not valid JSON ({error.msg} at column {error.colno})"]
        if not isinstance(record, dict):
            return ["must be a JSON object"]
        unknown = sorted(set(record) - LINE_KEYS)
        if unknown:
            return [f"{key}: not a known key" for key in unknown]
        terms, problems = line_consent(record)
        try:
            with transaction.atomic():
                lead = lead_create(
                    answers=record.get("answers"),
                    contact=record.get("contact"),
                    source=record.get("source", Source.IMPORT),
                    language=record.get("language", Language.EN),
                    consent_version=record.get("consent_version", default_consent),
                    consent_to_texts=record.get("consent_to_texts", False),
                )
                if problems:
                    raise LeadInvalid([])  # undo the lead: the line is rejected whole
                if terms is not None:
                    consent_record(lead_id=lead.pk, terms=terms, given_by=ConsentGivenBy.ELSEWHERE)
        except LeadInvalid as invalid:
            return [str(problem) for problem in invalid.problems] + problems
        return []
