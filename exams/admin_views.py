"""The admin's exam page and exam history: thin views over the exam services and selectors.

The exam page records a new exam or amends one (a new version) through ``exams.services``, the
same validation and write path as the REST API, and shows the current decision with its body
chart. The history page lists every version with who recorded it, what changed and the decision
each version had.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from clinic.domain_errors import Conflict, PreconditionFailed
from clinic.models import User
from clinic.roles import may_record
from clinic.tenancy import actor_for_request
from decisions.engine.knowledge.sources import SOURCES
from decisions.engine.vocabulary import URGENCY_RANK, Urgency
from decisions.words import STUDY_WORDS, URGENCY_WORDS
from exams.bodychart import body_chart_svg, segment_grid
from exams.documents import DocumentInvalid, parse_exam_document
from exams.findings import FINDING_LIST_NAMES
from exams.forms import ExamEntryForm
from exams.isncsci_form import Keep, classification_rows, error_words, invalid_cells, posted_worksheet, sheet
from exams.models import Exam, ExamVersion
from exams.selectors import exam_version_document, exam_version_get, exam_versions, exam_worksheet
from exams.services import ExamWrite, exam_amend, exam_create
from exams.version_diff import version_changes

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

logger = logging.getLogger(__name__)

DIFFERENTIAL_SHOWN = 6


def _rank(urgency: str, *, default: int) -> int:
    """The urgency's rank (vocabulary.URGENCY_RANK); an unknown word ranks as ``default``."""
    try:
        return URGENCY_RANK[Urgency(urgency)]
    except ValueError:
        return default


def _sources(keys: list[str]) -> list[dict[str, str]]:
    """Source keys as citation text and canonical address, for a clinician to check each basis."""
    out = []
    for key in keys:
        source = SOURCES.get(key)
        if source is None:
            out.append({"key": key, "citation": key, "url": "", "kind": ""})
        else:
            out.append({"key": key, "citation": source.display, "url": source.url, "kind": source.kind.value})
    return out


def _study(item: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **item,
        "name": STUDY_WORDS.get(item["study"], item["study"]),
        "sources": _sources(item.get("sources", [])),
    }


def _percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)} %"


def _flag(flag: Mapping[str, Any], overall: str, recommendations: list[dict[str, Any]]) -> dict[str, Any]:
    """A red flag's banner, worded from the flag's own urgency.

    "What to do now" lists the studies recommended at the flag's urgency; studies recommended at
    a higher urgency (for another flag, say) are named apart as needed sooner, so one sentence
    never mixes "within days" with an emergency study.
    """
    urgency = flag.get("urgency") or overall
    rank = _rank(urgency, default=3)
    same = [rec for rec in recommendations if rec["urgency"] == urgency]
    sooner = [rec for rec in recommendations if _rank(rec["urgency"], default=0) > rank]
    return {
        **flag,
        "urgency": urgency,
        "urgency_words": URGENCY_WORDS.get(urgency, urgency),
        "actions": same,
        "sooner": sooner,
        "sources": _sources(flag.get("sources", [])),
    }


def _since(document: Mapping[str, Any]) -> dict[str, Any] | None:
    """The earlier exam the decision was compared with, its date in clinic time, and the changes."""
    earlier = document.get("compared_with")
    if not earlier:
        return None
    when = timezone.localtime(datetime.fromisoformat(earlier["performed_at"]))
    changes = document.get("changes", [])
    return {
        "exam_id": earlier["id"],
        "date": f"{when.day} {when:%B %Y}",
        "changes": changes,
        "strength_fell": any(
            change["direction"] == "worsened" and change["finding"].startswith("motor[") for change in changes
        ),
    }


def decision_panel(document: Mapping[str, Any]) -> dict[str, Any]:
    """The decision document arranged for the page: banners first, then lesion and studies."""
    recommendations = [_study(item) for item in document.get("recommendations", [])]
    flags = [_flag(flag, document["urgency"], recommendations) for flag in document.get("red_flags", [])]
    lesion = document.get("lesion")
    differential = [
        {**entry, "percent": _percent(entry.get("score"))} for entry in document.get("differential", [])
    ]
    return {
        "urgency": document["urgency"],
        "urgency_words": URGENCY_WORDS.get(document["urgency"], document["urgency"]),
        "pattern": document.get("pattern", "").replace("_", " "),
        "red_flags": flags,
        "lesion": None if lesion is None else {**lesion, "percent": _percent(lesion.get("confidence"))},
        "differential": differential[:DIFFERENTIAL_SHOWN],
        "differential_rest": differential[DIFFERENTIAL_SHOWN:],
        "recommendations": recommendations,
        "not_recommended": [_study(item) for item in document.get("not_recommended", [])],
        "uncertainty": document.get("uncertainty", []),
        "since": _since(document),
        "ruleset": document.get("ruleset", {}),
        "computed_at": document.get("computed_at"),
    }


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _base_context(model_admin: ModelAdmin[Exam], request: HttpRequest, title: str) -> dict[str, Any]:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        "title": title,
    }


