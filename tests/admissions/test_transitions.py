"""The pipeline's allowed moves, declared once: a walk over every pair of statuses."""

import itertools

import pytest

from admissions import pipeline
from admissions.models import OPEN_STATUSES, Lead, Status
from admissions.selectors import CLOSING_STATUSES
from tests.factories import LeadFactory, ProgramFactory

PAIRS = [(a, b) for a, b in itertools.product(Status.values, repeat=2) if a != b]


@pytest.mark.parametrize(("start", "to"), PAIRS, ids=[f"{a}-to-{b}" for a, b in PAIRS])
def test_every_move_is_allowed_or_refused_as_declared(counsellor, start, to):
    lead = LeadFactory(assigned_to=counsellor, status=start)
    reason = "Because" if to in CLOSING_STATUSES else ""
    # Admitting names a program, referring out a provider (tests/admissions/test_placement).
    where = {"program_id": ProgramFactory().pk, "provider": "County detox"}
    if to in pipeline.TRANSITIONS[start]:
        pipeline.change_status(lead_id=lead.pk, user=counsellor, status=to, reason=reason, **where)
        assert Lead.objects.get(pk=lead.pk).status == to
    else:
        with pytest.raises(pipeline.ActionRefused, match="cannot move from"):
            pipeline.change_status(
                lead_id=lead.pk, user=counsellor, status=to, reason=reason, **where
            )
        assert Lead.objects.get(pk=lead.pk).status == start


def test_the_declaration_covers_every_status_and_keeps_its_promises():
    assert set(pipeline.TRANSITIONS) == set(Status.values)
    assert all(Status.NEW not in moves for moves in pipeline.TRANSITIONS.values())
    for status in OPEN_STATUSES:
        assert set(CLOSING_STATUSES) <= set(pipeline.TRANSITIONS[status])


def test_the_lead_page_offers_only_the_allowed_moves(client, counsellor):
    from tests.auth import log_in

    lead = LeadFactory(assigned_to=counsellor, status=Status.CLOSED, close_reason="Moved away")
    log_in(client, counsellor)
    content = client.get(f"/staff/leads/{lead.pk}/").content.decode()
    status_select = content[content.index('id="status-status"') :]
    status_select = status_select[: status_select.index("</select>")]
    assert 'value="contacted"' in status_select
    assert 'value="admitted"' not in status_select and 'value="new"' not in status_select
