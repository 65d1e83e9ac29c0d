"""Identify for daily use (issue 9): derived measures of the exact geometry, a table of one layer's results, catalog
items typed by the service's fields, scratch layers built off the GUI thread. The whole plugin, the sample server."""

from __future__ import annotations

import threading

import pytest
import requests
from qgis.core import QgsCoordinateReferenceSystem, QgsPointXY, QgsVectorLayer
from qgis.PyQt.QtCore import QModelIndex, QVariant

from arcgis_identify.app.settings import ConfiguredService
from arcgis_identify.ui.results_model import NODE_ROLE

from .test_identify_click import TENNESSEE, WAIT_MS, child_index, click_and_wait, configure, show

MOSAIC_POINT = QgsPointXY(-84.22, 36.60)  # under all five scenes of the sample Imagery service (the demo's click)


def _catalog(model):
    return child_index(model, child_index(model, QModelIndex(), "Imagery"), "Catalog items")


def _rows(model, parent) -> dict:
    return {model.index(r, 0, parent).data(): model.index(r, 1, parent) for r in range(model.rowCount(parent))}


def test_catalog_items_are_typed_by_the_service_fields_in_the_dock_and_in_exports(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, tmp_path
):
    from qgis.PyQt.QtCore import Qt

    info = requests.get(f"{services_url}/Imagery/ImageServer", params={"f": "json"}, timeout=30).json()
    types = {f["name"]: f["type"] for f in info["fields"]}
    assert types["AcquisitionDate"] == "esriFieldTypeDate" and types["ZOrder"] == "esriFieldTypeInteger"
    configure(ConfiguredService(url=f"{services_url}/Imagery/ImageServer", name="Imagery"))
    show(sized_canvas, qgis_new_project, [], MOSAIC_POINT, 0.5)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, MOSAIC_POINT)
    model, dock = plugin.identify.model, plugin.identify.dock
    catalog = _catalog(model)
    items = model.rowCount(catalog)
    assert items >= 2  # several scenes: their export is one layer with one field list
    rows = _rows(model, model.index(0, 0, catalog))
    # Aliases as labels; the date reads as a date (not epoch milliseconds); numbers align right; NULL is NULL.
    acquired = rows["Acquisition Date"]
    assert acquired.data(NODE_ROLE).value.kind == "date" and acquired.data()[:2] in ("19", "20")
    assert rows["ZOrder"].data() == "NULL"
    assert rows["Category"].data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight

    path = tmp_path / "catalog.gpkg"
    dock.tree.setCurrentIndex(catalog)
    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS):
        dock.export_results(str(path))
    layer = QgsVectorLayer(f"{path}|layername=Imagery – Catalog items", "w", "ogr")
    assert layer.isValid() and layer.featureCount() == items
    written = {f.name(): f.type() for f in layer.fields()}
    assert written["AcquisitionDate"] in (QVariant.DateTime, QVariant.Date)
    assert written["ZOrder"] in (QVariant.Int, QVariant.LongLong)  # every value NULL: still the service's type
    assert written["Category"] in (QVariant.Int, QVariant.LongLong) and written["CloudCover"] == QVariant.Double
    assert written["Visibility"] == QVariant.Double  # the item's own values keep their columns
    feature = next(layer.getFeatures())
    assert feature["AcquisitionDate"].date().year() >= 1990
    assert feature["ZOrder"] in (None, QVariant())


