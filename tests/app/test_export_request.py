"""An export's request: defaults from the map, options checked against the service info with readable refusals,
the query it sends, its name in words, and the metadata it leaves (never a credential)."""

from __future__ import annotations

import json

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsDateTimeRange, QgsRectangle
from qgis.PyQt.QtCore import QDateTime, Qt

from arcgis_identify.app.export_request import (
    ExportRequest,
    follow_map,
    metadata_parameters,
    request_from_map,
    size_for_resolution,
    validate,
)
from arcgis_identify.app.service_targets import ServiceTarget
from arcgis_identify.core import parse_service_info
from arcgis_identify.core.errors import ArcGisParameterError

URL = "https://example.com/arcgis/rest/services/Imagery/ImageServer"
INFO = parse_service_info(
    {
        "name": "Imagery",
        "serviceDataType": "esriImageServiceDataTypeGeneric",
        "bandCount": 4,
        "bandNames": ["Blue", "Green", "Red", "NIR"],
        "pixelType": "U16",
        "extent": {"xmin": 0, "ymin": 0, "xmax": 10, "ymax": 10, "spatialReference": {"wkid": 3857}},
        "spatialReference": {"wkid": 3857},
        "rasterFunctionInfos": [{"name": "None"}, {"name": "NDVI"}],
        "allowedMosaicMethods": "Center,LockRaster,ByAttribute",
        "timeInfo": {"startTimeField": "AcquisitionDate", "timeExtent": [1, 2]},
        "maxImageWidth": 2000,
        "maxImageHeight": 2000,
    },
    "ImageServer",
)


def target() -> ServiceTarget:
    return ServiceTarget(url=URL, kind="ImageServer", label="Imagery", rendering_rule={"rasterFunction": "NDVI"})


def request(**changes) -> ExportRequest:
    base = ExportRequest(service_url=URL, label="Imagery", extent=(0, 0, 10, 10), bbox_crs="EPSG:3857")
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_defaults_come_from_the_map(sized_canvas):
    sized_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    sized_canvas.setExtent(QgsRectangle(-9400000, 4300000, -9300000, 4400000))
    start = QDateTime.fromString("2021-04-01T00:00:00Z", Qt.DateFormat.ISODate)
    end = QDateTime.fromString("2021-05-01T00:00:00Z", Qt.DateFormat.ISODate)
    sized_canvas.setTemporalRange(QgsDateTimeRange(start, end))
    settings = sized_canvas.mapSettings()
    made = request_from_map(target(), settings, 2.0)
    size = settings.outputSize()
    assert made.size == (size.width() * 2, size.height() * 2)  # device pixels on a HiDPI screen
    visible = settings.visibleExtent()
    assert made.extent == (visible.xMinimum(), visible.yMinimum(), visible.xMaximum(), visible.yMaximum())
    assert made.bbox_crs == made.image_crs == "EPSG:3857"
    assert made.time == (start.toMSecsSinceEpoch(), end.toMSecsSinceEpoch())
    assert made.rendering_rule == {"rasterFunction": "NDVI"}  # the layer's own rule
    # A drawn box keeps the canvas's pixel size.
    box = QgsRectangle(-9390000, 4310000, -9380000, 4315000)
    boxed = request_from_map(target(), settings, 1.0, box)
    units_per_pixel = visible.width() / size.width()
    assert boxed.size == size_for_resolution(box, units_per_pixel)
    # Following the map keeps every option but the view.
    moved = follow_map(request(band_ids=[3, 2, 1], live=True), settings, 1.0)
    assert moved.band_ids == [3, 2, 1] and moved.live and moved.extent == made.extent


def test_size_for_resolution():
    assert size_for_resolution(QgsRectangle(0, 0, 1000, 500), 10) == (100, 50)
    assert size_for_resolution(QgsRectangle(0, 0, 1001, 500), 10) == (101, 50)
    with pytest.raises(ArcGisParameterError):
        size_for_resolution(QgsRectangle(0, 0, 10, 10), 0)


