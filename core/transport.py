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
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass
from typing import IO, Any, Callable, Optional

TRANSPORT_ENV = "ARCGIS_IDENTIFY_TRANSPORT"
USER_AGENT = "arcgis-identify-qgis-plugin"
CHUNK_SIZE = 256 * 1024
REDIRECT_CODES = (301, 302, 303, 307, 308)
POLL_S = 0.05  # how often a waiting thread looks at its guard
QUEUE_LIMIT = 8 * 1024 * 1024  # bytes handed from the main thread and not yet written by the worker


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
                raise TransportError("tls", _first_line(error)) from None
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
                    raise TransportError("tls", getattr(reason, "reason", None) or "") from None
                if isinstance(reason, ConnectionRefusedError):
                    raise TransportError("refused") from None
                raise TransportError("other", str(reason)) from None
            except ssl.SSLError as error:
                raise TransportError("tls", getattr(error, "reason", None) or "") from None
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

    app = QCoreApplication.instance()
    if app is None:
        return True
    # Python's view of the thread, not QThread.currentThread(): asked from a plain Python thread, Qt adopts the
    # thread and sip wraps a QThread that dies with it; with short-lived worker threads (export tiles) a stale
    # wrapper corrupted the heap. QGIS (and pytest-qgis) run Qt's main thread as Python's main thread.
    return threading.current_thread() is threading.main_thread()


_MAIN_CALLS: Any = None
_MAIN_CALLS_LOCK = threading.Lock()


def _post_to_main_thread(function: Callable[[], None]) -> None:
    """Runs `function` on the main thread when its event loop next turns (never waits for it)."""
    global _MAIN_CALLS
    with _MAIN_CALLS_LOCK:
        if _MAIN_CALLS is None:
            from qgis.PyQt.QtCore import QCoreApplication, QObject, Qt, pyqtSignal, pyqtSlot

            class MainThreadCalls(QObject):
                call = pyqtSignal(object)

                # A real slot of this object (not a Python proxy living in the connecting thread), so a queued
                # call always runs in the object's thread: the main thread.
                @pyqtSlot(object)
                def run(self, function: Callable[[], None]) -> None:
                    try:
                        function()
                    except Exception:  # a failed start or abort must not reach QGIS's traceback dialog
                        import logging

                        logging.getLogger("arcgis_identify.core").exception("network call on the main thread")

            calls = MainThreadCalls()
            calls.moveToThread(QCoreApplication.instance().thread())
            calls.call.connect(calls.run, Qt.ConnectionType.QueuedConnection)
            _MAIN_CALLS = calls
    _MAIN_CALLS.call.emit(function)