def test_scratch_layer_is_built_off_the_gui_thread_with_every_result_and_typed_fields(
    qtbot, plugin, qgis_new_project, monkeypatch
):
    from arcgis_identify.ui import results_controller
    from arcgis_identify.ui.results_builder import outcome_nodes
    from arcgis_identify.ui.results_model import SERVICE, Node

    from .test_identify_click import _many_parcels

    built_on: list[threading.Thread] = []
    build = results_controller.make_scratch_parts

    def recording_build(*args, **kwargs):
        built_on.append(threading.current_thread())
        return build(*args, **kwargs)

    monkeypatch.setattr(results_controller, "make_scratch_parts", recording_build)
    # The layer is made in the canvas CRS (Web Mercator here, the results in WGS 84): every geometry is transformed
    # in the worker, with the project's transform context read on the main thread, never the project itself.
    from qgis.core import QgsProject

    from arcgis_identify.ui import results_builder

    project_read_on: list[threading.Thread] = []

    class RecordingProject:
        @staticmethod
        def instance():
            project_read_on.append(threading.current_thread())
            return QgsProject.instance()

    monkeypatch.setattr(results_builder, "QgsProject", RecordingProject)
    plugin.identify.dock.canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    count = 1234
    dock, model = plugin.identify.dock, plugin.identify.model
    service = Node(SERVICE, "Cadastre")
    for child in outcome_nodes(_many_parcels(count)):
        service.add(child)
    model.add_top(service)
    before = set(qgis_new_project.mapLayers())
    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS) as blocker:
        dock.action_scratch.trigger()  # nothing selected: every result
        # The action has returned: the layer is still being built by the runner, a progress bar shows it.
        assert plugin.runner.jobs(results_controller.SCRATCH_CHANNEL)
        assert dock.progress.isVisibleTo(dock)
        assert dock.status.text() == f"Adding {count} result(s) to a scratch layer…"
    assert blocker.args == [f"Added 1 scratch layer(s) with {count} result(s)."]
    assert built_on and all(thread is not threading.main_thread() for thread in built_on)
    assert not dock.progress.isVisibleTo(dock)
    (layer,) = [qgis_new_project.mapLayer(i) for i in set(qgis_new_project.mapLayers()) - before]
    assert layer.featureCount() == count
    assert {f.name(): f.type() for f in layer.fields()} == {"NAME": QVariant.String, "AREA": QVariant.Double}
    assert sorted(f["AREA"] for f in layer.getFeatures()) == list(range(count))
    assert layer.thread() == qgis_new_project.thread()  # made on the main thread from the worker's features
    assert layer.crs().authid() == "EPSG:3857"
    assert next(layer.getFeatures()).geometry().boundingBox().xMinimum() < -180  # metres, not degrees
    assert all(thread is threading.main_thread() for thread in project_read_on)


def test_a_scratch_layer_that_cannot_be_built_is_a_sentence_and_its_details_are_logged(
    qtbot, plugin, qgis_new_project, monkeypatch
):
    from qgis.core import QgsApplication

    from arcgis_identify.ui import results_controller

    def broken_build(*args, **kwargs):
        raise ValueError("a field no layer can hold")

    monkeypatch.setattr(results_controller, "make_scratch_parts", broken_build)
    _parcels_in_dock(plugin, 3)
    logged: list[tuple[str, str]] = []

    def record(text, tag, _level) -> None:
        logged.append((tag, text))

    QgsApplication.messageLog().messageReceived.connect(record)
    before = set(qgis_new_project.mapLayers())
    try:
        with qtbot.waitSignal(plugin.identify.dock.actionFinished, timeout=WAIT_MS) as blocker:
            plugin.identify.dock.action_scratch.trigger()
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(record)
    assert blocker.args == ["Could not make the scratch layer: a field no layer can hold"]
    assert set(qgis_new_project.mapLayers()) == before
    details = [text for tag, text in logged if tag == "ArcGIS Identify"]
    assert any("Traceback" in text and "broken_build" in text for text in details)


def _country(model):
    return model.index(0, 0, child_index(model, child_index(model, QModelIndex(), "World"), "Countries"))


