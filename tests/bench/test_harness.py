"""The load generator's parsing and form filling, without a server."""

import os
import random
import subprocess
import sys

import pytest

from bench.cpu import CpuMeter, children, peak_rss_mb
from bench.load import csrf_form, percentile
from bench.run import leads_from
from bench.scenarios import fill, next_page

STEP_PAGE = """
<form method="post" action="/i18n/setlang/"><input type="hidden" name="csrfmiddlewaretoken"
 value="lang-token"><select name="language"><option value="en">English</option></select></form>
<form method="post" action="/screen/step/substances/" id="step-form">
  <input type="hidden" name="csrfmiddlewaretoken" value="step-token">
  <input type="checkbox" name="substances" value="alcohol">
  <input type="checkbox" name="substances" value="opioids">
  <input type="radio" name="frequency" value="daily">
  <input type="radio" name="frequency" value="weekly">
  <select name="primary_substance"><option value="">--</option>
    <option value="alcohol">Alcohol</option><option value="opioids">Opioids</option></select>
  <input type="text" name="website" value="">
  <textarea name="message">Hello &amp; thanks</textarea>
  <button type="submit" name="action" value="next">Next</button>
</form>
"""


def test_the_wizard_form_is_found_by_its_action_not_the_first_form_with_a_token():
    form = csrf_form(STEP_PAGE, "/screen/step/")
    assert form is not None
    assert form.action == "/screen/step/substances/"
    assert form.fields["csrfmiddlewaretoken"] == ["step-token"]
    assert form.options["substances"] == ["alcohol", "opioids"]
    assert form.fields["message"] == ["Hello & thanks"]
    assert "action" not in form.types


def test_a_person_ticks_what_they_meant_and_answers_the_rest_sensibly():
    form = csrf_form(STEP_PAGE, "/screen/step/")
    wanted = {"substances": ["opioids", "cannabis"], "frequency": ["weekly"], "website": ["x"]}
    data = fill(form, wanted, random.Random(1))
    assert data["substances"] == ["opioids"]
    assert data["frequency"] == ["weekly"]
    assert data["primary_substance"][0] in {"alcohol", "opioids"}
    assert data["csrfmiddlewaretoken"] == ["step-token"]
    assert data["website"] == [""]  # the trap for bots stays empty


def test_the_queue_is_paged_by_its_next_link_only():
    page = (
        '<a href="/staff/export.csv?cursor=a1.2.3">Export</a>'
        '<a class="btn" rel="prev" href="?cursor=b1.2.3">Previous</a>'
        '<a class="btn" rel="next" href="?status=&amp;cursor=a4.5.6">Next</a>'
    )
    assert next_page(page) == "?status=&cursor=a4.5.6"
    assert next_page('<a href="/staff/export.csv?cursor=a1.2.3">Export</a>') is None


def test_percentile_is_the_nearest_rank():
    values = [float(number) for number in range(1, 101)]
    assert percentile(values, 95) == 95.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 95) == 0.0


def test_the_cpu_meter_counts_a_web_worker_even_after_it_has_exited():
    burn = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    meter = CpuMeter(web_pid=os.getpid(), worker_pid=os.getpid())
    before = meter.sample()
    subprocess.run([sys.executable, "-c", burn], check=True, timeout=30)
    spent = meter.sample().since(before)
    assert spent["web"] >= 0.25
    assert set(spent) == {"web", "worker", "database", "cache", "load_generator"}


def test_bench_leads_takes_a_count_with_separators_and_refuses_nonsense():
    assert leads_from("1_000_000") == 1_000_000
    assert leads_from("250,000") == 250_000
    for bad in ("a million", "10", ""):
        with pytest.raises(SystemExit, match="BENCH_LEADS"):
            leads_from(bad)


def test_peak_memory_is_read_from_each_live_process():
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; print('running', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        # Read only once the child runs Python: a process caught in the middle of its exec has
        # no memory figures yet.
        assert child.stdout.readline() == "running\n"
        assert child.pid in children(os.getpid())
        assert 1 < peak_rss_mb(child.pid) < 1000
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    assert peak_rss_mb(child.pid) == 0.0  # gone: nothing to report
