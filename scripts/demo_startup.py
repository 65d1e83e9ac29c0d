"""Runs inside QGIS (qgis --code) for `make demo`.

It arms the Identify ArcGIS Services tool and clicks the map once, as a user would, so the results dock opens with
what every service says there, then opens the legend of the land-cover service in the legend dock, then exports the
Elevation service's image of the view with the Export Image dialog and opens the exported overlays dock, then shows a
country's derived measures, the catalog items as a table and the World layer's own identify settings. Headless,
it writes screenshots to demo-output/ and quits QGIS.
"""

import os
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsMessageLog,
    QgsPointXY,
    QgsProject,
)
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt, QTimer
from qgis.utils import iface, plugins

OUTPUT_DIR = Path(os.environ.get("ARCGIS_IDENTIFY_DEMO_OUTPUT", "demo-output"))
HEADLESS = os.environ.get("ARCGIS_IDENTIFY_DEMO_HEADLESS") == "1"
# A spot on the Jacksboro fault, Tennessee, covered by every demo service (WGS 84).
DEMO_POINT = QgsPointXY(-84.22, 36.60)


def _log(message: str) -> None:
    QgsMessageLog.logMessage(message, "ArcGIS Identify demo", Qgis.MessageLevel.Info)
    print(message, flush=True)


def _screenshot(widget, name: str) -> None:
    path = OUTPUT_DIR / name
    widget.grab().save(str(path))
    _log(f"demo: wrote {path}")


def _quit() -> None:
    if HEADLESS:
        # Layers go while QGIS's window still stands: removed during QApplication's exit, the change of the current
        # layer reaches QGIS's already deleted style dock (QGIS 3.22 crashes there).
        QgsProject.instance().setDirty(False)
        QTimer.singleShot(300, QgsProject.instance().removeAllMapLayers)
        QTimer.singleShot(800, QgsApplication.instance().quit)


def _click(point: QgsPointXY) -> None:
    """A real left click through the canvas's active map tool."""
    canvas = iface.mapCanvas()
    to_canvas = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"), canvas.mapSettings().destinationCrs(), QgsProject.instance()
    )
    pixel = canvas.getCoordinateTransform().transform(to_canvas.transform(point))
    position = QPoint(round(pixel.x()), round(pixel.y()))
    tool = canvas.mapTool()
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        event = QgsMapMouseEvent(
            canvas, kind, position, Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier
        )
        if kind == QEvent.Type.MouseButtonPress:
            tool.canvasPressEvent(event)
        else:
            tool.canvasReleaseEvent(event)


def _first_child_of_kind(model, kind: str):
    for service_row in range(model.rowCount()):
        service = model.index(service_row, 0)
        for row in range(model.rowCount(service)):
            group = model.index(row, 0, service)
            if model.rowCount(group) and model.node(model.index(0, 0, group)).kind == kind:
                return model.index(0, 0, group)
    return None


def _after_identify(plugin) -> None:
    dock = plugin.identify.dock
    iface.mainWindow().resizeDocks([dock], [560], Qt.Orientation.Horizontal)
    dock.fit_first_column()  # at the dock's new width
    # Select the first scene of the mosaic so its footprint is highlighted, as a user would (a click selects a
    # row without opening it, so every service stays in view).
    model = plugin.identify.model
    chosen = _first_child_of_kind(model, "catalog_item") or _first_child_of_kind(model, "feature")
    if chosen is not None:
        dock.tree.setCurrentIndex(chosen)
    QTimer.singleShot(2500, lambda: _finish(plugin))


def _finish(plugin) -> None:
    _screenshot(iface.mainWindow(), "qgis-main-window.png")
    _screenshot(plugin.identify.dock, "identify-results-dock.png")
    _show_legend(plugin)


def _show_legend(plugin) -> None:
    """The legend dock on the land-cover service, opened from the toolbar and picked as a user would."""
    dock = plugin.legend.dock
    state = {"done": False}

    def shown() -> None:
        if not state["done"]:
            state["done"] = True
            QTimer.singleShot(1000, lambda: _legend_screenshot(plugin))

    plugin.legend.action.trigger()
    dock.legendShown.connect(shown)
    combo = dock.service_combo
    index = next((i for i in range(combo.count()) if combo.itemText(i).startswith("Land cover")), -1)
    if index < 0 or index == combo.currentIndex():
        QTimer.singleShot(5000, shown)  # already shown, or nothing to pick: the screenshot says which
    else:
        combo.setCurrentIndex(index)
    QTimer.singleShot(60000, shown)  # never wait forever


def _legend_screenshot(plugin) -> None:
    dock = plugin.legend.dock
    plugin.identify.dock.hide()  # the legend takes the right-hand dock area for its screenshot
    iface.mainWindow().resizeDocks([dock], [440], Qt.Orientation.Horizontal)
    _check_layer_menu()
    QTimer.singleShot(1500, lambda: (_screenshot(dock, "legend-dock.png"), _export_elevation()))


def _check_layer_menu() -> None:
    """Says in the log whether the Layers panel's context menu of the current layer offers the legend."""
    view = iface.layerTreeView()
    menu = view.menuProvider().createContextMenu() if view.menuProvider() else None
    if menu is None:
        _log("demo: no Layers panel context menu")
        return
    entries = [action for action in menu.actions() if action.text() == "Show ArcGIS Legend"]
    layer = iface.activeLayer()
    state = "enabled" if entries and entries[0].isEnabled() else "disabled"
    _log(
        f"demo: the context menu of {layer.name() if layer else 'no layer'}: Show ArcGIS Legend {state}"
        if entries
        else "demo: the Layers panel's context menu has no Show ArcGIS Legend"
    )
    menu.deleteLater()


