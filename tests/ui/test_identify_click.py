"""A click on the canvas identifies on every ArcGIS service in play, through the whole plugin and a real server."""

from __future__ import annotations

import json

import pytest
import requests
from qgis.core import (
    QgsApplication,
    QgsAuthMethodConfig,
    QgsCoordinateReferenceSystem,
    QgsDataSourceUri,
    QgsDateTimeRange,
    QgsGeometry,
    QgsPointXY,
    QgsRasterLayer,
    QgsRectangle,
    QgsTask,
)
from qgis.PyQt.QtCore import QDateTime, QModelIndex, Qt

from arcgis_identify.app.runner import JobState
from arcgis_identify.app.settings import ConfiguredService, IdentifySettings

# Inside the Elevation and Imagery services, in Tennessee.
TENNESSEE = QgsPointXY(-84.2, 36.5)
# On the Kentucky–Tennessee line, where the tolerance decides whether one or both states are found.
STATE_LINE = QgsPointXY(-84.22, 36.608)  # about 0.01° north of the line
PARIS = QgsPointXY(2.35, 48.85)
WAIT_MS = 60000


def configure(*services: ConfiguredService, **options) -> None:
    IdentifySettings(services=list(services), **options).save()


def native_layer(url: str, name: str) -> QgsRasterLayer:
    """QGIS's own "ArcGIS Map Service" layer, as a user adds it from the Browser."""
    uri = QgsDataSourceUri()
    uri.setParam("url", url)
    uri.setParam("layer", "")
    uri.setParam("crs", "EPSG:3857")
    uri.setParam("format", "PNG32")
    layer = QgsRasterLayer(uri.uri(False), name, "arcgismapserver")
    assert layer.isValid(), layer.error().summary()
    return layer


def show(canvas, project, layers, center: QgsPointXY, width_degrees: float) -> None:
    project.addMapLayers(layers)
    canvas.setLayers(layers)
    half = width_degrees / 2
    canvas.setExtent(QgsRectangle(center.x() - half, center.y() - half, center.x() + half, center.y() + half))


def click_and_wait(qtbot, plugin, canvas, canvas_driver, point: QgsPointXY) -> tuple[int, float]:
    with qtbot.waitSignal(plugin.identify.controller.allFinished, timeout=WAIT_MS) as blocker:
        canvas_driver.click(canvas, plugin.identify.map_tool, point)
    return tuple(blocker.args)


def label(index) -> str:
    """A row's label (a service of the plugin's own list shows "(plugin's list)" after it)."""
    from arcgis_identify.ui.results_model import NODE_ROLE

    return index.data(NODE_ROLE).label


def tree(model) -> dict:
    """{service label: {child label: [grandchild labels]}} of the results model."""
    out = {}
    for row in range(model.rowCount()):
        service = model.index(row, 0)
        children = {}
        for child_row in range(model.rowCount(service)):
            child = model.index(child_row, 0, service)
            children[child.data()] = [model.index(r, 0, child).data() for r in range(model.rowCount(child))]
        out[label(service)] = children
    return out


def child_index(model, parent, text: str):
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if label(index) == text:
            return index
    raise AssertionError(f"no {text!r} under {parent.data()!r}")


def rest_identify(services_url: str, path: str, **params) -> dict:
    params.setdefault("f", "json")
    return requests.get(f"{services_url}/{path}/identify", params=params, timeout=30).json()


def test_click_identifies_country_state_elevation_and_catalog_items(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, log
):
    world = native_layer(f"{services_url}/World/MapServer", "World")
    show(sized_canvas, qgis_new_project, [world], TENNESSEE, 0.5)
    configure(
        ConfiguredService(url=f"{services_url}/Elevation/ImageServer", name="Elevation"),
        ConfiguredService(url=f"{services_url}/Imagery/ImageServer", name="Imagery"),
        layers_option="all",  # the service hides its states layer by default
    )
    results, _seconds = click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    found = tree(plugin.identify.model)
    assert set(found) == {"World", "Elevation", "Imagery"}
    assert found["World"]["Countries"] == ["United States of America"]
    assert found["World"]["States and provinces"] == ["Tennessee"]

    # The elevation the dock shows is the one the service gives for the spot (asked directly, in its own CRS).
    expected = rest_identify(
        services_url,
        "Elevation/ImageServer",
        geometry=json.dumps({"x": TENNESSEE.x(), "y": TENNESSEE.y(), "spatialReference": {"wkid": 4326}}),
        geometryType="esriGeometryPoint",
        returnCatalogItems="false",
    )
    model = plugin.identify.model
    elevation = child_index(model, QModelIndex(), "Elevation")
    pixel = child_index(model, elevation, "Pixel")
    assert pixel.siblingAtColumn(1).data() == expected["value"]
    assert float(expected["value"]) > 0

    direct = rest_identify(
        services_url,
        "Imagery/ImageServer",
        geometry=json.dumps({"x": TENNESSEE.x(), "y": TENNESSEE.y(), "spatialReference": {"wkid": 4326}}),
        geometryType="esriGeometryPoint",
        returnCatalogItems="true",
    )
    names = [f["attributes"]["Name"] for f in direct["catalogItems"]["features"]]
    assert names, "the sample point must be covered by Imagery scenes"
    assert found["Imagery"]["Catalog items"] == names
    assert results >= 2 + 1 + 1 + len(names)

    # What was sent: the canvas CRS (4326) to a 3857 service, the canvas extent and size.
    (entry,) = log.entries("/World/MapServer/identify")
    params = entry["params"]
    sr = json.loads(params["sr"])
    assert (sr.get("wkid") if isinstance(sr, dict) else sr) == 4326
    width, height, _dpi = (float(v) for v in params["imageDisplay"].split(","))
    assert (width, height) == (
        sized_canvas.mapSettings().outputSize().width(),
        sized_canvas.mapSettings().outputSize().height(),
    )
    assert params["tolerance"] == "5"
    assert params["layers"] == "all"


