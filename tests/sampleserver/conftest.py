"""Helpers for the sample server's tests (MapServer, directory, tokens, request log, faults)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

USERNAME = "analyst"
PASSWORD = "analyst-pass-2026"

# Known places, in Web Mercator (the World service's spatial reference).
PARIS = (261600.0, 6250600.0)  # France / Paris
BERLIN = (1489200.0, 6894700.0)  # Germany
# A vertex of disputed border OBJECTID 7 ("Moldovan claim", Transnistria, valid 2015-01-01 .. 2024-01-01),
# inside Moldova.
TRANSNISTRIA = (3186043.0, 6122669.0)
YEAR_2010 = 1262304000000
YEAR_2020 = 1577836800000
YEAR_2026 = 1767225600000
YEAR_2030 = 1893456000000


def extent_around(point: tuple[float, float], width: float) -> str:
    x, y = point
    return f"{x - width / 2},{y - width / 2},{x + width / 2},{y + width / 2}"


class World:
    """Talks to World/MapServer (or Secure/World/MapServer) over HTTP."""

    def __init__(self, services_url: str, path: str = "World/MapServer") -> None:
        self.services_url = services_url
        self.url = f"{services_url}/{path}"

    def get(self, operation: str = "", **params: Any) -> dict:
        params.setdefault("f", "json")
        response = requests.get(self._url(operation), params=params, timeout=60)
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, operation: str = "", **params: Any) -> dict:
        params.setdefault("f", "json")
        response = requests.post(self._url(operation), data=params, timeout=60)
        assert response.status_code == 200, response.text
        return response.json()

    def raw(self, operation: str = "", method: str = "GET", **params: Any) -> requests.Response:
        if method == "GET":
            return requests.get(self._url(operation), params=params, timeout=60)
        return requests.post(self._url(operation), data=params, timeout=60)

    def identify(self, point: tuple[float, float] = PARIS, *, width: float = 2_000_000, **params: Any) -> dict:
        """A point identify with a 1000-pixel-wide map of `width` metres around the point (2 km per pixel)."""
        query = {
            "geometryType": "esriGeometryPoint",
            "geometry": f"{point[0]},{point[1]}",
            "tolerance": "3",
            "mapExtent": extent_around(point, width),
            "imageDisplay": "1000,1000,96",
        }
        query.update(params)
        return self.get("identify", **query)

    def error(self, operation: str = "", **params: Any) -> dict:
        data = self.get(operation, **params)
        assert "error" in data, data
        return data["error"]

    def _url(self, operation: str) -> str:
        return f"{self.url}/{operation}" if operation else self.url


@pytest.fixture(scope="session")
def world(services_url: str) -> World:
    return World(services_url)


@pytest.fixture(scope="session")
def secure_world(services_url: str) -> World:
    return World(services_url, "Secure/World/MapServer")


def generate_token(base_url: str, **extra: Any) -> dict:
    data = {"username": USERNAME, "password": PASSWORD, "f": "json", **extra}
    response = requests.post(f"{base_url}/arcgis/tokens/generateToken", data=data, timeout=30)
    assert response.status_code == 200
    return response.json()


@pytest.fixture()
def token(sample_server: str) -> str:
    return generate_token(sample_server)["token"]


def layer_ids(results: dict) -> list[int]:
    return [r["layerId"] for r in results["results"]]


def values(results: dict, layer_id: int | None = None) -> list[str]:
    return [r["value"] for r in results["results"] if layer_id is None or r["layerId"] == layer_id]


class Helpers:
    """Constants and helper functions for test modules (which cannot import this conftest)."""

    USERNAME = USERNAME
    PASSWORD = PASSWORD
    PARIS = PARIS
    BERLIN = BERLIN
    TRANSNISTRIA = TRANSNISTRIA
    YEAR_2010 = YEAR_2010
    YEAR_2020 = YEAR_2020
    YEAR_2026 = YEAR_2026
    YEAR_2030 = YEAR_2030
    extent_around = staticmethod(extent_around)
    generate_token = staticmethod(generate_token)
    layer_ids = staticmethod(layer_ids)
    values = staticmethod(values)


@pytest.fixture(scope="session")
def h() -> type[Helpers]:
    return Helpers
