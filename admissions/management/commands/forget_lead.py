"""``manage.py forget_lead ID``: erase a person's details on their request."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from admissions.models import Lead
from admissions.privacy import lead_erase


class Command(BaseCommand):
    help = (
        "Erase a lead's contact details, message, answers, staff notes, insurance card "
        "photos, coverage details, benefits checks and the values of contact corrections. "
        "Level, priority, status, source and dates stay for the statistics. Running it again "
        "changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("lead_id", type=int, help="The lead's number, as shown to staff.")

    def handle(self, *args, lead_id: int, **options) -> None:
        try:
            erasure = lead_erase(lead_id=lead_id)
        except Lead.DoesNotExist:
            raise CommandError(f"No lead has the number {lead_id}.") from None
        if not erasure.changed:
            self.stdout.write(f"Lead {lead_id} was already erased; nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Lead {lead_id} erased: {len(erasure.fields)} fields, {erasure.notes} notes, "
                f"{erasure.insurance_cards} insurance card photos, "
                f"{erasure.benefits} coverage and benefits records, "
                f"{erasure.corrections} corrected contact values."
            )
        )
