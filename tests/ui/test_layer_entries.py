"""The Layers panel entries of ArcGIS layers: *ArcGIS Identify Settings for This Service…* and *Add to ArcGIS
Identify Services*, through the plugin, its dialog and clicks on the map against the sample server."""

from __future__ import annotations

import json

import pytest
from osgeo import gdal, ogr, osr
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsDateTimeRange,
    QgsMapLayerType,
    QgsPointXY,
    QgsRasterLayer,
    QgsRectangle,
    QgsSettings,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDateTime, Qt
from qgis.PyQt.QtWidgets import QDialogButtonBox

from arcgis_identify.app.layer_options import PROP_IDENTIFY_LAYER_IDS, PROP_IDENTIFY_LAYERS, PROP_PIXEL_VALUES
from arcgis_identify.app.service_targets import PROP_AUTHCFG, PROP_RENDERING_RULE, PROP_SERVICE_URL
from arcgis_identify.app.settings import SETTINGS_GROUP, IdentifySettings

from .test_identify_click import native_layer

TENNESSEE = QgsPointXY(-84.2, 36.5)  # inside the World, Elevation and Imagery sample services
WAIT_MS = 60000


@pytest.fixture()
def plugin(plugin_iface, sized_canvas, qgis_new_project):
    import arcgis_identify

    QgsSettings().remove(SETTINGS_GROUP)
    sized_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    sized_canvas.setTemporalRange(QgsDateTimeRange(QDateTime(), QDateTime()))
    half = 0.25
    sized_canvas.setExtent(
        QgsRectangle(TENNESSEE.x() - half, TENNESSEE.y() - half, TENNESSEE.x() + half, TENNESSEE.y() + half)
    )
    instance = arcgis_identify.classFactory(plugin_iface)
    instance.initGui()
    yield instance
    instance.unload()
    QgsSettings().remove(SETTINGS_GROUP)


def geotiff(path, name: str) -> QgsRasterLayer:
    """A small ordinary GeoTIFF layer (in Tennessee)."""
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), 4, 4, 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((-84.5, 0.1, 0, 36.8, 0, -0.1))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).Fill(7)
    dataset = None
    layer = QgsRasterLayer(str(path), name, "gdal")
    assert layer.isValid()
    return layer


def exported_layer(path, service_url: str, name: str, rendering_rule: dict | None = None) -> QgsRasterLayer:
    """A GeoTIFF tied to its ImageServer the way the plugin's exported layers are."""
    layer = geotiff(path, name)
    layer.setCustomProperty(PROP_SERVICE_URL, service_url)
    if rendering_rule is not None:
        layer.setCustomProperty(PROP_RENDERING_RULE, json.dumps(rendering_rule))
    return layer


def geopackage(path, name: str) -> QgsVectorLayer:
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    source.CreateLayer("points", srs, ogr.wkbPoint)
    source = None
    layer = QgsVectorLayer(f"{path}|layername=points", name, "ogr")
    assert layer.isValid()
    return layer


def open_options(qtbot, plugin, plugin_iface, layer, *, reads_service: bool = True):
    """The entry of the layer's context menu (the Layers panel's current layer), as the user triggers it; a
    MapServer's dialog once it read the service (its answer comes through the event loop, so never before the
    wait begins)."""
    plugin_iface.setActiveLayer(layer)
    (action,) = [a for a in plugin.layer_entries.actions if a.objectName() == "ArcGisLayerServiceOptionsAction"]
    action.trigger()
    dialog = plugin.layer_entries.dialog
    if reads_service:
        with qtbot.waitSignal(dialog.sublayersRead, timeout=WAIT_MS) as blocker:
            pass
        assert blocker.args == [True]
    return dialog


def press(dialog, button) -> None:
    dialog.findChild(QDialogButtonBox).button(button).click()


def tree_items(dialog) -> dict:
    found = {}
    tree = dialog.sublayers
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        found[item.text(0)] = item
    return found


def identify(qtbot, plugin, canvas, canvas_driver) -> None:
    if not plugin.identify.identify_action.isChecked():
        plugin.identify.identify_action.trigger()
    with qtbot.waitSignal(plugin.identify.controller.allFinished, timeout=WAIT_MS):
        canvas_driver.click(canvas, plugin.identify.map_tool, TENNESSEE)


