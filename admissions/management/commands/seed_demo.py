"""Idempotent demo data for trying Doorway locally. Refuses to run in production mode."""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import demo_totp_secret, otpauth_url
from accounts.roles import GROUP_NAMES, Role
from admissions.booking import free_slots
from admissions.demo import seed_slots
from admissions.models import CounsellorProfile
from programs.demo import seed_catalog

DEMO_PASSWORD = "doorway-demo-2024"  # noqa: S105 — printed demo credential, DEBUG only
DEMO_ACCOUNTS = [
    # username, first name, roles (the supervisor is also the demo's administrator)
    ("counsellor", "Casey", [Role.COUNSELLOR]),
    ("supervisor", "Sam", [Role.SUPERVISOR, Role.COUNSELLOR]),
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
        keys = {}
        with transaction.atomic():
            for username, first_name, roles in DEMO_ACCOUNTS:
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={"first_name": first_name, "email": f"{username}@example.org"},
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.is_staff = user.is_superuser = Role.SUPERVISOR in roles
                    user.save()
                for role in roles:
                    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
                    user.groups.add(group)
                # Only created once: a profile changed in the admin is left as it is.
                CounsellorProfile.objects.get_or_create(user=user, defaults=DEMO_PROFILES[username])
                secret = demo_totp_secret(user)
                keys[username] = (secret, otpauth_url(user, secret))
            seed_slots(holder=User.objects.get(username="counsellor"))
        self.stdout.write(f"Programs in the catalog: {seed_catalog()}")
        self.stdout.write(f"Free assessment times to book: {free_slots().count()}")
        self.stdout.write("Demo staff accounts (development only):")
        for username, _name, _roles in DEMO_ACCOUNTS:
            secret, url = keys[username]
            self.stdout.write(f"  {username} / {DEMO_PASSWORD}")
            self.stdout.write(f"    second step: authenticator-app key {secret}")
            self.stdout.write(f"    (or open {url} on a phone with an authenticator app)")
        self.stdout.write(
            "No authenticator app? `.venv/bin/python manage.py demo_codes` prints the codes."
        )
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(f"Log in at {site}/staff/ (admin: {site}/admin/ as supervisor).")
