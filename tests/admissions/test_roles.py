"""Who counts as a counsellor and who as a supervisor."""

import pytest
from django.contrib.auth.models import AnonymousUser

from admissions.models import CounsellorProfile
from admissions.roles import is_counsellor, is_supervisor, supervisors
from tests.factories import make_supervisor

pytestmark = pytest.mark.django_db


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


def test_an_inactive_profile_or_account_is_no_counsellor(counsellor, supervisor):
    CounsellorProfile.objects.filter(user=counsellor).update(active=False)
    supervisor.is_active = False
    supervisor.save()
    assert not is_counsellor(counsellor)
    assert not is_counsellor(supervisor)
    assert not is_supervisor(supervisor)


def test_supervisors_lists_active_group_members_only(counsellor):
    active = make_supervisor("sup_active")
    gone = make_supervisor("sup_gone")
    gone.is_active = False
    gone.save()
    assert list(supervisors()) == [active]
