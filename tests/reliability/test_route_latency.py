"""Commit to assignment with the real worker over 200 leads; the figures are printed."""

import pytest

from admissions.latency import measure_route_latency, percentile
from admissions.models import Lead, RoutingState
from tests.factories import CRISIS_ANSWERS, CounsellorFactory, make_answers

pytestmark = pytest.mark.reliability


def test_percentile_is_the_nearest_rank():
    values = [float(number) for number in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.95)) == (50.0, 95.0)
    assert percentile([3.0], 0.95) == 3.0


@pytest.mark.django_db(transaction=True)
def test_two_hundred_leads_are_all_routed_and_the_latency_is_reported(worker, capsys):
    for languages in (["en"], ["en", "es"], ["en"]):
        CounsellorFactory(languages=languages, capacity=500)
    CounsellorFactory(on_call=True, capacity=500)
    answers = [make_answers(), CRISIS_ANSWERS, make_answers(age=16, respondent="self")]

    # Twenty submissions a second: far above a real centre's rate, still a steady stream.
    latency = measure_route_latency(answers, count=200, pause=0.05, timeout=120)

    assert latency.count == latency.assigned == 200
    assert not Lead.objects.exclude(routing_state=RoutingState.ROUTED).exists()
    assert 0 < latency.p50 <= latency.p95 <= latency.slowest
    with capsys.disabled():
        print(f"\n{latency}")