def test_canvas_size_changes_the_tolerance_the_server_applies(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, log
):
    configure(ConfiguredService(url=f"{services_url}/World/MapServer", name="World"), layers_option="all")
    show(sized_canvas, qgis_new_project, [], STATE_LINE, 1.0)
    sized_canvas.resize_to(300, 300)
    sized_canvas.setExtent(QgsRectangle(-84.72, 36.1, -83.72, 37.1))
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, STATE_LINE)
    coarse = tree(plugin.identify.model)["World"]["States and provinces"]
    sized_canvas.resize_to(1400, 900)
    sized_canvas.setExtent(QgsRectangle(-84.72, 36.1, -83.72, 37.1))
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, STATE_LINE)
    fine = tree(plugin.identify.model)["World"]["States and provinces"]
    assert sorted(coarse) == ["Kentucky", "Tennessee"]  # 5 px of a small canvas reach across the line
    assert fine == ["Kentucky"]  # 5 px of a large canvas do not

    first, second = log.entries("/World/MapServer/identify")

    def tolerance_in_degrees(entry) -> float:
        xmin, _ymin, xmax, _ymax = (float(v) for v in entry["params"]["mapExtent"].split(","))
        width = float(entry["params"]["imageDisplay"].split(",")[0])
        return float(entry["params"]["tolerance"]) * (xmax - xmin) / width

    assert tolerance_in_degrees(first) > 3 * tolerance_in_degrees(second)


def test_device_pixel_ratio_scales_display_and_tolerance_together(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, log
):
    configure(ConfiguredService(url=f"{services_url}/World/MapServer", name="World"))
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    sized_canvas.devicePixelRatioF = lambda: 2.0  # a HiDPI screen
    try:
        click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    finally:
        del sized_canvas.devicePixelRatioF
    normal, hidpi = (e["params"] for e in log.entries("/World/MapServer/identify"))
    w1, h1, dpi1 = (float(v) for v in normal["imageDisplay"].split(","))
    w2, h2, dpi2 = (float(v) for v in hidpi["imageDisplay"].split(","))
    assert (w2, h2) == (2 * w1, 2 * h1)
    assert abs(dpi2 - 2 * dpi1) < 0.02
    assert int(hidpi["tolerance"]) == 2 * int(normal["tolerance"])  # the same distance on screen


def test_active_temporal_controller_sends_time(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, log
):
    configure(
        ConfiguredService(url=f"{services_url}/World/MapServer", name="World"),
        ConfiguredService(url=f"{services_url}/Imagery/ImageServer", name="Imagery"),
    )
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    begin = QDateTime(2021, 1, 1, 0, 0, 0, 0, Qt.TimeSpec.UTC)
    end = QDateTime(2021, 12, 31, 0, 0, 0, 0, Qt.TimeSpec.UTC)
    sized_canvas.setTemporalRange(QgsDateTimeRange(begin, end))
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    expected = f"{begin.toMSecsSinceEpoch()},{end.toMSecsSinceEpoch()}"
    assert log.entries("/World/MapServer/identify")[0]["params"]["time"] == expected
    assert log.entries("/Imagery/ImageServer/identify")[0]["params"]["time"] == expected


def test_second_click_cancels_the_first(qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, sample_server):
    """The first click's job ends (cancelled) while the second click's runs: what it ended with reaches neither the
    new click's row of the same service (never "Cancelled") nor the new click's summary."""
    slow = f"{sample_server}/_fault/delay-4/arcgis/rest/services/World/MapServer"
    configure(ConfiguredService(url=slow, name="World (slow)"))
    show(sized_canvas, qgis_new_project, [], QgsPointXY(-40, 40), 120)
    finished = []
    plugin.identify.controller.serviceFinished.connect(finished.append)
    statuses = []  # every status a service's row showed, as the model announced it

    def changed(top_left, bottom_right, roles=()) -> None:
        statuses.append(bottom_right.siblingAtColumn(1).data())

    plugin.identify.model.dataChanged.connect(changed)
    canvas_driver.click(sized_canvas, plugin.identify.map_tool, PARIS)
    (first,) = plugin.identify.controller.batch.jobs
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    qtbot.waitUntil(lambda: first.state is JobState.FINISHED, timeout=WAIT_MS)  # delivered to the main thread
    assert first.cancelled and first.superseded
    assert first.elapsed < 4  # it ended when the second click cancelled it, long before the second click's answer
    assert len(finished) == 1  # the first click's answer never shows
    assert statuses and not any(str(status).startswith("Cancelled") for status in statuses)
    assert plugin.identify.controller.summary.cancelled == 0
    assert "cancelled" not in plugin.identify.controller.summary_text()
    assert tree(plugin.identify.model)["World (slow)"]["Countries"] == ["United States of America"]


FAULTS = [
    "http-500",
    "html-502",
    "reset",
    "truncated-json",
    "error-200",
    "empty",
    "wrong-content-type",
    "drip",
    "delay-8",
]


