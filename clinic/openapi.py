"""How drf-spectacular describes our authentication in the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "clinic.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The token printed by `manage.py create_api_client NAME --clinic SLUG`.",
        }


_PROBLEM = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
# Answers every operation can give, whatever its view says (clinic.errors shapes them all).
_ALWAYS = {
    "401": "No token, or a revoked or expired one.",
    "429": "Over the client's request budget; `Retry-After` says when to try again.",
}
_WITH_PATH_ID = {"404": "No such record in this clinic (or not a valid id)."}
_WITH_BODY = {
    "400": "The body breaks the contract (invalid JSON, a duplicate key, a field's value); "
    "`errors` names each field.",
    "413": "The body is larger than the server accepts.",
    "415": "The body is not `application/json`.",
}
_WITH_QUERY = {"400": "A query parameter is invalid; `errors` names it."}


def document_error_responses(result: dict[str, Any], **_: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: every operation lists the errors it can answer.

    Views document their own errors (409, 412...); the ones every request can meet (401, 429,
    404 for a path id, 400/413/415 for a body) are added here, in the problem shape, so that a
    client generated from the schema, and the schema conformance checks, know them all.
    """
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            errors = dict(_ALWAYS)
            if "{" in path:
                errors |= _WITH_PATH_ID
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                errors |= _WITH_QUERY
            if "requestBody" in operation or method in ("post", "put", "patch"):
                errors |= _WITH_BODY
            for status, description in errors.items():
                operation["responses"].setdefault(status, {"description": description, "content": _PROBLEM})
    return result
