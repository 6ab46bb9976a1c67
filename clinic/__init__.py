"""The Django project: settings, URLs, the Celery app, clinics, users and API clients."""

from clinic.celery import app as celery_app

__all__ = ("celery_app",)
