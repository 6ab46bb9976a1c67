"""ISNCSCI: classify the International Standards spinal cord injury worksheet (2019 revision).

Plain Python, no framework. The worksheet comes in as the validated ``isncsci`` object of the exam
document (spec section 4); the classification goes out as the dict of spec section 5, every value a
string in the reference algorithm's notation (``"T10"``, ``"INT"``, ``"NA"``, ``"L3,L4,INT"``,
``"B,C,D"``, ``"E*"``, ``"ND"``).

Public API::

    from decisions.engine.isncsci import classify
    classification = classify(worksheet)   # spec section 4 dict -> spec section 5 dict
"""

from __future__ import annotations

from decisions.engine.isncsci.classification import Classification, Worksheet, classify

__all__ = ["Classification", "Worksheet", "classify"]
