"""ImageServer /getSamples along points, lines and areas."""

from __future__ import annotations

import json

import pytest

JACKSBORO = (-84.25, 36.6)
SAMPLE_KEYS = {"location", "locationId", "value", "rasterId", "resolution"}


def _samples(image_servers, name, geometry, geometry_type, **params):
    return image_servers.get(name, "getSamples", geometry=json.dumps(geometry), geometryType=geometry_type, **params)[
        "samples"
    ]


def test_multipoint_samples_match_identify(image_servers):
    points = [[-84.25, 36.6], [-84.2, 36.65], [-84.35, 36.5]]
    geometry = {"points": points, "spatialReference": {"wkid": 4326}}
    samples = _samples(image_servers, "Elevation", geometry, "esriGeometryMultipoint")
    assert [s["locationId"] for s in samples] == [0, 1, 2]
    for sample, (lon, lat) in zip(samples, points):
        assert set(sample) >= SAMPLE_KEYS
        assert isinstance(sample["value"], str)
        identified = image_servers.get(
            "Elevation", "identify", geometry=json.dumps({"x": lon, "y": lat, "spatialReference": {"wkid": 4326}})
        )
        assert sample["value"] == identified["value"]
        assert sample["location"]["x"] == pytest.approx(lon)
        assert sample["resolution"] == pytest.approx(image_servers.get("Elevation")["pixelSizeX"])


def test_polyline_sample_count_and_distance(image_servers):
    line = {"paths": [[[-84.35, 36.6], [-84.15, 36.6]]], "spatialReference": {"wkid": 4326}}
    ten = _samples(image_servers, "Elevation", line, "esriGeometryPolyline", sampleCount=10)
    assert len(ten) == 10
    assert ten[0]["location"]["x"] == pytest.approx(-84.35) and ten[-1]["location"]["x"] == pytest.approx(-84.15)
    every_hundredth = _samples(image_servers, "Elevation", line, "esriGeometryPolyline", sampleDistance=0.01)
    assert len(every_hundredth) == 21
    assert len({s["value"] for s in ten}) > 3  # a rough surface


def test_polygon_samples_are_inside(image_servers):
    lon, lat = JACKSBORO
    polygon = {
        "rings": [[[lon, lat], [lon, lat + 0.05], [lon + 0.05, lat + 0.05], [lon + 0.05, lat], [lon, lat]]],
        "spatialReference": {"wkid": 4326},
    }
    samples = _samples(image_servers, "Elevation", polygon, "esriGeometryPolygon", sampleCount=25)
    assert 0 < len(samples) <= 25
    for s in samples:
        assert lon <= s["location"]["x"] <= lon + 0.05 and lat <= s["location"]["y"] <= lat + 0.05


def test_return_first_value_only_and_out_fields(image_servers):
    geometry = {"points": [list(JACKSBORO)], "spatialReference": {"wkid": 4326}}
    first = _samples(image_servers, "Imagery", geometry, "esriGeometryMultipoint", outFields="Name,CloudCover")
    assert len(first) == 1
    assert set(first[0]["attributes"]) == {"Name", "CloudCover"}
    assert len(first[0]["value"].split(" ")) == 4
    every = _samples(image_servers, "Imagery", geometry, "esriGeometryMultipoint", returnFirstValueOnly="false")
    assert len(every) == 5
    assert every[0]["rasterId"] == first[0]["rasterId"] and every[0]["value"] == first[0]["value"]
    assert len({s["rasterId"] for s in every}) == 5


def test_mosaic_rule_time_and_rendering_rule(image_servers):
    geometry = {"points": [list(JACKSBORO)], "spatialReference": {"wkid": 4326}}
    locked = _samples(
        image_servers,
        "Imagery",
        geometry,
        "esriGeometryMultipoint",
        mosaicRule=json.dumps({"mosaicMethod": "esriMosaicLockRaster", "lockRasterIds": [2]}),
    )
    assert [s["rasterId"] for s in locked] == [2]
    start = image_servers.get("Imagery")["timeInfo"]["timeExtent"][0]
    oldest = _samples(image_servers, "Imagery", geometry, "esriGeometryMultipoint", time=f"{start},{start}")
    assert [s["rasterId"] for s in oldest] == [1]
    raw = _samples(image_servers, "Elevation", geometry, "esriGeometryMultipoint")
    shaded = _samples(
        image_servers,
        "Elevation",
        geometry,
        "esriGeometryMultipoint",
        renderingRule=json.dumps({"rasterFunction": "Hillshade"}),
    )
    assert raw[0]["value"] != shaded[0]["value"]


def test_bad_samples_requests(image_servers):
    line = json.dumps({"paths": [[[-84.35, 36.6], [-84.15, 36.6]]], "spatialReference": {"wkid": 4326}})
    for params in ({"sampleCount": 0}, {"sampleDistance": -1}, {"sampleDistance": 0.000001}):
        error = image_servers.error(
            "Elevation", "getSamples", geometry=line, geometryType="esriGeometryPolyline", **params
        )
        assert error["code"] == 400
