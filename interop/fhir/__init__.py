"""FHIR R4 boundary: the exam document as Observations, the decision as ClinicalImpression,
RiskAssessment and ServiceRequest. Inbound JSON is validated with ``fhir.resources.R4B``."""
