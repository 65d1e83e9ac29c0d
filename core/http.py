"""The one network gateway of core/: every ArcGIS request goes through Gateway.

- GET when the full URL is at most 2000 characters, otherwise a POST form (MAX_GET_URL_LENGTH).
- Tokens go in the `X-Esri-Authorization: Bearer` header (and the body of POSTs), never in a URL.
- Credentials stay on their origin: a token, a Basic header or an authcfg goes only to the scheme, host and port
  they belong to (`credential_origin`, by default the request's own URL), never to a URL a server's answer points
  elsewhere (an export href, a legend swatch) nor through a redirect that leaves the origin.
- ArcGIS error payloads are detected whatever the HTTP status; 498/499 with a renewable credential
  renew the token once and retry.
- Timeouts (QGIS's network timeout setting, or an argument) and cancellation through a QgsFeedback.
- Errors are typed (core.errors) and their messages name the service and never contain a secret.
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.parse
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

from .auth import Credential, StaticToken, UsernamePassword, credential_from_authcfg
from .errors import (
    AUTH_ERROR_CODES,
    ArcGisAuthError,
    ArcGisCancelledError,
    ArcGisCredentialError,
    ArcGisError,
    ArcGisNetworkError,
    ArcGisParameterError,
    ArcGisResponseError,
    ArcGisServiceError,
    error_from_payload,
    redact,
)
from .feedback import Feedback
from .i18n import tr
from .transport import Guard, RawResponse, TransportCall, TransportError, TransportErrorKind, Waiter, qgis_running

if TYPE_CHECKING:
    from .session import Session

# A gateway call as steps: it yields each HTTP exchange it needs, gets the answer (or the transport's error thrown
# in) back, and returns its value; Gateway._drive runs it blocking, PendingCall without waiting.
Steps = Generator[TransportCall, RawResponse, Any]

MAX_GET_URL_LENGTH = 2000
DEFAULT_TIMEOUT_S = 60.0
MAX_JSON_BYTES = 64 * 1024 * 1024
TOKEN_HEADER = "X-Esri-Authorization"
MAX_REDIRECTS = 5
_AUTH_HEADERS = ("x-esri-authorization", "authorization")


_QGIS_TIMEOUT: list[float] = []  # QGIS's setting as last read on the main thread


def default_timeout() -> float:
    """QGIS's network timeout setting (seconds) inside QGIS; 60 s otherwise.

    Read on the main thread only (a Session made there reads it; worker threads use the value last read):
    QSettings built in several worker threads at once while QGIS uses its own has crashed QGIS 3.22 in its
    constructor. Through the API, not a settings key: the key moved between QGIS versions."""
    if not qgis_running():
        return DEFAULT_TIMEOUT_S
    from .mainloop import on_main_thread

    if not on_main_thread():
        return _QGIS_TIMEOUT[0] if _QGIS_TIMEOUT else DEFAULT_TIMEOUT_S
    seconds = DEFAULT_TIMEOUT_S
    try:
        from qgis.core import QgsNetworkAccessManager

        milliseconds = float(QgsNetworkAccessManager.timeout())
        if milliseconds > 0:
            seconds = milliseconds / 1000.0
    except (TypeError, ValueError, AttributeError):
        pass
    _QGIS_TIMEOUT[:] = [seconds]
    return seconds


def service_label(url: str) -> str:
    """A short readable name for messages: "World/MapServer" (path after /rest/services/), no query string."""
    path = urllib.parse.urlsplit(url).path
    marker = "/rest/services/"
    index = path.lower().find(marker)
    if index >= 0:
        label = path[index + len(marker) :]
        for kind in ("/MapServer", "/ImageServer", "/FeatureServer"):
            pos = label.lower().find(kind.lower())
            if pos >= 0:
                return label[: pos + len(kind)]
        return label.strip("/") or url
    return path or url


@dataclass
class DownloadResult:
    path: str
    content_type: str
    size: int
    status: Optional[int]


class Gateway:
    """Sends ArcGIS REST requests for one credential and turns every failure into a typed ArcGisError.

    session: the Session whose transport, timeout and tokens it uses (a private one when None; then
    transport: "qgis" | "requests" | "urllib" | None picks its transport).
    """

    def __init__(
        self,
        *,
        authcfg: Optional[str] = None,
        token: Optional[str] = None,
        username: Optional[str] = None,
        password: Optional[str] = None,
        token_expiration_minutes: float = 60.0,
        timeout: Optional[float] = None,
        transport: Optional[str] = None,
        max_get_url_length: int = MAX_GET_URL_LENGTH,
        max_json_bytes: int = MAX_JSON_BYTES,
        session: Optional[Session] = None,
    ) -> None:
        from .session import Session

        self.session = session if session is not None else Session(transport=transport)
        self.authcfg = authcfg or None
        self.timeout = timeout if timeout is not None else self.session.timeout
        self.max_get_url_length = max_get_url_length
        self.max_json_bytes = max_json_bytes
        self.transport = self.session.transport
        self.credential: Credential
        if token:
            self.credential = StaticToken(token)
        elif username:
            self.credential = UsernamePassword(username, password or "", expiration_minutes=token_expiration_minutes)
        elif self.authcfg:
            self.credential = credential_from_authcfg(self.authcfg, expiration_minutes=token_expiration_minutes)
        else:
            self.credential = Credential()
        # QGIS applies the authcfg itself (headers, PKI, proxy); a Basic one is exchanged for a token instead,
        # so the password is not sent with every request.
        self._qgis_authcfg = None if isinstance(self.credential, UsernamePassword) else self.authcfg

    # -- identity and secrets ------------------------------------------------------------------------
    @property
    def auth_identity(self) -> str:
        return self.credential.identity

    def secrets(self) -> list[str]:
        return [s for s in self.credential.secrets(self) if s]

    # -- public API ----------------------------------------------------------------------------------
    def get_json(
        self,
        url: str,
        params: Optional[dict[str, str]] = None,
        *,
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
        service: Optional[str] = None,
        credential_origin: Optional[str] = None,
    ) -> dict:
        """The decoded JSON object of `url` with `params` (f=json added); raises ArcGisError subclasses.

        credential_origin: a URL of the origin the credential belongs to (see carries_credentials)."""
        return self.request_json(
            url, params or {}, feedback=feedback, timeout=timeout, service=service, credential_origin=credential_origin
        )

    def request_json(
        self,
        url: str,
        params: dict[str, str],
        *,
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
        service: Optional[str] = None,
        authenticate: bool = True,
        method: Optional[str] = None,
        credential_origin: Optional[str] = None,
    ) -> dict:
        """request_json(url, params): as get_json, with `method` forced ("POST") when given.

        authenticate=False sends no token of ours (the token service's own requests); credential_origin: a URL of
        the origin the credential belongs to (see carries_credentials)."""
        steps = self._json_steps(url, params, feedback, timeout, service, authenticate, method, credential_origin)
        return self._drive(steps)

    def begin_json(
        self,
        url: str,
        params: dict[str, str],
        *,
        waiter: Waiter,
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
        service: Optional[str] = None,
        credential_origin: Optional[str] = None,
    ) -> PendingCall:
        """request_json without waiting: a PendingCall to poll (for a worker that drives several requests at once,
        waking on `waiter`). Its value is the decoded JSON object; it raises what request_json raises."""
        steps = self._json_steps(url, params, feedback, timeout, service, True, None, credential_origin)
        return PendingCall(self.transport, steps, waiter)

    def _json_steps(self, url, params, feedback, timeout, service, authenticate, method, credential_origin) -> Steps:
        label = service or service_label(url)
        params = dict(params)
        params.setdefault("f", "json")
        self.session.check_open(label)
        credentials = carries_credentials(url, credential_origin)
        authenticate = authenticate and credentials
        token = self._token(url, feedback, label) if authenticate else None
        try:
            return (yield from self._json_once(url, params, token, feedback, timeout, label, method, credentials))
        except ArcGisAuthError as error:
            if not (authenticate and self.credential.renewable and error.code in AUTH_ERROR_CODES):
                raise
            token = self._renew(url, feedback, label)
            return (yield from self._json_once(url, params, token, feedback, timeout, label, method, credentials))

    def download_to_file(
        self,
        url: str,
        path: Union[str, os.PathLike],
        params: Optional[dict[str, str]] = None,
        *,
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
        service: Optional[str] = None,
        authenticate: bool = True,
        report_progress: bool = False,
        credential_origin: Optional[str] = None,
    ) -> DownloadResult:
        """Streams `url` to `path` (memory stays flat). ArcGIS error payloads still raise.

        credential_origin: a URL of the origin the credential belongs to, e.g. the service's URL for an export
        href or a legend swatch a server named: another origin gets no token, Basic header or authcfg (see
        carries_credentials). report_progress: the feedback's progress follows the bytes received (when the size
        is known)."""
        steps = self._download_steps(
            url, path, params, feedback, timeout, service, authenticate, report_progress, credential_origin
        )
        return self._drive(steps)

    def begin_download(
        self,
        url: str,
        path: Union[str, os.PathLike],
        params: Optional[dict[str, str]] = None,
        *,
        waiter: Waiter,
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
        service: Optional[str] = None,
        credential_origin: Optional[str] = None,
    ) -> PendingCall:
        """download_to_file without waiting: a PendingCall to poll (see begin_json); its value is the
        DownloadResult. Closing it before it ends leaves no file behind."""
        steps = self._download_steps(url, path, params, feedback, timeout, service, True, False, credential_origin)
        return PendingCall(self.transport, steps, waiter)

    def _download_steps(
        self, url, path, params, feedback, timeout, service, authenticate, report_progress, credential_origin
    ) -> Steps:
        label = service or service_label(url)
        self.session.check_open(label)
        credentials = carries_credentials(url, credential_origin)
        authenticate = authenticate and credentials
        token = self._token(url, feedback, label) if authenticate else None
        args = (url, Path(path), dict(params or {}), feedback, timeout, label, report_progress, credentials)
        try:
            return (yield from self._download_once(token, *args))
        except ArcGisAuthError as error:
            if not (authenticate and self.credential.renewable and error.code in AUTH_ERROR_CODES):
                raise
            token = self._renew(url, feedback, label)
            return (yield from self._download_once(token, *args))

    def _drive(self, steps: Steps) -> Any:
        """Runs a call's steps with the blocking transport: each exchange it asks for, sent and waited for."""
        try:
            call = next(steps)
            while True:
                try:
                    response = call.send_with(self.transport)
                except TransportError as error:
                    call = steps.throw(error)
                    continue
                call = steps.send(response)
        except StopIteration as done:
            return done.value
        finally:
            steps.close()  # an exception from outside the steps still removes a partial download

    # -- internals -----------------------------------------------------------------------------------
    def _token(self, url: str, feedback: Optional[Feedback], label: str) -> Optional[str]:
        try:
            return self.credential.token(self, url, feedback)
        except ArcGisError as error:
            raise self._scrubbed(error, tr("Could not get a token for {}: ").format(label)) from None

    def _renew(self, url: str, feedback: Optional[Feedback], label: str) -> Optional[str]:
        try:
            return self.credential.renew(self, url, feedback)
        except ArcGisError as error:
            raise self._scrubbed(error, tr("Could not renew the token for {}: ").format(label)) from None

    def _scrubbed(self, error: ArcGisError, prefix: str = "") -> ArcGisError:
        """The same error with every secret removed from its message (and an optional prefix)."""
        secrets = self.secrets()
        text = redact(prefix + str(error), secrets)
        if isinstance(error, ArcGisServiceError):
            clone = type(error)(
                error.code,  # type: ignore[attr-defined]
                redact(error.message, secrets),
                [redact(d, secrets) for d in error.details],  # type: ignore[attr-defined]
                service=error.service,
                text=text,
            )
            return clone
        if isinstance(error, ArcGisNetworkError):
            return type(error)(text, service=error.service, http_status=error.http_status)
        return type(error)(text, service=error.service)

    def _headers(self, url: str, token: Optional[str], credentials: bool) -> dict[str, str]:
        headers = {"Accept": "application/json, */*"}
        if not credentials:
            return headers
        if token:
            headers[TOKEN_HEADER] = f"Bearer {token}"
        else:
            basic = self.credential.basic_authorization(self, url)
            if basic:
                headers["Authorization"] = basic
        return headers

    def _method(self, url: str, params: dict[str, str], forced: Optional[str]) -> str:
        if forced:
            return forced.upper()
        full = url + "?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
        return "GET" if len(full) <= self.max_get_url_length else "POST"

    def _timeout(self, timeout: Optional[float]) -> float:
        value = timeout if timeout is not None else self.timeout
        return float(value) if value is not None else default_timeout()

    def _send(
        self,
        url: str,
        params: dict[str, str],
        token: Optional[str],
        feedback: Optional[Feedback],
        timeout: Optional[float],
        label: str,
        method: Optional[str],
        credentials: bool,
        *,
        sink: Any = None,
        report_progress: bool = False,
    ) -> Steps:
        """One answer for one request (steps: yields the exchanges, returns the last answer).

        credentials=False (another origin than the credential's): no token, no
        Basic header, no authcfg. Redirects follow one rule: at most MAX_REDIRECTS, and a redirect that leaves
        the origin goes without the token (header or form field), the Basic header and the authcfg."""
        if not credentials:
            token = None
        chosen = self._method(url, params, method)
        body_params = dict(params)
        if token and chosen == "POST":
            body_params["token"] = token  # a POST body is not logged with the URL
        headers = self._headers(url, token, credentials)
        authcfg = self._qgis_authcfg if credentials else None
        # One deadline for the whole exchange, redirects included.
        guard = Guard(feedback, self._timeout(timeout), max_bytes=None if sink is not None else self.max_json_bytes)
        guard.report_progress = report_progress
        origin = _origin(url)
        try:
            for _ in range(MAX_REDIRECTS + 1):
                guard.raise_if_tripped()
                raw = yield TransportCall(chosen, url, body_params, headers, guard, authcfg, sink)
                if not raw.location:
                    return raw
                target = urllib.parse.urljoin(url, raw.location)
                if _origin(target) != origin:
                    headers = {k: v for k, v in headers.items() if k.lower() not in _AUTH_HEADERS}
                    body_params = {k: v for k, v in body_params.items() if k.lower() != "token"}
                    authcfg = None
                if raw.status == 303 or (raw.status in (301, 302) and chosen == "POST"):
                    chosen = "GET"
                if chosen == "GET":
                    body_params = {}  # the Location carries its own query string
                url = target
            raise TransportError(TransportErrorKind.REDIRECTS)
        except TransportError as error:
            raise self._transport_error(error, label, guard) from None

    def _transport_error(self, error: TransportError, label: str, guard: Guard) -> ArcGisError:
        secrets = self.secrets()
        detail = redact(_strip_urls(error.detail), secrets)
        kind = error.kind
        if kind is TransportErrorKind.CANCELLED:
            return ArcGisCancelledError(tr("The request to the service {} was cancelled.").format(label), service=label)
        if kind is TransportErrorKind.TIMEOUT:
            return ArcGisNetworkError(
                tr("The request to the service {} timed out after {} s without a complete answer.").format(
                    label, f"{guard.timeout_s:g}"
                ),
                service=label,
            )
        if kind is TransportErrorKind.QGIS_TIMEOUT:
            return ArcGisNetworkError(
                tr(
                    "The request to the service {} was stopped after {} s by QGIS's network timeout "
                    "(Settings › Options › Network)."
                ).format(label, f"{guard.elapsed():.1f}"),
                service=label,
            )
        if kind is TransportErrorKind.TOO_LARGE:
            return ArcGisResponseError(
                tr(
                    "The answer of the service {} is larger than {} MB, more than an ArcGIS JSON response should be."
                ).format(label, f"{self.max_json_bytes / (1024 * 1024):g}"),
                service=label,
            )
        if kind is TransportErrorKind.REFUSED:
            return ArcGisNetworkError(
                tr("Could not connect to the service {}: the connection was refused.").format(label), service=label
            )
        if kind is TransportErrorKind.RESET:
            return ArcGisNetworkError(
                tr("The connection to the service {} was closed before the answer was complete.").format(label),
                service=label,
            )
        if kind is TransportErrorKind.TLS:
            if detail:
                text = tr("No secure connection to the service {}: its certificate was refused (TLS error: {}).")
                return ArcGisNetworkError(text.format(label, detail), service=label)
            text = tr("No secure connection to the service {}: its certificate was refused (TLS error).")
            return ArcGisNetworkError(text.format(label), service=label)
        if kind is TransportErrorKind.WRITE:
            if detail:
                return ArcGisError(tr("The answer of the service {} could not be saved: {}.").format(label, detail))
            return ArcGisError(tr("The answer of the service {} could not be saved.").format(label))
        if kind is TransportErrorKind.REDIRECTS:
            return ArcGisNetworkError(tr("The service {} redirected more than {} times.").format(label, MAX_REDIRECTS))
        if detail:
            return ArcGisNetworkError(
                tr("The request to the service {} failed: {}.").format(label, detail), service=label
            )
        return ArcGisNetworkError(tr("The request to the service {} failed.").format(label), service=label)

    def _json_once(self, url, params, token, feedback, timeout, label, method, credentials: bool) -> Steps:
        raw = yield from self._send(url, params, token, feedback, timeout, label, method, credentials)
        return self._decode_json(raw, label)

    def _decode_json(self, raw: RawResponse, label: str) -> dict:
        secrets = self.secrets()
        data: Any = None
        parse_error = False
        body = raw.body.strip()
        if body:
            try:
                data = _loads(body)
            except (ValueError, RecursionError):
                parse_error = True
        if isinstance(data, dict) and data.get("error") is not None:
            raise error_from_payload(data, service=label, secrets=secrets)
        if raw.status is not None and raw.status >= 400:
            reason = f" {raw.reason}" if raw.reason else ""
            raise ArcGisNetworkError(
                tr("The service {} answered with HTTP error {}.").format(label, f"{raw.status}{reason}"),
                service=label,
                http_status=raw.status,
            )
        if not body:
            raise ArcGisResponseError(
                tr("The service {} sent an empty answer instead of JSON.").format(label), service=label
            )
        if parse_error:
            head = body[:200].lstrip().lower()
            if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<")):
                raise ArcGisResponseError(
                    tr(
                        "The service {} sent an HTML/XML page instead of JSON (is the URL an ArcGIS REST endpoint?)."
                    ).format(label),
                    service=label,
                )
            raise ArcGisResponseError(
                tr("The service {} sent invalid or incomplete JSON.").format(label), service=label
            )
        if not isinstance(data, dict):
            raise ArcGisResponseError(
                tr("The service {} sent JSON that is not an object ({}).").format(label, type(data).__name__),
                service=label,
            )
        return data

    def _download_once(
        self, token, url, path: Path, params, feedback, timeout, label, report_progress, credentials: bool
    ) -> Steps:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=str(path.parent))
        os.close(handle)  # reopened by name below; an open handle would block the rename on Windows
        partial = Path(partial_name)
        try:
            with open(partial, "wb") as sink:
                raw = yield from self._send(
                    url,
                    params,
                    token,
                    feedback,
                    timeout,
                    label,
                    None,
                    credentials,
                    sink=sink,
                    report_progress=report_progress,
                )
            with open(partial, "rb") as head_file:
                head = head_file.read(64).lstrip()
            # Sniff the bytes, not the content type (servers mislabel both ways): JSON here is an error payload.
            looks_json = head.startswith((b"{", b"["))
            if (raw.status is not None and raw.status >= 400) or looks_json or raw.size == 0:
                body = partial.read_bytes() if raw.size < MAX_JSON_BYTES else b""
                answer = RawResponse(raw.status, raw.content_type, body, url, raw.reason, raw.size)
                data = self._decode_json(answer, label)  # raises for error payloads and HTTP errors
                raise ArcGisResponseError(
                    tr("The service {} sent JSON where an image was expected ({}).").format(
                        label, ", ".join(list(data)[:3])
                    ),
                    service=label,
                )
            os.replace(partial, path)
            return DownloadResult(str(path), raw.content_type, raw.size, raw.status)
        finally:
            if partial.exists():
                partial.unlink()


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, Optional[int]]:
    """(scheme, host, port) with the scheme's default port filled in: http://h and http://h:80 are one origin."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:  # not a port number: compare the whole network location
        return scheme, parts.netloc.lower(), None
    return scheme, (parts.hostname or "").lower(), port if port is not None else _DEFAULT_PORTS.get(scheme)


def same_origin(a: str, b: str) -> bool:
    """Whether two URLs share scheme, host and port (a token may go to both)."""
    return _origin(a) == _origin(b)


def carries_credentials(url: str, credential_origin: Optional[str] = None) -> bool:
    """The gateway's one rule: whether a request to `url` may carry the credential (token, Basic header, authcfg).

    credential_origin: a URL of the origin the credential belongs to (the service's URL when fetching a URL a
    server's answer named, such as an export href or a legend swatch); None means the request's own URL, as for
    the service's own calls and for its token service, which the credential talks to."""
    return credential_origin is None or same_origin(url, credential_origin)


def _loads(body: bytes) -> Any:
    """JSON from bytes: UTF-8 (with or without BOM), and the Windows-1252 some old ArcGIS servers write."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = body.decode("cp1252", errors="replace")
    return json.loads(text)


def _strip_urls(text: str) -> str:
    """Drop query strings from URLs and paths quoted in transport messages (long, and they may carry anything)."""
    words = [word.split("?", 1)[0] if ("://" in word or word.startswith("/")) else word for word in text.split()]
    return urllib.parse.unquote(" ".join(words))


def check_url(url: str) -> str:
    """The service URL without query string or trailing slash; only http(s)."""
    if not isinstance(url, str) or not url.strip():
        raise ArcGisParameterError(tr("The service URL is empty."))
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        shown = urllib.parse.urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, "", ""))
        raise ArcGisParameterError(tr("{} is not an http(s) URL.").format(repr(shown)))
    if parts.username is not None or parts.password is not None:
        raise ArcGisCredentialError(
            tr("The service URL holds a user name or password; use an authentication configuration instead.")
        )
    if any(key.lower() == "token" for key, _ in urllib.parse.parse_qsl(parts.query)):
        raise ArcGisParameterError(tr("Pass the token with token=..., not in the URL (URLs get logged)."))
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


class PendingCall:
    """A gateway call in flight, driven by polling: the thread that asked for it drives several at once (the export's
    tiles are pending calls of one worker, not threads). poll() moves it on without waiting and says whether it
    ended; `value` is then its result. It raises what the blocking call raises; close() ends it early."""

    def __init__(self, transport: Any, steps: Steps, waiter: Waiter) -> None:
        self.transport, self.steps, self.waiter = transport, steps, waiter
        self.handle: Any = None
        self.done = False
        self.value: Any = None
        self._advance(lambda: next(steps))

    def _advance(self, step) -> None:
        try:
            call = step()
        except StopIteration as finished:
            self.done, self.value, self.handle = True, finished.value, None
            return
        except BaseException:
            self.close()
            raise
        self.handle = self.transport.start(call, self.waiter)

    def poll(self) -> bool:
        while not self.done:
            try:
                response = self.handle.poll()
            except TransportError as error:
                self._advance(lambda error=error: self.steps.throw(error))
                continue
            except BaseException:
                self.close()
                raise
            if response is None:
                return False
            self._advance(lambda response=response: self.steps.send(response))
        return True

    def close(self) -> None:
        """Ends the call: its request is abandoned and a partial download removed."""
        if self.handle is not None:
            self.handle.cancel()
            self.handle = None
        self.steps.close()