class _QgisExchange:
    """One request through QgsNetworkAccessManager, always driven on the main thread.

    The answer's bytes go straight to the caller's writer (caller on the main thread), or into a bounded queue the
    calling worker drains (Qt stops reading the socket while the queue is full, so memory stays flat).
    """

    def __init__(self, method: str, url: str, params: dict[str, str], headers: dict[str, str], authcfg) -> None:
        self.method, self.url, self.params, self.headers, self.authcfg = method, url, params, headers, authcfg
        self.cond = threading.Condition()
        self.chunks: deque[bytes] = deque()
        self.queued = 0
        self.answer: Optional[dict[str, Any]] = None
        self.failure: Optional[str] = None
        self.reply: Any = None
        self.abandoned = False
        self.paused = False
        self.total: Optional[int] = None  # Content-Length, once the headers are in
        self.writer: Optional[Callable[[bytes], None]] = None  # set when the caller is the main thread
        self.on_done: Optional[Callable[[], None]] = None

    # -- main thread -------------------------------------------------------------------------------------------
    def start(self) -> None:
        from qgis.core import QgsApplication, QgsNetworkAccessManager

        with self.cond:
            if self.abandoned:
                return
        try:
            request = _qgis_request(self.method, self.url, self.params, self.headers)
            if self.authcfg and not QgsApplication.authManager().updateNetworkRequest(request, self.authcfg):
                self._finish_failed("the authentication configuration could not be applied")
                return
            manager = QgsNetworkAccessManager.instance()
            body = _encode(self.params).encode() if self.method == "POST" else None
            reply = manager.get(request) if body is None else manager.post(request, body)
            if self.authcfg:
                QgsApplication.authManager().updateNetworkReply(reply, self.authcfg)
        except Exception as error:
            self._finish_failed(f"{type(error).__name__}: {error}")
            return
        # Qt stops reading the socket when this buffer is full.
        reply.setReadBufferSize(4 * CHUNK_SIZE)
        self.reply = reply
        reply.readyRead.connect(self._on_ready_read)
        reply.finished.connect(self._on_finished)
        if reply.isFinished():
            self._on_finished()

    def abort(self) -> None:
        from qgis.PyQt import sip

        with self.cond:
            self.abandoned = True
        reply = self.reply
        if reply is not None and not sip.isdeleted(reply) and not reply.isFinished():
            reply.abort()

    def resume(self) -> None:
        self.paused = False
        self._on_ready_read()

    def _redirect_location(self) -> Optional[str]:
        from qgis.PyQt.QtNetwork import QNetworkRequest

        reply = self.reply
        status = _int_or_none(reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute))
        location = bytes(reply.rawHeader(b"Location")).decode("latin-1").strip()
        return location if _is_redirect(status, location) else None

    def _on_ready_read(self) -> None:
        try:
            self._read(final=False)
        except Exception as error:  # never lose an answer silently: the caller gets the failure
            self._fail_and_abort(f"{type(error).__name__}: {error}")

    def _read(self, final: bool) -> None:
        from qgis.PyQt import sip

        reply = self.reply
        if reply is None or sip.isdeleted(reply) or self.failure is not None:
            return
        if self._redirect_location() is not None:
            reply.readAll()  # a redirect's own body is not the answer
            return
        if self.total is None:
            from qgis.PyQt.QtNetwork import QNetworkRequest

            self.total = _int_or_none(reply.header(QNetworkRequest.KnownHeaders.ContentLengthHeader))
        while reply.bytesAvailable() > 0:
            if not final and self.writer is None and self.queued >= QUEUE_LIMIT:
                self.paused = True  # the worker posts resume() once it has written what is queued
                return
            data = bytes(reply.read(CHUNK_SIZE))
            if not data:
                break
            if self.writer is not None:
                self.writer(data)
            else:
                with self.cond:
                    self.chunks.append(data)
                    self.queued += len(data)
                    self.cond.notify_all()

    def _on_finished(self) -> None:
        from qgis.PyQt import sip
        from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

        reply = self.reply
        if self.answer is not None or reply is None or sip.isdeleted(reply):
            return
        try:
            self._read(final=True)
            status_value = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
            error = reply.error()
            answer = {
                "status": _int_or_none(status_value),
                "error": error,
                "error_kind": None if error == QNetworkReply.NetworkError.NoError else _qt_error_kind(error),
                "error_text": reply.errorString(),
                "content_type": _content_type(bytes(reply.rawHeader(b"Content-Type")).decode("latin-1")),
                "reason": str(reply.attribute(QNetworkRequest.Attribute.HttpReasonPhraseAttribute) or ""),
                "location": self._redirect_location(),
            }
        except Exception as error:
            answer = None
            self._set_failure(f"{type(error).__name__}: {error}")
        reply.deleteLater()
        with self.cond:
            self.answer = answer if answer is not None else {}
            self.cond.notify_all()
        if self.on_done is not None:
            self.on_done()

    def _set_failure(self, text: str) -> None:
        with self.cond:
            if self.failure is None:
                self.failure = text
            self.cond.notify_all()

    def _fail_and_abort(self, text: str) -> None:
        self._set_failure(text)
        reply = self.reply
        if reply is not None and not reply.isFinished():
            reply.abort()

    def _finish_failed(self, text: str) -> None:
        self._set_failure(text)
        with self.cond:
            self.answer = {}
            self.cond.notify_all()
        if self.on_done is not None:
            self.on_done()

    # -- the calling thread ------------------------------------------------------------------------------------
    def run_on_main_thread(self, guard: Guard, write: Callable[[bytes], None]) -> None:
        from qgis.PyQt.QtCore import QEventLoop, QTimer

        received = [0]

        def writer(data: bytes) -> None:
            received[0] += len(data)
            guard.progress(received[0], self.total)
            write(data)
            if guard.check():
                self.abort()

        self.writer = writer
        loop = QEventLoop()
        self.on_done = loop.quit
        timer = QTimer()
        timer.setInterval(int(POLL_S * 1000))

        def watch() -> None:
            if guard.check():
                self.abort()
                loop.quit()

        timer.timeout.connect(watch)
        self.start()
        if self.answer is None and not guard.check():
            timer.start()
            loop.exec()
            timer.stop()
        self.on_done = None
        if self.answer is None:
            self.abort()

    def run_from_worker(self, guard: Guard, write: Callable[[bytes], None]) -> None:
        _post_to_main_thread(self.start)
        received = 0
        try:
            while True:
                with self.cond:
                    while not self.chunks and self.answer is None and self.failure is None:
                        if guard.check():
                            break
                        self.cond.wait(POLL_S)
                    chunks = list(self.chunks)
                    self.chunks.clear()
                    self.queued = 0
                    finished = self.answer is not None or self.failure is not None
                if guard.check():
                    raise TransportError(guard.reason or "other")
                for data in chunks:
                    received += len(data)
                    guard.progress(received, self.total)
                    write(data)
                    if guard.check():
                        raise TransportError(guard.reason or "other")
                if self.paused:
                    _post_to_main_thread(self.resume)
                if finished and not self.chunks:
                    return
        except BaseException:
            with self.cond:
                self.abandoned = True
            _post_to_main_thread(self.abort)
            raise


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

    Requests always run on the main thread's QgsNetworkAccessManager (see the module docstring for why); the
    calling thread only waits, with its guard's deadline. Not QgsBlockingNetworkRequest: on QGIS 3.22 cancelling
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

        exchange = _QgisExchange(method, url, params, headers, authcfg)
        if _on_main_thread():
            exchange.run_on_main_thread(guard, _capture_write_errors(exchange, write))
        else:
            exchange.run_from_worker(guard, write)
        if guard.reason:
            raise TransportError(guard.reason)
        if exchange.failure is not None:
            kind = "write" if exchange.failure.startswith("write:") else "other"
            raise TransportError(kind, exchange.failure.removeprefix("write:"))
        answer = exchange.answer or {}
        if not answer:
            raise TransportError("other", "the network reply ended without an answer")
        status, kind = answer["status"], answer["error_kind"]
        if kind is not None and (status is None or status < 400):
            raise TransportError(kind, answer["error_text"])
        body = buffer.getvalue() if buffer is not None else b""
        size = len(body) if buffer is not None else guard.received
        if answer["location"]:
            return RawResponse(status, "", b"", url, answer["reason"], 0, answer["location"])
        return RawResponse(status, answer["content_type"], body, url, answer["reason"], size)


def _capture_write_errors(exchange: _QgisExchange, write: Callable[[bytes], None]) -> Callable[[bytes], None]:
    """On the main thread bytes are written inside Qt's signal handlers: a failure there is kept and ends the
    request (an exception escaping a Qt slot would be printed and the answer silently cut)."""

    def guarded(data: bytes) -> None:
        try:
            write(data)
        except TransportError as error:
            exchange._fail_and_abort("write:" + error.detail)

    return guarded


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
