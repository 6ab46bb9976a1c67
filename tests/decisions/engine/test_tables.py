"""The knowledge tables themselves: complete over the vocabulary, no dangling names, all sourced."""

from __future__ import annotations

import math

import pytest

from decisions.engine.knowledge.anatomy import (
    MUSCLES,
    NERVES,
    REFLEXES,
    REGIONS,
    SPECIAL_TESTS,
    TENDON_REFLEX_SOURCES,
    nerve_family,
)
from decisions.engine.knowledge.caveats import CAVEATS
from decisions.engine.knowledge.presentations import PRESENTATIONS
from decisions.engine.knowledge.recommendations import ADVISE_AGAINST, STUDY_RULES
from decisions.engine.knowledge.red_flags import RED_FLAG_RULES
from decisions.engine.knowledge.site_profiles import PROFILE_SOURCES
from decisions.engine.knowledge.sites import SITE_ROWS, SITE_TABLE, check_site_table, limb_predictions
from decisions.engine.knowledge.sources import SOURCES
from decisions.engine.knowledge.thresholds import THRESHOLDS
from decisions.engine.knowledge.weights import CHANNELS, SCORING_SOURCES
from decisions.engine.localize import HYPOTHESES
from decisions.engine.observations import HISTORY_ITEMS
from decisions.engine.rules import check_condition_names
from decisions.engine.vocabulary import (
    HISTORY_BOOLEAN_KEYS,
    ROOTS,
    SITES,
    Muscle,
    RedFlagCode,
    Reflex,
    SensoryRegion,
    SpecialTest,
)

KNOWN_ROOTS = {"C5", "C6", "C7", "C8", "T1", *ROOTS, "S2", "S3", "S4", "S5"}


def _all_source_lists() -> list[tuple[str, tuple[str, ...]]]:
    rows: list[tuple[str, tuple[str, ...]]] = []
    rows += [(f"muscle {k}", r.sources) for k, r in MUSCLES.items()]
    rows += [(f"reflex {k}", r.sources) for k, r in REFLEXES.items()]
    rows += [(f"region {k}", r.sources) for k, r in REGIONS.items()]
    rows += [(f"nerve {k}", r.sources) for k, r in NERVES.items()]
    rows += [(f"test {k}", r.sources) for k, r in SPECIAL_TESTS.items()]
    rows += [(f"site {r.site}", r.sources) for r in SITE_ROWS]
    rows += [(f"red flag {r.code}", r.sources) for r in RED_FLAG_RULES]
    rows += [(f"study rule {r.name}", r.sources) for r in STUDY_RULES]
    rows += [(f"advice {r.name}", r.sources) for r in ADVISE_AGAINST]
    rows += [(f"caveat {r.name}", r.sources) for r in CAVEATS]
    rows += [(f"channel {k}", r.sources) for k, r in CHANNELS.items()]
    rows += [("scoring", SCORING_SOURCES)]
    rows += [(f"presentation {r.name}", r.sources) for r in PRESENTATIONS]
    rows += [(f"threshold {r.name}", r.sources) for r in THRESHOLDS]
    rows += [("tendon reflexes", TENDON_REFLEX_SOURCES)]
    rows += [(f"site profile {name}", sources) for name, sources in PROFILE_SOURCES]
    return rows


def test_every_vocabulary_item_has_a_row() -> None:
    assert set(MUSCLES) == set(Muscle)
    assert set(REFLEXES) == set(Reflex)
    assert set(REGIONS) == set(SensoryRegion)
    assert set(SPECIAL_TESTS) == set(SpecialTest)
    assert set(SITE_TABLE) == set(SITES)
    assert check_site_table() == []


def test_every_red_flag_code_has_a_rule() -> None:
    assert {rule.code for rule in RED_FLAG_RULES} == set(RedFlagCode)


@pytest.mark.parametrize(("row", "sources"), _all_source_lists(), ids=lambda v: str(v)[:40])
def test_every_row_cites_known_sources(row: str, sources: tuple[str, ...]) -> None:
    assert sources, f"{row} cites nothing"
    assert [key for key in sources if key not in SOURCES] == [], row


def test_lower_limb_root_weights_sum_to_one_and_name_real_roots() -> None:
    for table in (MUSCLES, REFLEXES):
        for name, row in table.items():
            assert set(row.roots) <= KNOWN_ROOTS, name
            assert math.isclose(sum(row.roots.values()), 1.0, abs_tol=1e-9), name


def test_regions_name_real_dermatomes_and_nerves() -> None:
    for name, row in REGIONS.items():
        assert set(row.dermatomes) <= KNOWN_ROOTS, name
        assert set(row.nerves) <= set(NERVES), name


def test_nerves_and_branches_resolve() -> None:
    for name, row in NERVES.items():
        assert set(row.branches) <= set(NERVES), name
        assert set(row.muscles) <= {m.value for m in Muscle}, name
        assert name in nerve_family(name)
    assert {row.nerve for row in MUSCLES.values()} <= set(NERVES)
    assert {row.nerve for row in REFLEXES.values()} <= set(NERVES)


def test_sites_name_real_nerves_and_tests_point_to_real_sites() -> None:
    for row in SITE_ROWS:
        assert set(row.nerves) <= set(NERVES), row.site
    for test, row in SPECIAL_TESTS.items():
        assert set(row.points_to) <= set(SITES), test


def test_site_predictions_name_only_observable_items() -> None:
    observable = (
        {f"weak:{m.value}" for m in Muscle}
        | {f"painful:{m.value}" for m in Muscle}
        | {f"hypo:{r.value}" for r in Reflex}
        | {f"hyper:{r.value}" for r in Reflex}
        | {f"sens:{r.value}" for r in SensoryRegion}
        | {f"test:{t.value}" for t in SpecialTest}
        | {"babinski"}
    )
    axial = {key for key, _attribute in HISTORY_ITEMS} | {"hx:sudden", "level:thoracic", "level:lumbar"}
    for row in SITE_ROWS:
        assert set(limb_predictions(row)) <= observable, row.site
        assert set(row.axial) <= axial, row.site
        for explain, expect in [*limb_predictions(row).values(), *row.axial.values()]:
            assert 0.0 <= explain <= 1.0, row.site
            assert 0.0 <= expect <= 1.0, row.site


def test_every_site_explains_something() -> None:
    for row in SITE_ROWS:
        predictions = limb_predictions(row)
        assert any(explain > 0 for explain, _ in predictions.values()), row.site


def test_channels_cover_every_observation_kind() -> None:
    assert {key for key, _ in HISTORY_ITEMS} <= set(CHANNELS)
    assert {"weak", "painful", "hypo", "hyper", "babinski", "sens", "test", "level", "hx:sudden"} <= set(
        CHANNELS
    )
    assert {attribute for _, attribute in HISTORY_ITEMS} <= set(HISTORY_BOOLEAN_KEYS)


def test_rules_name_only_defined_facts() -> None:
    for rule in RED_FLAG_RULES:
        assert check_condition_names(rule.trigger) == [], rule.code
        for condition, _urgency in rule.urgency_when:
            assert check_condition_names(condition) == [], rule.code
    for study_rule in STUDY_RULES:
        assert check_condition_names(study_rule.when) == [], study_rule.name
    for advice in ADVISE_AGAINST:
        assert check_condition_names(advice.when) == [], advice.name
    for caveat in CAVEATS:
        assert check_condition_names(caveat.when) == [], caveat.name


def test_every_site_side_is_a_hypothesis() -> None:
    expected = {(row.site, side) for row in SITE_ROWS for side in row.sides}
    assert {(h.row.site, h.side) for h in HYPOTHESES} == expected
