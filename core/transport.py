"""Byte-level HTTP transports behind the gateway: QGIS's network stack, `requests`, or the standard library.

Each transport sends one request and returns a RawResponse (status, content type, body or streamed file, and
the Location of a redirect, which the gateway follows by its own rule). No transport follows redirects itself.

Every wait has an end: a Guard holds the caller's QgsFeedback and a total deadline (connect, headers and body),
and the calling thread itself watches it, whatever the server, the network or QGIS's main thread do:
- `requests` and `urllib` block in a helper thread of their own; the caller stops waiting when the guard trips
  and the helper is shut down without being waited for.
- QGIS's network stack always runs on the main thread, where QGIS answers authentication challenges and TLS
  errors. From the main thread the caller spins a local event loop; from any other thread (a QgsTask, a plain
  thread) the request is handed to the main thread and the caller waits on a condition with the deadline. If
  the main thread is busy or blocked (QGIS exiting, a modal dialog), the caller still returns at the deadline:
  no worker ever sits inside QGIS's network manager waiting for the main thread.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import IO, Any, Callable, Optional

from .i18n import tr

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


class TransportError(Exception):
    """A request that got no (complete) HTTP answer.

    kind: "timeout" | "cancelled" | "too-large" | "refused" | "reset" | "tls" | "qgis-timeout" | "other".
    """

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail or kind)
        self.kind = kind
        self.detail = detail


class Guard:
    """Trips on the caller's cancellation, on the total deadline, or on too many bytes. Thread-safe to read."""

    def __init__(self, feedback: Any, timeout_s: Optional[float], *, max_bytes: Optional[int] = None) -> None:
        self.feedback = feedback
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes
        self.started = time.monotonic()
        self.received = 0
        self.reason: Optional[str] = None
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

    def check(self) -> Optional[str]:
        if self.reason is None:
            try:
                cancelled = self.feedback is not None and self.feedback.isCanceled()
            except Exception:  # a feedback deleted under us counts as cancelled
                cancelled = True
            if cancelled:
                self.reason = "cancelled"
            elif self.max_bytes is not None and self.received > self.max_bytes:
                self.reason = "too-large"
            elif self.timeout_s is not None and self.elapsed() > self.timeout_s:
                self.reason = "timeout"
        return self.reason

    def raise_if_tripped(self) -> None:
        if self.check():
            raise TransportError(self.reason or "other")


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
            raise TransportError(guard.reason or "other")
    if "error" in outcome:
        raise outcome["error"]
    if guard.check():
        raise TransportError(guard.reason or "other")
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
            raise TransportError(guard.reason or "other")
        received += len(chunk)
        guard.progress(received, total)
        if guard.check():
            raise TransportError(guard.reason or "other")
        if sink is not None:
            _write(sink, chunk)
        else:
            kept.append(chunk)
    if total is not None and received < total:
        # The connection ended early (a server killed mid-answer): never a complete answer.
        raise TransportError("reset", f"{received} of {total} bytes")
    return b"".join(kept), received


def _write(sink: IO[bytes], chunk: bytes) -> None:
    try:
        sink.write(chunk)
    except Exception as error:
        raise TransportError("write", f"{type(error).__name__}: {error}") from None


def _int_or_none(value: Any) -> Optional[int]:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError, OverflowError):
        return None


class RequestsTransport:
    """`requests` (outside QGIS): one session per calling thread, redirects left to the gateway."""

    name = "requests"

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
                raise TransportError("tls", _tls_reason(error)) from None
            except requests.exceptions.Timeout as error:
                raise TransportError("timeout", _first_line(error)) from None
            except requests.exceptions.ConnectionError as error:
                text = str(error).lower()
                raise TransportError("refused" if "refused" in text else "reset") from None
            except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
                raise TransportError("reset") from None
            except requests.exceptions.RequestException as error:
                raise TransportError("other", _first_line(error)) from None
            except OSError:
                raise TransportError("reset") from None

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
                raise TransportError("timeout") from None
            except ConnectionRefusedError:
                raise TransportError("refused") from None
            except urllib.error.URLError as error:
                reason = error.reason
                if isinstance(reason, TimeoutError):
                    raise TransportError("timeout") from None
                if isinstance(reason, ssl.SSLError):
                    raise TransportError("tls", _tls_reason(reason)) from None
                if isinstance(reason, ConnectionRefusedError):
                    raise TransportError("refused") from None
                raise TransportError("other", str(reason)) from None
            except ssl.SSLError as error:
                raise TransportError("tls", _tls_reason(error)) from None
            except OSError:
                raise TransportError("reset") from None
            except Exception:  # http.client.IncompleteRead, RemoteDisconnected and friends
                raise TransportError("reset") from None

        def abort() -> None:
            response = holder.get("response")
            if response is None:
                return
            fp = getattr(response, "fp", None)
            raw = getattr(getattr(fp, "raw", None), "_sock", None)
            _shutdown_socket(raw)
            response.close()

        return _run_guarded(work, guard, abort)


