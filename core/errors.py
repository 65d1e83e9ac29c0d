"""The exceptions core/ raises. Nothing else escapes the parsers or the service methods.

ArcGisError
├── ArcGisServiceError    the server answered with an ArcGIS error object (whatever the HTTP status)
│   └── ArcGisAuthError   ... with code 498 (invalid/expired token) or 499 (token required)
├── ArcGisNetworkError    timeouts, refused/reset connections, HTTP errors without an ArcGIS error object
│   └── ArcGisCancelledError   the caller's QgsFeedback was cancelled
├── ArcGisResponseError   output that is not what ArcGIS sends (bad JSON, HTML, wrong types)
└── ArcGisParameterError  an argument core/ cannot turn into a request (also a ValueError)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .i18n import tr

AUTH_ERROR_CODES = (498, 499)

# Query-string style secrets (token=..., password=...) that must never reach a message.
_SECRET_PARAM = re.compile(r"(?i)\b(token|password|access_token)=([^&\s\"']+)")


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` with every known secret and every `token=`/`password=` value replaced by ***."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return _SECRET_PARAM.sub(lambda m: f"{m.group(1)}=***", text)


class ArcGisError(Exception):
    """Base class of every error core/ raises. `service` names the service (e.g. "World/MapServer")."""

    def __init__(self, message: str, *, service: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.service = service

    def __str__(self) -> str:
        return self.message


class ArcGisServiceError(ArcGisError):
    """The server answered with `{"error": {"code", "message", "details"}}`."""

    def __init__(
        self,
        code: int | None,
        message: str,
        details: list[str] | None = None,
        *,
        service: str | None = None,
        text: str | None = None,
    ) -> None:
        self.code = code
        self.details = list(details or [])
        super().__init__(text or _service_error_text(code, message, self.details, service), service=service)
        # `message` is the server's own message (the readable sentence is str(error)).
        self.message = message

    def __str__(self) -> str:
        return self.args[0] if self.args else self.message


class ArcGisAuthError(ArcGisServiceError):
    """498 (invalid or expired token) or 499 (token required)."""


class ArcGisNetworkError(ArcGisError):
    """The request did not get an ArcGIS answer: timeout, refused or reset connection, HTTP error status."""

    def __init__(self, message: str, *, service: str | None = None, http_status: int | None = None) -> None:
        super().__init__(message, service=service)
        self.http_status = http_status


class ArcGisCancelledError(ArcGisNetworkError):
    """The request was cancelled through its QgsFeedback."""


class ArcGisResponseError(ArcGisError):
    """The server sent something that is not what ArcGIS sends (bad JSON, HTML, wrong types)."""


class ArcGisParameterError(ArcGisError, ValueError):
    """An argument that cannot be turned into an ArcGIS request parameter."""


class ArcGisCredentialError(ArcGisParameterError):
    """A credential that cannot be used (an authentication configuration that does not load, a password in a URL):
    the user fixes it in QGIS's authentication settings (the type says so whatever the message's language)."""


def _service_error_text(code: int | None, message: str, details: list[str], service: str | None) -> str:
    if code is not None:
        if service:
            text = tr("The service {} answered with error {}: {}").format(service, code, message)
        else:
            text = tr("The ArcGIS server answered with error {}: {}").format(code, message)
    elif service:
        text = tr("The service {} answered: {}").format(service, message)
    else:
        text = tr("The ArcGIS server answered: {}").format(message)
    extra = [d for d in details if d and d != message]
    if extra:
        text += " (" + "; ".join(extra) + ")"
    if not text.endswith((".", ")")):
        text += "."
    return text


def error_from_payload(payload: dict, *, service: str | None = None, secrets: Iterable[str | None] = ()) -> ArcGisError:
    """The exception for an ArcGIS `{"error": {...}}` payload (ArcGisAuthError for 498/499)."""
    secrets = list(secrets)
    error = payload.get("error")
    if not isinstance(error, dict):
        error = {"message": str(error)}
    raw_code = error.get("code")
    try:
        code = int(raw_code) if raw_code is not None and not isinstance(raw_code, bool) else None
    except (TypeError, ValueError, OverflowError):  # "code": 1e400 is infinite, NaN is not a number
        code = None
    message = redact(str(error.get("message") or tr("Unknown error")), secrets)
    raw_details = error.get("details")
    if isinstance(raw_details, list):
        details = [redact(str(d), secrets) for d in raw_details if d is not None]
    elif raw_details:
        details = [redact(str(raw_details), secrets)]
    else:
        details = []
    cls = ArcGisAuthError if code in AUTH_ERROR_CODES else ArcGisServiceError
    return cls(code, message, details, service=service)
