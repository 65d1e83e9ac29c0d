"""World/MapServer resources: service info, /layers, /<id>, /legend, unknown layers and operations."""

from __future__ import annotations

import base64
import json

import pytest
import requests
from osgeo import gdal


def test_service_info(world):
    info = world.get()
    assert info["currentVersion"] == 11.1
    assert info["spatialReference"] == {"wkid": 102100, "latestWkid": 3857}
    assert info["singleFusedMapCache"] is False
    assert info["capabilities"] == "Map,Query,Data"
    assert info["supportsDynamicLayers"] is False
    assert info["maxImageWidth"] == info["maxImageHeight"] == 4096
    assert "PNG32" in info["supportedImageFormatTypes"].split(",")
    for key in ("initialExtent", "fullExtent"):
        extent = info[key]
        assert extent["xmin"] < extent["xmax"] and extent["ymin"] < extent["ymax"]
        assert extent["spatialReference"]["latestWkid"] == 3857
    assert [(layer["id"], layer["name"], layer["defaultVisibility"]) for layer in info["layers"]] == [
        (0, "Countries", True),
        (1, "States and provinces", False),
        (2, "Disputed borders", True),
    ]
    assert set(info["layers"][0]) >= {"id", "name", "parentLayerId", "defaultVisibility", "subLayerIds", "minScale"}
    start, end = info["timeInfo"]["timeExtent"]
    assert start < end


def test_pjson_is_indented_json(world):
    response = world.raw("", f="pjson")
    assert response.text.startswith("{\n")
    assert response.json() == world.get()


def test_default_format_is_html(world):
    response = world.raw("")
    assert response.headers["Content-Type"].startswith("text/html")
    assert "World" in response.text


def test_post_works_for_resources(world):
    assert world.post() == world.get()


def test_layer_resource(world):
    layer = world.get("0")
    assert layer["id"] == 0 and layer["type"] == "Feature Layer"
    assert layer["geometryType"] == "esriGeometryPolygon"
    assert layer["displayField"] == "NAME"
    assert layer["defaultVisibility"] is True
    fields = {f["name"]: f for f in layer["fields"]}
    assert fields["OBJECTID"]["type"] == "esriFieldTypeOID"
    assert fields["NAME"]["alias"] == "Country name"
    assert fields["LAST_EDITED"]["type"] == "esriFieldTypeDate"
    assert sum(f["name"] != f["alias"] for f in layer["fields"]) >= 5
    assert layer["drawingInfo"]["renderer"]["type"] == "simple"
    assert layer["extent"]["spatialReference"]["latestWkid"] == 3857
    assert "timeInfo" not in layer


def test_time_aware_layer(world):
    layer = world.get("2")
    time_info = layer["timeInfo"]
    assert time_info["startTimeField"] == "VALID_FROM"
    assert time_info["endTimeField"] == "VALID_TO"
    assert time_info["timeExtent"][0] < time_info["timeExtent"][1]
    assert layer["hasZ"] is True and layer["hasM"] is True
    assert layer["minScale"] == 100_000_000


def test_hidden_layer(world):
    assert world.get("1")["defaultVisibility"] is False


def test_layers_resource(world):
    data = world.get("layers")
    assert [layer["id"] for layer in data["layers"]] == [0, 1, 2]
    assert data["layers"][1] == world.get("1")
    assert data["tables"] == []


@pytest.mark.parametrize("operation", ["7", "99"])
def test_unknown_layer_is_a_404_style_error(world, operation):
    error = world.error(operation)
    assert error["code"] == 404


def test_unknown_operation_is_an_error(world):
    assert world.error("frobnicate")["code"] == 400


def test_unknown_service_is_a_404_style_error(services_url):
    data = requests.get(f"{services_url}/Nowhere/MapServer", params={"f": "json"}, timeout=30).json()
    assert data["error"]["code"] == 404


def test_legend_has_the_fixture_shape_and_real_swatches(world, fixtures_dir):
    legend = world.get("legend")
    fixture = json.loads((fixtures_dir / "mapserver_legend.json").read_text())
    fixture_layer, fixture_item = fixture["layers"][0], fixture["layers"][0]["legend"][0]
    assert [layer["layerId"] for layer in legend["layers"]] == [0, 1, 2]
    swatches = set()
    for layer in legend["layers"]:
        assert set(layer) == set(fixture_layer)
        for key in fixture_layer:
            assert type(layer[key]) is type(fixture_layer[key]), key
        assert layer["layerType"] == "Feature Layer"
        for item in layer["legend"]:
            assert set(item) == set(fixture_item)
            assert item["contentType"] == "image/png"
            assert (item["width"], item["height"]) == (20, 20)
            png = base64.b64decode(item["imageData"])
            assert png.startswith(b"\x89PNG")
            gdal.FileFromMemBuffer("/vsimem/swatch.png", png)
            dataset = gdal.Open("/vsimem/swatch.png")
            assert (dataset.RasterXSize, dataset.RasterYSize) == (20, 20)
            assert any(dataset.GetRasterBand(b + 1).ReadAsArray().any() for b in range(dataset.RasterCount))
            dataset = None
            gdal.Unlink("/vsimem/swatch.png")
            swatches.add(item["imageData"])
            # The swatch is also served at <service>/<layerId>/images/<url>.
            served = requests.get(f"{world.url}/{layer['layerId']}/images/{item['url']}", timeout=30)
            assert served.content == png
    assert len(swatches) == 3  # each layer has its own symbology


def test_legend_size(world):
    legend = world.get("legend", size="32,24")
    item = legend["layers"][0]["legend"][0]
    assert (item["width"], item["height"]) == (32, 24)
    png = base64.b64decode(item["imageData"])
    gdal.FileFromMemBuffer("/vsimem/swatch32.png", png)
    dataset = gdal.Open("/vsimem/swatch32.png")
    assert (dataset.RasterXSize, dataset.RasterYSize) == (32, 24)
    dataset = None
    gdal.Unlink("/vsimem/swatch32.png")
    assert requests.get(f"{world.url}/0/images/{item['url']}", timeout=30).content == png
    assert world.error("legend", size="0,5")["code"] == 400


def test_unknown_arcgis_urls_answer_arcgis_json(sample_server):
    response = requests.get(f"{sample_server}/arcgis/rest/nothing", params={"f": "json"}, timeout=30)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == 404
