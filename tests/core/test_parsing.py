"""Parsers: every field from the real response shapes in tests/data/fixtures, sloppy real-server input, and
a property test that no JSON at all makes them raise anything but ArcGisError."""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arcgis_identify.core import (
    ArcGisAuthError,
    ArcGisError,
    ArcGisResponseError,
    ArcGisServiceError,
    ImageServiceInfo,
    MapServiceInfo,
    parse_export_image,
    parse_image_identify,
    parse_legend,
    parse_map_identify,
    parse_raster_attribute_table,
    parse_service_info,
)

pytestmark = pytest.mark.pure  # no QGIS application needed: the fast lane (make test-fast)

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


# -- MapServer identify ----------------------------------------------------------------------------
def test_map_identify_fields():
    results = parse_map_identify(fixture("mapserver_identify_features.json"))
    assert len(results) == 1
    result = results[0]
    assert result.layer_id == 0
    assert result.layer_name == "Features"
    assert result.value == "0"
    assert result.display_field_name == "Name"
    assert result.attributes == {"objectid": 1, "Name": "Site"}
    assert list(result.attributes) == ["objectid", "Name"]  # the server's order, irregular casing kept
    assert result.geometry_type == "esriGeometryPoint"
    assert result.geometry == {"x": -122.81, "y": 45.48, "spatialReference": {"wkid": 4326}}
    assert result.spatial_reference.epsg == 4326
    geometry = result.to_qgs_geometry()
    assert geometry.asWkt(2) == "Point (-122.81 45.48)"


def test_map_identify_polygon_geometry_and_order():
    data = {
        "results": [
            {
                "layerId": "3",
                "layerName": "Parcel",
                "value": 649,
                "displayFieldName": "NAME",
                "attributes": {"Z": 1, "A": 2, "M": "x"},
                "geometryType": "esriGeometryPolygon",
                "geometry": {
                    "rings": [[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]],
                    "spatialReference": {"wkid": 102100},
                },
            },
            {"layerId": 5, "layerName": "NoGeom", "attributes": {}, "geometryType": "esriGeometryPoint"},
        ]
    }
    first, second = parse_map_identify(data)
    assert first.layer_id == 3 and first.value == "649"
    assert list(first.attributes) == ["Z", "A", "M"]
    assert first.to_qgs_geometry().asWkt(0) == "MultiPolygon (((0 0, 0 10, 10 10, 10 0, 0 0)))"
    assert first.spatial_reference.epsg == 3857
    assert second.geometry is None and second.to_qgs_geometry() is None


def test_map_identify_empty_results():
    assert parse_map_identify({"results": []}) == []


# -- ImageServer identify --------------------------------------------------------------------------
def test_image_identify_simple_pixel():
    result = parse_image_identify(fixture("imageserver_identify_pixel_simple.json"))
    assert result.object_id == 0
    assert result.name == "Pixel"
    assert result.value == "-17.5575"
    assert result.values == [-17.5575]
    assert result.is_nodata is False
    assert (result.location.x, result.location.y) == (-122.81, 45.48)
    assert result.location.spatial_reference.wkid == 4326
    assert result.catalog_items == []


def test_image_identify_catalog_items_keep_raw_index_alignment():
    result = parse_image_identify(fixture("imageserver_identify_catalogitems.json"))
    assert result.value == "17, 22, 39, 45"
    assert result.values == [17.0, 22.0, 39.0, 45.0]
    assert result.location.spatial_reference.wkid == 54004
    assert result.object_id_field_name == "OBJECTID"
    first, second = result.catalog_items
    # Raw order: feature 0 (OBJECTID 6) ↔ visibility 0.671... ↔ Values[0] (not the reversed pairing).
    assert first.object_id == 6 and first.attributes["OBJECTID"] == 6
    assert first.visibility == pytest.approx(0.671180049953907)
    assert first.value == "10 18 34 43"
    assert first.values == [10.0, 18.0, 34.0, 43.0]
    assert second.object_id == 2
    assert second.visibility == pytest.approx(0.328819950035319)
    assert second.values == [17.0, 22.0, 39.0, 45.0]
    assert first.geometry_type == "esriGeometryPolygon"
    assert first.spatial_reference.wkid == 54004
    assert list(first.attributes)[:3] == ["OBJECTID", "Name", "MinPS"]
    footprint = first.to_qgs_geometry()
    assert footprint.boundingBox().xMinimum() == pytest.approx(-78.3984375)


def test_image_identify_without_geometry_variant():
    data = fixture("imageserver_identify_catalogitems.json")
    for feature in data["catalogItems"]["features"]:
        del feature["geometry"]
    result = parse_image_identify(data)
    assert [item.geometry for item in result.catalog_items] == [None, None]
    assert result.catalog_items[0].to_qgs_geometry() is None


