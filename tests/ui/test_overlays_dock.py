"""The exported overlays dock of the real plugin: it lists every overlay with what it is, and its actions act."""

from __future__ import annotations

from qgis.core import QgsMapLayerType, QgsProject, QgsRectangle
from qgis.gui import QgsDockWidget

from arcgis_identify.app.overlays import is_live, overlay_path, overlay_request
from arcgis_identify.app.service_targets import ServiceTarget
from arcgis_identify.ui.overlays_dock import COLUMNS

from .helpers_export import WAIT_MS, export, image_target, open_dialog


def exported(qtbot, plugin, services_url, name="Elevation", **widgets):
    dialog = open_dialog(qtbot, plugin, image_target(services_url, name))
    for attribute, text in widgets.items():
        getattr(dialog, attribute).setText(text)
    layer = export(qtbot, dialog)
    assert layer is not None, dialog.status.text()
    return dialog, layer


def row(dock, layer) -> dict[str, str]:
    for index in range(dock.tree.topLevelItemCount()):
        item = dock.tree.topLevelItem(index)
        if dock.tree.topLevelItem(index).data(0, 0x0101) == layer.id():
            return {column: item.text(i) for i, column in enumerate(COLUMNS)}
    raise AssertionError(f"{layer.name()} is not listed")


def test_the_dock_lists_every_overlay_with_what_it_is(qtbot, export_plugin, plugin_iface, services_url):
    dock = export_plugin.export.dock
    assert isinstance(dock, QgsDockWidget) and dock.objectName() == "ArcGisOverlaysDock"
    assert dock in plugin_iface.plugin_docks
    _, layer = exported(qtbot, export_plugin, services_url)
    _, bands = exported(qtbot, export_plugin, services_url, "Imagery", band_ids="3,2,1")
    assert dock.tree.topLevelItemCount() == 2
    listed = row(dock, layer)
    assert listed["Overlay"] == "Elevation"
    assert listed["Options"] == overlay_request(layer).describe() and "×" in listed["Options"]
    assert listed["On disk"].endswith("KiB") or listed["On disk"].endswith("MiB")
    assert listed["Pixel size"] == f"{layer.rasterUnitsPerPixelX():.4g}"  # square pixels: one number
    assert listed["Exported"][:2] == "20" and listed["Live"] == ""
    assert "bands 3,2,1" in row(dock, bands)["Options"]


def test_zoom_opacity_live_and_legend(qtbot, export_plugin, sized_canvas, services_url):
    dock = export_plugin.export.dock
    _, layer = exported(qtbot, export_plugin, services_url)
    dock.select_layer(layer)
    sized_canvas.setExtent(QgsRectangle(-90, 30, -80, 40))
    dock.action_zoom.trigger()
    assert sized_canvas.extent().contains(layer.extent())
    assert sized_canvas.extent().width() < 1.0
    dock.opacity.setOpacity(0.4)
    assert layer.opacity() == 0.4
    with qtbot.waitSignal(dock.legendRequested) as legend:
        dock.action_legend.trigger()
    (target,) = legend.args
    assert isinstance(target, ServiceTarget) and target.url == f"{services_url}/Elevation/ImageServer"
    dock.action_live.trigger()
    assert is_live(layer) and row(dock, layer)["Live"] == "live"
    dock.select_layer(layer)
    dock.action_live.trigger()
    assert not is_live(layer)


def test_reexport_at_the_current_view_replaces_the_image_and_its_file(qtbot, export_plugin, sized_canvas, services_url):
    dock = export_plugin.export.dock
    _, layer = exported(qtbot, export_plugin, services_url)
    old_file = overlay_path(layer)
    sized_canvas.setExtent(QgsRectangle(-84.30, 36.55, -84.20, 36.62))
    dock.select_layer(layer)
    job = dock.reexport_here()
    qtbot.waitUntil(lambda: overlay_path(layer) != old_file, timeout=WAIT_MS)
    assert job is not None
    assert not old_file.exists()  # the plugin's own file is deleted once replaced
    assert overlay_path(layer).exists()
    assert list(QgsProject.instance().mapLayers().values()) == [layer]
    visible = sized_canvas.mapSettings().visibleExtent()
    assert layer.extent().toString(6) == visible.toString(6)  # the view the map shows now


