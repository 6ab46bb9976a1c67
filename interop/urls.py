"""FHIR R4 under /fhir/r4/ and CDS Hooks under /cds-services (mounted at the root by clinic.urls)."""

from django.urls import path

from interop.cds_hooks import views as cds
from interop.fhir import views as fhir
from interop.fhir.selectors import READ_TYPES

urlpatterns = [
    path("fhir/r4/", fhir.FhirRootApi.as_view(), name="fhir-root"),
    path("fhir/r4/Bundle/exam-<int:exam_id>", fhir.ExamBundleApi.as_view(), name="fhir-exam-bundle"),
    path("fhir/r4/Observation", fhir.ObservationSearchApi.as_view(), name="fhir-observation-search"),
    *(
        route
        for resource_type in READ_TYPES
        for route in (
            path(
                f"fhir/r4/{resource_type}/<str:resource_id>",
                fhir.ResourceReadApi.as_view(resource_type=resource_type),
                name=f"fhir-{resource_type.lower()}-read",
            ),
            path(
                f"fhir/r4/{resource_type}/<str:resource_id>/_history/<str:version_id>",
                fhir.ResourceReadApi.as_view(resource_type=resource_type),
                name=f"fhir-{resource_type.lower()}-vread",
            ),
        )
    ),
    path("fhir/r4/metadata", fhir.CapabilityStatementApi.as_view(), name="fhir-metadata"),
    path("fhir/r4/CodeSystem/neuroexam", fhir.CodeSystemApi.as_view(), name="fhir-codesystem"),
    path("cds-services", cds.DiscoveryApi.as_view(), name="cds-discovery"),
    path("cds-services/<str:service_id>", cds.ServiceApi.as_view(), name="cds-service"),
    path("cds-services/<str:service_id>/feedback", cds.FeedbackApi.as_view(), name="cds-feedback"),
]
