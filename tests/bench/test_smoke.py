"""The benchmark harness, end to end on tiny data, so `make bench` cannot rot unnoticed.

It really starts gunicorn and a Celery worker against its own database (doorway_bench_smoke) and
a Redis database of its own, drives every scenario briefly and checks the results file, not the
speed.
"""

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

from bench.run import RESULT_KEYS
from tests.conftest import REPO_ROOT
from tests.reliability.conftest import redis_url as redis_url_at

SMOKE_DATABASE = "doorway_bench_smoke"
SMOKE_REDIS_DB = 6


def _with_path(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{path}"))


def test_bench_smoke_run_drives_every_scenario_and_writes_every_figure(tmp_path):
    database_url = _with_path(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/doorway"),
        SMOKE_DATABASE,
    )
    redis_url = redis_url_at(SMOKE_REDIS_DB)
    output, details_path = tmp_path / "results.json", tmp_path / "details.json"
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--smoke",
            "--database-url",
            database_url,
            "--redis-url",
            redis_url,
            "--output",
            str(output),
            "--details",
            str(details_path),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]

    results = json.loads(output.read_text())
    assert list(results) == list(RESULT_KEYS)
    assert isinstance(results["queue_index_scan"], bool)
    for key in RESULT_KEYS:
        assert isinstance(results[key], int | float), key
    assert results["errors"] == 0, finished.stdout
    details = json.loads(details_path.read_text())
    figures = details["figures"]
    assert figures["intakes_completed"] >= 1
    assert figures["queue_pages"] >= 1
    assert figures["paced_intakes_completed"] >= 1
    assert details["intake_leads"] == (
        figures["intakes_completed"] + figures["paced_intakes_completed"]
    )
    assert details["unrouted_leads"] == 0
    assert details["queue_status"] == 200
    assert results["intake_rps"] > 0
    assert results["baseline_rps"] > 0
    assert results["route_p95_ms"] > 0
    assert results["screening_per_s"] > 0
    assert results["intake_cpu_ms_per_step_post"] > results["baseline_cpu_ms_per_post"] > 0
    # The same-work baseline ran, in turns with the intake, and its ratio is reported.
    assert results["session_baseline_rps"] > 0
    assert results["session_baseline_cpu_ms_per_step"] > results["baseline_cpu_ms_per_post"]
    assert results["intake_vs_session_baseline"] > 0
    assert figures["session_baseline_steps"] >= 1
    assert results["dashboard_p95_ms"] > 0
    assert results["leads"] == 300
    # Each gunicorn worker's and the Celery worker's peak memory, read from the live processes.
    assert len(figures["memory_mb"]["web_workers"]) == 2
    assert results["web_worker_rss_mb_max"] > 0
    assert results["celery_rss_mb_max"] > 0
    assert figures["cpu_ms"]["intake_per_request"]["web"] > 0
    assert "intake_submit_p95_ms" in finished.stdout
