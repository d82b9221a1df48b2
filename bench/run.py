"""`make bench`: build a fresh bench database, start the real stack, drive it, report.

    python -m bench.run            # the full benchmark (100,000 leads, 20 people at once)
    python -m bench.run --smoke    # ten seconds of tiny data: proves the harness still works

Steps: check PostgreSQL and Redis, drop and create the bench database, migrate, collect static
files, seed leads and staff, start gunicorn and one Celery worker on 127.0.0.1, run the baseline,
intake and queue scenarios, measure routing, queries and the queue's query plan, time the
screening rules, print a table and write the results JSON. Whatever it started is stopped on the
way out, on success, failure or Ctrl-C.
"""

import argparse
import asyncio
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import pyotp

from bench import scenarios
from bench.cpu import PARTS, CpuMeter
from bench.load import Stats
from bench.scenarios import Load

REPO = Path(__file__).resolve().parent.parent
CORES = os.cpu_count() or 1
VENV_BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/doorway_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/5"
DEFAULT_OUTPUT = REPO / "bench" / "results.json"
READY_TIMEOUT_SECONDS = 60
ROUTE_WAIT_SECONDS = 120
STOP_TIMEOUT_SECONDS = 15
# Leads measured for routing arrive this far apart: twenty a second, far above a real centre.
ROUTE_PAUSE_SECONDS = 0.05
# Searches timed over the whole table (a caller's name, email or phone number in turn).
SEARCHES = 20
# Times the reporting page is opened for its p95.
REPORT_VIEWS = 20
# How long a real person spends on one step (reading, choosing, tapping Continue): used to say
# how many people filling the form at once the measured capacity stands for.
HUMAN_SECONDS_PER_STEP = 10
# What staff open, each then paged on: the open leads (the default), every lead whatever its
# status, the open urgent ones, the open normal-priority ones, the residential ones.
QUEUE_VIEWS = [
    "/staff/",
    "/staff/?status=",
    "/staff/?priority=urgent",
    "/staff/?priority=normal",
    "/staff/?status=&level=residential",
]

# The keys the results file promises, in the order the table prints them.
RESULT_KEYS = (
    # Twenty people at once, a page a second each (the wait a person sees) ...
    "intake_submit_p95_ms",
    # ... and twenty clients clicking without pause, the machine saturated (capacity).
    "intake_submit_p95_ms_saturated",
    "intake_rps",
    # The fair limit: bare Django doing a step's work (a small form, the database session, a
    # redirect and a step-sized page), measured in the same run, taking turns with the intake.
    "session_baseline_rps",
    "intake_vs_session_baseline",
    # The one-INSERT view, kept as information: it does far less than a step.
    "baseline_rps",
    "intake_vs_baseline_throughput",
    "errors",
    "queue_p95_ms_100k",
    "queue_queries",
    "queue_index_scan",
    # Searching all leads by name, email or phone digits (the real view, in-process).
    "queue_search_p95_ms_100k",
    # The reporting page for a quarter, over two years of daily figures (the real view,
    # in-process), and the most queries any period asks ...
    "reports_p95_ms_2y",
    "reports_queries",
    # ... and for this week, the last 4 weeks and a custom two years (mid-week to mid-week).
    "reports_p95_ms_week",
    "reports_p95_ms_4weeks",
    "reports_p95_ms_custom_2y",
    # The supervisors' dashboard over every lead (the real view, in-process).
    "dashboard_p95_ms",
    # How many leads the figures above were measured over: 100,000 unless BENCH_LEADS says
    # otherwise (the "_100k" names are kept for comparison between runs).
    "leads",
    "route_p95_ms",
    "screening_per_s",
    # Where the throughput ratio comes from: CPU per POST on the whole machine (web workers,
    # Celery worker, PostgreSQL, Redis, load generator). On a CPU-bound machine the ratio cannot
    # exceed their quotient.
    "baseline_cpu_ms_per_post",
    "session_baseline_cpu_ms_per_step",
    "intake_cpu_ms_per_step_post",
    # Peak resident memory (VmHWM) of the busiest gunicorn worker and Celery process.
    "web_worker_rss_mb_max",
    "celery_rss_mb_max",
)
# Targets on a two-core machine: (comparison, value).
TARGETS: dict[str, tuple[str, float]] = {
    "intake_submit_p95_ms": ("<=", 150),
    "intake_vs_session_baseline": (">=", 0.5),
    "errors": ("==", 0),
    "queue_p95_ms_100k": ("<=", 150),
    "queue_queries": ("<=", 10),
    "queue_index_scan": ("==", True),
    "queue_search_p95_ms_100k": ("<=", 100),
    "dashboard_p95_ms": ("<=", 300),
    "route_p95_ms": ("<=", 1000),
    "reports_p95_ms_2y": ("<=", 300),
    "reports_queries": ("<=", 15),
    "reports_p95_ms_week": ("<=", 300),
    "reports_p95_ms_4weeks": ("<=", 300),
    "reports_p95_ms_custom_2y": ("<=", 300),
    "web_worker_rss_mb_max": ("<=", 150),
}