def _save(
    request: HttpRequest, form: ExamEntryForm, exam: Exam | None, invalid: set[str]
) -> ExamWrite | None:
    """Validate the document and store it; on any error, name it on the form and store nothing.
    ``invalid`` collects the ISNCSCI cells the errors point at."""
    identifier = None
    if exam is not None:
        identifier = (exam.patient.identifier_system, exam.patient.identifier_value)
    raw = form.exam_document(patient_identifier=identifier)
    worksheet = posted_worksheet(request.POST)
    if isinstance(worksheet, Keep):  # a form without the worksheet section: an amendment keeps the stored one
        worksheet = exam_worksheet(exam=exam) if exam is not None else None
    if worksheet is not None:
        raw["isncsci"] = worksheet
    try:
        document = parse_exam_document(raw)
    except DocumentInvalid as exc:
        on_sheet = [error for error in exc.errors if error.field.startswith("isncsci")]
        for error in on_sheet:
            form.add_error(None, error_words(error))
        invalid.update(invalid_cells(on_sheet))
        form.add_document_errors(error for error in exc.errors if not error.field.startswith("isncsci"))
        return None
    actor = actor_for_request(request)
    try:
        if exam is None:
            assert actor.clinic_id is not None
            return exam_create(clinic_id=actor.clinic_id, document=document, actor=actor)
        loaded = form.cleaned_data.get("loaded_version") or exam.version
        return exam_amend(exam=exam, document=document, expected_version=loaded, actor=actor)
    except PreconditionFailed:
        form.add_error(
            None,
            f"Someone else amended this exam after you opened it (you loaded version {loaded}). "
            "Nothing was saved. Open the exam again to see the current version, then re-enter your changes.",
        )
    except Conflict as exc:
        if exc.field == "external_id":
            form.add_error(None, "This form was already saved as an exam; open that exam to amend it.")
        else:
            target = form.paths.get(exc.field or "", None)
            form.add_error(target if target in form.fields else None, str(exc.detail))
    return None


def _exam_context(exam: Exam, version: ExamVersion) -> dict[str, Any]:
    document = exam_version_document(exam=exam, version=version)
    decision = exam.current_decision.document if exam.current_decision else None
    return {
        "exam": exam,
        "document": document,
        "decision": None if decision is None else decision_panel(decision),
        "body_chart": mark_safe(body_chart_svg(document, decision)),  # noqa: S308 - escaped in bodychart
        "segment_grid": segment_grid(document, decision),
        "isncsci_results": classification_rows(
            document.get("isncsci"), decision.get("isncsci") if decision is not None else None
        ),
    }


def clinic_time_zone(request: HttpRequest, exam: Exam | None = None) -> str:
    """The zone exam times are shown and entered in: the exam's clinic, else the user's clinic.

    A superuser without a clinic reads the deployment's default (``CLINIC_DEFAULT_TIME_ZONE``).
    """
    if exam is not None:
        return exam.clinic.time_zone
    user = _user(request)
    if user.clinic is not None:
        return user.clinic.time_zone
    return str(settings.CLINIC_DEFAULT_TIME_ZONE)


def in_clinic_time(zone: str, respond: Callable[[], HttpResponse]) -> HttpResponse:
    """Build and render the response with the clinic's zone active (forms read, dates shown)."""
    with timezone.override(ZoneInfo(zone)):
        response = respond()
        if isinstance(response, TemplateResponse):
            response.render()
    return response


def exam_entry_view(model_admin: ModelAdmin[Exam], request: HttpRequest, exam: Exam | None) -> HttpResponse:
    """Record a new exam (``exam`` is None) or show an exam with its decision and amend it."""
    zone = clinic_time_zone(request, exam)
    return in_clinic_time(zone, lambda: _exam_entry(model_admin, request, exam, zone))


