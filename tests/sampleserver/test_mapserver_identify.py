"""World/MapServer/identify: every parameter of the REST reference changes the answer the way ArcGIS documents."""

from __future__ import annotations

import json

import pytest


def test_point_identify_finds_the_country_in_arcgis_shape(world, h, fixtures_dir):
    data = world.identify(h.PARIS)
    assert h.layer_ids(data) == [0]
    result = data["results"][0]
    fixture = json.loads((fixtures_dir / "mapserver_identify_features.json").read_text())["results"][0]
    assert set(fixture) <= set(result)
    for key in fixture:
        assert type(result[key]) is type(fixture[key]), key
    assert result["layerName"] == "Countries"
    assert result["value"] == "France"
    assert result["displayFieldName"] == "Country name"
    assert result["geometryType"] == "esriGeometryPolygon"
    assert result["geometry"]["spatialReference"] == {"wkid": 102100, "latestWkid": 3857}
    assert isinstance(result["geometry"]["rings"][0][0][0], float)


def test_attributes_are_keyed_by_alias_in_field_order_and_formatted(world, h):
    attributes = world.identify(h.PARIS)["results"][0]["attributes"]
    assert list(attributes) == [
        "OBJECTID",
        "Shape",
        "Country name",
        "ISO 3166-1 alpha-2",
        "ISO 3166-1 alpha-3",
        "FIPS 10-4 code",
        "World Bank code",
        "Area (km²)",
        "Last edited",
    ]
    assert all(isinstance(v, str) for v in attributes.values())
    assert attributes["Shape"] == "Polygon"
    assert attributes["ISO 3166-1 alpha-2"] == "FR"
    assert attributes["Last edited"] == "3/5/2022 12:00:00 AM"


def test_return_field_name_keys_attributes_by_field_name(world, h):
    result = world.identify(h.PARIS, returnFieldName="true")["results"][0]
    assert list(result["attributes"])[:4] == ["OBJECTID", "Shape", "NAME", "ISO_A2"]
    assert result["displayFieldName"] == "NAME"
    assert result["attributes"]["NAME"] == "France"


def test_return_unformatted_values_gives_numbers_and_epoch_dates(world, h):
    attributes = world.identify(h.PARIS, returnUnformattedValues="true")["results"][0]["attributes"]
    assert attributes["OBJECTID"] == 144
    assert isinstance(attributes["Area (km²)"], float)
    assert attributes["Last edited"] == 1646438400000  # 2022-03-05T00:00:00Z


def test_layers_top_visible_all_differ(world, h):
    top = world.identify(h.TRANSNISTRIA, layers="top")
    visible = world.identify(h.TRANSNISTRIA, layers="visible")
    everything = world.identify(h.TRANSNISTRIA, layers="all")
    assert h.layer_ids(top) == [0]
    assert h.values(top) == ["Moldova"]
    assert sorted(set(h.layer_ids(visible))) == [0, 2]  # layer 1 is hidden by default
    assert sorted(set(h.layer_ids(everything))) == [0, 1, 2]
    assert "Moldovan claim" in h.values(visible, 2)


def test_default_layers_is_top(world, h):
    assert h.layer_ids(world.identify(h.TRANSNISTRIA)) == [0]


def test_layer_ids_restrict_the_layers(world, h):
    assert set(h.layer_ids(world.identify(h.TRANSNISTRIA, layers="all:1,2"))) == {1, 2}
    assert h.layer_ids(world.identify(h.TRANSNISTRIA, layers="all:2")) == [2]
    # visible:1 asks only for a hidden layer: nothing.
    assert world.identify(h.TRANSNISTRIA, layers="visible:1")["results"] == []
    # top among the listed layers.
    assert h.layer_ids(world.identify(h.TRANSNISTRIA, layers="top:2")) == [2]


def test_tolerance_is_in_screen_pixels_of_the_map(world, h):
    x, y = h.TRANSNISTRIA
    beside = (x + 20_000, y)  # 20 km from the border line, i.e. 10 pixels at 2 km per pixel
    assert world.identify(beside, layers="all:2", tolerance="0")["results"] == []
    assert world.identify(beside, layers="all:2", tolerance="15")["results"] != []
    # The same 15 pixels on a map zoomed in 10 times are only 3 km: no hit.
    assert world.identify(beside, layers="all:2", tolerance="15", width=200_000)["results"] == []