@dataclass(frozen=True)
class Profile:
    """How big and how long: the full benchmark, or the smoke run that keeps it from rotting."""

    leads: int
    counsellors: int
    web_workers: int
    # How many times baseline and intake take turns.
    turns: int
    warm_up: Load
    baseline: Load
    session_baseline: Load
    intake: Load
    # The same people at (much faster than) a human pace: the wait a person actually sees.
    intake_paced: Load
    queue: Load
    route_leads: int
    screening_answers: int
    # Days of daily report figures the reporting page is measured over.
    report_days: int


def leads_from(value: str) -> int:
    """BENCH_LEADS as a count of leads (underscores and commas allowed: 1_000_000)."""
    try:
        leads = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        leads = 0
    if leads < 1_000:
        raise SystemExit(f"BENCH_LEADS must be a whole number of at least 1000, not {value!r}.")
    return leads


def _profiles() -> dict[str, Profile]:
    cores = CORES
    return {
        "full": Profile(
            leads=100_000,
            counsellors=20,
            web_workers=2 * cores + 1,
            turns=3,
            warm_up=Load(users=2 * cores + 1, seconds=30, max_rounds=2 * (2 * cores + 1)),
            baseline=Load(users=20, seconds=7, max_rounds=100_000),
            session_baseline=Load(users=20, seconds=10, max_rounds=100_000),
            intake=Load(users=20, seconds=20, max_rounds=10_000),
            # Twenty people filling the form at once, a page a second: several times quicker than
            # anyone reads a question.
            intake_paced=Load(users=20, seconds=60, max_rounds=10_000, think_seconds=1.0),
            # Ten staff clicking every half second: far busier than a real admissions team.
            queue=Load(users=10, seconds=20, max_rounds=20_000, think_seconds=0.5),
            route_leads=200,
            screening_answers=10_000,
            report_days=2 * 365,
        ),
        "smoke": Profile(
            leads=300,
            counsellors=4,
            web_workers=2,
            turns=1,
            warm_up=Load(users=2, seconds=10, max_rounds=2),
            baseline=Load(users=4, seconds=1, max_rounds=40),
            session_baseline=Load(users=2, seconds=1, max_rounds=20),
            intake=Load(users=2, seconds=30, max_rounds=2),
            intake_paced=Load(users=2, seconds=30, max_rounds=2, think_seconds=0.05),
            queue=Load(users=2, seconds=5, max_rounds=4),
            route_leads=5,
            screening_answers=200,
            report_days=30,
        ),
    }


# --- Environment ------------------------------------------------------------------------------


def bench_environment(database_url: str, redis_url: str, static_root: str) -> dict[str, str]:
    """Production mode on loopback: a throwaway secret, plain HTTP, generous per-IP limits
    (every simulated person comes from 127.0.0.1)."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "DOORWAY_RATE_INTAKES": "1000000/h",
        "DOORWAY_RATE_STEPS": "1000000/h",
        "BENCH_STATIC_ROOT": static_root,
    }


def check_services(env: dict[str, str]) -> None:
    """Stop with the project's one-line message when PostgreSQL or Redis is down."""
    result = subprocess.run(
        [sys.executable, str(REPO / "bin" / "check-services")], env={**os.environ, **env}
    )
    if result.returncode:
        raise SystemExit(result.returncode)