@pytest.mark.parametrize(
    ("value", "values", "nodata"),
    [
        ("NoData", [None], True),
        ("-17.5575", [-17.5575], False),
        ("17, 22, 39, 45", [17.0, 22.0, 39.0, 45.0], False),
        ("1.5e+2", [150.0], False),
        ("NoData, 4", [None, 4.0], False),
        ("Null", [None], True),
    ],
)
def test_image_identify_value_strings(value, values, nodata):
    result = parse_image_identify({"value": value, "location": {"x": 1, "y": 2}, "properties": {}})
    assert result.value == value
    assert result.values == values
    assert result.is_nodata is nodata


def test_image_identify_sloppy_server():
    data = {
        "objectId": "0",
        "name": "Pixel",
        "value": "12",
        "location": {"x": "1.0E2", "y": 2, "spatialReference": {"wkid": 102100}},
        "properties": {},
        "catalogItems": {"features": [{"attributes": {"OBJECTID": 1}}]},
        "catalogItemVisibilities": ["0.5"],
    }
    result = parse_image_identify(data)
    assert result.object_id == 0
    assert result.location.x == 100.0
    assert result.location.spatial_reference.epsg == 3857
    (item,) = result.catalog_items
    assert item.visibility == 0.5 and item.values is None


# -- legend ----------------------------------------------------------------------------------------
def test_legend_feature_layer():
    legend = parse_legend(fixture("mapserver_legend.json"))
    (layer,) = legend.layers
    assert layer.layer_id == 2
    assert layer.layer_name == "Water Abandoned Points"
    assert layer.layer_type == "Feature Layer"
    assert layer.legend_type is None
    assert (layer.min_scale, layer.max_scale) == (0.0, 0.0)
    (item,) = layer.items
    assert item.label == ""
    assert item.url == "95e051377403211bc794fa8e4e919978"
    assert item.content_type == "image/png"
    assert (item.width, item.height) == (20, 20)
    assert item.image.startswith(PNG_SIGNATURE) and len(item.image) == 564
    assert item.values == []


def test_legend_raster_layer_excerpt():
    legend = parse_legend(fixture("mapserver_legend_raster_layer_excerpt.json"))
    labels = [item.label for item in legend.layers[0].items]
    assert labels == ["< 1.0 (g/cm3)", "1.0 - 1.2 (g/cm3)"]
    assert all(item.image.startswith(PNG_SIGNATURE) for item in legend.layers[0].items)
    assert legend.layers[0].layer_type == "Raster Layer"


def test_image_legend_with_legend_type_values_and_string_scales():
    png = base64.b64encode(PNG_SIGNATURE + b"rest").decode()
    data = {
        "layers": [
            {
                "layerId": 0,
                "layerName": "NLCD",
                "layerType": "Raster Layer",
                "minScale": "0",
                "maxScale": "1.0E3",
                "legendType": "Unique Values",
                "legend": [{"label": "WATER", "imageData": png, "values": ["WATER"], "height": "20", "width": 20}],
            }
        ]
    }
    layer = parse_legend(data).layers[0]
    assert layer.legend_type == "Unique Values"
    assert (layer.min_scale, layer.max_scale) == (0.0, 1000.0)
    assert layer.items[0].values == ["WATER"]
    assert layer.items[0].height == 20
    assert layer.items[0].image == PNG_SIGNATURE + b"rest"


def test_one_malformed_legend_entry_does_not_cost_the_rest():
    png = base64.b64encode(PNG_SIGNATURE + b"rest").decode()
    data = {
        "layers": [
            {
                "layerId": 0,
                "layerName": "Classes",
                "legend": [
                    "not an entry",
                    {"label": "A", "imageData": png, "values": 11},
                    None,
                    {"label": "A", "url": "abc"},
                ],
            }
        ]
    }
    items = parse_legend(data).layers[0].items
    assert [item.label for item in items] == ["A", "A"]  # duplicate labels are kept, bad entries skipped
    assert items[0].values == [11]  # a bare value counts as one value
    assert items[1].values == [] and items[1].image is None and items[1].url == "abc"


def test_raster_attribute_table_rows():
    data = {"fields": [], "features": [{"attributes": {"Value": 11, "ClassName": "Open Water"}}, "junk", {}]}
    assert parse_raster_attribute_table(data) == [{"Value": 11, "ClassName": "Open Water"}]


# -- export ----------------------------------------------------------------------------------------
def test_export_image_href_only_data_uri():
    result = parse_export_image(fixture("imageserver_exportimage_f_json_mock.json"))
    assert result.href.startswith("data:image/png;base64,")
    assert result.content_type == "image/png"
    assert result.image_data.startswith(PNG_SIGNATURE)
    assert result.extent is None and result.width is None


