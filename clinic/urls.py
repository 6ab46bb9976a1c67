"""URLs: the admin, the REST API under /api/v1/, its OpenAPI schema and interactive docs."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

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
        SpectacularSwaggerView.as_view(
            url_name="schema",
            authentication_classes=SchemaAccess.authentication,
            permission_classes=SchemaAccess.permission,
        ),
        name="api-docs",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("", include("interop.urls")),  # /fhir/r4/ and /cds-services (FHIR and CDS Hooks)
]
