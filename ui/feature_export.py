"""Export Image and the exported overlays: the dialog and its action, the overlays dock, live overlays, *Export
ArcGIS Image…* in the Layers panel (enabled on ImageServer layers), and the plugin's export folder."""

from __future__ import annotations

import contextlib

from qgis.core import Qgis, QgsMapLayerType, QgsProject
from qgis.PyQt.QtWidgets import QInputDialog

from ..app.live_overlays import LiveOverlays
from ..app.overlays import OverlayExporter, clean_plugin_folder, overlay_request, remember_saved_overlays
from ..app.service_targets import ServiceTarget, collect_targets, target_for_layer
from ..app.settings import IdentifySettings
from ..core import ServiceKind
from .export_dialog import ExportDialog
from .overlays_dock import OverlaysDock
from .shell import Shell, plugin_icon, tr


def image_target(layer) -> ServiceTarget | None:
    """The layer's ImageServer, if it shows one."""
    target = target_for_layer(layer) if layer is not None else None
    return target if target is not None and target.kind == ServiceKind.IMAGE_SERVER else None


class ExportFeature:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.exporter: OverlayExporter | None = None
        self.live_overlays: LiveOverlays | None = None
        self.dock: OverlaysDock | None = None
        self.dialog: ExportDialog | None = None
        self.export_action = self.overlays_action = self.layer_action = None

    def init_gui(self) -> None:
        shell, canvas = self.shell, self.shell.canvas
        self.exporter = OverlayExporter(shell.runner, shell.session)
        self.live_overlays = LiveOverlays(shell.runner, shell.session, self._map_view)
        canvas.extentsChanged.connect(self.live_overlays.view_changed)
        self.live_overlays.failed.connect(shell.warn)
        self.dock = OverlaysDock(canvas, self.exporter, self.live_overlays, shell.main_window)
        self.export_action = shell.actions.add(
            "export.svg",
            tr("Export ArcGIS Image…"),
            lambda: self.show_dialog(),
            object_name="ArcGisExportImageAction",
            status_tip=tr("Export an ImageServer's image of the map view as a GeoTIFF layer"),
        )
        self.overlays_action = shell.actions.add(
            "export.svg",
            tr("ArcGIS Exported Overlays"),
            checkable=True,
            object_name="ArcGisOverlaysAction",
            status_tip=tr("Show or hide the ArcGIS exported overlays"),
            in_toolbar=False,
        )
        shell.docks.add(self.dock, self.overlays_action)  # it opens from the menu or after an export
        self.dock.exportRequested.connect(self.show_dialog)
        self.dock.editRequested.connect(self.show_dialog_for_layer)
        self.dock.messageRequested.connect(shell.message)
        # The Layers panel's context menu of raster layers, enabled for ImageServer layers only.
        self.layer_action = shell.layer_actions.add(
            plugin_icon("export.svg"),
            tr("Export ArcGIS Image…"),
            "ArcGisLayerExportImageAction",
            self._export_active_layer,
            layer_types=(QgsMapLayerType.RasterLayer,),
            enabled_for=lambda layer: image_target(layer) is not None,
        )
        QgsProject.instance().writeProject.connect(self._project_written)

    def unload(self) -> None:
        if self.live_overlays is not None:
            self.live_overlays.stop()
            with contextlib.suppress(TypeError):
                self.shell.canvas.extentsChanged.disconnect(self.live_overlays.view_changed)
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if self.exporter is not None:
            with contextlib.suppress(TypeError):
                QgsProject.instance().writeProject.disconnect(self._project_written)
            clean_plugin_folder(QgsProject.instance())  # what only an unsaved project used goes with it
        self.exporter = self.live_overlays = self.dock = None  # the dock goes with the shell's docks

    def _map_view(self):
        canvas = self.shell.canvas
        ratio = canvas.devicePixelRatioF() if hasattr(canvas, "devicePixelRatioF") else 1.0
        return canvas.mapSettings(), ratio

    def _project_written(self, *_args) -> None:
        remember_saved_overlays(QgsProject.instance())

    def _export_active_layer(self) -> None:
        target = image_target(self.shell.iface.activeLayer())
        if target is not None:
            self.show_dialog(target)

    def _pick_target(self) -> ServiceTarget | None:
        """The active layer's ImageServer, else the only one in play, else the one the user picks."""
        target = image_target(self.shell.iface.activeLayer())
        if target is not None:
            return target
        targets = [
            t
            for t in collect_targets(QgsProject.instance(), IdentifySettings.load())
            if t.kind == ServiceKind.IMAGE_SERVER
        ]
        if not targets:
            self.shell.message(
                tr("No ImageServer in play: add one to the project or to the ArcGIS Identify settings."),
                Qgis.MessageLevel.Warning,
            )
            return None
        if len(targets) == 1:
            return targets[0]
        labels = [t.label for t in targets]
        label, ok = QInputDialog.getItem(
            self.shell.main_window, tr("Export ArcGIS Image"), tr("ImageServer"), labels, 0, False
        )
        return targets[labels.index(label)] if ok else None

    def show_dialog(self, target: ServiceTarget | None = None, *, request=None, replace_layer=None):
        """The Export Image dialog for `target` (None: the active layer's ImageServer, else one to pick)."""
        target = target if target is not None else self._pick_target()
        if target is None:
            return None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        shell = self.shell
        self.dialog = ExportDialog(
            target,
            shell.canvas,
            self.exporter,
            shell.runner,
            shell.session,
            shell.main_window,
            request=request,
            replace_layer=replace_layer,
        )
        self.dialog.messageRequested.connect(shell.message)
        self.dialog.show()
        return self.dialog

    def show_dialog_for_layer(self, layer):
        """Re-export an overlay with changed options: the dialog pre-filled with its request."""
        request = overlay_request(layer)
        if request is None:
            return None
        return self.show_dialog(request.target(), request=request, replace_layer=layer)
