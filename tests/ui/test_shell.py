"""The shell the features share: the dock manager (the menu action and the dock's close button agree, stable
objectNames, every dock removed on unload) and the one helper that makes Layers panel entries."""

from __future__ import annotations

import pytest
from qgis.core import QgsMapLayerType, QgsVectorLayer
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QEvent, Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QMainWindow

from arcgis_identify.ui.dock_manager import DockManager
from arcgis_identify.ui.layer_actions import LayerActions
from arcgis_identify.ui.plugin_dock import PluginDock
from arcgis_identify.ui.qt_compat import QAction

PLUGIN_DOCKS = {"ArcGisIdentifyResultsDock", "ArcGisLegendDock", "ArcGisOverlaysDock"}
# Each dock and the Web menu action that shows and hides it.
DOCK_ACTIONS = {
    "ArcGisIdentifyResultsDock": "ArcGisIdentifyResultsAction",
    "ArcGisLegendDock": "ArcGisLegendAction",
    "ArcGisOverlaysDock": "ArcGisOverlaysAction",
}


def _deleted_later() -> None:
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class _Window:
    """A shown main window and the two calls of QGIS's interface the dock manager uses."""

    def __init__(self, qtbot) -> None:
        self.window = QMainWindow()
        qtbot.addWidget(self.window)
        self.window.resize(900, 600)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.added: list = []

    def addDockWidget(self, area, dock) -> None:
        self.added.append(dock)
        self.window.addDockWidget(area, dock)
        dock.show()  # as QGIS's own addDockWidget does

    def removeDockWidget(self, dock) -> None:
        self.added.remove(dock)
        self.window.removeDockWidget(dock)


def _dock(name: str, window) -> PluginDock:
    return PluginDock(name, name, window)


# -- the dock manager ---------------------------------------------------------------------------------------
def test_a_dock_is_added_hidden_and_its_action_and_close_button_agree(qtbot):
    iface = _Window(qtbot)
    manager = DockManager(iface)
    dock = _dock("TestDock", iface.window)
    action = QAction("Test dock", iface.window)
    action.setCheckable(True)
    manager.add(dock, action)
    assert iface.added == [dock]
    assert dock.isHidden() and not action.isChecked()  # shown by adding, hidden again: it opens when asked

    action.trigger()  # the Web menu opens it
    qtbot.waitUntil(dock.isVisible)
    assert action.isChecked() and dock.isUserVisible()
    dock.close()  # the dock's close button
    qtbot.waitUntil(lambda: not dock.isVisible())
    assert not action.isChecked()
    action.trigger()  # and the menu opens it again
    qtbot.waitUntil(dock.isVisible)
    assert action.isChecked()
    action.trigger()  # the menu closes it
    qtbot.waitUntil(lambda: not dock.isVisible())
    assert not action.isChecked()
    dock.setUserVisible(True)  # shown by the plugin (a click's results): the menu shows it checked
    qtbot.waitUntil(dock.isVisible)
    assert action.isChecked()
    manager.unload()


def test_every_dock_is_unloaded_removed_and_deleted(qtbot):
    iface = _Window(qtbot)
    manager = DockManager(iface)
    unloaded: list[str] = []
    names = ("First", "Second", "Third")
    docks = [_dock(name, iface.window) for name in names]
    for name, dock in zip(names, docks):
        dock.unload = lambda name=name: unloaded.append(name)
        manager.add(dock)
    assert manager.find("Second") is docks[1]
    manager.unload()
    assert sorted(unloaded) == ["First", "Second", "Third"]  # each let go of the project and canvas first
    assert iface.added == [] and manager.docks == []
    _deleted_later()
    assert all(sip.isdeleted(dock) for dock in docks)
    assert iface.window.findChildren(QDockWidget) == []


def test_a_dock_needs_a_name_of_its_own(qtbot):
    iface = _Window(qtbot)
    manager = DockManager(iface)
    with pytest.raises(ValueError, match="objectName"):
        manager.add(PluginDock("Nameless", "", iface.window))
    manager.add(_dock("Twice", iface.window))
    with pytest.raises(ValueError, match="Twice"):
        manager.add(_dock("Twice", iface.window))
    manager.unload()


def test_docks_go_to_the_right_hand_area(qtbot):
    iface = _Window(qtbot)
    manager = DockManager(iface)
    dock = manager.add(_dock("RightDock", iface.window))
    assert iface.window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    manager.unload()


