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
from django.core.exceptions import ImproperlyConfigured

from admissions.cadence import BadCadence, parse_cadence
from config.client_address import parse_proxies
from config.env import (
    env_bool,
    env_int,
    env_list,
    env_origins,
    env_pairs,
    env_phone,
    env_rate,
    env_str,
    require,
)

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
    # Django's admin, behind the staff sign-in and its second factor (accounts.admin_site).
    "accounts.apps.DoorwayAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    # Before allauth: its templates are overridden by the staff look in accounts/templates.
    "accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "screening",
    "programs",
    "admissions",
    "benefits",
    "intake",
    # Django REST framework itself is not an installed app: the API answers JSON only, so its
    # templates are never used, and as an app its template tags (with Pygments) would be
    # imported by every process's first page (some 6 MB).
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "handoff",
    "reporting",
]

MIDDLEWARE = [
    "config.middleware.UntrustedForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the session and the language: keeps where a patient's visit came from (first-party),
    # and lets the centre's own sites frame the patient pages (DOORWAY_FRAME_ANCESTORS).
    "intake.attribution.AttributionMiddleware",
    "intake.framing.FramingMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
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
                "accounts.context_processors.staff_permissions",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3 sends the values apart from the SQL text (server-side binding), so a failing
    # statement that PostgreSQL writes to its log shows $1, $2… and never a name or a phone.
    # A database that does not answer fails a request within seconds (the busy page), instead
    # of holding it for as long as the operating system keeps trying to connect.
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "connect_timeout": 5}
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
    "worker-heartbeat": {
        "task": "admissions.tasks.worker_heartbeat",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
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
    "sweep-webhook-deliveries": {
        "task": "handoff.tasks.sweep_webhook_deliveries",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "purge-expired-drafts": {
        "task": "intake.tasks.purge_expired_drafts",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    "refresh-report-figures": {
        "task": "reporting.tasks.refresh_recent_figures",
        "schedule": 600.0,
        "options": {"expires": 550},
    },
    "settle-report-figures": {
        "task": "reporting.tasks.settle_figures",
        "schedule": 86400.0,
        "options": {"expires": 80000},
    },
    "fold-lead-counts": {
        "task": "admissions.tasks.fold_lead_counts",
        "schedule": 300.0,
        "options": {"expires": 280},
    },
    "notify-due-follow-ups": {
        "task": "admissions.tasks.notify_due_follow_ups",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "send-booking-reminders": {
        "task": "admissions.tasks.send_booking_reminders",
        "schedule": 900.0,
        "options": {"expires": 850},
    },
    "resend-queued-benefits-checks": {
        "task": "benefits.tasks.resend_queued_checks",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}
# Minutes a new lead may stay unclaimed before supervisors are alerted, by priority.
DOORWAY_ESCALATE_AFTER_MINUTES = {
    "urgent": env_int("DOORWAY_ESCALATE_URGENT_MINUTES", 15, minimum=1),
    "high": env_int("DOORWAY_ESCALATE_HIGH_MINUTES", 60, minimum=1),
    "normal": env_int("DOORWAY_ESCALATE_NORMAL_MINUTES", 240, minimum=1),
}

# Follow-ups after a contact attempt that did not reach the person: when to try again (steps in
# minutes, hours, days or "next_morning"; the last repeats), how many attempts before a
# supervisor decides, and the hour "next morning" means (admissions.cadence).
DOORWAY_FOLLOWUP_CADENCE = env_str("DOORWAY_FOLLOWUP_CADENCE", "15m,2h,next_morning,1d")
DOORWAY_FOLLOWUP_ATTEMPTS = env_int("DOORWAY_FOLLOWUP_ATTEMPTS", 6, minimum=1)
DOORWAY_FOLLOWUP_MORNING_HOUR = env_int("DOORWAY_FOLLOWUP_MORNING_HOUR", 9)
try:
    parse_cadence(
        DOORWAY_FOLLOWUP_CADENCE,
        max_attempts=DOORWAY_FOLLOWUP_ATTEMPTS,
        morning_hour=DOORWAY_FOLLOWUP_MORNING_HOUR,
    )
except BadCadence as bad:
    raise ImproperlyConfigured(f"DOORWAY_FOLLOWUP_CADENCE: {bad}.") from None

# Redis answers a cache call in well under a millisecond; one that takes longer than this has
# failed, and the screening goes on without the cache (a hung Redis costs each request this).
CACHE_TIMEOUT_SECONDS = env_int("DOORWAY_CACHE_TIMEOUT_MS", 200, minimum=1) / 1000
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "doorway",
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
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
# django-axes first: it refuses a locked-out login before the password is even checked. Then
# allauth's (username and password), and the roles' model permissions for the admin site.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "accounts.backends.RolePermissionBackend",
]

# Lockout (django-axes): 5 wrong passwords lock for 15 minutes, counted for the username from
# any address AND for the address whatever the usernames, so neither many addresses nor many
# usernames buy more guesses. A supervisor can unlock early (/staff/accounts/).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Attempts during a lockout are refused without restarting the 15 minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address"
AXES_USERNAME_CALLABLE = "accounts.lockout.username_of"
# Quiet start-up: management commands (e.g. `screen`) keep stderr for their own messages.
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"

# Sign-in (django-allauth): staff sign in with a username; accounts are made by an
# administrator or by single sign-on, never by a sign-up form.
ACCOUNT_ADAPTER = "accounts.adapters.StaffAccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.StaffLoginForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
# After a password reset the person signs in again, second factor included.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# django-axes decides the lockout; allauth's own per-account limit stays above it (its
# per-account limit on second-step codes is the one that counts there).
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,10/5m/key"}

# The second factor (django-allauth's mfa): an authenticator app (TOTP), a security key or
# passkey (WebAuthn), and one-time recovery codes. There is no setting to switch it off.
MFA_ADAPTER = "accounts.adapters.StaffMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Doorway"
# One 30-second step either side, for phones whose clocks drift; each code still works once.
MFA_TOTP_TOLERANCE = 1
# Staff accounts are created by an administrator: there is no unverified sign-up to guard.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# "Trust this browser" would let a password alone in on that browser.
MFA_TRUST_ENABLED = False
MFA_PASSKEY_LOGIN_ENABLED = False

# Single sign-on with the centre's OpenID Connect provider (Microsoft Entra ID, Okta, Google
# Workspace, Keycloak…): on when DOORWAY_SSO_ISSUER_URL is set. Its groups map to roles.
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SsoAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = ""
SSO_ISSUER_URL = env_str("DOORWAY_SSO_ISSUER_URL")
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
if SSO_ISSUER_URL:
    require(["DOORWAY_SSO_CLIENT_ID", "DOORWAY_SSO_CLIENT_SECRET"], reason="DOORWAY_SSO_ISSUER_URL")
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": "oidc",
            "name": env_str("DOORWAY_SSO_NAME", "single sign-on"),
            "client_id": env_str("DOORWAY_SSO_CLIENT_ID"),
            "secret": env_str("DOORWAY_SSO_CLIENT_SECRET"),
            "settings": {
                "server_url": SSO_ISSUER_URL,
                "oauth_pkce_enabled": True,
                "scope": env_str("DOORWAY_SSO_SCOPES", "openid profile email").split(),
            },
        }
    )
DOORWAY_SSO_GROUPS_CLAIM = env_str("DOORWAY_SSO_GROUPS_CLAIM", "groups")
# "role=group" pairs: the provider's group names that give each role (accounts.roles.Role).
DOORWAY_SSO_GROUP_ROLES = {group: role for role, group in env_pairs("DOORWAY_SSO_ROLES")}

# Every session cookie ends with the browser session, so the next person on a shared browser
# cannot reopen a screening or its result. On the server a session lasts a day from its last
# change: for a screening in progress, long enough to count as no time limit (WCAG 2.2.1 exempts
# limits over 20 hours), short enough that answers do not linger (the hourly purge deletes
# expired sessions).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 24 * 60 * 60
# Staff sessions: 12 hours at most even when active, logged off after 15 idle minutes (both
# enforced by admissions.sessions).
DOORWAY_STAFF_SESSION_SECONDS = 12 * 60 * 60
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
# Files browsers ask for at the site's root (/favicon.ico, /apple-touch-icon.png), by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
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
# A mail server that stops answering fails the send (and the task retries) instead of holding a
# worker; well inside the lease a notice is claimed for (admissions.services.NOTICE_LEASE).
EMAIL_TIMEOUT = 20
# Links in emails and texts. Unset, they point at this machine on the port `make run` serves.
SITE_URL = env_str("DOORWAY_SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000, minimum=1)}")

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
# Proxies in front (a TLS terminator, a load balancer): only requests from these addresses may
# say who the client is (X-Forwarded-For) and that it used HTTPS (X-Forwarded-Proto). See
# config/client_address.py, the one place that answers "who is the client?".
if env_bool("DJANGO_BEHIND_PROXY", False):
    raise ImproperlyConfigured(
        "DJANGO_BEHIND_PROXY is replaced by DJANGO_TRUSTED_PROXIES: list your proxies' addresses."
    )
DOORWAY_TRUSTED_PROXIES = parse_proxies(
    env_list("DJANGO_TRUSTED_PROXIES"), name="DJANGO_TRUSTED_PROXIES"
)
if DOORWAY_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Rate limits (django-ratelimit) count per client address, the same one.
RATELIMIT_IP_META_KEY = "config.client_address.client_address"

# The centre's own sites that may show the patient pages (the screening, programs, help) in a
# frame: see "The screener on the centre's site" in the README. Staff pages, the admin and the
# API can never be framed. With origins listed, the session and CSRF cookies are sent inside
# the frame too (SameSite=None, so they must be Secure: serve Doorway over HTTPS).
DOORWAY_FRAME_ANCESTORS = env_origins("DOORWAY_FRAME_ANCESTORS")
if DOORWAY_FRAME_ANCESTORS:
    SESSION_COOKIE_SAMESITE = "None"
    CSRF_COOKIE_SAMESITE = "None"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

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
# Insurance card photo posts, per client IP and per lead (decoding a photo is the costliest ask).
DOORWAY_RATE_UPLOADS = env_rate("DOORWAY_RATE_UPLOADS", "20/h")
# What the result page promises: minutes until a counsellor reaches out, by priority.
DOORWAY_CALLBACK_MINUTES = {
    "urgent": env_int("DOORWAY_CALLBACK_URGENT_MINUTES", 15, minimum=1),
    "high": env_int("DOORWAY_CALLBACK_HIGH_MINUTES", 120, minimum=1),
    "normal": env_int("DOORWAY_CALLBACK_NORMAL_MINUTES", 1440, minimum=1),
}
# The person may book their assessment themselves on the result page, after asking to be
# contacted (never after a crisis answer); off: only staff book.
DOORWAY_SELF_BOOKING = env_bool("DOORWAY_SELF_BOOKING", True)
# Sends resume links by text. In development texts are printed in the terminal, like emails;
# otherwise the default only notes that a text went out (until a gateway is configured).
DOORWAY_SMS_SENDER = env_str(
    "DOORWAY_SMS_SENDER", "intake.sms.ConsoleSmsSender" if DEBUG else "intake.sms.LogSmsSender"
)

# --- Handoff: the REST API, FHIR and webhooks -------------------------------------------------

REST_FRAMEWORK = {
    # Integrations authenticate with API keys only; staff use the pages, not the API.
    "DEFAULT_AUTHENTICATION_CLASSES": ["handoff.api.auth.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["handoff.api.auth.HasScopes"],
    "DEFAULT_THROTTLE_CLASSES": ["handoff.api.auth.ApiKeyThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "handoff.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Doorway API",
    "DESCRIPTION": "Leads, programs and FHIR R4 bundles for the centre's other systems.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page's assets come from this server (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"StatusFilterEnum": "handoff.api.serializers.STATUS_FILTERS"},
}
# Requests per API key ("count/period": s, m, h, d).
DOORWAY_API_RATE = env_rate("DOORWAY_API_RATE", "120/m")
# A FHIR server to push each consented lead's transaction Bundle to; empty: no push.
DOORWAY_FHIR_SERVER_URL = env_str("DOORWAY_FHIR_SERVER_URL")
# Bearer token for that server, when it asks for one.
DOORWAY_FHIR_SERVER_TOKEN = env_str("DOORWAY_FHIR_SERVER_TOKEN")
# Seconds before a failed webhook is tried again; each later wait doubles, up to an hour.
DOORWAY_WEBHOOK_RETRY_SECONDS = env_int("DOORWAY_WEBHOOK_RETRY_SECONDS", 30, minimum=1)

# --- Benefits checks (checked when the benefits app starts: benefits/configuration.py) --------

# manual (staff call the payer), x12 (270/271 over HTTPS) or json (a clearinghouse's JSON API).
DOORWAY_ELIGIBILITY_BACKEND = env_str("DOORWAY_ELIGIBILITY_BACKEND", "manual")
DOORWAY_ELIGIBILITY_URL = env_str("DOORWAY_ELIGIBILITY_URL")
DOORWAY_ELIGIBILITY_API_KEY = env_str("DOORWAY_ELIGIBILITY_API_KEY")
DOORWAY_ELIGIBILITY_TIMEOUT_SECONDS = env_int("DOORWAY_ELIGIBILITY_TIMEOUT_SECONDS", 20, minimum=1)
# The centre as payers know it: its name, NPI (10 digits) and federal tax ID (9 digits).
DOORWAY_PROVIDER_NAME = env_str("DOORWAY_PROVIDER_NAME")
DOORWAY_PROVIDER_NPI = env_str("DOORWAY_PROVIDER_NPI")
DOORWAY_PROVIDER_TAX_ID = env_str("DOORWAY_PROVIDER_TAX_ID")
# The X12 interchange IDs the clearinghouse assigned, and P (production) or T (test).
DOORWAY_X12_SENDER_ID = env_str("DOORWAY_X12_SENDER_ID")
DOORWAY_X12_RECEIVER_ID = env_str("DOORWAY_X12_RECEIVER_ID")
DOORWAY_X12_USAGE = env_str("DOORWAY_X12_USAGE", "P")
