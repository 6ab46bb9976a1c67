"""The errors a service raises when it cannot do what it was asked, free of any web framework.

Services, the admin and the FHIR layer raise and catch these; only the API's one exception
handler (``clinic.errors``) turns them into HTTP answers, from their ``status`` and ``code``. So
nothing here imports DRF, and every app, whatever its layer, may raise them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str  # the spec's path form, e.g. "motor[3].grade"; "" for the body as a whole
    message: str
    code: str


class DomainError(Exception):
    """A request the service refuses, with a machine code and, where one is to blame, the field."""

    status: int = 400
    default_code = "bad_request"
    default_detail = "bad request"

    def __init__(self, detail: str | None = None, *, field: str | None = None, code: str | None = None):
        self.detail = detail or self.default_detail
        self.field = field
        self.code = code or self.default_code
        self.errors: tuple[FieldError, ...] = (
            (FieldError(field, self.detail, self.code),) if field is not None else ()
        )
        super().__init__(self.detail)


class DocumentInvalid(DomainError):
    """The posted document breaks the contract; ``errors`` names every offending field."""

    default_code = "invalid_document"

    def __init__(self, errors: Sequence[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = tuple(errors)


class Conflict(DomainError):
    status = 409
    default_code = "conflict"
    default_detail = "conflicts with the stored record"


class PreconditionRequired(DomainError):
    status = 428
    default_code = "precondition_required"
    default_detail = "If-Match with the current version's ETag is required to amend an exam"


class PreconditionFailed(DomainError):
    status = 412
    default_code = "precondition_failed"
    default_detail = "the exam has changed since the version named in If-Match"