def recreate_database(database_url: str) -> None:
    """Drop and create the bench database (only ever one whose name says it is a bench)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    connection = psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def flush_redis(redis_url: str) -> None:
    """Empty the bench's own Redis database: no task or rate count left from an earlier run."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- Processes --------------------------------------------------------------------------------


class Stack:
    """gunicorn and one Celery worker, each in its own process group, logs in a scratch dir."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = {**os.environ, **env}
        self.logs = logs
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str]) -> None:
        log = (self.logs / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited early:\n{self.tail(name)}")

    def tail(self, name: str, lines: int = 30) -> str:
        path = self.logs / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """SIGTERM each group, wait, then SIGKILL whatever is left."""
        for process in self.processes.values():
            if process.poll() is None:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def start_web(stack: Stack, port: int, workers: int) -> str:
    stack.start(
        "gunicorn",
        [
            str(VENV_BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ],
    )
    return f"http://127.0.0.1:{port}"


def start_worker(stack: Stack, concurrency: int) -> None:
    stack.start(
        "celery",
        [
            str(VENV_BIN / "celery"),
            "-A",
            "config",
            "worker",
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"bench-{os.getpid()}@%h",
        ],
    )


def wait_until_ready(stack: Stack, base_url: str) -> None:
    """Until /healthz answers 200 and the worker answers a ping."""
    from config.celery import app

    ends = time.monotonic() + READY_TIMEOUT_SECONDS
    web_ready = worker_ready = False
    while time.monotonic() < ends and not (web_ready and worker_ready):
        stack.check_alive()
        if not web_ready:
            with suppress(httpx.HTTPError):
                web_ready = httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200
        if not worker_ready:
            worker_ready = bool(app.control.ping(timeout=0.5))
        if not (web_ready and worker_ready):
            time.sleep(0.2)
    if not (web_ready and worker_ready):
        stack.check_alive()
        waiting = "gunicorn" if not web_ready else "celery"
        raise RuntimeError(f"{waiting} did not become ready in time:\n{stack.tail(waiting)}")


# --- In-process measurements ------------------------------------------------------------------


def wait_for_routing(after_lead_id: int) -> tuple[int, int]:
    """Wait (bounded) until the worker has routed every lead the intake created.

    Returns how many leads the intake created and how many are still unrouted.
    """
    from admissions.models import Lead, RoutingState

    leads = Lead.objects.filter(pk__gt=after_lead_id)
    ends = time.monotonic() + ROUTE_WAIT_SECONDS
    while time.monotonic() < ends and leads.filter(routing_state=RoutingState.PENDING).exists():
        time.sleep(0.2)
    return leads.count(), leads.filter(routing_state=RoutingState.PENDING).count()


def route_latency(count: int) -> Any:
    """Commit to assignment with the running worker: ``count`` leads, twenty a second."""
    import random

    from admissions.latency import measure_route_latency
    from bench.answers import realistic_answers

    rng = random.Random(11)
    answers = [realistic_answers(rng) for _ in range(50)]
    return measure_route_latency(answers, count=count, pause=ROUTE_PAUSE_SECONDS, timeout=120)


_PLAN_TIME = re.compile(r"Execution Time: ([0-9.]+) ms")
_PLAN_REMOVED = re.compile(r"Rows Removed by Filter: ([0-9]+)")


def _per(spent: Counter[str], count: int) -> dict[str, float]:
    """CPU milliseconds per request (or per POST) of each part, and their total."""
    parts = {part: round(1000 * spent[part] / count, 2) if count else 0.0 for part in PARTS}
    return {**parts, "total": round(sum(parts.values()), 2)}


def signed_in_client(username: str, password: str, totp_secret: str):
    """An in-process client signed in as staff sign in: the password, then the app's code."""
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    client.post(scenarios.LOGIN_PATH, {"login": username, "password": password})
    for _attempt in range(2):
        response = client.post(scenarios.SECOND_STEP_PATH, {"code": pyotp.TOTP(totp_secret).now()})
        if response.status_code == 302:
            return client
        # On a loaded machine the code can expire between making and checking it: wait for
        # the next one (a code is taken once, and only within its own 30 seconds).
        time.sleep(30 - time.time() % 30 + 1)
    raise RuntimeError(f"{username} could not sign in ({response.status_code})")


