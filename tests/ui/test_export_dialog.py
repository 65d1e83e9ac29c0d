"""Export Image through the dialog of the real plugin, against the sample server: the layers it makes hold what the
service holds (CRS, extent, pixel values, noData, band names), with every option reaching the server."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import requests
from osgeo import gdal
from qgis.core import (
    QgsApplication,
    QgsAuthMethodConfig,
    QgsDateTimeRange,
    QgsPointXY,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QDateTime, Qt

from arcgis_identify.app.overlays import PROP_EXPORT, is_overlay, overlay_path
from arcgis_identify.app.runner import JobState
from arcgis_identify.app.service_targets import PROP_SERVICE_URL, ServiceTarget, target_for_layer
from arcgis_identify.core.qgis_network import dispatcher

from .helpers_export import WAIT_MS, export, image_target, open_dialog

gdal.UseExceptions()
NODATA_BLOCK = QgsPointXY(-84.47, 36.76)  # the 30 x 24 noData pixels in the DEM's north-west corner


def rest(services_url: str, path: str, operation: str, **params) -> dict:
    params.setdefault("f", "json")
    return requests.get(f"{services_url}/{path}/{operation}", params=params, timeout=60).json()


def raster(layer_or_path) -> gdal.Dataset:
    path = overlay_path(layer_or_path) if isinstance(layer_or_path, QgsRasterLayer) else layer_or_path
    return gdal.Open(str(path))


def pixel_at(dataset: gdal.Dataset, x: float, y: float, band: int = 1) -> tuple[float, float, float]:
    """(value, x, y of the pixel's centre) of the pixel holding (x, y)."""
    gt = dataset.GetGeoTransform()
    column, row = int((x - gt[0]) / gt[1]), int((y - gt[3]) / gt[5])
    value = float(dataset.GetRasterBand(band).ReadAsArray(column, row, 1, 1)[0, 0])
    return value, gt[0] + (column + 0.5) * gt[1], gt[3] + (row + 0.5) * gt[5]


def test_dialog_takes_its_defaults_from_the_map(qtbot, export_plugin, sized_canvas, services_url):
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Elevation"))
    ratio = sized_canvas.devicePixelRatioF()
    request = dialog.request()
    size = sized_canvas.mapSettings().outputSize()
    assert request.size == (round(size.width() * ratio), round(size.height() * ratio))
    visible = sized_canvas.mapSettings().visibleExtent()
    assert request.extent == pytest.approx(
        (visible.xMinimum(), visible.yMinimum(), visible.xMaximum(), visible.yMaximum())
    )
    assert request.bbox_crs == request.image_crs == "EPSG:4326"
    assert request.format == "tiff" and request.time is None
    # What the service info offers: its raster functions and band names.
    functions = [dialog.rendering_rule.itemData(i) for i in range(dialog.rendering_rule.count())]
    assert {"Hillshade", "Stretch", "Elevation_Colorized"} <= set(functions)
    assert "Band_1" in dialog.band_names.text() or "0:" in dialog.band_names.text()


def test_export_adds_a_layer_with_the_services_crs_extent_and_values(qtbot, export_plugin, services_url, server_log):
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Elevation"))
    dialog.interpolation.setCurrentIndex(dialog.interpolation.findData("RSP_NearestNeighbor"))
    layer = export(qtbot, dialog)
    assert layer is not None, dialog.status.text()
    assert QgsProject.instance().mapLayer(layer.id()) is layer and is_overlay(layer)
    assert layer.crs().authid() == "EPSG:4326"
    (entry,) = server_log.entries("/exportImage")
    assert entry["params"]["format"] == "tiff" and entry["params"]["size"] == "{},{}".format(*dialog.request().size)
    # The extent is the one the server answered (square pixels), not just the one asked for.
    answered = rest(
        services_url,
        "Elevation/ImageServer",
        "exportImage",
        **{k: v for k, v in entry["params"].items() if k != "f"},
    )["extent"]
    extent = layer.extent()
    assert (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()) == pytest.approx(
        (answered["xmin"], answered["ymin"], answered["xmax"], answered["ymax"]), abs=1e-9
    )
    assert entry["params"]["interpolation"] == "RSP_NearestNeighbor"
    # Pixel values equal what identify says at known points (the centres of the exported pixels there).
    dataset = raster(layer)
    for x, y in ((-84.2, 36.5), (-84.3, 36.65), (-84.15, 36.6)):
        value, cx, cy = pixel_at(dataset, x, y)
        identified = rest(
            services_url,
            "Elevation/ImageServer",
            "identify",
            geometry=json.dumps({"x": cx, "y": cy, "spatialReference": {"wkid": 4326}}),
            geometryType="esriGeometryPoint",
            returnCatalogItems="false",
        )
        assert value == pytest.approx(float(identified["value"]), rel=1e-5)
    assert dataset.GetRasterBand(1).GetDescription() == "Band_1"
    assert dataset.GetRasterBand(1).GetNoDataValue() == -9999
    # The layer stays tied to its service: identify and the legend find it.
    target = target_for_layer(layer)
    assert target is not None and target.kind == "ImageServer" and target.url.endswith("/Elevation/ImageServer")
    metadata = layer.metadata()
    assert metadata.identifier() == f"{services_url}/Elevation/ImageServer"
    assert '"format": "tiff"' in metadata.abstract()
    assert "Added the layer" in dialog.status.text()


def test_a_tiled_export_equals_a_single_export_pixel_for_pixel(
    qtbot, export_plugin, services_url, tmp_path, server_log
):
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Elevation"))
    dialog.width_spin.setValue(2400)  # beyond the service's 2000 px: two tiles side by side
    dialog.height_spin.setValue(1200)
    dialog.interpolation.setCurrentIndex(dialog.interpolation.findData("RSP_NearestNeighbor"))
    layer = export(qtbot, dialog)
    assert layer is not None, dialog.status.text()
    assert len(server_log.entries("/exportImage")) == 2
    mosaic = raster(layer)
    assert (mosaic.RasterXSize, mosaic.RasterYSize) == (2400, 1200)
    gt = mosaic.GetGeoTransform()
    # One export across the seam between the two tiles (columns 600-1800), on the same pixel grid.
    bbox = (gt[0] + 600 * gt[1], gt[3] + 1200 * gt[5], gt[0] + 1800 * gt[1], gt[3])
    reply = requests.get(
        f"{services_url}/Elevation/ImageServer/exportImage",
        params={
            "bbox": ",".join(repr(v) for v in bbox),
            "bboxSR": 4326,
            "imageSR": 4326,
            "size": "1200,1200",
            "format": "tiff",
            "interpolation": "RSP_NearestNeighbor",
            "f": "image",
        },
        timeout=60,
    )
    reply.raise_for_status()
    (tmp_path / "single.tif").write_bytes(reply.content)
    single = gdal.Open(str(tmp_path / "single.tif"))
    assert single.GetGeoTransform() == pytest.approx(
        (*mosaic.GetGeoTransform()[:0], bbox[0], gt[1], 0, bbox[3], 0, gt[5])
    )
    np.testing.assert_array_equal(mosaic.ReadAsArray(600, 0, 1200, 1200), single.ReadAsArray())


def test_png_and_jpg_exports_are_georeferenced(qtbot, export_plugin, services_url):
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Elevation"))
    tiff = export(qtbot, dialog)
    for image_format in ("png", "jpg"):
        dialog.format.setCurrentIndex(dialog.format.findData(image_format))
        layer = export(qtbot, dialog)
        assert layer is not None, dialog.status.text()
        assert layer.crs().authid() == "EPSG:4326"
        assert layer.extent().toString(9) == tiff.extent().toString(9)
        assert raster(layer).GetDriver().ShortName == "GTiff"
        assert json.loads(layer.customProperty(PROP_EXPORT))["format"] == image_format


def test_nodata_is_honoured(qtbot, export_plugin, sized_canvas, services_url, server_log):
    # A view over the DEM's north-west corner, where the service has its noData block.
    sized_canvas.setExtent(QgsRectangle(-84.50, 36.70, -84.40, 36.78))
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Elevation"))
    dialog.interpolation.setCurrentIndex(dialog.interpolation.findData("RSP_NearestNeighbor"))
    layer = export(qtbot, dialog)
    dataset = raster(layer)
    assert dataset.GetRasterBand(1).GetNoDataValue() == -9999
    value, _, _ = pixel_at(dataset, NODATA_BLOCK.x(), NODATA_BLOCK.y())
    assert value == -9999
    assert not layer.dataProvider().sample(NODATA_BLOCK, 1)[1]  # QGIS reads it as no data
    # A noData value of one's own choice reaches the server and the GeoTIFF.
    dialog.no_data.setText("-32768")
    dialog.pixel_type.setCurrentIndex(dialog.pixel_type.findData("S16"))
    layer = export(qtbot, dialog)
    entry = server_log.entries("/exportImage")[-1]
    assert entry["params"]["noData"] == "-32768" and entry["params"]["pixelType"] == "S16"
    dataset = raster(layer)
    assert dataset.GetRasterBand(1).DataType == gdal.GDT_Int16
    assert dataset.GetRasterBand(1).GetNoDataValue() == -32768
    assert pixel_at(dataset, NODATA_BLOCK.x(), NODATA_BLOCK.y())[0] == -32768


def test_rendering_rule_and_band_ids_change_the_pixels(qtbot, export_plugin, sized_canvas, services_url, server_log):
    sized_canvas.setExtent(QgsRectangle(-84.35, 36.50, -84.15, 36.65))
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Imagery"))
    raw = raster(export(qtbot, dialog))
    assert raw.RasterCount == 4
    assert [raw.GetRasterBand(i + 1).GetDescription() for i in range(4)] == dialog.info.band_names
    dialog.band_ids.setText("3,2,1")
    swapped_layer = export(qtbot, dialog)
    swapped = raster(swapped_layer)
    assert swapped.RasterCount == 3
    assert server_log.entries("/exportImage")[-1]["params"]["bandIds"] == "3,2,1"
    np.testing.assert_array_equal(swapped.GetRasterBand(1).ReadAsArray(), raw.GetRasterBand(4).ReadAsArray())
    assert swapped.GetRasterBand(1).GetDescription() == dialog.info.band_names[3]
    assert "bands 3,2,1" in swapped_layer.name()
    dialog.band_ids.setText("")
    dialog.rendering_rule.setCurrentIndex(dialog.rendering_rule.findData("NDVI"))
    ndvi_layer = export(qtbot, dialog)
    ndvi = raster(ndvi_layer)
    assert json.loads(server_log.entries("/exportImage")[-1]["params"]["renderingRule"]) == {"rasterFunction": "NDVI"}
    assert ndvi.RasterCount == 1 and ndvi.GetRasterBand(1).DataType == gdal.GDT_Float32
    values = ndvi.ReadAsArray()
    assert np.nanmax(values) <= 1.0 and np.nanmin(values) >= -1.0
    assert json.loads(ndvi_layer.customProperty("arcgis_identify/rendering_rule")) == {"rasterFunction": "NDVI"}


def test_time_reaches_the_server(qtbot, export_plugin, sized_canvas, services_url, server_log):
    start, end = (
        QDateTime.fromString("2020-01-01T00:00:00Z", Qt.DateFormat.ISODate),
        QDateTime.fromString("2020-12-31T00:00:00Z", Qt.DateFormat.ISODate),
    )
    sized_canvas.setTemporalRange(QgsDateTimeRange(start, end))  # the temporal controller shows 2020
    sized_canvas.setExtent(QgsRectangle(-84.35, 36.50, -84.15, 36.65))
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Imagery"))
    assert dialog.time_check.isChecked()
    layer = export(qtbot, dialog)
    assert layer is not None, dialog.status.text()
    entry = server_log.entries("/exportImage")[-1]
    assert entry["params"]["time"] == f"{start.toMSecsSinceEpoch()},{end.toMSecsSinceEpoch()}"
    # Elevation is not time-aware: the dialog turns time off rather than sending it.
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Elevation"))
    assert not dialog.time_check.isChecked() and not dialog.time_check.isEnabled()


def test_refusals_are_sentences_and_send_nothing(qtbot, export_plugin, services_url, server_log):
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Elevation"))
    server_log.clear()
    dialog.band_ids.setText("4")
    assert dialog.export() is None
    assert "1 band(s)" in dialog.status.text() and "band id 4" in dialog.status.text()
    dialog.band_ids.setText("")
    dialog.format.setCurrentIndex(dialog.format.findData("jpg"))
    dialog.pixel_type.setCurrentIndex(dialog.pixel_type.findData("F32"))
    assert dialog.export() is None
    assert "export as tiff" in dialog.status.text()
    assert server_log.entries("/exportImage") == []


def test_project_saved_and_reopened_keeps_the_layer_and_its_service(
    qtbot, export_plugin, qgis_new_project, services_url, tmp_path
):
    project = QgsProject.instance()
    project_path = tmp_path / "work" / "demo.qgz"
    project_path.parent.mkdir()
    assert project.write(str(project_path))
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Elevation"))
    layer = export(qtbot, dialog)
    # Beside the saved project, in a folder named after it.
    assert overlay_path(layer).parent == project_path.parent / "demo_arcgis_exports"
    assert project.write(str(project_path))
    # The project folder copied elsewhere (another machine) still finds its raster: relative paths.
    copy = tmp_path / "elsewhere"
    shutil.copytree(project_path.parent, copy)
    shutil.rmtree(project_path.parent)
    project.clear()
    assert project.read(str(copy / "demo.qgz"))
    (reopened,) = project.mapLayers().values()
    assert reopened.isValid() and is_overlay(reopened)
    assert overlay_path(reopened).parent == copy / "demo_arcgis_exports"
    assert reopened.customProperty(PROP_SERVICE_URL) == f"{services_url}/Elevation/ImageServer"
    assert target_for_layer(reopened).url == f"{services_url}/Elevation/ImageServer"


@pytest.fixture()
def basic_authcfg():
    manager = QgsApplication.authManager()
    manager.setPasswordHelperEnabled(False)
    assert manager.setMasterPassword("arcgis-identify-tests", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("sample server analyst (export)")
    config.setConfig("username", "analyst")
    config.setConfig("password", "analyst-pass-2026")
    assert manager.storeAuthenticationConfig(config)[0]
    yield config.id()
    manager.removeAuthenticationConfig(config.id())


def test_no_token_or_password_anywhere(qtbot, export_plugin, services_url, basic_authcfg, tmp_path, server_log):
    project = QgsProject.instance()
    project_path = tmp_path / "secure.qgs"  # plain XML, to read it whole
    assert project.write(str(project_path))
    target = image_target(services_url, "Secure/Elevation", authcfg=basic_authcfg)
    dialog = open_dialog(qtbot, export_plugin, target)
    layer = export(qtbot, dialog)
    assert layer is not None, dialog.status.text()
    assert project.write(str(project_path))
    tokens = [issued.token for issued in export_plugin.session.tokens._tokens.values()]
    assert tokens and all(len(t) > 8 for t in tokens)
    entries = [e for e in server_log.entries("") if "/Secure/" in e["path"]]
    assert entries and not any(e["token_in_url"] for e in entries)
    dataset = raster(layer)
    texts = {
        "layer source": layer.source(),
        "metadata": layer.metadata().abstract() + layer.metadata().identifier(),
        "custom properties": json.dumps({k: str(layer.customProperty(k)) for k in layer.customPropertyKeys()}),
        "project": project_path.read_text(encoding="utf-8"),
        "geotiff metadata": json.dumps(dataset.GetMetadata()) + json.dumps(dataset.GetRasterBand(1).GetMetadata()),
    }
    geotiff_bytes = overlay_path(layer).read_bytes()
    for token in tokens:
        for where, text in texts.items():
            assert token not in text, where
        assert token.encode() not in geotiff_bytes
    for where, text in texts.items():
        assert "analyst-pass-2026" not in text, where
        assert "token=" not in text.lower(), where
    assert layer.customProperty("arcgis_identify/authcfg") == basic_authcfg  # only the configuration's id


def test_a_cancelled_export_leaves_no_file_and_no_layer(qtbot, export_plugin, sample_server, tmp_path):
    # Every request of this service is slow, so the export is still running when it is cancelled.
    slow = ServiceTarget(
        url=f"{sample_server}/_fault/delay-5/arcgis/rest/services/Elevation/ImageServer",
        kind="ImageServer",
        label="Slow elevation",
    )
    dialog = open_dialog(qtbot, export_plugin, slow)
    dialog.width_spin.setValue(2400)  # tiled: several requests
    target = tmp_path / "mine" / "cancelled.tif"
    dialog.output.setFilePath(str(target))
    layers_before = set(QgsProject.instance().mapLayers())
    with qtbot.waitSignal(dialog.exportFinished, timeout=WAIT_MS) as blocker:
        job = dialog.export()
        assert job is not None
        qtbot.waitUntil(lambda: job.state is JobState.RUNNING, timeout=WAIT_MS)
        # The tiles' requests are on their way (each takes 5 s): QGIS's network holds them.
        qtbot.waitUntil(lambda: dispatcher().active() >= 2, timeout=WAIT_MS)
        assert dialog.cancel_button.isEnabled(), dialog.status.text()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [None]
    assert "cancelled" in dialog.status.text()
    assert set(QgsProject.instance().mapLayers()) == layers_before
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # no temporary tile folder either


def test_mosaic_method_variable_and_slice_reach_the_server(
    qtbot, export_plugin, sized_canvas, services_url, server_log
):
    sized_canvas.setExtent(QgsRectangle(-90, 30, -80, 37))
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Climate"))
    variables = [dialog.variable.itemData(i) for i in range(dialog.variable.count())]
    assert {"temperature", "precipitation"} <= set(variables)
    dialog.variable.setCurrentIndex(dialog.variable.findData("temperature"))
    slices = [dialog.slice.itemData(i) for i in range(1, dialog.slice.count())]
    assert len(slices) == 3
    pixels = []
    for value in (slices[0], slices[2]):
        dialog.slice.setCurrentIndex(dialog.slice.findData(value))
        layer = export(qtbot, dialog)
        assert layer is not None, dialog.status.text()
        rule = json.loads(server_log.entries("/exportImage")[-1]["params"]["mosaicRule"])
        assert rule["multidimensionalDefinition"] == [
            {"variableName": "temperature", "dimensionName": "StdTime", "values": [value], "isSlice": True}
        ]
        pixels.append(raster(layer).ReadAsArray())
    assert not np.array_equal(pixels[0], pixels[1])  # January and July differ
    # Mosaic methods the service allows, by their rule names.
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Imagery"))
    methods = [dialog.mosaic_method.itemData(i) for i in range(dialog.mosaic_method.count())]
    assert "esriMosaicCenter" in methods and "esriMosaicLockRaster" not in methods
    dialog.mosaic_method.setCurrentIndex(dialog.mosaic_method.findData("esriMosaicNorthwest"))
    assert export(qtbot, dialog) is not None, dialog.status.text()
    rule = json.loads(server_log.entries("/exportImage")[-1]["params"]["mosaicRule"])
    assert rule == {"mosaicMethod": "esriMosaicNorthwest"}


def test_size_from_a_resolution_in_map_units(qtbot, export_plugin, services_url, server_log):
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Elevation"))
    dialog.size_mode.setCurrentIndex(dialog.size_mode.findData("resolution"))
    assert not dialog.width_spin.isEnabled() and dialog.resolution.isEnabled()
    dialog.resolution.setValue(0.001)  # about the DEM's own 3 arc-seconds
    extent = dialog.extent.outputExtent()
    expected = (int(np.ceil(extent.width() / 0.001)), int(np.ceil(extent.height() / 0.001)))
    assert (dialog.width_spin.value(), dialog.height_spin.value()) == expected
    layer = export(qtbot, dialog)
    assert server_log.entries("/exportImage")[-1]["params"]["size"] == "{},{}".format(*expected)
    assert layer.rasterUnitsPerPixelX() == pytest.approx(0.001, rel=0.01)


def test_identify_works_on_the_exported_layer(qtbot, export_plugin, sized_canvas, canvas_driver, services_url):
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Elevation"))
    dialog.interpolation.setCurrentIndex(dialog.interpolation.findData("RSP_NearestNeighbor"))
    layer = export(qtbot, dialog)
    sized_canvas.setLayers([layer])
    value, x, y = pixel_at(raster(layer), -84.25, 36.6)
    export_plugin.identify.identify_action.trigger()
    with qtbot.waitSignal(export_plugin.identify.controller.allFinished, timeout=WAIT_MS):
        canvas_driver.click(sized_canvas, export_plugin.identify.map_tool, QgsPointXY(x, y))
    model = export_plugin.identify.model
    labels = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert layer.name() in labels  # the overlay is identified as its service
    service = model.index(labels.index(layer.name()), 0)
    pixel = model.index(0, 0, service)
    assert pixel.data() == "Pixel"
    assert float(pixel.siblingAtColumn(1).data()) == pytest.approx(value, rel=1e-5)


def test_arcgis_values_are_offered_in_words_and_sent_as_codes(qtbot, export_plugin, services_url):
    from qgis.PyQt.QtCore import Qt

    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Imagery"))

    def offered(combo) -> dict:
        return {combo.itemData(i): combo.itemText(i) for i in range(combo.count()) if combo.itemData(i)}

    assert offered(dialog.interpolation)["RSP_NearestNeighbor"] == "Nearest neighbour"
    assert offered(dialog.no_data_interpretation)["esriNoDataMatchAll"] == "NoData where every band matches"
    assert offered(dialog.pixel_type)["U16"] == "16-bit unsigned integer (U16)"
    assert offered(dialog.mosaic_method)["esriMosaicCenter"] == "Closest to the centre first"
    assert dialog.pixel_type.itemText(0) == "The service's own (16-bit unsigned integer (U16))"
    index = dialog.interpolation.findData("RSP_NearestNeighbor")
    assert dialog.interpolation.itemData(index, Qt.ItemDataRole.ToolTipRole) == "RSP_NearestNeighbor"
    for combo, code in (
        (dialog.interpolation, "RSP_NearestNeighbor"),
        (dialog.no_data_interpretation, "esriNoDataMatchAll"),
        (dialog.pixel_type, "U16"),
        (dialog.mosaic_method, "esriMosaicCenter"),
    ):
        combo.setCurrentIndex(combo.findData(code))
    request = dialog.request()
    assert (request.interpolation, request.no_data_interpretation, request.pixel_type, request.mosaic_method) == (
        "RSP_NearestNeighbor",
        "esriNoDataMatchAll",
        "U16",
        "esriMosaicCenter",
    )
