"""Credentials: a token passed in, QGIS's "ESRI token" authcfg, or a username/password (a Basic authcfg or
arguments) exchanged for a token with generateToken and renewed when it expires.

Tokens travel only in the `X-Esri-Authorization: Bearer` header or a POST body (never in a URL), and never
appear in messages: `secrets()` lists what the gateway scrubs from every error text.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from .errors import (
    ArcGisAuthError,
    ArcGisCredentialError,
    ArcGisError,
    ArcGisNetworkError,
    ArcGisParameterError,
    ArcGisServiceError,
)
from .feedback import Feedback
from .i18n import tr

if TYPE_CHECKING:
    from .http import Gateway

DEFAULT_TOKEN_MINUTES = 60.0
WEB_TIER = "web-tier"  # marks a server that authenticates at the web server (HTTP Basic), not with tokens


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def rest_root(service_url: str) -> str:
    """http://host/arcgis/rest/services/World/MapServer → http://host/arcgis/rest."""
    lowered = service_url.lower()
    index = lowered.find("/rest/")
    if index >= 0:
        return service_url[: index + len("/rest")]
    if lowered.endswith("/rest"):
        return service_url
    return service_url.rstrip("/") + "/rest"


class Credential:
    """No token; subclasses provide one."""

    renewable = False

    @property
    def identity(self) -> str:
        """A stable, secret-free key for caches (service info is cached per URL and identity)."""
        return "anonymous"

    def token(self, gateway: Gateway, service_url: str, feedback: Optional[Feedback] = None) -> Optional[str]:
        return None

    def renew(self, gateway: Gateway, service_url: str, feedback: Optional[Feedback] = None) -> Optional[str]:
        return None

    def secrets(self, gateway: Optional[Gateway] = None) -> list[str]:
        return []

    def basic_authorization(self, gateway: Gateway, service_url: str) -> Optional[str]:
        return None


class StaticToken(Credential):
    """A token the caller already has (or QGIS's ESRI-token authcfg holds)."""

    def __init__(self, token: str, source: str = "token") -> None:
        if not isinstance(token, str) or not token.strip():
            raise ArcGisParameterError(tr("The token is empty."))
        self._token = token.strip()
        self._source = source

    @property
    def identity(self) -> str:
        return f"{self._source}:{_digest(self._token)}"

    def token(self, gateway: Gateway, service_url: str, feedback: Optional[Feedback] = None) -> Optional[str]:
        return self._token

    def secrets(self, gateway: Optional[Gateway] = None) -> list[str]:
        return [self._token]


@dataclass
class _IssuedToken:
    token: str
    expires_ms: Optional[float]
    issued_at: float

    def fresh(self, now: float) -> bool:
        """Whether the token is still good at `now` (seconds since the epoch, the token store's clock)."""
        if self.expires_ms is None:
            return True
        now_ms = now * 1000.0
        lifetime = max(self.expires_ms - self.issued_at * 1000.0, 0.0)
        margin = min(60_000.0, lifetime * 0.1)  # renew a little before the server would refuse it
        return now_ms < self.expires_ms - margin


