"""The admin's home page: where a clinician lands after logging in."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from clinic.models import User
from clinic.roles import may_read_clinic


def admin_home(request: HttpRequest) -> HttpResponse:
    """The admin's home: a clinic member works from the worklist; a superuser gets the index.

    Logging in lands here (the admin's default ``next``), so a clinician starts on the worklist
    instead of Django's index of apps.
    """
    user = request.user
    if isinstance(user, User) and user.is_staff and not user.is_superuser and may_read_clinic(user):
        return HttpResponseRedirect(reverse("admin:exams_exam_changelist"))
    return admin.site.index(request)
