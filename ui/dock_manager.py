"""The plugin's docks in QGIS's window: each added once with its stable objectName (QGIS restores where the user put
it), tied to its Web menu action so that the action, the dock's close button and QGIS's Panels menu agree, and
every one removed when the plugin unloads."""

from __future__ import annotations

from qgis.PyQt.QtCore import Qt

from .plugin_dock import PluginDock
from .qt_compat import QAction


class DockManager:
    def __init__(self, iface) -> None:
        self.iface = iface
        self.docks: list[PluginDock] = []

    def add(
        self,
        dock: PluginDock,
        toggle: QAction | None = None,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
    ) -> PluginDock:
        """Adds `dock`, hidden (it opens from its action or when it has something to show); `toggle` (checkable)
        shows and hides it and is checked while it is open."""
        if not dock.objectName():
            raise ValueError("a dock needs an objectName: QGIS keeps its place under that name")
        if any(d.objectName() == dock.objectName() for d in self.docks):
            raise ValueError(f"two docks named {dock.objectName()}")
        self.iface.addDockWidget(area, dock)
        dock.hide()  # after adding: adding shows it
        if toggle is not None:
            dock.setToggleVisibilityAction(toggle)  # QGIS's own link: toggled <-> shown, both ways
        self.docks.append(dock)
        return dock

    def find(self, object_name: str) -> PluginDock | None:
        return next((dock for dock in self.docks if dock.objectName() == object_name), None)

    def unload(self) -> None:
        """Every dock removed from the window and deleted, once its own `unload()` let go of the project and canvas."""
        for dock in reversed(self.docks):
            dock.unload()
            self.iface.removeDockWidget(dock)
            dock.deleteLater()
        self.docks.clear()
