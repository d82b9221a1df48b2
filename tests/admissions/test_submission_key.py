"""lead_create with a submission key: the same submission twice is one lead, routed once."""

import pytest

from admissions.models import Lead, LeadEvent
from admissions.services import LeadInvalid, lead_create
from tests.factories import make_answers

pytestmark = pytest.mark.django_db


def create(**changes) -> Lead:
    arguments = {
        "answers": make_answers(),
        "contact": {"first_name": "Noor", "phone": "555-301-7781"},
        "source": "web",
        "consent_version": "2026-01",
        "consent_to_texts": False,
        **changes,
    }
    return lead_create(**arguments)


def test_the_same_submission_key_gives_back_the_first_lead_and_routes_it_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as enqueued:
        first = create(submission_key="k" * 32)
        again = create(
            submission_key="k" * 32, contact={"first_name": "Other", "phone": "555-301-0000"}
        )
    assert again.pk == first.pk and again.first_name == "Noor"
    assert Lead.objects.count() == 1
    assert LeadEvent.objects.filter(kind="created").count() == 1
    assert len(enqueued) == 1, "routing enqueued for the first lead only"


def test_leads_without_a_key_are_all_kept():
    create()
    create()
    assert Lead.objects.count() == 2


def test_a_consent_version_longer_than_the_column_is_a_problem_not_a_crash():
    with pytest.raises(LeadInvalid) as invalid:
        create(consent_version="v" * 500)
    assert [problem.field for problem in invalid.value.problems] == ["consent_version"]
    assert Lead.objects.count() == 0
