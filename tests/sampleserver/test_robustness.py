"""Whatever a client sends, the World service answers ArcGIS JSON (a result or an error), never a traceback;
and it serves parallel requests."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

IDENTIFY_NAMES = [
    "geometry",
    "geometryType",
    "sr",
    "layerDefs",
    "time",
    "layerTimeOptions",
    "layers",
    "tolerance",
    "mapExtent",
    "imageDisplay",
    "returnGeometry",
    "maxAllowableOffset",
    "geometryPrecision",
    "returnZ",
    "returnM",
    "returnFieldName",
    "returnUnformattedValues",
]
EXPORT_NAMES = ["bbox", "bboxSR", "imageSR", "size", "dpi", "format", "transparent", "layers", "layerDefs", "time"]

_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "0", "-1", "1e400", "nan", "null", "{}", "[]", "{x: 1}", "all:", "show:", "1,2,3,4", "4326"]),
)


def _valid_identify(h) -> dict:
    x, y = h.PARIS
    return {
        "f": "json",
        "geometry": f"{x},{y}",
        "tolerance": "3",
        "mapExtent": h.extent_around(h.PARIS, 2_000_000),
        "imageDisplay": "1000,1000,96",
    }


def _assert_arcgis_json(response: requests.Response) -> None:
    assert response.status_code == 200, response.text[:500]
    data = response.json()
    assert isinstance(data, dict)
    if "error" in data:
        assert set(data["error"]) == {"code", "message", "details"}
        assert data["error"]["code"] == 400, data


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(IDENTIFY_NAMES), value=_TEXT)
def test_identify_never_fails_with_a_server_error(world, h, name, value):
    _assert_arcgis_json(world.raw("identify", **{**_valid_identify(h), name: value}))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(EXPORT_NAMES), value=_TEXT)
def test_export_never_fails_with_a_server_error(world, name, value):
    params = {"f": "json", "bbox": "0,0,1000000,1000000", "size": "64,64", name: value}
    _assert_arcgis_json(world.raw("export", **params))


def test_parallel_identify_and_export(world, h):
    """Identify (OGR, one datasource per request) and export (QGIS, one render thread) from many threads."""

    def identify(_i: int) -> str:
        return world.identify(h.PARIS)["results"][0]["value"]

    def export(i: int) -> int:
        data = world.raw("export", f="image", bbox=f"{i * 10000},0,{i * 10000 + 2000000},2000000", size="64,64")
        return len(data.content) if data.content.startswith(b"\x89PNG") else -1

    with ThreadPoolExecutor(max_workers=8) as pool:
        names = list(pool.map(identify, range(24)))
        sizes = list(pool.map(export, range(16)))
    assert names == ["France"] * 24
    assert all(size > 0 for size in sizes)
