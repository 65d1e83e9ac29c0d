"""Wires the plugin into QGIS: toolbar, Web menu, docks, map tool; removes them all on unload."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QToolBar

PLUGIN_DIR = Path(__file__).resolve().parent
MENU_NAME = "&ArcGIS Identify"
TOOLBAR_OBJECT_NAME = "ArcGisIdentifyToolbar"


def icon_path(name: str) -> str:
    return str(PLUGIN_DIR / "icons" / name)


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisIdentify", text)


class ArcGisIdentifyPlugin:
    """The object QGIS holds for the plugin's lifetime (created by classFactory)."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.toolbar: QToolBar | None = None
        self.actions: list[QAction] = []

    # -- QGIS plugin protocol -------------------------------------------------
    def initGui(self) -> None:
        self.toolbar = self.iface.addToolBar(tr("ArcGIS Identify"))
        self.toolbar.setObjectName(TOOLBAR_OBJECT_NAME)
        self.identify_action = self._add_action(
            "identify.svg",
            tr("Identify ArcGIS Services"),
            self._toggle_identify,
            checkable=True,
            object_name="ArcGisIdentifyAction",
            status_tip=tr("Click the map to identify features and pixels on ArcGIS services"),
        )

    def unload(self) -> None:
        for action in self.actions:
            self.iface.removePluginWebMenu(MENU_NAME, action)
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            action.deleteLater()
        self.actions.clear()
        if self.toolbar is not None:
            main_window = self.iface.mainWindow()
            if main_window is not None:
                main_window.removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None

    # -- helpers --------------------------------------------------------------
    def _add_action(
        self,
        icon: str,
        text: str,
        callback: Callable[..., None],
        *,
        checkable: bool = False,
        object_name: str,
        status_tip: str = "",
        in_toolbar: bool = True,
    ) -> QAction:
        action = QAction(QIcon(icon_path(icon)), text, self.iface.mainWindow())
        action.setObjectName(object_name)
        action.setCheckable(checkable)
        if status_tip:
            action.setStatusTip(status_tip)
            action.setToolTip(status_tip)
        action.triggered.connect(callback)
        if in_toolbar and self.toolbar is not None:
            self.toolbar.addAction(action)
        self.iface.addPluginToWebMenu(MENU_NAME, action)
        self.actions.append(action)
        return action

    def _toggle_identify(self, checked: bool) -> None:
        pass
