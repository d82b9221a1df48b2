"""Production settings plus the baseline view, used only by `make bench`.

Everything production has stays on (DEBUG off, CSRF, sessions, the manifest static storage);
the benchmark only adds the baseline app and its URL, and may collect static files elsewhere.
"""

from config.env import env_str
from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS, STATIC_ROOT

INSTALLED_APPS = [*INSTALLED_APPS, "bench.baseline"]
ROOT_URLCONF = "bench.urls"
STATIC_ROOT = env_str("BENCH_STATIC_ROOT") or STATIC_ROOT
