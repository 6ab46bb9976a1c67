"""The body chart and the L1-S1 grid show what was found and what the decision implicates."""

from __future__ import annotations

import re
from typing import Any

from decisions.services import decision_evaluate
from exams.bodychart import body_chart_svg, segment_grid
from exams.documents import parse_exam_document
from tests.admin.conftest import case_exam


def _decided(case: str) -> tuple[dict[str, Any], dict[str, Any]]:
    exam = case_exam(case)
    return exam, decision_evaluate(facts=parse_exam_document(exam).to_facts())


def _regions(svg: str, **attributes: str) -> set[tuple[str, str]]:
    found = set()
    for tag in re.findall(r"<polygon [^>]*>", svg):
        if all(f'data-{key}="{value}"' in tag for key, value in attributes.items()):
            region = re.search(r'data-region="([a-z_]+)"', tag).group(1)
            side = re.search(r'data-side="([a-z]+)"', tag).group(1)
            found.add((region, side))
    return found


def test_l5_radiculopathy_shades_the_numb_skin_and_outlines_the_left_l5_dermatome():
    exam, decision = _decided("v01")
    svg = body_chart_svg(exam, decision)
    assert _regions(svg, status="reduced") == {
        ("lateral_leg", "left"),
        ("dorsum_foot", "left"),
        ("first_web_space", "left"),
    }
    outlined = set(re.findall(r'<polygon [^>]*class="region implicated"[^>]*>', svg))
    assert outlined
    assert all('data-side="left"' in tag for tag in outlined)
    assert any('data-region="first_web_space"' in tag for tag in outlined)
    assert 'data-muscle="extensor_hallucis_longus" data-side="left"' in svg
    assert 'data-muscle="quadriceps"' not in svg  # strong muscles are not marked


def test_cauda_equina_marks_both_sides_and_the_saddle():
    exam, decision = _decided("v22")
    svg = body_chart_svg(exam, decision)
    assert _regions(svg, status="absent") == {("perianal", "left"), ("perianal", "right")}
    assert 'class="region implicated" data-region="perianal" data-side="left"' in svg
    assert 'class="region implicated" data-region="perianal" data-side="right"' in svg


def test_the_segment_grid_points_the_l5_findings_at_l5():
    exam, decision = _decided("v01")
    grid = segment_grid(exam, decision)
    assert grid.segments == ("L1", "L2", "L3", "L4", "L5", "S1")
    assert grid.implicated == frozenset({"L5"})
    left = grid.totals["left"]
    assert max(range(6), key=left.__getitem__) == 4  # L5 gathers the most weight
    assert grid.totals["right"] == (0.0,) * 6
    findings = {row.finding for row in grid.rows}
    assert findings >= {"Extensor hallucis longus 4", "Medial hamstring reflex reduced"}


def test_a_normal_exam_has_no_marks_and_says_so():
    exam = case_exam("v01")
    for item in exam["motor"]:
        item["grade"] = "5"
    exam["sensory"] = [{**s, "status": "normal"} for s in exam["sensory"]]
    exam["reflexes"] = [{**r, "grade": 2} for r in exam["reflexes"]]
    exam["special_tests"] = []
    svg = body_chart_svg(exam, {"lesion": None})
    assert 'class="muscle"' not in svg
    assert "implicated" not in svg
    assert "No lesion site" in svg
    assert segment_grid(exam, {"lesion": None}).rows == ()


def test_text_in_the_chart_is_escaped():
    exam, decision = _decided("v01")
    decision["lesion"]["label"] = "<script>alert(1)</script>"
    assert "<script>" not in body_chart_svg(exam, decision)
