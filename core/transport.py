"""Byte-level HTTP transports behind the gateway: QGIS's network stack, `requests`, or the standard library.

Each transport sends one request and returns a RawResponse (status, content type, body or streamed file).
Timeouts and cancellation work the same in all of them: a Guard watches the caller's QgsFeedback and the
clock, and the transport aborts the request when the guard trips.
"""

from __future__ import annotations

import contextlib
import io
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import IO, Any, Callable, Optional

TRANSPORT_ENV = "ARCGIS_IDENTIFY_TRANSPORT"
USER_AGENT = "arcgis-identify-qgis-plugin"
CHUNK_SIZE = 256 * 1024
MAX_REDIRECTS = 5
REDIRECT_CODES = (301, 302, 303, 307, 308)


@dataclass
class RawResponse:
    status: Optional[int]
    content_type: str
    body: bytes  # empty when streamed to a file
    url: str
    reason: str = ""
    size: int = 0


class TransportError(Exception):
    """A request that got no HTTP answer.

    kind: "timeout" | "cancelled" | "too-large" | "refused" | "reset" | "other".
    """

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail or kind)
        self.kind = kind
        self.detail = detail


class Guard:
    """Trips on the caller's cancellation, on a timeout (total or idle), or on too many bytes."""

    def __init__(self, feedback: Any, timeout_s: Optional[float], *, idle: bool, max_bytes: Optional[int]) -> None:
        self.feedback = feedback
        self.timeout_s = timeout_s
        self.idle = idle
        self.max_bytes = max_bytes
        self.started = self.last_activity = time.monotonic()
        self.received = 0
        self.reason: Optional[str] = None
        self.report_progress = False  # downloads set it: the caller's feedback then shows the bytes received

    def progress(self, received: int, total: Optional[int] = None) -> None:
        self.received = received
        self.last_activity = time.monotonic()
        if self.report_progress and total and total > 0 and hasattr(self.feedback, "setProgress"):
            self.feedback.setProgress(min(100.0, 100.0 * received / total))

    def check(self) -> Optional[str]:
        if self.reason is None:
            if self.feedback is not None and self.feedback.isCanceled():
                self.reason = "cancelled"
            elif self.max_bytes is not None and self.received > self.max_bytes:
                self.reason = "too-large"
            elif self.timeout_s is not None:
                since = self.last_activity if self.idle else self.started
                if time.monotonic() - since > self.timeout_s:
                    self.reason = "timeout"
        return self.reason

    def raise_if_tripped(self) -> None:
        if self.check():
            raise TransportError(self.reason or "other")


def _content_type(value: Optional[str]) -> str:
    return (value or "").split(";")[0].strip().lower()


def _encode(params: dict[str, str]) -> str:
    return urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


# -- requests / urllib: the blocking call runs on a helper thread so cancellation returns at once ----------
def _run_cancellable(work: Callable[[], RawResponse], guard: Guard, abort: Callable[[], None]) -> RawResponse:
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["response"] = work()
        except BaseException as error:  # handed to the calling thread
            outcome["error"] = error

    worker = threading.Thread(target=target, name="arcgis-identify-http", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.05)
        if worker.is_alive() and guard.check():
            abort()
            raise TransportError(guard.reason or "other")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"]


