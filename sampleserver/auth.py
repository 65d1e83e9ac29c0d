"""ArcGIS Server token security: /arcgis/tokens/generateToken and the checks on secured services.

One built-in account: username `analyst`, password `analyst-pass-2026`.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

from .errors import RestError

USERNAME = "analyst"
PASSWORD = "analyst-pass-2026"
DEFAULT_EXPIRATION_MINUTES = 60.0
MAX_EXPIRATION_MINUTES = 15 * 24 * 60.0  # ArcGIS caps longer requests at the server's maximum (15 days here)
SHORT_LIVED_TOKEN_VALIDITY = 60


@dataclass
class IssuedToken:
    expires_ms: int
    referer: str | None  # set when issued with client=referer: requests must come with that Referer


class TokenStore:
    def __init__(self) -> None:
        self._tokens: dict[str, IssuedToken] = {}
        self._lock = threading.Lock()

    def generate(self, values: dict[str, str]) -> dict:
        """generateToken: {"token", "expires" (epoch ms), "ssl": false}, or the error ArcGIS sends."""
        lowered = {k.lower(): v for k, v in values.items()}
        username, password = lowered.get("username", ""), lowered.get("password", "")
        missing = [f"'{name}' must be specified." for name in ("username", "password") if not lowered.get(name)]
        if missing:
            raise RestError(400, "Unable to generate token.", missing)
        client = (lowered.get("client") or "").strip().lower()
        referer = (lowered.get("referer") or "").strip() or None
        if client == "referer" and not referer:
            raise RestError(400, "Unable to generate token.", ["'referer' must be specified."])
        if client not in ("", "referer", "requestip", "ip"):
            raise RestError(400, "Unable to generate token.", [f"Invalid client type '{client}'."])
        expiration_text = (lowered.get("expiration") or "").strip()
        try:
            minutes = float(expiration_text) if expiration_text else DEFAULT_EXPIRATION_MINUTES
        except ValueError:
            raise RestError(400, "Unable to generate token.", ["'expiration' must be a number of minutes."]) from None
        if minutes <= 0:
            minutes = DEFAULT_EXPIRATION_MINUTES
        minutes = min(minutes, MAX_EXPIRATION_MINUTES)
        if not (secrets.compare_digest(username, USERNAME) and secrets.compare_digest(password, PASSWORD)):
            raise RestError(400, "Unable to generate token.", ["Invalid username or password."])
        token = secrets.token_urlsafe(48)
        expires = int((time.time() + minutes * 60) * 1000)
        with self._lock:
            self._purge()
            self._tokens[token] = IssuedToken(expires, referer if client == "referer" else None)
        return {"token": token, "expires": expires, "ssl": False}

    def is_valid(self, token: str, referer: str | None = None) -> bool:
        with self._lock:
            issued = self._tokens.get(token)
        if issued is None or issued.expires_ms <= time.time() * 1000:
            return False
        return issued.referer is None or (referer or "").startswith(issued.referer)

    def _purge(self) -> None:
        now = time.time() * 1000
        for key in [k for k, v in self._tokens.items() if v.expires_ms <= now]:
            del self._tokens[key]


TOKENS = TokenStore()


def token_required() -> RestError:
    return RestError(499, "Token Required", [])


def invalid_token() -> RestError:
    return RestError(498, "Invalid Token", [])


def bearer(value: str | None) -> str | None:
    if value and value.strip().lower().startswith("bearer "):
        return value.strip()[7:].strip() or None
    return None


def find_token(headers, form: dict, query: dict) -> tuple[str | None, str | None]:
    """(token, source): the X-Esri-Authorization / Authorization Bearer header wins, then the form, then the URL."""
    for header in ("X-Esri-Authorization", "Authorization"):
        token = bearer(headers.get(header))
        if token:
            return token, "header"
    for source, values in (("form", form), ("query", query)):
        for key, value in values.items():
            if key.lower() == "token" and value.strip():
                return value.strip(), source
    return None, None
