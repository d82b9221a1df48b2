"""`manage.py screen [FILE]`: print the assessment JSON for answers JSON (FILE or stdin)."""

import sys

from django.core.management.base import BaseCommand, CommandParser

from screening.cli import InvalidInput, assess_json, read_input

INVALID_INPUT = 2


class Command(BaseCommand):
    help = (
        "Assess one answers JSON object, or a JSON list of them, read from FILE or standard "
        "input, and print the assessment JSON. Invalid input exits with status 2 and one "
        "'field: message' line per problem on standard error."
    )
    stealth_options = ("stdin",)
    requires_system_checks = []  # pure rules: nothing to check, and no database to reach

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="answers JSON file (default: standard input)")

    def handle(self, *args: object, **options: object) -> None:
        try:
            output = assess_json(read_input(options["file"], options.get("stdin") or sys.stdin))
        except InvalidInput as invalid:
            for line in invalid.lines:
                self.stderr.write(line)
            raise SystemExit(INVALID_INPUT) from invalid
        self.stdout.write(output)
