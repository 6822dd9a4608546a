"""The one error type of points actions: a clear message and the HTTP status it maps to."""

from __future__ import annotations


class PointsError(Exception):
    """Raised by an action before (or instead of) storing anything; the transaction rolls back."""

    def __init__(self, message: str, status: int = 400, field: str = "") -> None:
        super().__init__(message)
        self.message = str(message)
        self.status = status
        self.field = field
