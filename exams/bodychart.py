"""The body chart and the L1-S1 segment grid: the exam and its decision as a picture.

``body_chart_svg`` draws both legs from the front and from the back (server-side SVG, no
external assets): regions with abnormal sensation are shaded, weak muscles are marked with
their MRC grade, and the skin regions of the root, nerve or level the decision implicates are
outlined. ``segment_grid`` tabulates which abnormal findings point at each lumbosacral segment.

Every anatomical mapping comes from the engine's tables (``decisions.engine.knowledge``), so the
picture shows the anatomy the engine reasoned with, not a second copy of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

from decisions.engine.knowledge.anatomy import MUSCLES, REFLEXES, REGIONS, SPECIAL_TESTS
from decisions.engine.knowledge.sites import SITE_TABLE, site_territory
from decisions.engine.vocabulary import (
    MRC_GRADE_VALUES,
    NOT_TESTED,
    UPPER_LIMB_MUSCLES,
    Muscle,
    Reflex,
    SensoryRegion,
    SpecialTest,
)

SEGMENTS: tuple[str, ...] = ("L1", "L2", "L3", "L4", "L5", "S1")
ABNORMAL_SENSATION = {"reduced", "absent", "increased"}
SENSORY_FILL = {
    "reduced": "#fbbf77",
    "absent": "#c2410c",
    "increased": "url(#hatch)",
    "NT": "#d4d4d4",
    "normal": "#ffffff",
}
NOT_RECORDED_FILL = "#f3f4f6"
HIGHLIGHT = "#1d4ed8"
IMPLICATED_THRESHOLD = 0.5

# Geometry: one leg is drawn around its centre line ``cx``; ``lat`` is +1 when its lateral side
# is to the viewer's right. From the front the patient's right leg is on the viewer's left.
THIGH_TOP, KNEE_TOP, LEG_TOP, FOOT_TOP, FOOT_END = 50, 160, 192, 300, 340
VIEW_ORIGIN: dict[str, int] = {"front": 10, "back": 270}
VIEW_LEGS: dict[str, dict[str, tuple[int, int]]] = {
    "front": {"right": (70, -1), "left": (170, 1)},
    "back": {"left": (330, -1), "right": (430, 1)},
}
# Where each muscle group is marked: view, height, offset towards lateral (+) or medial (-).
MUSCLE_MARKS: dict[Muscle, tuple[str, int, int]] = {
    Muscle.ILIOPSOAS: ("front", 62, -6),
    Muscle.HIP_ADDUCTORS: ("front", 105, -20),
    Muscle.QUADRICEPS: ("front", 120, 4),
    Muscle.TIBIALIS_ANTERIOR: ("front", 220, 0),
    Muscle.FIBULARIS: ("front", 262, 14),
    Muscle.EXTENSOR_HALLUCIS_LONGUS: ("front", 318, -8),
    Muscle.GLUTEUS_MEDIUS: ("back", 28, 16),
    Muscle.GLUTEUS_MAXIMUS: ("back", 40, -8),
    Muscle.HAMSTRINGS: ("back", 115, 0),
    Muscle.GASTROCNEMIUS_SOLEUS: ("back", 220, 0),
    Muscle.TIBIALIS_POSTERIOR: ("back", 268, -12),
    Muscle.FLEXOR_HALLUCIS_LONGUS: ("back", 322, -6),
}


def _rect(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    left, right = min(x0, x1), max(x0, x1)
    return [(left, y0), (right, y0), (right, y1), (left, y1)]


def _region_shapes(view: str, cx: int, lat: int) -> dict[SensoryRegion, list[tuple[float, float]]]:
    """Schematic outlines of the skin regions of one leg, in SVG coordinates."""
    if view == "front":
        return {
            SensoryRegion.GROIN: [(cx - lat * 8, 30), (cx - lat * 26, 30), (cx - lat * 26, THIGH_TOP)],
            SensoryRegion.ANTERIOR_THIGH: _rect(cx - lat * 8, 30, cx + lat * 12, KNEE_TOP),
            SensoryRegion.LATERAL_THIGH: _rect(cx + lat * 12, 30, cx + lat * 28, KNEE_TOP),
            SensoryRegion.MEDIAL_THIGH: _rect(cx - lat * 8, THIGH_TOP, cx - lat * 26, KNEE_TOP),
            SensoryRegion.MEDIAL_KNEE: _rect(cx, KNEE_TOP, cx - lat * 24, LEG_TOP),
            SensoryRegion.MEDIAL_LEG: _rect(cx, LEG_TOP, cx - lat * 20, FOOT_TOP),
            SensoryRegion.LATERAL_LEG: _rect(cx, LEG_TOP, cx + lat * 20, FOOT_TOP),
            SensoryRegion.DORSUM_FOOT: _rect(cx - lat * 8, FOOT_TOP, cx + lat * 22, FOOT_END),
            SensoryRegion.FIRST_WEB_SPACE: _rect(cx - lat * 8, FOOT_TOP + 14, cx - lat * 22, FOOT_END),
        }
    return {
        SensoryRegion.PERIANAL: _rect(cx - lat * 28, 14, cx - lat * 40, 44),
        SensoryRegion.POSTERIOR_THIGH: _rect(cx - lat * 26, THIGH_TOP, cx + lat * 28, KNEE_TOP),
        SensoryRegion.SOLE: _rect(cx - lat * 20, FOOT_TOP, cx + lat * 8, FOOT_END),
        SensoryRegion.LATERAL_FOOT: _rect(cx + lat * 8, FOOT_TOP, cx + lat * 22, FOOT_END),
    }


def _outline(view: str, cx: int, lat: int) -> str:
    """The silhouette of one leg (thigh, knee, leg, foot) as an SVG path."""
    m, lt = -lat, lat  # medial and lateral directions
    top = 30 if view == "front" else 14
    points = [
        (cx + m * 26, top),
        (cx + lt * 28, top),
        (cx + lt * 26, KNEE_TOP),
        (cx + lt * 22, LEG_TOP),
        (cx + lt * 20, FOOT_TOP),
        (cx + lt * 22, FOOT_END),
        (cx + m * 22, FOOT_END),
        (cx + m * 20, FOOT_TOP),
        (cx + m * 24, LEG_TOP),
        (cx + m * 26, KNEE_TOP),
    ]
    return "M" + " L".join(f"{x:.0f},{y:.0f}" for x, y in points) + " Z"


@dataclass(frozen=True, slots=True)
class Implicated:
    """What the decision's lesion implicates: per limb side, the skin regions to outline."""

    caption: str
    regions: Mapping[str, frozenset[SensoryRegion]] = field(default_factory=dict)
    segments: frozenset[str] = frozenset()


