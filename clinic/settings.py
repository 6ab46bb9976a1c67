"""neuroexam settings: one module, configured by the environment.

Every variable is read through a small typed helper that fails at start-up naming the variable,
so a misconfigured deployment never starts half-right. Variables:

- ``DATABASE_URL``: ``postgres://user@host:5432/name``, PostgreSQL through psycopg 3 (the only
  database); default the embedded PostgreSQL in ``var/postgres/`` that ``bin/serve`` starts.
- ``SECRET_KEY``: required when ``DEBUG`` is off.
- ``DEBUG``: ``True`` or ``False`` (default ``False``).
- ``ALLOWED_HOSTS``: comma-separated (default ``localhost,127.0.0.1`` in debug, required otherwise).
- ``CELERY_BROKER_URL``: ``redis://...`` or ``amqp://...``; absent, tasks run in-process.
- ``DB_CONN_MAX_AGE``: seconds a database connection is kept for reuse (default 600).
- ``DB_HEALTH_CHECK_AFTER_IDLE_SECONDS``: a reused connection idle for longer is checked first (default 2).
- ``DB_PREPARED_STATEMENTS``: ``False`` behind a pooler that cannot keep server-side prepared
  statements (PgBouncer's transaction pooling before 1.21); default ``True``.
- ``API_TOKEN_CACHE_SECONDS``: seconds a worker trusts a token it has looked up (default 5).
- ``CELERY_VISIBILITY_TIMEOUT``, ``ALERT_RETRY_WINDOW_SECONDS``, ``ALERT_*``, ``PUBLIC_BASE_URL``:
  background work and red-flag alerts (see README, "Background work").
"""

from __future__ import annotations

import os
import zoneinfo
from pathlib import Path
from urllib.parse import quote

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value not in ("True", "False", "true", "false", "1", "0"):
        raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use True or False")
    return value in ("True", "true", "1")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from None


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (comma-separated host names)")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "clinic",
    "exams",
    "decisions",
    "interop",
    "alerts",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "clinic.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "clinic.security.NoStoreMiddleware",
    "clinic.security.RequestBodyLimitMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "clinic.security.HostileInputMiddleware",
    "audit.middleware.AuditRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "clinic.throttling.AdminLoginGuardMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"
AUTH_USER_MODEL = "clinic.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# The embedded PostgreSQL that bin/serve starts (bin/embedded_db.py): its Unix socket sits in its
# data folder, so manage.py finds it without configuration while bin/serve runs.
EMBEDDED_DATABASE_URL = f"postgres://postgres@{quote(str(BASE_DIR / 'var' / 'postgres'), safe='')}/neuroexam"


def _database_from_env() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "") or EMBEDDED_DATABASE_URL
    if not url.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a postgres:// URL, got scheme {url.split(':', 1)[0]!r}"
        )
    # Persistent connections: one connection per worker thread, checked before reuse when it has
    # been idle (clinic/postgres/base.py says why not before every request).
    max_age = env_int("DB_CONN_MAX_AGE", 600)
    parsed = dj_database_url.parse(url, conn_max_age=max_age, conn_health_checks=True)
    config: dict[str, object] = dict(parsed)
    config["ENGINE"] = "clinic.postgres"
    # psycopg prepares a statement that asks for it (``clinic.rows``) at once, others at their
    # fifth run on a connection (psycopg's default); Django passes None, which prepares nothing,
    # unless OPTIONS names a threshold. None behind a pooler that cannot keep prepared statements.
    prepare_threshold = 5 if env_bool("DB_PREPARED_STATEMENTS", True) else None
    config["OPTIONS"] = {**parsed.get("OPTIONS", {}), "prepare_threshold": prepare_threshold}
    return config


