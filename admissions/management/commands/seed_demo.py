"""Idempotent demo data for trying Doorway locally. Refuses to run in production mode."""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from admissions.models import CounsellorProfile
from admissions.roles import SUPERVISORS_GROUP
from programs.demo import seed_catalog

DEMO_PASSWORD = "doorway-demo-2024"  # noqa: S105 — printed demo credential, DEBUG only
DEMO_ACCOUNTS = [
    # username, first name, is a supervisor
    ("counsellor", "Casey", False),
    ("supervisor", "Sam", True),
]
# Routing needs counsellor profiles: Casey speaks English and Spanish, Sam is on call.
DEMO_PROFILES = {
    "counsellor": {"languages": ["en", "es"], "on_call": False, "accepts_adolescents": True},
    "supervisor": {"languages": ["en"], "on_call": True, "accepts_adolescents": False},
}


class Command(BaseCommand):
    help = "Create demo staff accounts and demo rows (idempotent; development only)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo creates known passwords; it refuses DJANGO_DEBUG=false.")
        with transaction.atomic():
            supervisors, _ = Group.objects.get_or_create(name=SUPERVISORS_GROUP)
            for username, first_name, is_supervisor in DEMO_ACCOUNTS:
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={"first_name": first_name, "email": f"{username}@example.org"},
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.is_staff = user.is_superuser = is_supervisor
                    user.save()
                if is_supervisor:
                    user.groups.add(supervisors)
                # Only created once: a profile changed in the admin is left as it is.
                CounsellorProfile.objects.get_or_create(user=user, defaults=DEMO_PROFILES[username])
        self.stdout.write(f"Programs in the catalog: {seed_catalog()}")
        self.stdout.write("Demo staff accounts (development only):")
        for username, _name, _sup in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username} / {DEMO_PASSWORD}")
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(f"Log in at {site}/staff/ (admin: {site}/admin/ as supervisor).")
