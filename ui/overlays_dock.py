"""The exported overlays dock: every overlay of the project, what it is, and what can be done with it."""

from __future__ import annotations

import contextlib
from datetime import datetime

from qgis.core import Qgis, QgsProject, QgsRasterLayer
from qgis.gui import QgsMapCanvas, QgsOpacityWidget
from qgis.PyQt.QtCore import QCoreApplication, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ..app.export_request import follow_map
from ..app.live_overlays import LiveOverlays
from ..app.overlays import (
    PROP_EXPORTED_AT,
    ExportOutcome,
    OverlayExporter,
    is_live,
    overlay_path,
    overlay_request,
    owns_file,
    project_overlays,
    remove_overlay,
)
from ..app.runner import Job
from .icons import theme_icon
from .plugin_dock import PluginDock

DOCK_OBJECT_NAME = "ArcGisOverlaysDock"
LAYER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Overlay", "Live", "Options", "On disk", "Pixel size", "Exported")


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisOverlaysDock", text)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def pixel_size_text(layer: QgsRasterLayer) -> str:
    """The pixel size in map units: one number for square pixels, "x × y" otherwise."""
    if not layer.isValid():
        return ""
    x, y = layer.rasterUnitsPerPixelX(), layer.rasterUnitsPerPixelY()
    if abs(x - y) <= 1e-9 * max(abs(x), abs(y)):
        return f"{x:.4g}"
    return f"{x:.4g} × {y:.4g}"


