"""Live overlays: one exportImage per settled view and none while the map moves (the server's request log), the
previous view's request cancelled, the last good image kept meanwhile, old files removed, real values and styling
kept, and the live link surviving a saved and reopened project."""

from __future__ import annotations

from osgeo import gdal
from qgis.core import QgsProject, QgsRasterLayer, QgsRectangle, QgsSingleBandPseudoColorRenderer

from arcgis_identify.app.overlays import is_live, overlay_path
from arcgis_identify.app.service_targets import ServiceTarget

from .helpers_export import WAIT_MS, export, image_target, open_dialog

VIEWS = [QgsRectangle(-84.38 + i * 0.01, 36.47 + i * 0.005, -84.18 + i * 0.01, 36.62 + i * 0.005) for i in range(6)]


def live_layer(qtbot, plugin, target: ServiceTarget) -> QgsRasterLayer:
    dialog = open_dialog(qtbot, plugin, target)
    dialog.live.setChecked(True)
    layer = export(qtbot, dialog)
    assert layer is not None and is_live(layer), dialog.status.text()
    dialog.close()
    return layer


def exports(log) -> list[dict]:
    return log.entries("/exportImage")


def test_one_request_per_settled_view_and_none_while_moving(
    qtbot, export_plugin, sized_canvas, services_url, server_log
):
    layer = live_layer(qtbot, export_plugin, image_target(services_url, "Elevation"))
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1)
    layer.setRenderer(renderer)  # the user's styling
    first_file = overlay_path(layer)
    server_log.clear()
    live = export_plugin.export.live_overlays
    with qtbot.waitSignal(live.updated, timeout=WAIT_MS):
        for view in VIEWS:  # the map moves: each change comes before the previous one settled
            sized_canvas.setExtent(view)
            qtbot.wait(live.timer.interval() // 4)
            assert exports(server_log) == []
    (entry,) = exports(server_log)
    settled = sized_canvas.mapSettings().visibleExtent()
    bbox = [float(v) for v in entry["params"]["bbox"].split(",")]
    assert QgsRectangle(*bbox).toString(6) == settled.toString(6)
    assert layer.extent().toString(6) == settled.toString(6)
    # Nothing more while the view stays as it is.
    qtbot.wait(live.timer.interval() * 3)
    assert len(exports(server_log)) == 1
    assert not first_file.exists() and overlay_path(layer).exists()  # the replaced file is removed
    assert isinstance(layer.renderer(), QgsSingleBandPseudoColorRenderer)  # styling kept
    dataset = gdal.Open(str(overlay_path(layer)))
    assert dataset.GetRasterBand(1).DataType == gdal.GDT_Float32  # real values, so identify and legends work
    assert dataset.GetRasterBand(1).GetNoDataValue() == -9999


def test_a_new_view_cancels_the_previous_request_and_the_last_image_stays(
    qtbot, export_plugin, sized_canvas, sample_server, server_log
):
    slow = ServiceTarget(
        url=f"{sample_server}/_fault/delay-1/arcgis/rest/services/Elevation/ImageServer",
        kind="ImageServer",
        label="Slow elevation",
    )
    layer = live_layer(qtbot, export_plugin, slow)
    shown = overlay_path(layer)
    live = export_plugin.export.live_overlays
    with qtbot.waitSignal(live.requested, timeout=WAIT_MS):
        sized_canvas.setExtent(VIEWS[1])
    (first_job,) = export_plugin.runner.jobs(f"live:{layer.id()}")
    # While the next image loads, the last good one stays on screen.
    assert overlay_path(layer) == shown and shown.exists()
    with qtbot.waitSignal(live.updated, timeout=WAIT_MS):
        sized_canvas.setExtent(VIEWS[4])
    assert first_job.cancelled
    assert layer.extent().toString(6) == sized_canvas.mapSettings().visibleExtent().toString(6)
    assert not shown.exists()
    # Only the current image is left in the folder (the cancelled view left nothing).
    assert sorted(p.name for p in overlay_path(layer).parent.glob("*.tif")) == [overlay_path(layer).name]


def test_live_survives_saving_and_reopening_the_project(
    qtbot, export_plugin, sized_canvas, services_url, server_log, tmp_path
):
    project = QgsProject.instance()
    path = tmp_path / "live.qgz"
    assert project.write(str(path))
    live_layer(qtbot, export_plugin, image_target(services_url, "Elevation"))
    assert project.write(str(path))
    project.clear()
    assert project.read(str(path))
    (layer,) = project.mapLayers().values()
    assert is_live(layer)
    server_log.clear()
    with qtbot.waitSignal(export_plugin.export.live_overlays.updated, timeout=WAIT_MS):
        sized_canvas.setExtent(VIEWS[3])
    assert len(exports(server_log)) == 1
    assert layer.extent().toString(6) == sized_canvas.mapSettings().visibleExtent().toString(6)
    # Stopped, it stays as it is.
    export_plugin.export.live_overlays.set_live(layer, False)
    server_log.clear()
    sized_canvas.setExtent(VIEWS[0])
    qtbot.wait(export_plugin.export.live_overlays.timer.interval() * 3)
    assert exports(server_log) == []
