"""The results tree: service → layer → feature → attributes (built when expanded), pixels and catalog items."""

from __future__ import annotations

import json

from qgis.core import QgsCoordinateReferenceSystem
from qgis.PyQt.QtCore import QModelIndex, Qt

from arcgis_identify.app.identify_runner import ServiceOutcome
from arcgis_identify.app.service_targets import ServiceTarget
from arcgis_identify.core.errors import ArcGisServiceError
from arcgis_identify.core.parsing import parse_image_identify, parse_map_identify
from arcgis_identify.ui.results_builder import outcome_nodes
from arcgis_identify.ui.results_model import NODE_ROLE, SERVICE, Node, ResultsModel

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


def _target(kind: str = "MapServer") -> ServiceTarget:
    return ServiceTarget(url=f"http://h/arcgis/rest/services/S/{kind}", kind=kind, label=f"S/{kind}")


def _model_with(outcome: ServiceOutcome) -> tuple[ResultsModel, QModelIndex]:
    model = ResultsModel()
    service = model.add_top(Node(SERVICE, outcome.target.label))
    model.replace_children(service, outcome_nodes(outcome))
    return model, model.index_for(service)


def _rows(model: ResultsModel, parent: QModelIndex) -> list[tuple[str, str]]:
    return [(model.index(r, 0, parent).data(), model.index(r, 1, parent).data()) for r in range(model.rowCount(parent))]


def test_map_results_grouped_by_layer_with_attributes_in_server_order(fixtures_dir):
    data = json.loads((fixtures_dir / "mapserver_identify_features.json").read_text())
    outcome = ServiceOutcome(target=_target(), crs=WGS84, map_results=parse_map_identify(data))
    model, service = _model_with(outcome)
    assert _rows(model, service) == [("Features", "1")]
    layer = model.index(0, 0, service)
    assert _rows(model, layer) == [("0", "")]
    feature = model.index(0, 0, layer)
    # A feature with a geometry has its "Derived" group first (the dock measures it), as in QGIS's Identify.
    assert _rows(model, feature) == [("Derived", "measuring…"), ("objectid", "1"), ("Name", "Site")]
    # numbers align right, text left
    number = model.index(1, 1, feature)
    assert number.data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    text = model.index(2, 1, feature)
    assert not text.data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)


def test_feature_geometry_reaches_the_node(fixtures_dir):
    data = json.loads((fixtures_dir / "mapserver_identify_features.json").read_text())
    outcome = ServiceOutcome(target=_target(), crs=WGS84, map_results=parse_map_identify(data))
    model, service = _model_with(outcome)
    feature = model.index(0, 0, model.index(0, 0, service)).data(NODE_ROLE)
    geometry, crs = feature.payload.geometry()
    assert geometry.asWkt(2) == "Point (-122.81 45.48)"
    assert crs == WGS84


def test_pixel_and_catalog_items_keep_server_alignment(fixtures_dir):
    data = json.loads((fixtures_dir / "imageserver_identify_catalogitems.json").read_text())
    outcome = ServiceOutcome(
        target=_target("ImageServer"),
        crs=WGS84,
        image_result=parse_image_identify(data),
        band_names=["Blue", "Green", "Red", "NIR"],
    )
    model, service = _model_with(outcome)
    pixel, catalog = model.index(0, 0, service), model.index(1, 0, service)
    assert _rows(model, pixel) == [("Blue", "17"), ("Green", "22"), ("Red", "39"), ("NIR", "45")]
    items = _rows(model, catalog)
    # raw order: OBJECTID 6 is first and 67.1 % visible (a well-known web client pairs these wrongly)
    assert items[0] == ("p046r028_7t19990907.met;p046r028_7t19990907.met", "67.1 % visible")
    first = model.index(0, 0, catalog)
    first_rows = dict(_rows(model, first))
    assert first_rows["OBJECTID"] == "6"
    assert first_rows["Blue"] == "10"
    assert first_rows["NIR"] == "43"
    assert "Visibility" not in first_rows  # the item's own row says "67.1 % visible"; no row repeats it


def test_nodata_pixel(fixtures_dir):
    data = json.loads((fixtures_dir / "imageserver_identify_pixel_simple.json").read_text())
    data["value"] = "NoData"
    outcome = ServiceOutcome(target=_target("ImageServer"), crs=WGS84, image_result=parse_image_identify(data))
    model, service = _model_with(outcome)
    assert _rows(model, service)[0] == ("Pixel", "NoData")


def test_error_shows_as_a_sentence_under_its_service():
    error = ArcGisServiceError(499, "Token Required", service="S/MapServer")
    outcome = ServiceOutcome(target=_target(), crs=WGS84, error=error)
    model, service = _model_with(outcome)
    ((label, _),) = _rows(model, service)
    assert "Token Required" in label
    assert model.index(0, 0, service).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_five_thousand_results_build_no_attribute_nodes_up_front():
    results = parse_map_identify(
        {
            "results": [
                {
                    "layerId": i % 3,
                    "layerName": f"L{i % 3}",
                    "value": f"F{i}",
                    "displayFieldName": "NAME",
                    "attributes": {"NAME": f"F{i}", "POP": i, "NOTE": "x" * 20},
                }
                for i in range(5000)
            ]
        }
    )
    outcome = ServiceOutcome(target=_target(), crs=WGS84, map_results=results)
    model, service = _model_with(outcome)
    assert [model.index(r, 1, service).data() for r in range(3)] == ["1667", "1667", "1666"]
    layer_node = model.index(0, 0, service).data(NODE_ROLE)
    assert all(feature._children is None for feature in layer_node.children)  # not built yet
    first = model.index(0, 0, model.index(0, 0, service))
    assert model.rowCount(first) == 3  # built on demand
    assert layer_node.children[0]._children is not None
