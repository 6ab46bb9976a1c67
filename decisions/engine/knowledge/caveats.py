"""Caveats: situations the site vocabulary cannot name, said in words beside the decision.

Each row is a condition over history and signs, a sentence for the clinician and its sources.
They never change the site, flags or studies; they make the limits of the answer visible.
"""

from __future__ import annotations

from dataclasses import dataclass

from decisions.engine.knowledge.presentations import GBS_PICTURE
from decisions.engine.rules import Condition, all_of, any_of


@dataclass(frozen=True, slots=True)
class Caveat:
    name: str
    when: Condition
    text: str
    sources: tuple[str, ...]


CAVEATS: tuple[Caveat, ...] = (
    Caveat(
        "guillain-barre",
        GBS_PICTURE,
        "Symmetric areflexic weakness of both legs reaching the arms or both hip girdles, within"
        " eight weeks of onset: Guillain-Barre syndrome until proven otherwise. Admit; measure vital"
        " capacity and swallowing now and repeatedly (ventilatory failure can follow within hours);"
        " check electrolytes and CK to exclude metabolic mimics; nerve conduction studies and CSF"
        " support the diagnosis but must not delay treatment.",
        ("EAN-PNS-GBS-2023", "Asbury-Cornblath-1990"),
    ),
    Caveat(
        "spinal-shock",
        all_of(any_of("onset.sudden", "onset.acute"), "exam.sensory_level", "exam.bilateral_reflex_loss"),
        "Absent reflexes do not exclude an acute cord lesion (spinal shock): with a sensory level and"
        " retention, image the thoracic as well as the lumbar spine.",
        ("ACR-myelopathy-2020", "Fuller-reflexes"),
    ),
    Caveat(
        "sparse-examination",
        all_of("lesion.present", "exam.sparse"),
        "Few findings were examined: the localization is provisional and rests on them alone;"
        " complete the examination (power, reflexes, plantar responses, sensation) before acting"
        " on the site.",
        ("design-sparse-exam",),
    ),
    Caveat(
        "reflexes-not-examined",
        all_of("exam.objective_weakness", "lesion.present", "exam.no_reflexes"),
        "No reflexes were recorded: upper versus lower motor neuron and the root level rest on power and"
        " sensation alone.",
        ("design-reflexes-not-examined",),
    ),
)