def implicated(decision: Mapping[str, Any] | None) -> Implicated:
    """The regions and segments of the decision's likely lesion, on the limb side(s) it affects."""
    lesion = (decision or {}).get("lesion")
    if not lesion:
        return Implicated(caption="No lesion site: nothing is outlined.")
    site, side = lesion["site"], lesion.get("side")
    row = SITE_TABLE.get(site)
    limb_sides = ["left", "right"] if side in (None, "bilateral") else [side]
    if row is not None and row.contralateral and side in ("left", "right"):
        limb_sides = ["right" if side == "left" else "left"]
    regions = site_territory(site, IMPLICATED_THRESHOLD)
    segments = frozenset(root for root, weight in (row.roots.items() if row else ()) if weight >= 0.5)
    label = lesion.get("label") or site
    if regions:
        caption = f"Outlined in blue: the skin supplied by the likely lesion ({label})."
    else:
        caption = f"Likely lesion: {label}; it has no skin territory of its own to outline."
    return Implicated(
        caption=caption,
        regions=dict.fromkeys(limb_sides, regions),
        segments=segments & set(SEGMENTS),
    )


def _grade_colour(grade: str) -> str:
    if grade == NOT_TESTED:
        return "#9ca3af"
    value = MRC_GRADE_VALUES[grade]
    if value <= 3:
        return "#b91c1c"
    if value < 4.3:  # 4- and 4: clear weakness against resistance
        return "#ea580c"
    return "#facc15"