def queue_queries_and_plan(client) -> dict[str, Any]:
    """Queries per queue page (the real view, in-process) and the plans of its lead queries.

    The index check covers the queries that list leads (ordered) for every view staff open in
    the queue scenario, first page and the page "Next" opens. The capped count is reported with
    them but not judged: stopping after a thousand rows is cheap whichever way it reads them.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from admissions.models import Lead

    # Warm up: a process's first request loads translations and fills caches.
    client.get(scenarios.QUEUE_PATH)
    with CaptureQueriesContext(connection) as default_page:
        response = client.get(scenarios.QUEUE_PATH)
    status = response.status_code
    captured: list[dict[str, str]] = []
    for view in QUEUE_VIEWS:
        with CaptureQueriesContext(connection) as first:
            response = client.get(view)
        captured += first.captured_queries
        link = scenarios.next_page(response.content.decode())
        if link:
            with CaptureQueriesContext(connection) as following:
                client.get(urljoin(view, link))
            captured += following.captured_queries
    table = Lead._meta.db_table
    plans: dict[str, str] = {}
    listing_ok = True
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if not sql.startswith("SELECT") or f'FROM "{table}"' not in sql or sql in plans:
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            plans[sql] = plan
            if "ORDER BY" in sql and f"Seq Scan on {table}" in plan:
                listing_ok = False
    summary = sorted(
        (
            {
                "execution_ms": float(_PLAN_TIME.search(plan).group(1)),
                "rows_removed_by_filter": sum(int(n) for n in _PLAN_REMOVED.findall(plan)),
                "sql": sql,
            }
            for sql, plan in plans.items()
        ),
        key=lambda item: -item["execution_ms"],
    )
    return {
        "plan_summary": summary,
        "queue_queries": len(default_page.captured_queries),
        "queue_status": status,
        "queue_index_scan": listing_ok and any("ORDER BY" in sql for sql in plans),
        "plans": plans,
    }


def search_p95_ms(client) -> float:
    """Staff searching every lead (open or not) for one caller by name, email or phone number:
    the real view in-process, from the search POST's redirect to the rendered results page."""
    from django.db.models import Max, Min

    from admissions.models import Lead
    from bench.load import percentile

    span = Lead.objects.aggregate(first=Min("pk"), last=Max("pk"))
    spread = range(
        span["first"], span["last"] + 1, max(1, (span["last"] - span["first"]) // SEARCHES)
    )
    words = []
    for number, lead in enumerate(Lead.objects.filter(pk__in=spread).order_by("pk")[:SEARCHES]):
        # What a counsellor types for a caller: the full name, the email or the phone number.
        # A lead may lack some of them: search by what it has.
        name = f"{lead.first_name} {lead.last_name}".strip()
        found = [word for word in (name, lead.email, lead.phone) if word]
        if found:
            words.append(found[number % len(found)])
    timings = []
    for word in [words[0], *words]:  # the first search warms the process up
        moved = client.post(f"{scenarios.QUEUE_PATH}?status=", {"q": word})
        started = time.perf_counter()
        client.get(moved["Location"])
        timings.append((time.perf_counter() - started) * 1000)
    return percentile(timings[1:], 95)


# The reporting page's periods: the presets, and a custom two years that starts and ends
# mid-week and mid-month (so it reads whole weeks and ragged days at both ends).
REPORT_PERIODS = {
    "week": "range=week",
    "4weeks": "range=4weeks",
    "quarter": "range=quarter",
    "custom_2y": None,
}


def _mid_week_mid_month(day: date, step: int) -> date:
    while day.weekday() in (0, 6) or day.day == 1 or (day + timedelta(days=1)).day == 1:
        day += timedelta(days=step)
    return day


def _custom_two_years(today: date) -> str:
    end = _mid_week_mid_month(today, -1)
    start = _mid_week_mid_month(end - timedelta(days=2 * 365 - 14), 1)
    return f"range=custom&start={start.isoformat()}&end={end.isoformat()}"


def reports_figures(client, days: int) -> tuple[dict[str, float], dict[str, Any]]:
    """The reporting page for this week, the last 4 weeks, this quarter and a custom two years
    (shown by month), after ``days`` days of figures and their weekly and monthly sums: p95 of
    the real view in-process, each time computed afresh (the cache emptied: the first look
    after a rebuild), and the queries of the longest. Returns the results and, for the
    details, each period's median."""
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.load import percentile
    from bench.report_figures import seed_report_figures
    from reporting.aggregates import rebuild_months, rebuild_weeks

    today = timezone.localdate()
    counsellors = list(
        User.objects.filter(username__startswith="bench-counsellor-").values_list("pk", flat=True)
    )
    rows = seed_report_figures(counsellor_ids=counsellors, days=days, today=today)
    rebuild_weeks(today - timedelta(days=days - 1), today)
    rebuild_months(today - timedelta(days=days - 1), today)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) reporting_dailyfigure")
        cursor.execute("VACUUM (ANALYZE) reporting_weeklyfigure")
        cursor.execute("VACUUM (ANALYZE) reporting_monthlyfigure")
    results: dict[str, float] = {}
    medians: dict[str, float] = {}
    for name, query in REPORT_PERIODS.items():
        path = f"/staff/reports/?{query or _custom_two_years(today)}"
        client.get(path)  # warms the process up
        timings = []
        for _ in range(REPORT_VIEWS):
            cache.clear()
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"the reporting page answered {response.status_code}")
        # The quarter keeps its old name, for comparison between runs.
        results["reports_p95_ms_2y" if name == "quarter" else f"reports_p95_ms_{name}"] = (
            percentile(timings, 95)
        )
        medians[name] = percentile(timings, 50)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        results["reports_queries"] = max(results.get("reports_queries", 0), len(queries))
    # In the order results.json lists them, whatever order the periods were measured in.
    ordered = {key: results[key] for key in RESULT_KEYS if key in results}
    return ordered, {"reports_median_ms": medians, "report_figure_rows": rows}