def test_entries_only_on_arcgis_layers_and_gone_on_unload(
    qtbot, plugin_iface, sized_canvas, qgis_new_project, services_url, tmp_path
):
    import arcgis_identify

    world = native_layer(f"{services_url}/World/MapServer", "World")
    qgis_new_project.addMapLayer(world)  # in the project before the plugin loads
    instance = arcgis_identify.classFactory(plugin_iface)
    instance.initGui()
    options, add = instance.layer_entries.actions
    assert (options.text(), add.text()) == (
        "ArcGIS Identify Settings for This Service…",
        "Add to ArcGIS Identify Services",
    )
    for action in (options, add):
        # Registered for no layer type as a whole: each ArcGIS layer gets the entries of its own.
        assert set(plugin_iface.layer_actions[action]) == {
            ("", QgsMapLayerType.RasterLayer, False),
            ("", QgsMapLayerType.VectorLayer, False),
        }
    elevation = native_layer(f"{services_url}/Elevation/ImageServer", "Elevation")
    exported = exported_layer(tmp_path / "export.tif", f"{services_url}/Elevation/ImageServer", "Elevation export")
    plain = geotiff(tmp_path / "plain.tif", "ordinary raster")
    gpkg = geopackage(tmp_path / "points.gpkg", "GeoPackage points")
    qgis_new_project.addMapLayers([elevation, exported, plain, gpkg])
    arcgis_ids = sorted(layer.id() for layer in (world, elevation, exported))
    for action in (options, add):
        assert sorted(plugin_iface.layer_action_layers[action]) == arcgis_ids

    plugin_iface.setActiveLayer(world)
    options.trigger()
    dialog = instance.layer_entries.dialog
    assert dialog.isVisible()
    instance.unload()
    assert not dialog.isVisible()  # closed with the plugin
    assert instance.layer_entries.dialog is None
    assert plugin_iface.layer_actions == {}
    assert plugin_iface.layer_action_layers == {}


