"""What the dock's actions do with result nodes: text for the clipboard, scratch layers, files. No widgets."""

from __future__ import annotations

from collections import OrderedDict

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsMemoryProviderUtils,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDateTime, QVariant

from .results_builder import FeatureRef
from .results_model import CATALOG_ITEM, FEATURE, Node
from .value_format import typed_value


def feature_nodes(nodes: list[Node]) -> list[Node]:
    """The feature and catalog-item nodes at or below `nodes`, each once, in tree order."""
    found: list[Node] = []
    seen: set[int] = set()

    def walk(node: Node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if node.kind in (FEATURE, CATALOG_ITEM):
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


def _field_for(name: str, kinds: set[str]) -> QgsField:
    if kinds <= {"number", "null"} and "number" in kinds:
        return QgsField(name, QVariant.Double)
    if kinds <= {"date", "null"} and "date" in kinds:
        return QgsField(name, QVariant.DateTime)
    return QgsField(name, QVariant.String)


def _cell(value, field: QgsField):
    typed = typed_value(value, field.name())
    if typed.kind == "null":
        return None
    if field.type() == QVariant.Double:
        return typed.value
    if field.type() == QVariant.DateTime:
        return QDateTime.fromMSecsSinceEpoch(int(typed.value.timestamp() * 1000))
    return typed.text if typed.kind != "text" else str(value)


def scratch_layers(nodes: list[Node], target_crs: QgsCoordinateReferenceSystem) -> list[QgsVectorLayer]:
    """One memory layer per (service, layer) with typed fields, geometries in `target_crs`."""
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
            geometry, crs = node.payload.geometry()
            if geometry is not None and crs is not None and crs.isValid() and crs != target_crs:
                from qgis.core import QgsCoordinateTransform

                geometry = QgsGeometry(geometry)
                geometry.transform(QgsCoordinateTransform(crs, target_crs, QgsProject.instance()))
            geometries.append(geometry)
        fields = QgsFields()
        for name in names:
            fields.append(_field_for(name, kinds[name]))
        wkb = QgsWkbTypes.NoGeometry
        for geometry in geometries:
            if geometry is not None:
                wkb = QgsWkbTypes.multiType(geometry.wkbType())
                break
        layer = QgsMemoryProviderUtils.createMemoryLayer(f"{service} – {layer_name}", fields, wkb, target_crs)
        features = []
        for node, geometry in zip(members, geometries):
            feature = QgsFeature(fields)
            attrs = node.payload.attributes
            feature.setAttributes([_cell(attrs.get(f.name()), f) for f in fields])
            if geometry is not None and wkb != QgsWkbTypes.NoGeometry:
                multi = QgsGeometry(geometry)
                multi.convertToMultiType()
                feature.setGeometry(multi)
            features.append(feature)
        layer.dataProvider().addFeatures(features)
        layer.updateExtents()
        layers.append(layer)
    return layers


def export_layers(layers: list[QgsVectorLayer], path: str, driver: str) -> str | None:
    """Writes the layers to a GeoPackage (one table each) or a CSV (the first layer, geometry as WKT).

    Returns an error sentence, or None on success.
    """
    context = QgsCoordinateTransformContext()
    for index, layer in enumerate(layers):
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = driver
        options.fileEncoding = "UTF-8"
        if driver == "GPKG":
            options.layerName = layer.name().replace("/", "_")
            options.actionOnExistingFile = (
                QgsVectorFileWriter.CreateOrOverwriteFile if index == 0 else QgsVectorFileWriter.CreateOrOverwriteLayer
            )
        else:
            options.layerOptions = ["GEOMETRY=AS_WKT"]
        writer = (
            getattr(QgsVectorFileWriter, "writeAsVectorFormatV3", None) or QgsVectorFileWriter.writeAsVectorFormatV2
        )
        result = writer(layer, path, context, options)
        error, message = result[0], result[1]
        if error != QgsVectorFileWriter.NoError:
            return f"Could not write {path}: {message}"
        if driver != "GPKG":
            break
    return None