DASHBOARD_PATH = "/staff/dashboard/"
DASHBOARD_VIEWS = 20


def dashboard_p95_ms(client) -> float:
    """The supervisors' dashboard over every lead: the real view in-process, after a warm-up."""
    from bench.load import percentile

    client.get(DASHBOARD_PATH)
    timings = []
    for _ in range(DASHBOARD_VIEWS):
        started = time.perf_counter()
        response = client.get(DASHBOARD_PATH)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"the dashboard answered {response.status_code}")
    return percentile(timings, 95)


def peak_memory_mb(web_pid: int, worker_pid: int) -> dict[str, Any]:
    """The peak resident memory (VmHWM) of each gunicorn worker and each Celery process so far."""
    from bench.cpu import children, peak_rss_mb

    web = {pid: peak_rss_mb(pid) for pid in children(web_pid)}
    celery = {pid: peak_rss_mb(pid) for pid in [worker_pid, *children(worker_pid)]}
    return {
        "web_workers": sorted(web.values()),
        "web_worker_max": max(web.values(), default=0.0),
        "celery": sorted(celery.values()),
        "celery_max": max(celery.values(), default=0.0),
    }


def screening_rate(answers: int) -> float:
    from screening.bench import run_bench

    return run_bench(generated=answers)["screening_per_s"]


# --- Report -----------------------------------------------------------------------------------


def verdict(key: str, value: Any) -> str:
    if key not in TARGETS:
        return ""
    comparison, target = TARGETS[key]
    passed = {
        "<=": lambda: value <= target,
        ">=": lambda: value >= target,
        "==": lambda: value == target,
    }[comparison]()
    shown = str(target).lower() if isinstance(target, bool) else f"{target:g}"
    return f"{'pass' if passed else 'MISS'} ({comparison} {shown})"


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"