def test_export_mapserver_inline_image_data():
    result = parse_export_image(fixture("mapserver_export_f_json_imagedata_mock.json"))
    assert result.href is None
    assert result.content_type == "image/png"
    assert result.image_data.startswith(PNG_SIGNATURE)


def test_export_full_response():
    data = {
        "href": "http://atlantic/arcgisoutput/_ags_map42.png",
        "width": 400,
        "height": "400",
        "extent": {
            "xmin": -109.55,
            "ymin": 25.76,
            "xmax": -86.39,
            "ymax": 49.94,
            "spatialReference": {"wkid": 4326},
        },
        "scale": "0.0",
    }
    result = parse_export_image(data)
    assert result.href == "http://atlantic/arcgisoutput/_ags_map42.png"
    assert (result.width, result.height) == (400, 400)
    assert tuple(result.extent)[:4] == (-109.55, 25.76, -86.39, 49.94)
    assert result.extent.width == pytest.approx(23.16)
    assert result.spatial_reference.wkid == 4326
    assert result.scale == 0.0
    assert result.image_data is None


# -- service info ----------------------------------------------------------------------------------
def test_map_service_info():
    data = {
        "currentVersion": "10.81",
        "serviceDescription": "World",
        "mapName": "Layers",
        "layers": [
            {"id": 0, "name": "Countries", "parentLayerId": -1, "defaultVisibility": True, "subLayerIds": None},
            {"id": 1, "name": "States", "parentLayerId": 0, "defaultVisibility": False, "minScale": "5E6"},
        ],
        "spatialReference": {"wkid": 102100},
        "fullExtent": {"xmin": -1, "ymin": -2, "xmax": 3, "ymax": 4},
        "capabilities": "Map,Query,Data",
        "timeInfo": {"timeExtent": [0, 1000], "timeReference": None},
    }
    info = parse_service_info(data)
    assert isinstance(info, MapServiceInfo)
    assert info.service_type == "MapServer"
    assert info.current_version == 10.81
    assert info.spatial_reference.epsg == 3857 and info.spatial_reference.latest_wkid is None
    assert info.extent.bounds == (-1, -2, 3, 4)
    assert info.extent.spatial_reference.wkid == 102100  # inherited from the service
    assert info.capabilities == ["Map", "Query", "Data"]
    assert [layer.name for layer in info.layers] == ["Countries", "States"]
    assert info.layers[0].parent_layer_id is None and info.layers[1].parent_layer_id == 0
    assert info.layers[1].default_visibility is False and info.layers[1].min_scale == 5e6
    assert info.time_info.start == 0 and info.time_info.end == 1000


def test_image_service_info():
    data = {
        "name": "Elevation",
        "description": "DEM",
        "extent": {"xmin": 0, "ymin": 0, "xmax": 10, "ymax": 10, "spatialReference": {"wkid": 4326}},
        "bandCount": 1,
        "bandNames": ["Band_1"],
        "pixelType": "F32",
        "pixelSizeX": "8.3333E-4",
        "noDataValue": -9999,
        "minValues": [236],
        "maxValues": ["1076"],
        "rasterFunctionInfos": [{"name": "None", "description": "", "help": ""}, {"name": "Hillshade"}],
        "hasMultidimensions": True,
        "multidimensionalInfo": {
            "variables": [{"name": "temp", "unit": "K", "dimensions": [{"name": "StdTime", "values": [1, 2]}]}]
        },
        "capabilities": "Image,Metadata",
        "maxImageWidth": 2000,
        "maxImageHeight": "2000",
        "timeInfo": {"timeExtent": [100, None], "startTimeField": "AcquisitionDate"},
        "allowedMosaicMethods": "Center,None",
    }
    info = parse_service_info(data)
    assert isinstance(info, ImageServiceInfo)
    assert info.service_type == "ImageServer"
    assert info.band_count == 1 and info.band_names == ["Band_1"] and info.pixel_type == "F32"
    assert info.pixel_size_x == pytest.approx(8.3333e-4)
    assert info.no_data_value == -9999
    assert info.min_values == [236.0] and info.max_values == [1076.0]
    assert [f.name for f in info.raster_functions] == ["None", "Hillshade"]
    assert info.has_multidimensions
    assert info.multidimensional_info.variable_names == ["temp"]
    assert info.multidimensional_info.variables[0].dimensions[0].values == [1, 2]
    assert (info.max_image_width, info.max_image_height) == (2000, 2000)
    assert info.time_info.start == 100 and info.time_info.end is None
    assert info.time_info.start_time_field == "AcquisitionDate"
    assert info.spatial_reference.wkid == 4326
    assert info.allowed_mosaic_methods == ["Center", "None"]


