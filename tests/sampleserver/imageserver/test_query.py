"""/query on the Imagery and Climate catalogs."""

from __future__ import annotations

import json


def test_query_returns_the_catalog_as_a_feature_set(image_servers):
    result = image_servers.get("Imagery", "query", where="1=1", outFields="*")
    assert set(result) >= {"objectIdFieldName", "fields", "geometryType", "spatialReference", "features"}
    assert result["geometryType"] == "esriGeometryPolygon"
    assert [f["attributes"]["OBJECTID"] for f in result["features"]] == [1, 2, 3, 4, 5]
    names = [f["name"] for f in result["fields"]]
    assert {"Name", "AcquisitionDate", "CloudCover"} <= set(names)
    assert set(result["features"][0]["attributes"]) == set(names)
    assert result["features"][0]["geometry"]["rings"][0][0] == result["features"][0]["geometry"]["rings"][0][-1]


def test_query_filters_orders_and_pages(image_servers):
    clear = image_servers.get(
        "Imagery", "query", where="CloudCover < 5", outFields="Name,CloudCover", returnGeometry="false"
    )
    assert [f["attributes"]["OBJECTID"] for f in clear["features"]] == [1, 5]
    assert all(set(f) == {"attributes"} for f in clear["features"])
    assert set(clear["features"][0]["attributes"]) == {"OBJECTID", "Name", "CloudCover"}
    ordered = image_servers.get("Imagery", "query", orderByFields="CloudCover DESC", returnIdsOnly="true")
    assert ordered["objectIds"] == [4, 3, 2, 1, 5]
    assert image_servers.get("Imagery", "query", where="SensorName = 'Landsat-9'", returnCountOnly="true") == {
        "count": 2
    }
    page = image_servers.get("Imagery", "query", resultOffset=1, resultRecordCount=2, returnGeometry="false")
    assert [f["attributes"]["OBJECTID"] for f in page["features"]] == [2, 3]
    assert page["exceededTransferLimit"] is True


def test_query_by_geometry_time_and_out_sr(image_servers):
    north_west = {"xmin": -84.41, "ymin": 36.70, "xmax": -84.40, "ymax": 36.71, "spatialReference": {"wkid": 4326}}
    hits = image_servers.get("Imagery", "query", geometry=json.dumps(north_west), returnIdsOnly="true")
    assert hits["objectIds"] == [1]
    start = image_servers.get("Imagery")["timeInfo"]["timeExtent"][0]
    assert image_servers.get("Imagery", "query", time=f"{start},{start}", returnIdsOnly="true")["objectIds"] == [1]
    lonlat = image_servers.get("Imagery", "query", objectIds="5", outSR=4326)
    assert lonlat["spatialReference"]["wkid"] == 4326
    x, y = lonlat["features"][0]["geometry"]["rings"][0][0]
    assert -85 < x < -84 and 36 < y < 37
    slices = image_servers.get("Climate", "query", where="Variable = 'precipitation'", returnIdsOnly="true")
    assert len(slices["objectIds"]) == 3


def test_query_errors(image_servers):
    assert image_servers.error("Elevation", "query")["code"] == 400  # a raster dataset has no catalog
    assert image_servers.error("Imagery", "query", where="Nope = 1")["code"] == 400
    assert image_servers.error("Imagery", "query", outFields="Nope")["code"] == 400
    assert image_servers.error("Imagery", "query", orderByFields="Nope")["code"] == 400
