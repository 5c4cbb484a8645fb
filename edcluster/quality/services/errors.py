"""The refusals with their own status: a write the record's state forbids (409: a review
submitted twice, feedback given twice) and a one-time link already used (410)."""

from django.core.exceptions import ValidationError


class QualityConflict(ValidationError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="conflict")


class LinkUsed(ValidationError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="gone")