@pytest.mark.parametrize("mode", FAULTS)
def test_fault_shows_a_sentence_and_keeps_the_other_results(
    qtbot, plugin, plugin_iface, sized_canvas, qgis_new_project, canvas_driver, services_url, sample_server, mode
):
    faulty = f"{sample_server}/_fault/{mode}/arcgis/rest/services/Elevation/ImageServer"
    configure(
        ConfiguredService(url=f"{services_url}/World/MapServer", name="World"),
        ConfiguredService(url=faulty, name="Faulty"),
        timeout_seconds=3,
    )
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    found = tree(plugin.identify.model)
    assert found["World"]["Countries"] == ["United States of America"]
    ((message, _),) = found["Faulty"].items()
    assert "Traceback" not in message and len(message) > 20
    assert "Elevation/ImageServer" in message or "Faulty" in message
    faulty_node = child_index(plugin.identify.model, QModelIndex(), "Faulty")
    assert faulty_node.siblingAtColumn(1).data() == "Failed"


def test_huge_answer_does_not_disturb_the_other_services(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, sample_server
):
    huge = f"{sample_server}/_fault/huge/arcgis/rest/services/Elevation/ImageServer"
    configure(
        ConfiguredService(url=f"{services_url}/World/MapServer", name="World"), ConfiguredService(url=huge, name="Huge")
    )
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    found = tree(plugin.identify.model)
    assert found["World"]["Countries"] == ["United States of America"]
    huge = child_index(plugin.identify.model, QModelIndex(), "Huge")
    # A ~30 MB answer is either read (a pixel) or refused with a sentence; the dock goes on either way.
    assert list(found["Huge"])[:1] == ["Pixel"] or huge.siblingAtColumn(1).data() == "Failed"


@pytest.fixture()
def basic_authcfg():
    manager = QgsApplication.authManager()
    manager.setPasswordHelperEnabled(False)
    assert manager.setMasterPassword("arcgis-identify-tests", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("sample server analyst")
    config.setConfig("username", "analyst")
    config.setConfig("password", "analyst-pass-2026")
    manager.storeAuthenticationConfig(config)
    assert config.id()
    yield config.id()
    manager.removeAuthenticationConfig(config.id())


def test_token_secured_service_through_an_authcfg(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, basic_authcfg, log
):
    configure(
        ConfiguredService(url=f"{services_url}/Secure/World/MapServer", name="Secure World", authcfg=basic_authcfg),
        ConfiguredService(url=f"{services_url}/Secure/Elevation/ImageServer", name="Secure Elevation"),
    )
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    messages = []
    plugin.identify.controller.authProblem.connect(messages.append)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    found = tree(plugin.identify.model)
    assert found["Secure World"]["Countries"] == ["United States of America"]
    # Without credentials: a readable sentence under the service, and the auth warning signal.
    ((message, _),) = found["Secure Elevation"].items()
    assert "token" in message.lower()
    assert len(messages) == 1
    entries = [e for e in log.entries("") if "/Secure/" in e["path"]]
    assert entries and not any(e["token_in_url"] for e in entries)


def test_selected_result_is_highlighted(qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url):
    configure(ConfiguredService(url=f"{services_url}/World/MapServer", name="World"), layers_option="all")
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    model = plugin.identify.model
    world = child_index(model, QModelIndex(), "World")
    state = model.index(0, 0, child_index(model, world, "States and provinces"))
    plugin.identify.dock.tree.setCurrentIndex(state)
    band = plugin.identify.dock.highlight
    assert band is not None
    highlighted = band.asGeometry()
    assert not highlighted.isEmpty()
    assert highlighted.contains(QgsGeometry.fromPointXY(TENNESSEE))  # the state's shape, in the canvas CRS
    plugin.identify.dock.tree.clearSelection()
    assert plugin.identify.dock.highlight is None


def test_dock_actions_on_real_results(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, log, tmp_path
):
    from qgis.PyQt.QtGui import QGuiApplication

    configure(ConfiguredService(url=f"{services_url}/World/MapServer", name="World"), layers_option="all")
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    dock, model = plugin.identify.dock, plugin.identify.model
    world = child_index(model, QModelIndex(), "World")
    country = model.index(0, 0, child_index(model, world, "Countries"))
    dock.tree.setCurrentIndex(country)

    dock.action_copy.trigger()
    assert "Country name: United States of America" in QGuiApplication.clipboard().text()
    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS):
        dock.action_copy_wkt.trigger()
    assert QGuiApplication.clipboard().text().startswith("MultiPolygon")

    before = set(qgis_new_project.mapLayers())
    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS):
        dock.action_scratch.trigger()
    (added,) = [qgis_new_project.mapLayer(i) for i in set(qgis_new_project.mapLayers()) - before]
    assert added.featureCount() == 1 and added.crs() == sized_canvas.mapSettings().destinationCrs()

    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS):
        dock.export_results(str(tmp_path / "identify.gpkg"))
    assert (tmp_path / "identify.gpkg").exists()

    extent_before = sized_canvas.extent()
    dock.action_zoom.trigger()
    assert sized_canvas.extent() != extent_before
    assert sized_canvas.extent().contains(QgsGeometry.fromPointXY(TENNESSEE).boundingBox())

    with qtbot.waitSignal(plugin.identify.controller.allFinished, timeout=WAIT_MS):
        dock.action_again.trigger()
    assert len(log.entries("/World/MapServer/identify")) == 2
    dock.action_clear.trigger()
    assert model.rowCount() == 0
    assert dock.highlight is None


