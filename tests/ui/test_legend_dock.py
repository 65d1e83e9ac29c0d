"""The legend dock, driven through its widgets against the sample server (and the legend fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsDataSourceUri,
    QgsMapLayerType,
    QgsPalettedRasterRenderer,
    QgsRasterLayer,
    QgsRectangle,
    QgsSettings,
)
from qgis.PyQt.QtCore import QModelIndex, Qt
from qgis.PyQt.QtGui import QColor, QImage

from arcgis_identify.app.legend import LegendOutcome, LegendRequest, ServiceChoices, legend_sections
from arcgis_identify.app.service_targets import PROP_SERVICE_URL, ServiceTarget
from arcgis_identify.app.settings import SETTINGS_GROUP, ConfiguredService, IdentifySettings
from arcgis_identify.core import ImageService, parse_legend
from arcgis_identify.ui.legend_model import SECTION_ROLE

WAIT_MS = 60000
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"
OPEN_WATER = QColor(70, 107, 159)  # the NLCD colour of class 11 in the LandCover sample service
LANDCOVER_CLASSES = [
    "Open Water",
    "Developed, Open Space",
    "Developed, Low Intensity",
    "Deciduous Forest",
    "Evergreen Forest",
    "Mixed Forest",
    "Shrub/Scrub",
    "Grassland/Herbaceous",
    "Pasture/Hay",
    "Cultivated Crops",
]


@pytest.fixture()
def plugin(plugin_iface, sized_canvas, qgis_new_project):
    import arcgis_identify

    QgsSettings().remove(SETTINGS_GROUP)
    sized_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    instance = arcgis_identify.classFactory(plugin_iface)
    instance.initGui()
    yield instance
    instance.unload()
    QgsSettings().remove(SETTINGS_GROUP)


def configure(services_url: str, *paths: str, **options) -> None:
    services = [ConfiguredService(url=f"{services_url}/{path}", name=path.split("/")[0]) for path in paths]
    IdentifySettings(services=services, **options).save()


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def wait_legend(qtbot, dock, action) -> None:
    with qtbot.waitSignal(dock.legendShown, timeout=WAIT_MS):
        action()


def open_legend(qtbot, plugin, name: str):
    """Opens the dock from its toolbar action and picks `name` in its service picker."""
    dock = plugin.legend.dock
    if not dock.isVisible() or dock.isHidden():
        plugin.legend.action.trigger()
        qtbot.waitUntil(lambda: not dock.progress.isVisible(), timeout=WAIT_MS)
    index = next(i for i in range(dock.service_combo.count()) if dock.service_combo.itemText(i).startswith(name))
    if index != dock.service_combo.currentIndex():
        wait_legend(qtbot, dock, lambda: dock.service_combo.setCurrentIndex(index))
    return dock


def shown(dock) -> list[dict]:
    """What the dock's view shows: each layer's name, notes and entries (label, values, swatch size)."""
    model = dock.view.model()
    out = []
    for row in range(model.rowCount()):
        section = model.index(row, 0)
        entries = []
        for child in range(model.rowCount(section)):
            label = model.index(child, 0, section)
            pixmap = label.data(Qt.ItemDataRole.DecorationRole)
            entries.append(
                {
                    "label": label.data(),
                    "values": model.index(child, 1, section).data(),
                    "size": (pixmap.width(), pixmap.height()),
                    "centre": pixmap.toImage().pixelColor(pixmap.width() // 2, pixmap.height() // 2),
                    "greyed": label.data(Qt.ItemDataRole.ForegroundRole) is not None,
                }
            )
        out.append(
            {
                "name": section.data(),
                "notes": section.siblingAtColumn(1).data(),
                "greyed": section.data(Qt.ItemDataRole.ForegroundRole) is not None,
                "entries": entries,
            }
        )
    return out


def pick(combo, text: str) -> int:
    index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, f"{text!r} not in {[combo.itemText(i) for i in range(combo.count())]}"
    return index


# -- each service ------------------------------------------------------------------------------------------
def test_landcover_unique_values_legend(qtbot, plugin, services_url, log):
    configure(services_url, "LandCover/ImageServer")
    dock = open_legend(qtbot, plugin, "LandCover")
    (section,) = shown(dock)
    assert section["notes"].startswith("Unique Values")
    assert [e["label"] for e in section["entries"]] == LANDCOVER_CLASSES
    water = section["entries"][0]
    assert water["size"] == (20, 20)
    assert water["centre"] == OPEN_WATER
    assert "Unique Values" in dock.status.text() or "10 legend entries" in dock.status.text()
    assert dock.bands_combo.isVisibleTo(dock) and dock.rule_combo.isVisibleTo(dock)
    assert not dock.variable_combo.isVisibleTo(dock)  # not multidimensional
    assert len(log.entries("/LandCover/ImageServer/legend")) == 1


@pytest.mark.parametrize(
    ("path", "legend_type", "first_label"),
    [
        ("Elevation/ImageServer", "Stretched", "High : "),
        ("Imagery/ImageServer", "RGB Composite", "Red: "),
        ("Climate/ImageServer", "Stretched", "High : "),
    ],
)
def test_image_service_legends(qtbot, plugin, services_url, path, legend_type, first_label):
    configure(services_url, path)
    dock = open_legend(qtbot, plugin, path.split("/")[0])
    (section,) = shown(dock)
    assert section["notes"].split(" · ")[0] == legend_type
    assert section["entries"][0]["label"].startswith(first_label)
    assert all(e["size"] == (20, 20) for e in section["entries"])
    direct = ImageService(f"{services_url}/{path}").legend()
    assert [e["label"] or "" for e in section["entries"]] == [
        item.label or "<all other values>" for item in direct.layers[0].items
    ]


def test_mapserver_legend_in_service_order_with_scale_ranges(qtbot, plugin, services_url, sized_canvas):
    configure(services_url, "World/MapServer")
    sized_canvas.setExtent(QgsRectangle(-20, 30, 20, 60))
    sized_canvas.zoomScale(50_000_000)
    assert round(sized_canvas.scale()) == 50_000_000
    dock = open_legend(qtbot, plugin, "World")
    sections = shown(dock)
    assert [s["name"] for s in sections] == ["Countries", "States and provinces", "Disputed borders"]
    disputed = sections[2]
    assert "1:100,000,000" in disputed["notes"] and not disputed["greyed"]
    assert "hidden by default" in sections[1]["notes"] and sections[1]["greyed"]
    assert all(entry["size"] == (20, 20) for s in sections for entry in s["entries"])

    # Zoomed out beyond the layer's minScale: greyed and says so; the other layers are not.
    sized_canvas.zoomScale(200_000_000)
    disputed = shown(dock)[2]
    assert disputed["greyed"] and all(e["greyed"] for e in disputed["entries"])
    assert "out of scale at 1:200,000,000" in disputed["notes"]
    assert not shown(dock)[0]["greyed"]


# -- parameters ----------------------------------------------------------------------------------------------
def test_band_ids_reach_the_server_and_change_the_legend(qtbot, plugin, services_url, log):
    configure(services_url, "Imagery/ImageServer")
    dock = open_legend(qtbot, plugin, "Imagery")
    names = ImageService(f"{services_url}/Imagery/ImageServer").info().band_names
    label = f"{names[3]}, {names[2]}, {names[1]} (3,2,1)"
    wait_legend(qtbot, dock, lambda: dock.bands_combo.setCurrentIndex(pick(dock.bands_combo, label)))
    assert log.entries("/Imagery/ImageServer/legend")[-1]["params"]["bandIds"] == "3,2,1"
    labels = [e["label"] for e in shown(dock)[0]["entries"]]
    assert labels == [f"Red: {names[3]}", f"Green: {names[2]}", f"Blue: {names[1]}"]
    # One band: a stretched legend.
    wait_legend(qtbot, dock, lambda: dock.bands_combo.setCurrentIndex(pick(dock.bands_combo, f"{names[0]} (0)")))
    assert log.entries("/Imagery/ImageServer/legend")[-1]["params"]["bandIds"] == "0"
    assert shown(dock)[0]["notes"].startswith("Stretched")


def test_rendering_rule_reaches_the_server_and_changes_the_legend(qtbot, plugin, services_url, log):
    configure(services_url, "Elevation/ImageServer")
    dock = open_legend(qtbot, plugin, "Elevation")
    before = [e["label"] for e in shown(dock)[0]["entries"]]
    wait_legend(qtbot, dock, lambda: dock.rule_combo.setCurrentIndex(pick(dock.rule_combo, "Hillshade")))
    sent = json.loads(log.entries("/Elevation/ImageServer/legend")[-1]["params"]["renderingRule"])
    assert sent == {"rasterFunction": "Hillshade"}
    after = [e["label"] for e in shown(dock)[0]["entries"]]
    assert after[0] == "High : 255" and after != before
    # "None" asks for the raw values.
    wait_legend(qtbot, dock, lambda: dock.rule_combo.setCurrentIndex(pick(dock.rule_combo, "None (raw values)")))
    sent = json.loads(log.entries("/Elevation/ImageServer/legend")[-1]["params"]["renderingRule"])
    assert sent == {"rasterFunction": "None"}


def test_variable_reaches_the_server_and_changes_the_legend(qtbot, plugin, services_url, log):
    configure(services_url, "Climate/ImageServer")
    dock = open_legend(qtbot, plugin, "Climate")
    assert dock.variable_combo.isVisibleTo(dock)
    variables = [dock.variable_combo.itemText(i) for i in range(1, dock.variable_combo.count())]
    assert variables == ["temperature", "precipitation"]
    before = shown(dock)[0]
    wait_legend(qtbot, dock, lambda: dock.variable_combo.setCurrentIndex(pick(dock.variable_combo, "precipitation")))
    assert log.entries("/Climate/ImageServer/legend")[-1]["params"]["variable"] == "precipitation"
    after = shown(dock)[0]
    assert after["name"] == "Climate_precipitation"
    assert after["entries"][0]["label"] != before["entries"][0]["label"]


# -- cache, refresh, errors ----------------------------------------------------------------------------------
def test_switching_back_costs_no_request_and_refresh_fetches_again(qtbot, plugin, services_url, log):
    configure(services_url, "LandCover/ImageServer", "Elevation/ImageServer")
    dock = open_legend(qtbot, plugin, "LandCover")
    open_legend(qtbot, plugin, "Elevation")
    wait_legend(qtbot, dock, lambda: dock.rule_combo.setCurrentIndex(pick(dock.rule_combo, "Hillshade")))
    open_legend(qtbot, plugin, "LandCover")
    open_legend(qtbot, plugin, "Elevation")
    assert dock.rule_combo.currentText() == "Hillshade"  # the choice made for the service is kept
    assert shown(dock)[0]["entries"][0]["label"] == "High : 255"
    assert len(log.entries("/LandCover/ImageServer/legend")) == 1
    assert len(log.entries("/Elevation/ImageServer/legend")) == 2  # default, then Hillshade
    assert len(log.entries("/Elevation/ImageServer")) == 1  # the service info once
    wait_legend(qtbot, dock, dock.action_refresh.trigger)
    assert len(log.entries("/Elevation/ImageServer/legend")) == 3


@pytest.mark.parametrize(
    ("mode", "words"),
    [("http-500", "500"), ("error-200", ""), ("html-502", ""), ("delay-8", "timed out")],
)
def test_a_failing_service_says_why_in_the_status_line(qtbot, plugin, sample_server, mode, words):
    url = f"{sample_server}/_fault/{mode}/arcgis/rest/services/Elevation/ImageServer"
    IdentifySettings(services=[ConfiguredService(url=url, name="Faulty")], timeout_seconds=3).save()
    dock = open_legend(qtbot, plugin, "Faulty")
    message = dock.status.text()
    assert "Traceback" not in message and len(message) > 20
    assert words in message
    assert "Elevation/ImageServer" in message or "Faulty" in message
    assert dock.view.model().rowCount() == 0
    assert not dock.action_save.isEnabled()


def test_progress_shows_while_the_legend_is_fetched(qtbot, plugin, services_url):
    configure(services_url, "LandCover/ImageServer", "Elevation/ImageServer")
    dock = open_legend(qtbot, plugin, "LandCover")
    assert not dock.progress.isVisibleTo(dock)
    with qtbot.waitSignal(dock.legendShown, timeout=WAIT_MS):
        dock.service_combo.setCurrentIndex(pick(dock.service_combo, "Elevation"))
        # Nothing is delivered before the event loop runs: the request is under way.
        assert dock.progress.isVisibleTo(dock)
        assert dock.status.text().startswith("Fetching the legend of Elevation")
    assert not dock.progress.isVisibleTo(dock)


def test_token_required_is_a_sentence(qtbot, plugin, services_url):
    configure(services_url, "Secure/Elevation/ImageServer")
    dock = open_legend(qtbot, plugin, "Secure")
    assert "token" in dock.status.text().lower()
    assert "Traceback" not in dock.status.text()


# -- fixtures: the seed's NLCD example and real servers' legends -------------------------------------------
def _display(dock, name: str, kind: str = "ImageServer") -> list[dict]:
    target = ServiceTarget(url=f"http://h/arcgis/rest/services/F/{kind}", kind=kind, label="Fixture")
    legend = parse_legend(load_fixture(name))
    outcome = LegendOutcome(LegendRequest(target), ServiceChoices(), legend_sections(legend, ServiceChoices(), target))
    dock.display(outcome)
    return shown(dock)


def test_seed_nlcd_example_and_fixtures_shown_right(plugin):
    import base64

    dock = plugin.legend.dock
    (nlcd,) = _display(dock, "imageserver_legend_seed_nlcd.json")
    assert nlcd["name"] == "NLCD" and nlcd["notes"] == "Unique Values"
    assert [e["label"] for e in nlcd["entries"]] == ["WATER", "AGRICULTURE", "GRASS"]
    assert all(e["size"] == (20, 20) and e["values"] == "" for e in nlcd["entries"])  # values repeat the label
    raw = load_fixture("imageserver_legend_seed_nlcd.json")["layers"][0]["legend"]
    for entry, item in zip(nlcd["entries"], raw):
        image = QImage.fromData(base64.b64decode(item["imageData"]))
        assert entry["centre"] == image.pixelColor(10, 10)

    (water,) = _display(dock, "mapserver_legend.json", "MapServer")
    assert water["name"] == "Water Abandoned Points"
    assert [(e["label"], e["size"]) for e in water["entries"]] == [("<all other values>", (20, 20))]

    (raster,) = _display(dock, "mapserver_legend_raster_layer_excerpt.json", "MapServer")
    assert [e["label"] for e in raster["entries"]] == ["< 1.0 (g/cm3)", "1.0 - 1.2 (g/cm3)"]
    assert "Legend of" not in dock.status.text() and "2 legend entries" in dock.status.text()


def test_irregular_legends_are_shown_sensibly(plugin):
    import base64

    swatch = load_fixture("imageserver_legend_seed_nlcd.json")["layers"][0]["legend"][0]["imageData"]
    data = {
        "layers": [
            {
                "layerId": "0",
                "layerName": "Odd",
                "minScale": "5.0E7",
                "maxScale": "0",
                "legendType": "Classified",
                "legend": [
                    {"label": "No size", "imageData": swatch},  # no width/height, no values
                    {"label": "Twice", "imageData": swatch, "values": [1]},
                    {"label": "Twice", "imageData": swatch, "values": [2]},
                    "junk",
                    {"label": "Broken swatch", "imageData": base64.b64encode(b"not a png").decode()},
                ],
            }
        ]
    }
    target = ServiceTarget(url="http://h/arcgis/rest/services/F/ImageServer", kind="ImageServer", label="F")
    sections = legend_sections(parse_legend(data), ServiceChoices(), target)
    dock = plugin.legend.dock
    dock.display(LegendOutcome(LegendRequest(target), ServiceChoices(), sections))
    (odd,) = shown(dock)
    assert [(e["label"], e["values"], e["size"]) for e in odd["entries"]] == [
        ("No size", "", (20, 20)),
        ("Twice", "1", (20, 20)),
        ("Twice", "2", (20, 20)),
        ("Broken swatch", "", (20, 20)),
    ]
    assert "1:50,000,000" in odd["notes"]
    assert dock.view.model().index(0, 0).data(SECTION_ROLE).min_scale == 50_000_000


def test_a_legend_of_thousands_of_entries_makes_swatches_only_for_the_rows_shown(plugin):
    swatch = load_fixture("imageserver_legend_seed_nlcd.json")["layers"][0]["legend"][0]["imageData"]
    items = [{"label": f"Class {i}", "imageData": swatch, "values": [i]} for i in range(3000)]
    data = {"layers": [{"layerId": 0, "layerName": "Many", "legendType": "Unique Values", "legend": items}]}
    target = ServiceTarget(url="http://h/arcgis/rest/services/F/ImageServer", kind="ImageServer", label="F")
    sections = legend_sections(parse_legend(data), ServiceChoices(), target)
    dock = plugin.legend.dock
    dock.setUserVisible(True)
    dock.display(LegendOutcome(LegendRequest(target), ServiceChoices(), sections))
    dock.view.scrollToBottom()
    dock.view.viewport().repaint()
    model = dock.view.model()
    assert model.rowCount(model.index(0, 0)) == 3000
    assert 0 < len(model._pixmaps) < 300  # pixmaps for the rows painted, not for all 3000
    assert "3000 legend entries" in dock.status.text()


# -- image, style ----------------------------------------------------------------------------------------------
def test_png_is_the_size_of_the_legend_and_not_blank(qtbot, plugin, services_url, tmp_path):
    configure(services_url, "LandCover/ImageServer")
    dock = open_legend(qtbot, plugin, "LandCover")
    path = dock.save_png(str(tmp_path / "legend"))
    assert path and path.endswith(".png")
    saved = QImage(path)
    assert not saved.isNull()
    expected = dock.legend_image()
    assert (saved.width(), saved.height()) == (expected.width(), expected.height())
    # Ten 20-pixel swatches one under the other, and a label beside each.
    assert saved.height() >= 10 * 20 and saved.width() > 20 + 100
    colours = {saved.pixelColor(x, y).rgb() for x in range(0, saved.width(), 3) for y in range(0, saved.height(), 3)}
    assert len(colours) > 10
    assert OPEN_WATER.rgb() in colours
    dock.action_copy.trigger()
    from qgis.PyQt.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().image().size() == expected.size()


def test_apply_as_style_gives_an_exported_layer_the_legends_palette(
    qtbot, plugin, services_url, qgis_new_project, tmp_path, log
):
    url = f"{services_url}/LandCover/ImageServer"
    service = ImageService(url)
    extent = service.info().extent
    centre_x, centre_y = (extent.xmin + extent.xmax) / 2, (extent.ymin + extent.ymax) / 2
    exported = service.export_image(
        bbox=(centre_x - 3000, centre_y - 3000, centre_x + 3000, centre_y + 3000),
        bbox_crs=extent.spatial_reference,
        size=(100, 100),
        format="tiff",
        to_path=tmp_path / "landcover.tif",
    )
    layer = QgsRasterLayer(exported.path, "Land cover export", "gdal")
    assert layer.isValid()
    layer.setCustomProperty(PROP_SERVICE_URL, url)
    qgis_new_project.addMapLayer(layer)
    dock = open_legend(qtbot, plugin, "Land cover export")  # the project's layers name the services they show
    assert dock.action_style.isEnabled()
    with qtbot.waitSignal(dock.styleApplied, timeout=WAIT_MS):
        dock.action_style.trigger()
    renderer = layer.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    classes = {c.value: (c.label, c.color.name()) for c in renderer.classes()}
    assert classes[11] == ("Open Water", OPEN_WATER.name())
    assert classes[82][0] == "Cultivated Crops" and len(classes) == 10
    assert log.entries("/LandCover/ImageServer/rasterAttributeTable")  # class names → pixel values
    assert "Land cover export" in dock.status.text()


def test_apply_as_style_needs_an_exported_layer_of_the_service(qtbot, plugin, services_url):
    configure(services_url, "LandCover/ImageServer", "Elevation/ImageServer")
    dock = open_legend(qtbot, plugin, "LandCover")
    assert not dock.action_style.isEnabled()  # no exported layer
    open_legend(qtbot, plugin, "Elevation")
    assert not dock.action_style.isEnabled()  # a stretched legend has no classes


# -- following layers, context menus, unload -----------------------------------------------------------------
def _native_mapserver_layer(url: str, sublayer: str) -> QgsRasterLayer:
    uri = QgsDataSourceUri()
    uri.setParam("url", url)
    uri.setParam("layer", sublayer)
    uri.setParam("crs", "EPSG:3857")
    uri.setParam("format", "PNG32")
    layer = QgsRasterLayer(uri.uri(False), "World countries", "arcgismapserver")
    assert layer.isValid(), layer.error().summary()
    return layer


def test_follows_the_current_layer_and_marks_what_it_hides(qtbot, plugin, plugin_iface, services_url, qgis_new_project):
    world = _native_mapserver_layer(f"{services_url}/World/MapServer", "0")
    other = QgsRasterLayer(f"{services_url}/nothing.tif", "not arcgis", "gdal")
    qgis_new_project.addMapLayers([world, other])
    dock = plugin.legend.dock
    plugin.legend.action.trigger()  # opened on no ArcGIS layer: the first service in play
    qtbot.waitUntil(lambda: not dock.progress.isVisible(), timeout=WAIT_MS)
    dock.model.clear()
    wait_legend(qtbot, dock, lambda: plugin_iface.currentLayerChanged.emit(world))
    assert dock.service_combo.currentText().startswith("World countries")
    sections = {s["name"]: s for s in shown(dock)}
    assert not sections["Countries"]["greyed"]
    assert "not shown by the project's layer" in sections["States and provinces"]["notes"]
    assert sections["Disputed borders"]["greyed"]
    assert plugin.legend.layer_action.isEnabled()
    plugin.shell.layer_actions.current_layer_changed(None)
    assert not plugin.legend.layer_action.isEnabled()


def test_layer_context_menu_and_results_dock_open_the_legend(
    qtbot, plugin, plugin_iface, services_url, qgis_new_project
):
    from arcgis_identify.ui.results_model import SERVICE, Node

    registered = plugin_iface.layer_actions[plugin.legend.layer_action]
    assert ("", QgsMapLayerType.RasterLayer, True) in registered
    world = _native_mapserver_layer(f"{services_url}/World/MapServer", "")
    qgis_new_project.addMapLayer(world)
    plugin_iface.setActiveLayer(world)
    dock = plugin.legend.dock
    assert dock.isHidden()
    wait_legend(qtbot, dock, plugin.legend.layer_action.trigger)
    assert not dock.isHidden()
    assert shown(dock)[0]["name"] == "Countries"

    # A service node of the results dock offers the legend of its service.
    target = ServiceTarget(url=f"{services_url}/Elevation/ImageServer", kind="ImageServer", label="Elevation")
    node = plugin.identify.model.add_top(Node(SERVICE, "Elevation", payload=target))
    menu = plugin.identify.dock.context_menu(plugin.identify.model.index_for(node))
    action = next(a for a in menu.actions() if a.objectName() == "legend")
    wait_legend(qtbot, dock, action.trigger)
    assert dock.service_combo.currentText().startswith("Elevation")
    assert shown(dock)[0]["notes"].startswith("Stretched")
    assert plugin.identify.dock.context_menu(QModelIndex()).actions()[0].objectName() != "legend"


def test_unload_removes_the_dock_its_actions_and_menu_entries(plugin_iface, sized_canvas, qgis_new_project):
    import arcgis_identify

    instance = arcgis_identify.classFactory(plugin_iface)
    instance.initGui()
    assert any(d.objectName() == "ArcGisLegendDock" for d in plugin_iface.plugin_docks)
    assert "ArcGIS Legend" in [a.text() for a in plugin_iface.web_menus["&ArcGIS Identify"]]
    assert plugin_iface.layer_actions
    instance.unload()
    assert not any(d.objectName() == "ArcGisLegendDock" for d in plugin_iface.plugin_docks)
    assert plugin_iface.web_menus == {}
    assert plugin_iface.layer_actions == {}
    assert instance.legend.dock is None
