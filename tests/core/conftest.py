"""Helpers for the core/ tests: services on the sample server, its request log, both transports."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

# The `requests` run of a test needs no QGIS application: it is in the fast lane (`make test-fast`, marker "pure").
TRANSPORTS = ["qgis", pytest.param("requests", marks=pytest.mark.pure)]


@pytest.fixture(params=TRANSPORTS)
def transport(request) -> str:
    """Run the test once through QGIS's network stack and once through `requests`."""
    return request.param


class RequestLog:
    """The sample server's request log (GET <base>/_requests, POST <base>/_requests/clear)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def clear(self) -> None:
        response = requests.post(self.base + "/_requests/clear", timeout=30)
        response.raise_for_status()

    def all(self) -> list[dict[str, Any]]:
        response = requests.get(self.base + "/_requests", timeout=30)
        response.raise_for_status()
        return response.json()["requests"]

    def matching(self, path_suffix: str) -> list[dict[str, Any]]:
        return [r for r in self.all() if r["path"].rstrip("/").lower().endswith(path_suffix.lower())]

    @staticmethod
    def param(entry: dict[str, Any], name: str) -> Any:
        """A request parameter of a log entry, case-insensitively (ArcGIS parameter names are)."""
        for key, value in (entry.get("params") or {}).items():
            if key.lower() == name.lower():
                return value
        return None

    @classmethod
    def json_param(cls, entry: dict[str, Any], name: str) -> Any:
        value = cls.param(entry, name)
        return json.loads(value) if isinstance(value, str) else value

    def last(self, path_suffix: str) -> dict[str, Any]:
        found = self.matching(path_suffix)
        assert found, f"no request to *{path_suffix} in the server log: {[r['path'] for r in self.all()]}"
        return found[-1]


@pytest.fixture()
def request_log(sample_server: str) -> RequestLog:
    log = RequestLog(sample_server)
    log.clear()
    return log


@pytest.fixture()
def map_url(services_url: str) -> str:
    return services_url + "/World/MapServer"


@pytest.fixture()
def elevation_url(services_url: str) -> str:
    return services_url + "/Elevation/ImageServer"


@pytest.fixture()
def imagery_url(services_url: str) -> str:
    return services_url + "/Imagery/ImageServer"


@pytest.fixture()
def fault_url(sample_server: str):
    """fault_url(mode, "World/MapServer"): a service URL behind the sample server's fault injector."""

    def make(mode: str, service_path: str) -> str:
        return f"{sample_server}/_fault/{mode}/arcgis/rest/services/{service_path}"

    return make


class LocalHttpServer:
    """A throw-away HTTP server on a free loopback port, for answers the sample server must not give."""

    def __init__(self, handler_class) -> None:
        import http.server
        import threading

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def local_http_server():
    """Factory: local_http_server(handler_class) -> LocalHttpServer, closed after the test."""
    started: list[LocalHttpServer] = []

    def start(handler_class) -> LocalHttpServer:
        server = LocalHttpServer(handler_class)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()