def test_the_plugins_docks_keep_their_names_follow_their_actions_and_go_on_unload(qtbot, plugin_iface):
    import arcgis_identify

    plugin = arcgis_identify.classFactory(plugin_iface)
    plugin.initGui()
    try:
        docks = {dock.objectName(): dock for dock in plugin.shell.docks.docks}
        # QGIS restores a dock's place by its objectName: the names never change.
        assert set(docks) == PLUGIN_DOCKS
        assert {dock.objectName() for dock in plugin_iface.plugin_docks} == PLUGIN_DOCKS
        actions = {action.objectName(): action for action in plugin.actions}
        for name, dock in docks.items():
            action = actions[DOCK_ACTIONS[name]]
            assert dock.toggleVisibilityAction() is action  # QGIS's own link between the two
            assert action.isCheckable() and not action.isChecked() and dock.isHidden()
            action.trigger()
            assert not dock.isHidden()
            dock.close()  # its close button
            assert dock.isHidden()
    finally:
        plugin.unload()
    assert plugin_iface.plugin_docks == []
    _deleted_later()
    assert all(sip.isdeleted(dock) for dock in docks.values())
    names = {dock.objectName() for dock in plugin_iface.mainWindow().findChildren(QDockWidget)}
    assert names & PLUGIN_DOCKS == set()


# -- Layers panel entries -------------------------------------------------------------------------------------
def _layer(name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer("Point?crs=EPSG:4326", name, "memory")
    assert layer.isValid()
    return layer


def _arcgis(layer) -> bool:
    return layer.name().startswith("arcgis")


def test_an_entry_enabled_for_the_current_layer(plugin_iface, qgis_new_project):
    entries = LayerActions(plugin_iface, qgis_new_project)
    called: list[int] = []
    action = entries.add(
        QIcon(),
        "Do It",
        "TestEnabledEntry",
        lambda: called.append(1),
        layer_types=(QgsMapLayerType.RasterLayer,),
        enabled_for=_arcgis,
    )
    assert action.objectName() == "TestEnabledEntry" and action.text() == "Do It"
    # On every layer of the type; enabled only while the current layer passes the test.
    assert plugin_iface.layer_actions[action] == [("", QgsMapLayerType.RasterLayer, True)]
    assert not action.isEnabled()  # no current layer
    plugin_iface.currentLayerChanged.emit(_layer("arcgis world"))
    assert action.isEnabled()
    plugin_iface.currentLayerChanged.emit(_layer("ordinary"))
    assert not action.isEnabled()
    entries.current_layer_changed(None)
    assert not action.isEnabled()
    action.trigger()
    assert called == [1]
    entries.unload()
    assert plugin_iface.layer_actions == {}
    plugin_iface.currentLayerChanged.emit(_layer("arcgis again"))  # disconnected: the deleted entry is left alone


def test_an_entry_only_for_some_layers_as_they_come(plugin_iface, qgis_new_project):
    before = _layer("arcgis before")
    qgis_new_project.addMapLayers([before, _layer("ordinary before")])
    entries = LayerActions(plugin_iface, qgis_new_project)
    first = entries.add(QIcon(), "First", "TestFirstEntry", lambda: None, only_for=_arcgis)
    second = entries.add(QIcon(), "Second", "TestSecondEntry", lambda: None, only_for=_arcgis)
    for action in (first, second):
        # Registered for no layer type as a whole: each matching layer gets the entry of its own, once.
        assert set(plugin_iface.layer_actions[action]) == {
            ("", QgsMapLayerType.RasterLayer, False),
            ("", QgsMapLayerType.VectorLayer, False),
        }
        assert plugin_iface.layer_action_layers[action] == [before.id()]
    after = _layer("arcgis after")
    qgis_new_project.addMapLayers([after, _layer("ordinary after")])
    for action in (first, second):
        assert plugin_iface.layer_action_layers[action] == [before.id(), after.id()]
    entries.unload()
    assert plugin_iface.layer_actions == {} and plugin_iface.layer_action_layers == {}
    qgis_new_project.addMapLayer(_layer("arcgis late"))  # disconnected: nothing is offered any more
    assert plugin_iface.layer_action_layers == {}


def test_an_entry_is_either_enabled_for_or_only_for_layers(plugin_iface, qgis_new_project):
    entries = LayerActions(plugin_iface, qgis_new_project)
    with pytest.raises(ValueError):
        entries.add(QIcon(), "Neither", "TestNeither", lambda: None)
    with pytest.raises(ValueError):
        entries.add(QIcon(), "Both", "TestBoth", lambda: None, enabled_for=_arcgis, only_for=_arcgis)
    entries.unload()
    assert plugin_iface.layer_actions == {}


def test_the_plugins_entries_are_made_by_the_helper_and_gone_on_unload(plugin_iface, qgis_new_project):
    import arcgis_identify

    plugin = arcgis_identify.classFactory(plugin_iface)
    plugin.initGui()
    try:
        names = sorted(action.objectName() for action in plugin.shell.layer_actions.actions)
        assert names == [
            "ArcGisLayerAddServiceAction",
            "ArcGisLayerExportImageAction",
            "ArcGisLayerLegendAction",
            "ArcGisLayerServiceOptionsAction",
        ]
        assert set(plugin_iface.layer_actions) == set(plugin.shell.layer_actions.actions)
    finally:
        plugin.unload()
    assert plugin_iface.layer_actions == {} and plugin_iface.layer_action_layers == {}