def test_dpi_sets_the_scale_that_decides_scale_dependent_layers(world, h):
    """Layer 2 draws at 1:100,000,000 or larger. A 30,000 km wide map on 1000 pixels is 1:113M at 96 DPI
    (hidden) and 1:85M at 72 DPI (visible)."""
    common = {"layers": "visible", "width": 30_000_000, "tolerance": "1"}
    at_96 = world.identify(h.TRANSNISTRIA, imageDisplay="1000,1000,96", **common)
    at_72 = world.identify(h.TRANSNISTRIA, imageDisplay="1000,1000,72", **common)
    assert 2 not in h.layer_ids(at_96)
    assert 2 in h.layer_ids(at_72)
    # layers=all ignores visibility and scale ranges.
    assert 2 in h.layer_ids(world.identify(h.TRANSNISTRIA, imageDisplay="1000,1000,96", **{**common, "layers": "all"}))


def test_geometry_json_syntax_and_unquoted_keys(world, h):
    x, y = h.PARIS
    quoted = world.identify(geometry=json.dumps({"x": x, "y": y}))
    unquoted = world.identify(geometry=f"{{x: {x}, y: {y}}}")
    assert h.values(quoted) == h.values(unquoted) == ["France"]


def test_envelope_simple_and_json_syntax(world, h):
    box = f"{h.PARIS[0]},{h.PARIS[1]},{h.BERLIN[0]},{h.BERLIN[1]}"
    simple = world.identify(geometryType="esriGeometryEnvelope", geometry=box, layers="all:0", tolerance="0")
    xmin, ymin, xmax, ymax = (float(v) for v in box.split(","))
    as_json = world.identify(
        geometryType="esriGeometryEnvelope",
        geometry=json.dumps({"xmin": xmin, "ymin": ymin, "xmax": xmax, "ymax": ymax}),
        layers="all:0",
        tolerance="0",
    )
    names = set(h.values(simple))
    assert {"France", "Germany", "Belgium", "Luxembourg"} <= names
    assert names == set(h.values(as_json))


def test_multipoint_polyline_polygon(world, h):
    (px, py), (bx, by) = h.PARIS, h.BERLIN
    common = {"layers": "all:0", "tolerance": "0"}
    multipoint = world.identify(
        geometryType="esriGeometryMultipoint", geometry=json.dumps({"points": [[px, py], [bx, by]]}), **common
    )
    assert set(h.values(multipoint)) == {"France", "Germany"}
    polyline = world.identify(
        geometryType="esriGeometryPolyline", geometry=json.dumps({"paths": [[[px, py], [bx, by]]]}), **common
    )
    assert {"France", "Germany"} < set(h.values(polyline))
    ring = [[px, py], [bx, by], [bx, py], [px, py]]
    polygon = world.identify(geometryType="esriGeometryPolygon", geometry=json.dumps({"rings": [ring]}), **common)
    assert {"France", "Germany"} <= set(h.values(polygon))


def test_sr_applies_to_geometry_map_extent_and_output(world, h):
    data = world.identify(
        geometry="2.35,48.85", sr="4326", mapExtent="-5,40,10,55", imageDisplay="1000,1000,96", tolerance="1"
    )
    assert h.values(data) == ["France"]
    geometry = data["results"][0]["geometry"]
    assert geometry["spatialReference"] == {"wkid": 4326, "latestWkid": 4326}
    xs = [pt[0] for ring in geometry["rings"] for pt in ring]
    assert min(xs) >= -180 and max(xs) <= 180


def test_geometry_spatial_reference_wins_over_the_map(world, h):
    geometry = json.dumps({"x": 13.4, "y": 52.5, "spatialReference": {"wkid": 4326}})
    data = world.identify(h.BERLIN, geometry=geometry)
    assert h.values(data) == ["Germany"]
    assert data["results"][0]["geometry"]["spatialReference"]["latestWkid"] == 3857


def test_return_geometry_false_omits_geometry(world, h):
    result = world.identify(h.PARIS, returnGeometry="false")["results"][0]
    assert "geometry" not in result
    assert result["geometryType"] == "esriGeometryPolygon"


def _vertex_count(result: dict) -> int:
    return sum(len(ring) for ring in result["geometry"]["rings"])


def test_max_allowable_offset_generalises(world, h):
    full = world.identify(h.PARIS)["results"][0]
    simplified = world.identify(h.PARIS, maxAllowableOffset="20000")["results"][0]
    assert _vertex_count(simplified) < _vertex_count(full) / 2


