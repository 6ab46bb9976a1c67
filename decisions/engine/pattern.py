"""The clinical pattern (spec section 3) from the signs and the leading site.

Upper vs lower motor neuron is read from the signs themselves (clonus, extensor plantar,
asymmetric brisk reflexes vs reduced or absent reflexes); the leading site's kind settles the
musculoskeletal (pain-limited) and myopathic patterns. A purely sensory picture, or no lesion, is
``normal`` as far as motor pattern goes (clinical-knowledge.md 5.0).
"""

from __future__ import annotations

from decisions.engine.knowledge.sites import MUSCULOSKELETAL_KINDS, SiteKind
from decisions.engine.localize import Hypothesis
from decisions.engine.observations import Findings
from decisions.engine.vocabulary import Pattern

_UMN_KINDS = frozenset({SiteKind.BRAIN, SiteKind.CORD})
_MYOPATHY, _CONUS = SiteKind.MYOPATHY, SiteKind.CONUS
_MOTOR_PREFIXES = ("weak:", "painful:", "hypo:", "hyper:", "babinski")


def _has_motor_signs(findings: Findings) -> bool:
    return any(
        strength > 0.0 and key.startswith(_MOTOR_PREFIXES) for key, strength, _w, _r in findings.observations
    )


def classify(findings: Findings, lesion: Hypothesis | None) -> Pattern:
    """One pattern for the whole exam."""
    if lesion is None or not _has_motor_signs(findings):
        return Pattern.NORMAL
    kind = lesion.row.kind
    if kind in MUSCULOSKELETAL_KINDS and findings.painful:
        return Pattern.PAIN_LIMITED
    if kind is _MYOPATHY:
        return Pattern.MYOPATHIC
    umn = any(findings.umn.values())
    lmn = bool(findings.lmn_reflex)
    if kind in _UMN_KINDS:
        return Pattern.MIXED if lmn else Pattern.UPPER_MOTOR_NEURON
    if kind is _CONUS and umn:
        return Pattern.MIXED
    return Pattern.MIXED if umn else Pattern.LOWER_MOTOR_NEURON
