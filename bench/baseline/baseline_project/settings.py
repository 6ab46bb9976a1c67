"""The baseline: the exam ingest written the straightforward Django + DRF way.

The benchmark harness measures it in the same run as neuroexam, on the same PostgreSQL server
and with the same gunicorn settings and payloads, so that every figure can be given as a ratio
to it (absolute figures drift on a shared machine). It is deliberately plain: nested
ModelSerializers validate the document, ``Model.objects.create`` plus ``bulk_create`` store it,
and the serializer echoes it back. It has no decision, no audit and no idempotency: it does
less than neuroexam, so the ratio is conservative. Only the harness runs it.
"""

from __future__ import annotations

import os

import dj_database_url

SECRET_KEY = os.environ.get("SECRET_KEY", "baseline-benchmark-only")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "rest_framework",
    "rest_framework.authtoken",
    "ingest",
]

# startproject's middleware, less the admin's: what a new project has.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "baseline_project.urls"
WSGI_APPLICATION = "baseline_project.wsgi.application"

# Persistent connections as in neuroexam: the comparison is about request handling, not about
# a one-line setting (so the baseline is, if anything, flattered).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nx_bench_baseline"),
        conn_max_age=600,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}
