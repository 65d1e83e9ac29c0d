"""The plugin loads into QGIS and unload removes everything it added."""

from __future__ import annotations

import importlib

import pytest
from qgis.PyQt.QtWidgets import QToolBar


def _plugin_toolbars(iface):
    return [tb for tb in iface.mainWindow().findChildren(QToolBar) if tb.objectName() == "ArcGisIdentifyToolbar"]


def _live_toolbars(iface):
    # deleteLater() runs on the next event loop turn; removed toolbars must also be hidden/detached.
    from qgis.PyQt.QtWidgets import QApplication

    QApplication.processEvents()
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return _plugin_toolbars(iface)


def test_import_name_is_arcgis_identify():
    module = importlib.import_module("arcgis_identify")
    assert callable(module.classFactory)


def test_load_adds_toolbar_and_web_menu(plugin_iface):
    import arcgis_identify

    plugin = arcgis_identify.classFactory(plugin_iface)
    plugin.initGui()
    try:
        toolbars = _plugin_toolbars(plugin_iface)
        assert len(toolbars) == 1
        texts = [a.text() for a in toolbars[0].actions()]
        assert "Identify ArcGIS Services" in texts
        menu_actions = plugin_iface.web_menus.get("&ArcGIS Identify", [])
        assert "Identify ArcGIS Services" in [a.text() for a in menu_actions]
    finally:
        plugin.unload()


@pytest.mark.parametrize("cycles", [2])
def test_unload_removes_everything_twice(plugin_iface, cycles):
    import arcgis_identify

    for _ in range(cycles):
        plugin = arcgis_identify.classFactory(plugin_iface)
        plugin.initGui()
        assert len(_live_toolbars(plugin_iface)) == 1
        plugin.unload()
        assert _live_toolbars(plugin_iface) == []
        assert plugin_iface.web_menus == {}
        assert plugin_iface.plugin_docks == []


def test_no_default_shortcut_and_listed_in_keyboard_shortcuts(plugin_iface):
    """Ctrl+Shift+I is QGIS's Identify Features: binding it too makes the key ambiguous and neither works."""
    from qgis.gui import QgsGui
    from qgis.PyQt.QtGui import QKeySequence

    import arcgis_identify

    plugin = arcgis_identify.classFactory(plugin_iface)
    plugin.initGui()
    manager = QgsGui.shortcutsManager()
    try:
        assert all(action.shortcut().isEmpty() for action in plugin.actions)
        assert plugin.identify.identify_action.shortcut() != QKeySequence("Ctrl+Shift+I")
        # Settings › Keyboard Shortcuts lists it, so the user can give it a key of their own.
        assert plugin.identify.identify_action in manager.listActions()
    finally:
        plugin.unload()
    assert plugin.identify.identify_action not in manager.listActions()
