"""The standard's rules, one clinical scenario each, in the style of the ISNCSCI teaching examples
(Rupp et al. 2021; ASIA's worksheet training cases). No database, no Node: the engine alone."""

from __future__ import annotations

from decisions.engine.isncsci import classify
from tests.isncsci.factories import side, worksheet
from tests.isncsci.oracle import reference_classifications


def test_sensory_level_is_the_lowest_segment_with_normal_light_touch_and_pin_prick() -> None:
    # T7 pin prick is altered on the right: the right sensory level is T6, the left T8.
    exam = worksheet(
        right=side("T8", pin_prick={"T7": "1", "T8": "1"}),
        left=side("T8"),
    )
    levels = classify(exam)["sensory_level"]
    assert levels == {"right": "T6", "left": "T8"}


def test_an_untested_point_leaves_both_readings_possible() -> None:
    # T7 not testable (a chest drain): the sensory level is T6 if T7 was abnormal, else T7.
    exam = worksheet(side("T6", light_touch={"T7": "NT"}, pin_prick={"T7": "NT"}))
    assert classify(exam)["sensory_level"]["right"] == "T6,T7"


def test_motor_level_is_the_lowest_key_muscle_of_3_or_more_with_normal_muscles_above() -> None:
    # C5 5, C6 5, C7 3, C8 2: C7 is antigravity and everything above it is normal.
    exam = worksheet(side("C7", motor={"C7": "3", "C8": "2"}))
    assert classify(exam)["motor_level"]["right"] == "C7"


def test_a_key_muscle_of_3_does_not_count_when_the_one_above_is_not_normal() -> None:
    # C6 4 then C7 3: C7 fails the rostral-normal rule, so the motor level is C6.
    exam = worksheet(side("C7", motor={"C6": "4", "C7": "3", "C8": "2"}))
    assert classify(exam)["motor_level"]["right"] == "C6"


def test_without_key_muscles_the_motor_level_follows_the_sensory_level() -> None:
    # Arms normal, sensation normal to T6: T2-L1 have no key muscle, so the motor level is T6.
    exam = worksheet(side("T6"))
    result = classify(exam)
    assert result["motor_level"] == {"right": "T6", "left": "T6"}


def test_lower_limb_motor_level_uses_the_same_rule() -> None:
    # Sensation normal to L3; hip flexors 5, knee extensors 4, ankle dorsiflexors 2.
    exam = worksheet(side("L3", motor={"L3": "4", "L4": "2"}))
    assert classify(exam)["motor_level"]["left"] == "L3"


def test_nli_is_the_most_rostral_of_the_four_levels() -> None:
    # Right T4 (sensory), left T6: the NLI is T4.
    exam = worksheet(right=side("T4"), left=side("T6"))
    result = classify(exam)
    assert result["sensory_level"] == {"right": "T4", "left": "T6"}
    assert result["neurological_level_of_injury"] == "T4"


def test_no_sacral_sparing_is_a_complete_injury_graded_a() -> None:
    exam = worksheet(side("T10"))
    result = classify(exam)
    assert result["injury_complete"] == "C"
    assert result["asia_impairment_scale"] == "A"


def test_deep_anal_pressure_alone_makes_the_injury_incomplete() -> None:
    exam = worksheet(side("T10"), anal_pressure="yes")
    result = classify(exam)
    assert result["injury_complete"] == "I"
    assert result["asia_impairment_scale"] == "B"


def test_sensory_sparing_at_s4_5_without_motor_below_is_b() -> None:
    exam = worksheet(side("T10", light_touch={"S4_5": "1"}))
    result = classify(exam)
    assert (result["injury_complete"], result["asia_impairment_scale"]) == ("I", "B")


def test_motor_function_more_than_three_levels_below_the_motor_level_makes_it_c() -> None:
    # Motor level T10; hip flexors (L2, four levels below) 1 on the right: motor incomplete.
    exam = worksheet(
        right=side("T10", light_touch={"S4_5": "1"}, motor={"L2": "1"}),
        left=side("T10", light_touch={"S4_5": "1"}),
    )
    assert classify(exam)["asia_impairment_scale"] == "C"


def test_motor_function_three_levels_below_or_closer_stays_b() -> None:
    # Motor level T12; a flicker in the hip flexors (L2, two levels below) does not count.
    exam = worksheet(side("T12", light_touch={"S4_5": "1"}, motor={"L2": "1"}))
    assert classify(exam)["asia_impairment_scale"] == "B"


def test_a_non_key_muscle_more_than_three_levels_below_tells_c_from_b() -> None:
    # Motor level T12, no key muscle below works; the lowest non-key muscle with function is
    # at L4 (more than three levels below T12) on the right: C. At L3 it would stay B.
    spared = {"light_touch": {"S4_5": "1"}}
    at_l4 = worksheet(right=side("T12", **spared, lowest_non_key_muscle="L4"), left=side("T12", **spared))
    at_l3 = worksheet(right=side("T12", **spared, lowest_non_key_muscle="L3"), left=side("T12", **spared))
    assert classify(at_l4)["asia_impairment_scale"] == "C"
    assert classify(at_l3)["asia_impairment_scale"] == "B"