def test_settings_dialog_round_trip(qtbot, plugin):
    from arcgis_identify.ui.settings_dialog import SettingsDialog

    configure(ConfiguredService(url="http://h/arcgis/rest/services/A/MapServer", name="A"), tolerance=8)
    dialog = SettingsDialog(IdentifySettings.load())
    qtbot.addWidget(dialog)
    assert dialog.tolerance.value() == 8
    assert dialog.table.rowCount() == 1
    dialog.tolerance.setValue(3)
    dialog.layers_option.setCurrentIndex(dialog.layers_option.findData("top"))
    dialog.add_service_row(ConfiguredService(url="http://h/arcgis/rest/services/B/ImageServer"))
    dialog.add_service_row(ConfiguredService(url="not a service url"))
    result = dialog.result_settings()
    assert (result.tolerance, result.layers_option) == (3, "top")
    assert dialog.layers_option.currentText() == "Top-most layer only"  # words, not the ArcGIS code
    assert [s.url for s in result.services] == [
        "http://h/arcgis/rest/services/A/MapServer",
        "http://h/arcgis/rest/services/B/ImageServer",
        "not a service url",  # kept (and marked), never dropped
    ]


def test_settings_dialog_keeps_every_row_and_its_on_off_state_and_tests_services(
    qtbot, plugin, services_url, sample_server
):
    from arcgis_identify.ui.settings_dialog import AUTH, ON, URL, SettingsDialog

    configure(
        ConfiguredService(url=f"{services_url}/World/MapServer", name="World"),
        ConfiguredService(url=f"{services_url}/Elevation/ImageServer", name="Elevation", enabled=False),
    )
    dialog = SettingsDialog(IdentifySettings.load(), runner=plugin.runner, session=plugin.session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    # The on/off state is shown and kept.
    assert [table.item(r, ON).checkState() for r in range(2)] == [Qt.CheckState.Checked, Qt.CheckState.Unchecked]
    # Readable: several rows in view, URLs whole, the authentication selector at its natural width.
    assert table.viewport().height() >= 5 * table.rowHeight(0)
    url_editor = table.cellWidget(0, URL)
    assert table.columnWidth(URL) >= url_editor.fontMetrics().horizontalAdvance(url_editor.text())
    assert table.columnWidth(AUTH) >= table.cellWidget(0, AUTH).sizeHint().width()
    # A half-filled row (as "Add from QGIS connection" makes it) is kept and marked.
    dialog.add_service_row(ConfiguredService(url=f"{services_url}/", name="From connection"))
    assert dialog.row_problem(2) and table.cellWidget(2, URL).styleSheet()
    table.cellWidget(2, URL).setText(f"{services_url}/Imagery/ImageServer")
    assert not dialog.row_problem(2) and not table.cellWidget(2, URL).styleSheet()
    table.cellWidget(2, URL).setText(f"{services_url}/")
    result = dialog.result_settings()
    assert [(s.name, s.enabled) for s in result.services] == [
        ("World", True),
        ("Elevation", False),
        ("From connection", True),
    ]
    result.save()
    assert [(s.name, s.enabled) for s in IdentifySettings.load().services] == [
        ("World", True),
        ("Elevation", False),
        ("From connection", True),
    ]
    # Test reads the service info and says what it found, or why it could not.
    dialog.test_service(0)
    qtbot.waitUntil(lambda: not dialog.test_status.text().startswith("Testing"), timeout=WAIT_MS)
    assert dialog.test_status.text().startswith('OK: MapServer "World": ')
    assert "Countries" in dialog.test_status.text()
    dialog.test_service(1)
    qtbot.waitUntil(lambda: not dialog.test_status.text().startswith("Testing"), timeout=WAIT_MS)
    assert dialog.test_status.text().startswith('OK: ImageServer "Elevation": 1 band(s)')
    dialog.test_service(2)
    assert dialog.test_status.text().startswith("Not a MapServer or ImageServer URL")
    table.cellWidget(2, URL).setText(f"{services_url}/Secure/World/MapServer")
    dialog.test_service(2)
    qtbot.waitUntil(lambda: not dialog.test_status.text().startswith("Testing"), timeout=WAIT_MS)
    assert dialog.test_status.text().startswith("Failed: ") and "token" in dialog.test_status.text().lower()


def test_task_cancelled_from_the_task_manager_says_so(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, sample_server
):
    slow = f"{sample_server}/_fault/delay-10/arcgis/rest/services/World/MapServer"
    configure(
        ConfiguredService(url=slow, name="Slow"), ConfiguredService(url=f"{services_url}/World/MapServer", name="World")
    )
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    with qtbot.waitSignal(plugin.identify.controller.allFinished, timeout=WAIT_MS):
        canvas_driver.click(sized_canvas, plugin.identify.map_tool, TENNESSEE)
        qtbot.waitUntil(
            lambda: (
                child_index(plugin.identify.model, QModelIndex(), "World").siblingAtColumn(1).data() != "Identifying…"
            ),
            timeout=WAIT_MS,
        )
        # The slow service shows in QGIS's task list (on hold: it holds no pool thread), where the user cancels it.
        manager = QgsApplication.taskManager()
        qtbot.waitUntil(lambda: any("Slow" in t.description() for t in manager.activeTasks()), timeout=WAIT_MS)
        slow_entry = next(t for t in manager.activeTasks() if "Slow" in t.description())
        assert slow_entry.status() == QgsTask.TaskStatus.OnHold  # waiting, it holds no pool thread
        next(t for t in manager.activeTasks() if "Slow" in t.description()).cancel()
    slow_node = child_index(plugin.identify.model, QModelIndex(), "Slow")
    assert slow_node.siblingAtColumn(1).data() == "Cancelled"
    assert tree(plugin.identify.model)["World"]["Countries"] == ["United States of America"]


def test_dragged_box_goes_as_an_envelope_to_mapservers_and_a_polygon_to_imageservers(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, log
):
    configure(
        ConfiguredService(url=f"{services_url}/World/MapServer", name="World"),
        ConfiguredService(url=f"{services_url}/Elevation/ImageServer", name="Elevation"),
        layers_option="all",
    )
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    with qtbot.waitSignal(plugin.identify.controller.allFinished, timeout=WAIT_MS):
        canvas_driver.drag(sized_canvas, plugin.identify.map_tool, QgsPointXY(-84.3, 36.45), QgsPointXY(-84.1, 36.7))
    (world,) = log.entries("/World/MapServer/identify")
    assert world["params"]["geometryType"] == "esriGeometryEnvelope"
    box = json.loads(world["params"]["geometry"])
    assert box["xmin"] == pytest.approx(-84.3, abs=0.01) and box["ymax"] == pytest.approx(36.7, abs=0.01)
    (elevation,) = log.entries("/Elevation/ImageServer/identify")
    assert elevation["params"]["geometryType"] == "esriGeometryPolygon"
    found = tree(plugin.identify.model)
    assert sorted(found["World"]["States and provinces"]) == ["Kentucky", "Tennessee"]
    assert "Pixel" in found["Elevation"]


def test_a_token_pasted_into_a_service_url_is_never_kept(qtbot, plugin):
    from arcgis_identify.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(IdentifySettings())
    qtbot.addWidget(dialog)
    dialog.add_service_row(ConfiguredService(url="https://h/arcgis/rest/services/A/MapServer?token=SECRET-123"))
    dialog.add_service_row(ConfiguredService(url="https://user:pw@h/arcgis/rest/services/B/MapServer"))
    services = dialog.result_settings().services
    assert [s.url for s in services] == [
        "https://h/arcgis/rest/services/A/MapServer",
        "https://h/arcgis/rest/services/B/MapServer",  # the row is kept, its password is not
    ]
    services[0].name = ""
    assert "SECRET" not in services[0].label


def test_csv_export_of_a_click_writes_every_result_it_announces(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, tmp_path
):
    import csv

    configure(ConfiguredService(url=f"{services_url}/World/MapServer", name="World"), layers_option="all")
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    path = tmp_path / "click.csv"
    with qtbot.waitSignal(plugin.identify.dock.actionFinished, timeout=WAIT_MS):
        plugin.identify.dock.export_results(str(path))
    csv.field_size_limit(1 << 30)  # a country's WKT is longer than the csv module reads by default
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted((r["layer"], r["service"]) for r in rows) == [
        ("Countries", "World"),
        ("States and provinces", "World"),
    ]
    assert plugin.identify.dock.status.text().startswith(f"Exported {len(rows)} result(s)")


def test_pixels_leave_the_dock_and_actions_that_do_not_apply_are_disabled(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, tmp_path
):
    import csv

    from qgis.PyQt.QtGui import QGuiApplication

    configure(ConfiguredService(url=f"{services_url}/Elevation/ImageServer", name="Elevation"))
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 0.5)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    dock, model = plugin.identify.dock, plugin.identify.model
    # Nothing selected: copying and zooming have nothing to act on; the table and exports take every result.
    assert not dock.action_copy.isEnabled() and not dock.action_zoom.isEnabled()
    assert dock.action_export.isEnabled() and dock.action_copy_table.isEnabled()

    pixel = child_index(model, child_index(model, QModelIndex(), "Elevation"), "Pixel")
    dock.tree.setCurrentIndex(pixel)
    assert dock.action_copy.isEnabled() and dock.action_zoom.isEnabled()
    dock.action_copy.trigger()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == "Elevation › Pixel › Pixel"
    assert lines[1].split(": ")[1] == pixel.siblingAtColumn(1).data()
    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS):
        dock.action_copy_wkt.trigger()
    assert QGuiApplication.clipboard().text().startswith("Point (-84.2")

    path = tmp_path / "pixel.csv"
    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS):
        dock.export_results(str(path))
    with open(path, encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["service"] == "Elevation" and row["layer"] == "Pixel"
    assert float(next(v for k, v in row.items() if k not in ("service", "layer", "WKT"))) > 0

    # Outside the service: a NoData pixel is no result to copy or export.
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, QgsPointXY(-84.49, 36.74))
    pixel = child_index(model, child_index(model, QModelIndex(), "Elevation"), "Pixel")
    assert pixel.siblingAtColumn(1).data() == "NoData"
    assert not dock.action_export.isEnabled() and not dock.action_scratch.isEnabled()