def test_reexport_with_changed_options_opens_the_dialog_prefilled(qtbot, export_plugin, services_url):
    dock = export_plugin.export.dock
    _, layer = exported(qtbot, export_plugin, services_url, "Imagery", band_ids="3,2,1")
    dock.select_layer(layer)
    dock.action_edit.trigger()
    dialog = export_plugin.export.dialog
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=WAIT_MS)
    assert dialog.band_ids.text() == "3,2,1" and dialog.replace_layer is layer
    dialog.band_ids.setText("0")
    with qtbot.waitSignal(dialog.exportFinished, timeout=WAIT_MS) as blocker:
        dialog.export_button.click()
    assert blocker.args[0] is layer and layer.bandCount() == 1
    assert overlay_request(layer).band_ids == [0]
    assert len(QgsProject.instance().mapLayers()) == 1


def test_remove_deletes_the_plugins_files_never_the_users(qtbot, export_plugin, services_url, tmp_path):
    dock = export_plugin.export.dock
    _, owned = exported(qtbot, export_plugin, services_url)
    dialog = open_dialog(qtbot, export_plugin, image_target(services_url, "Elevation"))
    mine = tmp_path / "my maps" / "my_dem.tif"
    dialog.output.setFilePath(str(mine))
    users = export(qtbot, dialog)
    assert overlay_path(users) == mine and mine.exists()
    owned_file = overlay_path(owned)
    for layer in (owned, users):
        dock.select_layer(layer)
        dock.action_remove.trigger()
    assert QgsProject.instance().mapLayers() == {}
    assert not owned_file.exists()
    assert mine.exists()
    assert dock.tree.topLevelItemCount() == 0


def test_entry_points_to_the_dialog(qtbot, export_plugin, plugin_iface, services_url):
    # The Layers panel's context menu of raster layers, enabled for ImageServer layers only.
    action = export_plugin.export.layer_action
    ((_menu, layer_type, all_layers),) = plugin_iface.layer_actions[action]
    assert layer_type == QgsMapLayerType.RasterLayer and all_layers
    _, layer = exported(qtbot, export_plugin, services_url)
    export_plugin.shell.layer_actions.current_layer_changed(layer)
    assert action.isEnabled()
    export_plugin.shell.layer_actions.current_layer_changed(None)
    assert not action.isEnabled()
    # The plugin's menu, and the dock's own button.
    menu_texts = [a.text() for a in plugin_iface.web_menus["&ArcGIS Identify"]]
    assert "Export ArcGIS Image…" in menu_texts
    dock = export_plugin.export.dock
    dock.select_layer(layer)
    with qtbot.waitSignal(dock.exportRequested) as requested:
        dock.action_export.trigger()
    assert requested.args[0].url == f"{services_url}/Elevation/ImageServer"
    # An ImageServer service node of the identify results.
    from arcgis_identify.ui.results_model import SERVICE, Node

    results = export_plugin.identify.dock
    results.model.add_top(Node(SERVICE, "Elevation", None, payload=image_target(services_url, "Elevation")))
    results.tree.setCurrentIndex(results.model.index(0, 0))
    with qtbot.waitSignal(results.exportRequested) as from_results:
        results.action_export_image.trigger()
    assert from_results.args[0].kind == "ImageServer"
    export_plugin.unload()
    assert plugin_iface.layer_actions == {}
    export_plugin.initGui()  # the fixture unloads it again


def test_the_plugins_folder_keeps_only_what_a_project_uses(qtbot, export_plugin, services_url, tmp_path):
    from arcgis_identify.app import overlays

    project = QgsProject.instance()
    folder = overlays.plugin_exports_folder()
    _, saved = exported(qtbot, export_plugin, services_url)  # an unsaved project: the plugin's folder
    saved_file = overlay_path(saved)
    assert saved_file.parent == folder
    assert project.write(str(tmp_path / "saved.qgs"))  # a saved project uses it from now on
    project.clear()
    _, unsaved = exported(qtbot, export_plugin, services_url)
    unsaved_file = overlay_path(unsaved)
    orphan = folder / "left_over_20250101-000000_abcdef.tif"
    orphan.write_bytes(b"II*\x00")
    export_plugin.unload()  # QGIS exits, or the plugin is reloaded
    assert saved_file.exists() and unsaved_file.exists()  # the saved project's, and the open project's
    assert not orphan.exists()
    export_plugin.initGui()
    project.clear()  # the unsaved project was closed without saving
    export_plugin.unload()
    assert not unsaved_file.exists()
    assert saved_file.exists()
    export_plugin.initGui()  # the fixture unloads it again
