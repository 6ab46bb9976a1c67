"""FHIR R4 under /fhir/r4/ and CDS Hooks under /cds-services (mounted at the root by clinic.urls)."""

from django.urls import path

from interop.cds_hooks import views as cds
from interop.fhir import views as fhir

urlpatterns = [
    path("fhir/r4/", fhir.FhirRootApi.as_view(), name="fhir-root"),
    path("fhir/r4/Bundle/exam-<int:exam_id>", fhir.ExamBundleApi.as_view(), name="fhir-exam-bundle"),
    path("fhir/r4/Observation", fhir.ObservationSearchApi.as_view(), name="fhir-observation-search"),
    path(
        "fhir/r4/Observation/<str:resource_id>",
        fhir.ObservationReadApi.as_view(),
        name="fhir-observation-read",
    ),
    path("fhir/r4/metadata", fhir.CapabilityStatementApi.as_view(), name="fhir-metadata"),
    path("fhir/r4/CodeSystem/neuroexam", fhir.CodeSystemApi.as_view(), name="fhir-codesystem"),
    path("cds-services", cds.DiscoveryApi.as_view(), name="cds-discovery"),
    path("cds-services/<str:service_id>", cds.ServiceApi.as_view(), name="cds-service"),
    path("cds-services/<str:service_id>/feedback", cds.FeedbackApi.as_view(), name="cds-feedback"),
]
