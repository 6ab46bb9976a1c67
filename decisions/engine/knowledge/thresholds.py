"""Clinical cut-offs the named facts use (``rules.FACTS``), each with the source it rests on.

A number that decides whether a fact holds is clinical knowledge: it lives here, named and
sourced, so a reviewer can check it without reading the interpreter.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Threshold:
    name: str
    value: float
    meaning: str
    sources: tuple[str, ...]


PROXIMAL_DISTALITY = Threshold(
    "proximal_distality",
    0.3,
    "Muscles at or above this distality (hip girdle, thigh) are proximal: weakness of them on both"
    " sides is the girdle pattern of myopathy and of polyradiculoneuropathy, which no single root"
    " or length-dependent neuropathy produces.",
    ("PGMJ2013-myopathy", "EAN-PNS-GBS-2023", "design-thresholds"),
)
RUPTURE_GRADE = Threshold(
    "rupture_grade",
    3.0,
    "MRC 3 or less (no movement against the examiner's resistance) after a sudden injury,"
    " pain-limited or not, is more than a strain: a complete tear or an avulsion is suspected and"
    " needs imaging.",
    ("design-rupture-imaging", "design-thresholds"),
)
CHRONIC_DAYS = Threshold(
    "chronic_days",
    90,
    "Symptoms for three months or more are a chronic course: bilateral symptoms or signs of that"
    " age are not acute cauda equina compression by themselves.",
    ("GIRFT-CES-2023", "design-thresholds"),
)
GBS_NADIR_DAYS = Threshold(
    "gbs_nadir_days",
    56,
    "Guillain-Barre syndrome reaches its nadir within four weeks; progression beyond eight weeks is"
    " chronic inflammatory demyelinating polyradiculoneuropathy (CIDP).",
    ("EAN-PNS-GBS-2023",),
)
SPARSE_EXAM_ITEMS = Threshold(
    "sparse_exam_items",
    10,
    "With fewer examined limb items than this (power, reflexes, plantars, sensation), the"
    " localization is provisional and the decision says so.",
    ("design-sparse-exam",),
)

ELDERLY_AGE = Threshold(
    "elderly_age",
    65,
    "Age at which minor trauma with back or hip pain raises a possible fracture (ACR low back pain"
    " variant 6 'older age'; the exact cut-off is neuroexam's).",
    ("ACR-LBP-2021", "design-thresholds"),
)
RECENT_DAYS = Threshold(
    "recent_days",
    14,
    "Symptoms of the last two weeks count as recent for the cauda equina emergency route.",
    ("GIRFT-CES-2023",),
)
EMG_DAYS = Threshold(
    "emg_days",
    21,
    "Limb-muscle denervation shows on needle EMG from about three weeks after onset.",
    ("Wilbourn1998", "Cho2010-AANEM"),
)
SIX_WEEKS_DAYS = Threshold(
    "six_weeks_days",
    42,
    "Six weeks of symptoms: the point after which persistent radiculopathy may be imaged.",
    ("ACR-LBP-2021", "NICE-NG59"),
)
SIX_WEEKS = Threshold(
    "six_weeks",
    6,
    "Six weeks of conservative care, the same point counted in weeks of care.",
    ("ACR-LBP-2021",),
)
CLEARLY_ABNORMAL = Threshold(
    "clearly_abnormal",
    0.8,
    "The observation strength at which a finding counts as clearly abnormal for a fact (a femoral"
    " deficit, reflex loss): absent, or reduced against a normal other side; never a lone trace or"
    " 5- grade.",
    ("design-thresholds",),
)
COMPARISON_WINDOW_DAYS = Threshold(
    "comparison_window_days",
    84,
    "An earlier exam of the same patient is compared with today's only within twelve weeks: two"
    " six-week courses of conservative care, the span over which a radicular deficit is expected to"
    " settle or declare itself; an older exam describes another episode.",
    ("ACR-LBP-2021", "design-serial-comparison"),
)
MRC_CHANGE_GRADES = Threshold(
    "mrc_change_grades",
    1.0,
    "A muscle's strength has changed between two exams when its MRC grade moves by at least one"
    " whole grade (4 to 3, 3 to 4); a modifier step (4 to 4-) is within the examiners' disagreement.",
    ("MRC-Mem45", "design-serial-comparison"),
)

THRESHOLDS: tuple[Threshold, ...] = (
    ELDERLY_AGE,
    RECENT_DAYS,
    EMG_DAYS,
    SIX_WEEKS_DAYS,
    SIX_WEEKS,
    CLEARLY_ABNORMAL,
    PROXIMAL_DISTALITY,
    RUPTURE_GRADE,
    CHRONIC_DAYS,
    GBS_NADIR_DAYS,
    SPARSE_EXAM_ITEMS,
    COMPARISON_WINDOW_DAYS,
    MRC_CHANGE_GRADES,
)