DATABASES = {"default": _database_from_env()}
DB_HEALTH_CHECK_AFTER_IDLE_SECONDS = env_float("DB_HEALTH_CHECK_AFTER_IDLE_SECONDS", 2.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# A new clinic's time zone (IANA name): the admin shows and takes exam times in its clinic's zone
# and stores them in UTC. Each clinic can change its own in the admin.
CLINIC_DEFAULT_TIME_ZONE = os.environ.get("CLINIC_DEFAULT_TIME_ZONE") or "UTC"
try:
    zoneinfo.ZoneInfo(CLINIC_DEFAULT_TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"CLINIC_DEFAULT_TIME_ZONE={CLINIC_DEFAULT_TIME_ZONE!r} is not an IANA time zone (e.g. Europe/London)"
    ) from None

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Serve static files straight from the apps' folders in the embedded default, so the README's
# run command gives a working admin without a collectstatic step.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["clinic.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["clinic.authentication.IsClinicApiClient"],
    "DEFAULT_RENDERER_CLASSES": ["clinic.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["clinic.parsers.StrictJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "clinic.parsers.CaseInsensitiveContentNegotiation",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "clinic.errors.problem_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["clinic.throttling.ApiClientRateThrottle"],
}

# Limits and throttling (docs/security.md). A full exam document is about 10 kB.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BODY_BYTES", 256 * 1024)
API_CLIENT_RATE = os.environ.get("API_CLIENT_RATE", "1200/min") or None
# Seconds a worker trusts a token it has looked up (0: look it up on every request); a revocation
# takes effect on every worker within this time (clinic/authentication.py).
API_TOKEN_CACHE_SECONDS = env_float("API_TOKEN_CACHE_SECONDS", 5.0)
ADMIN_LOGIN_ATTEMPTS_PER_MINUTE = env_int("ADMIN_LOGIN_ATTEMPTS_PER_MINUTE", 20)
ADMIN_LOGIN_MAX_FAILURES = env_int("ADMIN_LOGIN_MAX_FAILURES", 5)
ADMIN_LOGIN_LOCKOUT_SECONDS = env_int("ADMIN_LOGIN_LOCKOUT_SECONDS", 15 * 60)
# Throttle counters: per process by default; CACHE_URL=redis://... shares them between workers.
_CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
    if _CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

if not DEBUG:
    # Production: HTTPS only (behind a proxy that sets X-Forwarded-Proto, set
    # SECURE_PROXY_SSL_HEADER=true), HSTS for a year, cookies never sent in clear.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Exam URLs can carry a patient identifier (?patient=...): never send them to another site.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SPECTACULAR_SETTINGS = {
    "TITLE": "neuroexam API",
    "DESCRIPTION": (
        "Structured lower-limb neurological exams and the decision support computed from them. "
        "Decision support for clinicians, not a diagnosis."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Request and response bodies are described by the pydantic models themselves (JSON Schema,
    # hence OpenAPI 3.1); the enum-extraction hook is for DRF serializers and chokes on the
    # reflex grade's mixed 0-4 | "NT" enum.
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": ["clinic.openapi.document_error_responses"],
}

# Celery: without a broker URL every task runs in-process, so the embedded default works alone.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Redis (and SQS) hand an unacknowledged message to another worker after the visibility timeout:
# it must exceed the longest task (hard limit below) and the longest countdown a task is given
# (ALERT_ETA_MAX_SECONDS), or a healthy task is delivered twice. RabbitMQ ignores it (it redelivers
# when the connection of a dead worker closes).
# Redis workers look for such messages every unacked_restore_interval seconds (kombu's default
# scans only every 10th look, i.e. every 100 s; 1 makes it every look).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 900)
# One queue name per deployment sharing a broker (tests give each run its own).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "deliver-pending-alerts": {
        "task": "alerts.tasks.deliver_pending_alerts",
        "schedule": float(env_int("ALERT_SWEEP_SECONDS", 60)),
    },
}

# Red-flag alerts (alerts/): retried with exponential backoff and full jitter for the window.
ALERT_RETRY_WINDOW_SECONDS = env_int("ALERT_RETRY_WINDOW_SECONDS", 24 * 3600)
ALERT_RETRY_BASE_SECONDS = env_float("ALERT_RETRY_BASE_SECONDS", 10.0)
ALERT_RETRY_MAX_DELAY_SECONDS = env_float("ALERT_RETRY_MAX_DELAY_SECONDS", 3600.0)
ALERT_ETA_MAX_SECONDS = env_float("ALERT_ETA_MAX_SECONDS", 300.0)
ALERT_SWEEP_GRACE_SECONDS = env_float("ALERT_SWEEP_GRACE_SECONDS", 30.0)
ALERT_HTTP_TIMEOUT_SECONDS = env_float("ALERT_HTTP_TIMEOUT_SECONDS", 10.0)
# Webhooks go to https URLs on public addresses only (alerts/destinations.py); True also allows
# loopback addresses, over http too, for tests and local development. Never in production.
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", False)
# Where the exam link in an alert points: this service's public base URL.
# CORS for browser-based EHR clients and the CDS Hooks sandbox: the CDS Hooks endpoints and the
# FHIR CapabilityStatement only, for the origins each deployment lists (comma-separated, e.g.
# CORS_ALLOWED_ORIGINS=https://sandbox.cds-hooks.org); none by default. docs/integration.md.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/(cds-services(/[^/]+(/feedback)?)?|fhir/r4/metadata)$"
CORS_ALLOW_METHODS = ("GET", "POST", "OPTIONS")

PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://localhost:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # SQL with its parameters (patient identifiers) is never logged, not even with LOG_LEVEL=DEBUG.
    "loggers": {"django.db.backends": {"level": "INFO", "propagate": True}},
}

LOGIN_URL = "admin:login"
