"""World/MapServer/<layer>/query: the common subset of the Query capability."""

from __future__ import annotations

import json

import pytest


def test_where_and_out_fields(world):
    data = world.get("0/query", where="ISO_A2 = 'FR'", outFields="NAME,ISO_A3")
    assert data["displayFieldName"] == "NAME"
    assert data["geometryType"] == "esriGeometryPolygon"
    assert data["spatialReference"] == {"wkid": 102100, "latestWkid": 3857}
    assert data["fieldAliases"] == {"NAME": "Country name", "ISO_A3": "ISO 3166-1 alpha-3"}
    assert [f["name"] for f in data["fields"]] == ["NAME", "ISO_A3"]
    [feature] = data["features"]
    assert feature["attributes"] == {"NAME": "France", "ISO_A3": "FRA"}
    assert "rings" in feature["geometry"]


def test_default_out_fields_is_the_object_id(world):
    feature = world.get("0/query", where="ISO_A2 = 'FR'", returnGeometry="false")["features"][0]
    assert feature == {"attributes": {"OBJECTID": 144}}


def test_all_fields_unformatted(world):
    attributes = world.get("0/query", where="ISO_A2 = 'FR'", outFields="*", returnGeometry="false")["features"][0][
        "attributes"
    ]
    assert attributes["OBJECTID"] == 144
    assert attributes["LAST_EDITED"] == 1646438400000
    assert isinstance(attributes["AREA_KM2"], float)
    assert "Shape" not in attributes


def test_count_and_ids_only(world):
    count = world.get("0/query", where="ISO_A2 IN ('FR', 'DE', 'IT')", returnCountOnly="true")
    assert count == {"count": 3}
    ids = world.get("0/query", where="ISO_A2 IN ('FR', 'DE')", returnIdsOnly="true")
    assert ids["objectIdFieldName"] == "OBJECTID"
    assert len(ids["objectIds"]) == 2


def test_object_ids(world):
    data = world.get("0/query", objectIds="144", outFields="NAME", returnGeometry="false")
    assert [f["attributes"]["NAME"] for f in data["features"]] == ["France"]


def test_geometry_filter_and_spatial_relations(world, h):
    x, y = h.PARIS
    point = json.dumps({"x": x, "y": y})
    common = {"geometry": point, "geometryType": "esriGeometryPoint", "outFields": "NAME", "returnGeometry": "false"}
    assert [f["attributes"]["NAME"] for f in world.get("0/query", **common)["features"]] == ["France"]
    contains = world.get("0/query", spatialRel="esriSpatialRelContains", **common)
    assert [f["attributes"]["NAME"] for f in contains["features"]] == ["France"]
    assert world.get("0/query", spatialRel="esriSpatialRelWithin", **common)["features"] == []
    in_degrees = world.get(
        "0/query", geometry="2.35,48.85", geometryType="esriGeometryPoint", inSR="4326", outFields="NAME"
    )
    assert [f["attributes"]["NAME"] for f in in_degrees["features"]] == ["France"]


def test_out_sr_precision_and_offset(world):
    data = world.get("0/query", where="ISO_A2 = 'FR'", outSR="4326", geometryPrecision="2", maxAllowableOffset="0.5")
    assert data["spatialReference"] == {"wkid": 4326, "latestWkid": 4326}
    ring = data["features"][0]["geometry"]["rings"][0]
    assert all(round(x, 2) == x and -180 <= x <= 180 for x, _y in ring)


def test_order_and_paging(world):
    params = {"where": "ISO_A2 IN ('FR', 'DE', 'IT', 'ES')", "outFields": "NAME", "returnGeometry": "false"}
    ordered = world.get("0/query", orderByFields="NAME DESC", **params)
    names = [f["attributes"]["NAME"] for f in ordered["features"]]
    assert names == ["Spain", "Italy", "Germany", "France"]
    page = world.get("0/query", orderByFields="NAME", resultOffset="1", resultRecordCount="2", **params)
    assert [f["attributes"]["NAME"] for f in page["features"]] == ["Germany", "Italy"]
    assert page["exceededTransferLimit"] is True


def test_time_and_z_m_on_the_time_aware_layer(world, h):
    in_2010 = world.get("2/query", time=str(h.YEAR_2010), returnIdsOnly="true")["objectIds"]
    in_2020 = world.get("2/query", time=str(h.YEAR_2020), returnIdsOnly="true")["objectIds"]
    assert 7 in in_2020 and 7 not in in_2010
    feature = world.get("2/query", objectIds="7", returnZ="true", returnM="true")
    assert feature["hasZ"] is True and feature["hasM"] is True
    assert len(feature["features"][0]["geometry"]["paths"][0][0]) == 4


def test_geojson(world):
    data = world.get("0/query", where="ISO_A2 = 'FR'", outFields="NAME", f="geojson")
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["properties"] == {"NAME": "France"}
    assert feature["geometry"]["type"] == "MultiPolygon"
    lon, lat = feature["geometry"]["coordinates"][0][0][0][:2]
    assert -180 <= lon <= 180 and -90 <= lat <= 90


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({}, "where"),
        ({"where": "NOPE = = 1"}, "where"),
        ({"where": "1=1", "outFields": "NOPE"}, "outFields"),
        ({"objectIds": "a,b"}, "objectIds"),
        ({"where": "1=1", "orderByFields": "NAME SIDEWAYS"}, "orderByFields"),
        ({"where": "1=1", "spatialRel": "esriSpatialRelTouches"}, "spatialRel"),
        ({"geometry": "1,2", "geometryType": "esriGeometryPoint", "inSR": "nope"}, "inSR"),
        ({"where": "1=1", "outSR": "nope"}, "outSR"),
        ({"where": "1=1", "f": "kml"}, "f"),
    ],
)
def test_bad_parameters(world, params, name):
    error = world.error("0/query", **params)
    assert error["code"] == 400
    assert any(name in d for d in error["details"]), error


def test_unknown_layer(world):
    assert world.error("9/query", where="1=1")["code"] == 404
