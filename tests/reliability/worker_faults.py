"""Faults the reliability tests arm in the Celery workers they start (``--include`` loads this).

Nothing here is part of Doorway. Imported by a test worker, this module wraps two functions so
that a marker file, named by an environment variable, makes the worker process die once at a
chosen moment, as a killed worker would; the next delivery finds no file and runs normally:

- ``DOORWAY_TEST_CRASH_ROUTE_ONCE``: between the routing commit and the notice;
- ``DOORWAY_TEST_CRASH_AFTER_SEND_ONCE``: just after the mail server took the notice, before
  the "notified" event is recorded.

``DOORWAY_TEST_RETRY_SCALE`` shrinks the retry schedule of ``route_lead`` by that factor, so a
test can play a long database outage in a few seconds.
"""

import functools
import os

from admissions import notifications, services, tasks


def _crash_once(variable: str) -> None:
    marker = os.environ.get(variable)
    if not marker:
        return
    try:
        os.remove(marker)
    except FileNotFoundError:
        return
    os._exit(1)


def _crash_before(function, variable: str):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        _crash_once(variable)
        return function(*args, **kwargs)

    return wrapper


def _crash_after(function, variable: str):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        _crash_once(variable)
        return result

    return wrapper


services.lead_notify_once = _crash_before(
    services.lead_notify_once, "DOORWAY_TEST_CRASH_ROUTE_ONCE"
)
notifications.send = _crash_after(notifications.send, "DOORWAY_TEST_CRASH_AFTER_SEND_ONCE")
if os.environ.get("DOORWAY_TEST_RETRY_SCALE"):
    scale = float(os.environ["DOORWAY_TEST_RETRY_SCALE"])
    tasks.RETRY_DELAYS = tuple(delay * scale for delay in tasks.RETRY_DELAYS)
