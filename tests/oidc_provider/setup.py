"""Prepare the provider's database: its tables, the people, their groups and Doorway's client.

Run as ``python -m tests.oidc_provider.setup REDIRECT_URI CLIENT_ID CLIENT_SECRET`` with the
provider's settings; each person is ``username:password:group,group`` on standard input.
"""

import sys

import django


def main() -> None:
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    redirect_uri, client_id, client_secret = sys.argv[1:4]
    call_command("migrate", verbosity=0)
    for line in sys.stdin.read().split():
        username, password, groups = line.split(":")
        user = User.objects.create_user(username, f"{username}@idp.example.org", password)
        for name in filter(None, groups.split(",")):
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    Application.objects.create(
        name="Doorway",
        client_id=client_id,
        client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        skip_authorization=True,
        algorithm=Application.RS256_ALGORITHM,
    )


if __name__ == "__main__":
    main()
