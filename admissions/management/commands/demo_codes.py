"""Print the demo accounts' current second-step codes (development only)."""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import current_code, demo_totp_secret
from admissions.management.commands.seed_demo import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = "Print the current authenticator-app code of each demo account (development only)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_codes refuses DJANGO_DEBUG=false.")
        for username, _name, _roles in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError("No demo accounts yet: run `manage.py seed_demo` first.")
            self.stdout.write(f"{username}: {current_code(demo_totp_secret(user))}")
