"""ImageServer /identify: ArcGIS's response shape and every parameter changing the answer as documented."""

from __future__ import annotations

import json

import pytest

JACKSBORO = (-84.25, 36.6)  # inside every service (see conftest.ImageServers)
NODATA_CORNER = (-84.40, 36.725)
FAR_AWAY = (10.0, 50.0)


def point_json(lon: float, lat: float) -> str:
    return json.dumps({"x": lon, "y": lat, "spatialReference": {"wkid": 4326}})


def _shape(value):
    """Keys and JSON types, recursively (lists by their first element)."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def _ids(result):
    return [f["attributes"]["OBJECTID"] for f in result["catalogItems"]["features"]]


def test_single_band_pixel_has_the_shape_of_the_fixture(image_servers, fixtures_dir):
    fixture = json.loads((fixtures_dir / "imageserver_identify_pixel_simple.json").read_text())
    result = image_servers.identify("Elevation", *JACKSBORO, returnGeometry="false")
    assert list(result) == list(fixture)
    location = dict(result["location"])
    assert _shape({**result, "location": {**location, "spatialReference": {"wkid": 1}}}) == _shape(fixture)
    assert result["name"] == "Pixel" and result["objectId"] == 0
    assert isinstance(result["value"], str)
    assert float(result["value"]) == pytest.approx(513.0)  # the DEM's value at Jacksboro
    assert result["properties"] is None and result["catalogItems"] is None
    assert result["catalogItemVisibilities"] == []
    assert (location["x"], location["y"]) == JACKSBORO


def test_catalog_items_have_the_shape_of_the_fixture(image_servers, fixtures_dir):
    fixture = json.loads((fixtures_dir / "imageserver_identify_catalogitems.json").read_text())
    result = image_servers.identify("Imagery", *JACKSBORO, returnGeometry="true", returnCatalogItems="true")
    assert list(result) == list(fixture)
    assert set(result["catalogItems"]) == set(fixture["catalogItems"])
    feature = result["catalogItems"]["features"][0]
    assert set(feature) == {"geometry", "attributes"}
    fixture_attributes = fixture["catalogItems"]["features"][0]["attributes"]
    for key in ("OBJECTID", "Name", "AcquisitionDate", "CloudCover", "SensorName", "CenterX", "ZOrder"):
        assert key in feature["attributes"]
        if fixture_attributes[key] is not None and feature["attributes"][key] is not None:
            assert type(feature["attributes"][key]) is type(fixture_attributes[key]) or key == "CloudCover"
    assert isinstance(feature["attributes"]["AcquisitionDate"], int)
    ring = feature["geometry"]["rings"][0]
    assert ring[0] == ring[-1] and len(ring) == 5
    assert result["catalogItems"]["geometryType"] == "esriGeometryPolygon"
    assert result["catalogItems"]["objectIdFieldName"] == "OBJECTID"
    # value: bands joined by ", "; properties.Values: one space-separated string per item, index-aligned.
    values = result["properties"]["Values"]
    assert len(values) == len(result["catalogItems"]["features"]) == len(result["catalogItemVisibilities"]) == 5
    assert result["value"].count(", ") == 3
    assert values[0] == result["value"].replace(", ", " ")
    assert result["catalogItemVisibilities"][0] == 1.0 and sum(result["catalogItemVisibilities"]) == 1.0


def test_simple_point_syntax_is_in_the_service_spatial_reference(image_servers):
    info = image_servers.get("Imagery")
    extent = info["extent"]
    x, y = (extent["xmin"] + extent["xmax"]) / 2, (extent["ymin"] + extent["ymax"]) / 2
    simple = image_servers.get("Imagery", "identify", geometry=f"{x},{y}", geometryType="esriGeometryPoint")
    as_json = image_servers.get(
        "Imagery", "identify", geometry=json.dumps({"x": x, "y": y}), geometryType="esriGeometryPoint"
    )
    assert simple["value"] == as_json["value"] != "NoData"
    # lon/lat in the simple syntax are metres in Web Mercator: nowhere near the data.
    lonlat = image_servers.get("Imagery", "identify", geometry="-84.25,36.6", geometryType="esriGeometryPoint")
    assert lonlat["value"] == "NoData"


def test_nodata_pixels_and_points_outside(image_servers):
    assert image_servers.identify("Elevation", *NODATA_CORNER)["value"] == "NoData"
    assert image_servers.identify("Elevation", *FAR_AWAY)["value"] == "NoData"
    outside = image_servers.identify("Imagery", *FAR_AWAY)
    assert outside["value"] == "NoData"
    assert outside["catalogItems"]["features"] == [] and outside["properties"]["Values"] == []


def test_post_answers_like_get(image_servers):
    geometry = point_json(*JACKSBORO)
    assert image_servers.post("Elevation", "identify", geometry=geometry) == image_servers.get(
        "Elevation", "identify", geometry=geometry
    )


def test_pixel_size_reads_a_coarser_level(image_servers):
    native = image_servers.identify("Elevation", *JACKSBORO)["value"]
    coarse = image_servers.identify("Elevation", *JACKSBORO, pixelSize="0.01,0.01")["value"]
    as_json = image_servers.identify(
        "Elevation", *JACKSBORO, pixelSize=json.dumps({"x": 0.01, "y": 0.01, "spatialReference": {"wkid": 4326}})
    )["value"]
    assert coarse == as_json
    assert float(native) != float(coarse)
    # A pixel size at or below the native one reads the full resolution.
    assert image_servers.identify("Elevation", *JACKSBORO, pixelSize="0.0005,0.0005")["value"] == native


def test_pixel_size_in_another_spatial_reference(image_servers):
    metres = json.dumps({"x": 2000, "y": 2000, "spatialReference": {"wkid": 3857}})
    native = image_servers.identify("Elevation", *JACKSBORO)["value"]
    assert image_servers.identify("Elevation", *JACKSBORO, pixelSize=metres)["value"] != native


def test_landcover_value_is_a_class(image_servers):
    classes = {f["attributes"]["Value"] for f in image_servers.get("LandCover", "rasterAttributeTable")["features"]}
    value = image_servers.identify("LandCover", *JACKSBORO)["value"]
    assert int(value) in classes


def test_rendering_rule_hillshade_changes_the_value(image_servers):
    raw = image_servers.identify("Elevation", *JACKSBORO)["value"]
    shaded = image_servers.identify("Elevation", *JACKSBORO, renderingRule=json.dumps({"rasterFunction": "Hillshade"}))
    assert shaded["value"] != raw
    assert 0 <= int(shaded["value"]) <= 255
    other_sun = image_servers.identify(
        "Elevation",
        *JACKSBORO,
        renderingRule=json.dumps({"rasterFunction": "Hillshade", "rasterFunctionArguments": {"Azimuth": 135}}),
    )
    assert other_sun["value"] != shaded["value"]


def test_rendering_rules_give_processed_values(image_servers):
    rules = [{"rasterFunction": "Stretch"}, {"rasterFunction": "Elevation_Colorized"}, {"rasterFunction": "None"}]
    result = image_servers.identify("Elevation", *JACKSBORO, renderingRules=json.dumps(rules))
    stretched, colour, raw = result["processedValues"]
    assert 0 <= int(stretched) <= 255
    assert len(colour.split(", ")) == 3
    assert raw == result["value"]


def test_ndvi_on_imagery(image_servers):
    result = image_servers.identify("Imagery", *JACKSBORO, renderingRule=json.dumps({"rasterFunction": "NDVI"}))
    bands = [float(v) for v in result["properties"]["Values"][0].split()]
    expected = (bands[3] - bands[2]) / (bands[3] + bands[2])
    assert float(result["value"]) == pytest.approx(expected, abs=1e-5)


def test_unknown_rendering_rule_is_a_400(image_servers):
    error = image_servers.error(
        "Elevation", "identify", geometry=point_json(*JACKSBORO), renderingRule='{"rasterFunction":"Slope2"}'
    )
    assert error["code"] == 400 and error["details"]


# -- mosaic rules -----------------------------------------------------------------------------------------------------
def _identify_with_rule(image_servers, rule=None, **params):
    if rule is not None:
        params["mosaicRule"] = json.dumps(rule)
    params.setdefault("returnGeometry", "false")
    return image_servers.identify("Imagery", *JACKSBORO, **params)


def test_default_mosaic_puts_the_most_recent_scene_on_top(image_servers):
    result = _identify_with_rule(image_servers)
    dates = [f["attributes"]["AcquisitionDate"] for f in result["catalogItems"]["features"]]
    assert dates == sorted(dates, reverse=True)


def test_lock_raster_shows_only_the_locked_scene(image_servers):
    default = _identify_with_rule(image_servers)
    values_by_id = dict(zip(_ids(default), default["properties"]["Values"]))
    for object_id in (1, 3):
        locked = _identify_with_rule(
            image_servers, {"mosaicMethod": "esriMosaicLockRaster", "lockRasterIds": [object_id]}
        )
        assert _ids(locked) == [object_id]
        assert locked["value"] == values_by_id[object_id].replace(" ", ", ")
    assert values_by_id[1] != values_by_id[3]


def test_attribute_sort_orders_by_distance_to_the_sort_value(image_servers):
    rule = {"mosaicMethod": "esriMosaicAttribute", "sortField": "CloudCover", "sortValue": 0, "ascending": True}
    result = _identify_with_rule(image_servers, rule)
    covers = [f["attributes"]["CloudCover"] for f in result["catalogItems"]["features"]]
    assert covers == sorted(covers)
    rule["ascending"] = False
    reverse = _identify_with_rule(image_servers, rule)
    assert _ids(reverse) == list(reversed(_ids(result)))
    assert reverse["value"] != result["value"]
    oldest = _identify_with_rule(
        image_servers,
        {"mosaicMethod": "esriMosaicAttribute", "sortField": "AcquisitionDate", "sortValue": "2000/01/01"},
    )
    dates = [f["attributes"]["AcquisitionDate"] for f in oldest["catalogItems"]["features"]]
    assert dates == sorted(dates)


def test_none_northwest_and_center_methods(image_servers):
    none = _identify_with_rule(image_servers, {"mosaicMethod": "esriMosaicNone"})
    assert _ids(none) == [1, 2, 3, 4, 5]
    none_desc = _identify_with_rule(image_servers, {"mosaicMethod": "esriMosaicNone", "ascending": False})
    assert _ids(none_desc) == [5, 4, 3, 2, 1]
    northwest = _identify_with_rule(image_servers, {"mosaicMethod": "esriMosaicNorthwest"})
    assert _ids(northwest)[0] == 1  # scene 1 is the north-western one
    centre = _identify_with_rule(image_servers, {"mosaicMethod": "esriMosaicCenter"})
    assert _ids(centre)[0] == 5  # the central scene's centre is the nearest to the identified point
    # The top scene gives the value.
    assert none["value"] == none["properties"]["Values"][0].replace(" ", ", ")
    assert none["value"] != none_desc["value"]


def test_where_and_fids_filter_the_catalog(image_servers):
    cloudy = _identify_with_rule(image_servers, {"mosaicMethod": "esriMosaicNone", "where": "CloudCover > 5"})
    covers = [f["attributes"]["CloudCover"] for f in cloudy["catalogItems"]["features"]]
    assert covers and all(c > 5 for c in covers) and len(covers) < 5
    by_date = _identify_with_rule(
        image_servers, {"mosaicMethod": "esriMosaicNone", "where": "AcquisitionDate < date '2021-01-01'"}
    )
    assert _ids(by_date) == [1, 2]
    by_name = _identify_with_rule(
        image_servers, {"mosaicMethod": "esriMosaicNone", "where": "SensorName = 'Landsat-9'"}
    )
    assert _ids(by_name) == [4, 5]
    fids = _identify_with_rule(image_servers, {"mosaicMethod": "esriMosaicNone", "fids": [2, 3]})
    assert _ids(fids) == [2, 3]


def test_bad_mosaic_rules_are_400s(image_servers):
    for rule in (
        "{not json",
        json.dumps({"mosaicMethod": "esriMosaicSideways"}),
        json.dumps({"mosaicMethod": "esriMosaicNone", "where": "NoSuchField = 3"}),
        json.dumps({"mosaicMethod": "esriMosaicLockRaster"}),
        json.dumps({"mosaicMethod": "esriMosaicAttribute", "sortField": "Nope"}),
    ):
        error = image_servers.error("Imagery", "identify", geometry=point_json(*JACKSBORO), mosaicRule=rule)
        assert error["code"] == 400, rule


def test_time_picks_scenes(image_servers):
    info = image_servers.get("Imagery")
    everything = _identify_with_rule(image_servers)
    dates = {
        f["attributes"]["OBJECTID"]: f["attributes"]["AcquisitionDate"] for f in everything["catalogItems"]["features"]
    }
    start, end = dates[2] - 1000, dates[3] + 1000
    window = _identify_with_rule(image_servers, time=f"{start},{end}")
    assert sorted(_ids(window)) == [2, 3]
    assert _ids(window)[0] == 3  # the most recent of the window on top
    assert window["value"] != everything["value"]
    open_start = _identify_with_rule(image_servers, time=f"null,{dates[1]}")
    assert _ids(open_start) == [1]
    assert info["timeInfo"]["timeExtent"] == [dates[1], dates[5]]


def test_return_flags_and_max_item_count(image_servers):
    without_geometry = _identify_with_rule(image_servers, returnGeometry="false")
    assert all(set(f) == {"attributes"} for f in without_geometry["catalogItems"]["features"])
    no_items = _identify_with_rule(image_servers, returnCatalogItems="false")
    assert no_items["catalogItems"] is None and no_items["properties"] is None
    assert no_items["catalogItemVisibilities"] == []
    assert no_items["value"] == without_geometry["value"]
    no_values = _identify_with_rule(image_servers, returnPixelValues="false")
    assert no_values["properties"] is None and len(no_values["catalogItems"]["features"]) == 5
    two = _identify_with_rule(image_servers, maxItemCount=2)
    assert len(two["catalogItems"]["features"]) == len(two["properties"]["Values"]) == 2
    assert len(two["catalogItemVisibilities"]) == 2


def test_polygon_and_envelope_identify(image_servers):
    lon, lat = JACKSBORO
    polygon = {
        "rings": [
            [
                [lon - 0.1, lat - 0.1],
                [lon - 0.1, lat + 0.1],
                [lon + 0.1, lat + 0.1],
                [lon + 0.1, lat - 0.1],
                [lon - 0.1, lat - 0.1],
            ]
        ],
        "spatialReference": {"wkid": 4326},
    }
    result = image_servers.get(
        "Imagery", "identify", geometry=json.dumps(polygon), geometryType="esriGeometryPolygon", returnGeometry="false"
    )
    visibilities = result["catalogItemVisibilities"]
    assert sum(visibilities) == pytest.approx(1.0)
    assert sum(1 for v in visibilities if v > 0) >= 2  # a large area sees more than one scene
    envelope = {
        "xmin": lon - 0.1,
        "ymin": lat - 0.1,
        "xmax": lon + 0.1,
        "ymax": lat + 0.1,
        "spatialReference": {"wkid": 4326},
    }
    as_envelope = image_servers.get(
        "Imagery",
        "identify",
        geometry=json.dumps(envelope),
        geometryType="esriGeometryEnvelope",
        returnGeometry="false",
    )
    assert as_envelope["value"] == result["value"]
    assert as_envelope["catalogItemVisibilities"] == pytest.approx(visibilities)


def test_climate_time_and_multidimensional_definition(image_servers):
    md = image_servers.get("Climate", "multiDimensionalInfo")["multidimensionalInfo"]
    times = md["variables"][0]["dimensions"][0]["values"]
    default = image_servers.identify("Climate", *JACKSBORO, returnGeometry="false")
    variables = {f["attributes"]["Variable"] for f in default["catalogItems"]["features"]}
    assert variables == {"temperature"}
    assert default["catalogItems"]["features"][0]["attributes"]["StdTime"] == times[-1]
    january = image_servers.identify("Climate", *JACKSBORO, time=str(times[0]))
    assert [f["attributes"]["StdTime"] for f in january["catalogItems"]["features"]] == [times[0]]
    assert january["value"] != default["value"]
    assert float(january["value"]) < float(default["value"])  # January is colder than July
    rule = {
        "multidimensionalDefinition": [
            {"variableName": "precipitation", "dimensionName": "StdTime", "values": [times[1]], "isSlice": True}
        ]
    }
    april_rain = image_servers.identify("Climate", *JACKSBORO, mosaicRule=json.dumps(rule))
    (feature,) = april_rain["catalogItems"]["features"]
    assert (feature["attributes"]["Variable"], feature["attributes"]["StdTime"]) == ("precipitation", times[1])
    assert float(april_rain["value"]) > 50  # millimetres, not degrees


@pytest.mark.parametrize(
    "params",
    [
        {"geometry": ""},
        {"geometry": "abc"},
        {"geometry": point_json(*JACKSBORO), "geometryType": "esriGeometryLine"},
        {"geometry": point_json(*JACKSBORO), "pixelSize": "a,b"},
        {"geometry": point_json(*JACKSBORO), "pixelSize": "-1,-1"},
        {"geometry": point_json(*JACKSBORO), "time": "yesterday"},
        {"geometry": point_json(*JACKSBORO), "returnGeometry": "perhaps"},
        {"geometry": point_json(*JACKSBORO), "renderingRules": "{}"},
        {"geometry": json.dumps({"x": 1, "y": 2, "spatialReference": {"wkid": 999999}})},
    ],
)
def test_bad_parameters_are_400_errors(image_servers, params):
    error = image_servers.error("Imagery", "identify", **params)
    assert error["code"] == 400
    assert error["details"]


def test_mosaic_operator_combines_the_items(image_servers):
    first = _identify_with_rule(image_servers, {"mosaicMethod": "esriMosaicNone"})
    per_item = [[int(v) for v in values.split()] for values in first["properties"]["Values"]]
    for operator, combine in (("MT_MIN", min), ("MT_MAX", max)):
        result = _identify_with_rule(image_servers, {"mosaicMethod": "esriMosaicNone", "mosaicOperator": operator})
        assert [int(v) for v in result["value"].split(", ")] == [combine(band) for band in zip(*per_item)]
    last = _identify_with_rule(image_servers, {"mosaicMethod": "esriMosaicNone", "mosaicOperator": "MT_LAST"})
    assert last["value"] == first["properties"]["Values"][-1].replace(" ", ", ")
    mean = _identify_with_rule(image_servers, {"mosaicMethod": "esriMosaicNone", "mosaicOperator": "MT_MEAN"})
    expected = [sum(band) / len(band) for band in zip(*per_item)]
    assert [float(v) for v in mean["value"].split(", ")] == pytest.approx(expected, abs=0.5)  # U16: rounded


def test_viewpoint_puts_the_nearest_scene_on_top(image_servers):
    extent = image_servers.get("Imagery")["extent"]
    corners = {2: (extent["xmax"], extent["ymax"]), 3: (extent["xmin"], extent["ymin"])}
    for expected, (x, y) in corners.items():
        rule = {"mosaicMethod": "esriMosaicViewpoint", "viewpoint": {"x": x, "y": y}}
        assert _ids(_identify_with_rule(image_servers, rule))[0] == expected
