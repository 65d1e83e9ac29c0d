"""What the dock's actions do with result nodes: text for the clipboard, scratch layers, files. No widgets."""

from __future__ import annotations

import csv
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsArcGisRestUtils,
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

from ..app.exact_geometry import ExactGeometries, ExactRequest
from ..app.value_format import ValueKind, field_value, number_text, typed_value
from .results_builder import FeatureRef
from .results_model import CATALOG_ITEM, FEATURE, PIXEL, Node, tr


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


def exact_requests(nodes: list[Node]) -> list[ExactRequest]:
    """What to query for the exact geometries of these results (one request per service layer)."""
    groups: OrderedDict[tuple, ExactRequest] = OrderedDict()
    for node in nodes:
        ref = node.payload
        if not getattr(ref, "needs_exact", False):
            continue
        key = (ref.target.key, ref.result.layer_id, ref.crs.authid() or ref.crs.toWkt())
        request = groups.get(key)
        if request is None:
            request = groups[key] = ExactRequest(ref.target, ref.result.layer_id, ref.oid_field(), [], ref.crs)
        request.object_ids.append(ref.object_id())
    return list(groups.values())


def apply_exact(nodes: list[Node], fetched: ExactGeometries) -> int:
    """Gives each result its exact geometry; returns how many still have only the generalised one."""
    missing = 0
    for node in nodes:
        ref = node.payload
        if not getattr(ref, "needs_exact", False):
            continue
        geometry = fetched.found.get((ref.target.key, ref.result.layer_id, ref.object_id()))
        if geometry is None:
            missing += 1
        else:
            ref.exact = geometry
    return missing


