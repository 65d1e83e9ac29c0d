"""World/MapServer/export: rendered by QGIS; every parameter changes the image the way ArcGIS documents."""

from __future__ import annotations

import json
import struct
import uuid

import numpy as np
import pytest
import requests
from osgeo import gdal

EUROPE = "-1500000,4000000,4500000,8000000"  # Web Mercator, 3:2
MOLDOVA = "2900000,5900000,3500000,6400000"


def _export(world, **params) -> requests.Response:
    params.setdefault("f", "image")
    params.setdefault("bbox", EUROPE)
    response = world.raw("export", **params)
    assert response.status_code == 200
    return response


def _pixels(data: bytes) -> np.ndarray:
    """(bands, rows, cols) of an image, decoded by GDAL."""
    path = f"/vsimem/{uuid.uuid4().hex}"
    gdal.FileFromMemBuffer(path, data)
    try:
        dataset = gdal.Open(path)
        if dataset.RasterCount == 1 and dataset.GetRasterBand(1).GetColorTable() is not None:
            expanded = gdal.Translate("", dataset, format="MEM", rgbExpand="rgba")
            return expanded.ReadAsArray()
        return dataset.ReadAsArray()
    finally:
        gdal.Unlink(path)


def _png_color_type(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    _width, _height, _depth, color_type = struct.unpack(">IIBB", data[16:26])
    return color_type


def test_f_image_returns_a_png_of_the_requested_size(world):
    response = _export(world, size="300,200")
    assert response.headers["Content-Type"] == "image/png"
    pixels = _pixels(response.content)
    assert pixels.shape[1:] == (200, 300)
    assert len(np.unique(pixels.reshape(pixels.shape[0], -1), axis=1)[0]) > 3  # not blank


def test_default_size_is_400_by_400(world):
    assert _pixels(_export(world).content).shape[1:] == (400, 400)


def test_f_json_describes_the_image_and_serves_it(world):
    data = world.get("export", bbox=EUROPE, size="300,200")
    assert (data["width"], data["height"]) == (300, 200)
    extent = data["extent"]
    assert extent["spatialReference"] == {"wkid": 102100, "latestWkid": 3857}
    assert (extent["xmin"], extent["ymin"], extent["xmax"], extent["ymax"]) == pytest.approx(
        (-1500000, 4000000, 4500000, 8000000)
    )
    assert data["scale"] == pytest.approx(6_000_000 / 300 * 96 / 0.0254, rel=1e-3)
    image = requests.get(data["href"], timeout=30)
    assert image.status_code == 200
    assert image.content == _export(world, size="300,200").content


def test_extent_grows_to_the_image_aspect_ratio(world):
    data = world.get("export", bbox=EUROPE, size="300,300")  # bbox is 3:2, image square
    extent = data["extent"]
    assert extent["xmax"] - extent["xmin"] == pytest.approx(extent["ymax"] - extent["ymin"])
    assert extent["ymax"] - extent["ymin"] == pytest.approx(6_000_000)


def test_bbox_changes_the_image(world):
    assert _export(world, bbox=EUROPE).content != _export(world, bbox=MOLDOVA).content


def test_bbox_sr_and_image_sr(world):
    in_degrees = world.get("export", bbox="-13.5,33.7,40.4,58.2", bboxSR="4326", size="300,200")
    # imageSR defaults to the map's spatial reference, not to bboxSR.
    assert in_degrees["extent"]["spatialReference"]["latestWkid"] == 3857
    assert in_degrees["extent"]["xmin"] < -1_000_000
    geographic = world.get("export", bbox=EUROPE, imageSR="4326", size="300,200")
    assert geographic["extent"]["spatialReference"] == {"wkid": 4326, "latestWkid": 4326}
    assert -20 < geographic["extent"]["xmin"] < 0
    both = _export(world, bbox="-13.5,33.7,40.4,58.2", bboxSR="4326", imageSR="4326", size="300,200")
    assert _pixels(both.content).shape[1:] == (200, 300)


def test_dpi_scales_symbols_and_the_scale(world):
    at_96 = world.get("export", bbox=MOLDOVA, size="200,200", dpi="96")
    at_192 = world.get("export", bbox=MOLDOVA, size="200,200", dpi="192")
    assert at_192["scale"] == pytest.approx(2 * at_96["scale"])
    assert _export(world, bbox=MOLDOVA, dpi="96").content != _export(world, bbox=MOLDOVA, dpi="192").content


@pytest.mark.parametrize(
    ("image_format", "mimetype", "magic"),
    [
        ("png", "image/png", b"\x89PNG"),
        ("png8", "image/png", b"\x89PNG"),
        ("png24", "image/png", b"\x89PNG"),
        ("png32", "image/png", b"\x89PNG"),
        ("jpg", "image/jpeg", b"\xff\xd8"),
        ("gif", "image/gif", b"GIF8"),
        ("bmp", "image/bmp", b"BM"),
    ],
)
def test_formats(world, image_format, mimetype, magic):
    response = _export(world, format=image_format, size="120,80")
    assert response.headers["Content-Type"] == mimetype
    assert response.content.startswith(magic)


def test_png_flavours_have_their_bit_depths(world):
    assert _png_color_type(_export(world, format="png8").content) == 3  # palette
    assert _png_color_type(_export(world, format="png24").content) == 2  # RGB
    assert _png_color_type(_export(world, format="png32", transparent="true").content) == 6  # RGBA


def test_transparent_background(world):
    opaque = _pixels(_export(world, format="png32", transparent="false", size="100,100").content)
    clear = _pixels(_export(world, format="png32", transparent="true", size="100,100").content)
    # The top-left corner of Europe's view is the Atlantic: no features there.
    assert tuple(opaque[:3, 0, 0]) == (255, 255, 255)
    if opaque.shape[0] == 4:
        assert opaque[3, 0, 0] == 255
    assert clear[3, 0, 0] == 0


def _opaque_share(data: bytes) -> float:
    pixels = _pixels(data)
    return float((pixels[3] > 0).mean())


def test_layers_show_hide_include_exclude(world):
    def share(layers: str | None) -> float:
        params = {"format": "png32", "transparent": "true", "bbox": MOLDOVA, "size": "200,200"}
        if layers is not None:
            params["layers"] = layers
        return _opaque_share(_export(world, **params).content)

    default = share(None)
    only_borders = share("show:2")
    assert 0 < only_borders < 0.2 < default
    assert share("hide:0") == pytest.approx(only_borders)
    assert share("exclude:0,2") == 0
    assert share("show:0,2") == pytest.approx(default)
    states = _export(world, bbox=MOLDOVA, layers="include:1", size="200,200").content
    assert states != _export(world, bbox=MOLDOVA, size="200,200").content


def test_layer_defs_filter_what_is_drawn(world):
    params = {"format": "png32", "transparent": "true", "bbox": EUROPE, "size": "300,200", "layers": "show:0"}
    everything = _opaque_share(_export(world, **params).content)
    france = _opaque_share(_export(world, layerDefs="0:ISO_A2 = 'FR'", **params).content)
    as_json = _opaque_share(_export(world, layerDefs=json.dumps({"0": "ISO_A2 = 'FR'"}), **params).content)
    assert 0 < france < everything / 3
    assert as_json == france


def test_time_filters_the_time_aware_layer(world):
    params = {"format": "png32", "transparent": "true", "bbox": MOLDOVA, "size": "200,200", "layers": "show:2"}
    assert _opaque_share(_export(world, time="1262304000000", **params).content) < _opaque_share(
        _export(world, time="1577836800000", **params).content
    )


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"bbox": ""}, "bbox"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "5,5,1,1"}, "bbox"),
        ({"size": "0,10"}, "size"),
        ({"size": "big"}, "size"),
        ({"format": "tiff-ish"}, "format"),
        ({"dpi": "-3"}, "dpi"),
        ({"layers": "show"}, "layers"),
        ({"layers": "display:1"}, "layers"),
        ({"bboxSR": "123456789"}, "bboxSR"),
        ({"imageSR": "nope"}, "imageSR"),
        ({"layerDefs": "0:NAME = = 'x'"}, "layerDefs"),
        ({"time": "soon"}, "time"),
        ({"transparent": "maybe"}, "transparent"),
        ({"f": "kmz"}, "f"),
    ],
)
def test_bad_parameters_answer_400_with_details(world, params, name):
    query = {"f": "json", "bbox": EUROPE, **params}
    error = world.error("export", **query)
    assert error["code"] == 400
    assert any(name in d for d in error["details"]), error


def test_too_large_images_are_refused(world):
    error = world.error("export", bbox=EUROPE, size="5000,5000")
    assert error["code"] == 400
    assert "4096" in error["details"][0]


def test_errors_of_f_image_come_as_json(world):
    response = world.raw("export", f="image", bbox="1,2,3")
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == 400


def test_post_works(world):
    response = world.raw("export", method="POST", f="image", bbox=MOLDOVA, size="100,100")
    assert response.content == _export(world, bbox=MOLDOVA, size="100,100").content


def test_esri_wkids_like_robinson(world):
    data = world.get("export", bbox="-2e7,-2e7,2e7,2e7", imageSR="54030", size="200,100")
    assert data["extent"]["spatialReference"]["wkid"] == 54030
    pixels = _pixels(requests.get(data["href"], timeout=30).content)
    assert len(np.unique(pixels.reshape(pixels.shape[0], -1), axis=1)[0]) > 3