def test_counts_say_what_was_found_what_was_empty_and_what_failed(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, sample_server
):
    model = plugin.identify.model
    configure(
        ConfiguredService(url=f"{services_url}/Elevation/ImageServer", name="Elevation"),
        ConfiguredService(url=f"{services_url}/Imagery/ImageServer", name="Imagery"),
    )
    show(sized_canvas, qgis_new_project, [], PARIS, 1.0)
    found, _seconds = click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, PARIS)
    # NoData pixels are not results.
    assert found == 0
    assert plugin.identify.dock.status.text().startswith("Nothing found on 2 service(s) (")
    assert child_index(model, QModelIndex(), "Elevation").siblingAtColumn(1).data().startswith("NoData · ")

    # One pixel and its catalog items are said as such, not as "6 results".
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 0.5)
    found, _seconds = click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    imagery = child_index(model, QModelIndex(), "Imagery")
    items = model.rowCount(child_index(model, imagery, "Catalog items"))
    assert items >= 1
    assert imagery.siblingAtColumn(1).data().startswith(f"1 pixel value(s), {items} catalog item(s) · ")
    assert found == 2 + items
    assert plugin.identify.dock.status.text().startswith(f"Found 2 pixel value(s) and {items} catalog item(s) (")

    # When every service fails, no "0 results".
    configure(
        ConfiguredService(url=f"{sample_server}/_fault/http-500/arcgis/rest/services/World/MapServer", name="A"),
        ConfiguredService(url=f"{sample_server}/_fault/http-500/arcgis/rest/services/Elevation/ImageServer", name="B"),
    )
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    assert plugin.identify.dock.status.text().startswith("All 2 service(s) failed (")


