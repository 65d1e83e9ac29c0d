"""Calls handed to QGIS's main thread from any thread, with Python primitives only.

A worker thread must never make a Qt call (see core/qgis_network.py): it cannot emit a signal, post an event or
start a timer to reach the main thread. It appends the call to a Python queue and writes one byte into a socket
pair; a QSocketNotifier, made on the main thread, wakes the main thread's event loop (any loop: QGIS's, a modal
dialog's, a local one), which runs the queued calls. Socket pairs and socket notifiers work alike on Windows,
macOS and Linux. Nothing polls: an idle plugin costs no wake-ups.

    mailbox = main_thread_mailbox()     # on the main thread, once (the plugin and QgisTransport do it)
    mailbox.post(call)                  # any thread; False when the mailbox is closed (the plugin unloaded)
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import traceback
from collections import deque
from typing import Any, Callable, Optional

from .i18n import tr

_LOG = logging.getLogger("arcgis_identify.core")


def on_main_thread() -> bool:
    """Whether the calling thread is QGIS's main (GUI) thread, asked of Python (no Qt call): QGIS runs Qt's main
    thread as Python's main thread. True when no Qt application exists (a plain script)."""
    if threading.current_thread() is threading.main_thread():
        return True
    try:
        from qgis.PyQt.QtCore import QCoreApplication
    except ImportError:
        return True
    return QCoreApplication.instance() is None


class MailboxClosedError(RuntimeError):
    """The main thread takes no calls: never opened (nothing on the main thread prepared it), or closed (unload)."""

    def __init__(self, text: str, *, never_opened: bool = False) -> None:
        super().__init__(text)
        self.never_opened = never_opened


class MainThreadMailbox:
    """A queue of calls that QGIS's main thread runs; see the module doc."""

    def __init__(self) -> None:
        from qgis.PyQt.QtCore import QSocketNotifier

        if not on_main_thread():
            raise MailboxClosedError(tr("The main-thread mailbox must be made on the main thread"))
        self._lock = threading.Lock()
        self._calls: deque[Callable[[], Any]] = deque()
        self._signalled = False
        self._closed = False
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._drain)

    @property
    def closed(self) -> bool:
        return self._closed

    def post(self, call: Callable[[], Any]) -> bool:
        """Queues `call` for the main thread (any thread). False when the mailbox is closed: `call` never runs."""
        with self._lock:
            if self._closed:
                return False
            self._calls.append(call)
            if self._signalled:
                return True  # a byte is on its way: the main thread takes every queued call at once
            self._signalled = True
            with contextlib.suppress(OSError):  # a full buffer holds wake-ups already: the main thread drains it
                self._writer.send(b"\0")
        return True

    def run_pending(self) -> int:
        """Runs the queued calls now (main thread); how many ran."""
        with contextlib.suppress(OSError):
            while self._reader.recv(4096):
                pass
        with self._lock:
            calls, self._calls = self._calls, deque()
            self._signalled = False
        for call in calls:
            try:
                call()
            except Exception:  # one bad call must not stop the others nor reach QGIS's error dialog
                _LOG.error("A call handed to the main thread failed:\n%s", traceback.format_exc())
        return len(calls)

    def _drain(self, *_socket: Any) -> None:
        self.run_pending()

    def close(self) -> None:
        """Runs nothing more: later posts return False (main thread)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._calls.clear()
        self._notifier.setEnabled(False)
        with contextlib.suppress(RuntimeError, TypeError):
            self._notifier.activated.disconnect(self._drain)
        self._notifier.deleteLater()
        for sock in (self._reader, self._writer):
            with contextlib.suppress(OSError):
                sock.close()


_MAILBOX: Optional[MainThreadMailbox] = None
_MAILBOX_LOCK = threading.Lock()


def main_thread_mailbox() -> MainThreadMailbox:
    """The open mailbox; made when first asked for on the main thread. From another thread before that (or after
    close_main_thread_mailbox()): MailboxClosedError."""
    global _MAILBOX
    with _MAILBOX_LOCK:
        mailbox = _MAILBOX
        if mailbox is not None and not mailbox.closed:
            return mailbox
        if not on_main_thread():
            if mailbox is None:
                raise MailboxClosedError(
                    tr(
                        "QGIS's main thread is not ready for requests from other threads: import "
                        "arcgis_identify.core or make a Session on the main thread first"
                    ),
                    never_opened=True,
                )
            raise MailboxClosedError(tr("QGIS's main thread takes no more requests: the plugin was unloaded"))
        _MAILBOX = MainThreadMailbox()
        return _MAILBOX


def close_main_thread_mailbox() -> None:
    """unload(): queued calls are dropped, later posts refused (main thread)."""
    with _MAILBOX_LOCK:
        mailbox = _MAILBOX  # kept, closed: workers are told the plugin was unloaded
    if mailbox is not None:
        mailbox.close()