def test_geometry_precision_rounds_xy(world, h):
    rounded = world.identify(h.PARIS, geometryPrecision="0")["results"][0]["geometry"]["rings"][0]
    assert all(float(x).is_integer() and float(y).is_integer() for x, y in rounded)
    one = world.identify(h.PARIS, geometryPrecision="1")["results"][0]["geometry"]["rings"][0]
    assert all(round(x, 1) == x for x, _y in one)
    assert any(not float(x).is_integer() for x, _y in one)


def test_outer_rings_are_clockwise(world, h):
    ring = world.identify(h.PARIS, returnGeometry="true")["results"][0]["geometry"]["rings"][0]
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2
    assert area < 0  # clockwise in a y-up system


def test_return_z_and_m(world, h):
    plain = world.identify(h.TRANSNISTRIA, layers="all:2")["results"][0]
    assert "hasZ" not in plain and len(plain["geometry"]["paths"][0][0]) == 2
    with_z = world.identify(h.TRANSNISTRIA, layers="all:2", returnZ="true")["results"][0]
    assert with_z["hasZ"] is True and with_z["geometry"]["hasZ"] is True
    assert len(with_z["geometry"]["paths"][0][0]) == 3
    with_zm = world.identify(h.TRANSNISTRIA, layers="all:2", returnZ="true", returnM="true")["results"][0]
    assert with_zm["geometry"]["hasM"] is True
    path = with_zm["geometry"]["paths"][0]
    assert len(path[0]) == 4
    assert path[0][3] == 0 and path[-1][3] > 0  # M = distance along the line in km
    # Countries have no Z: returnZ changes nothing there.
    country = world.identify(h.PARIS, returnZ="true")["results"][0]
    assert "hasZ" not in country and len(country["geometry"]["rings"][0][0]) == 2


def test_layer_defs_simple_and_json_syntax(world, h):
    assert world.identify(h.PARIS, layers="all:0", layerDefs="0:ISO_A2 = 'DE'")["results"] == []
    assert h.values(world.identify(h.PARIS, layers="all:0", layerDefs=json.dumps({"0": "ISO_A2 = 'FR'"}))) == ["France"]
    assert h.values(world.identify(h.PARIS, layers="all:0", layerDefs="0:NAME LIKE 'Fra%' AND ISO_A3 IN ('FRA')"))
    assert h.values(world.identify(h.PARIS, layers="all:0", layerDefs="0:AREA_KM2 > 100000 OR NAME = 'x'"))
    # A definition for another layer leaves layer 0 alone.
    assert h.values(world.identify(h.PARIS, layers="all:0", layerDefs="1:NAME = 'x'")) == ["France"]


def test_layer_defs_with_date_literals(world, h):
    after = world.identify(h.PARIS, layers="all:0", layerDefs="0:LAST_EDITED > DATE '2022-01-01'")
    before = world.identify(h.PARIS, layers="all:0", layerDefs="0:LAST_EDITED < timestamp '2022-01-01 00:00:00'")
    assert h.values(after) == ["France"]
    assert before["results"] == []


def test_layer_defs_filter_top(world, h):
    """With the country filtered out, top moves on to the next visible layer with a hit."""
    data = world.identify(h.TRANSNISTRIA, layers="top", layerDefs="0:ISO_A2 = 'XX'")
    assert h.layer_ids(data) == [2]


def test_time_filters_the_time_aware_layer(world, h):
    common = {"layers": "all:2"}
    assert h.values(world.identify(h.TRANSNISTRIA, **common)) == ["Moldovan claim"]  # no time: all features
    assert world.identify(h.TRANSNISTRIA, time=str(h.YEAR_2010), **common)["results"] == []
    assert h.values(world.identify(h.TRANSNISTRIA, time=str(h.YEAR_2020), **common)) == ["Moldovan claim"]
    assert h.values(world.identify(h.TRANSNISTRIA, time=f"{h.YEAR_2010},{h.YEAR_2020}", **common))
    assert h.values(world.identify(h.TRANSNISTRIA, time=f"null,{h.YEAR_2020}", **common))
    assert world.identify(h.TRANSNISTRIA, time=f"{h.YEAR_2026},null", **common)["results"] == []
    # Layers without time ignore it.
    assert h.values(world.identify(h.PARIS, time=str(h.YEAR_2010))) == ["France"]