class RequestsTransport:
    name = "requests"

    def __init__(self) -> None:
        import requests  # noqa: F401 - fail early when it is not installed

        self._local = threading.local()

    def _session(self):
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = _token_safe_session()
        return session

    def send(
        self,
        method: str,
        url: str,
        params: dict[str, str],
        headers: dict[str, str],
        guard: Guard,
        *,
        authcfg: Optional[str] = None,
        sink: Optional[IO[bytes]] = None,
    ) -> RawResponse:
        import requests

        session = self._session()
        holder: dict[str, Any] = {}
        timeout = guard.timeout_s

        def work() -> RawResponse:
            try:
                if method == "GET":
                    full = url + ("?" + _encode(params) if params else "")
                    response = session.get(full, headers=headers, timeout=timeout, stream=True)
                else:
                    body = _encode(params)
                    hdrs = dict(headers, **{"Content-Type": "application/x-www-form-urlencoded"})
                    response = session.post(url, data=body, headers=hdrs, timeout=timeout, stream=True)
                holder["response"] = response
                with response:
                    total = _int_or_none(response.headers.get("Content-Length"))
                    body, received = _collect(response.iter_content(CHUNK_SIZE), total, guard, sink)
                    return RawResponse(
                        status=response.status_code,
                        content_type=_content_type(response.headers.get("Content-Type")),
                        body=body,
                        url=url,
                        reason=response.reason or "",
                        size=received,
                    )
            except TransportError:
                raise
            except requests.exceptions.Timeout as error:
                raise TransportError("timeout", str(error)) from None
            except requests.exceptions.ConnectionError as error:
                text = str(error)
                kind = "refused" if "refused" in text.lower() else "reset"
                raise TransportError(kind, text) from None
            except requests.exceptions.ChunkedEncodingError as error:
                raise TransportError("reset", str(error)) from None
            except requests.exceptions.RequestException as error:
                raise TransportError("other", str(error)) from None

        def abort() -> None:
            response = holder.get("response")
            if response is not None:
                # Closing from another thread may race; the worker ends either way.
                with contextlib.suppress(Exception):
                    response.close()

        return _run_cancellable(work, guard, abort)


def _token_safe_session():
    """A requests Session that drops the token (header and form field) when a redirect leaves the origin;
    requests itself only drops the standard Authorization header."""
    import requests

    class TokenSafeSession(requests.Session):
        def rebuild_auth(self, prepared_request, response):
            super().rebuild_auth(prepared_request, response)
            if self.should_strip_auth(response.request.url, prepared_request.url):
                _drop_token(prepared_request.headers, prepared_request)

    return TokenSafeSession()


def _drop_token(headers: Any, prepared_request: Any = None) -> None:
    for name in list(headers):
        if name.lower() in ("x-esri-authorization", "authorization"):
            del headers[name]
    body = getattr(prepared_request, "body", None)
    if isinstance(body, (str, bytes)) and body:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        pairs = [(k, v) for k, v in urllib.parse.parse_qsl(text, keep_blank_values=True) if k.lower() != "token"]
        prepared_request.prepare_body(_encode(dict(pairs)), None)