# -- errors ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("parser", [parse_map_identify, parse_image_identify, parse_legend, parse_export_image])
def test_error_payload_raises_service_error(parser):
    payload = {"error": {"code": 400, "message": "Unable to complete operation.", "details": ["bad geometry"]}}
    with pytest.raises(ArcGisServiceError) as caught:
        parser(payload, service="World/MapServer")
    assert caught.value.code == 400
    assert caught.value.details == ["bad geometry"]
    assert "World/MapServer" in str(caught.value)


@pytest.mark.parametrize("code", [498, 499, "499"])
def test_token_errors_are_auth_errors(code):
    with pytest.raises(ArcGisAuthError) as caught:
        parse_legend({"error": {"code": code, "message": "Token Required", "details": []}})
    assert caught.value.code == int(code)


@pytest.mark.parametrize(
    "data",
    [
        {"results": "nope"},
        {"results": [1, 2]},
        {"results": [{"attributes": []}]},
        {},
        {"layers": 3},
        [],
        None,
        "text",
    ],
)
def test_malformed_input_raises_response_error(data):
    for parser in (parse_map_identify, parse_legend):
        with pytest.raises(ArcGisResponseError):
            parser(data)


# -- property test: nothing but ArcGisError, whatever the JSON --------------------------------------
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["NoData", "Null", "1e5", "17, 22", "data:image/png;base64,xx", ""]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=25,
)

KEYS = [
    "results", "layerId", "attributes", "geometry", "geometryType", "value", "location", "properties", "Values",
    "catalogItems", "features", "catalogItemVisibilities", "layers", "legend", "imageData", "href", "extent",
    "spatialReference", "wkid", "xmin", "bandCount", "rasterFunctionInfos", "timeInfo", "timeExtent", "error",
    "code", "details", "multidimensionalInfo", "variables", "dimensions", "x", "y", "rings", "minScale",
]  # fmt: skip

PARSERS = [parse_map_identify, parse_image_identify, parse_legend, parse_export_image, parse_service_info]
SEEDS = [
    "mapserver_identify_features.json",
    "imageserver_identify_pixel_simple.json",
    "imageserver_identify_catalogitems.json",
    "mapserver_legend.json",
    "mapserver_legend_raster_layer_excerpt.json",
    "imageserver_exportimage_f_json_mock.json",
    "mapserver_export_f_json_imagedata_mock.json",
]


def _call_all(data) -> None:
    for parser in PARSERS:
        try:
            result = parser(data)
        except ArcGisError:
            continue
        # A parsed result must be usable too: geometry conversion must not blow up either.
        for item in result if isinstance(result, list) else getattr(result, "catalog_items", []):
            item.to_qgs_geometry()  # returns None for unusable geometries, never raises


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_random_json_never_raises_anything_else(data):
    _call_all(data)


def _containers(node, found=None) -> list:
    """Every dict and list inside `node` (the places a mutation can hit)."""
    found = [] if found is None else found
    if isinstance(node, (dict, list)):
        found.append(node)
        for child in node.values() if isinstance(node, dict) else node:
            _containers(child, found)
    return found


@st.composite
def mutated_fixture(draw):
    data = copy.deepcopy(fixture(draw(st.sampled_from(SEEDS))))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        containers = _containers(data)
        target = draw(st.sampled_from(containers))
        replacement = draw(json_values)
        if isinstance(target, dict):
            key = draw(st.sampled_from(sorted(target) + KEYS))
            if draw(st.booleans()) and key in target:
                del target[key]
            else:
                target[key] = replacement
        elif target:
            target[draw(st.integers(min_value=0, max_value=len(target) - 1))] = replacement
        else:
            target.append(replacement)
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_fixture())
def test_mutated_fixtures_never_raise_anything_else(data):
    _call_all(data)


def test_image_service_info_lists_the_catalog_fields_with_their_esri_types(fixtures_dir):
    data = json.loads((fixtures_dir / "imageserver_info_fields.json").read_text())
    info = parse_service_info(data)
    assert isinstance(info, ImageServiceInfo)
    fields = {f.name: (f.type, f.alias) for f in info.fields}
    assert list(fields) == [
        "OBJECTID",
        "Shape",
        "Name",
        "MinPS",
        "Category",
        "ZOrder",
        "AcquisitionDate",
        "CloudCover",
        "Shape_Area",
    ]  # malformed entries are skipped
    assert fields["AcquisitionDate"] == ("esriFieldTypeDate", "Acquisition Date")
    assert fields["ZOrder"] == ("esriFieldTypeInteger", "ZOrder")
    assert parse_service_info({"name": "Elevation", "bandCount": 1, "pixelType": "F32"}).fields == []
    # A "fields" that is no list leaves the fields unknown; the rest of the service info still reads.
    for odd in (3, True, {"name": "OBJECTID"}, "OBJECTID"):
        info = parse_service_info({"name": "Elevation", "bandCount": 1, "pixelType": "F32", "fields": odd})
        assert isinstance(info, ImageServiceInfo) and info.fields == [] and info.band_count == 1