class UsernamePassword(Credential):
    """Exchanges a username and password for a token (generateToken, found through <rest>/info)."""

    renewable = True

    def __init__(
        self,
        username: str,
        password: str,
        *,
        expiration_minutes: float = DEFAULT_TOKEN_MINUTES,
        source: str = "user",
        referer: Optional[str] = None,
    ) -> None:
        if not username or password is None:
            raise ArcGisParameterError(tr("A username and a password are needed to request a token."))
        self.username = username
        self._password = password
        self.expiration_minutes = expiration_minutes
        self._source = source
        self.referer = referer

    @property
    def _key(self) -> str:
        return f"{self.username}:{_digest(self._password)}"

    @property
    def identity(self) -> str:
        # The password is part of it: another password must not reuse this one's cached answers or token.
        return f"{self._source}:{self.username}:{_digest(self._password)}"

    def secrets(self, gateway: Optional[Gateway] = None) -> list[str]:
        issued = [t.token for t in gateway.session.tokens.issued_for(self._key)] if gateway is not None else []
        pair = base64.b64encode(f"{self.username}:{self._password}".encode()).decode("ascii")
        return [self._password, pair, *issued]

    def token_service_url(self, gateway: Gateway, service_url: str, feedback: Optional[Feedback] = None) -> str:
        """generateToken's URL (from <rest>/info authInfo), or WEB_TIER when the server does not use tokens."""
        root = rest_root(service_url)
        known = gateway.session.tokens.token_url(root)
        if known is not None:
            return known
        url = root[: -len("/rest")] + "/tokens/generateToken" if root.endswith("/rest") else root + "/generateToken"
        try:
            info = gateway.request_json(root + "/info", {}, feedback=feedback, authenticate=False)
            auth_info = info.get("authInfo") if isinstance(info, dict) else None
            advertised = auth_info.get("tokenServicesUrl") if isinstance(auth_info, dict) else None
            if isinstance(advertised, str) and advertised.startswith(("http://", "https://")):
                if service_url.lower().startswith("https://") and advertised.lower().startswith("http://"):
                    # Never send the password in clear text because a server's info says so.
                    raise ArcGisParameterError(
                        tr(
                            "The server asks for the password over plain http although the service uses https; "
                            "refusing to send it."
                        )
                    )
                url = advertised.rstrip("/")
                if not url.lower().endswith("/generatetoken"):
                    url += "/generateToken"
            elif isinstance(auth_info, dict) and auth_info.get("isTokenBasedSecurity") is False:
                url = WEB_TIER
        except (ArcGisAuthError, ArcGisParameterError):
            raise
        except ArcGisNetworkError as error:
            if error.http_status in (401, 403):
                url = WEB_TIER  # the web server itself asks for the credentials (IIS/Apache "web-tier" security)
        except ArcGisError:  # an old server without /rest/info: use the conventional address
            pass
        gateway.session.tokens.set_token_url(root, url)
        return url

    def basic_authorization(self, gateway: Gateway, service_url: str) -> Optional[str]:
        """The HTTP Basic header value for servers secured at the web tier (no tokens there), else None."""
        if gateway.session.tokens.token_url(rest_root(service_url)) != WEB_TIER:
            return None
        pair = f"{self.username}:{self._password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    def token(self, gateway: Gateway, service_url: str, feedback: Optional[Feedback] = None) -> Optional[str]:
        token_url = self.token_service_url(gateway, service_url, feedback)
        if token_url == WEB_TIER:
            return None
        tokens = gateway.session.tokens
        issued = tokens.get(token_url, self._key)
        if issued is not None and issued.fresh(tokens.clock()):
            return issued.token
        return self._generate(gateway, token_url, feedback)

    def renew(self, gateway: Gateway, service_url: str, feedback: Optional[Feedback] = None) -> Optional[str]:
        token_url = self.token_service_url(gateway, service_url, feedback)
        if token_url == WEB_TIER:
            return None
        gateway.session.tokens.drop(token_url, self._key)
        return self._generate(gateway, token_url, feedback)

    def _generate(self, gateway: Gateway, token_url: str, feedback: Optional[Feedback]) -> str:
        from .parsing import parse_token

        params = {
            "username": self.username,
            "password": self._password,
            "expiration": repr(float(self.expiration_minutes)).rstrip("0").rstrip("."),
            "client": "referer" if self.referer else "requestip",
            "f": "json",
        }
        if self.referer:
            params["referer"] = self.referer
        # Always a POST: the password must not appear in any URL.
        try:
            data = gateway.request_json(
                token_url, params, feedback=feedback, authenticate=False, method="POST", service="generateToken"
            )
        except ArcGisServiceError as error:
            # A refused username/password is an authentication failure, whatever code the server used.
            raise ArcGisAuthError(error.code, error.message, error.details, service=error.service) from None
        token, expires = parse_token(data, service="generateToken")
        tokens = gateway.session.tokens
        tokens.put(token_url, self._key, _IssuedToken(token, expires, tokens.clock()))
        return token


def credential_from_authcfg(authcfg: str, *, expiration_minutes: float = DEFAULT_TOKEN_MINUTES) -> Credential:
    """The credential a QGIS authentication configuration holds.

    "EsriToken" → its token; "Basic" (username/password) → generateToken; anything else (PKI, OAuth2, ...)
    → no token of ours, QGIS applies the configuration to each request itself.
    """
    try:
        from qgis.core import QgsApplication, QgsAuthMethodConfig
    except ImportError:
        raise ArcGisParameterError(tr("An authentication configuration needs QGIS.")) from None
    manager = QgsApplication.authManager()
    if manager is None:
        raise ArcGisParameterError(tr("The QGIS authentication manager is not available."))
    config = QgsAuthMethodConfig()
    if not manager.loadAuthenticationConfig(authcfg, config, True) or not config.isValid(True):
        raise ArcGisCredentialError(tr("The authentication configuration {} cannot be loaded.").format(repr(authcfg)))
    method = (config.method() or "").lower()
    if method == "esritoken":
        return StaticToken(config.config("token"), source=f"authcfg:{authcfg}")
    if method == "basic":
        return UsernamePassword(
            config.config("username"),
            config.config("password"),
            expiration_minutes=expiration_minutes,
            source=f"authcfg:{authcfg}",
        )
    return _QgisAppliedAuth(authcfg)


class _QgisAppliedAuth(Credential):
    def __init__(self, authcfg: str) -> None:
        self.authcfg = authcfg

    @property
    def identity(self) -> str:
        return f"authcfg:{self.authcfg}"