def test_derived_measures_are_those_of_the_exact_geometry_on_the_project_ellipsoid(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, log
):
    from qgis.core import QgsArcGisRestUtils, QgsDistanceArea, QgsGeometry, QgsUnitTypes
    from qgis.PyQt.QtGui import QGuiApplication

    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    qgis_new_project.setCrs(wgs84)
    qgis_new_project.setEllipsoid("EPSG:7030")
    qgis_new_project.setAreaUnits(QgsUnitTypes.AreaUnit.AreaSquareKilometers)
    qgis_new_project.setDistanceUnits(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    configure(ConfiguredService(url=f"{services_url}/World/MapServer", name="World"), layers_option="all")
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 40.0)  # zoomed out: identify's geometry is generalised
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    model, dock = plugin.identify.model, plugin.identify.dock
    country = _country(model)
    feature = country.data(NODE_ROLE)
    assert not log.entries("/World/MapServer/0/query")  # nothing is measured before it is asked for

    dock.tree.expand(country)  # expanding measures it: "measuring…" until the measures arrive
    derived = model.index(0, 0, country)
    assert derived.data() == "Derived"
    qtbot.waitUntil(lambda: feature.payload.derived is not None, timeout=WAIT_MS)
    assert derived.siblingAtColumn(1).data() == ""
    assert dock.tree.isExpanded(derived)
    rows = _rows(model, derived)
    shown = rows["Area (Ellipsoidal — EPSG:7030)"].data(NODE_ROLE).value

    # The same measure, independently: the server's exact geometry and QGIS's QgsDistanceArea.
    exact_json = requests.get(
        f"{services_url}/World/MapServer/0/query",
        params={"objectIds": "18", "outSR": "4326", "returnGeometry": "true", "f": "json"},
        timeout=30,
    ).json()["features"][0]["geometry"]
    converted = QgsArcGisRestUtils.convertGeometry(exact_json, "esriGeometryPolygon", False, False)
    exact = QgsGeometry(converted[0] if isinstance(converted, tuple) else converted)  # (geometry, crs) in PyQGIS
    calc = QgsDistanceArea()
    calc.setSourceCrs(wgs84, qgis_new_project.transformContext())
    calc.setEllipsoid("EPSG:7030")
    expected = calc.convertAreaMeasurement(calc.measureArea(exact), QgsUnitTypes.AreaUnit.AreaSquareKilometers)
    assert shown.value == pytest.approx(expected, rel=1e-9)
    assert shown.text == QgsDistanceArea.formatArea(expected, 3, QgsUnitTypes.AreaUnit.AreaSquareKilometers, True)
    # Not the generalised geometry's area, nor the planar one.
    light = feature.payload.result.to_qgs_geometry()
    light_area = calc.convertAreaMeasurement(calc.measureArea(light), QgsUnitTypes.AreaUnit.AreaSquareKilometers)
    assert light_area != pytest.approx(expected, rel=1e-6)
    assert rows["Area (Cartesian)"].data(NODE_ROLE).value.value != pytest.approx(expected, rel=1e-3)
    perimeter = rows["Perimeter (Ellipsoidal — EPSG:7030)"].data(NODE_ROLE).value.value
    expected_perimeter = calc.convertLengthMeasurement(
        calc.measurePerimeter(exact), QgsUnitTypes.DistanceUnit.DistanceKilometers
    )
    assert perimeter == pytest.approx(expected_perimeter, rel=1e-9)
    assert rows["Vertices"].data() == str(exact.constGet().nCoordinates())

    # Measured once, kept: selecting it again or copying does not measure or fetch again; the copy carries them.
    queries = len(log.entries("/World/MapServer/0/query"))
    assert queries == 2  # the dock's fetch and ours above
    dock.tree.setCurrentIndex(country)
    dock.action_copy.trigger()
    assert f"Area (Ellipsoidal — EPSG:7030): {shown.text}" in QGuiApplication.clipboard().text()
    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS):
        dock.action_copy_wkt.trigger()
    assert QgsGeometry.fromWkt(QGuiApplication.clipboard().text()).constGet().nCoordinates() == (
        exact.constGet().nCoordinates()
    )
    assert len(log.entries("/World/MapServer/0/query")) == queries


