"""URLs: the admin, the REST API under /api/v1/, its OpenAPI schema and interactive docs."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from clinic.admin_home import admin_home
from clinic.schema_access import SchemaAccess

api_v1: list[URLPattern | URLResolver] = [
    path("", include("exams.urls")),
    path("", include("alerts.urls")),
    path(
        "schema/",
        SpectacularAPIView.as_view(
            authentication_classes=SchemaAccess.authentication, permission_classes=SchemaAccess.permission
        ),
        name="schema",
    ),
    path(
        "docs/",
        # The split view serves Swagger UI's start-up script from this URL instead of inline, so
        # the page runs under a policy that allows no inline script (clinic.security.DOCS_POLICY).
        SpectacularSwaggerSplitView.as_view(
            url_name="schema",
            authentication_classes=SchemaAccess.authentication,
            permission_classes=SchemaAccess.permission,
        ),
        name="api-docs",
    ),
]

urlpatterns = [
    # Before the admin's own URLs: the home page a clinician lands on after login is the worklist.
    path("admin/", admin.site.admin_view(admin_home)),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("", include("interop.urls")),  # /fhir/r4/ and /cds-services (FHIR and CDS Hooks)
]

# Errors no view answered (unknown URL, a crash, a refused request) in each area's shape.
handler400 = "clinic.error_pages.bad_request"
handler403 = "clinic.error_pages.permission_denied"
handler404 = "clinic.error_pages.not_found"
handler500 = "clinic.error_pages.server_error"
