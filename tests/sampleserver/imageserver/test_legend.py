"""ImageServer /legend: real 20x20 PNG swatches that follow bandIds, renderingRule and variable."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

LEGEND_ITEM_KEYS = {"label", "url", "imageData", "contentType", "height", "width", "values"}


def _layer(image_servers, name, **params):
    reply = image_servers.get(name, "legend", **params)
    (layer,) = reply["layers"]
    assert {"layerId", "layerName", "layerType", "minScale", "maxScale", "legendType", "legend"} <= set(layer)
    return layer


def _swatch(image_servers, item):
    data = base64.b64decode(item["imageData"])
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    ds = image_servers.open_image(data, ".png")
    assert (ds.RasterXSize, ds.RasterYSize) == (20, 20) == (item["width"], item["height"])
    return ds.ReadAsArray()


@pytest.mark.parametrize("name", ["Elevation", "Imagery", "LandCover", "Climate"])
def test_every_swatch_is_a_20x20_png(image_servers, name):
    layer = _layer(image_servers, name)
    assert layer["layerType"] == "Raster Layer"
    for item in layer["legend"]:
        assert set(item) == LEGEND_ITEM_KEYS
        assert item["contentType"] == "image/png"
        assert isinstance(item["url"], str) and len(item["url"]) == 32
        _swatch(image_servers, item)


def test_elevation_is_stretched_from_high_to_low(image_servers):
    info = image_servers.get("Elevation")
    layer = _layer(image_servers, "Elevation")
    assert layer["legendType"] == "Stretched"
    labels = [i["label"] for i in layer["legend"]]
    assert labels == [f"High : {info['maxValues'][0]:g}", "", f"Low : {info['minValues'][0]:g}"]
    top = _swatch(image_servers, layer["legend"][0])
    bottom = _swatch(image_servers, layer["legend"][-1])
    assert top[:3].mean() > bottom[:3].mean()  # light for high, dark for low
    assert top[0, 0, 10] > top[0, 19, 10]  # each swatch is a slice of the gradient


def test_rendering_rule_changes_the_legend(image_servers):
    shaded = _layer(image_servers, "Elevation", renderingRule=json.dumps({"rasterFunction": "Hillshade"}))
    assert [i["label"] for i in shaded["legend"]] == ["High : 255", "", "Low : 0"]
    coloured = _layer(image_servers, "Elevation", renderingRule=json.dumps({"rasterFunction": "Elevation_Colorized"}))
    swatch = _swatch(image_servers, coloured["legend"][-1])
    assert swatch[1].mean() > swatch[2].mean() + 30  # the low end of the ramp is green, not grey


def test_band_ids_change_the_rgb_labels(image_servers):
    default = _layer(image_servers, "Imagery")
    assert default["legendType"] == "RGB Composite"
    assert [i["label"] for i in default["legend"]] == ["Red: Band_3", "Green: Band_2", "Blue: Band_1"]
    false_colour = _layer(image_servers, "Imagery", bandIds="3,2,1")
    assert [i["label"] for i in false_colour["legend"]] == ["Red: Band_4", "Green: Band_3", "Blue: Band_2"]
    red = _swatch(image_servers, false_colour["legend"][0])
    assert list(red[:3, 10, 10]) == [255, 0, 0]
    single = _layer(image_servers, "Imagery", bandIds="3")
    assert single["legendType"] == "Stretched"
    assert image_servers.error("Imagery", "legend", bandIds="9")["code"] == 400


def test_landcover_unique_values_like_nlcd(image_servers):
    layer = _layer(image_servers, "LandCover")
    assert layer["legendType"] == "Unique Values"
    table = image_servers.get("LandCover", "rasterAttributeTable")["features"]
    assert [i["label"] for i in layer["legend"]] == [row["attributes"]["ClassName"] for row in table]
    for item, row in zip(layer["legend"], table):
        assert item["values"] == [item["label"]]
        pixels = _swatch(image_servers, item)
        colour = [row["attributes"][k] for k in ("Red", "Green", "Blue")]
        assert (np.array(colour) == pixels[:3].reshape(3, -1).T).all()


def test_climate_legend_per_variable(image_servers):
    md = image_servers.get("Climate", "multiDimensionalInfo")["multidimensionalInfo"]
    stats = {v["name"]: v["statistics"][0] for v in md["variables"]}
    default = _layer(image_servers, "Climate")
    temperature = _layer(image_servers, "Climate", variable="temperature")
    rain = _layer(image_servers, "Climate", variable="precipitation")
    assert default["legend"][0]["label"] == temperature["legend"][0]["label"]
    assert rain["legend"][0]["label"] == f"High : {stats['precipitation']['max']:g}"
    assert rain["legend"][-1]["label"] == f"Low : {stats['precipitation']['min']:g}"
    assert image_servers.error("Climate", "legend", variable="humidity")["code"] == 400
    assert image_servers.error("Elevation", "legend", variable="temperature")["code"] == 400