def _export_elevation() -> None:
    """Export Image on the Elevation service, as a user would from the layer's context menu, then the dock."""
    from arcgis_identify.app.service_targets import target_for_layer

    plugin = plugins.get("arcgis_identify")
    layers = QgsProject.instance().mapLayersByName("Elevation (ArcGIS ImageServer)")
    target = target_for_layer(layers[0]) if layers else None
    if plugin is None or target is None:
        _log("demo: no Elevation layer to export")
        _quit()
        return
    dialog = plugin.export.show_dialog(target)
    state = {"done": False}

    def exported(layer) -> None:
        if state["done"]:
            return
        state["done"] = True
        QTimer.singleShot(1500, lambda: _after_export(plugin, dialog, layer))

    def ready() -> None:
        dialog.width_spin.setValue(1600)
        dialog.height_spin.setValue(1000)
        dialog.export_button.click()

    dialog.infoLoaded.connect(ready)
    dialog.exportFinished.connect(exported)
    QTimer.singleShot(60000, lambda: exported(None))  # never wait forever


def _after_export(plugin, dialog, layer) -> None:
    _screenshot(dialog, "export-dialog.png")
    dock = plugin.export.dock
    dock.setUserVisible(True)
    iface.mainWindow().resizeDocks([dock], [620], Qt.Orientation.Horizontal)
    if layer is not None:
        dock.select_layer(layer)
    QTimer.singleShot(1500, lambda: _finish_overlays(dock))


def _finish_overlays(dock) -> None:
    _screenshot(dock, "overlays-dock.png")
    _show_measures_and_table(plugins.get("arcgis_identify"))


def _show_measures_and_table(plugin) -> None:
    """Back in the results: the country's derived measures (its exact geometry, measured on the project's
    ellipsoid), then the catalog items opened as a table, as a user would from the dock's toolbar."""
    plugin.export.dock.setUserVisible(False)
    plugin.identify.dock.setUserVisible(True)
    iface.mainWindow().resizeDocks([plugin.identify.dock], [560], Qt.Orientation.Horizontal)
    model, tree = plugin.identify.model, plugin.identify.dock.tree
    feature = _first_child_of_kind(model, "feature")
    if feature is None:
        _log("demo: no MapServer feature in the results")
        _show_service_options(plugin)
        return
    tree.collapseAll()
    tree.setCurrentIndex(feature)  # selecting a feature measures it (in the background)
    tree.expand(feature.parent().parent())
    tree.expand(feature.parent())
    tree.expand(feature)
    tree.expand(model.index(0, 0, feature))  # the "Derived" group, first under the feature
    tree.scrollTo(feature)
    QTimer.singleShot(3000, lambda: _measures_screenshot(plugin))


def _measures_screenshot(plugin) -> None:
    _screenshot(plugin.identify.dock, "identify-derived-measures.png")
    catalog_item = _first_child_of_kind(plugin.identify.model, "catalog_item")
    table = (
        plugin.identify.dock.open_table(plugin.identify.model.node(catalog_item.parent()))
        if catalog_item is not None
        else None
    )
    if table is None:
        _log("demo: no catalog items to open as a table")
        _show_service_options(plugin)
        return
    table.resize(1100, 320)
    QTimer.singleShot(
        1500, lambda: (_screenshot(table, "results-table.png"), table.close(), _show_service_options(plugin))
    )


def _show_service_options(plugin) -> None:
    """*ArcGIS Identify Settings for This Service…* of the World layer, as from the Layers panel's context menu."""
    layers = QgsProject.instance().mapLayersByName("World (ArcGIS MapServer)")
    dialog = plugin.layer_entries.show_service_options(layers[0]) if layers else None
    if dialog is None:
        _log("demo: no World layer for the service options")
        _quit()
        return
    state = {"done": False}

    def read(*_args) -> None:
        if not state["done"]:
            state["done"] = True
            QTimer.singleShot(800, lambda: (_screenshot(dialog, "service-options-dialog.png"), dialog.close(), _quit()))

    dialog.sublayersRead.connect(read)
    QTimer.singleShot(30000, read)  # never wait forever


def _identify() -> None:
    plugin = plugins.get("arcgis_identify")
    if plugin is None:
        _log("demo: the ArcGIS Identify plugin is not loaded")
        _screenshot(iface.mainWindow(), "qgis-main-window.png")
        _quit()
        return
    plugin.identify.identify_action.trigger()  # arm the tool like the toolbar button does
    state = {"done": False}

    def finished(*_args) -> None:
        if not state["done"]:
            state["done"] = True
            QTimer.singleShot(500, lambda: _after_identify(plugin))

    plugin.identify.controller.allFinished.connect(finished)
    plugin.identify.controller.noServices.connect(finished)
    _click(DEMO_POINT)
    QTimer.singleShot(60000, finished)  # never wait forever


def _start() -> None:
    window = iface.mainWindow()
    window.resize(1600, 1000)
    window.showMaximized()
    canvas = iface.mapCanvas()
    state = {"done": False}

    def rendered() -> None:
        if not state["done"]:
            state["done"] = True
            QTimer.singleShot(1000, _identify)

    canvas.mapCanvasRefreshed.connect(rendered)
    canvas.refreshAllLayers()
    QTimer.singleShot(60000, rendered)


QTimer.singleShot(2000, _start)