def _points(shape: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{x:.0f},{y:.0f}" for x, y in shape)


def _words(value: str) -> str:
    return value.replace("_", " ")


def body_chart_svg(exam: Mapping[str, Any], decision: Mapping[str, Any] | None) -> str:
    """Both legs, front and back: sensation shaded, weak muscles marked, the lesion outlined."""
    sensation = {(s["region"], s["side"]): s["status"] for s in exam.get("sensory", [])}
    weak = [
        m
        for m in exam.get("motor", [])
        if m["muscle"] not in UPPER_LIMB_MUSCLES and (m["grade"] == NOT_TESTED or m["grade"] != "5")
    ]
    target = implicated(decision)
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 520 400" class="bodychart" role="img" '
        'aria-labelledby="bodychart-title bodychart-desc">',
        '<title id="bodychart-title">Body chart of both legs, front and back</title>',
        f'<desc id="bodychart-desc">{escape(_description(sensation, weak, target))}</desc>',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fde68a"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#b45309" stroke-width="3"/></pattern></defs>',
    ]
    for view, origin in VIEW_ORIGIN.items():
        parts.append(
            f'<text x="{origin + 110}" y="12" text-anchor="middle" class="view">'
            f"{'Front' if view == 'front' else 'Back'}</text>"
        )
        for limb, (cx, lat) in VIEW_LEGS[view].items():
            parts.append(_leg(view, limb, cx, lat, sensation, target))
        if view == "back":
            parts.append('<line x1="380" y1="14" x2="380" y2="44" stroke="#6b7280" stroke-width="1"/>')
    for item in weak:
        parts.append(_muscle_mark(item))
    if exam.get("sensory_level"):
        parts.append(
            f'<text x="260" y="392" text-anchor="middle" class="level">Sensory level at '
            f"{escape(exam['sensory_level'])} on both sides</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _leg(
    view: str,
    limb: str,
    cx: int,
    lat: int,
    sensation: Mapping[tuple[str, str], str],
    target: Implicated,
) -> str:
    parts = [f'<g class="leg {view} {limb}">', f'<path d="{_outline(view, cx, lat)}" class="outline"/>']
    outlined = target.regions.get(limb, frozenset())
    for region, shape in _region_shapes(view, cx, lat).items():
        status = sensation.get((region.value, limb))
        fill = SENSORY_FILL.get(status, NOT_RECORDED_FILL) if status else NOT_RECORDED_FILL
        stroke = f' stroke="{HIGHLIGHT}" stroke-width="3"' if region in outlined else ""
        css = "region implicated" if region in outlined else "region"
        text = f"{limb.capitalize()} {_words(region.value)}: {status or 'not recorded'}"
        parts.append(
            f'<polygon points="{_points(shape)}" fill="{fill}"{stroke} class="{css}" '
            f'data-region="{region.value}" data-side="{limb}" data-status="{status or ""}">'
            f"<title>{escape(text)}</title></polygon>"
        )
    parts.append(
        f'<text x="{cx}" y="{FOOT_END + 16}" text-anchor="middle" class="side">{limb[0].upper()}</text>'
    )
    parts.append("</g>")
    return "".join(parts)


def _muscle_mark(item: Mapping[str, Any]) -> str:
    muscle = Muscle(item["muscle"])
    view, y, offset = MUSCLE_MARKS[muscle]
    cx, lat = VIEW_LEGS[view][item["side"]]
    x = cx + lat * offset
    grade = item["grade"]
    dash = ' stroke-dasharray="3 2"' if item.get("pain_limited") else ""
    pain = ", pain-limited" if item.get("pain_limited") else ""
    text = f"{item['side'].capitalize()} {_words(muscle.value)} MRC {grade}{pain}"
    return (
        f'<g class="muscle" data-muscle="{muscle.value}" data-side="{item["side"]}">'
        f"<title>{escape(text)}</title>"
        f'<circle cx="{x}" cy="{y}" r="10" fill="{_grade_colour(grade)}" stroke="#111827"{dash}/>'
        f'<text x="{x}" y="{y + 4}" text-anchor="middle" class="grade">{escape(grade)}</text></g>'
    )


def _description(
    sensation: Mapping[tuple[str, str], str], weak: list[Mapping[str, Any]], target: Implicated
) -> str:
    abnormal = [
        f"{side} {_words(region)} {status}"
        for (region, side), status in sensation.items()
        if status in ABNORMAL_SENSATION
    ]
    muscles = [f"{m['side']} {_words(m['muscle'])} {m['grade']}" for m in weak]
    return (
        f"Abnormal sensation: {', '.join(abnormal) or 'none recorded'}. "
        f"Weak or untestable muscles: {', '.join(muscles) or 'none'}. {target.caption}"
    )


# ---- the segment grid ----


SHADE_STEPS = 10


