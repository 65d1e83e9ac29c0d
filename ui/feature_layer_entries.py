"""The Layers panel entries of ArcGIS layers: *ArcGIS Identify Settings for This Service…* (the layer's own identify
options) and *Add to ArcGIS Identify Services* (the layer's service joins the plugin's list)."""

from __future__ import annotations

from qgis.core import Qgis

from ..app.layer_options import add_service, configured_service
from ..app.service_targets import target_for_layer
from ..app.settings import IdentifySettings
from .service_options_dialog import ServiceOptionsDialog
from .shell import Shell, is_arcgis_layer, plugin_icon, tr


class LayerEntriesFeature:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.actions: list = []
        self.dialog: ServiceOptionsDialog | None = None

    def init_gui(self) -> None:
        add = self.shell.layer_actions.add
        self.actions = [  # offered on ArcGIS layers only: each is added as it comes
            add(
                plugin_icon("identify.svg"),
                tr("ArcGIS Identify Settings for This Service…"),
                "ArcGisLayerServiceOptionsAction",
                self.show_service_options,
                only_for=is_arcgis_layer,
            ),
            add(
                plugin_icon("arcgis_identify.svg"),
                tr("Add to ArcGIS Identify Services"),
                "ArcGisLayerAddServiceAction",
                self.add_layer_service,
                only_for=is_arcgis_layer,
            ),
        ]

    def unload(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.actions = []  # removed with the shell's Layers panel entries

    def show_service_options(self, layer=None) -> ServiceOptionsDialog | None:
        """*ArcGIS Identify Settings for This Service…*: the layer's own identify options (the current layer)."""
        shell = self.shell
        layer = layer if layer is not None else shell.iface.activeLayer()
        target = target_for_layer(layer) if layer is not None else None
        if target is None:
            return None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = ServiceOptionsDialog(layer, target, shell.runner, shell.session, parent=shell.main_window)
        self.dialog.show()
        return self.dialog

    def add_layer_service(self, layer=None) -> None:
        """*Add to ArcGIS Identify Services*: the layer's service (no query, no token) joins the plugin's list."""
        layer = layer if layer is not None else self.shell.iface.activeLayer()
        target = target_for_layer(layer) if layer is not None else None
        if target is None:
            return
        settings = IdentifySettings.load()
        if add_service(settings, target.url, target.authcfg, layer.name()) is None:
            existing = configured_service(settings, target.url)
            text = tr('"{}" is already in the ArcGIS Identify services.').format(existing.label)
        else:
            settings.save()
            text = tr('"{}" added to the ArcGIS Identify services.').format(layer.name())
        self.shell.message(text, Qgis.MessageLevel.Info, 4)