class _TokenSafeRedirectHandler(urllib.request.HTTPRedirectHandler):
    """urllib keeps custom headers across redirects: drop the token when the redirect leaves the origin."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(newurl) != _origin(req.full_url):
            for name in list(new.headers):
                if name.lower() in ("x-esri-authorization", "authorization"):
                    new.remove_header(name)
        return new


def _origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


class UrllibTransport:
    """Standard-library fallback outside QGIS when `requests` is not installed."""

    name = "urllib"

    def send(
        self,
        method: str,
        url: str,
        params: dict[str, str],
        headers: dict[str, str],
        guard: Guard,
        *,
        authcfg: Optional[str] = None,
        sink: Optional[IO[bytes]] = None,
    ) -> RawResponse:
        holder: dict[str, Any] = {}

        def work() -> RawResponse:
            hdrs = dict(headers)
            if method == "GET":
                request = urllib.request.Request(url + ("?" + _encode(params) if params else ""), headers=hdrs)
            else:
                hdrs["Content-Type"] = "application/x-www-form-urlencoded"
                request = urllib.request.Request(url, data=_encode(params).encode(), headers=hdrs, method="POST")
            try:
                try:
                    opener = urllib.request.build_opener(_TokenSafeRedirectHandler)
                    response = opener.open(request, timeout=guard.timeout_s)
                except urllib.error.HTTPError as http_error:
                    response = http_error
                holder["response"] = response
                with response:
                    total = _int_or_none(response.headers.get("Content-Length"))
                    chunks = iter(lambda: response.read(CHUNK_SIZE), b"")
                    body, received = _collect(chunks, total, guard, sink)
                    return RawResponse(
                        status=response.status,
                        content_type=_content_type(response.headers.get("Content-Type")),
                        body=body,
                        url=url,
                        reason=getattr(response, "reason", "") or "",
                        size=received,
                    )
            except TransportError:
                raise
            except TimeoutError as error:
                raise TransportError("timeout", str(error)) from None
            except ConnectionRefusedError as error:
                raise TransportError("refused", str(error)) from None
            except urllib.error.URLError as error:
                reason = error.reason
                if isinstance(reason, TimeoutError):
                    raise TransportError("timeout", str(reason)) from None
                kind = "refused" if isinstance(reason, ConnectionRefusedError) else "other"
                raise TransportError(kind, str(reason)) from None
            except (ConnectionError, OSError) as error:
                raise TransportError("reset", str(error)) from None
            except Exception as error:  # http.client.IncompleteRead and friends
                raise TransportError("reset", f"{type(error).__name__}: {error}") from None

        def abort() -> None:
            response = holder.get("response")
            if response is not None:
                with contextlib.suppress(Exception):
                    response.close()

        return _run_cancellable(work, guard, abort)


class QgisTransport:
    """QGIS's network stack: proxy, SSL settings, authcfg and the network logger apply.

    Every request goes through QgsNetworkAccessManager with a local event loop in the calling thread (JSON into
    memory, downloads chunk by chunk to disk). Not QgsBlockingNetworkRequest: on QGIS 3.22, cancelling it through
    its feedback can delete the reply without ending its wait loop, and a cancelled identify then never returns
    (seen with a second timeout in a reused QgsTask thread). Here the abort is queued into the reply's own thread
    and the loop always ends on the reply's `finished`.
    """

    name = "qgis"

    def send(
        self,
        method: str,
        url: str,
        params: dict[str, str],
        headers: dict[str, str],
        guard: Guard,
        *,
        authcfg: Optional[str] = None,
        sink: Optional[IO[bytes]] = None,
    ) -> RawResponse:
        if sink is not None:
            return self._stream(method, url, params, headers, guard, authcfg, sink)
        return self._blocking(method, url, params, headers, guard, authcfg)

    @staticmethod
    def _request(method: str, url: str, params: dict[str, str], headers: dict[str, str]):
        from qgis.PyQt.QtCore import QUrl
        from qgis.PyQt.QtNetwork import QNetworkRequest

        full = url + ("?" + _encode(params) if method == "GET" and params else "")
        # Percent-encode what is not ASCII (a service named "Démo"); existing %XX escapes stay as they are.
        encoded = urllib.parse.quote(full, safe=":/?&=%@+,;#[]!$'()*~")
        request = QNetworkRequest(QUrl.fromEncoded(encoded.encode("ascii")))
        request.setRawHeader(b"User-Agent", USER_AGENT.encode())
        for name, value in headers.items():
            request.setRawHeader(name.encode("latin-1"), value.encode("latin-1"))
        if method == "POST":
            request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/x-www-form-urlencoded")
        return request

    def _blocking(self, method, url, params, headers, guard, authcfg) -> RawResponse:
        buffer = io.BytesIO()
        streamed = self._stream(method, url, params, headers, guard, authcfg, buffer)
        body = buffer.getvalue()
        if guard.max_bytes is not None and len(body) > guard.max_bytes:
            raise TransportError("too-large")
        return RawResponse(streamed.status, streamed.content_type, body, url, streamed.reason, len(body))

    def _stream(self, method, url, params, headers, guard, authcfg, sink) -> RawResponse:
        """Follows redirects itself (Qt would carry the token header to any host): a redirect to another origin
        goes without the token, the authcfg or a `token` form field."""
        origin = _origin(url)
        for _ in range(MAX_REDIRECTS + 1):
            response, location = self._exchange(method, url, params, headers, guard, authcfg, sink)
            if location is None:
                return response
            target = urllib.parse.urljoin(url, location)
            if _origin(target) != origin:
                headers = {
                    k: v for k, v in headers.items() if k.lower() not in ("x-esri-authorization", "authorization")
                }
                params = {k: v for k, v in params.items() if k.lower() != "token"}
                authcfg = None
            if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                method = "GET"
            if method == "GET":
                params = {}  # the Location carries its own query string
            url = target
        raise TransportError("other", f"more than {MAX_REDIRECTS} redirects")

    def _exchange(self, method, url, params, headers, guard, authcfg, sink) -> tuple[RawResponse, Optional[str]]:
        """One request and its answer; (response, Location) when the answer is a redirect."""
        from qgis.core import QgsApplication, QgsNetworkAccessManager
        from qgis.PyQt import sip
        from qgis.PyQt.QtCore import QEventLoop, QMetaObject, Qt
        from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

        # The loop first: it gives a plain Python thread the event dispatcher the reply's signals need.
        loop = QEventLoop()
        request = self._request(method, url, params, headers)
        request.setAttribute(
            QNetworkRequest.Attribute.RedirectPolicyAttribute, QNetworkRequest.RedirectPolicy.ManualRedirectPolicy
        )
        request.setAttribute(
            QNetworkRequest.Attribute.CacheLoadControlAttribute, QNetworkRequest.CacheLoadControl.AlwaysNetwork
        )
        if authcfg and not QgsApplication.authManager().updateNetworkRequest(request, authcfg):
            raise TransportError("other", "the authentication configuration could not be applied")
        manager = QgsNetworkAccessManager.instance()
        reply = manager.get(request) if method == "GET" else manager.post(request, _encode(params).encode())
        if authcfg:
            QgsApplication.authManager().updateNetworkReply(reply, authcfg)
        # Qt stops reading the socket when this buffer is full, so memory stays flat whatever the size.
        reply.setReadBufferSize(4 * CHUNK_SIZE)
        state: dict[str, Any] = {"received": 0, "write_error": None, "answer": None}

        def redirect_location() -> Optional[str]:
            status = _int_or_none(reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute))
            location = bytes(reply.rawHeader(b"Location")).decode("latin-1").strip()
            return location if status in REDIRECT_CODES and location else None

        def drain() -> None:
            if sip.isdeleted(reply):
                return
            if redirect_location() is not None:
                reply.readAll()  # a redirect's own body is not the answer
                return
            while reply.bytesAvailable() > 0:
                data = bytes(reply.read(CHUNK_SIZE))
                if not data:
                    break
                state["received"] += len(data)
                total = _int_or_none(reply.header(QNetworkRequest.KnownHeaders.ContentLengthHeader))
                guard.progress(state["received"], total)
                try:
                    sink.write(data)
                except OSError as error:
                    state["write_error"] = error
                    reply.abort()
                    return

        def on_finished() -> None:
            # Everything is read here, while the reply certainly exists: a network manager may delete its
            # replies once they finish (deleteLater runs before this thread's loop returns).
            if state["answer"] is not None or sip.isdeleted(reply):
                return
            drain()
            status_value = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
            state["answer"] = {
                "status": int(status_value) if status_value not in (None, "") else None,
                "error": reply.error(),
                "error_text": reply.errorString(),
                "content_type": _content_type(bytes(reply.rawHeader(b"Content-Type")).decode("latin-1")),
                "reason": str(reply.attribute(QNetworkRequest.Attribute.HttpReasonPhraseAttribute) or ""),
                "location": redirect_location(),
            }
            loop.quit()

        reply.readyRead.connect(drain)
        reply.finished.connect(on_finished)
        done = threading.Event()

        def watch() -> None:
            # A thread of our own, so it works in QgsTask threads and plain Python threads alike; the abort is
            # queued into the reply's thread, whose event loop (below) runs it and then sees `finished`.
            while not done.wait(0.05):
                if guard.check():
                    with contextlib.suppress(RuntimeError):  # the reply finished (and went) meanwhile
                        QMetaObject.invokeMethod(reply, "abort", Qt.ConnectionType.QueuedConnection)
                    return

        watcher = threading.Thread(target=watch, name="arcgis-identify-watch", daemon=True)
        watcher.start()
        try:
            if reply.isFinished():
                on_finished()  # finished before the signal was connected
            else:
                loop.exec()
        finally:
            done.set()
            watcher.join()
            if not sip.isdeleted(reply):
                reply.deleteLater()
        answer = state["answer"]
        if state["write_error"] is not None:
            raise TransportError("other", f"cannot write the download: {state['write_error']}")
        if guard.reason:
            raise TransportError(guard.reason)
        if answer is None:
            raise TransportError("other", "the network reply ended without an answer")
        status, error, error_text = answer["status"], answer["error"], answer["error_text"]
        if status is None and error != QNetworkReply.NetworkError.NoError:
            raise TransportError(_qt_error_kind(error, error_text), error_text)
        if status is not None and status < 400 and error != QNetworkReply.NetworkError.NoError:
            raise TransportError(_qt_error_kind(error, error_text), error_text)
        response = RawResponse(status, answer["content_type"], b"", url, answer["reason"], state["received"])
        return response, answer["location"]


def _collect(chunks: Any, total: Optional[int], guard: Guard, sink: Optional[IO[bytes]]) -> tuple[bytes, int]:
    """Reads an answer chunk by chunk, checking the guard after each; (body, bytes received).

    With a sink every chunk goes to it as it arrives and the body is empty.
    """
    kept: list[bytes] = []
    received = 0
    for chunk in chunks:
        if guard.reason:
            raise TransportError(guard.reason)
        received += len(chunk)
        guard.progress(received, total)
        if guard.check():
            raise TransportError(guard.reason or "other")
        if sink is not None:
            sink.write(chunk)
        else:
            kept.append(chunk)
    return b"".join(kept), received


def _int_or_none(value: Any) -> Optional[int]:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _qt_error_kind(error: Any, message: str) -> str:
    from qgis.PyQt.QtNetwork import QNetworkReply

    errors = QNetworkReply.NetworkError
    if error == errors.ConnectionRefusedError:
        return "refused"
    if error in (errors.RemoteHostClosedError, errors.UnknownNetworkError):
        return "reset"
    if error == errors.TimeoutError:
        return "timeout"
    if error == errors.OperationCanceledError:
        # Our own cancellations are recognised before (Guard.reason); QGIS aborts a reply this way when its
        # network timeout setting expires.
        return "timeout"
    lowered = (message or "").lower()
    if "closed" in lowered or "reset" in lowered:
        return "reset"
    return "other"


def qgis_running() -> bool:
    try:
        from qgis.core import QgsApplication
    except ImportError:
        return False
    return QgsApplication.instance() is not None


def select_transport(name: Optional[str] = None):
    """The transport: an explicit name ("qgis" | "requests" | "urllib"), the ARCGIS_IDENTIFY_TRANSPORT
    environment variable, or automatic (QGIS when a QgsApplication exists, else requests, else urllib)."""
    chosen = (name or os.environ.get(TRANSPORT_ENV) or "auto").strip().lower()
    if chosen == "qgis":
        return QgisTransport()
    if chosen == "requests":
        return RequestsTransport()
    if chosen == "urllib":
        return UrllibTransport()
    if chosen != "auto":
        from .errors import ArcGisParameterError

        raise ArcGisParameterError(f"Unknown transport {name!r}: use 'qgis', 'requests' or 'urllib'.")
    if qgis_running():
        return QgisTransport()
    try:
        return RequestsTransport()
    except ImportError:
        return UrllibTransport()