def shade(weight: float) -> int:
    """A weight (0..1, totals capped at 1) as one of the stylesheet's shading steps 0..10.

    The page's content security policy allows no inline style, so the grid's shading is a class
    per step (``nx-w-0`` .. ``nx-w-10`` in ``exams/exam.css``), not a computed colour.
    """
    if weight <= 0:
        return 0
    return max(1, min(SHADE_STEPS, round(weight * SHADE_STEPS)))  # a small weight still shows


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of the grid: the weight shown and its shading step."""

    weight: float
    shade: int


def _cells(weights: Iterable[float]) -> tuple[GridCell, ...]:
    return tuple(GridCell(weight, shade(weight)) for weight in weights)


@dataclass(frozen=True, slots=True)
class GridRow:
    """One abnormal finding and how strongly it points at each segment (0..1)."""

    finding: str
    side: str
    weights: tuple[float, ...]

    @property
    def cells(self) -> tuple[GridCell, ...]:
        return _cells(self.weights)


@dataclass(frozen=True, slots=True)
class SegmentGrid:
    segments: tuple[str, ...]
    rows: tuple[GridRow, ...]
    totals: Mapping[str, tuple[float, ...]]  # per side, summed over the rows
    implicated: frozenset[str]

    @property
    def total_rows(self) -> list[tuple[str, tuple[GridCell, ...]]]:
        """Per side, the column totals as cells (the sums are shown, the shading caps at 1)."""
        return [(side, _cells(totals)) for side, totals in self.totals.items()]


def _weights(table: Mapping[str, float]) -> tuple[float, ...]:
    return tuple(round(table.get(segment, 0.0), 2) for segment in SEGMENTS)


def _motor_rows(exam: Mapping[str, Any]) -> Iterable[GridRow]:
    for m in exam.get("motor", []):
        muscle = Muscle(m["muscle"])
        if muscle in UPPER_LIMB_MUSCLES or m["grade"] in ("5", NOT_TESTED):
            continue
        pain = " (pain-limited)" if m.get("pain_limited") else ""
        text = f"{_words(muscle.value).capitalize()} {m['grade']}{pain}"
        yield GridRow(text, m["side"], _weights(MUSCLES[muscle].roots))


def _reflex_rows(exam: Mapping[str, Any]) -> Iterable[GridRow]:
    for r in exam.get("reflexes", []):
        reflex = Reflex(r["reflex"])
        if r["grade"] not in (0, 1) or REFLEXES[reflex].upper_limb:
            continue
        word = "absent" if r["grade"] == 0 else "reduced"
        yield GridRow(
            f"{_words(reflex.value).capitalize()} reflex {word}", r["side"], _weights(REFLEXES[reflex].roots)
        )


def _sensory_rows(exam: Mapping[str, Any]) -> Iterable[GridRow]:
    for s in exam.get("sensory", []):
        if s["status"] not in ABNORMAL_SENSATION:
            continue
        region = SensoryRegion(s["region"])
        weights = {root: min(weight, 1.0) for root, weight in REGIONS[region].dermatomes.items()}
        yield GridRow(
            f"{_words(region.value).capitalize()} sensation {s['status']}", s["side"], _weights(weights)
        )


def _test_rows(exam: Mapping[str, Any]) -> Iterable[GridRow]:
    for t in exam.get("special_tests", []):
        if t["result"] != "positive":
            continue
        test = SpecialTest(t["test"])
        roots = {site.removeprefix("root:"): w for site, w in SPECIAL_TESTS[test].points_to.items()}
        if not any(segment in roots for segment in SEGMENTS):
            continue
        yield GridRow(f"{_words(test.value).capitalize()} positive", t["side"], _weights(roots))


def _column_sums(rows: Iterable[GridRow]) -> tuple[float, ...]:
    sums = [0.0] * len(SEGMENTS)
    for row in rows:
        for index, weight in enumerate(row.weights):
            sums[index] += weight
    return tuple(round(value, 2) for value in sums)


def segment_grid(exam: Mapping[str, Any], decision: Mapping[str, Any] | None) -> SegmentGrid:
    """Which abnormal findings point at L1-S1, per side, with the implicated segments marked."""
    rows = (*_motor_rows(exam), *_reflex_rows(exam), *_sensory_rows(exam), *_test_rows(exam))
    rows = tuple(row for row in rows if any(row.weights))
    totals = {side: _column_sums(row for row in rows if row.side == side) for side in ("left", "right")}
    return SegmentGrid(SEGMENTS, rows, totals, implicated(decision).segments)
