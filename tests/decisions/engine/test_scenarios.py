"""Hand-written clinical scenarios beyond the shared cases, to guard the generality of the rules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from decisions.engine import decision_document, evaluate
from tests.decisions.engine.conftest import to_facts
from tests.decisions.engine.scenarios import scenario

L, R = "left", "right"
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def decide(exam: dict[str, Any]) -> dict[str, Any]:
    return decision_document(evaluate(to_facts(exam)), computed_at=NOW)


def recs(doc: dict[str, Any]) -> dict[str, str]:
    return {rec["study"]: rec["urgency"] for rec in doc["recommendations"]}


def flags(doc: dict[str, Any]) -> set[str]:
    return {flag["code"] for flag in doc["red_flags"]}


def rank(doc: dict[str, Any], site: str) -> int:
    return [entry["site"] for entry in doc["differential"]].index(site)


def test_right_l4_radiculopathy_early_needs_no_imaging() -> None:
    doc = decide(
        scenario(
            history={
                "onset": "acute",
                "symptom_duration_days": 20,
                "back_pain": True,
                "progression": "stable",
            },
            motor={("quadriceps", R): "4", ("tibialis_anterior", R): "4+"},
            reflexes={("patellar", R): 1},
            sensory={("medial_leg", R): "reduced"},
            special_tests=[{"test": "femoral_nerve_stretch", "side": R, "result": "positive"}],
        )
    )
    assert (doc["lesion"]["site"], doc["lesion"]["side"]) == ("root:L4", R)
    assert rank(doc, "nerve:femoral") > 0
    assert doc["urgency"] == "routine"
    assert recs(doc) == {}
    not_recommended = {item["study"]: item for item in doc["not_recommended"]}
    assert "six weeks" in not_recommended["mri_lumbar_spine"]["reconsider_when"]
    assert "emg_ncs" in not_recommended


def test_deep_fibular_palsy_is_a_nerve_lesion_not_l5() -> None:
    doc = decide(
        scenario(
            history={"onset": "acute", "symptom_duration_days": 10},
            motor={("tibialis_anterior", L): "3", ("extensor_hallucis_longus", L): "3"},
            sensory={("first_web_space", L): "reduced"},
        )
    )
    assert (doc["lesion"]["site"], doc["lesion"]["side"]) == ("nerve:common_fibular", L)
    assert rank(doc, "root:L5") > 0
    assert "emg_ncs" in recs(doc)
    assert not {"mri_lumbar_spine", "mri_whole_spine"} & set(recs(doc))
    assert doc["urgency"] == "routine"


def test_anterior_cerebral_stroke_with_leg_only_weakness() -> None:
    doc = decide(
        scenario(
            history={
                "onset": "sudden",
                "facial_droop": False,
                "speech_difficulty": False,
                "arm_weakness": False,
            },
            arms=True,
            age=72,
            motor={
                ("iliopsoas", R): "3",
                ("hamstrings", R): "3",
                ("tibialis_anterior", R): "3",
                ("quadriceps", R): "4",
            },
            reflexes={("patellar", R): 3, ("achilles", R): 3},
            plantars={R: "extensor"},
        )
    )
    assert (doc["lesion"]["site"], doc["lesion"]["side"]) == ("brain", L)
    assert doc["pattern"] == "upper_motor_neuron"
    assert "stroke" in flags(doc)
    assert recs(doc)["ct_head"] == "emergency"
    assert doc["urgency"] == "emergency"


def test_cervical_myelopathy_images_the_neck_and_is_not_cauda_equina() -> None:
    doc = decide(
        scenario(
            history={"onset": "gradual", "progression": "worsening", "bilateral_leg_symptoms": True},
            arms=True,
            motor={
                ("finger_abductors", L): "4",
                ("finger_abductors", R): "4",
                ("iliopsoas", L): "4",
                ("iliopsoas", R): "4",
            },
            reflexes={("patellar", L): 3, ("patellar", R): 3, ("achilles", L): 4, ("achilles", R): 3},
            plantars={L: "extensor", R: "extensor"},
        )
    )
    assert (doc["lesion"]["site"], doc["lesion"]["side"]) == ("spinal_cord", "bilateral")
    assert "spinal_cord_compression" in flags(doc)
    assert "cauda_equina" not in flags(doc)
    assert "mri_cervical_spine" in recs(doc)


def test_tibial_neuropathy() -> None:
    doc = decide(
        scenario(
            history={"onset": "acute", "symptom_duration_days": 30},
            motor={
                ("gastrocnemius_soleus", R): "4",
                ("tibialis_posterior", R): "4",
                ("flexor_hallucis_longus", R): "4",
            },
            reflexes={("achilles", R): 1},
            sensory={("sole", R): "reduced"},
        )
    )
    assert (doc["lesion"]["site"], doc["lesion"]["side"]) == ("nerve:tibial", R)
    assert rank(doc, "root:S1") > 0


def test_painless_isolated_hip_abductor_weakness_is_superior_gluteal() -> None:
    doc = decide(
        scenario(history={"onset": "acute", "symptom_duration_days": 30}, motor={("gluteus_medius", L): "3"})
    )
    assert (doc["lesion"]["site"], doc["lesion"]["side"]) == ("nerve:superior_gluteal", L)
    assert "mri_lumbar_spine" not in recs(doc)
    assert doc["urgency"] == "routine"


def test_normal_exam_has_no_lesion_and_no_studies() -> None:
    doc = decide(scenario())
    assert doc["lesion"] is None
    assert doc["differential"] == []
    assert (doc["pattern"], doc["urgency"], doc["recommendations"]) == ("normal", "none", [])


def test_epidural_abscess_picture_is_an_emergency_with_contrast_mri() -> None:
    doc = decide(
        scenario(
            history={"onset": "acute", "fever": True, "iv_drug_use": True, "back_pain": True},
            motor={("quadriceps", L): "4", ("quadriceps", R): "4"},
            reflexes={("patellar", L): 1, ("patellar", R): 1},
        )
    )
    assert "infection_or_malignancy" in flags(doc)
    assert doc["urgency"] == "emergency"
    assert recs(doc)["mri_lumbar_spine_with_contrast"] == "emergency"
    assert "blood_tests" in recs(doc)


def test_l3_radiculopathy() -> None:
    doc = decide(
        scenario(
            history={"onset": "acute", "symptom_duration_days": 9, "back_pain": True},
            motor={("quadriceps", L): "4", ("hip_adductors", L): "4", ("iliopsoas", L): "4+"},
            reflexes={("patellar", L): 1},
            sensory={("medial_knee", L): "reduced"},
            special_tests=[{"test": "femoral_nerve_stretch", "side": L, "result": "positive"}],
        )
    )
    assert doc["lesion"]["site"] in {"root:L3", "root:L2", "root:L4"}
    assert doc["lesion"]["side"] == L


def test_sphincter_history_alone_is_cauda_equina() -> None:
    doc = decide(
        scenario(
            history={
                "onset": "acute",
                "bladder_dysfunction": True,
                "saddle_numbness": True,
                "back_pain": True,
            }
        )
    )
    assert "cauda_equina" in flags(doc)
    assert recs(doc)["mri_lumbar_spine"] == "emergency"
    assert doc["lesion"]["site"] == "cauda_equina"


def test_unrecorded_reflexes_neither_support_nor_refute() -> None:
    exam = scenario(
        history={"onset": "acute", "symptom_duration_days": 10, "back_pain": True},
        motor={
            ("extensor_hallucis_longus", R): "4",
            ("gluteus_medius", R): "4+",
            ("tibialis_posterior", R): "4+",
        },
        sensory={("dorsum_foot", R): "reduced"},
    )
    exam["reflexes"] = []
    doc = decide(exam)
    assert (doc["lesion"]["site"], doc["lesion"]["side"]) == ("root:L5", R)


def test_one_sided_exam_still_localizes() -> None:
    exam = scenario(
        history={"onset": "acute", "symptom_duration_days": 10, "back_pain": True},
        motor={("gastrocnemius_soleus", L): "4", ("gluteus_maximus", L): "4+"},
        reflexes={("achilles", L): 0},
        sensory={("lateral_foot", L): "reduced"},
    )
    for name in ("motor", "reflexes", "sensory", "plantar_responses"):
        exam[name] = [item for item in exam[name] if item["side"] == L]
    doc = decide(exam)
    assert (doc["lesion"]["site"], doc["lesion"]["side"]) == ("root:S1", L)


def test_pain_limited_weakness_is_not_a_severe_deficit() -> None:
    doc = decide(
        scenario(
            history={"onset": "gradual", "groin_pain": True},
            motor={("iliopsoas", L): "3", ("gluteus_medius", L): "3"},
            pain_limited={("iliopsoas", L), ("gluteus_medius", L)},
            special_tests=[{"test": "fadir", "side": L, "result": "positive"}],
        )
    )
    assert doc["pattern"] == "pain_limited"
    assert doc["lesion"]["site"] == "joint:hip"
    assert "severe_motor_deficit" not in flags(doc)


def test_every_decision_carries_the_ruleset_and_evidence_references() -> None:
    doc = decide(
        scenario(
            history={"onset": "acute", "symptom_duration_days": 10},
            motor={("quadriceps", L): "3"},
            reflexes={("patellar", L): 0},
        )
    )
    assert doc["ruleset"] == {"name": "lower-limb-weakness", "version": "2.1.0"}
    assert doc["computed_at"] == "2026-11-20T10:00:00Z"
    refs = [item["finding"] for item in doc["lesion"]["supporting"]]
    assert "reflexes[0]" in refs
    assert all(text["text"] for text in doc["lesion"]["supporting"])
    assert 0.0 <= doc["lesion"]["confidence"] <= 1.0


def test_cord_picture_without_a_sensory_level_images_the_whole_spine_even_with_normal_arms() -> None:
    exam = scenario(
        history={"onset": "gradual", "progression": "stable"},
        motor={("iliopsoas", L): "4", ("iliopsoas", R): "4"},
        reflexes={("patellar", L): 3, ("patellar", R): 3, ("achilles", L): 4, ("achilles", R): 4},
        plantars={L: "extensor", R: "extensor"},
    )
    doc = decide(exam)
    assert (doc["lesion"]["site"], doc["lesion"]["side"]) == ("spinal_cord", "bilateral")
    assert "spinal_cord_compression" in flags(doc)
    assert recs(doc) == {"mri_whole_spine": "urgent"}
    # Normal arms do not place a myelopathy below the neck: cervical myelopathy often starts in
    # the legs, so without a sensory level the whole spine is imaged.
    arms_normal = decide(scenario(**{**_CORD, "arms": True}))
    assert recs(arms_normal) == {"mri_whole_spine": "urgent"}
    # A thoracic sensory level places it in the thoracic cord.
    with_level = decide({**scenario(**{**_CORD, "arms": True}), "sensory_level": "T8"})
    assert recs(with_level) == {"mri_thoracic_spine": "urgent"}


_CORD: dict[str, Any] = {
    "history": {"onset": "gradual", "progression": "stable"},
    "motor": {("iliopsoas", L): "4", ("iliopsoas", R): "4"},
    "reflexes": {("patellar", L): 3, ("patellar", R): 3, ("achilles", L): 4, ("achilles", R): 4},
    "plantars": {L: "extensor", R: "extensor"},
}


def test_posterior_circulation_stroke_names_the_opposite_hemisphere() -> None:
    doc = decide(
        scenario(
            history={"onset": "sudden", "balance_loss": True, "visual_loss": True},
            arms=True,
            motor={("iliopsoas", L): "4", ("tibialis_anterior", L): "4", ("elbow_extensors", L): "4"},
            plantars={L: "extensor"},
        )
    )
    assert (doc["lesion"]["site"], doc["lesion"]["side"]) == ("brain", R)
    assert "stroke" in flags(doc)
    assert recs(doc)["ct_head"] == "emergency"


def test_gradual_hemiparesis_is_brain_imaging_without_a_stroke_flag() -> None:
    doc = decide(
        scenario(
            history={"onset": "gradual", "progression": "stable", "symptom_duration_days": 40},
            arms=True,
            motor={("iliopsoas", R): "4", ("finger_abductors", R): "4", ("wrist_extensors", R): "4"},
            reflexes={("patellar", R): 3, ("achilles", R): 3},
            plantars={R: "extensor"},
        )
    )
    assert (doc["lesion"]["site"], doc["lesion"]["side"]) == ("brain", L)
    assert "stroke" not in flags(doc)
    assert recs(doc) == {"mri_brain": "urgent"}


def test_rapid_areflexic_weakness_with_arm_involvement_raises_a_guillain_barre_caveat() -> None:
    legs = ("tibialis_anterior", "gastrocnemius_soleus", "quadriceps", "iliopsoas")
    doc = decide(
        scenario(
            history={"onset": "acute", "progression": "rapidly_worsening", "arm_weakness": True},
            arms=True,
            motor={(m, s): "3" for m in legs for s in (L, R)}
            | {("finger_abductors", L): "4", ("finger_abductors", R): "4"},
            reflexes={(r, s): 0 for r in ("patellar", "achilles", "medial_hamstring") for s in (L, R)},
        )
    )
    assert doc["urgency"] == "emergency"
    assert any("Guillain-Barre" in note for note in doc["uncertainty"])
