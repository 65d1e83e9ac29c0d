"""Hostile HTTP(S) servers for the bounded-wait tests: each misbehaves in one way a real server or network can.

Plain sockets on 127.0.0.1 in threads of the test process. Every server stops by itself: close() (fixture teardown)
ends it, and each connection is dropped LIFETIME_S after it was accepted whatever the client does, so a client that
would wait forever gets an answer-less reset instead and the test can report how long it waited.

Modes:
  challenge-401     after 0.5 s: 401 Unauthorized with `WWW-Authenticate: Basic realm="arcgis"` and a small JSON body
  tls               HTTPS with the self-signed certificate of tests/data/tls (a client must refuse it); would answer
                    a valid service description if a client accepted it
  silent            accepts the connection, reads the request, never answers
  drip              status and headers with a Content-Length, then 1 byte every 0.3 s for ever
  reset             status, headers and part of the body, then a TCP reset (SO_LINGER 0, close)
  killed-mid-body   headers with Content-Length 100000 and 1000 bytes, then the connection and the listening socket
                    close (the server process died)
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import struct
import threading
import time
from pathlib import Path
from typing import Optional

MODES = ("challenge-401", "tls", "silent", "drip", "reset", "killed-mid-body")
TLS_DIR = Path(__file__).resolve().parent.parent / "data" / "tls"
LIFETIME_S = 5.0  # a connection is dropped this long after it was accepted, whatever the client does
CHALLENGE_DELAY_S = 0.5
DRIP_INTERVAL_S = 0.3
SERVICE_JSON = json.dumps({"currentVersion": 10.91, "mapName": "X", "layers": []}).encode()
# A body that is not JSON: a download that silently keeps a truncated one would look like a success.
IMAGE_HEAD = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


def _body(request_line: bytes, size: int) -> tuple[bytes, str]:
    """The start of a body the request would expect: JSON for f=json requests, PNG-like bytes otherwise."""
    if b"f=json" in request_line:
        head = b'{"currentVersion": 10.91, "padding": "'
        return (head + b"x" * max(0, size - len(head)))[:size], "application/json"
    return (IMAGE_HEAD + b"\x00" * max(0, size - len(IMAGE_HEAD)))[:size], "image/png"


class HostileServer:
    """One misbehaving server on a free loopback port: `base` is its http(s)://127.0.0.1:PORT."""

    def __init__(self, mode: str, lifetime_s: float = LIFETIME_S) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.mode = mode
        self.lifetime_s = lifetime_s
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._connections: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self.accepted = 0
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        scheme = "https" if mode == "tls" else "http"
        self.base = f"{scheme}://127.0.0.1:{self.port}"
        self._tls: Optional[ssl.SSLContext] = None
        if mode == "tls":
            self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._tls.load_cert_chain(TLS_DIR / "cert.pem", TLS_DIR / "key.pem")
        self._acceptor = threading.Thread(target=self._accept_loop, name=f"hostile-{mode}", daemon=True)
        self._acceptor.start()

    # -- lifecycle ---------------------------------------------------------------------------------------
    def close(self) -> None:
        """Stops the server and drops every connection (with a reset); returns once its threads ended."""
        self._stop.set()
        self._close_listener()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            _reset(conn)
        self._acceptor.join(5)
        for thread in list(self._threads):
            thread.join(5)

    def _close_listener(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.close()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:  # listener closed
                return
            self.accepted += 1
            with self._lock:
                self._connections.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), name=f"hostile-{self.mode}-conn", daemon=True)
            self._threads.append(thread)
            thread.start()

    # -- one connection ----------------------------------------------------------------------------------
    def _serve(self, conn: socket.socket) -> None:
        deadline = time.monotonic() + self.lifetime_s
        try:
            conn.settimeout(0.2)
            if self._tls is not None:
                conn.settimeout(min(self.lifetime_s, 3.0))  # a client that refuses the certificate ends it sooner
                try:
                    conn = self._tls.wrap_socket(conn, server_side=True)
                except (OSError, ssl.SSLError):
                    return  # the client refused the certificate: what it should do
                with self._lock:
                    self._connections.append(conn)
                conn.settimeout(0.2)
            request_line = self._read_request(conn, deadline)
            if request_line is None:
                return
            getattr(self, "_mode_" + self.mode.replace("-", "_"))(conn, request_line, deadline)
        except OSError:
            pass  # the client went away
        finally:
            _reset(conn)

    def _read_request(self, conn: socket.socket, deadline: float) -> Optional[bytes]:
        """The request line once the whole header arrived; None when the client or the clock gave up first."""
        data = b""
        while b"\r\n\r\n" not in data:
            if self._stop.is_set() or time.monotonic() > deadline:
                return None
            try:
                chunk = conn.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                return None
            data += chunk
        return data.split(b"\r\n", 1)[0]

    def _wait(self, seconds: float, deadline: float) -> bool:
        """Sleeps; False when the server stops or the connection's lifetime ends meanwhile."""
        end = min(time.monotonic() + seconds, deadline)
        self._stop.wait(max(0.0, end - time.monotonic()))
        return not self._stop.is_set() and time.monotonic() < deadline

    @staticmethod
    def _head(status: str, content_type: str, length: int, extra: str = "") -> bytes:
        return (
            f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n{extra}"
            "Connection: close\r\n\r\n"
        ).encode("latin-1")

    def _mode_challenge_401(self, conn, request_line, deadline) -> None:
        if not self._wait(CHALLENGE_DELAY_S, deadline):
            return
        body = json.dumps({"error": {"code": 401, "message": "Unauthorized", "details": []}}).encode()
        extra = 'WWW-Authenticate: Basic realm="arcgis"\r\n'
        conn.sendall(self._head("401 Unauthorized", "application/json", len(body), extra) + body)
        self._linger_until_closed(conn, deadline)

    def _mode_tls(self, conn, request_line, deadline) -> None:
        conn.sendall(self._head("200 OK", "application/json", len(SERVICE_JSON)) + SERVICE_JSON)
        self._linger_until_closed(conn, deadline)

    def _mode_silent(self, conn, request_line, deadline) -> None:
        self._linger_until_closed(conn, deadline)

    def _mode_drip(self, conn, request_line, deadline) -> None:
        body, content_type = _body(request_line, 100000)
        conn.sendall(self._head("200 OK", content_type, len(body)))
        for byte in body:
            conn.sendall(bytes([byte]))
            if not self._wait(DRIP_INTERVAL_S, deadline):
                return

    def _mode_reset(self, conn, request_line, deadline) -> None:
        body, content_type = _body(request_line, 10000)
        conn.sendall(self._head("200 OK", content_type, len(body)) + body[:2000])
        self._wait(0.05, deadline)  # the part sent reaches the client before the reset

    def _mode_killed_mid_body(self, conn, request_line, deadline) -> None:
        body, content_type = _body(request_line, 100000)
        conn.sendall(self._head("200 OK", content_type, len(body)) + body[:1000])
        self._wait(0.05, deadline)
        self._close_listener()  # the process died: nothing listens any more...
        with contextlib.suppress(OSError):
            conn.shutdown(socket.SHUT_RDWR)  # ...and the kernel closes its connections (FIN, not a reset)
        conn.close()

    def _linger_until_closed(self, conn, deadline) -> None:
        """Keeps the connection open (answering nothing more) until the client closes it or the lifetime ends."""
        while self._wait(0.0, deadline):
            try:
                if not conn.recv(65536):
                    return
            except socket.timeout:
                continue


def _reset(conn: socket.socket) -> None:
    """Closes with a TCP reset (SO_LINGER on, timeout 0); quietly when it is closed already."""
    with contextlib.suppress(OSError):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        conn.close()


def static_handler(body: bytes, *, status: int = 200, content_type: str = "application/json"):
    """A request handler class answering every GET with fixed bytes (for what the sample server never sends)."""
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler
