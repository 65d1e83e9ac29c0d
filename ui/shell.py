"""What the plugin's features share in QGIS's window: its toolbar and Web menu actions, its docks, its Layers panel
entries and the message bar. Each part removes what it added when the plugin unloads.

    shell = Shell(iface, runner, session)
    feature = IdentifyFeature(shell); feature.init_gui()    # adds its actions, docks and entries through the shell
    ...
    feature.unload(); shell.unload()
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Protocol

from qgis.core import Qgis, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..app.runner import BackgroundRunner
from ..core import Session
from .dock_manager import DockManager
from .layer_actions import LayerActions
from .qt_compat import QAction

PLUGIN_DIR = Path(__file__).resolve().parent.parent
MENU_NAME = "&ArcGIS Identify"
TOOLBAR_OBJECT_NAME = "ArcGisIdentifyToolbar"
LOG_TAG = "ArcGIS Identify"


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisIdentify", text)


def icon_path(name: str) -> str:
    return str(PLUGIN_DIR / "icons" / name)


def plugin_icon(name: str) -> QIcon:
    return QIcon(icon_path(name))


def is_arcgis_layer(layer) -> bool:
    """The layer shows an ArcGIS MapServer or ImageServer (a native layer, or one the plugin exported)."""
    from ..app.service_targets import target_for_layer

    return target_for_layer(layer) is not None


class Feature(Protocol):
    """One feature's wiring (identify, legend, export and overlays, Layers panel entries)."""

    def init_gui(self) -> None: ...

    def unload(self) -> None: ...


class PluginActions:
    """The plugin's toolbar and its entries in QGIS's Web menu (a list of the actions made)."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.toolbar = iface.addToolBar(tr("ArcGIS Identify"))
        self.toolbar.setObjectName(TOOLBAR_OBJECT_NAME)
        self.actions: list[QAction] = []

    def __iter__(self):
        return iter(self.actions)

    def __len__(self) -> int:
        return len(self.actions)

    def add(
        self,
        icon: str,
        text: str,
        callback: Callable[..., None] | None = None,
        *,
        object_name: str,
        checkable: bool = False,
        status_tip: str = "",
        in_toolbar: bool = True,
        listed_in_shortcuts: bool = False,
    ) -> QAction:
        """An action in the Web menu (and the toolbar). No default shortcut ever: QGIS's own ones must keep working;
        `listed_in_shortcuts` lists it in Settings › Keyboard Shortcuts, where the user can give it one."""
        action = QAction(plugin_icon(icon), text, self.iface.mainWindow())
        action.setObjectName(object_name)
        action.setCheckable(checkable)
        if status_tip:
            action.setStatusTip(status_tip)
            action.setToolTip(status_tip)
        if callback is not None:
            action.triggered.connect(callback)
        if in_toolbar:
            self.toolbar.addAction(action)
        self.iface.addPluginToWebMenu(MENU_NAME, action)
        if listed_in_shortcuts:
            from qgis.gui import QgsGui

            QgsGui.shortcutsManager().registerAction(action, "")
        self.actions.append(action)
        return action

    def unload(self) -> None:
        from qgis.gui import QgsGui

        for action in self.actions:
            QgsGui.shortcutsManager().unregisterAction(action)
            self.iface.removePluginWebMenu(MENU_NAME, action)
            self.toolbar.removeAction(action)
            action.deleteLater()
        self.actions.clear()
        main_window = self.iface.mainWindow()
        if main_window is not None:
            main_window.removeToolBar(self.toolbar)
        self.toolbar.deleteLater()


class Shell:
    """What every feature is given: QGIS's interface, the plugin's runner and session, and the parts of QGIS's window
    the plugin adds to."""

    def __init__(self, iface, runner: BackgroundRunner, session: Session) -> None:
        self.iface = iface
        self.runner = runner
        self.session = session
        self.actions = PluginActions(iface)
        self.docks = DockManager(iface)
        self.layer_actions = LayerActions(iface)

    @property
    def canvas(self):
        return self.iface.mapCanvas()

    @property
    def main_window(self):
        return self.iface.mainWindow()

    def message(self, text: str, level: Qgis.MessageLevel = Qgis.MessageLevel.Info, seconds: int = 5) -> None:
        """One line in QGIS's message bar."""
        self.iface.messageBar().pushMessage(LOG_TAG, text, level, seconds)

    def warn(self, text: str) -> None:
        """A problem: the message bar says it a while longer, the log keeps it."""
        self.message(text, Qgis.MessageLevel.Warning, 8)
        QgsMessageLog.logMessage(text, LOG_TAG, Qgis.MessageLevel.Warning)

    def unload(self) -> None:
        """Removes the Layers panel entries, the docks, then the actions and the toolbar."""
        self.layer_actions.unload()
        self.docks.unload()
        self.actions.unload()