def table(results: dict[str, Any]) -> str:
    rows = [(key, format_value(results[key]), verdict(key, results[key])) for key in RESULT_KEYS]
    width = max(len(key) for key in RESULT_KEYS)
    lines = [f"{'figure':<{width}}  {'value':>12}  target", "-" * (width + 30)]
    lines += [f"{key:<{width}}  {value:>12}  {target}" for key, value, target in rows]
    return "\n".join(lines)


# --- The run ----------------------------------------------------------------------------------


@contextmanager
def terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM (from make or a CI runner) into SystemExit so the cleanup runs."""

    def _exit(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


_STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[bench {time.monotonic() - _STARTED:5.1f} s] {message}", flush=True)


def run(profile: Profile, database_url: str, redis_url: str) -> tuple[dict[str, Any], dict]:
    """Everything from the empty database to the figures; returns (results, details).

    Logs and details stay in a scratch directory; the collected static files do not.
    """
    scratch = Path(tempfile.mkdtemp(prefix="doorway-bench-"))
    try:
        return _measure(profile, database_url, redis_url, scratch)
    finally:
        shutil.rmtree(scratch / "static", ignore_errors=True)


def _measure(
    profile: Profile, database_url: str, redis_url: str, scratch: Path
) -> tuple[dict[str, Any], dict]:
    env = bench_environment(database_url, redis_url, str(scratch / "static"))
    check_services(env)
    os.environ.update(env)
    recreate_database(database_url)
    flush_redis(redis_url)

    import django

    django.setup()
    from django.core.management import call_command

    from admissions.models import Lead
    from bench.seed import seed

    log("migrating and collecting static files")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    password = secrets.token_urlsafe(16)
    totp_secret = pyotp.random_base32()
    stack = Stack(env, scratch)
    # Other work on the machine moves every figure: say how busy it was.
    details: dict[str, Any] = {"logs": str(scratch), "load_average_before": os.getloadavg()}
    try:
        # The servers boot while the leads load; nothing talks to them until both are done.
        base_url = start_web(stack, free_port(), profile.web_workers)
        start_worker(stack, concurrency=CORES)
        started = time.monotonic()
        # Three accounts sign in in-process (query plans, searches, reports), one per queue
        # browser.
        supervisors = seed(
            leads=profile.leads,
            counsellors=profile.counsellors,
            password=password,
            supervisors=profile.queue.users + 3,
            totp_secret=totp_secret,
        )
        planner, searcher, reporter, *browsing = [user.username for user in supervisors]
        log(f"seeded {profile.leads:,} leads in {time.monotonic() - started:.1f} s")
        wait_until_ready(stack, base_url)
        log(f"gunicorn ({profile.web_workers} workers) and one Celery worker are up")

        stats = {
            name: Stats()
            for name in (
                "warm-up",
                "baseline",
                "session_baseline",
                "intake",
                "intake_paced",
                "queue",
            )
        }
        counts: Counter[str] = Counter()
        cpu_share: dict[str, float] = {}
        meter = CpuMeter(stack.processes["gunicorn"].pid, stack.processes["celery"].pid)
        # Per scenario: CPU seconds of each part, summed over its turns.
        cpu_spent: dict[str, Counter[str]] = {name: Counter() for name in stats}

        def measure(name: str, scenario: Coroutine) -> dict[str, Any]:
            log(f"scenario: {name}")
            kind = name.split()[0]
            before, started = meter.sample(), time.perf_counter()
            found, recorded = asyncio.run(scenario)
            after = meter.sample()
            # The load generator shares the machine: how much of one core it used.
            share = (after.load_generator - before.load_generator) / (time.perf_counter() - started)
            cpu_share[kind] = max(share, cpu_share.get(kind, 0.0))
            cpu_spent[kind].update(after.since(before))
            stack.check_alive()
            stats[kind].merge(recorded)
            return found

        # Every gunicorn worker compiles its templates and loads its translations once.
        measure("warm-up", scenarios.intake(base_url, profile.warm_up, seed=3))
        before_intake = Lead.objects.order_by("-pk").values_list("pk", flat=True).first()
        # Baseline and intake take turns, so a neighbour's burst of work hits both alike.
        for turn in range(1, profile.turns + 1):
            of = f"{turn}/{profile.turns}"
            counts.update(measure(f"baseline {of}", scenarios.baseline(base_url, profile.baseline)))
            counts.update(
                measure(
                    f"session_baseline {of}",
                    scenarios.session_baseline(base_url, profile.session_baseline),
                )
            )
            counts.update(
                measure(f"intake {of}", scenarios.intake(base_url, profile.intake, seed=7 + turn))
            )
        paced = measure("intake_paced", scenarios.intake(base_url, profile.intake_paced, seed=5))
        figures: dict[str, Any] = measure(
            "queue",
            scenarios.queue(base_url, profile.queue, browsing, password, totp_secret, QUEUE_VIEWS),
        )
        intake_leads, unrouted = wait_for_routing(before_intake or 0)
        log(f"measuring routing over {profile.route_leads} leads")
        routing = route_latency(profile.route_leads)
        memory = peak_memory_mb(stack.processes["gunicorn"].pid, stack.processes["celery"].pid)
    finally:
        stack.stop()
    log("stack stopped; measuring queries, query plan and the screening rules")
    measured = queue_queries_and_plan(signed_in_client(planner, password, totp_secret))
    search_ms = search_p95_ms(signed_in_client(searcher, password, totp_secret))
    log(f"measuring the reporting page over {profile.report_days} days of figures")
    reporting = signed_in_client(reporter, password, totp_secret)
    reports, report_details = reports_figures(reporting, profile.report_days)
    dashboard_ms = dashboard_p95_ms(signed_in_client(planner, password, totp_secret))
    session_baseline_rps = counts["session_baseline_steps"] / counts["session_baseline_seconds"]
    baseline_rps = counts["baseline_posts"] / counts["baseline_seconds"]
    step_posts_per_s = counts["intake_step_posts_in_window"] / counts["intake_seconds"]
    intake_step_posts = sum(
        len(stats["intake"].latencies_ms[label]) for label in ("intake_step", "intake_submit")
    )
    cpu_ms = {
        "baseline_per_post": _per(cpu_spent["baseline"], stats["baseline"].requests),
        "session_baseline_per_step": _per(
            cpu_spent["session_baseline"],
            len(stats["session_baseline"].latencies_ms["session_baseline_post"]),
        ),
        "intake_per_request": _per(cpu_spent["intake"], stats["intake"].requests),
        "intake_per_step_post": _per(cpu_spent["intake"], intake_step_posts),
        "queue_per_page": _per(cpu_spent["queue"], stats["queue"].requests),
    }
    figures.update(
        baseline_p95_ms=stats["baseline"].p95("baseline_post"),
        session_baseline_post_p95_ms=stats["session_baseline"].p95("session_baseline_post"),
        session_baseline_get_p95_ms=stats["session_baseline"].p95("session_baseline_get"),
        memory_mb=memory,
        intake_step_p95_ms=stats["intake"].p95("intake_step"),
        intake_get_p95_ms=stats["intake"].p95("intake_get"),
        intake_step_posts_per_s=step_posts_per_s,
        people_at_once=round(step_posts_per_s * HUMAN_SECONDS_PER_STEP),
        load_generator_cpu_share=cpu_share,
        cpu_ms=cpu_ms,
        paced_intakes_completed=paced["intakes_completed"],
        paced_step_p95_ms=stats["intake_paced"].p95("intake_step"),
        paced_get_p95_ms=stats["intake_paced"].p95("intake_get"),
        **counts,
    )
    results = {
        "intake_submit_p95_ms": stats["intake_paced"].p95("intake_submit"),
        "intake_submit_p95_ms_saturated": stats["intake"].p95("intake_submit"),
        "intake_rps": counts["intakes_in_window"] / counts["intake_seconds"],
        "session_baseline_rps": session_baseline_rps,
        "intake_vs_session_baseline": (
            step_posts_per_s / session_baseline_rps if session_baseline_rps else 0.0
        ),
        "baseline_rps": baseline_rps,
        "intake_vs_baseline_throughput": step_posts_per_s / baseline_rps if baseline_rps else 0.0,
        "errors": sum(recorded.errors for recorded in stats.values()),
        "queue_p95_ms_100k": figures["queue_p95_ms_100k"],
        "queue_queries": measured["queue_queries"],
        "queue_index_scan": measured["queue_index_scan"],
        "queue_search_p95_ms_100k": search_ms,
        **reports,
        "dashboard_p95_ms": dashboard_ms,
        "leads": profile.leads,
        "route_p95_ms": routing.p95 * 1000,
        "screening_per_s": screening_rate(profile.screening_answers),
        "baseline_cpu_ms_per_post": cpu_ms["baseline_per_post"]["total"],
        "session_baseline_cpu_ms_per_step": cpu_ms["session_baseline_per_step"]["total"],
        "intake_cpu_ms_per_step_post": cpu_ms["intake_per_step_post"]["total"],
        "web_worker_rss_mb_max": memory["web_worker_max"],
        "celery_rss_mb_max": memory["celery_max"],
    }
    details.update(
        load_average_after=os.getloadavg(),
        figures=figures,
        **report_details,
        error_samples=[sample for recorded in stats.values() for sample in recorded.error_samples],
        intake_leads=intake_leads,
        unrouted_leads=unrouted,
        routing=str(routing),
        queue_status=measured["queue_status"],
        slowest_queue_queries=measured["plan_summary"][:5],
        plans=measured["plans"],
    )
    return results, details


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny data, a few seconds")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--details", type=Path, help="where to write the details JSON")
    args = parser.parse_args(argv)
    profile = _profiles()["smoke" if args.smoke else "full"]
    if not args.smoke and os.environ.get("BENCH_LEADS"):
        profile = replace(profile, leads=leads_from(os.environ["BENCH_LEADS"]))
    started = time.monotonic()
    with terminate_cleanly():
        results, details = run(profile, args.database_url, args.redis_url)
    print()
    print(table(results))
    figures = details["figures"]
    print(
        f"\n{figures['intakes_completed'] + figures['paced_intakes_completed']:,} intakes "
        f"({details['intake_leads']:,} leads, "
        f"{details['unrouted_leads']} left unrouted), {figures['queue_pages']:,} queue pages; "
        f"{details['routing']}; finished in {time.monotonic() - started:.0f} s"
    )
    print(
        f"Capacity: {figures['intake_step_posts_per_s']:.0f} steps a second, enough for about "
        f"{figures['people_at_once']:,} people filling the form at once at "
        f"{HUMAN_SECONDS_PER_STEP} s a step"
    )
    slowest = details["slowest_queue_queries"][0]
    memory = figures["memory_mb"]
    print(
        f"Peak memory: web workers {', '.join(f'{mb:.0f}' for mb in memory['web_workers'])} MB; "
        f"Celery {', '.join(f'{mb:.0f}' for mb in memory['celery'])} MB"
    )
    print(
        f"Slowest queue query: {slowest['execution_ms']:.1f} ms, "
        f"{slowest['rows_removed_by_filter']:,} rows read and thrown away"
    )
    for name, parts in figures["cpu_ms"].items():
        shown = ", ".join(f"{part} {value:.2f}" for part, value in parts.items())
        print(f"CPU ms {name.replace('_', ' ')}: {shown}")
    before, after = details["load_average_before"][0], details["load_average_after"][0]
    print(f"Machine load average (1 min): {before:.1f} before, {after:.1f} after, on {CORES} cores")
    for sample in details["error_samples"][:10]:
        print(f"  error: {sample}")
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    details_path = args.details or Path(details["logs"]) / "details.json"
    details_path.write_text(json.dumps(details, indent=2, default=str) + "\n")
    print(f"Wrote {args.output}; query plans, logs and details in {details_path.parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