def test_a_feature_without_geometry_has_no_derived_group_and_a_failed_fetch_is_a_sentence(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, sample_server
):
    from arcgis_identify.ui.results_model import DERIVED, MESSAGE

    configure(
        ConfiguredService(url=f"{services_url}/World/MapServer", name="World"),
        layers_option="all",
        return_geometry=False,
    )
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 40.0)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    country = _country(plugin.identify.model)
    plugin.identify.dock.tree.expand(country)
    assert DERIVED not in [child.kind for child in country.data(NODE_ROLE).children]

    # The layer's query fails (the service is gone by the time it is measured): the group says so in a sentence.
    configure(ConfiguredService(url=f"{services_url}/World/MapServer", name="World"), layers_option="all")
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    country = _country(plugin.identify.model)
    ref = country.data(NODE_ROLE).payload
    ref.target = type(ref.target)(
        url=f"{sample_server}/_fault/http-500/arcgis/rest/services/World/MapServer", kind="MapServer", label="World"
    )
    plugin.identify.dock.tree.expand(country)
    qtbot.waitUntil(lambda: ref.derived is not None, timeout=WAIT_MS)
    derived = plugin.identify.model.index(0, 0, country)
    (sentence,) = derived.data(NODE_ROLE).children
    assert sentence.kind == MESSAGE and sentence.label.startswith("Not measured: the exact geometry could not be")


def _parcels_in_dock(plugin, count: int):
    from arcgis_identify.ui.results_builder import outcome_nodes
    from arcgis_identify.ui.results_model import SERVICE, Node

    from .test_identify_click import _many_parcels

    service = Node(SERVICE, "Cadastre")
    for child in outcome_nodes(_many_parcels(count)):
        service.add(child)
    plugin.identify.model.add_top(service)
    return plugin.identify.model.index(0, 0, plugin.identify.model.index(0, 0))  # the Parcels layer


def test_a_layer_opens_as_a_sortable_filterable_table_synced_with_the_tree(qtbot, plugin):
    from qgis.PyQt.QtCore import QItemSelectionModel, Qt
    from qgis.PyQt.QtGui import QGuiApplication

    count = 1500
    dock = plugin.identify.dock
    layer = _parcels_in_dock(plugin, count)
    dock.tree.setCurrentIndex(layer)
    assert dock.action_table.isEnabled()
    menu = dock.context_menu(layer)
    assert dock.action_table in menu.actions()  # "Open as Table" on a layer row
    dock.action_table.trigger()
    (table,) = dock.tables
    qtbot.addWidget(table)
    assert table.isVisible() and not table.isModal()
    proxy, view = table.proxy, table.view
    assert proxy.rowCount() == count
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())]
    assert headers == ["NAME", "AREA"]

    # Sorting is typed: AREA as numbers (2 after 1, not 10), descending too.
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 1).data() for r in range(4)] == ["0", "1", "2", "3"]
    assert proxy.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 1).data() == str(count - 1)

    # The filter keeps the rows holding the text (any column).
    table.filter.setText("Parcel 14")  # 14, 140-149, 1400-1499
    assert proxy.rowCount() == 1 + 10 + 100
    assert table.count.text() == f"111 of {count} result(s) shown"
    table.filter.clear()

    # Selecting rows selects those results in the tree, and so the highlight.
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().select(proxy.index(5, 0), flags)
    view.selectionModel().select(
        proxy.index(7, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    )
    assert [n.label for n in dock.selected_features()] == ["Parcel 5", "Parcel 7"]
    assert dock.highlight is not None and dock.highlight.size() == 2
    # and the tree's selection shows in the table.
    dock.tree.setCurrentIndex(plugin.identify.model.index(42, 0, layer))
    assert [n.label for n in table.selected_nodes()] == ["Parcel 42"]

    # Copy: the selected rows, tab-separated, with the header.
    view.selectionModel().select(proxy.index(3, 0), flags)
    table.action_copy.trigger()
    assert QGuiApplication.clipboard().text() == "NAME\tAREA\nParcel 3\t3"

    # A new click's results replace these: the table closes; so it does when the plugin unloads.
    with qtbot.waitSignal(table.destroyed, timeout=WAIT_MS):
        plugin.identify.model.clear()
    assert dock.tables == []
    layer = _parcels_in_dock(plugin, 3)
    table = dock.open_table(layer.data(NODE_ROLE))
    assert table.isVisible() and table.windowTitle() == "Cadastre › Parcels — 3 result(s)"
    with qtbot.waitSignal(table.destroyed, timeout=WAIT_MS):
        plugin.unload()
    plugin.initGui()  # the fixture unloads it once more


def test_catalog_items_open_as_a_table_with_typed_columns(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url
):
    from qgis.PyQt.QtCore import Qt

    configure(ConfiguredService(url=f"{services_url}/Imagery/ImageServer", name="Imagery"))
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 0.5)
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    dock, model = plugin.identify.dock, plugin.identify.model
    catalog = _catalog(model)
    dock.tree.setCurrentIndex(catalog)
    assert dock.action_table in dock.context_menu(catalog).actions()
    table = dock.open_table()
    qtbot.addWidget(table)
    proxy = table.proxy
    assert proxy.rowCount() == model.rowCount(catalog)
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())]
    assert "Acquisition Date" in headers and "Visibility" in headers
    zorder = headers.index("ZOrder")
    assert proxy.index(0, zorder).data() == "NULL"
    assert proxy.index(0, zorder).data(Qt.ItemDataRole.FontRole).italic()
    date = headers.index("Acquisition Date")
    table.view.sortByColumn(date, Qt.SortOrder.AscendingOrder)
    shown = [proxy.index(r, date).data() for r in range(proxy.rowCount())]
    assert shown == sorted(shown)  # ISO dates: time order is text order
    # Columns are fitted to their text (a scene's name reads whole), within a cap.
    from arcgis_identify.ui.results_table import MAX_COLUMN_WIDTH

    name = headers.index("Name")
    metrics = table.view.fontMetrics()
    longest = max(metrics.horizontalAdvance(proxy.index(r, name).data()) for r in range(proxy.rowCount()))
    assert table.view.columnWidth(name) >= min(longest, MAX_COLUMN_WIDTH)
    assert max(table.view.columnWidth(c) for c in range(proxy.columnCount())) <= MAX_COLUMN_WIDTH


