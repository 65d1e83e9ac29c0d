"""The plugin's entries in the Layers panel's context menu, made one way:

- `enabled_for`: on every layer of the given types, enabled only while the current layer passes the test;
- `only_for`: offered on the layers that pass the test, each added as it comes into the project.

Every entry is removed (and its signals disconnected) when the plugin unloads.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Callable

from qgis.core import QgsMapLayer, QgsMapLayerType, QgsProject
from qgis.PyQt.QtGui import QIcon

from .qt_compat import QAction

LayerTest = Callable[[QgsMapLayer], bool]
ALL_TYPES = (QgsMapLayerType.RasterLayer, QgsMapLayerType.VectorLayer)


class LayerActions:
    def __init__(self, iface, project: QgsProject | None = None) -> None:
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.actions: list[QAction] = []
        self._enabled_for: list[tuple[QAction, LayerTest]] = []
        self._only_for: list[tuple[QAction, LayerTest]] = []
        iface.currentLayerChanged.connect(self.current_layer_changed)
        self.project.layersAdded.connect(self.layers_added)

    def add(
        self,
        icon: QIcon,
        text: str,
        object_name: str,
        callback: Callable[[], object],
        *,
        layer_types: Iterable[QgsMapLayerType] = ALL_TYPES,
        enabled_for: LayerTest | None = None,
        only_for: LayerTest | None = None,
    ) -> QAction:
        """A context-menu entry calling `callback()`; see the module doc for `enabled_for` and `only_for`."""
        if (enabled_for is None) == (only_for is None):
            raise ValueError("a Layers panel entry is either enabled_for or only_for some layers")
        action = QAction(icon, text, self.iface.mainWindow())
        action.setObjectName(object_name)
        action.triggered.connect(lambda _checked=False: callback())
        for layer_type in layer_types:
            self.iface.addCustomActionForLayerType(action, "", layer_type, only_for is None)
        self.actions.append(action)
        if enabled_for is not None:
            self._enabled_for.append((action, enabled_for))
            self.current_layer_changed(self.iface.activeLayer())
        else:
            self._only_for.append((action, only_for))
            self._offer([(action, only_for)], list(self.project.mapLayers().values()))
        return action

    def current_layer_changed(self, layer: QgsMapLayer | None) -> None:
        for action, test in self._enabled_for:
            action.setEnabled(layer is not None and test(layer))

    def layers_added(self, layers: list[QgsMapLayer]) -> None:
        self._offer(self._only_for, layers)

    def _offer(self, entries: list[tuple[QAction, LayerTest]], layers: list[QgsMapLayer]) -> None:
        for layer in layers:
            for action, test in entries:
                if test(layer):
                    self.iface.addCustomActionForLayer(action, layer)

    def unload(self) -> None:
        for signal, slot in (
            (self.iface.currentLayerChanged, self.current_layer_changed),
            (self.project.layersAdded, self.layers_added),
        ):
            with contextlib.suppress(TypeError, RuntimeError):  # already gone with QGIS's window or project
                signal.disconnect(slot)
        for action in self.actions:
            self.iface.removeCustomActionForLayerType(action)
            action.deleteLater()
        self.actions.clear()
        self._enabled_for.clear()
        self._only_for.clear()
