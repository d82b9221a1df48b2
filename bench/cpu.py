"""CPU time spent by each part of the stack while a scenario runs (Linux ``/proc``).

Throughput on a shared two-core machine swings with whatever else runs; CPU milliseconds per
request do not, and they say where the time goes: the web workers, the Celery worker, PostgreSQL,
Redis, or the load generator (which shares the cores with the server it measures).
"""

import os
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str]:
    """The fields of ``/proc/<pid>/stat`` after the command name (empty when it is gone)."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return []
    # The command name is in parentheses and may hold spaces: split after its closing one.
    return stat.rsplit(")", 1)[1].split()


def _tree_seconds(pid: int) -> float:
    """CPU of a process and all its descendants, the exited ones included.

    An exited child's time moves into its parent's "children" counters once it is reaped, so
    counting the live children plus those counters never loses a worker or a database backend
    that comes and goes between two samples.
    """
    fields = _stat(pid)
    if not fields:
        return 0.0
    own_and_exited = sum(int(value) for value in fields[11:15]) / _TICKS_PER_SECOND
    return own_and_exited + sum(_tree_seconds(child) for child in _children(pid))


def children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (gunicorn's workers, Celery's pool)."""
    return _children(pid)


def peak_rss_mb(pid: int) -> float:
    """The peak resident memory of ``pid`` so far (VmHWM), in MB; 0.0 when it is gone."""
    try:
        status = (PROC / str(pid) / "status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _children(pid: int) -> list[int]:
    try:
        listed = (PROC / str(pid) / "task" / str(pid) / "children").read_text()
    except OSError:
        return []
    return [int(child) for child in listed.split()]


def _roots(command: str) -> list[int]:
    """Processes named ``command`` whose parent is not: the postmaster, a server's main process."""
    named = set()
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == command:
                    named.add(int(entry.name))
            except OSError:
                continue
    return [pid for pid in named if (fields := _stat(pid)) and int(fields[1]) not in named]


@dataclass(frozen=True)
class Sample:
    """Cumulative CPU seconds at one moment."""

    web: float
    worker: float
    database: float
    cache: float
    load_generator: float

    def since(self, before: "Sample") -> dict[str, float]:
        """CPU seconds each part spent from ``before`` to this sample."""
        return {part: getattr(self, part) - getattr(before, part) for part in PARTS}


PARTS = tuple(Sample.__dataclass_fields__)


class CpuMeter:
    """Reads the CPU of gunicorn (``web_pid`` and its workers), the Celery worker (``worker_pid``
    and its pool), PostgreSQL and Redis (every server on the machine), and this process (the
    load generator)."""

    def __init__(self, web_pid: int, worker_pid: int) -> None:
        self.web_pid = web_pid
        self.worker_pid = worker_pid

    def sample(self) -> Sample:
        return Sample(
            web=_tree_seconds(self.web_pid),
            worker=_tree_seconds(self.worker_pid),
            database=sum(_tree_seconds(pid) for pid in _roots("postgres")),
            cache=sum(_tree_seconds(pid) for pid in _roots("redis-server")),
            load_generator=time.process_time(),
        )
