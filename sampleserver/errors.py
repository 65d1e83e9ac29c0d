"""ArcGIS-style error objects: {"error": {"code": ..., "message": ..., "details": [...]}}."""

from __future__ import annotations


class RestError(Exception):
    """Raised by handlers; the dispatcher turns it into ArcGIS's error JSON.

    ArcGIS Server answers most errors of f=json requests with HTTP 200 and the code only in the JSON,
    so `http_status` defaults to 200.
    """

    def __init__(self, code: int, message: str, details: list[str] | None = None, http_status: int = 200):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = list(details or [])
        self.http_status = http_status

    def payload(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


def invalid_parameter(name: str, detail: str) -> RestError:
    """The 400 ArcGIS sends for a parameter it cannot use."""
    return RestError(
        400, "Unable to complete operation.", [f"Invalid or missing input parameter '{name}'. {detail}".strip()]
    )


def not_found(what: str = "Service") -> RestError:
    return RestError(404, f"{what} not found", [])
