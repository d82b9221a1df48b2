"""Who counts as a counsellor and who as a supervisor, and whom routing may pick."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from admissions.models import CounsellorProfile
from admissions.roles import is_counsellor, is_supervisor, routable_profiles, supervisors
from tests.factories import make_supervisor

pytestmark = pytest.mark.django_db
UserModel = get_user_model()


def test_counsellor_is_a_counsellor_but_not_a_supervisor(counsellor):
    assert is_counsellor(counsellor)
    assert not is_supervisor(counsellor)


def test_supervisor_is_both(supervisor):
    assert is_supervisor(supervisor)
    assert is_counsellor(supervisor)


def test_outsider_and_anonymous_are_neither(outsider):
    for user in (outsider, AnonymousUser()):
        assert not is_counsellor(user)
        assert not is_supervisor(user)


def test_an_inactive_account_is_nobody(supervisor):
    supervisor.is_active = False
    supervisor.save()
    assert not is_counsellor(supervisor)
    assert not is_supervisor(supervisor)


def test_the_role_gives_access_and_the_active_profile_gives_new_leads(counsellor, other_counsellor):
    """A counsellor on leave (profile inactive) still opens the queue but gets no new leads;
    someone whose role was taken away gets neither, whatever their profile says."""
    CounsellorProfile.objects.filter(user=counsellor).update(active=False)
    other_counsellor.groups.clear()
    assert is_counsellor(counsellor)
    assert not is_counsellor(UserModel.objects.get(pk=other_counsellor.pk))
    assert list(routable_profiles()) == []


def test_a_supervisor_with_a_profile_can_be_routed_leads(supervisor):
    assert [profile.user for profile in routable_profiles()] == [supervisor]


def test_supervisors_lists_active_group_members_only(counsellor):
    active = make_supervisor("sup_active")
    gone = make_supervisor("sup_gone")
    gone.is_active = False
    gone.save()
    assert list(supervisors()) == [active]
