"""The provider's groups decide an SSO account's roles (the full flow: tests/e2e/test_sso.py)."""

import pytest
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts import sso
from accounts.roles import Role, roles_of
from admissions.models import AuditEntry
from tests.factories import UserFactory, give_roles

pytestmark = pytest.mark.django_db

MAPPING = {"doorway-counsellors": "counsellor", "doorway-leads": "supervisor"}


@pytest.fixture(autouse=True)
def mapping(settings):
    settings.DOORWAY_SSO_GROUP_ROLES = MAPPING
    settings.DOORWAY_SSO_GROUPS_CLAIM = "groups"


def login_with(userinfo: dict | None = None, id_token: dict | None = None) -> SocialLogin:
    extra = {"userinfo": userinfo or {}, "id_token": id_token or {}}
    return SocialLogin(account=SocialAccount(provider="oidc", uid="1", extra_data=extra))


def test_groups_come_from_the_user_info_and_the_id_token():
    login = login_with({"groups": ["doorway-counsellors"]}, {"groups": "doorway-leads"})
    assert sso.groups_of(login) == {"doorway-counsellors", "doorway-leads"}


def test_the_mapped_groups_become_exactly_the_roles(rf):
    user = give_roles(UserFactory(), Role.ANALYST)
    sso.sync_roles(request=rf.get("/"), user=user, groups={"doorway-leads", "marketing"})
    assert roles_of(user) == {Role.SUPERVISOR}
    entry = AuditEntry.objects.get(action="roles_changed")
    assert entry.detail == {"added": ["supervisor"], "removed": ["analyst"], "by": "sso"}


def test_groups_that_map_to_no_role_leave_none(rf):
    user = give_roles(UserFactory(), Role.COUNSELLOR)
    sso.sync_roles(request=rf.get("/"), user=user, groups={"marketing"})
    assert roles_of(user) == frozenset()


def test_an_unchanged_set_of_roles_writes_nothing(rf):
    user = give_roles(UserFactory(), Role.COUNSELLOR)
    sso.sync_roles(request=rf.get("/"), user=user, groups={"doorway-counsellors"})
    assert not AuditEntry.objects.filter(action="roles_changed").exists()


def test_a_mapping_to_a_role_that_does_not_exist_stops_the_checks(settings):
    settings.DOORWAY_SSO_GROUP_ROLES = {"doorway-counsellors": "counselor"}
    with pytest.raises(SystemCheckError, match="counselor"):
        call_command("check")
