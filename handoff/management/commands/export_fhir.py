"""Print a lead's FHIR R4 Bundle, when a consent on file permits the disclosure.

``python manage.py export_fhir LEAD_ID`` discloses to the centre's own systems (a consent for
its treatment, payment and operations is needed); ``--recipient NAME`` to a named recipient.
Every export is written to the lead's disclosures log. A lead that does not exist, or that no
consent permits disclosing, exits with status 2 and one line on stderr.
"""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from admissions.consent_models import DisclosureChannel
from admissions.disclosures import DisclosureRefused
from admissions.models import Lead
from handoff.fhir.export import fhir_export


class Command(BaseCommand):
    help = "Print a lead's FHIR R4 Bundle (JSON) when a Part 2 consent permits it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("lead_id", help="the lead's number")
        parser.add_argument(
            "--recipient",
            default="",
            help="who receives it, as the consent names them (default: the centre's own systems)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw = options["lead_id"]
        lead_id = int(raw) if raw.isdigit() else None
        try:
            if lead_id is None:
                raise Lead.DoesNotExist
            bundle = fhir_export(
                lead_id=lead_id,
                channel=DisclosureChannel.FHIR_EXPORT,
                recipient=options["recipient"],
                via="export_fhir",
            )
        except Lead.DoesNotExist:
            self._fail(f"Lead {raw} does not exist.")
        except DisclosureRefused as refused:
            self._fail(f"Lead {raw}: {refused.message}")
        self.stdout.write(json.dumps(bundle, indent=2, ensure_ascii=False))

    def _fail(self, line: str) -> None:
        self.stderr.write(line)
        sys.exit(2)
