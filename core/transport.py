"""Byte-level HTTP transports behind the gateway: QGIS's network stack, `requests`, or the standard library.

Each transport sends one request and returns a RawResponse (status, content type, body or streamed file, and
the Location of a redirect, which the gateway follows by its own rule). No transport follows redirects itself.

Every wait has an end: a Guard holds the caller's QgsFeedback and a total deadline (connect, headers and body),
and the calling thread itself watches it, whatever the server, the network or QGIS's main thread do:
- `requests` and `urllib` block in a helper thread of their own; the caller stops waiting when the guard trips
  and the helper is shut down without being waited for.
- QGIS's network stack (core/qgis_network.py, the only module that imports QtNetwork) runs every reply on the
  main thread; a worker hands its request over with Python primitives and waits with its deadline.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from enum import Enum
from typing import IO, Any, Callable, Optional

from .feedback import Feedback

_LOG = logging.getLogger("arcgis_identify.core")
TRANSPORT_ENV = "ARCGIS_IDENTIFY_TRANSPORT"
USER_AGENT = "arcgis-identify-qgis-plugin"
CHUNK_SIZE = 256 * 1024
REDIRECT_CODES = (301, 302, 303, 307, 308)
POLL_S = 0.05  # how often a waiting thread looks at its guard


@dataclass
class RawResponse:
    status: Optional[int]
    content_type: str
    body: bytes  # empty when streamed to a sink
    url: str
    reason: str = ""
    size: int = 0
    location: Optional[str] = None  # a redirect's target, as the server sent it


class TransportErrorKind(Enum):
    """Why a request got no (complete) HTTP answer; the gateway says each in a sentence of its own."""

    TIMEOUT = "timeout"  # the caller's deadline passed
    CANCELLED = "cancelled"  # the caller's feedback was cancelled, or the plugin unloaded
    TOO_LARGE = "too-large"  # more bytes than a JSON answer may have
    REFUSED = "refused"
    RESET = "reset"  # the connection ended before the answer was complete
    TLS = "tls"
    QGIS_TIMEOUT = "qgis-timeout"  # QGIS's own network timeout setting aborted the reply
    WRITE = "write"  # the answer could not be written to its file
    REDIRECTS = "redirects"  # too many redirects
    OTHER = "other"


class TransportError(Exception):
    """A request that got no (complete) HTTP answer, and why (`kind`)."""

    def __init__(self, kind: TransportErrorKind, detail: str = "") -> None:
        super().__init__(detail or kind.value)
        self.kind = kind
        self.detail = detail


class Guard:
    """Trips on the caller's cancellation, on the total deadline, or on too many bytes. Thread-safe to read."""

    def __init__(
        self, feedback: Optional[Feedback], timeout_s: Optional[float], *, max_bytes: Optional[int] = None
    ) -> None:
        self.feedback = feedback
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes
        self.started = time.monotonic()
        self.received = 0
        self.reason: Optional[TransportErrorKind] = None  # why it tripped
        self.report_progress = False  # downloads set it: the caller's feedback then shows the bytes received

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def remaining(self) -> Optional[float]:
        if self.timeout_s is None:
            return None
        return max(0.0, self.timeout_s - self.elapsed())

    def progress(self, received: int, total: Optional[int] = None) -> None:
        self.received = received
        if self.report_progress and total and total > 0 and hasattr(self.feedback, "setProgress"):
            with contextlib.suppress(Exception):  # a progress display must never break a download
                self.feedback.setProgress(min(100.0, 100.0 * received / total))

    def check(self) -> Optional[TransportErrorKind]:
        if self.reason is None:
            try:
                cancelled = self.feedback is not None and self.feedback.isCanceled()
            except Exception:  # a feedback deleted under us counts as cancelled
                cancelled = True
            if cancelled:
                self.reason = TransportErrorKind.CANCELLED
            elif self.max_bytes is not None and self.received > self.max_bytes:
                self.reason = TransportErrorKind.TOO_LARGE
            elif self.timeout_s is not None and self.elapsed() > self.timeout_s:
                self.reason = TransportErrorKind.TIMEOUT
        return self.reason

    def raise_if_tripped(self) -> None:
        if self.check():
            raise TransportError(self.reason or TransportErrorKind.OTHER)


