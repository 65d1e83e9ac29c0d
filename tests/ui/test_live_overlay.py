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
    channel = f"live:{layer.id()}"
    settling = live.timer.interval() * 3 // 4
    with qtbot.waitSignal(live.updated, timeout=WAIT_MS):
        for view in VIEWS:  # the map moves: each change comes before the previous one settled, and restarts the wait
            sized_canvas.setExtent(view)
            assert live.timer.isActive() and live.timer.remainingTime() > settling
            assert export_plugin.runner.jobs(channel) == []
            if view is not VIEWS[-1]:
                qtbot.waitUntil(lambda: live.timer.remainingTime() < settling, timeout=WAIT_MS)
        assert exports(server_log) == []
    (entry,) = exports(server_log)
    settled = sized_canvas.mapSettings().visibleExtent()
    bbox = [float(v) for v in entry["params"]["bbox"].split(",")]
    assert QgsRectangle(*bbox).toString(6) == settled.toString(6)
    assert layer.extent().toString(6) == settled.toString(6)
    # Nothing more while the view stays as it is.
    assert not live.timer.isActive() and export_plugin.runner.jobs(channel) == []
    assert len(exports(server_log)) == 1
    assert not first_file.exists() and overlay_path(layer).exists()  # the replaced file is removed
    assert isinstance(layer.renderer(), QgsSingleBandPseudoColorRenderer)  # styling kept
    dataset = gdal.Open(str(overlay_path(layer)))
    assert dataset.GetRasterBand(1).DataType == gdal.GDT_Float32  # real values, so identify and legends work
    assert dataset.GetRasterBand(1).GetNoDataValue() == -9999


def test_a_refresh_of_the_same_view_sends_no_request(qtbot, export_plugin, sized_canvas, services_url, server_log):
    """The layer already shows the view: refreshing it (the settled-view timer, the project's live layers) asks the
    server nothing; a new view does."""
    layer = live_layer(qtbot, export_plugin, image_target(services_url, "Elevation"))
    live = export_plugin.export.live_overlays
    shown = overlay_path(layer)
    server_log.clear()
    requested: list[str] = []
    live.requested.connect(requested.append)
    assert live.refresh_layer(layer) is None
    live.refresh()  # what the timer does once the map settles
    live.view_changed()  # the canvas saying its extent changed without a change
    live.timer.timeout.emit()
    assert requested == [] and export_plugin.runner.jobs(f"live:{layer.id()}") == []
    assert exports(server_log) == [] and overlay_path(layer) == shown
    with qtbot.waitSignal(live.updated, timeout=WAIT_MS):
        sized_canvas.setExtent(VIEWS[2])
    assert requested == [layer.id()] and len(exports(server_log)) == 1


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
    # Stopped, it stays as it is: a new view starts no wait, and the settled-view refresh asks nothing for it.
    live = export_plugin.export.live_overlays
    live.set_live(layer, False)
    server_log.clear()
    sized_canvas.setExtent(VIEWS[0])
    assert not live.timer.isActive()
    live.refresh()
    assert export_plugin.runner.jobs(f"live:{layer.id()}") == []
    assert exports(server_log) == []