def test_query_has_every_option_of_the_seed():
    made = request(
        size=(640, 480),
        image_crs="EPSG:4326",
        format="tiff",
        pixel_type="F32",
        no_data="0",
        no_data_interpretation="esriNoDataMatchAll",
        interpolation="RSP_NearestNeighbor",
        compression_quality=80,
        band_ids=[3, 2, 1],
        mosaic_method="esriMosaicCenter",
        rendering_rule={"rasterFunction": "NDVI"},
        time=(1000, 2000),
    )
    query = made.query()
    assert query["bbox"] == "0,0,10,10" and query["bboxSR"] == "3857" and query["imageSR"] == "4326"
    assert query["size"] == "640,480" and query["format"] == "tiff" and query["pixelType"] == "F32"
    assert query["noData"] == "0" and query["noDataInterpretation"] == "esriNoDataMatchAll"
    assert query["interpolation"] == "RSP_NearestNeighbor" and query["compressionQuality"] == "80"
    assert query["bandIds"] == "3,2,1" and query["time"] == "1000,2000"
    assert json.loads(query["mosaicRule"]) == {"mosaicMethod": "esriMosaicCenter"}
    assert json.loads(query["renderingRule"]) == {"rasterFunction": "NDVI"}
    validate(made, INFO)  # all of it is allowed


def test_multidimensional_variable_and_slice_make_the_mosaic_rule():
    made = request(variable="temperature", slice_time=1705276800000)
    assert made.effective_mosaic_rule() == {
        "multidimensionalDefinition": [
            {"variableName": "temperature", "dimensionName": "StdTime", "values": [1705276800000], "isSlice": True}
        ]
    }


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"band_ids": [4]}, "Imagery has 4 band(s): band id 4 does not exist"),
        ({"rendering_rule": {"rasterFunction": "Hillshade"}}, "Imagery has no raster function Hillshade"),
        ({"mosaic_method": "esriMosaicSeamline"}, "Imagery does not allow the mosaic method Seamline"),
        ({"variable": "temperature"}, "Imagery has no multidimensional variable temperature"),
        ({"format": "jpg", "pixel_type": "F32"}, "export as tiff to get F32 values"),
        ({"pixel_type": "F16"}, "F16 is not a pixel type"),
        ({"compression_quality": 101}, "from 0 to 100"),
        ({"no_data": "zero"}, "noData must be a number"),
        ({"no_data": "0,0", "band_ids": [3, 2, 1]}, "one per exported band (3)"),
        ({"size": (0, 10)}, "between 1 and"),
        ({"extent": (5, 5, 5, 6)}, "The extent to export is empty."),
        ({"format": "pdf"}, "The format pdf is not one exportImage offers."),
    ],
)
def test_what_the_service_cannot_do_is_refused_in_a_sentence(changes, sentence):
    with pytest.raises(ArcGisParameterError) as refused:
        validate(request(**changes), INFO)
    assert sentence in str(refused.value)
    assert str(refused.value).endswith(".")


def test_time_on_a_service_without_time_is_refused():
    info = parse_service_info({"name": "Elevation", "bandCount": 1, "spatialReference": {"wkid": 4326}}, "ImageServer")
    with pytest.raises(ArcGisParameterError, match="not time-aware"):
        validate(request(time=(1, 2)), info)


def test_json_round_trip_name_and_metadata():
    made = request(band_ids=[3, 2, 1], rendering_rule={"rasterFunction": "NDVI"}, time=(1000, 1000), live=True)
    again = ExportRequest.from_json(made.to_json())
    assert again == made
    assert made.layer_name() == "Imagery (400×400 · NDVI · bands 3,2,1 · time 1970-01-01 · live)"
    recorded = metadata_parameters(made)
    assert recorded["service"] == URL and recorded["parameters"]["bandIds"] == "3,2,1"
    assert "token" not in json.dumps(recorded).lower()
