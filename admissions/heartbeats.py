"""When the background jobs last ran: each job writes its time, the status page reads them.

The worker's heartbeat is a small task the scheduler sends every half minute, so it shows the
whole chain working: scheduler, broker and a worker that takes tasks and reaches the database.
"""

from datetime import datetime

from django.utils import timezone

from admissions.models import Heartbeat

WORKER = "worker"
SWEEPER = "sweeper"


def heartbeat_record(job: str) -> None:
    """Note that ``job`` ran just now."""
    Heartbeat.objects.update_or_create(job=job, defaults={"at": timezone.now()})


def heartbeats() -> dict[str, datetime]:
    """The last time each job ran, by job name (a job that never ran is absent)."""
    return dict(Heartbeat.objects.values_list("job", "at"))