def test_one_message_bar_message_per_click_and_actions_report_in_the_dock(
    qtbot, plugin, plugin_iface, sized_canvas, qgis_new_project, canvas_driver, services_url, sample_server
):
    from qgis.core import Qgis

    bar = plugin_iface.messageBar()
    pushed: list[tuple[str, str]] = []
    bar.pushMessage = lambda title, text, level=Qgis.MessageLevel.Info, duration=-1: pushed.append((title, text))
    bar.pushWidget = lambda widget, level=Qgis.MessageLevel.Info, duration=0: pushed.append(("widget", widget.text()))
    broken = [
        ConfiguredService(url=f"{sample_server}/_fault/http-500/arcgis/rest/services/{path}", name=f"Broken {i}")
        for i, path in enumerate(["World/MapServer", "Elevation/ImageServer", "Imagery/ImageServer"])
    ]
    configure(ConfiguredService(url=f"{services_url}/World/MapServer", name="World"), *broken)
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    assert len(pushed) == 1
    assert pushed[0][1].endswith("2 more service(s) failed too (see the results dock).")

    # Token problems: still one message (the one with the button to the authentication settings).
    pushed.clear()
    configure(
        ConfiguredService(url=f"{services_url}/Secure/World/MapServer", name="Secure World"),
        ConfiguredService(url=f"{services_url}/Secure/Elevation/ImageServer", name="Secure Elevation"),
        *broken,
    )
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    ((kind, text),) = pushed
    assert kind == "widget" and "token" in text.lower() and "4 more service(s)" in text

    # The dock's actions say what they did in its status line only.
    pushed.clear()
    configure(ConfiguredService(url=f"{services_url}/World/MapServer", name="World"))
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    plugin.identify.dock.tree.setCurrentIndex(plugin.identify.model.index(0, 0, plugin.identify.model.index(0, 0)))
    plugin.identify.dock.action_copy_table.trigger()
    assert plugin.identify.dock.status.text().startswith("Copied 1 row(s)")
    assert pushed == []


def test_an_error_sentence_is_readable_whole_at_the_dock_default_width(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, sample_server
):
    from qgis.PyQt.QtCore import QRect

    dock = plugin.identify.dock
    dock.setFloating(True)
    dock.resize(dock.minimumWidth(), 500)
    dock.show()
    configure(
        ConfiguredService(url=f"{services_url}/Secure/Elevation/ImageServer", name="Secure Elevation"),
        ConfiguredService(url=f"{sample_server}/_fault/http-500/arcgis/rest/services/World/MapServer", name="Broken"),
    )
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    model, tree = plugin.identify.model, dock.tree
    for name in ("Secure Elevation", "Broken"):
        service = child_index(model, QModelIndex(), name)
        error = model.index(0, 0, service)
        sentence = error.data()
        assert len(sentence) > 60  # long enough to be cut at this width on one line
        assert tree.isFirstColumnSpanned(0, service)
        rect = tree.visualRect(error)
        assert rect.right() >= tree.viewport().width() - 2  # across both columns
        needed = tree.fontMetrics().boundingRect(
            QRect(0, 0, rect.width() - 8, 100000), Qt.TextFlag.TextWordWrap, sentence
        )
        assert needed.height() > tree.fontMetrics().height()  # it does take several lines here
        assert rect.height() >= needed.height()  # and every one of them shows


def test_demo_click_reads_whole_and_own_services_say_where_they_come_from(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url
):
    from arcgis_identify.ui.results_model import NODE_ROLE

    dock = plugin.identify.dock
    dock.setFloating(True)
    dock.resize(560, 700)
    dock.show()
    world = native_layer(f"{services_url}/World/MapServer", "World")
    show(sized_canvas, qgis_new_project, [world], TENNESSEE, 0.5)
    configure(ConfiguredService(url=f"{services_url}/Imagery/ImageServer", name="Imagery"))
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    model, tree = plugin.identify.model, dock.tree
    # The plugin's own services are labelled as such; a project layer's is not.
    assert child_index(model, QModelIndex(), "Imagery").data() == "Imagery (plugin's list)"
    assert child_index(model, QModelIndex(), "World").data() == "World"
    # Catalog item names read whole in the first column.
    catalog = child_index(model, child_index(model, QModelIndex(), "Imagery"), "Catalog items")
    item = model.index(0, 0, catalog)
    needed = tree.fontMetrics().horizontalAdvance(item.data()) + 3 * tree.indentation()
    assert tree.header().sectionSize(0) >= needed
    assert "Visibility" not in [model.index(r, 0, item).data() for r in range(model.rowCount(item))]
    assert item.data(NODE_ROLE).payload.attributes["Visibility"] is not None  # exports still carry it


