"""The clinician's admin: the exam worklist, the one-page exam, its history, and patients.

Tenancy: a clinician or viewer sees only their own clinic's patients and exams (a superuser sees
all); another clinic's exam answers 404 by URL too. Roles: clinicians record and amend, viewers
read (``clinic.roles``). Exams are never written here directly: the exam page goes through
``exams.services`` like the REST API (see ``exams.admin_views``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from clinic.models import User
from clinic.roles import may_read_clinic, may_record
from decisions.engine.vocabulary import RedFlagCode, Urgency
from decisions.words import red_flag_list as red_flag_list_words
from decisions.words import red_flag_short, site_words
from exams.admin_views import clinic_time_zone, exam_entry_view, exam_history_view, in_clinic_time
from exams.coursechart import CoursePoint, course_chart_svg
from exams.models import Exam, Patient
from exams.selectors import CourseExam, patient_course, patient_search_condition

# True when the exam's current decision found a whole-grade fall in strength since the exam
# before (issue 24): a motor change that worsened, read from the stored decision's ``changes``.
STRENGTH_FELL_SQL = """
EXISTS (SELECT 1 FROM decisions_decisionrecord d,
        jsonb_array_elements(COALESCE(d.document -> 'changes', '[]'::jsonb)) AS change
        WHERE d.id = "exams_exam"."current_decision_id"
          AND change ->> 'direction' = 'worsened' AND change ->> 'finding' LIKE 'motor[%%')
"""

URGENCY_ORDER = (Urgency.EMERGENCY, Urgency.URGENT, Urgency.ROUTINE, Urgency.NONE)

# The admin is the clinician's application: its names are clinical, and its "site" is the worklist.
admin.site.site_header = "neuroexam"
admin.site.site_title = "neuroexam"
admin.site.index_title = "Exams, patients and decision support"
admin.site.site_url = cast(str, reverse_lazy("admin:exams_exam_changelist"))  # lazy: urls load later

if TYPE_CHECKING:
    ExamModelAdmin = admin.ModelAdmin[Exam]
    PatientModelAdmin = admin.ModelAdmin[Patient]
else:
    ExamModelAdmin = admin.ModelAdmin
    PatientModelAdmin = admin.ModelAdmin


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def clinic_scope(request: HttpRequest) -> dict[str, Any] | None:
    """The filter that limits a queryset to the user's clinic; ``{}`` for a superuser, None for nobody."""
    user = _user(request)
    if user.is_superuser:
        return {}
    if not may_read_clinic(user):
        return None
    return {"clinic_id": user.clinic_id}


class UrgencyFilter(admin.SimpleListFilter):
    title = "urgency"
    parameter_name = "urgency"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(u.value, u.value) for u in URGENCY_ORDER]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value():
            return queryset.filter(current_decision__urgency=self.value())
        return queryset


class RedFlagFilter(admin.SimpleListFilter):
    title = "red flag"
    parameter_name = "red_flag"
    ANY = "any"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(self.ANY, "any red flag"), *((c.value, c.value.replace("_", " ")) for c in RedFlagCode)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == self.ANY:
            return queryset.exclude(current_decision__red_flags=[])
        if value:
            # The codes are a JSON list; matching the quoted code works on PostgreSQL and SQLite.
            return queryset.filter(current_decision__red_flags__icontains=f'"{value}"')
        return queryset


@admin.register(Exam)
class ExamAdmin(ExamModelAdmin):
    list_display = (
        "exam_name",
        "patient_identifier",
        "examined",
        "urgency",
        "red_flag_list",
        "lesion",
        "history_link",
    )
    list_display_links = ("exam_name",)
    list_filter = (UrgencyFilter, RedFlagFilter)
    search_fields = ("patient__identifier_value",)
    search_help_text = (
        "Search by the patient's identifier or its beginning, in any case (mrn-0001 finds MRN-000123), "
        "or SYSTEM|VALUE."
    )
    ordering = ("-performed_at", "-id")
    show_full_result_count = False
    list_per_page = 50

    # ---- tenancy ----

    def scoped(self, request: HttpRequest) -> QuerySet[Exam]:
        scope = clinic_scope(request)
        if scope is None:
            return Exam.objects.none()
        return Exam.objects.filter(**scope).select_related("patient", "current_decision", "clinic")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Exam]:
        # The worklist needs the decision's indexed columns, not its whole document; whether
        # strength fell since the exam before is read from the document by the database.
        return (
            self.scoped(request)
            .defer("current_decision__document")
            .annotate(strength_fell=RawSQL(STRENGTH_FELL_SQL, ()))  # noqa: S611 - no parameters
        )

    def exam_or_404(self, request: HttpRequest, object_id: str) -> Exam:
        # ASCII digits a bigint holds: "²".isdigit() is true too, and int() refuses it.
        if not (object_id.isascii() and object_id.isdigit() and len(object_id) <= 18):
            raise Http404("exam not found")
        exam = self.scoped(request).filter(pk=int(object_id)).first()
        if exam is None:
            raise Http404("exam not found")
        return exam

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Exam], search_term: str
    ) -> tuple[QuerySet[Exam], bool]:
        """A patient identifier or its beginning, in any case; ``SYSTEM|VALUE`` narrows to one system.

        Clinicians type what they read off a wristband or a letter, often in lower case and often
        only the start of it; the clinic scope and the worklist index keep the scan small.
        """
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(patient_search_condition(term, via="patient__")), False

    # ---- permissions ----

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_read_clinic(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Exam | None = None) -> bool:
        return may_read_clinic(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_record(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Exam | None = None) -> bool:
        user = _user(request)
        if obj is not None and obj.clinic_id != user.clinic_id:
            return False  # amend only in one's own clinic, superusers included
        return may_record(user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Exam | None = None) -> bool:
        return False  # clinical records are amended, never deleted

    # ---- views ----

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # The worklist needs the width (one line per exam at 1440 px) more than the app menu.
        zone = clinic_time_zone(request)
        context = {
            "title": "Exams",
            "subtitle": f"Newest first; times in {zone} time",
            "is_nav_sidebar_enabled": False,
            **(extra_context or {}),
        }
        return in_clinic_time(zone, lambda: super(ExamAdmin, self).changelist_view(request, context))

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return exam_entry_view(self, request, exam=None)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        exam = self.exam_or_404(request, object_id)
        if not self.has_view_permission(request, exam):
            raise Http404("exam not found")
        return exam_entry_view(self, request, exam=exam)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        exam = self.exam_or_404(request, object_id)
        if not self.has_view_permission(request, exam):
            raise Http404("exam not found")
        return exam_history_view(self, request, exam)

    # ---- columns ----

    @admin.display(description="exam", ordering="-id")
    def exam_name(self, exam: Exam) -> str:
        return f"Exam {exam.pk}"

    @admin.display(description="examined", ordering="performed_at")
    def examined(self, exam: Exam) -> str:
        return timezone.localtime(exam.performed_at).strftime("%Y-%m-%d %H:%M")

    @admin.display(description="patient", ordering="patient__identifier_value")
    def patient_identifier(self, exam: Exam) -> str:
        return format_html(
            '<span title="{}">{}</span>', exam.patient.identifier_value, exam.patient.identifier_value
        )

    @admin.display(description="urgency", ordering="current_decision__urgency")
    def urgency(self, exam: Exam) -> str:
        if exam.current_decision is None:
            return "—"
        value = exam.current_decision.urgency
        badge = format_html('<span class="nx-urgency nx-urgency-{}">{}</span>', value, value)
        if getattr(exam, "strength_fell", False):
            fell = format_html(
                '<span class="nx-strength-fell" title="{}">{}</span>',
                "An MRC grade fell by a whole grade or more since the exam before",
                "MRC ↓",
            )
            return format_html("{} {}", badge, fell)
        return badge

    @admin.display(description="red flags")
    def red_flag_list(self, exam: Exam) -> str:
        flags = exam.current_decision.red_flags if exam.current_decision else []
        if not flags:
            return "—"
        chips = format_html_join(
            " ", '<span class="nx-flag">{}</span>', ((red_flag_short(code),) for code in flags)
        )
        return format_html('<span class="nx-flags" title="{}">{}</span>', red_flag_list_words(flags), chips)

    @admin.display(description="likely lesion")
    def lesion(self, exam: Exam) -> str:
        decision = exam.current_decision
        if decision is None or decision.lesion_site is None:
            return "—"
        words = site_words(decision.lesion_site, decision.lesion_side)
        return format_html('<span title="{}">{}</span>', words, words)

    @admin.display(description="history")
    def history_link(self, exam: Exam) -> str:
        url = reverse("admin:exams_exam_history", args=[exam.pk])
        versions = f"{exam.version} version{'s' if exam.version != 1 else ''}"
        return format_html(
            '<a href="{}" class="nx-history-link" title="{}">History ({})</a>', url, versions, exam.version
        )


@admin.register(Patient)
class PatientAdmin(PatientModelAdmin):
    """Patients are created by recording an exam; here they are looked up, not edited."""

    list_display = ("identifier_value", "identifier_system", "birth_date", "sex", "exams_link")
    search_fields = ("identifier_value",)
    search_help_text = "Search by the patient's identifier or its beginning, in any case."
    ordering = ("identifier_value",)
    show_full_result_count = False
    fields = (
        "identifier_system",
        "identifier_value",
        "birth_date",
        "sex",
        "created_at",
        "exam_list",
        "course",
    )
    readonly_fields = fields

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Patient], search_term: str
    ) -> tuple[QuerySet[Patient], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(patient_search_condition(term)), False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().changelist_view(request, {"title": "Patients", **(extra_context or {})})

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        zone = clinic_time_zone(request)
        patient = self.get_object(request, object_id)
        words = {}
        if patient is not None:
            words = {"title": f"Patient {patient.identifier_value}", "subtitle": None}
        context = {**words, **(extra_context or {})}
        view = super().change_view
        return in_clinic_time(zone, lambda: view(request, object_id, form_url, context))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Patient]:
        scope = clinic_scope(request)
        return Patient.objects.none() if scope is None else Patient.objects.filter(**scope)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_read_clinic(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Patient | None = None) -> bool:
        return may_read_clinic(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Patient | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Patient | None = None) -> bool:
        return False

    @admin.display(description="exams")
    def exams_link(self, patient: Patient) -> str:
        return format_html('<a href="{}">exams</a>', patient_exams_url(patient.pk))

    @staticmethod
    def _course(patient: Patient) -> list[CourseExam]:
        """The patient's exams, read once for the page's two fields (``patient_course``)."""
        cached: list[CourseExam] | None = getattr(patient, "_nx_course", None)
        if cached is None:
            cached = patient_course(patient_id=patient.pk)
            patient._nx_course = cached  # type: ignore[attr-defined]
        return cached

    @admin.display(description="exams")
    def exam_list(self, patient: Patient) -> str:
        """Every exam of the patient, newest first, with its urgency and likely lesion, and a mark
        on those whose strength fell since the exam before."""
        rows = [
            (
                reverse("admin:exams_exam_change", args=[item.exam.pk]),
                item.exam.pk,
                timezone.localtime(item.exam.performed_at).strftime("%Y-%m-%d %H:%M"),
                item.exam.current_decision.urgency if item.exam.current_decision else "none",
                site_words(item.exam.current_decision.lesion_site, item.exam.current_decision.lesion_side)
                if item.exam.current_decision
                else "—",
                format_html(' · <strong class="nx-strength-fell">{}</strong>', "strength fell")
                if item.strength_fell
                else "",
            )
            for item in reversed(self._course(patient))
        ]
        if not rows:
            return "—"
        items = format_html_join(
            "",
            '<li><a href="{}">Exam {}</a> · {} · '
            '<span class="nx-urgency nx-urgency-{}">{}</span> · {}{}</li>',
            (
                (url, pk, when, urgency, urgency, lesion, fell)
                for url, pk, when, urgency, lesion, fell in rows
            ),
        )
        return format_html('<ul class="nx-patient-exams">{}</ul>', items)

    @admin.display(description="MRC grades over time")
    def course(self, patient: Patient) -> str:
        """The muscles that were ever weak, grade by exam, the latest change of each drawn thick."""
        points = [
            CoursePoint(
                performed_at=item.exam.performed_at,
                label=f"{timezone.localtime(item.exam.performed_at):%d %b %Y}",
                grades=item.grades,
            )
            for item in self._course(patient)
        ]
        chart = course_chart_svg(points)
        return chart if chart is not None else "No muscle was ever weak."


def patient_exams_url(patient_id: int) -> str:
    """The worklist narrowed to one patient's exams (by id: a prefix search could match others)."""
    return reverse("admin:exams_exam_changelist") + "?" + urlencode({"patient__id__exact": patient_id})