def test_layer_time_options(world, h):
    common = {"layers": "all:2"}
    no_time = json.dumps({"2": {"useTime": False}})
    assert h.values(world.identify(h.TRANSNISTRIA, time=str(h.YEAR_2010), layerTimeOptions=no_time, **common))
    # 2026 is after the feature's period; offset by 10 years the layer shows its 2016 state.
    offset = json.dumps({"2": {"useTime": True, "timeOffset": 10, "timeOffsetUnits": "esriTimeUnitsYears"}})
    assert world.identify(h.TRANSNISTRIA, time=str(h.YEAR_2026), **common)["results"] == []
    assert h.values(world.identify(h.TRANSNISTRIA, time=str(h.YEAR_2026), layerTimeOptions=offset, **common))
    cumulative = json.dumps({"2": {"useTime": True, "timeDataCumulative": True}})
    assert h.values(world.identify(h.TRANSNISTRIA, time=str(h.YEAR_2030), layerTimeOptions=cumulative, **common))


def test_post_form_gives_the_same_answer(world, h):
    x, y = h.PARIS
    params = {
        "geometry": f"{x},{y}",
        "geometryType": "esriGeometryPoint",
        "tolerance": "3",
        "mapExtent": h.extent_around(h.PARIS, 2_000_000),
        "imageDisplay": "1000,1000,96",
        "f": "json",
    }
    assert world.post("identify", **params) == world.get("identify", **params)


def test_parameter_names_are_case_insensitive(world, h):
    x, y = h.PARIS
    data = world.get(
        "identify",
        GEOMETRY=f"{x},{y}",
        TOLERANCE="3",
        MAPEXTENT=h.extent_around(h.PARIS, 2_000_000),
        imagedisplay="1000,1000,96",
    )
    assert h.values(data) == ["France"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"geometry": ""}, "geometry"),
        ({"geometry": "abc"}, "geometry"),
        ({"geometry": "{x: 1"}, "geometry"),
        ({"geometryType": "esriGeometryCircle"}, "geometryType"),
        ({"geometryType": "esriGeometryPolygon", "geometry": "1,2"}, "geometry"),
        ({"tolerance": ""}, "tolerance"),
        ({"tolerance": "-1"}, "tolerance"),
        ({"tolerance": "many"}, "tolerance"),
        ({"mapExtent": ""}, "mapExtent"),
        ({"mapExtent": "1,2,3"}, "mapExtent"),
        ({"imageDisplay": ""}, "imageDisplay"),
        ({"imageDisplay": "0,0,96"}, "imageDisplay"),
        ({"layers": "some"}, "layers"),
        ({"layers": "all:x"}, "layers"),
        ({"layerDefs": "0:NOPE = = 1"}, "layerDefs"),
        ({"layerDefs": "zero"}, "layerDefs"),
        ({"layerDefs": "{bad json"}, "layerDefs"),
        ({"time": "yesterday"}, "time"),
        ({"layerTimeOptions": "[1]"}, "layerTimeOptions"),
        ({"sr": "999999"}, "sr"),
        ({"returnGeometry": "perhaps"}, "returnGeometry"),
        ({"geometryPrecision": "x"}, "geometryPrecision"),
    ],
)
def test_bad_parameters_answer_400_with_details(world, h, params, name):
    error = world.error("identify", **{**_identify_params(h), **params})
    assert error["code"] == 400
    assert error["details"] and any(name in d for d in error["details"]), error


def _identify_params(h) -> dict:
    x, y = h.PARIS
    return {
        "geometry": f"{x},{y}",
        "tolerance": "3",
        "mapExtent": h.extent_around(h.PARIS, 2_000_000),
        "imageDisplay": "1000,1000,96",
    }


@pytest.mark.parametrize("name", ["dynamicLayers", "gdbVersion"])
def test_unsupported_options_answer_a_clear_400(world, h, name):
    error = world.error("identify", **{**_identify_params(h), name: '[{"id": 101}]'})
    assert error["code"] == 400
    assert name in error["details"][0]


def test_empty_values_count_as_absent(world, h):
    # GDAL's AGS driver sends layerdefs=&time=&layerTimeOptions=&maxAllowableOffset=
    data = world.get(
        "identify", **_identify_params(h), layerDefs="", time="", layerTimeOptions="", maxAllowableOffset=""
    )
    assert h.values(data) == ["France"]


def test_sr_as_wkt_json(world, h):
    from osgeo import osr

    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    sr = json.dumps({"wkt": wgs84.ExportToWkt()})
    data = world.identify(geometry="2.35,48.85", sr=sr, mapExtent="-5,40,10,55", imageDisplay="1000,1000,96")
    assert h.values(data) == ["France"]
    assert data["results"][0]["geometry"]["spatialReference"]["latestWkid"] == 4326


def test_point_outside_the_data_finds_nothing(world):
    data = world.identify(geometry="0,89.9", sr="4326", mapExtent="-10,80,10,90", imageDisplay="1000,1000,96")
    assert data == {"results": []}