def test_exports_carry_the_service_field_names_types_and_exact_values(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, log, tmp_path
):
    from qgis.core import QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant
    from qgis.PyQt.QtGui import QGuiApplication

    configure(ConfiguredService(url=f"{services_url}/World/MapServer", name="World"), layers_option="all")
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 1.0)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    (entry,) = log.entries("/World/MapServer/identify")
    assert entry["params"]["returnFieldName"] == "true" and entry["params"]["returnUnformattedValues"] == "true"
    model, dock = plugin.identify.model, plugin.identify.dock
    country = model.index(0, 0, child_index(model, child_index(model, QModelIndex(), "World"), "Countries"))
    # The dock still shows aliases, with values read with their field types.
    rows = {
        model.index(r, 0, country).data(): model.index(r, 1, country).data() for r in range(model.rowCount(country))
    }
    assert rows["Country name"] == "United States of America"
    assert rows["Last edited"].startswith("2022-04-09")
    dock.tree.setCurrentIndex(country)
    dock.action_copy.trigger()
    assert "Country name: United States of America" in QGuiApplication.clipboard().text()

    path = tmp_path / "typed.gpkg"
    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS):
        dock.export_results(str(path))
    layer = QgsVectorLayer(f"{path}|layername=World – Countries", "w", "ogr")
    types = {f.name(): f.type() for f in layer.fields()}
    assert "Shape" not in types  # the geometry is the geometry, not a text column saying "Polygon"
    assert types["OBJECTID"] in (QVariant.Int, QVariant.LongLong)
    assert types["AREA_KM2"] == QVariant.Double and types["LAST_EDITED"] == QVariant.DateTime
    assert types["NAME"] == QVariant.String
    feature = next(layer.getFeatures())
    assert feature["OBJECTID"] == 18 and feature["AREA_KM2"] == 9461544.8
    assert feature["LAST_EDITED"].toMSecsSinceEpoch() == 1649484000000


def test_copies_and_exports_carry_the_exact_geometry_and_the_highlight_stays_light(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, log, tmp_path
):
    from qgis.core import QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtGui import QGuiApplication

    from arcgis_identify.ui.results_model import NODE_ROLE

    configure(ConfiguredService(url=f"{services_url}/World/MapServer", name="World"), layers_option="all")
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 40.0)  # zoomed out: identify generalises a lot
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    (identify,) = log.entries("/World/MapServer/identify")
    assert float(identify["params"]["maxAllowableOffset"]) > 0  # the highlight's geometry is light
    model, dock = plugin.identify.model, plugin.identify.dock
    country = model.index(0, 0, child_index(model, child_index(model, QModelIndex(), "World"), "Countries"))
    dock.tree.setCurrentIndex(country)
    light = QgsGeometry(dock.highlight.asGeometry())
    # Selecting it measures it (its "Derived" group): that fetches its exact geometry once, kept with the result.
    qtbot.waitUntil(lambda: country.data(NODE_ROLE).payload.derived is not None, timeout=WAIT_MS)
    assert len(log.entries("/World/MapServer/0/query")) == 1
    # What the server has, asked directly at full precision.
    exact = requests.get(
        f"{services_url}/World/MapServer/0/query",
        params={"objectIds": "18", "outSR": "4326", "returnGeometry": "true", "f": "json"},
        timeout=30,
    ).json()["features"][0]["geometry"]
    exact_vertices = sum(len(ring) for ring in exact["rings"])
    log.clear()

    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS):
        dock.action_copy_wkt.trigger()
    copied = QgsGeometry.fromWkt(QGuiApplication.clipboard().text())
    assert copied.constGet().nCoordinates() == exact_vertices
    assert copied.constGet().nCoordinates() > light.constGet().nCoordinates()
    assert len(log.entries("/World/MapServer/0/query")) == 0  # the measures' fetch serves the copy

    path = tmp_path / "exact.gpkg"
    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS):
        dock.export_results(str(path))
    layer = QgsVectorLayer(f"{path}|layername=World – Countries", "w", "ogr")
    assert next(layer.getFeatures()).geometry().constGet().nCoordinates() == exact_vertices
    assert len(log.entries("/World/MapServer/0/query")) == 0  # fetched once, kept with the result
    assert dock.highlight.asGeometry().constGet().nCoordinates() == light.constGet().nCoordinates()


