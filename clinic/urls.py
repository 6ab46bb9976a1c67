"""URLs: the admin, the REST API under /api/v1/, its OpenAPI schema and interactive docs."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from clinic.schema_access import SchemaAccess
from exams.admin import admin_home

api_v1: list[URLPattern | URLResolver] = [
    path("", include("exams.urls")),
    path("", include("decisions.urls")),
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
        SpectacularSwaggerView.as_view(
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