@dataclass
class TransportCall:
    """One HTTP exchange the gateway asks a transport for."""

    method: str
    url: str
    params: dict[str, str]
    headers: dict[str, str]
    guard: Guard
    authcfg: Optional[str] = None
    sink: Optional[IO[bytes]] = None

    def send_with(self, transport: Any) -> RawResponse:
        return transport.send(
            self.method, self.url, self.params, self.headers, self.guard, authcfg=self.authcfg, sink=self.sink
        )


class Waiter:
    """Wakes a thread that waits on several requests at once (the export's tiles), with Python primitives."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._events = 0

    def notify(self) -> None:
        with self._cond:
            self._events += 1
            self._cond.notify_all()

    def wait(self, timeout_s: float) -> None:
        """Returns when something happened since the last wait, or after `timeout_s`."""
        with self._cond:
            if self._events == 0:
                self._cond.wait(timeout_s)
            self._events = 0


class ThreadedHandle:
    """A request of a blocking transport (requests, urllib: outside QGIS) run in a helper thread, polled by a
    caller that drives several requests at once. poll() returns the answer once complete, else None."""

    def __init__(self, transport: Any, call: TransportCall, waiter: Optional[Waiter]) -> None:
        self._outcome: dict[str, Any] = {}
        self._done = threading.Event()

        def run() -> None:
            try:
                self._outcome["response"] = call.send_with(transport)
            except BaseException as error:  # handed to the polling thread
                self._outcome["error"] = error
            finally:
                self._done.set()
                if waiter is not None:
                    waiter.notify()

        threading.Thread(target=run, name="arcgis-identify-http", daemon=True).start()

    def poll(self) -> Optional[RawResponse]:
        if not self._done.is_set():
            return None
        if "error" in self._outcome:
            raise self._outcome["error"]
        return self._outcome["response"]

    def cancel(self) -> None:
        """Nothing to do: the helper's own guard (the caller's feedback) ends it."""


def _content_type(value: Optional[str]) -> str:
    return (value or "").split(";")[0].strip().lower()


def _encode(params: dict[str, str]) -> str:
    return urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


def _full_url(method: str, url: str, params: dict[str, str]) -> str:
    return url + ("?" + _encode(params) if method == "GET" and params else "")


def _strip_query(url: str) -> str:
    return url.split("?", 1)[0]


def _is_redirect(status: Optional[int], location: Optional[str]) -> bool:
    return status in REDIRECT_CODES and bool(location)


# -- requests / urllib: the blocking call runs on a helper thread; the caller never waits past its guard --------
def _run_guarded(work: Callable[[], RawResponse], guard: Guard, abort: Callable[[], None]) -> RawResponse:
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            outcome["response"] = work()
        except BaseException as error:  # handed to the calling thread
            outcome["error"] = error
        finally:
            done.set()

    worker = threading.Thread(target=target, name="arcgis-identify-http", daemon=True)
    worker.start()
    while not done.wait(POLL_S):
        if guard.check():
            # Shut the socket down from a thread of its own: closing a response can block on the lock its
            # reader holds. The helper then ends by itself; nobody waits for it.
            threading.Thread(target=_quietly(abort), name="arcgis-identify-abort", daemon=True).start()
            raise TransportError(guard.reason or TransportErrorKind.OTHER)
    if "error" in outcome:
        raise outcome["error"]
    if guard.check():
        raise TransportError(guard.reason or TransportErrorKind.OTHER)
    return outcome["response"]


def _quietly(function: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        with contextlib.suppress(Exception):
            function()

    return run


def _shutdown_socket(sock: Any) -> None:
    """Ends a blocked recv() at once (close() alone may wait for the reader)."""
    if sock is None:
        return
    with contextlib.suppress(Exception):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(Exception):
        sock.close()


def _collect(chunks: Any, total: Optional[int], guard: Guard, sink: Optional[IO[bytes]]) -> tuple[bytes, int]:
    """Reads an answer chunk by chunk, checking the guard after each; (body, bytes received).

    With a sink every chunk goes to it as it arrives and the body is empty.
    """
    kept: list[bytes] = []
    received = 0
    for chunk in chunks:
        if guard.check():
            raise TransportError(guard.reason or TransportErrorKind.OTHER)
        received += len(chunk)
        guard.progress(received, total)
        if guard.check():
            raise TransportError(guard.reason or TransportErrorKind.OTHER)
        if sink is not None:
            _write(sink, chunk)
        else:
            kept.append(chunk)
    if total is not None and received < total:
        # The connection ended early (a server killed mid-answer): never a complete answer.
        raise TransportError(TransportErrorKind.RESET, f"{received} of {total} bytes")
    return b"".join(kept), received


def _write(sink: IO[bytes], chunk: bytes) -> None:
    try:
        sink.write(chunk)
    except Exception as error:
        raise TransportError(TransportErrorKind.WRITE, f"{type(error).__name__}: {error}") from None


def _int_or_none(value: Any) -> Optional[int]:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError, OverflowError):
        return None


class RequestsTransport:
    """`requests` (outside QGIS): one session per calling thread, redirects left to the gateway."""

    name = "requests"

    def start(self, call: TransportCall, waiter: Optional[Waiter] = None) -> ThreadedHandle:
        return ThreadedHandle(self, call, waiter)

    def __init__(self) -> None:
        import requests  # noqa: F401 - fail early when it is not installed

        self._local = threading.local()

    def _session(self):
        import requests

        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
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
        socket_timeout = max(0.1, guard.remaining() or 60.0)

        def work() -> RawResponse:
            try:
                if method == "GET":
                    response = session.get(
                        _full_url(method, url, params),
                        headers=headers,
                        timeout=socket_timeout,
                        stream=True,
                        allow_redirects=False,
                    )
                else:
                    hdrs = dict(headers, **{"Content-Type": "application/x-www-form-urlencoded"})
                    response = session.post(
                        url,
                        data=_encode(params),
                        headers=hdrs,
                        timeout=socket_timeout,
                        stream=True,
                        allow_redirects=False,
                    )
                holder["response"] = response
                with response:
                    location = response.headers.get("Location")
                    if _is_redirect(response.status_code, location):
                        return RawResponse(response.status_code, "", b"", url, response.reason or "", 0, location)
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
            except requests.exceptions.SSLError as error:
                raise TransportError(TransportErrorKind.TLS, _tls_reason(error)) from None
            except requests.exceptions.Timeout as error:
                raise TransportError(TransportErrorKind.TIMEOUT, _first_line(error)) from None
            except requests.exceptions.ConnectionError as error:
                refused = "refused" in str(error).lower()
                raise TransportError(TransportErrorKind.REFUSED if refused else TransportErrorKind.RESET) from None
            except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
                raise TransportError(TransportErrorKind.RESET) from None
            except requests.exceptions.RequestException as error:
                raise TransportError(TransportErrorKind.OTHER, _first_line(error)) from None
            except OSError:
                raise TransportError(TransportErrorKind.RESET) from None

        def abort() -> None:
            response = holder.get("response")
            if response is None:
                return
            raw = getattr(response, "raw", None)
            connection = getattr(raw, "_connection", None) or getattr(raw, "connection", None)
            _shutdown_socket(getattr(connection, "sock", None))
            response.close()

        return _run_guarded(work, guard, abort)


def _tls_reason(error: BaseException) -> str:
    """The certificate problem in words ("self-signed certificate"), found in a library's exception chain."""
    import ssl

    seen: set[int] = set()
    pending: list[Any] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError) and current.verify_message:
            return str(current.verify_message)
        if isinstance(current, ssl.SSLError) and current.reason:
            return str(current.reason).replace("_", " ").lower()
        if isinstance(current, BaseException):
            pending.extend([current.__cause__, current.__context__, *current.args])
            pending.append(getattr(current, "reason", None))
    return ""


