"""The dock's actions: clipboard text, WKT, scratch layers with typed fields, GeoPackage and CSV export."""

from __future__ import annotations

import csv
import json

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

from arcgis_identify.app.identify_runner import ServiceOutcome
from arcgis_identify.app.service_targets import ServiceTarget
from arcgis_identify.core.parsing import parse_image_identify, parse_map_identify
from arcgis_identify.ui.result_actions import (
    attributes_as_table,
    attributes_as_text,
    export_layers,
    feature_nodes,
    geometry_as_wkt,
    scratch_layers,
)
from arcgis_identify.ui.results_builder import outcome_nodes
from arcgis_identify.ui.results_model import SERVICE, Node

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
MERCATOR = QgsCoordinateReferenceSystem("EPSG:3857")

PARCELS = {
    "results": [
        {
            "layerId": 3,
            "layerName": "Parcels",
            "value": "Parcel 649",
            "displayFieldName": "NAME",
            "attributes": {
                "NAME": "Parcel 649",
                "AREA": "1,250.5",
                "SURVEYED": "8/15/2019 9:28:22 PM",
                "OWNER": "Null",
                "LINK": "https://example.org/649",
            },
            "geometryType": "esriGeometryPolygon",
            "geometry": {
                "rings": [[[-84.3, 36.5], [-84.3, 36.6], [-84.2, 36.6], [-84.2, 36.5], [-84.3, 36.5]]],
                "spatialReference": {"wkid": 4326},
            },
        },
        {
            "layerId": 3,
            "layerName": "Parcels",
            "value": "Parcel 650",
            "displayFieldName": "NAME",
            "attributes": {
                "NAME": "Parcel 650",
                "AREA": "99",
                "SURVEYED": "1/2/2020 10:00:00 AM",
                "OWNER": "Ann",
                "LINK": "https://example.org/650",
            },
            "geometryType": "esriGeometryPolygon",
            "geometry": {
                "rings": [[[-84.2, 36.5], [-84.2, 36.6], [-84.1, 36.6], [-84.1, 36.5], [-84.2, 36.5]]],
                "spatialReference": {"wkid": 4326},
            },
        },
    ]
}


def _service(outcome: ServiceOutcome) -> Node:
    node = Node(SERVICE, outcome.target.label)
    for child in outcome_nodes(outcome):
        node.add(child)
    return node


@pytest.fixture()
def parcels() -> Node:
    target = ServiceTarget(url="http://h/arcgis/rest/services/Cadastre/MapServer", kind="MapServer", label="Cadastre")
    return _service(ServiceOutcome(target=target, crs=WGS84, map_results=parse_map_identify(PARCELS)))


def test_feature_nodes_are_found_below_any_selection(parcels):
    assert [n.label for n in feature_nodes([parcels])] == ["Parcel 649", "Parcel 650"]
    layer = parcels.children[0]
    assert [n.label for n in feature_nodes([layer, layer.children[1]])] == ["Parcel 649", "Parcel 650"]


def test_text_and_table(parcels):
    first = feature_nodes([parcels])[0]
    text = attributes_as_text(first)
    assert text.splitlines()[0] == "Cadastre › Parcels › Parcel 649"
    assert "OWNER: NULL" in text and "SURVEYED: 2019-08-15 21:28:22" in text
    rows = [line.split("\t") for line in attributes_as_table([parcels]).splitlines()]
    assert rows[0] == ["service", "layer", "NAME", "AREA", "SURVEYED", "OWNER", "LINK"]
    assert rows[2][:4] == ["Cadastre", "Parcels", "Parcel 650", "99"]


def test_wkt(parcels):
    wkt = geometry_as_wkt(feature_nodes([parcels])[0], precision=1)
    assert wkt.startswith("MultiPolygon (((-84.3 36.5")


def test_scratch_layer_has_typed_fields_and_geometries_in_the_map_crs(parcels):
    (layer,) = scratch_layers([parcels], MERCATOR)
    assert layer.name() == "Cadastre – Parcels"
    types = {f.name(): f.type() for f in layer.fields()}
    assert types == {
        "NAME": QVariant.String,
        "AREA": QVariant.Double,
        "SURVEYED": QVariant.DateTime,
        "OWNER": QVariant.String,
        "LINK": QVariant.String,
    }
    assert layer.featureCount() == 2
    assert QgsWkbTypes.geometryType(layer.wkbType()) == QgsWkbTypes.PolygonGeometry
    assert layer.crs() == MERCATOR
    features = list(layer.getFeatures())
    assert features[0]["AREA"] == 1250.5
    assert features[0]["OWNER"] in (None, QVariant())
    assert features[0]["SURVEYED"].toString("yyyy-MM-dd") == "2019-08-15"
    assert features[0].geometry().boundingBox().xMinimum() == pytest.approx(-84.3 * 20037508.342789244 / 180, abs=0.01)