def attributes_as_text(node: Node) -> str:
    """ "name: value" lines, for pasting into a message or a note."""
    ref: FeatureRef = node.payload
    lines = [f"{ref.service_label} › {ref.layer_name} › {node.label}"]
    for name, value in ref.attributes.items():
        lines.append(f"{ref.label_of(name)}: {ref.value_of(name, value).text}")
    derived = getattr(ref, "derived", None)
    if isinstance(derived, list):  # the derived measures, once measured (see the dock)
        lines.extend(f"{measure.label}: {measure.text}" for measure in derived)
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
        cells += [ref.value_of(c, attrs[c]).text if c in attrs else "" for c in columns]
        rows.append("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells))
    return "\n".join(rows)


def geometry_as_wkt(node: Node, precision: int = 8) -> str:
    """The exact geometry when it was fetched (see exact_requests), else the one identify gave."""
    geometry, _crs = node.payload.geometry(exact=True)
    return geometry.asWkt(precision) if geometry is not None else ""


def _field_type(kind: ValueKind):
    """The field type for a column kind (NUMBER, DATE or TEXT): QVariant types up to QGIS 3.36, QMetaType from 3.38
    (and on Qt 6)."""
    if Qgis.QGIS_VERSION_INT >= 33800:
        from qgis.PyQt.QtCore import QMetaType

        names = {ValueKind.NUMBER: "Double", ValueKind.DATE: "QDateTime", ValueKind.TEXT: "QString"}
        return getattr(QMetaType.Type, names[kind])
    from qgis.PyQt.QtCore import QVariant

    names = {ValueKind.NUMBER: "Double", ValueKind.DATE: "DateTime", ValueKind.TEXT: "String"}
    return getattr(QVariant.Type, names[kind])


def _column_kind(kinds: set[ValueKind]) -> ValueKind:
    """One type per column: numbers or dates only when every non-null value is one."""
    for kind in (ValueKind.NUMBER, ValueKind.DATE):
        if kinds <= {kind, ValueKind.NULL} and kind in kinds:
            return kind
    return ValueKind.TEXT


def _cell(value, name: str, column_kind: ValueKind):
    typed = typed_value(value, name)
    if typed.kind is ValueKind.NULL:
        return None
    if column_kind is ValueKind.NUMBER:
        return typed.value
    if column_kind is ValueKind.DATE:
        return QDateTime.fromMSecsSinceEpoch(int(typed.value.timestamp() * 1000))
    return typed.text if typed.kind is not ValueKind.TEXT else str(value)


WKT_PRECISION = 12  # decimals: below a micrometre in metres and in degrees, without binary noise
SOURCE_FIELDS = ("service", "layer")  # the columns an export adds in front: where each row came from


@dataclass
class LayerParts:
    """What a scratch layer or an exported table is made of, without the layer: a worker builds these (it makes
    no QObject, and a layer is one); the main thread makes memory layers of them, a worker writes them to files."""

    name: str
    fields: QgsFields
    wkb_type: object  # QgsWkbTypes.Type
    crs: QgsCoordinateReferenceSystem
    features: list = field(default_factory=list)  # QgsFeature
    aliases: dict = field(default_factory=dict)  # field name -> alias

    @classmethod
    def of_layer(cls, layer: QgsVectorLayer) -> LayerParts:
        fields = layer.fields()
        aliases = {f.name(): f.alias() for f in fields if f.alias()}
        return cls(layer.name(), fields, layer.wkbType(), layer.crs(), list(layer.getFeatures()), aliases)


def memory_layer(parts: LayerParts) -> QgsVectorLayer:
    """A memory layer of `parts` (main thread)."""
    layer = QgsMemoryProviderUtils.createMemoryLayer(parts.name, parts.fields, parts.wkb_type, parts.crs)
    layer.dataProvider().addFeatures(parts.features)
    layer.updateExtents()
    for name, alias in parts.aliases.items():
        layer.setFieldAlias(layer.fields().indexOf(name), alias)
    return layer


def scratch_layers(nodes: list[Node], target_crs: QgsCoordinateReferenceSystem, **options) -> list[QgsVectorLayer]:
    """One memory layer per (service, layer): scratch_layer_parts made into layers (main thread)."""
    return [memory_layer(parts) for parts in scratch_layer_parts(nodes, target_crs, **options)]


def scratch_layer_parts(
    nodes: list[Node],
    target_crs: QgsCoordinateReferenceSystem,
    *,
    with_source: bool = False,
    feedback=None,
    progress_span: float = 100.0,
    transform_context=None,
) -> list[LayerParts]:
    """One table per (service, layer) with typed fields, geometries in `target_crs`; safe in a worker.

    `with_source` adds "service" and "layer" columns in front (exports; a scratch layer says it in its name).
    `feedback` (a worker's) gets progress from 0 to `progress_span` and can cancel: then fewer layers come back.
    `transform_context`: the project's, copied on the main thread when this runs in a worker (None: the project's)."""
    groups: OrderedDict[tuple[str, str], list[Node]] = OrderedDict()
    for node in feature_nodes(nodes):
        groups.setdefault((node.payload.service_label, node.payload.layer_name), []).append(node)
    layers = []
    for index, ((service, layer_name), members) in enumerate(groups.items()):
        if feedback is not None:
            if feedback.isCanceled():
                break
            feedback.setProgress(progress_span * index / len(groups))
        parts = _exact_layer(members, target_crs, service, layer_name, with_source, transform_context)
        if parts is None:
            parts = _inferred_layer(members, target_crs, service, layer_name, with_source, transform_context)
        layers.append(parts)
    return layers


def _inferred_layer(
    members: list[Node], target_crs, service: str, layer_name: str, with_source: bool, transform_context=None
) -> LayerParts:
    """A layer whose fields the service did not describe: one column per attribute in the order they come, typed by
    what all its values hold."""
    kinds: dict[str, set[ValueKind]] = {}
    for node in members:
        for name, value in node.payload.attributes.items():
            kinds.setdefault(name, set()).add(typed_value(value, name).kind)
    column_kinds = {name: _column_kind(found) for name, found in kinds.items()}
    source = [name for name in SOURCE_FIELDS if with_source and name not in kinds]
    fields = QgsFields()
    for name in source:
        fields.append(QgsField(name, _field_type(ValueKind.TEXT)))
    for name, kind in column_kinds.items():
        fields.append(QgsField(name, _field_type(kind)))

    def cells(node: Node) -> list:
        attrs = node.payload.attributes
        values = {"service": service, "layer": layer_name}
        return [values[name] for name in source] + [
            _cell(attrs.get(name), name, kind) for name, kind in column_kinds.items()
        ]

    # A result without a geometry still goes in, with its attributes.
    return _layer_parts(f"{service} – {layer_name}", fields, members, target_crs, cells, transform_context)


def _exact_cell(value, esri_type: str):
    if value is None:
        return None
    if esri_type == "esriFieldTypeDate" and isinstance(value, (int, float)):
        return QDateTime.fromMSecsSinceEpoch(int(value), Qt.TimeSpec.UTC)
    if esri_type == "esriFieldTypeDate" and isinstance(value, str):
        typed = field_value(value, esri_type)  # a date the server sent formatted
        return _cell(value, "", ValueKind.DATE) if typed.kind is ValueKind.DATE else None
    return value


def _layer_parts(
    name: str, fields: QgsFields, members: list[Node], target_crs, cells, transform_context=None
) -> LayerParts:
    """The table of `members` with `fields`; `cells(node)` gives a feature's attribute values."""
    # None: no geometry
    geometries = [node.payload.geometry_in(target_crs, exact=True, context=transform_context) for node in members]
    wkb = QgsWkbTypes.Type.NoGeometry
    for geometry in geometries:
        if geometry is not None:
            wkb = QgsWkbTypes.multiType(geometry.wkbType())
            break
    features = []
    for node, geometry in zip(members, geometries):
        feature = QgsFeature(fields)
        feature.setAttributes(cells(node))
        if geometry is not None and wkb != QgsWkbTypes.Type.NoGeometry:
            multi = QgsGeometry(geometry)
            multi.convertToMultiType()
            feature.setGeometry(multi)
        features.append(feature)
    return LayerParts(name, fields, wkb, target_crs, features)


def _exact_layer(
    members: list[Node], target_crs, service: str, layer_name: str, with_source: bool, transform_context=None
):
    """A layer whose fields the service described: its names, types (QgsArcGisRestUtils.convertFieldType) and
    unformatted values, in the layer's field order; the geometry field is the geometry, not a column. None when the
    fields are not known."""
    known = getattr(members[0].payload, "fields", None)
    if not known or any(getattr(node.payload, "fields", None) is not known for node in members[1:]):
        return None  # one layer's results share one field list
    present: dict[str, set[ValueKind]] = {}  # attribute name -> the kinds of its values (for names the fields lack)
    for node in members:
        for name, value in node.payload.attributes.items():
            kinds = present.setdefault(name, set())
            if name not in known:
                kinds.add(typed_value(value, name).kind)
    # Values that are no field of the service (a catalog item's visibility and band values) come first, typed by
    # what they hold; then the service's fields in its order.
    extras = {name: _column_kind(kinds) for name, kinds in present.items() if name not in known}
    columns = []
    for info in known.values():
        field_type = QgsArcGisRestUtils.convertFieldType(info.type)
        if info.name in present and info.type != "esriFieldTypeGeometry" and field_type not in (0, None):
            columns.append((info, field_type))
    fields = QgsFields()
    source = [name for name in SOURCE_FIELDS if with_source and name not in known and name not in extras]
    for name in source:
        fields.append(QgsField(name, _field_type(ValueKind.TEXT)))
    for name, kind in extras.items():
        fields.append(QgsField(name, _field_type(kind)))
    for info, field_type in columns:
        fields.append(QgsField(info.name, field_type))

    def cells(node: Node) -> list:
        attrs = node.payload.attributes
        values = {"service": service, "layer": layer_name}
        return (
            [values[name] for name in source]
            + [_cell(attrs.get(name), name, kind) for name, kind in extras.items()]
            + [_exact_cell(attrs.get(i.name), i.type) for i, _t in columns]
        )

    parts = _layer_parts(f"{service} – {layer_name}", fields, members, target_crs, cells, transform_context)
    for info, _type in columns:
        if info.alias and info.alias != info.name:
            parts.aliases[info.name] = info.alias
    return parts


def export_layers(layers: list, path: str, driver: str, feedback=None) -> str | None:
    """Writes every feature of every table (LayerParts, or layers on the main thread): a GeoPackage (one table
    each) or one CSV (the columns of all tables, geometry as WKT in the last column). Safe in a worker with parts.

    Returns an error sentence, or None on success.
    """
    tables = [item if isinstance(item, LayerParts) else LayerParts.of_layer(item) for item in layers]
    if driver != "GPKG":
        return _write_csv(tables, path, feedback)
    context = QgsCoordinateTransformContext()
    actions = QgsVectorFileWriter.ActionOnExistingFile
    for index, table in enumerate(tables):
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = driver
        options.fileEncoding = "UTF-8"
        options.layerName = table.name.replace("/", "_")
        options.actionOnExistingFile = actions.CreateOrOverwriteFile if index == 0 else actions.CreateOrOverwriteLayer
        if feedback is not None:
            if feedback.isCanceled():
                return tr("The export to {} was cancelled.").format(path)
            feedback.setProgress(30.0 + 70.0 * index / max(1, len(tables)))
        writer = QgsVectorFileWriter.create(path, table.fields, table.wkb_type, table.crs, context, options)
        if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
            message = writer.errorMessage()
            del writer
            return tr("Could not write {}: {}").format(path, message)
        written = writer.addFeatures(table.features)
        message = writer.errorMessage()
        del writer  # closes the table
        if not written:
            return tr("Could not write {}: {}").format(path, message)
    return None


@dataclass
class WrittenResults:
    """What an export of results to a file came to (a worker's job value)."""

    count: int  # rows written
    error: str | None = None  # why the file could not be written (wholly), in a sentence


def write_results(
    nodes: list[Node], path: str, target_crs: QgsCoordinateReferenceSystem, transform_context, feedback
) -> WrittenResults:
    """Writes the results to `path`, a GeoPackage or a CSV file by its suffix, with "service" and "layer" columns
    (safe in a worker: `transform_context` is the project's, read on the main thread). Progress: 30 % for the
    tables, the rest for writing them."""
    driver = "CSV" if Path(path).suffix.lower() == ".csv" else "GPKG"
    tables = scratch_layer_parts(
        nodes, target_crs, with_source=True, feedback=feedback, progress_span=30.0, transform_context=transform_context
    )
    feedback.setProgress(30.0)
    error = export_layers(tables, path, driver, feedback=feedback)
    return WrittenResults(sum(len(table.features) for table in tables), error)


def _csv_text(value) -> str:
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return ""
    if isinstance(value, QDateTime):
        return value.toString(Qt.DateFormat.ISODate)
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def _write_csv(tables: list[LayerParts], path: str, feedback=None) -> str | None:
    columns: list[str] = []
    for table in tables:
        for column in table.fields:
            if column.name() not in columns:
                columns.append(column.name())
    with_geometry = any(table.wkb_type != QgsWkbTypes.Type.NoGeometry for table in tables)
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(columns + (["WKT"] if with_geometry else []))
            for index, table in enumerate(tables):
                if feedback is not None:
                    if feedback.isCanceled():
                        return tr("The export to {} was cancelled.").format(path)
                    feedback.setProgress(30.0 + 70.0 * index / max(1, len(tables)))
                names = table.fields.names()
                for feature in table.features:
                    values = dict(zip(names, feature.attributes()))
                    row = [_csv_text(values.get(column)) for column in columns]
                    if with_geometry:
                        geometry = feature.geometry()
                        row.append("" if geometry is None or geometry.isNull() else geometry.asWkt(WKT_PRECISION))
                    out.writerow(row)
    except OSError as error:
        return tr("Could not write {}: {}.").format(path, error.strerror or error)
    return None
