"""The legend: its dock and action, and *Show ArcGIS Legend* in the Layers panel (enabled on ArcGIS layers)."""

from __future__ import annotations

import contextlib

from ..app.service_targets import ServiceTarget
from .legend_dock import LegendDock
from .shell import Shell, is_arcgis_layer, plugin_icon, tr


class LegendFeature:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.dock: LegendDock | None = None
        self.action = None
        self.layer_action = None

    def init_gui(self) -> None:
        shell = self.shell
        self.dock = LegendDock(shell.canvas, shell.runner, shell.session, parent=shell.main_window)
        self.action = shell.actions.add(
            "legend.svg",
            tr("ArcGIS Legend"),
            self._action_triggered,
            checkable=True,
            object_name="ArcGisLegendAction",
            status_tip=tr("Show what the colours and symbols of an ArcGIS MapServer or ImageServer mean"),
        )
        # Hidden after it is added: a shown legend dock follows the current layer and fetches its legend.
        shell.docks.add(self.dock, self.action)
        # The Layers panel's context menu: on every raster and vector layer, enabled for ArcGIS ones only.
        self.layer_action = shell.layer_actions.add(
            plugin_icon("legend.svg"),
            tr("Show ArcGIS Legend"),
            "ArcGisLayerLegendAction",
            self.show_for_layer,
            enabled_for=is_arcgis_layer,
        )
        shell.iface.currentLayerChanged.connect(self.dock.follow_layer)

    def unload(self) -> None:
        if self.dock is not None:
            with contextlib.suppress(TypeError, RuntimeError):  # never connected when initGui failed early
                self.shell.iface.currentLayerChanged.disconnect(self.dock.follow_layer)
        self.dock = None  # the dock goes with the shell's docks, the entry with its Layers panel entries

    def _action_triggered(self, checked: bool) -> None:
        """The menu's *ArcGIS Legend* opened the dock: the current layer's legend (the action shows the dock)."""
        if checked:
            self.dock.open(self.shell.iface.activeLayer())

    def show_for_layer(self, layer=None) -> None:
        """The Layers panel's *Show ArcGIS Legend*: the legend of the layer (the current one by default)."""
        self.dock.open(layer if layer is not None else self.shell.iface.activeLayer())

    def show_target(self, target: ServiceTarget) -> None:
        """A service node of the results dock, an exported overlay: its service's legend."""
        self.dock.open(target=target)