class OverlaysDock(PluginDock):
    exportRequested = pyqtSignal(object)  # ServiceTarget of the selected overlay, or None
    editRequested = pyqtSignal(object)  # the layer: re-export with changed options (the dialog, pre-filled)
    legendRequested = pyqtSignal(object)  # ServiceTarget

    def __init__(
        self,
        canvas: QgsMapCanvas,
        exporter: OverlayExporter,
        live: LiveOverlays,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            tr("ArcGIS Exported Overlays"),
            DOCK_OBJECT_NAME,
            parent,
            status=tr("Export an ImageServer's image to see it here."),
            status_name="ArcGisOverlaysStatus",
        )
        self.canvas = canvas
        self.exporter = exporter
        self.live = live
        self.tree = QTreeWidget(self.body)
        self.tree.setObjectName("ArcGisOverlaysTree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(
            [tr("Overlay"), tr("Live"), tr("Options"), tr("On disk"), tr("Pixel size"), tr("Exported")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.content.addWidget(self.tree)
        opacity_row = QHBoxLayout()
        opacity_row.addWidget(QLabel(tr("Opacity")))
        self.opacity = QgsOpacityWidget(self.body)
        self.opacity.setEnabled(False)
        opacity_row.addWidget(self.opacity)
        self.content.addLayout(opacity_row)
        self.setMinimumWidth(320)
        self._make_actions()
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemDoubleClicked.connect(lambda *_: self.zoom_to())
        self.opacity.opacityChanged.connect(self._opacity_changed)
        project = QgsProject.instance()
        project.layersAdded.connect(self.refresh)
        project.layersRemoved.connect(self.refresh)
        project.readProject.connect(self.refresh)
        exporter.exported.connect(self.refresh)
        live.updated.connect(self.refresh)
        self.refresh()

    # -- actions -----------------------------------------------------------------------------------------------
    def _make_actions(self) -> None:
        def add(icon: str, text: str, slot, name: str, checkable: bool = False):
            action = self.toolbar.addAction(theme_icon(icon), text)
            action.setObjectName(name)
            action.setCheckable(checkable)
            action.triggered.connect(slot)
            return action

        self.action_export = add(
            "/mActionAddRasterLayer.svg",
            tr("Export Image…"),
            lambda: self.exportRequested.emit(self._target()),
            "export",
        )
        self.toolbar.addSeparator()
        self.action_zoom = add("/mActionZoomToLayer.svg", tr("Zoom to Overlay"), self.zoom_to, "zoom")
        self.action_reexport = add(
            "/mActionRefresh.svg", tr("Re-export at the Current View"), self.reexport_here, "reexport"
        )
        self.action_edit = add("/mActionOptions.svg", tr("Re-export with Changed Options…"), self._edit, "edit")
        self.action_live = add("/mActionPlay.svg", tr("Live"), self.set_live, "live", checkable=True)
        self.action_legend = add("/legend.svg", tr("Open the Legend"), self._legend, "legend")
        self.action_remove = add("/mActionDeleteSelected.svg", tr("Remove Overlay"), self.remove, "remove")
        self._selection_changed()

    def _context_menu(self, position) -> None:
        menu = QMenu(self)
        for action in (
            self.action_zoom,
            self.action_reexport,
            self.action_edit,
            self.action_live,
            self.action_legend,
            None,
            self.action_remove,
        ):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(self.tree.viewport().mapToGlobal(position))

    # -- the list ------------------------------------------------------------------------------------------------
    def refresh(self, *_args) -> None:
        selected = self.selected_layer()
        selected_id = selected.id() if selected is not None else None
        self.tree.clear()
        for layer in sorted(project_overlays(QgsProject.instance()), key=lambda lyr: lyr.name().lower()):
            item = QTreeWidgetItem(self.tree, self.describe(layer))
            item.setData(0, LAYER_ID_ROLE, layer.id())
            item.setToolTip(0, overlay_request(layer).service_url)
            if layer.id() == selected_id:
                item.setSelected(True)
        count = self.tree.topLevelItemCount()
        self.set_status(
            tr("{} exported overlay(s).").format(count)
            if count
            else tr("Export an ImageServer's image to see it here.")
        )
        self._selection_changed()

    @staticmethod
    def describe(layer: QgsRasterLayer) -> list[str]:
        """The row of one overlay: service, options in words, size on disk, pixel size, when exported, live."""
        request = overlay_request(layer)
        path = overlay_path(layer)
        size = human_size(path.stat().st_size) if path.exists() else tr("missing")
        if not owns_file(layer):
            size += tr(" (yours)")
        pixel = pixel_size_text(layer)
        when = str(layer.customProperty(PROP_EXPORTED_AT) or "")
        with contextlib.suppress(ValueError):
            when = datetime.fromisoformat(when).astimezone().strftime("%Y-%m-%d %H:%M")
        return [request.label, tr("live") if is_live(layer) else "", request.describe(), size, pixel, when]

    def selected_layer(self) -> QgsRasterLayer | None:
        items = self.tree.selectedItems() if hasattr(self, "tree") else []
        if not items:
            return None
        return QgsProject.instance().mapLayer(items[0].data(0, LAYER_ID_ROLE))

    def select_layer(self, layer: QgsRasterLayer) -> None:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            item.setSelected(item.data(0, LAYER_ID_ROLE) == layer.id())

    def _target(self):
        layer = self.selected_layer()
        request = overlay_request(layer) if layer is not None else None
        return request.target() if request is not None else None

    def _selection_changed(self) -> None:
        layer = self.selected_layer()
        for action in (
            self.action_zoom,
            self.action_reexport,
            self.action_edit,
            self.action_live,
            self.action_legend,
            self.action_remove,
        ):
            action.setEnabled(layer is not None)
        self.action_live.setChecked(layer is not None and is_live(layer))
        self.opacity.setEnabled(layer is not None)
        if layer is not None:
            self.opacity.blockSignals(True)
            self.opacity.setOpacity(layer.opacity())
            self.opacity.blockSignals(False)

    # -- what the actions do ---------------------------------------------------------------------------------------
    def zoom_to(self) -> None:
        layer = self.selected_layer()
        if layer is None:
            return
        extent = self.canvas.mapSettings().layerExtentToOutputExtent(layer, layer.extent())
        self.canvas.setExtent(extent)
        self.canvas.refresh()

    def _opacity_changed(self, value: float) -> None:
        layer = self.selected_layer()
        if layer is not None:
            layer.setOpacity(value)
            layer.triggerRepaint()

    def reexport_here(self):
        """The same options over the map's current view; the layer shows the new image when it is ready."""
        layer = self.selected_layer()
        request = overlay_request(layer) if layer is not None else None
        if request is None:
            return None
        ratio = self.canvas.devicePixelRatioF() if hasattr(self.canvas, "devicePixelRatioF") else 1.0
        fresh = follow_map(request, self.canvas.mapSettings(), ratio)
        self.say(tr("Exporting {} at the current view…").format(request.label))
        return self.exporter.start(fresh, replace_layer=layer, on_done=self._reexport_done)

    def _reexport_done(self, job: Job) -> None:
        outcome: ExportOutcome = job.value
        if outcome.layer is not None:
            self.say(tr("{} now shows the current view.").format(outcome.layer.name()))
        else:
            self.say(outcome.message or tr("The export did not finish."), Qgis.MessageLevel.Warning)
        self.refresh()

    def _edit(self) -> None:
        layer = self.selected_layer()
        if layer is not None:
            self.editRequested.emit(layer)

    def set_live(self, live: bool) -> None:
        layer = self.selected_layer()
        if layer is None:
            return
        self.live.set_live(layer, bool(live))
        self.say(
            tr("{} follows the map.").format(layer.name()) if live else tr("{} stays as it is.").format(layer.name())
        )
        self.refresh()

    def _legend(self) -> None:
        target = self._target()
        if target is not None:
            self.legendRequested.emit(target)

    def remove(self) -> None:
        layer = self.selected_layer()
        if layer is None:
            return
        name = layer.name()
        self.live.cancel(layer)
        deleted = remove_overlay(layer)
        self.say(
            tr("Removed {} and deleted its file.").format(name)
            if deleted
            else tr("Removed {}; its file, chosen by you, was kept.").format(name)
        )

    def unload(self) -> None:
        """Before the dock is removed: the project outlives it."""
        project = QgsProject.instance()
        for signal in (project.layersAdded, project.layersRemoved, project.readProject):
            with contextlib.suppress(TypeError):
                signal.disconnect(self.refresh)
