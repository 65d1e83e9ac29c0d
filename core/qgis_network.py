"""QGIS's network stack for core/: the only runtime module that imports QtNetwork.

Qt network objects are created, read, aborted and deleted on QGIS's main thread only, driven by their signals,
as QGIS itself does. A request from any other thread (the plugin's runner, a QgsTask, a Processing algorithm, a
script's thread) is a plain Python object handed to the main thread through core/mainloop.py; the worker then
waits on a Python condition with its own deadline and writes the answer's bytes to its sink as they arrive. A
worker makes no Qt call and creates no QObject, so it never waits for one of Qt's object mutexes while holding the
GIL (the deadlock of QGIS's main thread destroying a receiver while it needs the GIL cannot happen), on any
platform and without knowing anything of Qt's or sip's internals.

- Every wait has an end: a busy or blocked main thread (a modal dialog, QGIS exiting) only delays a request;
  the worker returns at its deadline, and a main-thread timer aborts every reply whose guard tripped (deadline,
  cancel, too many bytes) or whose worker gave up. On the main thread itself (the Python console, qgis_process,
  tests) a call turns the event loop until its request ends, as QGIS's blocking request does.
- QGIS answers its own questions: requests go through QGIS's main network manager, so a 401 challenge, a proxy
  challenge or a TLS error reaches QGIS's own dialogs (its credential and SSL error handlers), as for its own
  layers. One more manager, made on the main thread and set up from QGIS's settings the same way (proxy, SSL CA
  certificates, per-host SSL settings, authcfg, the network logger), takes every other request so that many
  services on one host are not capped by Qt's six connections per host and manager. That extra manager never
  asks the user itself: a request it gets a challenge or a TLS error for is sent again through QGIS's manager
  (no byte of the refused answer reaches the caller), and that host's later requests go there directly.
- Nothing the plugin fetches is saved in QGIS's network disk cache (it is never read back: identify answers,
  export tiles), so the user's cached map tiles stay.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import threading
import urllib.parse
from collections import deque
from typing import IO, Any, Optional

from qgis.core import QgsApplication, QgsNetworkAccessManager
from qgis.PyQt.QtCore import QByteArray, QCoreApplication, QEventLoop, QObject, Qt, QTimer, QUrl
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from .i18n import tr
from .mainloop import MailboxClosedError, main_thread_mailbox, on_main_thread
from .transport import (
    CHUNK_SIZE,
    POLL_S,
    USER_AGENT,
    Guard,
    RawResponse,
    TransportCall,
    TransportError,
    TransportErrorKind,
    Waiter,
    _content_type,
    _full_url,
    _int_or_none,
    _is_redirect,
    _write,
)

_LOG = logging.getLogger("arcgis_identify.core")
GUARD_INTERVAL_MS = 50  # how often the main thread looks at the guards of running requests
READ_BUFFER_BYTES = 1024 * 1024  # Qt stops reading a reply's socket beyond this: memory stays flat
MAX_QUEUED_BYTES = 4 * CHUNK_SIZE  # bytes read for a worker that it has not taken yet; beyond, reading pauses
EXTRA_MANAGERS = 1  # managers beside QGIS's own: 6 more connections per host each


class PendingRequest:
    """One request in flight: what the worker asked for, and what the main thread got so far.

    The main thread appends the answer's bytes and finally the answer's head; the worker takes the bytes and writes
    them to its sink. Only Python primitives are shared between the two threads.
    """

    def __init__(
        self,
        method: str,
        url: str,
        params: dict[str, str],
        headers: dict[str, str],
        guard: Guard,
        authcfg: Optional[str],
        waiter: Optional[Waiter] = None,
    ) -> None:
        self.method, self.url, self.params, self.headers = method, url, params, headers
        self.guard, self.authcfg, self.waiter = guard, authcfg, waiter
        self.cond = threading.Condition()
        self.chunks: deque[bytes] = deque()
        self.total: Optional[int] = None  # Content-Length, once the headers are in
        self.received = 0  # bytes the main thread read
        self.queued = 0  # bytes read and not taken yet
        self.paused = False  # the main thread stopped reading until the worker takes what is queued
        self.answer: Optional[dict[str, Any]] = None
        self.failure: Optional[TransportError] = None
        self.done = False
        self.abandoned = False  # the worker stopped waiting (guard tripped, sink failed): abort, deliver nothing
        self.sends = 0  # how many replies were made for it (a second only after an extra manager's challenge)

    # -- main thread -------------------------------------------------------------------------------------------
    def add_chunk(self, data: bytes) -> None:
        with self.cond:
            self.received += len(data)
            if not self.abandoned:
                self.chunks.append(data)
                self.queued += len(data)
            self.cond.notify_all()
        if self.waiter is not None:
            self.waiter.notify()

    def room(self) -> bool:
        """Whether more bytes may be read for the worker now; when not, reading pauses until it takes them."""
        with self.cond:
            if self.queued < MAX_QUEUED_BYTES or self.abandoned:
                return True
            self.paused = True
            return False

    def finish(self, answer: Optional[dict[str, Any]], failure: Optional[TransportError] = None) -> None:
        with self.cond:
            if self.done:
                return
            self.answer, self.failure, self.done = answer, failure, True
            self.cond.notify_all()
        if self.waiter is not None:
            self.waiter.notify()

    # -- the waiting thread -----------------------------------------------------------------------------------
    def abandon(self) -> None:
        with self.cond:
            self.abandoned = True
            self.chunks.clear()

    def take(self, wait_s: float) -> tuple[list[bytes], bool, bool]:
        """The bytes that came since the last call, whether the answer is complete, and whether reading was paused
        for want of room (the caller then has the main thread resume it); waits at most `wait_s` for any of it."""
        with self.cond:
            if not self.chunks and not self.done and wait_s > 0:
                self.cond.wait(wait_s)
            chunks = list(self.chunks)
            self.chunks.clear()
            self.queued = 0
            resume, self.paused = self.paused, False
            return chunks, self.done, resume


class _Exchange(QObject):
    """The main thread's side of one PendingRequest: its reply and the reply's signals."""

    def __init__(self, dispatcher: NetworkDispatcher, pending: PendingRequest, manager: Any, extra: bool) -> None:
        super().__init__(dispatcher)
        self.dispatcher, self.pending, self.manager, self.extra = dispatcher, pending, manager, extra
        self.reply: Any = None
        self.refused = False  # an extra manager's 401 / TLS error: the request goes again through QGIS's manager
        self.finishing = False  # the reply finished while bytes still wait for room: the answer comes after them

    def start(self) -> None:
        pending = self.pending
        request = _qt_request(pending.method, pending.url, pending.params, pending.headers)
        if pending.authcfg and not QgsApplication.authManager().updateNetworkRequest(request, pending.authcfg):
            detail = tr("the authentication configuration {} could not be applied").format(pending.authcfg)
            self.dispatcher.done(self, None, TransportError(TransportErrorKind.OTHER, detail))
            return
        pending.sends += 1
        if pending.method == "GET":
            reply = self.manager.get(request)
        else:
            body = urllib.parse.urlencode(pending.params, quote_via=urllib.parse.quote).encode("ascii")
            reply = self.manager.post(request, QByteArray(body))
        self.reply = reply
        reply.setReadBufferSize(READ_BUFFER_BYTES)
        if self.extra:
            # Our extra manager never asks the user (QGIS's dialogs belong to QGIS's manager): without a handler a
            # TLS error fails the handshake, and the request goes again through QGIS's manager.
            with contextlib.suppress(TypeError):
                reply.sslErrors.disconnect()
        reply.readyRead.connect(self.read)
        reply.finished.connect(self.finished)

    def _status(self) -> Optional[int]:
        return _int_or_none(self.reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute))

    def _redirect_location(self) -> Optional[str]:
        location = bytes(self.reply.rawHeader(b"Location")).decode("latin-1").strip()
        return location if _is_redirect(self._status(), location) else None

    def read(self) -> None:
        reply, pending = self.reply, self.pending
        if reply is None:
            return
        status = self._status()
        if (self.extra and status in (401, 407)) or self._redirect_location() is not None:
            reply.readAll()  # a refused or redirected answer's own body is not the answer
            return
        if pending.total is None:
            pending.total = _int_or_none(reply.header(QNetworkRequest.KnownHeaders.ContentLengthHeader))
        while reply.bytesAvailable() > 0 and pending.room():
            data = bytes(reply.read(CHUNK_SIZE))
            if not data:
                break
            pending.add_chunk(data)
        if self.dispatcher.tripped(pending):
            self.abort()
        elif self.finishing and reply.bytesAvailable() <= 0:
            self.finished()

    def finished(self) -> None:
        reply, pending = self.reply, self.pending
        if reply is None:
            return
        if reply.bytesAvailable() > 0 and not self.dispatcher.tripped(pending):
            self.finishing = True
            self.read()  # what fits now; the rest when the worker has taken it (read() ends the answer then)
            if self.reply is None or reply.bytesAvailable() > 0:
                return
        self.finishing = False
        error = reply.error()
        errors = QNetworkReply.NetworkError
        status = self._status()
        challenged = status in (401, 407) or error in (
            errors.SslHandshakeFailedError,
            errors.AuthenticationRequiredError,
            errors.ProxyAuthenticationRequiredError,
        )
        if self.extra and challenged and not self.dispatcher.tripped(pending):
            self.refused = True
            self.dispatcher.done(self, None, None)
            return
        self.read()
        answer = {
            "status": status,
            "error_kind": None if error == errors.NoError else _qt_error_kind(error),
            "error_text": reply.errorString(),
            "content_type": _content_type(bytes(reply.rawHeader(b"Content-Type")).decode("latin-1")),
            "reason": str(reply.attribute(QNetworkRequest.Attribute.HttpReasonPhraseAttribute) or ""),
            "location": self._redirect_location(),
        }
        self.dispatcher.done(self, answer, None)

    def abort(self) -> None:
        if self.reply is not None and not self.reply.isFinished():
            self.reply.abort()  # emits finished at once

    def release(self) -> None:
        reply, self.reply = self.reply, None
        if reply is not None:
            for signal, slot in ((reply.readyRead, self.read), (reply.finished, self.finished)):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(slot)
            reply.deleteLater()
        self.setParent(None)
        self.deleteLater()


class NetworkDispatcher(QObject):
    """Starts, watches and ends every request on the main thread (see the module doc)."""

    def __init__(self) -> None:
        super().__init__()
        self._main = QgsNetworkAccessManager.instance()
        self._extras: list[Any] = []
        for _ in range(EXTRA_MANAGERS):
            manager = QgsNetworkAccessManager(self)
            # From QGIS's settings, like QGIS's own managers (proxy, cache, logger, SSL); direct connections: it
            # lives on the main thread, beside QGIS's.
            manager.setupDefaultProxyAndCache(Qt.ConnectionType.DirectConnection)
            # QGIS's handlers of a secondary manager wait for the main thread, which we are: never let them run.
            for signal in (manager.authenticationRequired, manager.sslErrors):
                with contextlib.suppress(TypeError):
                    signal.disconnect()
            self._extras.append(manager)
        self._turn = itertools.count()
        self._challenging_hosts: set[str] = set()
        self._active: dict[int, _Exchange] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(GUARD_INTERVAL_MS)
        self._timer.timeout.connect(self._watch)
        self._closed = False

    @staticmethod
    def tripped(pending: PendingRequest) -> bool:
        return pending.abandoned or pending.guard.check() is not None

    def start(self, pending: PendingRequest) -> None:
        """Sends `pending` (main thread)."""
        if self._closed:
            pending.finish(None, TransportError(TransportErrorKind.CANCELLED, tr("the plugin was unloaded")))
            return
        if self.tripped(pending):
            pending.finish(None, TransportError(pending.guard.reason or TransportErrorKind.CANCELLED))
            return
        host = _host(pending.url)
        manager, extra = self._main, False
        if self._extras and host not in self._challenging_hosts:
            index = next(self._turn) % (len(self._extras) + 1)
            if index:
                manager, extra = self._extras[index - 1], True
        exchange = _Exchange(self, pending, manager, extra)
        self._active[id(exchange)] = exchange
        if not self._timer.isActive():
            self._timer.start()
        exchange.start()

    def done(self, exchange: _Exchange, answer: Optional[dict[str, Any]], failure: Optional[TransportError]) -> None:
        self._active.pop(id(exchange), None)
        exchange.release()
        pending = exchange.pending
        if exchange.refused:
            self._challenging_hosts.add(_host(pending.url))
            self.start(pending)
            return
        if failure is None and pending.guard.reason:
            failure = TransportError(pending.guard.reason)
        elif failure is None and self._closed:
            failure = TransportError(TransportErrorKind.CANCELLED, tr("the plugin was unloaded"))
        pending.finish(answer, failure)
        if not self._active:
            self._timer.stop()

    def _watch(self) -> None:
        for exchange in list(self._active.values()):
            if self.tripped(exchange.pending):
                exchange.abort()
            elif exchange.pending.queued == 0 and exchange.reply is not None:
                exchange.read()  # a resume that was missed: reading never stays paused
        if not self._active:
            self._timer.stop()

    def resume(self, pending: PendingRequest) -> None:
        """Reads on for a worker that took the bytes queued for it (main thread)."""
        for exchange in list(self._active.values()):
            if exchange.pending is pending:
                exchange.read()

    def abort(self, pending: PendingRequest) -> None:
        for exchange in list(self._active.values()):
            if exchange.pending is pending:
                exchange.abort()

    def active(self) -> int:
        return len(self._active)

    def close(self) -> None:
        """Aborts every reply; later requests are refused (main thread)."""
        self._closed = True
        for exchange in list(self._active.values()):
            exchange.pending.abandon()
            exchange.abort()
        for exchange in list(self._active.values()):  # a reply that never started has no finished signal
            self.done(exchange, None, TransportError(TransportErrorKind.CANCELLED, tr("the plugin was unloaded")))
        self._timer.stop()
        for manager in self._extras:
            manager.deleteLater()
        self._extras = []


_DISPATCHER: Optional[NetworkDispatcher] = None


def dispatcher() -> NetworkDispatcher:
    """The open dispatcher, made on first use (main thread only)."""
    global _DISPATCHER
    if _DISPATCHER is None or _DISPATCHER._closed:
        _DISPATCHER = NetworkDispatcher()
    return _DISPATCHER


def close_network() -> None:
    """unload(): every reply aborted, the extra manager deleted (main thread). Waiting workers end at once."""
    global _DISPATCHER
    current, _DISPATCHER = _DISPATCHER, None
    if current is not None:
        current.close()


def prepare() -> None:
    """Makes the main thread ready to take requests from workers (call on the main thread)."""
    if on_main_thread():
        main_thread_mailbox()


def _host(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _qt_request(method: str, url: str, params: dict[str, str], headers: dict[str, str]) -> Any:
    full = _full_url(method, url, params)
    # Percent-encode what is not ASCII (a service named "Démo"); existing %XX escapes stay as they are.
    encoded = urllib.parse.quote(full, safe=":/?&=%@+,;#[]!$'()*~")
    request = QNetworkRequest(QUrl.fromEncoded(encoded.encode("ascii")))
    request.setRawHeader(b"User-Agent", USER_AGENT.encode())
    for name, value in headers.items():
        request.setRawHeader(name.encode("latin-1"), value.encode("latin-1"))
    if method == "POST":
        request.setHeader(QNetworkRequest.KnownHeaders.ContentTypeHeader, "application/x-www-form-urlencoded")
    attributes = QNetworkRequest.Attribute
    request.setAttribute(attributes.RedirectPolicyAttribute, QNetworkRequest.RedirectPolicy.ManualRedirectPolicy)
    request.setAttribute(attributes.CacheLoadControlAttribute, QNetworkRequest.CacheLoadControl.AlwaysNetwork)
    request.setAttribute(attributes.CacheSaveControlAttribute, False)  # never read back: keep the user's cache
    return request


def _qt_error_kind(error: Any) -> TransportErrorKind:
    errors = QNetworkReply.NetworkError
    if error == errors.ConnectionRefusedError:
        return TransportErrorKind.REFUSED
    if error in (errors.RemoteHostClosedError, errors.UnknownNetworkError, errors.ProtocolFailure):
        return TransportErrorKind.RESET
    if error == errors.TimeoutError:
        return TransportErrorKind.TIMEOUT
    if error == errors.SslHandshakeFailedError:
        return TransportErrorKind.TLS
    if error == errors.OperationCanceledError:
        # Our own aborts are recognised first (Guard.reason); otherwise QGIS aborted the reply because its own
        # network timeout setting expired.
        return TransportErrorKind.QGIS_TIMEOUT
    return TransportErrorKind.OTHER


class QgisHandle:
    """One request through QGIS's network, polled by the thread that asked for it (see the module doc).

    poll() writes the bytes that came to the call's sink (or a buffer) and returns the answer once complete, None
    before; it raises TransportError when the guard trips or the request failed. A worker that drives several
    handles at once (the export's tiles) waits on their shared Waiter between polls.
    """

    def __init__(self, call: TransportCall, waiter: Optional[Waiter] = None) -> None:
        self.call = call
        self.buffer = io.BytesIO() if call.sink is None else None
        self.written = 0
        self.main = on_main_thread()
        self.pending = PendingRequest(
            call.method, call.url, call.params, call.headers, call.guard, call.authcfg, waiter
        )
        if self.main:
            dispatcher().start(self.pending)
            return
        try:
            posted = main_thread_mailbox().post(lambda: dispatcher().start(self.pending))
        except MailboxClosedError as error:
            if error.never_opened:
                raise TransportError(TransportErrorKind.OTHER, str(error)) from None
            posted = False
        if not posted:
            raise TransportError(TransportErrorKind.CANCELLED, tr("QGIS's network is closed (the plugin was unloaded)"))

    def _write(self, chunks: list[bytes]) -> None:
        guard = self.call.guard
        target: IO[bytes] = self.call.sink if self.call.sink is not None else self.buffer  # type: ignore[assignment]
        for data in chunks:
            if self.buffer is not None and guard.max_bytes is not None and self.written + len(data) > guard.max_bytes:
                guard.reason = guard.reason or TransportErrorKind.TOO_LARGE
                return
            _write(target, data)
            self.written += len(data)
            guard.progress(self.written, self.pending.total)

    def _resume(self) -> None:
        if self.main:
            dispatcher().resume(self.pending)
            return
        with contextlib.suppress(MailboxClosedError):  # closed: the request is being aborted anyway
            main_thread_mailbox().post(lambda: dispatcher().resume(self.pending))

    def cancel(self) -> None:
        self.pending.abandon()  # the main thread aborts the reply when it next looks
        if self.main:
            dispatcher().abort(self.pending)

    def poll(self, wait_s: float = 0.0) -> Optional[RawResponse]:
        guard = self.call.guard
        try:
            chunks, done, resume = self.pending.take(wait_s)
            if chunks:
                self._write(chunks)
            if resume:
                self._resume()
        except BaseException:
            self.cancel()
            raise
        if guard.check():
            self.cancel()
            raise TransportError(guard.reason or TransportErrorKind.OTHER)
        if not done:
            return None
        return self._response()

    def _response(self) -> RawResponse:
        pending, url = self.pending, self.call.url
        if pending.failure is not None:
            raise pending.failure
        answer = pending.answer or {}
        if not answer:
            raise TransportError(TransportErrorKind.OTHER, tr("the network reply ended without an answer"))
        status, kind = answer["status"], answer["error_kind"]
        if kind is not None and (status is None or status < 400):
            raise TransportError(kind, answer["error_text"])
        if answer["location"]:
            return RawResponse(status, "", b"", url, answer["reason"], 0, answer["location"])
        body = self.buffer.getvalue() if self.buffer is not None else b""
        return RawResponse(status, answer["content_type"], body, url, answer["reason"], self.written)


class QgisTransport:
    """QGIS's network stack: proxy, SSL settings, authcfg, QGIS's dialogs and the network logger apply.

    The core API stays synchronous: `send` returns when the answer is complete, or raises when the guard trips,
    whatever the calling thread: a worker waits on a Python condition with its deadline; the main thread turns
    the event loop meanwhile (the dispatcher's guard timer wakes it while the request runs, so the deadline is
    seen). `start` gives a handle to poll, for a worker that drives several requests at once.
    """

    name = "qgis"

    def __init__(self) -> None:
        prepare()  # a Session is made on the main thread: its workers can reach it from now on

    def start(self, call: TransportCall, waiter: Optional[Waiter] = None) -> QgisHandle:
        return QgisHandle(call, waiter)

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
        handle = QgisHandle(TransportCall(method, url, params, headers, guard, authcfg, sink))
        while True:
            if handle.main:
                answer = handle.poll(0.0)
                if answer is not None:
                    return answer
                process_events_while_waiting()
            else:
                remaining = guard.remaining()
                answer = handle.poll(POLL_S if remaining is None else min(POLL_S, remaining))
                if answer is not None:
                    return answer


def process_events_while_waiting() -> None:
    """For a caller on the main thread that drives handles itself: turns the event loop once (the replies live
    there), waiting for an event when none is pending."""
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