def _many_parcels(count: int):
    from arcgis_identify.app.identify_runner import ServiceOutcome
    from arcgis_identify.app.service_targets import ServiceTarget
    from arcgis_identify.core.parsing import parse_map_identify

    results = []
    for i in range(count):
        x, y = -84.0 + (i % 60) * 0.01, 36.0 + (i // 60) * 0.01
        results.append(
            {
                "layerId": 3,
                "layerName": "Parcels",
                "value": f"Parcel {i}",
                "displayFieldName": "NAME",
                "attributes": {"NAME": f"Parcel {i}", "AREA": i},
                "geometryType": "esriGeometryPolygon",
                "geometry": {
                    "rings": [[[x, y], [x, y + 0.005], [x + 0.005, y + 0.005], [x + 0.005, y], [x, y]]],
                    "spatialReference": {"wkid": 4326},
                },
            }
        )
    target = ServiceTarget(url="http://h/arcgis/rest/services/Cadastre/MapServer", kind="MapServer", label="Cadastre")
    return ServiceOutcome(
        target=target,
        crs=QgsCoordinateReferenceSystem("EPSG:4326"),
        map_results=parse_map_identify({"results": results}),
    )


def test_many_results_highlight_a_bounded_number_and_export_in_the_background(qtbot, plugin, tmp_path):
    from qgis.PyQt.QtCore import QItemSelection, QItemSelectionModel

    from arcgis_identify.ui.results_builder import outcome_nodes
    from arcgis_identify.ui.results_controller import EXPORT_CHANNEL
    from arcgis_identify.ui.results_dock import MAX_HIGHLIGHT
    from arcgis_identify.ui.results_model import SERVICE, Node

    count = MAX_HIGHLIGHT * 2 + 37
    dock, model = plugin.identify.dock, plugin.identify.model
    service = Node(SERVICE, "Cadastre")
    for child in outcome_nodes(_many_parcels(count)):
        service.add(child)
    model.add_top(service)
    layer = model.index(0, 0, model.index(0, 0))
    selection = QItemSelection(model.index(0, 0, layer), model.index(count - 1, 0, layer))
    dock.tree.selectionModel().select(
        selection, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    assert len(dock.selected_features()) == count
    assert dock.highlight is not None and dock.highlight.size() == MAX_HIGHLIGHT
    assert dock.status.text() == f"Highlighting the first {MAX_HIGHLIGHT} of {count} selected results."

    path = tmp_path / "many.gpkg"
    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS) as blocker:
        dock.export_results(str(path))
        # export_results has returned: the writing is still a job of the runner, with a progress bar.
        assert plugin.runner.jobs(EXPORT_CHANNEL)
        assert dock.progress.isVisibleTo(dock) and dock.status.text().startswith(f"Exporting {count} result(s)")
    assert blocker.args == [f"Exported {count} result(s) to {path}."]
    assert not dock.progress.isVisibleTo(dock)
    from qgis.core import QgsVectorLayer

    assert QgsVectorLayer(f"{path}|layername=Cadastre – Parcels", "w", "ogr").featureCount() == count


def test_dock_says_where_it_identified_filters_and_expands_and_collapses(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url
):
    configure(
        ConfiguredService(url=f"{services_url}/World/MapServer", name="World"),
        ConfiguredService(url=f"{services_url}/Imagery/ImageServer", name="Imagery"),
        layers_option="all",
    )
    sized_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    center = QgsPointXY(-84.2 * 20037508.342789244 / 180, 4369000.0)
    half = 30000
    sized_canvas.setExtent(QgsRectangle(center.x() - half, center.y() - half, center.x() + half, center.y() + half))
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, center)
    dock, model, tree = plugin.identify.dock, plugin.identify.model, plugin.identify.dock.tree
    text = dock.location.text()
    assert "(EPSG:3857)" in text and "(WGS 84)" in text and "-84.2" in text
    imagery = child_index(model, QModelIndex(), "Imagery")
    size = next(
        model.index(r, 0, imagery).data()
        for r in range(model.rowCount(imagery))
        if "Pixel size" in model.index(r, 0, imagery).data()
    )
    assert size.startswith("Pixel size asked: ") and size.endswith(" m")

    # The filter keeps the results that hold the text (in their name or their attribute values).
    world = child_index(model, QModelIndex(), "World")
    states = child_index(model, world, "States and provinces")
    countries = child_index(model, world, "Countries")
    dock.filter.setText("tennessee")
    assert not tree.isRowHidden(0, states)
    assert tree.isRowHidden(0, countries)
    dock.filter.setText("9461544")  # an attribute value of the country only (its area)
    assert not tree.isRowHidden(0, countries) and tree.isRowHidden(0, states)
    dock.filter.clear()
    assert not tree.isRowHidden(0, countries) and not tree.isRowHidden(0, states)

    country = model.index(0, 0, countries)
    dock.action_expand.trigger()
    assert tree.isExpanded(country)
    dock.action_collapse.trigger()
    assert not tree.isExpanded(country) and not tree.isExpanded(world)


def test_widening_the_dock_gives_the_labels_their_room(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url
):
    dock = plugin.identify.dock
    dock.setFloating(True)
    dock.resize(dock.minimumWidth(), 600)
    dock.show()
    configure(ConfiguredService(url=f"{services_url}/Imagery/ImageServer", name="Imagery"))
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 0.5)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    model, tree = plugin.identify.model, dock.tree
    item = model.index(0, 0, child_index(model, child_index(model, QModelIndex(), "Imagery"), "Catalog items"))
    needed = tree.fontMetrics().horizontalAdvance(item.data()) + 3 * tree.indentation()
    assert tree.header().sectionSize(0) < needed  # too narrow a dock: the values keep their share
    dock.resize(700, 600)
    qtbot.waitUntil(lambda: tree.viewport().width() > 600, timeout=WAIT_MS)
    assert tree.header().sectionSize(0) >= needed