def _exam_entry(
    model_admin: ModelAdmin[Exam], request: HttpRequest, exam: Exam | None, zone: str
) -> HttpResponse:
    user = _user(request)
    can_save = may_record(user) and (
        model_admin.has_add_permission(request)
        if exam is None
        else model_admin.has_change_permission(request, exam)
    )
    if exam is None and not can_save:
        raise PermissionDenied
    if request.method == "POST" and not can_save:
        raise PermissionDenied
    version = exam_version_get(exam=exam) if exam is not None else None
    invalid: set[str] = set()
    if request.method == "POST":
        form = ExamEntryForm(request.POST, amending=exam is not None, time_zone=zone)
        if exam is not None:
            form.initial.update(
                ExamEntryForm.initial_from_document(
                    exam_version_document(exam=exam, version=version),  # type: ignore[arg-type]
                    loaded_version=exam.version,
                )
            )
        write = _save(request, form, exam, invalid) if form.is_valid() else None
        if write is not None:
            _log(model_admin, request, write)
            messages.success(request, f"Exam {write.exam.pk} saved as version {write.version.number}.")
            return HttpResponseRedirect(reverse("admin:exams_exam_change", args=[write.exam.pk]))
    elif exam is not None:
        assert version is not None
        initial = ExamEntryForm.initial_from_document(
            exam_version_document(exam=exam, version=version), loaded_version=exam.version
        )
        form = ExamEntryForm(initial=initial, amending=True, time_zone=zone)
    else:
        form = ExamEntryForm(initial={"performed_at": timezone.now().replace(microsecond=0)}, time_zone=zone)
    if not can_save:
        for field in form.fields.values():
            field.disabled = True
    title = "Record an exam" if exam is None else f"Exam {exam.pk} · version {exam.version}"
    context = {
        **_base_context(model_admin, request, title),
        "time_zone": zone,
        "patient_exam_count": exam.patient.exams.count() if exam is not None else 0,
        "form": form,
        "can_save": can_save,
        "errors": form.error_summary() if form.is_bound else [],
        "exam": exam,
        "isncsci": sheet(
            exam_worksheet(exam=exam) if exam is not None else None,
            request.POST if request.method == "POST" else None,
            invalid,
        ),
    }
    if exam is not None and version is not None:
        context.update(_exam_context(exam, version))
    return TemplateResponse(request, "admin/exams/exam/entry.html", context)


def _log(model_admin: ModelAdmin[Exam], request: HttpRequest, write: ExamWrite) -> None:
    """The admin's own action log (ids only, never patient data)."""
    message = f"version {write.version.number}"
    if write.created:
        model_admin.log_addition(request, write.exam, [{"added": {"name": "exam", "object": message}}])
    else:
        model_admin.log_change(request, write.exam, [{"changed": {"name": "exam", "object": message}}])
    logger.info("admin saved exam %s version %s", write.exam.pk, write.version.number)


def _recorded_by(version: ExamVersion) -> str:
    if version.recorded_by_user is not None:
        return f"{version.recorded_by_user.get_username()} (admin)"
    if version.recorded_by_client is not None:
        return f"{version.recorded_by_client.name} (API)"
    return "system"


def exam_history_view(model_admin: ModelAdmin[Exam], request: HttpRequest, exam: Exam) -> HttpResponse:
    """Every version of the exam: who recorded it and when, what changed, and its decisions."""
    zone = clinic_time_zone(request, exam)
    return in_clinic_time(zone, lambda: _exam_history(model_admin, request, exam, zone))


def _exam_history(model_admin: ModelAdmin[Exam], request: HttpRequest, exam: Exam, zone: str) -> HttpResponse:
    versions = list(exam_versions(exam=exam).prefetch_related(*FINDING_LIST_NAMES))
    rows = []
    previous: dict[str, Any] | None = None
    for version in versions:
        document = exam_version_document(exam=exam, version=version)
        decisions = sorted(version.decisions.all(), key=lambda d: d.computed_at)
        rows.append(
            {
                "version": version,
                "recorded_by": _recorded_by(version),
                "changes": [] if previous is None else version_changes(previous, document),
                "decisions": [
                    {"record": record, "panel": decision_panel(record.document)} for record in decisions
                ],
            }
        )
        previous = document
    context = {
        **_base_context(model_admin, request, f"History of exam {exam.pk}"),
        "exam": exam,
        "rows": list(reversed(rows)),
        "time_zone": zone,
        "object": exam,
    }
    return TemplateResponse(request, "admin/exams/exam/versions.html", context)