def _derived_jobs(monkeypatch) -> list[int]:
    """How many features each measuring job measures, one entry per job submitted (a spy on the dock's call)."""
    from arcgis_identify.ui import results_controller

    measured: list[int] = []
    measure = results_controller.measure_results

    def counting_measure(items, *args, **kwargs):
        measured.append(len(items))
        return measure(items, *args, **kwargs)

    monkeypatch.setattr(results_controller, "measure_results", counting_measure)
    return measured


def test_expand_all_over_many_features_measures_none_until_one_is_selected(qtbot, plugin, monkeypatch):
    from arcgis_identify.app.runner import Batch
    from arcgis_identify.ui.results_controller import DERIVED_CHANNEL, MEASURE_SELECTED_MAX
    from arcgis_identify.ui.results_model import DERIVED

    submitted: list[str] = []
    submit = Batch.submit

    def counting_submit(self, *args, **kwargs):
        submitted.append(self.channel)
        return submit(self, *args, **kwargs)

    monkeypatch.setattr(Batch, "submit", counting_submit)
    measured = _derived_jobs(monkeypatch)
    dock, model = plugin.identify.dock, plugin.identify.model
    count = 300
    layer = _parcels_in_dock(plugin, count)
    features = [model.index(row, 0, layer).data(NODE_ROLE) for row in range(count)]

    def derived_of(node):
        (group,) = [child for child in node.children if child.kind == DERIVED]
        return group

    def settled() -> bool:
        return not plugin.runner.jobs(DERIVED_CHANNEL) and not any(
            derived_of(n).value_text() == "measuring…" for n in features
        )

    dock.action_expand.trigger()  # Qt emits `expanded` once per feature: one burst, far over the cap
    assert all(dock.tree.isExpanded(model.index_for(n)) for n in features)
    qtbot.waitUntil(settled, timeout=WAIT_MS)
    assert submitted.count(DERIVED_CHANNEL) == 0 and measured == []  # no exact geometry fetched for 300 features
    for node in features:
        assert node.payload.derived is None
        assert derived_of(node).value_text() == "Select the feature to measure it."
        assert derived_of(node).children == []

    # Selecting one measures it alone; the others keep their sentence.
    chosen = features[7]
    dock.tree.setCurrentIndex(model.index_for(chosen))
    qtbot.waitUntil(lambda: chosen.payload.derived is not None, timeout=WAIT_MS)
    assert submitted.count(DERIVED_CHANNEL) == 1 and measured == [1]
    group = derived_of(chosen)
    assert group.value_text() == "" and "Area (Cartesian)" in [child.label for child in group.children]
    assert derived_of(features[8]).value_text() == "Select the feature to measure it."
    dock.tree.setCurrentIndex(model.index_for(chosen.children[1]))  # an attribute row of it: nothing more asked
    qtbot.waitUntil(settled, timeout=WAIT_MS)
    assert submitted.count(DERIVED_CHANNEL) == 1

    # A burst within the cap (Expand All over a few features) is measured in one job.
    model.clear()
    few = MEASURE_SELECTED_MAX - 3
    layer = _parcels_in_dock(plugin, few)
    features = [model.index(row, 0, layer).data(NODE_ROLE) for row in range(few)]
    dock.action_expand.trigger()
    qtbot.waitUntil(lambda: all(n.payload.derived is not None for n in features), timeout=WAIT_MS)
    assert submitted.count(DERIVED_CHANNEL) == 2 and measured == [1, few]
    assert all(isinstance(n.payload.derived, list) and derived_of(n).value_text() == "" for n in features)