# -- QGIS's network stack ----------------------------------------------------------------------------------------
def _on_main_thread() -> bool:
    from qgis.PyQt.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        return True
    # Python's view of the thread, not QThread.currentThread(): asked from a plain Python thread, Qt adopts the
    # thread and sip wraps a QThread that dies with it; with short-lived threads a stale wrapper corrupts the heap
    # (seen as replies "deleted" under the transport). QGIS runs Qt's main thread as Python's main thread.
    return threading.current_thread() is threading.main_thread()


_THREAD_MANAGERS = threading.local()


def _network_manager():
    """The network manager for the calling thread.

    On the main thread: QGIS's own, so QGIS answers authentication challenges and TLS errors as it always does
    (it may ask the user). On any other thread: a manager of ours set up exactly like QGIS's per-thread one
    (proxy, cache, network logger, SSL CA certificates, per-host SSL settings), except that it never hands a
    401 challenge, a proxy challenge or a TLS error to the main thread: QGIS's own per-thread manager waits for
    the main thread there with its timeout paused, and if the main thread is itself waiting (QGIS exiting, a
    test teardown, a modal dialog), neither ever moves. Here such a reply simply fails, at once, with its error.
    Being ours, it changes nothing for QGIS's or other plugins' requests in the same thread.
    """
    from qgis.core import QgsNetworkAccessManager
    from qgis.PyQt.QtCore import Qt

    if _on_main_thread():
        return QgsNetworkAccessManager.instance()
    manager = getattr(_THREAD_MANAGERS, "manager", None)
    if manager is None:
        QgsNetworkAccessManager.instance()  # QGIS's main-thread manager must exist before ours is set up
        manager = QgsNetworkAccessManager()
        manager.setupDefaultProxyAndCache(Qt.ConnectionType.DirectConnection)
        for signal in (manager.authenticationRequired, manager.proxyAuthenticationRequired, manager.sslErrors):
            with contextlib.suppress(TypeError):  # nothing connected
                signal.disconnect()
        _THREAD_MANAGERS.manager = manager
    return manager


def _started_by_python() -> bool:
    """False in a thread Qt started (a QgsTask's pool thread): Python may drop its state for that thread between
    two calls, and with it what we keep per thread."""
    return not isinstance(threading.current_thread(), threading._DummyThread)


