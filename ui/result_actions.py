"""What the dock's actions do with result nodes: text for the clipboard, scratch layers, files. No widgets."""

from __future__ import annotations

import csv
from collections import OrderedDict

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsMemoryProviderUtils,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDateTime, Qt, QVariant

from ..app.value_format import number_text, typed_value
from .results_builder import FeatureRef
from .results_model import CATALOG_ITEM, FEATURE, PIXEL, Node


def feature_nodes(nodes: list[Node], *, include_nodata: bool = True) -> list[Node]:
    """The result nodes (features, pixels, catalog items) at or below `nodes`, each once, in tree order.

    `include_nodata=False` leaves out NoData pixels (nothing was found there), as "all results" does."""
    found: list[Node] = []
    seen: set[int] = set()

    def walk(node: Node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if node.kind in (FEATURE, CATALOG_ITEM):
            found.append(node)
            return
        if node.kind == PIXEL:
            if node.payload is not None and (include_nodata or not node.payload.result.is_nodata):
                found.append(node)
            return
        for child in node.children:
            walk(child)

    for node in nodes:
        walk(node)
    return found


def attributes_as_text(node: Node) -> str:
    """ "name: value" lines, for pasting into a message or a note."""
    ref: FeatureRef = node.payload
    lines = [f"{ref.service_label} › {ref.layer_name} › {node.label}"]
    for name, value in ref.attributes.items():
        lines.append(f"{name}: {typed_value(value, name).text}")
    return "\n".join(lines)


def attributes_as_table(nodes: list[Node]) -> str:
    """Tab-separated rows with a header, for pasting into a spreadsheet (one row per feature)."""
    features = feature_nodes(nodes)
    columns: list[str] = []
    for node in features:
        for name in node.payload.attributes:
            if name not in columns:
                columns.append(name)
    rows = ["\t".join(["service", "layer", *columns])]
    for node in features:
        ref: FeatureRef = node.payload
        attrs = ref.attributes
        cells = [ref.service_label, ref.layer_name]
        cells += [typed_value(attrs[c], c).text if c in attrs else "" for c in columns]
        rows.append("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells))
    return "\n".join(rows)


def geometry_as_wkt(node: Node, precision: int = 8) -> str:
    geometry, _crs = node.payload.geometry()
    return geometry.asWkt(precision) if geometry is not None else ""


def _field_type(kind: str):
    """The field type for a column kind: QVariant types up to QGIS 3.36, QMetaType from 3.38 (and on Qt 6)."""
    names = {"number": "Double", "date": "QDateTime", "text": "QString"}
    if Qgis.QGIS_VERSION_INT >= 33800:
        from qgis.PyQt.QtCore import QMetaType

        return getattr(QMetaType.Type, names[kind])
    from qgis.PyQt.QtCore import QVariant

    return getattr(QVariant.Type, {"number": "Double", "date": "DateTime", "text": "String"}[kind])


def _column_kind(kinds: set[str]) -> str:
    """One type per column: numbers or dates only when every non-null value is one."""
    for kind in ("number", "date"):
        if kinds <= {kind, "null"} and kind in kinds:
            return kind
    return "text"


def _cell(value, name: str, column_kind: str):
    typed = typed_value(value, name)
    if typed.kind == "null":
        return None
    if column_kind == "number":
        return typed.value
    if column_kind == "date":
        return QDateTime.fromMSecsSinceEpoch(int(typed.value.timestamp() * 1000))
    return typed.text if typed.kind != "text" else str(value)


WKT_PRECISION = 12  # decimals: below a micrometre in metres and in degrees, without binary noise
SOURCE_FIELDS = ("service", "layer")  # the columns an export adds in front: where each row came from


def scratch_layers(
    nodes: list[Node], target_crs: QgsCoordinateReferenceSystem, *, with_source: bool = False
) -> list[QgsVectorLayer]:
    """One memory layer per (service, layer) with typed fields, geometries in `target_crs`.

    `with_source` adds "service" and "layer" columns in front (exports; a scratch layer says it in its name)."""
    groups: OrderedDict[tuple[str, str], list[Node]] = OrderedDict()
    for node in feature_nodes(nodes):
        groups.setdefault((node.payload.service_label, node.payload.layer_name), []).append(node)
    layers = []
    for (service, layer_name), members in groups.items():
        names: list[str] = []
        kinds: dict[str, set[str]] = {}
        geometries = []
        for node in members:
            for name, value in node.payload.attributes.items():
                if name not in kinds:
                    names.append(name)
                    kinds[name] = set()
                kinds[name].add(typed_value(value, name).kind)
            geometries.append(node.payload.geometry_in(target_crs))  # None: the attributes still go in
        fields = QgsFields()
        column_kinds = {name: _column_kind(kinds[name]) for name in names}
        source = [name for name in SOURCE_FIELDS if with_source and name not in kinds]
        for name in source:
            fields.append(QgsField(name, _field_type("text")))
        for name in names:
            fields.append(QgsField(name, _field_type(column_kinds[name])))
        wkb = QgsWkbTypes.Type.NoGeometry
        for geometry in geometries:
            if geometry is not None:
                wkb = QgsWkbTypes.multiType(geometry.wkbType())
                break
        layer = QgsMemoryProviderUtils.createMemoryLayer(f"{service} – {layer_name}", fields, wkb, target_crs)
        features = []
        for node, geometry in zip(members, geometries):
            feature = QgsFeature(fields)
            attrs = node.payload.attributes
            values = {"service": service, "layer": layer_name}
            feature.setAttributes(
                [values[name] for name in source] + [_cell(attrs.get(name), name, column_kinds[name]) for name in names]
            )
            if geometry is not None and wkb != QgsWkbTypes.Type.NoGeometry:
                multi = QgsGeometry(geometry)
                multi.convertToMultiType()
                feature.setGeometry(multi)
            features.append(feature)
        layer.dataProvider().addFeatures(features)
        layer.updateExtents()
        layers.append(layer)
    return layers


def export_layers(layers: list[QgsVectorLayer], path: str, driver: str) -> str | None:
    """Writes every feature of every layer: a GeoPackage (one table per layer) or one CSV (the columns of all
    layers, geometry as WKT in the last column).

    Returns an error sentence, or None on success.
    """
    if driver != "GPKG":
        return _write_csv(layers, path)
    context = QgsCoordinateTransformContext()
    actions = QgsVectorFileWriter.ActionOnExistingFile
    writer = getattr(QgsVectorFileWriter, "writeAsVectorFormatV3", None) or QgsVectorFileWriter.writeAsVectorFormatV2
    for index, layer in enumerate(layers):
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = driver
        options.fileEncoding = "UTF-8"
        options.layerName = layer.name().replace("/", "_")
        options.actionOnExistingFile = actions.CreateOrOverwriteFile if index == 0 else actions.CreateOrOverwriteLayer
        result = writer(layer, path, context, options)
        error, message = result[0], result[1]
        if error != QgsVectorFileWriter.WriterError.NoError:
            return f"Could not write {path}: {message}"
    return None


def _csv_text(value) -> str:
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return ""
    if isinstance(value, QDateTime):
        return value.toString(Qt.DateFormat.ISODate)
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def _write_csv(layers: list[QgsVectorLayer], path: str) -> str | None:
    columns: list[str] = []
    for layer in layers:
        for field in layer.fields():
            if field.name() not in columns:
                columns.append(field.name())
    with_geometry = any(layer.isSpatial() for layer in layers)
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(columns + (["WKT"] if with_geometry else []))
            for layer in layers:
                names = layer.fields().names()
                for feature in layer.getFeatures():
                    values = dict(zip(names, feature.attributes()))
                    row = [_csv_text(values.get(column)) for column in columns]
                    if with_geometry:
                        geometry = feature.geometry()
                        row.append("" if geometry is None or geometry.isNull() else geometry.asWkt(WKT_PRECISION))
                    out.writerow(row)
    except OSError as error:
        return f"Could not write {path}: {error.strerror or error}."
    return None
