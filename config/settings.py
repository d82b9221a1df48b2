"""Doorway settings: one module, driven by environment variables (see .env.example).

Development defaults need nothing installed: a SQLite file and Celery tasks run in-process.
``DATABASE_URL`` switches to PostgreSQL, ``REDIS_URL`` to Redis for the Celery broker and the
cache. With ``DJANGO_DEBUG=false`` the secrets and hosts have no default: the app refuses to
start and names what is missing.
"""

from datetime import timedelta
from pathlib import Path

import csp.constants as csp
import dj_database_url

from config.env import env_bool, env_int, env_list, env_phone, env_rate, env_str, require

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", True)

if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "development-only-insecure-key-do-not-deploy")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    require(["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "screening",
    "programs",
    "admissions",
    "intake",
]

MIDDLEWARE = [
    "config.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "admissions.sessions.StaffSessionTimeoutMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "programs.centre.centre",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and cache -----------------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
# Without a broker every task runs in-process, so `make run` needs nothing else.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# A submission must not hang when the broker is down: fail the publish within about a second
# (the lead stays pending and the sweeper routes it once the broker is back).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0}
CELERY_BEAT_SCHEDULE = {
    "sweep-unrouted-leads": {
        "task": "admissions.tasks.sweep_unrouted",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "escalate-unclaimed-leads": {
        "task": "admissions.tasks.escalate_unclaimed",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "purge-expired-drafts": {
        "task": "intake.tasks.purge_expired_drafts",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
}
# Minutes a new lead may stay unclaimed before supervisors are alerted, by priority.
DOORWAY_ESCALATE_AFTER_MINUTES = {
    "urgent": env_int("DOORWAY_ESCALATE_URGENT_MINUTES", 15, minimum=1),
    "high": env_int("DOORWAY_ESCALATE_HIGH_MINUTES", 60, minimum=1),
    "normal": env_int("DOORWAY_ESCALATE_NORMAL_MINUTES", 240, minimum=1),
}

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "doorway",
            # A Redis that is down or hung must not hold a request: give up within a second.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -------------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/staff/login/"
LOGIN_REDIRECT_URL = "/staff/"
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Attempts during a lockout are refused without restarting the 15 minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Lock the username from that address: a wrong password elsewhere cannot lock a colleague out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Quiet start-up: management commands (e.g. `screen`) keep stderr for their own messages.
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admissions/locked_out.html"
# Staff sessions: 12 hours at most even when active, logged off after 15 idle minutes
# (both enforced by admissions.sessions; the cookie age is the same 12 hours).
SESSION_COOKIE_AGE = 12 * 60 * 60
DOORWAY_STAFF_SESSION_SECONDS = SESSION_COOKIE_AGE
DOORWAY_STAFF_IDLE_SECONDS = 15 * 60

# --- Languages and time -----------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "America/New_York")
USE_TZ = True

# --- Static files: everything served by the app itself, nothing from another origin -----------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# static/css/bootstrap.min.css is Bootstrap trimmed to what the pages use (`make css`).
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ------------------------------------------------------------------------------------

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Only for the file-based backend: the folder that receives one file per batch of messages.
EMAIL_FILE_PATH = env_str("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "doorway@localhost")
SITE_URL = env_str("DOORWAY_SITE_URL", "http://127.0.0.1:8000")

# --- Security ---------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: forms carry the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# One TLS-terminating proxy in front: trust its scheme header and its X-Forwarded-For entry.
DOORWAY_BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if DOORWAY_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Only our own origin: no inline script or style, no framing, forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
        "base-uri": [csp.NONE],
        "object-src": [csp.NONE],
    },
}

# Largest request body accepted at all (two 10 MB card photos and the form around them);
# bigger bodies get the friendly 413 page before anything reads them.
MAX_REQUEST_BYTES = env_int("DOORWAY_MAX_REQUEST_BYTES", 21 * 1024 * 1024, minimum=1024)

# --- Logging: never personal data; request bodies and URLs with values are not logged ---------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # Pillow logs every EXIF tag it reads at DEBUG, GPS position included: never let it.
    "loggers": {"PIL": {"level": "WARNING"}},
}

# --- Patient pages ----------------------------------------------------------------------------

# The centre's own contact details, on every patient page (footer, result, programs). Made-up
# demo values in development; in production each one shows only once it is set, so nobody is
# ever shown a number that does not ring (`manage.py check --deploy` names what is missing).
_CENTRE_HOURS = env_str("DOORWAY_CENTRE_HOURS")
# Demo Spanish hours only beside the demo English ones, never beside a centre's real hours.
_DEMO_HOURS_ES = "Todos los días, de 8:00 a 22:00 (hora del Este)" if not _CENTRE_HOURS else ""
DOORWAY_CENTRE = {
    "name": env_str("DOORWAY_CENTRE_NAME", "Doorway Demo Centre" if DEBUG else ""),
    "phone": env_phone("DOORWAY_CENTRE_PHONE", "(202) 555-0142" if DEBUG else ""),
    "address": env_str(
        "DOORWAY_CENTRE_ADDRESS", "100 Example Street, Springfield, VA 22150" if DEBUG else ""
    ),
    # Opening hours in each language's own words; a language left unset shows the English.
    "hours": {
        "en": _CENTRE_HOURS or ("Every day, 8 am to 10 pm (Eastern time)" if DEBUG else ""),
        "es": env_str("DOORWAY_CENTRE_HOURS_ES", _DEMO_HOURS_ES if DEBUG else ""),
    },
}
# Where "Quick exit" goes: a neutral page that says nothing about treatment.
QUICK_EXIT_URL = env_str("DOORWAY_QUICK_EXIT_URL", "https://www.weather.gov/")
# Per client IP: completed screenings, and posts of any wizard step ("count/period": s, m, h, d).
DOORWAY_RATE_INTAKES = env_rate("DOORWAY_RATE_INTAKES", "10/h")
DOORWAY_RATE_STEPS = env_rate("DOORWAY_RATE_STEPS", "60/m")
# What the result page promises: minutes until a counsellor reaches out, by priority.
DOORWAY_CALLBACK_MINUTES = {
    "urgent": env_int("DOORWAY_CALLBACK_URGENT_MINUTES", 15, minimum=1),
    "high": env_int("DOORWAY_CALLBACK_HIGH_MINUTES", 120, minimum=1),
    "normal": env_int("DOORWAY_CALLBACK_NORMAL_MINUTES", 1440, minimum=1),
}
# Sends resume links by text; the default only notes that a text went out.
DOORWAY_SMS_SENDER = env_str("DOORWAY_SMS_SENDER", "intake.sms.LogSmsSender")