class _QgisExchange:
    """One request through a QgsNetworkAccessManager, driven by a local event loop in the calling thread.

    The answer's bytes go to `write` as they arrive (each readyRead drains what came, so memory stays flat). A
    timer in the same loop checks the guard, so cancellation and the total deadline end the request whatever the
    server does.
    """

    def __init__(self, method: str, url: str, params: dict[str, str], headers: dict[str, str], authcfg) -> None:
        self.method, self.url, self.params, self.headers, self.authcfg = method, url, params, headers, authcfg
        self.answer: Optional[dict[str, Any]] = None
        self.failure: Optional[TransportError] = None
        self.reply: Any = None
        self.total: Optional[int] = None  # Content-Length, once the headers are in
        self.received = 0
        self.lost = False  # the reply's wrapper went away under us (see run)

    def run(self, guard: Guard, write: Callable[[bytes], None]) -> None:
        from qgis.core import QgsApplication
        from qgis.PyQt.QtCore import QEventLoop, QTimer

        # The loop first: it gives a plain Python thread the event dispatcher the reply's signals need.
        loop = QEventLoop()
        manager = _network_manager()
        request = _qgis_request(self.method, self.url, self.params, self.headers)
        if self.authcfg and not QgsApplication.authManager().updateNetworkRequest(request, self.authcfg):
            raise TransportError("other", tr("the authentication configuration could not be applied"))
        body = _encode(self.params).encode() if self.method == "POST" else None
        reply = _send_request(manager, request, body)
        self.reply = reply

        def on_ready_read() -> None:
            try:
                self._read(write, guard)
            except Exception as error:  # kept for the caller: an answer is never cut silently
                if _wrapper_lost(error):
                    self._lose()
                    loop.quit()
                else:
                    self._fail(error)

        def on_finished() -> None:
            try:
                self._finish(write, guard)
            except Exception as error:
                if _wrapper_lost(error):
                    self._lose()
                else:
                    self._fail(error)
                    self.answer = self.answer or {}
            loop.quit()

        def watch() -> None:
            if guard.check():
                self.abort()
                loop.quit()

        timer = QTimer()
        timer.setInterval(int(POLL_S * 1000))
        timer.timeout.connect(watch)
        from qgis.PyQt import sip

        try:
            # Every use of the new reply is in here: sip may report its wrapper deleted at the first one (below).
            if not _on_main_thread():
                with contextlib.suppress(TypeError):
                    reply.sslErrors.disconnect()  # no hand-over to the main thread: a TLS error fails the reply
            if self.authcfg:
                QgsApplication.authManager().updateNetworkReply(reply, self.authcfg)
            # No setReadBufferSize: with a read buffer limit every read emits a signal queued to Qt's network
            # thread, which takes an object mutex while PyQt holds the GIL (see "Qt calls that must not hold the
            # GIL"). Memory stays flat anyway: every readyRead drains what arrived.
            reply.readyRead.connect(on_ready_read)
            reply.finished.connect(on_finished)
            if reply.isFinished():
                on_finished()
            elif not guard.check():
                timer.start()
                loop.exec()
            timer.stop()
            if self.answer is None:
                self.abort()
        except RuntimeError:
            # sip says the reply's wrapper is deleted although Qt just made the reply (seen about once in a few
            # hundred requests under load, cause not found): the caller may send the request again.
            self._lose()
        finally:
            with contextlib.suppress(RuntimeError, TypeError):
                timer.timeout.disconnect(watch)
            if not sip.isdeleted(reply):
                with contextlib.suppress(RuntimeError, TypeError):
                    reply.readyRead.disconnect(on_ready_read)
                    reply.finished.disconnect(on_finished)
                if not reply.isFinished():
                    _abort_reply(reply)
            self.reply = None
            _dispose(reply, timer, loop)

    def _lose(self) -> None:
        """The reply's wrapper went away under us (sip: "has been deleted"), before or while it was read."""
        self.lost = True
        _LOG.warning("The network reply for %s was lost before it finished.", _strip_query(self.url))

    def abort_from_any_thread(self) -> None:
        """Nothing to do: the exchange's own timer sees the same guard and aborts in the reply's thread."""

    def abort(self) -> None:
        from qgis.PyQt import sip

        reply = self.reply
        if reply is not None and not sip.isdeleted(reply) and not reply.isFinished():
            _abort_reply(reply)

    def _fail(self, error: Exception) -> None:
        if self.failure is None:
            if isinstance(error, TransportError):
                self.failure = error
            else:
                self.failure = TransportError(
                    "other", tr("reading the answer failed ({})").format(f"{type(error).__name__}: {error}")
                )
        self.abort()

    def _redirect_location(self) -> Optional[str]:
        from qgis.PyQt.QtNetwork import QNetworkRequest

        status = _int_or_none(self.reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute))
        location = bytes(self.reply.rawHeader(b"Location")).decode("latin-1").strip()
        return location if _is_redirect(status, location) else None

    def _read(self, write: Callable[[bytes], None], guard: Guard) -> None:
        from qgis.PyQt import sip
        from qgis.PyQt.QtNetwork import QNetworkRequest

        reply = self.reply
        if reply is None or sip.isdeleted(reply) or self.failure is not None or self.lost:
            return
        if self._redirect_location() is not None:
            reply.readAll()  # a redirect's own body is not the answer
            return
        if self.total is None:
            self.total = _int_or_none(reply.header(QNetworkRequest.KnownHeaders.ContentLengthHeader))
        while reply.bytesAvailable() > 0:
            data = bytes(reply.read(CHUNK_SIZE))
            if not data:
                break
            self.received += len(data)
            guard.progress(self.received, self.total)
            write(data)
            if guard.check():
                self.abort()
                return

    def _finish(self, write: Callable[[bytes], None], guard: Guard) -> None:
        from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

        reply = self.reply
        if self.answer is not None or reply is None or self.lost:
            return
        self._read(write, guard)
        error = reply.error()
        self.answer = {
            "status": _int_or_none(reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)),
            "error_kind": None if error == QNetworkReply.NetworkError.NoError else _qt_error_kind(error),
            "error_text": reply.errorString(),
            "content_type": _content_type(bytes(reply.rawHeader(b"Content-Type")).decode("latin-1")),
            "reason": str(reply.attribute(QNetworkRequest.Attribute.HttpReasonPhraseAttribute) or ""),
            "location": self._redirect_location(),
        }


