"""Helpers for the ImageServer tests: requests against the session's sample server."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import requests
from osgeo import gdal

gdal.UseExceptions()


def point_json(lon: float, lat: float, wkid: int = 4326) -> str:
    return json.dumps({"x": lon, "y": lat, "spatialReference": {"wkid": wkid}})


class ImageServers:
    """Calls `<services>/<name>/ImageServer/<operation>` and returns JSON (or the raw response)."""

    # Known places (WGS 84 lon/lat).
    JACKSBORO = (-84.25, 36.6)  # inside every Imagery scene, the DEM, the land cover and the climate grid
    NODATA_CORNER = (-84.40, 36.725)  # the Elevation DEM's noData block in the north-west corner
    FAR_AWAY = (10.0, 50.0)  # outside every service

    point_json = staticmethod(point_json)

    def __init__(self, services_url: str) -> None:
        self.services_url = services_url
        self.session = requests.Session()

    def url(self, name: str, operation: str = "") -> str:
        base = f"{self.services_url}/{name}/ImageServer"
        return f"{base}/{operation}" if operation else base

    def get(self, name: str, operation: str = "", **params: Any) -> dict:
        params.setdefault("f", "json")
        response = self.session.get(self.url(name, operation), params=params, timeout=120)
        assert response.status_code == 200, response.text[:500]
        return response.json()

    def post(self, name: str, operation: str = "", **params: Any) -> dict:
        params.setdefault("f", "json")
        response = self.session.post(self.url(name, operation), data=params, timeout=120)
        assert response.status_code == 200, response.text[:500]
        return response.json()

    def raw(self, name: str, operation: str, **params: Any) -> requests.Response:
        return self.session.get(self.url(name, operation), params=params, timeout=120)

    def identify(self, name: str, lon: float, lat: float, **params: Any) -> dict:
        params.setdefault("geometryType", "esriGeometryPoint")
        return self.get(name, "identify", geometry=point_json(lon, lat), **params)

    def error(self, name: str, operation: str = "", **params: Any) -> dict:
        """The ArcGIS error object of a request that must fail."""
        params.setdefault("f", "json")
        response = self.session.get(self.url(name, operation), params=params, timeout=120)
        assert response.status_code in (200, 400), response.text[:500]
        assert response.headers["Content-Type"].startswith(("application/json", "text/plain"))
        body = response.json()
        assert set(body) == {"error"}, body
        return body["error"]

    @staticmethod
    def open_image(data: bytes, suffix: str = ".tif") -> gdal.Dataset:
        """A GDAL dataset on bytes (kept in /vsimem/ for the life of the test process)."""
        path = f"/vsimem/test_{uuid.uuid4().hex}{suffix}"
        gdal.FileFromMemBuffer(path, data)
        return gdal.Open(path)

    def pixels(self, data: bytes, suffix: str = ".png") -> Any:
        """(bands, rows, cols) of an encoded image."""
        return self.open_image(data, suffix).ReadAsArray()


@pytest.fixture(scope="session")
def image_servers(services_url: str) -> ImageServers:
    return ImageServers(services_url)