def test_catalog_items_become_their_own_layer(fixtures_dir):
    data = json.loads((fixtures_dir / "imageserver_identify_catalogitems.json").read_text())
    target = ServiceTarget(url="http://h/arcgis/rest/services/L/ImageServer", kind="ImageServer", label="Landsat")
    service = _service(ServiceOutcome(target=target, crs=WGS84, image_result=parse_image_identify(data)))
    _pixel, layer = scratch_layers([service], WGS84)
    assert layer.name() == "Landsat – Catalog items"
    assert [f["OBJECTID"] for f in layer.getFeatures()] == [6, 2]  # the server's order


def test_export_geopackage_and_csv(parcels, tmp_path):
    layers = scratch_layers([parcels], WGS84)
    gpkg = tmp_path / "results.gpkg"
    assert export_layers(layers, str(gpkg), "GPKG") is None
    written = QgsVectorLayer(f"{gpkg}|layername=Cadastre – Parcels", "w", "ogr")
    assert written.isValid() and written.featureCount() == 2
    assert written.fields().field("AREA").type() == QVariant.Double
    csv_path = tmp_path / "results.csv"
    assert export_layers(layers, str(csv_path), "CSV") is None
    with open(csv_path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["NAME"] for r in rows] == ["Parcel 649", "Parcel 650"]
    assert rows[0]["WKT"].startswith("MULTIPOLYGON") or rows[0]["WKT"].startswith("MultiPolygon")


def test_export_to_an_unwritable_place_is_a_sentence(parcels, tmp_path):
    layers = scratch_layers([parcels], WGS84)
    message = export_layers(layers, str(tmp_path / "missing-folder" / "x.gpkg"), "GPKG")
    assert message and message.startswith("Could not write")


@pytest.fixture()
def landsat(fixtures_dir) -> Node:
    data = json.loads((fixtures_dir / "imageserver_identify_catalogitems.json").read_text())
    target = ServiceTarget(url="http://h/arcgis/rest/services/L/ImageServer", kind="ImageServer", label="Landsat")
    return _service(ServiceOutcome(target=target, crs=WGS84, image_result=parse_image_identify(data)))


def test_csv_export_writes_every_group_with_service_and_layer_columns(parcels, landsat, tmp_path):
    layers = scratch_layers([parcels, landsat], WGS84, with_source=True)
    written = sum(layer.featureCount() for layer in layers)
    path = tmp_path / "all.csv"
    assert export_layers(layers, str(path), "CSV") is None
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == written
    assert [(r["service"], r["layer"]) for r in rows][:2] == [("Cadastre", "Parcels")] * 2
    assert {r["service"] for r in rows[2:]} == {"Landsat"} and len(rows) > 2
    assert rows[0]["NAME"] == "Parcel 649" and rows[0]["AREA"] == "1250.5" and rows[0]["OWNER"] == ""
    assert rows[-1]["OBJECTID"] == "2" and rows[-1]["NAME"] == ""  # a catalog item: no parcel columns


def test_geopackage_export_writes_every_group_with_service_and_layer_columns(parcels, landsat, tmp_path):
    layers = scratch_layers([parcels, landsat], WGS84, with_source=True)
    path = tmp_path / "all.gpkg"
    assert export_layers(layers, str(path), "GPKG") is None
    for layer in layers:
        table = QgsVectorLayer(f"{path}|layername={layer.name()}", "w", "ogr")
        assert table.isValid() and table.featureCount() == layer.featureCount()
        first = next(table.getFeatures())
        assert (first["service"], first["layer"]) == tuple(layer.name().split(" – "))


