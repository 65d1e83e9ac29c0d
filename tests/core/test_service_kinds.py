"""A service is the type it is: a MapServer URL is refused by ImageService (and the reverse, and FeatureServers and
other types) with a sentence naming both, from the URL or, where the URL does not say, from the service's info; the
session's info cache is kept per URL and service type, so one type's answer never reaches the other."""

from __future__ import annotations

import http.server
import json
from pathlib import Path
from typing import Any

import pytest

from arcgis_identify.core import ArcGisParameterError, ImageService, MapService, Session
from arcgis_identify.core.models import ImageServiceInfo, MapServiceInfo
from arcgis_identify.core.parsing import service_kind_of_info
from arcgis_identify.core.services import service_kind_of_url

pytestmark = pytest.mark.pure  # no QGIS application needed: the fast lane (make test-fast)

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"
BASE = "https://gis.example.com/arcgis/rest/services"

IMAGE_INFO = {
    "name": "Elevation",
    "currentVersion": 11.1,
    "extent": {"xmin": -85, "ymin": 36, "xmax": -84, "ymax": 37, "spatialReference": {"wkid": 4326}},
    "pixelSizeX": 0.001,
    "pixelSizeY": 0.001,
    "bandCount": 1,
    "pixelType": "F32",
    "capabilities": "Image,Metadata,Mensuration",
}
MAP_INFO = {
    "mapName": "World",
    "currentVersion": 11.1,
    "layers": [{"id": 0, "name": "Countries"}],
    "spatialReference": {"wkid": 4326},
    "capabilities": "Map,Query,Data",
}
FEATURE_INFO = {
    "currentVersion": 11.1,
    "layers": [{"id": 0, "name": "Rivers"}],
    "allowGeometryUpdates": True,
    "capabilities": "Query,Create,Update,Delete,Editing",
}
NEUTRAL_INFO = {"name": "Plain", "currentVersion": 11.1, "spatialReference": {"wkid": 4326}}


@pytest.mark.parametrize(
    ("cls", "url", "message"),
    [
        (ImageService, f"{BASE}/World/MapServer", "World/MapServer is a MapServer, not an ImageServer."),
        (
            ImageService,
            f"{BASE}/Folder/world/mapserver/3",
            "Folder/world/mapserver is a MapServer, not an ImageServer.",
        ),
        (MapService, f"{BASE}/Elevation/ImageServer", "Elevation/ImageServer is an ImageServer, not a MapServer."),
        (MapService, f"{BASE}/Hydro/FeatureServer/0", "Hydro/FeatureServer is a FeatureServer, not a MapServer."),
        (ImageService, f"{BASE}/Hydro/FeatureServer", "Hydro/FeatureServer is a FeatureServer, not an ImageServer."),
        (MapService, f"{BASE}/Tools/Buffer/GPServer", "Tools/Buffer/GPServer is a GPServer, not a MapServer."),
    ],
)
def test_a_url_of_another_service_type_is_refused_with_a_sentence(cls, url, message):
    with pytest.raises(ArcGisParameterError) as caught:
        cls(url)
    assert str(caught.value) == message


def test_the_url_names_the_type_by_its_last_segment():
    assert service_kind_of_url(f"{BASE}/World/MapServer") == "MapServer"
    assert service_kind_of_url(f"{BASE}/World/MapServer/12") == "MapServer"
    assert service_kind_of_url(f"{BASE}/Elevation/imageserver/") == "ImageServer"
    assert service_kind_of_url(f"{BASE}/Basemap/VectorTileServer") == "VectorTileServer"
    assert service_kind_of_url("https://proxy.example.com/gis/elevation") is None
    assert service_kind_of_url("https://mapserver.example.com/arcgis/rest/services/MapServer2") is None


def test_the_info_says_the_type_where_the_url_does_not():
    assert service_kind_of_info(IMAGE_INFO) == "ImageServer"
    assert service_kind_of_info(json.loads((FIXTURES / "imageserver_info_fields.json").read_text())) == "ImageServer"
    assert service_kind_of_info({"serviceDataType": "esriImageServiceDataTypeElevation"}) == "ImageServer"
    assert service_kind_of_info(MAP_INFO) == "MapServer"
    assert service_kind_of_info({"layers": [], "capabilities": "Map,Query"}) == "MapServer"
    assert service_kind_of_info(FEATURE_INFO) == "FeatureServer"
    assert service_kind_of_info(NEUTRAL_INFO) is None
    assert service_kind_of_info([1, 2]) is None


def _info_handler(infos: dict[str, dict[str, Any]], hits: list[str]):
    """Answers each path's service info (paths that do not name a service type, as behind a proxy)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            hits.append(path)
            body = json.dumps(infos.get(path, {"error": {"code": 404, "message": "Not Found"}})).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture()
def untyped_urls(local_http_server):
    """Service URLs whose path does not say their type: {"image", "map", "neutral"} → URL; and the paths asked."""
    paths = {
        "image": "/arcgis/rest/services/Elevation",
        "map": "/arcgis/rest/services/World",
        "neutral": "/arcgis/rest/services/Plain",
    }
    hits: list[str] = []
    infos = {paths["image"]: IMAGE_INFO, paths["map"]: MAP_INFO, paths["neutral"]: NEUTRAL_INFO}
    server = local_http_server(_info_handler(infos, hits))
    return {name: server.base + path for name, path in paths.items()}, hits


def test_an_info_of_another_type_is_refused_and_not_cached(untyped_urls):
    urls, _hits = untyped_urls
    with Session(transport="requests") as session:
        with pytest.raises(ArcGisParameterError) as caught:
            MapService(urls["image"], session=session).info()
        assert str(caught.value) == "Elevation is an ImageServer, not a MapServer."
        info = ImageService(urls["image"], session=session).info()
        assert isinstance(info, ImageServiceInfo) and info.band_count == 1 and info.pixel_type == "F32"
        with pytest.raises(ArcGisParameterError) as caught:
            ImageService(urls["map"], session=session).info()
        assert str(caught.value) == "World is a MapServer, not an ImageServer."
        assert [layer.name for layer in MapService(urls["map"], session=session).info().layers] == ["Countries"]


def test_the_info_cache_is_kept_per_service_type(untyped_urls):
    urls, hits = untyped_urls
    with Session(transport="requests") as session:
        as_map = MapService(urls["neutral"], session=session).info()
        as_image = ImageService(urls["neutral"], session=session).info()  # not the MapServiceInfo cached just before
        assert isinstance(as_map, MapServiceInfo) and isinstance(as_image, ImageServiceInfo)
        assert as_image.band_names == [] and as_image.raster_functions == []
        assert MapService(urls["neutral"], session=session).info() is as_map
        assert ImageService(urls["neutral"], session=session).info() is as_image
    assert len(hits) == 2  # one request per type, then the session's cache
