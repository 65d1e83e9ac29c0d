"""Second origins for the credential tests: HTTP servers on loopback ports of their own, in threads of the test process.

- RecordingServer answers every request with one fixed body and records what each request carried (method, path,
  headers, query and form parameters): the "other host" an export href or a legend swatch may point to.
- ForwardingServer passes every request on to the sample server (headers and body, not the Host header): the sample
  server then names its own address in the hrefs it answers, so an export through the forwarder gets an href on
  another origin than the service's, as behind a web adaptor whose server hands out its machine's address.
"""

from __future__ import annotations

import http.server
import threading
import urllib.parse
from typing import Any

import requests

SECRET_HEADERS = ("x-esri-authorization", "authorization", "cookie")
HOP_BY_HOP = ("host", "content-length", "connection", "transfer-encoding", "keep-alive", "accept-encoding")


class _Server:
    def __init__(self, handler_class: type[http.server.BaseHTTPRequestHandler]) -> None:
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class RecordingServer(_Server):
    """Answers `body` to every GET and POST and keeps, per request, what it carried."""

    def __init__(self, body: bytes, content_type: str) -> None:
        self.requests: list[dict[str, Any]] = []
        recorded = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(parts.query))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    params.update(urllib.parse.parse_qsl(self.rfile.read(length).decode("latin-1")))
                recorded.append(
                    {
                        "method": self.command,
                        "path": parts.path,
                        "headers": {key.lower(): value for key, value in self.headers.items()},
                        "params": params,
                    }
                )
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(Handler)

    def credentials_seen(self) -> list[str]:
        """What arrived that is a credential: secret headers, and token/password parameters (empty: none)."""
        found = []
        for entry in self.requests:
            found += [f"{entry['path']}: header {name}" for name in entry["headers"] if name in SECRET_HEADERS]
            found += [f"{entry['path']}: {key}=" for key in entry["params"] if key.lower() in ("token", "password")]
        return found


class ForwardingServer(_Server):
    """Forwards every request to `target_base` (the sample server) and relays its answer unchanged."""

    def __init__(self, target_base: str) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                answer = requests.request(
                    self.command, target_base + self.path, data=data, headers=headers, timeout=60, allow_redirects=False
                )
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower() not in HOP_BY_HOP and key.lower() != "content-encoding":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = _forward

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(Handler)