def test_pixels_are_results_copied_and_exported_with_band_fields(fixtures_dir, tmp_path):
    from qgis.core import QgsPointXY

    data = json.loads((fixtures_dir / "imageserver_identify_catalogitems.json").read_text())
    target = ServiceTarget(url="http://h/arcgis/rest/services/L/ImageServer", kind="ImageServer", label="Landsat")
    outcome = ServiceOutcome(
        target=target,
        crs=WGS84,
        image_result=parse_image_identify(data),
        band_names=["Blue", "Green", "Red", "NIR"],
        location=QgsPointXY(-121.5, 46.2),
    )
    service = _service(outcome)
    found = feature_nodes([service])
    assert [n.kind for n in found] == ["pixel", "catalog_item", "catalog_item"]
    pixel = found[0]
    assert attributes_as_text(pixel).splitlines()[1:] == ["Blue: 17", "Green: 22", "Red: 39", "NIR: 45"]
    assert geometry_as_wkt(pixel, precision=1) == "Point (-121.5 46.2)"
    table = attributes_as_table([pixel]).splitlines()
    assert table == ["service\tlayer\tBlue\tGreen\tRed\tNIR", "Landsat\tPixel\t17\t22\t39\t45"]

    pixels, items = scratch_layers([service], WGS84)
    assert pixels.name() == "Landsat – Pixel"
    assert [f.name() for f in pixels.fields()] == ["Blue", "Green", "Red", "NIR"]
    assert pixels.fields().field("NIR").type() == QVariant.Double
    (feature,) = pixels.getFeatures()
    assert feature["NIR"] == 45 and feature.geometry().asWkt(1) == "MultiPoint ((-121.5 46.2))"
    # Catalog items keep their visibility and band values (index-aligned as the server sent them).
    first = next(items.getFeatures())
    assert first["OBJECTID"] == 6
    assert first["Visibility"] == pytest.approx(0.671180, abs=1e-6)
    assert [first[name] for name in ("Blue", "Green", "Red", "NIR")] == [10, 18, 34, 43]

    path = tmp_path / "pixels.csv"
    assert export_layers(scratch_layers([service], WGS84, with_source=True), str(path), "CSV") is None
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert (rows[0]["layer"], rows[0]["NIR"], rows[0]["WKT"]) == ("Pixel", "45", "MultiPoint ((-121.5 46.2))")


def test_nodata_bands_are_null_and_a_nodata_pixel_is_not_an_implicit_result():
    from qgis.core import QgsPointXY

    target = ServiceTarget(url="http://h/arcgis/rest/services/E/ImageServer", kind="ImageServer", label="Elevation")
    data = {"objectId": 0, "name": "Pixel", "value": "NoData", "location": {"x": 0, "y": 0}}
    service = _service(
        ServiceOutcome(target=target, crs=WGS84, image_result=parse_image_identify(data), location=QgsPointXY(0, 0))
    )
    assert feature_nodes([service], include_nodata=False) == []
    (pixel,) = feature_nodes([service])
    (layer,) = scratch_layers([pixel], WGS84)
    assert next(layer.getFeatures())["Band 1"] in (None, QVariant())


def test_known_field_types_hold_for_all_null_columns_and_unformatted_values():
    from arcgis_identify.core.models import FieldInfo

    data = {
        "results": [
            {
                "layerId": 3,
                "layerName": "Parcels",
                "value": "Parcel 649",
                "displayFieldName": "NAME",
                "attributes": {
                    "OBJECTID": 649,
                    "Shape": "Polygon",
                    "NAME": "Parcel 649",
                    "FLOORS": None,
                    "AREA": 1250.5,
                },
            }
        ]
    }
    fields = [
        FieldInfo("OBJECTID", "esriFieldTypeOID", "OBJECTID"),
        FieldInfo("Shape", "esriFieldTypeGeometry", "Shape"),
        FieldInfo("NAME", "esriFieldTypeString", "Parcel name"),
        FieldInfo("FLOORS", "esriFieldTypeSmallInteger", "Floors"),
        FieldInfo("AREA", "esriFieldTypeDouble", "Area (m²)"),
    ]
    target = ServiceTarget(url="http://h/arcgis/rest/services/Cadastre/MapServer", kind="MapServer", label="Cadastre")
    outcome = ServiceOutcome(target=target, crs=WGS84, map_results=parse_map_identify(data), layer_fields={3: fields})
    service = _service(outcome)
    (feature,) = feature_nodes([service])
    assert [child.label for child in feature.children] == ["OBJECTID", "Shape", "Parcel name", "Floors", "Area (m²)"]
    (layer,) = scratch_layers([service], WGS84)
    assert {f.name(): f.type() for f in layer.fields()} == {
        "OBJECTID": QVariant.LongLong,
        "NAME": QVariant.String,
        "FLOORS": QVariant.Int,  # all NULL, still its service type
        "AREA": QVariant.Double,
    }
    assert layer.fields().field("NAME").alias() == "Parcel name"
    assert next(layer.getFeatures())["OBJECTID"] == 649
