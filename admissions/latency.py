"""How long a lead waits for its counsellor: commit to assignment, measured with a real worker.

``measure_route_latency`` creates leads through ``lead_create`` (as the web form does), waits
until a running Celery worker has routed every one, and reports the percentiles. It needs a
worker consuming the same broker and database, and counsellors to route to; the leads it
creates stay in the database, marked as phone leads with made-up contact details.
"""

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from admissions.models import Lead, RoutingState, Source
from admissions.services import lead_create


@dataclass(frozen=True, slots=True)
class RouteLatency:
    """Seconds from a lead's creation (just before its commit) to its routing."""

    count: int
    assigned: int  # leads that got a counsellor (the rest found everyone at capacity)
    p50: float
    p95: float
    slowest: float

    def __str__(self) -> str:
        return (
            f"route latency over {self.count} leads ({self.assigned} assigned): "
            f"p50 {self.p50 * 1000:.0f} ms, p95 {self.p95 * 1000:.0f} ms, "
            f"max {self.slowest * 1000:.0f} ms"
        )


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with ``fraction`` of values at or below."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def measure_route_latency(
    answers: Sequence[Mapping[str, Any]],
    *,
    count: int = 200,
    pause: float = 0.0,
    timeout: float = 120.0,
) -> RouteLatency:
    """Create ``count`` leads (cycling through ``answers``) and time their routing.

    ``pause`` seconds separate submissions (0 sends them back to back, the harder case for a
    single worker). Raises ``TimeoutError`` if some lead is still pending after ``timeout``.
    """
    lead_ids = []
    for number in range(count):
        lead = lead_create(
            answers=answers[number % len(answers)],
            contact={"first_name": "Latency", "phone": f"555-01{number % 100:02d}-{number:04d}"},
            source=Source.PHONE,
            consent_version="latency-measurement",
            consent_to_texts=False,
        )
        lead_ids.append(lead.pk)
        if pause:
            time.sleep(pause)

    deadline = time.monotonic() + timeout
    leads = Lead.objects.filter(pk__in=lead_ids)
    while leads.filter(routing_state=RoutingState.PENDING).exists():
        if time.monotonic() > deadline:
            pending = leads.filter(routing_state=RoutingState.PENDING).count()
            raise TimeoutError(f"{pending} of {count} leads still pending after {timeout} s")
        time.sleep(0.1)

    rows = list(leads.values_list("created_at", "routed_at", "assigned_to_id"))
    waits = [(routed - created).total_seconds() for created, routed, _ in rows if routed]
    return RouteLatency(
        count=len(rows),
        assigned=sum(1 for *_, assignee in rows if assignee is not None),
        p50=percentile(waits, 0.50),
        p95=percentile(waits, 0.95),
        slowest=max(waits),
    )