def test_an_export_waiting_for_the_measures_exact_geometries_still_runs_after_a_new_click(
    qtbot, plugin, sized_canvas, qgis_new_project, canvas_driver, services_url, sample_server, tmp_path
):
    from arcgis_identify.ui.result_actions import feature_nodes

    configure(ConfiguredService(url=f"{services_url}/World/MapServer", name="World"), layers_option="all")
    show(sized_canvas, qgis_new_project, [], TENNESSEE, 40.0)  # zoomed out: identify's geometries are generalised
    click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    model, dock = plugin.identify.model, plugin.identify.dock
    world = child_index(model, QModelIndex(), "World")
    features = feature_nodes([world.data(NODE_ROLE)])
    assert features
    slow = f"{sample_server}/_fault/delay-2/arcgis/rest/services/World/MapServer"  # the exact geometries come late
    for node in features:
        ref = node.payload
        ref.target = type(ref.target)(url=slow, kind="MapServer", label="World")
    country = _country(model).data(NODE_ROLE).payload

    dock.tree.setCurrentIndex(world)  # every World result selected: measuring starts, fetching the exact geometries
    path = tmp_path / "waited.gpkg"
    dock.export_results(str(path))  # waits for that fetch (one fetch for both)
    assert not path.exists()
    assert dock.status.text() == "Waiting for the exact geometries the derived measures are fetching…"

    # A new click before the fetch returns: the measuring stops, the export runs all the same.
    with qtbot.waitSignal(dock.actionFinished, timeout=WAIT_MS) as blocker:
        click_and_wait(qtbot, plugin, sized_canvas, canvas_driver, TENNESSEE)
    assert blocker.args == [f"Exported {len(features)} result(s) to {path}."]
    assert country.derived is None  # its measuring was stopped
    written = QgsVectorLayer(f"{path}|layername=World – Countries", "w", "ogr")
    assert written.isValid() and written.featureCount() == 1
    exact = requests.get(
        f"{services_url}/World/MapServer/0/query",
        params={"objectIds": "18", "outSR": "4326", "returnGeometry": "true", "f": "json"},
        timeout=30,
    ).json()["features"][0]["geometry"]
    vertices = sum(len(ring) for ring in exact["rings"])
    assert next(written.getFeatures()).geometry().constGet().nCoordinates() == vertices  # fetched by the export
