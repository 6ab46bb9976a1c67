"""How discriminating each kind of finding is, and how strongly a recorded value counts.

These are the ruleset's ``[design]`` numbers, each anchored where the reference gives accuracy
figures: reflex asymmetry is among the most specific signs (Suri 2011, Esene 2012), sensory
testing is weakly accurate (Tawa 2017: sensitivity 0.61, specificity 0.63), MRC 5- is the least
reproducible grade (Chiro 2017), clonus and the Babinski sign are always pathological.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class ChannelWeight:
    """The weight of one kind of finding in the localization score, and whether it localizes.

    A non-localizing channel (back pain, bilateral symptoms) shifts the ranking but on its own
    never produces a lesion.
    """

    channel: str
    weight: float
    localizing: bool
    sources: tuple[str, ...]


CHANNELS: Mapping[str, ChannelWeight] = MappingProxyType(
    {
        row.channel: row
        for row in (
            ChannelWeight("weak", 1.0, True, ("MRC-Mem45", "Chiro2017-4plus", "design")),
            ChannelWeight("painful", 0.9, True, ("Henriksen2011", "PalmieriSmith2013", "design")),
            ChannelWeight("hypo", 1.4, True, ("Suri2011", "Esene2012", "Litvan1996", "design")),
            ChannelWeight("hyper", 1.4, True, ("Litvan1996", "Fuller-reflexes", "design")),
            ChannelWeight("babinski", 2.0, True, ("Fuller-reflexes", "design")),
            ChannelWeight("sens", 0.6, True, ("Tawa2017", "Suri2010-bias", "design")),
            ChannelWeight("test", 0.5, True, ("Devillé2000", "Cochrane2010", "design")),
            ChannelWeight("level", 2.0, True, ("ACR-myelopathy-2020", "Fuller-sensation", "design")),
            ChannelWeight("hx:bladder", 2.0, True, ("Lavy2022-CES", "design")),
            ChannelWeight("hx:bowel", 1.5, True, ("Lavy2022-CES", "design")),
            ChannelWeight("hx:sexual", 0.5, False, ("Lavy2022-CES", "design")),
            ChannelWeight("hx:saddle", 2.0, True, ("Lavy2022-CES", "design")),
            ChannelWeight("hx:bilateral", 0.7, False, ("Lavy2022-CES", "design")),
            ChannelWeight("hx:back_pain", 0.4, False, ("Dyck2001-LSRPN", "Preston-plexopathy", "design")),
            ChannelWeight("hx:groin_pain", 0.5, False, ("Altman1991", "JOSPT-hip-CPG", "design")),
            ChannelWeight("hx:face", 1.5, True, ("NICE-NG128", "Aroor2017-BEFAST", "design")),
            ChannelWeight("hx:speech", 1.5, True, ("NICE-NG128", "Aroor2017-BEFAST", "design")),
            ChannelWeight("hx:arm", 1.0, True, ("NICE-NG128", "Aroor2017-BEFAST", "design")),
            ChannelWeight("hx:visual", 0.7, False, ("Aroor2017-BEFAST", "design")),
            ChannelWeight("hx:balance", 0.5, False, ("Aroor2017-BEFAST", "design")),
            ChannelWeight("hx:confusion", 0.5, False, ("NICE-NG128", "design")),
            ChannelWeight("hx:headache", 0.5, False, ("NICE-NG128", "design")),
            ChannelWeight("hx:sudden", 0.6, False, ("NICE-NG128", "ROSIER-2005", "design")),
        )
    }
)

# How strongly one recorded value counts (0 = normal, 1 = clearly abnormal).
WEAK_NEAR_NORMAL = 0.3  # MRC 5-: "barely detectable", least reproducible: it never outweighs a clear pattern
PAINFUL_MILD = 0.8  # pain-limited MRC 4 or better: the weakest muscle localizes a tear (MRC <= 3: 1.0)
SEVERE_GRADE = 3.0  # MRC <= 3 without pain limitation: cannot resist the examiner
OBJECTIVE_WEAKNESS_GRADE = 4.33  # MRC <= 4+ is unequivocal weakness
REFLEX_ABSENT_UNILATERAL = 1.0
REFLEX_ABSENT_BILATERAL = 0.8
REFLEX_REDUCED_ASYMMETRIC = 0.8
REFLEX_REDUCED_UNPAIRED = 0.3
REFLEX_CLONUS = 1.0
REFLEX_BRISK_ASYMMETRIC = 0.7
REFLEX_BRISK_UNPAIRED = 0.3
SENSORY_REDUCED = 0.8
SENSORY_ABSENT = 1.0
SENSORY_INCREASED = 0.5
TEST_WITHOUT_RADICULAR_PAIN = 0.3
TEST_RADICULAR_PAIN_UNKNOWN = 0.7
TEST_BELOW_30_DEGREES = 0.5
MEDIAL_LEG_FACTOR = 0.8  # the L4 key point reads lower even in healthy people (Nature2016-malleolus)

# Scoring constants: an unexplained abnormal finding costs UNEXPLAINED per unit weight, a normal
# finding the site predicted abnormal costs SPARED per unit of its prediction.
UNEXPLAINED = 1.0
SPARED = 0.4
SOFTMAX_SHARPNESS = 7.0
CLOSE_MARGIN = 0.15  # runner-up within this share of the findings' weight: say the call is uncertain
SCORING_SOURCES = ("design", "Tawa2017", "Cochrane2010")