# -- Qt calls that must not hold the GIL ---------------------------------------------------------------------------
# Qt guards connections with a pool of mutexes shared by object address. QGIS's main thread holds one of them while
# it waits for the GIL whenever it destroys an object connected to a Python-made sender (PyQt looks for a Python
# disconnectNotify). A worker that waits for such a mutex while holding the GIL then deadlocks with the main thread
# (tests/core/scenarios/qt_locks_and_gil.py shows it). gdb showed PyQt's QtNetwork keeping the GIL where it takes
# such a mutex: QNetworkAccessManager.get/post (they connect the new reply), QNetworkReply.abort and
# setReadBufferSize (signals queued to other threads), and deleting a reply; a request makes those calls the ways
# below (PyQt's QtCore calls used instead — deleteLater, invokeMethod, sendPostedEvents — release the GIL).
_QT_NETWORK_CALLS: Optional[dict[str, Any]] = None


def _qt_network_calls() -> dict[str, Any]:
    """QNetworkAccessManager::get and ::post(request, QByteArray) through ctypes, which releases the GIL during a
    call; empty where Qt's symbols are not found under their Itanium C++ names (then PyQt's calls are used)."""
    global _QT_NETWORK_CALLS
    if _QT_NETWORK_CALLS is None:
        calls: dict[str, Any] = {}
        try:
            import ctypes
            import ctypes.util

            from qgis.PyQt.QtCore import QT_VERSION_STR

            name = ctypes.util.find_library(f"Qt{QT_VERSION_STR.split('.')[0]}Network")
            if name:
                library = ctypes.CDLL(name)
                get = library["_ZN21QNetworkAccessManager3getERK15QNetworkRequest"]
                get.restype, get.argtypes = ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_void_p]
                post = library["_ZN21QNetworkAccessManager4postERK15QNetworkRequestRK10QByteArray"]
                post.restype, post.argtypes = ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
                calls = {"get": get, "post": post}
        except (OSError, AttributeError, ImportError):
            calls = {}
        _QT_NETWORK_CALLS = calls
    return _QT_NETWORK_CALLS


def _send_request(manager: Any, request: Any, body: Optional[bytes]) -> Any:
    """manager.get(request) or manager.post(request, body), without holding the GIL where Qt allows it."""
    from qgis.PyQt import sip
    from qgis.PyQt.QtCore import QByteArray
    from qgis.PyQt.QtNetwork import QNetworkReply

    calls = {} if _on_main_thread() else _qt_network_calls()  # the main thread keeps PyQt's calls, as QGIS does
    if not calls:
        return manager.get(request) if body is None else manager.post(request, body)
    if body is None:
        address = calls["get"](sip.unwrapinstance(manager), sip.unwrapinstance(request))
    else:
        data = QByteArray(body)
        address = calls["post"](sip.unwrapinstance(manager), sip.unwrapinstance(request), sip.unwrapinstance(data))
    return sip.wrapinstance(address, QNetworkReply)


def _abort_reply(reply: Any) -> None:
    """reply.abort(); in a worker run by Qt from sendPostedEvents, which releases the GIL (see above)."""
    from qgis.PyQt.QtCore import QCoreApplication, QEvent, QMetaObject, Qt

    if _on_main_thread():
        reply.abort()
        return
    QMetaObject.invokeMethod(reply, "abort", Qt.ConnectionType.QueuedConnection)
    QCoreApplication.sendPostedEvents(reply, QEvent.Type.MetaCall)


def release_thread_network() -> None:
    """Deletes the calling thread's network manager (see _dispose); threads of ours call it before they end."""
    manager = getattr(_THREAD_MANAGERS, "manager", None)
    if manager is not None:
        del _THREAD_MANAGERS.manager
        _dispose(manager)


def _dispose(*objects: Any) -> None:
    """Deletes Qt objects of the calling thread now, without holding the GIL while Qt destroys them.

    Destroying a QObject takes Qt's object mutexes, and sip.delete or a wrapper's deallocation may keep the GIL
    meanwhile (a reply's does, see above). Qt deletes the objects from sendPostedEvents instead, which releases it; the
    callers' references keep the wrappers alive until then. An object Python made tells sip itself when it goes; a
    wrapper of one Qt made (a reply) is never told, so sip forgets it first: no wrapper outlives its object for a new
    object at the same address to inherit. The main thread deletes as QGIS does: a reply through sip at once (so
    that no stale wrapper is left either), Python's objects with their wrappers.
    """
    from qgis.PyQt import sip
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    if _on_main_thread():
        for obj in objects:
            if obj is not None and not sip.isdeleted(obj) and not sip.ispycreated(obj):
                sip.delete(obj)
        return
    for obj in objects:
        if obj is not None and not sip.isdeleted(obj):
            obj.deleteLater()
            if not sip.ispycreated(obj):
                sip.setdeleted(obj)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _wrapper_lost(error: Exception) -> bool:
    """sip's "wrapped C/C++ object of type QNetworkReply has been deleted": the reply, not the answer, failed."""
    return isinstance(error, RuntimeError) and "has been deleted" in str(error)


