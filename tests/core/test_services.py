"""MapService / ImageService against the sample server over real HTTP, through both transports: results
parsed right, and every parameter reaching the server the way ArcGIS expects (the server's request log)."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime, timezone

import pytest
import requests
from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsPointXY, QgsRectangle

from arcgis_identify.core import (
    ArcGisCancelledError,
    ArcGisParameterError,
    ArcGisServiceError,
    ImageIdentifyResult,
    ImageService,
    ImageServiceInfo,
    MapService,
    MapServiceInfo,
    Session,
)

# A point in Germany, and a map view around it (EPSG:4326).
GERMANY = (10.0, 50.0)
EUROPE_VIEW = (-20.0, 30.0, 40.0, 70.0)
# Inside the Elevation DEM (Jacksboro, Tennessee), and in its noData block (north-west corner).
DEM_POINT = (-84.25, 36.6)
DEM_NODATA_POINT = (-84.405, 36.725)


# -- MapServer -------------------------------------------------------------------------------------
def test_map_info(map_url, transport):
    info = MapService(map_url, transport=transport).info()
    assert isinstance(info, MapServiceInfo)
    assert info.service_type == "MapServer"
    assert info.spatial_reference.epsg == 3857
    assert [layer.id for layer in info.layers] == [0, 1, 2]
    assert [layer.default_visibility for layer in info.layers].count(False) >= 1
    assert info.extent is not None and info.extent.width > 0


def test_map_identify_point(map_url, transport, request_log):
    results = MapService(map_url, transport=transport).identify(
        geometry=GERMANY, crs=4326, map_extent=EUROPE_VIEW, image_display=(800, 600, 96), tolerance=3
    )
    countries = [r for r in results if r.layer_id == 0]
    assert [r.value for r in countries] == ["Germany"]
    germany = countries[0]
    assert germany.layer_name == "Countries"
    assert germany.geometry_type == "esriGeometryPolygon"
    geometry = germany.to_qgs_geometry()
    assert geometry.contains(QgsPointXY(*GERMANY))  # returned in sr=4326, as asked

    entry = request_log.last("/World/MapServer/identify")
    assert entry["method"] == "GET"
    assert request_log.json_param(entry, "geometry") == {"x": 10.0, "y": 50.0, "spatialReference": {"wkid": 4326}}
    assert request_log.param(entry, "geometryType") == "esriGeometryPoint"
    assert request_log.param(entry, "sr") == "4326"
    assert request_log.param(entry, "mapExtent") == "-20,30,40,70"
    assert request_log.param(entry, "imageDisplay") == "800,600,96"
    assert request_log.param(entry, "tolerance") == "3"
    assert request_log.param(entry, "layers") == "visible"
    assert request_log.param(entry, "returnGeometry") == "true"
    assert request_log.param(entry, "f") == "json"


def test_map_identify_keeps_server_attribute_order(map_url, request_log):
    ms = MapService(map_url)
    results = ms.identify(geometry=GERMANY, crs=4326, map_extent=EUROPE_VIEW, image_display=(800, 600))
    entry = request_log.last("/World/MapServer/identify")
    raw = requests.get(map_url + "/identify", params=entry["params"], timeout=30).json()
    assert [list(r.attributes) for r in results] == [list(r["attributes"]) for r in raw["results"]]
    assert [r.attributes for r in results] == [r["attributes"] for r in raw["results"]]


def test_map_identify_every_option_reaches_the_server(map_url, request_log):
    start = datetime(2020, 1, 1, tzinfo=timezone.utc)
    MapService(map_url).identify(
        geometry=QgsRectangle(5, 45, 15, 55),
        crs=QgsCoordinateReferenceSystem("EPSG:4326"),
        map_extent=QgsRectangle(*EUROPE_VIEW),
        image_display=(1024, 768, 120),
        tolerance=7,
        layers=[0, 2],
        layer_defs={0: "1 = 1"},
        time=(start, None),
        return_geometry=False,
        max_allowable_offset=0.01,
        geometry_precision=3,
        return_field_name=True,
        return_unformatted_values=True,
    )
    entry = request_log.last("/World/MapServer/identify")
    assert request_log.param(entry, "geometryType") == "esriGeometryEnvelope"
    assert request_log.json_param(entry, "geometry") == {
        "xmin": 5.0,
        "ymin": 45.0,
        "xmax": 15.0,
        "ymax": 55.0,
        "spatialReference": {"wkid": 4326},
    }
    assert request_log.param(entry, "imageDisplay") == "1024,768,120"
    assert request_log.param(entry, "tolerance") == "7"
    assert request_log.param(entry, "layers") == "all:0,2"
    assert request_log.json_param(entry, "layerDefs") == {"0": "1 = 1"}
    assert request_log.param(entry, "time") == "1577836800000,null"
    assert request_log.param(entry, "returnGeometry") == "false"
    assert request_log.param(entry, "maxAllowableOffset") == "0.01"
    assert request_log.param(entry, "geometryPrecision") == "3"
    assert request_log.param(entry, "returnFieldName") == "true"
    assert request_log.param(entry, "returnUnformattedValues") == "true"


def test_map_identify_in_web_mercator_with_102100(map_url, request_log):
    ms = MapService(map_url)
    x, y = 1113194.9, 6446275.8  # (10, 50) in EPSG:3857
    results = ms.identify(
        geometry=(x, y), crs=102100, map_extent=(x - 1e6, y - 1e6, x + 1e6, y + 1e6), image_display=(500, 500)
    )
    assert "Germany" in [r.value for r in results]
    assert request_log.param(request_log.last("/identify"), "sr") == "102100"


def test_map_identify_with_a_polygon_geometry(map_url):
    polygon = QgsGeometry.fromWkt("Polygon ((9 49, 11 49, 11 51, 9 51, 9 49))")
    results = MapService(map_url).identify(geometry=polygon, crs=4326, map_extent=EUROPE_VIEW, layers="all:0")
    assert "Germany" in [r.value for r in results]


def test_map_identify_default_map_extent_from_service(map_url, request_log):
    results = MapService(map_url).identify(geometry=GERMANY, crs=4326, layers="all:0", tolerance=0)
    assert [r.value for r in results] == ["Germany"]
    extent = [float(v) for v in request_log.param(request_log.last("/identify"), "mapExtent").split(",")]
    assert extent[0] == pytest.approx(-180, abs=0.5) and extent[2] == pytest.approx(180, abs=0.5)


def test_map_legend(map_url, transport):
    legend = MapService(map_url, transport=transport).legend()
    assert {layer.layer_id for layer in legend.layers} >= {0, 2}
    swatches = [item for layer in legend.layers for item in layer.items]
    assert swatches and all(item.image and item.image.startswith(b"\x89PNG") for item in swatches)


def test_info_and_identical_legends_are_cached_in_the_session(map_url, request_log):
    session = Session()
    ms = MapService(map_url, session=session)
    first = ms.info()
    assert MapService(map_url, session=session).info() is first  # another instance, same URL and credential
    ms.legend()
    ms.legend()
    assert len(request_log.matching("/World/MapServer")) == 1
    assert len(request_log.matching("/World/MapServer/legend")) == 1
    ms.info(refresh=True)
    assert len(request_log.matching("/World/MapServer")) == 2
    ms.legend(refresh=True)
    assert len(request_log.matching("/World/MapServer/legend")) == 2


def test_services_without_a_session_share_nothing(map_url, request_log):
    MapService(map_url).info()
    MapService(map_url).info()
    assert len(request_log.matching("/World/MapServer")) == 2


def test_a_cleared_session_fetches_again_and_a_closed_one_refuses(map_url, request_log):
    session = Session()
    ms = MapService(map_url, session=session)
    ms.info()
    session.clear()
    ms.info()
    assert len(request_log.matching("/World/MapServer")) == 2
    session.close()
    with pytest.raises(ArcGisCancelledError):
        ms.info(refresh=True)
    assert len(request_log.matching("/World/MapServer")) == 2


def test_server_error_is_a_service_error(map_url):
    with pytest.raises(ArcGisServiceError) as caught:
        MapService(map_url).identify(geometry=GERMANY, crs=4326, map_extent=EUROPE_VIEW, layer_defs="nonsense")
    assert "World/MapServer" in str(caught.value)
    assert caught.value.code == 400


def test_bad_arguments_are_parameter_errors(map_url):
    ms = MapService(map_url)
    with pytest.raises(ArcGisParameterError):
        ms.identify(geometry="here", crs=4326, map_extent=EUROPE_VIEW)
    with pytest.raises(ArcGisParameterError):
        ms.identify(geometry=GERMANY, crs=object(), map_extent=EUROPE_VIEW)
    with pytest.raises(ArcGisParameterError):
        ms.identify(geometry=GERMANY, crs=4326, map_extent=EUROPE_VIEW, tolerance="wide")
    with pytest.raises(ArcGisParameterError):
        MapService("ftp://example.com/MapServer")


# -- ImageServer -----------------------------------------------------------------------------------
def test_image_info(elevation_url, transport):
    info = ImageService(elevation_url, transport=transport).info()
    assert isinstance(info, ImageServiceInfo)
    assert info.band_count == 1 and info.pixel_type == "F32"
    assert info.no_data_value is not None
    assert (info.max_image_width, info.max_image_height) == (2000, 2000)
    assert "Hillshade" in [f.name for f in info.raster_functions]
    assert info.min_values and info.max_values


def test_image_identify_pixel(elevation_url, transport, request_log):
    result = ImageService(elevation_url, transport=transport).identify(geometry=DEM_POINT, crs=4326)
    assert isinstance(result, ImageIdentifyResult)
    assert result.is_nodata is False
    assert len(result.values) == 1 and 236 <= result.values[0] <= 1076
    assert float(result.value) == result.values[0]
    assert result.location.spatial_reference is not None

    entry = request_log.last("/Elevation/ImageServer/identify")
    assert request_log.json_param(entry, "geometry") == {"x": -84.25, "y": 36.6, "spatialReference": {"wkid": 4326}}
    assert request_log.param(entry, "geometryType") == "esriGeometryPoint"
    assert request_log.param(entry, "returnGeometry") == "false"
    assert request_log.param(entry, "returnCatalogItems") == "true"
    assert request_log.param(entry, "returnPixelValues") == "true"


def test_image_identify_nodata(elevation_url):
    result = ImageService(elevation_url).identify(geometry=DEM_NODATA_POINT, crs=4326)
    assert result.is_nodata
    assert result.values == [None]


def test_image_identify_every_option_reaches_the_server(imagery_url, request_log):
    mosaic_rule = {"mosaicMethod": "esriMosaicAttribute", "sortField": "AcquisitionDate", "ascending": False}
    rendering_rule = {"rasterFunction": "NDVI"}
    info = ImageService(imagery_url).info()
    cx, cy = (info.extent.xmin + info.extent.xmax) / 2, (info.extent.ymin + info.extent.ymax) / 2
    result = ImageService(imagery_url).identify(
        geometry=QgsPointXY(cx, cy),
        crs=QgsCoordinateReferenceSystem("EPSG:3857"),
        mosaic_rule=mosaic_rule,
        rendering_rule=rendering_rule,
        pixel_size=(120, 120),
        time=(datetime(2019, 1, 1, tzinfo=timezone.utc), datetime(2024, 1, 1, tzinfo=timezone.utc)),
        return_geometry=True,
        return_catalog_items=True,
        max_item_count=3,
    )
    entry = request_log.last("/Imagery/ImageServer/identify")
    assert request_log.json_param(entry, "mosaicRule") == mosaic_rule
    assert request_log.json_param(entry, "renderingRule") == rendering_rule
    assert request_log.param(entry, "pixelSize") == "120,120"
    assert request_log.param(entry, "time") == "1546300800000,1704067200000"
    assert request_log.param(entry, "returnGeometry") == "true"
    assert request_log.param(entry, "maxItemCount") == "3"
    assert request_log.json_param(entry, "geometry")["spatialReference"] == {"wkid": 3857}
    assert len(result.catalog_items) <= 3


def test_image_identify_catalog_items_aligned_with_raw_response(imagery_url, request_log):
    img = ImageService(imagery_url)
    info = img.info()
    cx, cy = (info.extent.xmin + info.extent.xmax) / 2, (info.extent.ymin + info.extent.ymax) / 2
    result = img.identify(geometry=(cx, cy), crs=102100, return_geometry=True)
    raw = requests.get(imagery_url + "/identify", params=request_log.last("/identify")["params"], timeout=30).json()
    features = raw["catalogItems"]["features"]
    assert len(result.catalog_items) == len(features) >= 2
    for index, item in enumerate(result.catalog_items):
        assert item.attributes == features[index]["attributes"]
        assert item.visibility == raw["catalogItemVisibilities"][index]
        assert item.value == raw["properties"]["Values"][index]
        assert len(item.values) == 4
        assert item.to_qgs_geometry().contains(QgsPointXY(cx, cy))
    assert len(result.values) == 4 or result.is_nodata


def test_image_identify_time_filters_catalog(imagery_url):
    img = ImageService(imagery_url)
    info = img.info()
    cx, cy = (info.extent.xmin + info.extent.xmax) / 2, (info.extent.ymin + info.extent.ymax) / 2
    everything = img.identify(geometry=(cx, cy), crs=3857)
    start = info.time_info.start
    first_only = img.identify(geometry=(cx, cy), crs=3857, time=(start, start))
    assert len(first_only.catalog_items) < len(everything.catalog_items)


def test_image_legend_options_reach_server_and_cache(elevation_url, request_log):
    img = ImageService(elevation_url)
    legend = img.legend(band_ids=[0], rendering_rule={"rasterFunction": "Hillshade"})
    again = img.legend(band_ids=[0], rendering_rule={"rasterFunction": "Hillshade"})
    assert again is legend
    entries = request_log.matching("/Elevation/ImageServer/legend")
    assert len(entries) == 1
    assert request_log.param(entries[0], "bandIds") == "0"
    assert request_log.json_param(entries[0], "renderingRule") == {"rasterFunction": "Hillshade"}
    other = img.legend()
    assert len(request_log.matching("/Elevation/ImageServer/legend")) == 2
    assert other.layers and other.layers[0].items


def test_image_legend_variable(services_url, request_log):
    climate = ImageService(services_url + "/Climate/ImageServer")
    md = climate.multidimensional_info()
    assert md is not None and md.variable_names
    variable = md.variable_names[-1]
    legend = climate.legend(variable=variable)
    assert legend.layers
    assert request_log.param(request_log.last("/Climate/ImageServer/legend"), "variable") == variable


def test_raster_attribute_table(services_url, request_log):
    rows = ImageService(services_url + "/LandCover/ImageServer").raster_attribute_table()
    assert {"Value": 11, "ClassName": "Open Water"}.items() <= rows[0].items()
    assert len(rows) == 10
    assert request_log.last("/LandCover/ImageServer/rasterAttributeTable")


def test_export_image_parameters_reach_server(elevation_url, request_log):
    result = ImageService(elevation_url).export_image(
        bbox=(-84.4, 36.45, -84.1, 36.7),
        bbox_crs=4326,
        size=(300, 250),
        image_crs=3857,
        format="png",
        pixel_type="U8",
        no_data=0,
        no_data_interpretation="esriNoDataMatchAny",
        interpolation="RSP_NearestNeighbor",
        compression_quality=80,
        band_ids=[0],
        mosaic_rule={"mosaicMethod": "esriMosaicNone"},
        rendering_rule={"rasterFunction": "Hillshade"},
        time=1199145600000,
    )
    entry = request_log.last("/Elevation/ImageServer/exportImage")
    expected = {
        "bbox": "-84.4,36.45,-84.1,36.7",
        "bboxSR": "4326",
        "size": "300,250",
        "imageSR": "3857",
        "format": "png",
        "pixelType": "U8",
        "noData": "0",
        "noDataInterpretation": "esriNoDataMatchAny",
        "interpolation": "RSP_NearestNeighbor",
        "compressionQuality": "80",
        "bandIds": "0",
        "time": "1199145600000",
        "f": "json",
    }
    assert {k: request_log.param(entry, k) for k in expected} == expected
    assert request_log.json_param(entry, "mosaicRule") == {"mosaicMethod": "esriMosaicNone"}
    assert request_log.json_param(entry, "renderingRule") == {"rasterFunction": "Hillshade"}
    assert result.href and (result.width, result.height) == (300, 250)
    assert result.spatial_reference.epsg == 3857
    assert result.extent.width > 0


def test_export_returns_the_extent_the_server_used(elevation_url):
    # A square bbox into a 2:1 image: the server widens the bbox (square pixels).
    result = ImageService(elevation_url).export_image(bbox=(-84.3, 36.5, -84.2, 36.6), bbox_crs=4326, size=(200, 100))
    assert result.extent.width == pytest.approx(0.2)
    assert result.extent.height == pytest.approx(0.1)


def test_params_are_json_encoded_as_arcgis_expects(elevation_url, request_log):
    ImageService(elevation_url).identify(
        geometry={"x": -84.25, "y": 36.6, "spatialReference": {"wkid": 4326}},
        rendering_rule='{"rasterFunction":"Hillshade"}',
    )
    entry = request_log.last("/identify")
    assert json.loads(request_log.param(entry, "renderingRule")) == {"rasterFunction": "Hillshade"}
    assert request_log.param(entry, "geometryType") == "esriGeometryPoint"


def test_map_identify_remaining_documented_parameters_reach_the_server(map_url, request_log):
    time_options = {"0": {"useTime": True, "timeDataCumulative": False}}
    dynamic_layers = [{"id": 101, "source": {"type": "mapLayer", "mapLayerId": 0}}]
    # The sample service does not support dynamic layers and may refuse: what matters is what was sent.
    with contextlib.suppress(ArcGisServiceError):
        MapService(map_url).identify(
            geometry=(10.0, 50.0),
            crs=4326,
            map_extent=EUROPE_VIEW,
            layer_time_options=time_options,
            dynamic_layers=dynamic_layers,
            return_z=True,
            return_m=True,
            gdb_version="sde.DEFAULT",
            extra_params={"historicMoment": 1199145600000},
        )
    entry = request_log.last("/World/MapServer/identify")
    assert request_log.json_param(entry, "layerTimeOptions") == time_options
    assert request_log.json_param(entry, "dynamicLayers") == dynamic_layers
    assert request_log.param(entry, "returnZ") == "true"
    assert request_log.param(entry, "returnM") == "true"
    assert request_log.param(entry, "gdbVersion") == "sde.DEFAULT"
    assert request_log.param(entry, "historicMoment") == "1199145600000"


def test_image_identify_multidimensional_parameters_reach_the_server(services_url, request_log):
    climate = ImageService(services_url + "/Climate/ImageServer")
    extent = climate.info().extent
    variable = climate.multidimensional_info().variable_names[0]
    result = climate.identify(
        geometry=((extent.xmin + extent.xmax) / 2, (extent.ymin + extent.ymax) / 2),
        crs=4326,
        mosaic_rule={"multidimensionalDefinition": [{"variableName": variable}]},
        slice_id=0,
        process_as_multidimensional=False,
    )
    assert result.location is not None
    entry = request_log.last("/Climate/ImageServer/identify")
    assert request_log.param(entry, "sliceId") == "0"
    assert request_log.param(entry, "processAsMultidimensional") == "false"
    assert request_log.json_param(entry, "mosaicRule") == {"multidimensionalDefinition": [{"variableName": variable}]}


def test_layer_fields_name_type_and_alias(map_url):
    fields = MapService(map_url).layer_fields(0)
    by_name = {f.name: f for f in fields}
    assert by_name["OBJECTID"].type == "esriFieldTypeOID"
    assert by_name["Shape"].type == "esriFieldTypeGeometry"
    assert (by_name["NAME"].type, by_name["NAME"].alias) == ("esriFieldTypeString", "Country name")


def test_query_geometries_by_object_id_are_exact(map_url, request_log):
    exact = MapService(map_url).query_geometries(0, [18, 18], 4326, oid_field="OBJECTID")
    assert list(exact) == [18]
    (entry,) = request_log.matching("/World/MapServer/0/query")
    assert "maxAllowableOffset" not in entry["params"] and "geometryPrecision" not in entry["params"]
    x = exact[18]["rings"][0][0][0]
    assert round(x, 2) != x  # full precision, not rounded to the screen