def _first_line(error: BaseException) -> str:
    """The readable part of a library's exception text (no reprs of nested exception objects)."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    for marker in (" (Caused by", ": <urllib3", "(<urllib3"):
        text = text.split(marker, 1)[0]
    return text.strip(" '\"()")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """The gateway follows redirects by its own rule: urllib hands the 3xx answer back as it is."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class UrllibTransport:
    """Standard-library fallback outside QGIS when `requests` is not installed."""

    name = "urllib"

    def start(self, call: TransportCall, waiter: Optional[Waiter] = None) -> ThreadedHandle:
        return ThreadedHandle(self, call, waiter)

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
        import ssl

        holder: dict[str, Any] = {}
        socket_timeout = max(0.1, guard.remaining() or 60.0)

        def work() -> RawResponse:
            hdrs = dict(headers)
            if method == "GET":
                request = urllib.request.Request(_full_url(method, url, params), headers=hdrs)
            else:
                hdrs["Content-Type"] = "application/x-www-form-urlencoded"
                request = urllib.request.Request(url, data=_encode(params).encode(), headers=hdrs, method="POST")
            try:
                try:
                    response = urllib.request.build_opener(_NoRedirects).open(request, timeout=socket_timeout)
                except urllib.error.HTTPError as http_error:
                    response = http_error
                holder["response"] = response
                with response:
                    location = response.headers.get("Location")
                    status = getattr(response, "status", None) or getattr(response, "code", None)
                    reason = getattr(response, "reason", "") or ""
                    if _is_redirect(status, location):
                        return RawResponse(status, "", b"", url, reason, 0, location)
                    total = _int_or_none(response.headers.get("Content-Length"))
                    chunks = iter(lambda: response.read(CHUNK_SIZE), b"")
                    body, received = _collect(chunks, total, guard, sink)
                    return RawResponse(
                        status, _content_type(response.headers.get("Content-Type")), body, url, reason, received
                    )
            except TransportError:
                raise
            except TimeoutError:
                raise TransportError(TransportErrorKind.TIMEOUT) from None
            except ConnectionRefusedError:
                raise TransportError(TransportErrorKind.REFUSED) from None
            except urllib.error.URLError as error:
                reason = error.reason
                if isinstance(reason, TimeoutError):
                    raise TransportError(TransportErrorKind.TIMEOUT) from None
                if isinstance(reason, ssl.SSLError):
                    raise TransportError(TransportErrorKind.TLS, _tls_reason(reason)) from None
                if isinstance(reason, ConnectionRefusedError):
                    raise TransportError(TransportErrorKind.REFUSED) from None
                raise TransportError(TransportErrorKind.OTHER, str(reason)) from None
            except ssl.SSLError as error:
                raise TransportError(TransportErrorKind.TLS, _tls_reason(error)) from None
            except OSError:
                raise TransportError(TransportErrorKind.RESET) from None
            except Exception:  # http.client.IncompleteRead, RemoteDisconnected and friends
                raise TransportError(TransportErrorKind.RESET) from None

        def abort() -> None:
            response = holder.get("response")
            if response is None:
                return
            fp = getattr(response, "fp", None)
            raw = getattr(getattr(fp, "raw", None), "_sock", None)
            _shutdown_socket(raw)
            response.close()

        return _run_guarded(work, guard, abort)


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
        from .qgis_network import QgisTransport

        return QgisTransport()
    if chosen == "requests":
        return RequestsTransport()
    if chosen == "urllib":
        return UrllibTransport()
    if chosen != "auto":
        from .errors import ArcGisParameterError

        raise ArcGisParameterError(f"Unknown transport {name!r}: use 'qgis', 'requests' or 'urllib'.")
    if qgis_running():
        from .qgis_network import QgisTransport

        return QgisTransport()
    try:
        return RequestsTransport()
    except ImportError:
        return UrllibTransport()