def _qgis_request(method: str, url: str, params: dict[str, str], headers: dict[str, str]):
    from qgis.PyQt.QtCore import QUrl
    from qgis.PyQt.QtNetwork import QNetworkRequest

    full = _full_url(method, url, params)
    # Percent-encode what is not ASCII (a service named "Démo"); existing %XX escapes stay as they are.
    encoded = urllib.parse.quote(full, safe=":/?&=%@+,;#[]!$'()*~")
    request = QNetworkRequest(QUrl.fromEncoded(encoded.encode("ascii")))
    request.setRawHeader(b"User-Agent", USER_AGENT.encode())
    for name, value in headers.items():
        request.setRawHeader(name.encode("latin-1"), value.encode("latin-1"))
    if method == "POST":
        request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/x-www-form-urlencoded")
    request.setAttribute(
        QNetworkRequest.Attribute.RedirectPolicyAttribute, QNetworkRequest.RedirectPolicy.ManualRedirectPolicy
    )
    request.setAttribute(
        QNetworkRequest.Attribute.CacheLoadControlAttribute, QNetworkRequest.CacheLoadControl.AlwaysNetwork
    )
    return request


class QgisTransport:
    """QGIS's network stack: proxy, SSL settings, authcfg and the network logger apply.

    Each request runs in the calling thread with a local event loop and a guard timer (see _network_manager for
    why a worker thread never waits for the main thread). Not QgsBlockingNetworkRequest: on QGIS 3.22 cancelling
    it can leave its wait loop running forever, and in a worker thread it waits for the main thread on a 401
    challenge or a TLS error with its timeout paused.
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
        buffer = io.BytesIO() if sink is None else None
        target = sink if sink is not None else buffer

        def write(data: bytes) -> None:
            if buffer is not None and guard.max_bytes is not None and buffer.tell() + len(data) > guard.max_bytes:
                guard.reason = guard.reason or "too-large"
                return
            _write(target, data)

        for _attempt in range(2):
            exchange = _QgisExchange(method, url, params, headers, authcfg)
            if _on_main_thread() or _started_by_python():
                exchange.run(guard, write)
            else:
                # A QgsTask's thread: the exchange runs in a helper thread of ours, this one only waits (guarded).
                def work(exchange: _QgisExchange = exchange) -> RawResponse:
                    try:
                        exchange.run(guard, write)
                    finally:
                        release_thread_network()  # this helper thread ends here
                    return RawResponse(None, "", b"", url)

                _run_guarded(work, guard, exchange.abort_from_any_thread)
            # A lost reply is sent once more, within the same deadline, when what it wrote can be taken back: nothing
            # yet, or only our own buffer (a file being written is never half-written twice).
            retry = exchange.lost and exchange.answer is None and not guard.check()
            if not (retry and (exchange.received == 0 or buffer is not None)):
                break
            if buffer is not None:
                buffer.seek(0)
                buffer.truncate()
        if guard.reason:
            raise TransportError(guard.reason)
        if exchange.failure is not None:
            raise exchange.failure
        answer = exchange.answer or {}
        if not answer:
            raise TransportError("other", tr("the network reply ended without an answer"))
        status, kind = answer["status"], answer["error_kind"]
        if kind is not None and (status is None or status < 400):
            raise TransportError(kind, answer["error_text"])
        if answer["location"]:
            return RawResponse(status, "", b"", url, answer["reason"], 0, answer["location"])
        body = buffer.getvalue() if buffer is not None else b""
        return RawResponse(status, answer["content_type"], body, url, answer["reason"], exchange.received)


def _qt_error_kind(error: Any) -> str:
    from qgis.PyQt.QtNetwork import QNetworkReply

    errors = QNetworkReply.NetworkError
    if error == errors.ConnectionRefusedError:
        return "refused"
    if error in (errors.RemoteHostClosedError, errors.UnknownNetworkError, errors.ProtocolFailure):
        return "reset"
    if error == errors.TimeoutError:
        return "timeout"
    if error == errors.SslHandshakeFailedError:
        return "tls"
    if error == errors.OperationCanceledError:
        # Our own aborts are recognised first (Guard.reason); otherwise QGIS aborted the reply because its own
        # network timeout setting expired.
        return "qgis-timeout"
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