def test_d_when_at_least_half_the_key_muscles_below_the_nli_grade_3_or_more() -> None:
    # NLI T12, anal contraction present: 10 key muscles below; 5 of them at 3+ is D, 4 is C
    # (left hip flexors 3, right four or three muscles at 3).
    five = {"L2": "3", "L3": "3", "L4": "3", "L5": "3", "S1": "1"}
    four = {"L2": "3", "L3": "3", "L4": "3", "L5": "2", "S1": "1"}
    d = worksheet(right=side("T12", below="1", motor=five), left=side("T12", below="1", motor={"L2": "3"}))
    c = worksheet(right=side("T12", below="1", motor=four), left=side("T12", below="1", motor={"L2": "3"}))
    assert classify({**d, "voluntary_anal_contraction": "yes"})["asia_impairment_scale"] == "D"
    assert classify({**c, "voluntary_anal_contraction": "yes"})["asia_impairment_scale"] == "C"


def test_a_normal_exam_is_e_with_intact_levels() -> None:
    result = classify(worksheet(side(), anal_contraction="yes", anal_pressure="yes"))
    assert result["neurological_level_of_injury"] == "INT"
    assert result["sensory_level"] == {"right": "INT", "left": "INT"}
    assert result["motor_level"] == {"right": "INT", "left": "INT"}
    assert result["asia_impairment_scale"] == "E"
    assert result["zone_of_partial_preservation"] == {
        "sensory_right": "NA",
        "sensory_left": "NA",
        "motor_right": "NA",
        "motor_left": "NA",
    }


def test_zones_of_partial_preservation_in_a_complete_injury() -> None:
    # Complete T6 injury; right T7-T9 partly felt, right hip flexors 1: sensory ZPP T9 right,
    # T6 left; motor ZPP L2 right, T6 left (no motor function below on the left).
    exam = worksheet(
        right=side("T6", light_touch={"T7": "1", "T8": "1", "T9": "1"}, motor={"L2": "1"}),
        left=side("T6"),
    )
    result = classify(exam)
    assert result["asia_impairment_scale"] == "A"
    assert result["zone_of_partial_preservation"] == {
        "sensory_right": "T9",
        "sensory_left": "T6",
        "motor_right": "L2",
        "motor_left": "T6",
    }


def test_zpp_does_not_apply_where_the_sacral_function_is_present() -> None:
    exam = worksheet(side("T6", light_touch={"S4_5": "1"}), anal_contraction="yes", anal_pressure="yes")
    zpp = classify(exam)["zone_of_partial_preservation"]
    assert set(zpp.values()) == {"NA"}


def test_a_starred_score_stars_what_it_influenced() -> None:
    # Left knee extensors 2* (a knee fracture, not the cord): with L3 judged abnormal the left
    # motor level would be L2, so the level carries the star.
    exam = worksheet(right=side(), left=side(motor={"L3": "2*"}), anal_contraction="yes", anal_pressure="yes")
    result = classify(exam)
    assert result["motor_level"]["right"] == "INT"
    assert result["motor_level"]["left"].endswith("*")


def test_totals_add_up_and_an_untested_score_makes_them_not_determinable() -> None:
    result = classify(worksheet(right=side("T6"), left=side("T6", motor={"L4": "NT"})))
    totals = result["totals"]
    assert totals["right"] == {
        "upper_extremity_motor": "25",
        "lower_extremity_motor": "0",
        "motor": "25",
        "light_touch": "26",
        "pin_prick": "26",
    }
    assert totals["left"]["lower_extremity_motor"] == "ND"
    assert totals["left"]["motor"] == "ND"
    assert totals["upper_extremity_motor"] == "50"
    assert totals["lower_extremity_motor"] == "ND"
    assert totals["light_touch"] == "52"


def test_the_reference_algorithm_gives_the_same_answers(oracle: None) -> None:
    """The scenarios above, run through the npm reference too, so they teach the same answers."""
    sheets = [
        worksheet(side("T6", light_touch={"T7": "NT"}, pin_prick={"T7": "NT"})),
        worksheet(side("C7", motor={"C6": "4", "C7": "3", "C8": "2"})),
        worksheet(side("T12", light_touch={"S4_5": "1"}), side("T12", lowest_non_key_muscle="L4")),
        worksheet(right=side(), left=side(motor={"L3": "2*"}), anal_contraction="yes", anal_pressure="yes"),
        worksheet(right=side("T6", light_touch={"T7": "1"}, motor={"L2": "1"}), left=side("T6")),
    ]
    assert [dict(classify(sheet)) for sheet in sheets] == reference_classifications(sheets)