def test_mapserver_sublayers_chosen_in_the_dialog_reach_the_server(
    qtbot, plugin, plugin_iface, sized_canvas, qgis_new_project, canvas_driver, services_url, log
):
    world = native_layer(f"{services_url}/World/MapServer", "World")
    qgis_new_project.addMapLayer(world)
    IdentifySettings(only_visible_layers=False).save()  # the canvas need not draw the layer: no map requests
    dialog = open_options(qtbot, plugin, plugin_iface, world)
    assert dialog.layer_choices[None].text() == "Use the plugin's setting (now: visible layers)"
    assert dialog.layer_choices[None].isChecked()
    items = tree_items(dialog)
    assert list(items) == ["Countries", "States and provinces", "Disputed borders"]
    assert not dialog.sublayers.isEnabled()  # until "Only these layers" is chosen
    assert dialog.status.text() == ""

    dialog.layer_choices["only"].setChecked(True)
    assert dialog.sublayers.isEnabled()
    press(dialog, QDialogButtonBox.StandardButton.Ok)  # nothing ticked: said, and the dialog stays
    assert dialog.isVisible() and "Tick at least one layer" in dialog.problem.text()
    items["States and provinces"].setCheckState(0, Qt.CheckState.Checked)
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert not dialog.isVisible()
    assert (world.customProperty(PROP_IDENTIFY_LAYERS), world.customProperty(PROP_IDENTIFY_LAYER_IDS)) == ("only", "1")
    assert qgis_new_project.isDirty()

    identify(qtbot, plugin, sized_canvas, canvas_driver)
    (entry,) = log.entries("/World/MapServer/identify")
    assert entry["params"]["layers"] == "all:1"
    service = plugin.identify.model.index(0, 0)
    found = [
        plugin.identify.model.index(row, 0, service).data() for row in range(plugin.identify.model.rowCount(service))
    ]
    assert found == ["States and provinces"]  # hidden by the service's default, asked for by the layer

    # Opened again: the choice is shown; Reset and OK go back to the plugin's setting.
    dialog = open_options(qtbot, plugin, plugin_iface, world)
    assert dialog.layer_choices["only"].isChecked()
    assert tree_items(dialog)["States and provinces"].checkState(0) == Qt.CheckState.Checked
    assert tree_items(dialog)["Countries"].checkState(0) == Qt.CheckState.Unchecked
    press(dialog, QDialogButtonBox.StandardButton.Reset)
    assert dialog.layer_choices[None].isChecked()
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert world.customProperty(PROP_IDENTIFY_LAYERS) is None
    log.clear()
    identify(qtbot, plugin, sized_canvas, canvas_driver)
    (entry,) = log.entries("/World/MapServer/identify")
    assert entry["params"]["layers"] == "visible"

    # "All layers", then Cancel: nothing changes.
    dialog = open_options(qtbot, plugin, plugin_iface, world)
    dialog.layer_choices["all"].setChecked(True)
    press(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert world.customProperty(PROP_IDENTIFY_LAYERS) is None


def test_a_service_that_cannot_be_read_is_said_and_other_choices_work(
    qtbot, plugin, plugin_iface, qgis_new_project, sample_server
):
    layer = QgsVectorLayer("Point?crs=EPSG:4326", "Broken World", "memory")
    layer.setCustomProperty(PROP_SERVICE_URL, f"{sample_server}/_fault/http-500/arcgis/rest/services/World/MapServer")
    qgis_new_project.addMapLayer(layer)
    dialog = open_options(qtbot, plugin, plugin_iface, layer, reads_service=False)
    assert dialog.status.text() == "Reading the service…"
    with qtbot.waitSignal(dialog.sublayersRead, timeout=WAIT_MS) as blocker:
        pass
    assert blocker.args == [False]
    assert dialog.status.text().startswith("The service's layers could not be read: ")
    assert dialog.status.text().endswith("The other choices still work.")
    assert "Traceback" not in dialog.status.text()
    dialog.layer_choices["top"].setChecked(True)
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert layer.customProperty(PROP_IDENTIFY_LAYERS) == "top"


def test_pixel_values_choice_reaches_the_server(
    qtbot, plugin, plugin_iface, sized_canvas, qgis_new_project, canvas_driver, services_url, log, tmp_path
):
    hillshade = {"rasterFunction": "Hillshade"}
    layer = exported_layer(tmp_path / "e.tif", f"{services_url}/Elevation/ImageServer", "Elevation", hillshade)
    qgis_new_project.addMapLayer(layer)
    IdentifySettings(only_visible_layers=False).save()

    def sent() -> dict:
        log.clear()
        identify(qtbot, plugin, sized_canvas, canvas_driver)
        (entry,) = log.entries("/Elevation/ImageServer/identify")
        return entry["params"]

    assert "renderingRule" not in sent()  # the plugin's setting: raw values
    dialog = open_options(qtbot, plugin, plugin_iface, layer, reads_service=False)
    assert dialog.pixel_choices[None].text() == "Use the plugin's setting (now: raw source values)"
    dialog.pixel_choices[False].setChecked(True)  # rendered
    dialog.catalog_items.setCurrentIndex(dialog.catalog_items.findData("no"))
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert layer.customProperty(PROP_PIXEL_VALUES) == "rendered"
    params = sent()
    assert json.loads(params["renderingRule"]) == hillshade
    assert params["returnCatalogItems"] == "false"

    # The plugin's setting says rendered; the layer says raw.
    IdentifySettings(raw_pixel_values=False, only_visible_layers=False).save()
    assert json.loads(sent()["renderingRule"]) == hillshade  # the layer still says rendered
    dialog = open_options(qtbot, plugin, plugin_iface, layer, reads_service=False)
    assert dialog.pixel_choices[None].text() == "Use the plugin's setting (now: rendered values)"
    dialog.pixel_choices[True].setChecked(True)
    press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert "renderingRule" not in sent()


def test_add_to_the_plugins_services_once_without_token(
    qtbot, plugin, plugin_iface, qgis_new_project, services_url, tmp_path, monkeypatch
):
    pushed: list[tuple] = []
    monkeypatch.setattr(  # the session's message bar: other tests replace its pushMessage too
        plugin_iface.messageBar(), "pushMessage", lambda *args: pushed.append(args)
    )
    world = native_layer(f"{services_url}/World/MapServer", "World")
    elevation = exported_layer(tmp_path / "e.tif", f"{services_url}/Elevation/ImageServer?token=s3cret", "Elev")
    elevation.setCustomProperty(PROP_AUTHCFG, "cfg0001")
    qgis_new_project.addMapLayers([world, elevation])
    (add,) = [a for a in plugin.layer_entries.actions if a.objectName() == "ArcGisLayerAddServiceAction"]
    for layer in (world, elevation, elevation):
        plugin_iface.setActiveLayer(layer)
        add.trigger()
    services = IdentifySettings.load().services
    assert [(s.url, s.authcfg, s.name) for s in services] == [
        (f"{services_url}/World/MapServer", "", "World"),
        (f"{services_url}/Elevation/ImageServer", "cfg0001", "Elev"),
    ]
    assert "s3cret" not in json.dumps(QgsSettings().value(f"{SETTINGS_GROUP}/services"))
    info, short = Qgis.MessageLevel.Info, 4
    assert pushed == [
        ("ArcGIS Identify", '"World" added to the ArcGIS Identify services.', info, short),
        ("ArcGIS Identify", '"Elev" added to the ArcGIS Identify services.', info, short),
        ("ArcGIS Identify", '"Elev" is already in the ArcGIS Identify services.', info, short),
    ]


def test_group_layers_nest_and_stand_for_their_layers(qtbot):
    from arcgis_identify.app.service_targets import ServiceTarget
    from arcgis_identify.core.parsing import parse_service_info
    from arcgis_identify.ui.service_options_dialog import ServiceOptionsDialog

    def layer(layer_id: int, name: str, parent: int = -1, sub: list | None = None) -> dict:
        return {"id": layer_id, "name": name, "parentLayerId": parent, "defaultVisibility": True, "subLayerIds": sub}

    # The shape of a MapServer resource with a group layer (ArcGIS lists groups before their layers).
    info = parse_service_info(
        {
            "currentVersion": 10.91,
            "mapName": "Admin",
            "layers": [
                layer(0, "Boundaries", sub=[1, 2]),
                layer(1, "States", parent=0),
                layer(2, "Counties", parent=0),
                layer(3, "Rivers"),
            ],
        },
        "MapServer",
    )
    source = QgsVectorLayer("Point?crs=EPSG:4326", "Admin", "memory")
    target = ServiceTarget(url="http://h/arcgis/rest/services/Admin/MapServer", kind="MapServer", label="Admin")
    target.layer_ids = [2]  # chosen before
    dialog = ServiceOptionsDialog(source, target, runner=None, settings=IdentifySettings())
    qtbot.addWidget(dialog)
    assert dialog.status.text().endswith("The other choices still work.")  # nothing to read it with
    assert dialog.chosen_layer_ids() == [2]  # unread: the choice stays as it was
    dialog._fill_tree(info.layers)
    tree = dialog.sublayers
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == ["Boundaries", "Rivers"]
    group = tree.topLevelItem(0)
    assert [group.child(i).text(0) for i in range(group.childCount())] == ["States", "Counties"]
    assert group.checkState(0) == Qt.CheckState.PartiallyChecked
    group.setCheckState(0, Qt.CheckState.Checked)
    assert dialog.chosen_layer_ids() == [1, 2]  # a group stands for its layers
    group.setCheckState(0, Qt.CheckState.Unchecked)
    tree.topLevelItem(1).setCheckState(0, Qt.CheckState.Checked)
    assert dialog.chosen_layer_ids() == [3]


def test_every_widget_the_dialog_shows_is_laid_out(qtbot, plugin, plugin_iface, qgis_new_project, services_url):
    """A widget made for the other kind of service, shown but in no layout, would sit over the dialog's intro."""
    from qgis.PyQt.QtWidgets import QWidget

    for kind, name in (("MapServer", "World"), ("ImageServer", "Elevation")):
        layer = native_layer(f"{services_url}/{name}/{kind}", name)
        qgis_new_project.addMapLayer(layer)
        dialog = open_options(qtbot, plugin, plugin_iface, layer, reads_service=kind == "MapServer")
        direct = [
            w
            for w in dialog.findChildren(QWidget)
            if w.parent() is dialog and not w.isWindow() and type(w).__name__ != "QSizeGrip"  # the corner's own
        ]
        stray = [type(w).__name__ for w in direct if w.isVisible() and dialog.layout().indexOf(w) < 0]
        assert stray == [], kind
        assert len([w for w in direct if w.isVisible()]) >= 3  # intro, choices, buttons: the walk saw the dialog
        press(dialog, QDialogButtonBox.StandardButton.Cancel)


def test_reading_cancelled_in_the_task_manager_is_said(qtbot, plugin, plugin_iface, qgis_new_project, sample_server):
    from qgis.core import QgsApplication

    layer = QgsVectorLayer("Point?crs=EPSG:4326", "Slow World", "memory")
    layer.setCustomProperty(PROP_SERVICE_URL, f"{sample_server}/_fault/delay-20/arcgis/rest/services/World/MapServer")
    qgis_new_project.addMapLayer(layer)
    dialog = open_options(qtbot, plugin, plugin_iface, layer, reads_service=False)
    manager = QgsApplication.taskManager()
    qtbot.waitUntil(lambda: any("Slow World" in t.description() for t in manager.activeTasks()), timeout=WAIT_MS)
    task = next(t for t in manager.activeTasks() if "Slow World" in t.description())
    with qtbot.waitSignal(dialog.sublayersRead, timeout=WAIT_MS) as blocker:
        task.cancel()  # the user's cancel button in QGIS's task list
    assert blocker.args == [False]
    assert dialog.status.text() == "Reading the service was cancelled. The other choices still work."
    press(dialog, QDialogButtonBox.StandardButton.Cancel)
