"""Fault injection for reliability tests: /_fault/<mode>/arcgis/... serves the request as /arcgis/... would, then
breaks the reply in one way. The ArcGIS URLs themselves never change meaning.

Modes (see README.md):
  delay-<s>            sleep <s> seconds (at most 120), then answer normally
  http-500             HTTP 500 with an ArcGIS-style JSON error body
  html-502             HTTP 502 with an HTML "Bad Gateway" page (text/html), as a reverse proxy sends
  reset                status, headers and half the body, then the TCP connection is reset
  truncated-json       HTTP 200, the real body cut in half
  error-200            HTTP 200 with {"error": {"code": 500, "message": "Error performing <op> operation"}}
  empty                HTTP 200 with an empty body
  wrong-content-type   HTTP 200, the real body wrapped in an HTML sign-in page served as text/html
  huge                 HTTP 200, a valid ~30 MB JSON (the real answer's list repeated, or padded)
  drip[-<s>]           the real body in at most 20 small pieces, one every <s> seconds (default 0.5)
"""

from __future__ import annotations

import html
import json
import re
import socket
import struct
import time
from collections.abc import Callable, Iterable

FAULT_PREFIX = re.compile(r"^/_fault/([^/]+)(/arcgis(?:/.*)?)$")
ORIGINAL_PATH_KEY = "sampleserver.original_path"
FAULT_KEY = "sampleserver.fault"
HUGE_BYTES = 30 * 1024 * 1024
MAX_DELAY_SECONDS = 120.0
DRIP_PIECES = 20
_FIXED_MODES = ("http-500", "html-502", "reset", "truncated-json", "error-200", "empty", "wrong-content-type", "huge")

BAD_GATEWAY_PAGE = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0 <= value <= MAX_DELAY_SECONDS else None


def _valid_mode(mode: str) -> bool:
    if mode in _FIXED_MODES or mode == "drip":
        return True
    if mode.startswith("delay-"):
        return _seconds(mode[6:]) is not None
    if mode.startswith("drip-"):
        value = _seconds(mode[5:])
        return value is not None and value > 0
    return False


class FaultMiddleware:
    """WSGI middleware in front of the Flask app."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        match = FAULT_PREFIX.match(environ.get("PATH_INFO", ""))
        if not match:
            return self.app(environ, start_response)
        mode, inner_path = match.group(1).lower(), match.group(2)
        environ[ORIGINAL_PATH_KEY] = environ["PATH_INFO"]
        environ[FAULT_KEY] = mode
        environ["PATH_INFO"] = inner_path
        if not _valid_mode(mode):
            body = json.dumps(
                {"error": {"code": 400, "message": f"Unknown fault mode '{mode}'.", "details": [__doc__.strip()]}}
            ).encode()
            start_response(
                "400 BAD REQUEST", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            )
            return [body]
        if mode.startswith("delay-"):
            time.sleep(float(mode[6:]))
            return self.app(environ, start_response)

        status, headers, body = self._run_inner(environ)
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "application/json")
        if mode == "http-500":
            return _send(
                start_response,
                "500 INTERNAL SERVER ERROR",
                "application/json; charset=utf-8",
                json.dumps({"error": {"code": 500, "message": "Internal Server Error", "details": []}}).encode(),
            )
        if mode == "html-502":
            return _send(start_response, "502 BAD GATEWAY", "text/html", BAD_GATEWAY_PAGE)
        if mode == "error-200":
            operation = inner_path.rstrip("/").rsplit("/", 1)[-1] or "query"
            if operation.isdigit() or operation.endswith(("Server", "services")):
                operation = "query"
            payload = {"error": {"code": 500, "message": f"Error performing {operation} operation", "details": []}}
            return _send(start_response, "200 OK", "application/json; charset=utf-8", json.dumps(payload).encode())
        if mode == "empty":
            return _send(start_response, "200 OK", content_type, b"")
        if mode == "truncated-json":
            return _send(start_response, "200 OK", content_type, body[: len(body) // 2])
        if mode == "wrong-content-type":
            page = (
                "<!DOCTYPE html><html><head><title>Sign In</title></head><body>"
                '<form method="post" action="/login"><h1>Sign in to continue</h1>'
                '<input name="username"><input name="password" type="password"></form>'
                f"<pre>{html.escape(body.decode('utf-8', 'replace'))}</pre></body></html>"
            ).encode()
            return _send(start_response, "200 OK", "text/html; charset=utf-8", page)
        if mode == "huge":
            return _send(start_response, "200 OK", content_type, _huge(body))
        if mode == "reset":
            return self._reset(environ, start_response, status, headers, body)
        interval = float(mode[5:]) if mode.startswith("drip-") else 0.5
        return _drip(start_response, status, headers, body, interval)

    def _run_inner(self, environ: dict) -> tuple[str, list[tuple[str, str]], bytes]:
        captured: dict = {}

        def capture(status: str, headers: list, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        iterable = self.app(environ, capture)
        try:
            body = b"".join(iterable)
        finally:
            close = getattr(iterable, "close", None)
            if close:
                close()
        return captured["status"], list(captured["headers"]), body

    @staticmethod
    def _reset(environ: dict, start_response: Callable, status: str, headers: list, body: bytes) -> Iterable[bytes]:
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        sock = environ.get("werkzeug.socket")

        def pieces():
            yield body[: max(1, len(body) // 2)]
            if sock is not None:
                # SO_LINGER 0: closing sends a TCP RST instead of a FIN; the client sees "connection reset".
                try:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    sock.close()
                    # werkzeug still holds file objects on the socket: the fd only goes when they are released.
                    # The exception below makes werkzeug drop the connection quietly.
                except OSError:
                    pass
            raise ConnectionResetError("fault injection: connection reset mid-body")

        return pieces()


def _send(start_response: Callable, status: str, content_type: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def _huge(body: bytes) -> bytes:
    """A valid JSON document of about 30 MB built from the real answer."""
    try:
        payload = json.loads(body)
    except ValueError:
        return body + b" " * max(0, HUGE_BYTES - len(body))
    if isinstance(payload, dict):
        for key, value in payload.items():
            if isinstance(value, list) and value:
                item_size = max(1, len(json.dumps(value)) // len(value))
                payload[key] = value * (HUGE_BYTES // item_size // len(value) + 1)
                return json.dumps(payload).encode()
        payload["padding"] = "x" * HUGE_BYTES
        return json.dumps(payload).encode()
    return json.dumps({"padding": "x" * HUGE_BYTES, "value": payload}).encode()


def _drip(start_response: Callable, status: str, headers: list, body: bytes, interval: float) -> Iterable[bytes]:
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    headers.append(("Content-Length", str(len(body))))
    start_response(status, headers)
    size = max(1, -(-len(body) // DRIP_PIECES))

    def pieces():
        for start in range(0, len(body), size):
            if start:
                time.sleep(interval)
            yield body[start : start + size]

    return pieces()
