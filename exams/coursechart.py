"""The patient's course as a server-side SVG: MRC grades over time for every muscle ever weak.

Drawn on the server (no script, nothing for the content security policy to allow) and in
black and grey with a dash pattern and a label per muscle, so it reads the same on paper. The
latest change of each muscle (between its last two exams) is drawn thick with its grades
("4 → 3") when it moved by at least one whole grade, the cut-off the engine uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from decisions.engine.knowledge.thresholds import MRC_CHANGE_GRADES
from decisions.engine.vocabulary import MRC_GRADE_VALUES

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 180, 20, 44
DASHES = ("", "6 3", "2 3", "10 3 2 3", "1 6", "12 6")
GREYS = ("#111827", "#374151", "#4b5563", "#111827", "#374151", "#4b5563")


@dataclass(frozen=True, slots=True)
class CoursePoint:
    performed_at: datetime
    label: str  # the exam's date as the page shows it
    grades: dict[tuple[str, str], str]  # (muscle, side) -> MRC grade of the exam's current version


def _abnormal_series(points: Sequence[CoursePoint]) -> list[tuple[str, str]]:
    weak = {
        key
        for point in points
        for key, grade in point.grades.items()
        if grade in MRC_GRADE_VALUES and MRC_GRADE_VALUES[grade] < 5.0
    }
    return sorted(weak, key=lambda key: (key[0], key[1]))


def _x(points: Sequence[CoursePoint], index: int) -> float:
    span = WIDTH - LEFT - RIGHT
    if len(points) == 1:
        return LEFT + span / 2
    first, last = points[0].performed_at, points[-1].performed_at
    total = (last - first).total_seconds() or 1.0
    return LEFT + span * (points[index].performed_at - first).total_seconds() / total


def _y(value: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (5.0 - value) / 5.0


def course_chart_svg(points: Sequence[CoursePoint]) -> SafeString | None:
    """The chart for exams in ``performed_at`` order, or None when no muscle was ever weak."""
    series = _abnormal_series(points)
    if not series:
        return None
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nx-course-chart" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="course-chart-title">',
        '<title id="course-chart-title">MRC grade over time of every muscle that was ever weak</title>',
    ]
    for grade in range(6):
        y = _y(grade)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"'
            ' stroke="#d1d5db" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12"'
            f' fill="#111827">{grade}</text>'
        )
    parts.append(
        f'<text x="12" y="{TOP + 60}" font-size="12" fill="#111827" transform="rotate(-90 12 {TOP + 60})"'
        ' text-anchor="middle">MRC grade</text>'
    )
    for index, point in enumerate(points):
        x = _x(points, index)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{HEIGHT - BOTTOM}"'
            ' stroke="#e5e7eb" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="12"'
            f' fill="#111827">{escape(point.label)}</text>'
        )
    for number, (muscle, side) in enumerate(series):
        parts += _series(points, muscle, side, number)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped or a number


def _series(points: Sequence[CoursePoint], muscle: str, side: str, number: int) -> list[str]:
    dash, colour = DASHES[number % len(DASHES)], GREYS[number % len(GREYS)]
    dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
    graded = [
        (_x(points, index), MRC_GRADE_VALUES[grade], grade)
        for index, point in enumerate(points)
        if (grade := point.grades.get((muscle, side))) in MRC_GRADE_VALUES
    ]
    name = f"{side.capitalize()} {muscle.replace('_', ' ')}"
    parts = [f'<g class="nx-course-series" data-muscle="{escape(muscle)}" data-side="{escape(side)}">']
    if len(graded) > 1:
        path = " ".join(f"{x:.1f},{_y(value):.1f}" for x, value, _ in graded)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"{dash_attribute}/>'
        )
        parts += _latest_change(graded, name)
    for x, value, _grade in graded:
        parts.append(
            f'<circle cx="{x:.1f}" cy="{_y(value):.1f}" r="3.5" fill="#fff"'
            f' stroke="{colour}" stroke-width="1.5"/>'
        )
    x, value, grade = graded[-1]
    label_y = _y(value) + 4 + 13 * (number % 3) - 13
    parts.append(
        f'<text x="{WIDTH - RIGHT + 8}" y="{label_y:.1f}" font-size="12" fill="{colour}">'
        f"{escape(name)} {escape(grade)}</text></g>"
    )
    return parts


def _latest_change(graded: list[tuple[float, float, str]], name: str) -> list[str]:
    (x1, before, grade_before), (x2, after, grade_after) = graded[-2], graded[-1]
    if abs(before - after) < MRC_CHANGE_GRADES.value - 1e-9:
        return []
    fell = after < before
    colour = "#b91c1c" if fell else "#166534"
    words = f"{name}: {grade_before} → {grade_after}"
    mid_x, mid_y = (x1 + x2) / 2, (_y(before) + _y(after)) / 2
    return [
        f'<line class="nx-course-latest nx-course-{"fell" if fell else "rose"}"'
        f' x1="{x1:.1f}" y1="{_y(before):.1f}"'
        f' x2="{x2:.1f}" y2="{_y(after):.1f}" stroke="{colour}" stroke-width="4"/>',
        f'<text x="{mid_x:.1f}" y="{mid_y - 12:.1f}" text-anchor="middle" font-size="12" font-weight="bold"'
        f' fill="{colour}" stroke="#fff" stroke-width="4" paint-order="stroke">'
        f"{escape(words)}{' (fell)' if fell else ' (better)'}</text>",
    ]
