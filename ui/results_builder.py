"""Turns a service's identify outcome into tree nodes (attributes are built only when expanded)."""

from __future__ import annotations

import dataclasses

from qgis.core import QgsCoordinateTransform, QgsCsException, QgsGeometry, QgsProject, QgsUnitTypes

from ..app.identify_runner import ServiceOutcome
from ..app.value_format import TypedValue, ValueKind, field_value, typed_value
from .results_model import (
    ATTRIBUTE,
    BAND,
    CATALOG,
    CATALOG_ITEM,
    DERIVED,
    ERROR,
    FEATURE,
    LAYER,
    MESSAGE,
    PIXEL,
    Node,
    tr,
)


class FeatureRef:
    """What a feature or catalog-item node points at: the result, and the CRS its geometry is in."""

    __slots__ = (
        "crs",
        "derived",
        "exact",
        "fields",
        "generalised",
        "layer_name",
        "result",
        "service_label",
        "target",
    )

    def __init__(
        self, result, crs, layer_name: str, service_label: str, fields=None, *, target=None, generalised=False
    ) -> None:
        self.result = result
        self.crs = crs
        self.layer_name = layer_name
        self.service_label = service_label
        self.target = target  # the ServiceTarget the result came from
        self.generalised = generalised  # the geometry is the screen's generalised one
        self.exact = None  # the server's exact geometry (Esri JSON, in `crs`) once fetched for a copy or export
        self.derived = None  # its derived measures once measured (list of Measure), or the sentence saying why not
        # {field name: FieldInfo} from the layer resource when attributes are keyed by name and unformatted
        self.fields = fields if isinstance(fields, dict) or not fields else {f.name: f for f in fields}

    @property
    def attributes(self) -> dict:
        return dict(self.result.attributes)

    def label_of(self, name: str) -> str:
        """What the dock shows for a field: its alias when the layer's fields are known."""
        info = self.fields.get(name) if self.fields else None
        return info.alias if info is not None and info.alias else str(name)

    def value_of(self, name: str, value) -> TypedValue:
        info = self.fields.get(name) if self.fields else None
        return field_value(value, info.type, name) if info is not None else typed_value(value, str(name))

    def object_id(self) -> int | None:
        """The feature's object id (the OID field when the layer's fields are known), or None."""
        attributes = self.result.attributes
        names = [f.name for f in self.fields.values() if f.type == "esriFieldTypeOID"] if self.fields else []
        names += [name for name in attributes if str(name).lower() in ("objectid", "fid", "oid")]
        for name in names:
            value = attributes.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return int(value)
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                return int(value.strip())
        return None

    def oid_field(self) -> str:
        names = [f.name for f in self.fields.values() if f.type == "esriFieldTypeOID"] if self.fields else []
        names += [name for name in self.result.attributes if str(name).lower() in ("objectid", "fid", "oid")]
        return names[0] if names else ""

    @property
    def measurable(self) -> bool:
        """A MapServer feature with a geometry: its derived measures can be shown."""
        return type(self) is FeatureRef and self.target is not None and self.result.geometry is not None

    def exact_key(self) -> tuple | None:
        """The key its exact geometry is fetched under (see app.exact_geometry), or None."""
        if not self.needs_exact:
            return None
        return (self.target.key, self.result.layer_id, self.object_id())

    @property
    def needs_exact(self) -> bool:
        """A MapServer feature whose geometry is generalised and whose exact one can be fetched (and was not)."""
        return (
            self.generalised
            and self.exact is None
            and self.target is not None
            and getattr(self.result, "layer_id", None) is not None
            and self.result.geometry is not None
            and self.object_id() is not None
        )

    def geometry(self, exact: bool = False):
        """(QgsGeometry, QgsCoordinateReferenceSystem) or (None, None); `exact` prefers the fetched exact one."""
        try:
            if exact and self.exact is not None:
                geometry = dataclasses.replace(self.result, geometry=self.exact).to_qgs_geometry()
            else:
                geometry = self.result.to_qgs_geometry()
        except Exception:  # a geometry QGIS cannot read just isn't highlighted
            return None, None
        if geometry is None or geometry.isEmpty():
            return None, None
        return geometry, self.crs

    def geometry_in(self, target_crs, exact: bool = False, context=None):
        """A copy of the geometry in `target_crs`, or None (no geometry, or outside the target CRS's area).
        `context`: a transform context copied on the main thread, for a worker (None: the project's)."""
        geometry, crs = self.geometry(exact)
        if geometry is None:
            return None
        geometry = QgsGeometry(geometry)
        if crs is not None and crs.isValid() and crs != target_crs:
            context = context if context is not None else QgsProject.instance().transformContext()
            try:
                geometry.transform(QgsCoordinateTransform(crs, target_crs, context))
            except QgsCsException:
                return None
        return geometry


VISIBILITY = "Visibility"  # a catalog item's visibility: its column name in tables and exports


class CatalogItemRef(FeatureRef):
    """A catalog item: its attributes, plus its visibility and its value in each band (as the tree shows them)."""

    __slots__ = ("band_names",)

    def __init__(self, result, crs, layer_name: str, service_label: str, band_names: list[str], fields=None) -> None:
        super().__init__(result, crs, layer_name, service_label, fields)  # the service's catalog fields, if listed
        self.band_names = band_names

    def label_of(self, name: str) -> str:
        # "Visibility" is the plugin's own column (its name in exports stays "Visibility"): said in the UI language.
        if name == VISIBILITY and not (self.fields and name in self.fields):
            return tr("Visibility")
        return super().label_of(name)

    @property
    def attributes(self) -> dict:
        item = self.result
        values: dict = {}
        if item.visibility is not None:
            values[VISIBILITY] = round(float(item.visibility), 6)  # 1 and 0.5 read alike
        for index, value in enumerate(item.values or []):
            values[_band_name(self.band_names, index)] = value
        for name, value in item.attributes.items():
            values.setdefault(name, value)
        return values


class PixelRef(FeatureRef):
    """An ImageServer pixel: one value per band (named after the bands, NoData as None) at the identify location."""

    __slots__ = ("band_names", "location")

    def __init__(self, result, crs, location, service_label: str, band_names: list[str]) -> None:
        super().__init__(result, crs, tr("Pixel"), service_label)
        self.location = location
        self.band_names = band_names

    @property
    def attributes(self) -> dict:
        values = self.result.values or [None]
        return {_band_name(self.band_names, index): value for index, value in enumerate(values)}

    def geometry(self, exact: bool = False):
        if self.location is None:
            return None, None
        return QgsGeometry.fromPointXY(self.location), self.crs


def _nodata() -> TypedValue:
    """A NoData pixel or band, said in the interface's language (made when shown: a translator may come later)."""
    return TypedValue(ValueKind.NULL, tr("NoData"), None)


def derived_nodes(ref: FeatureRef) -> list[Node]:
    """The rows of a feature's "Derived" group: its measures, or the sentence saying why there are none."""
    if isinstance(ref.derived, str):
        return [Node(MESSAGE, ref.derived)]
    return [Node(ATTRIBUTE, m.label, TypedValue(ValueKind.NUMBER, m.text, m.value)) for m in ref.derived or []]


def derived_group(ref: FeatureRef) -> Node:
    """A feature's "Derived" group: "measuring…" until its measures arrive (the dock asks for them)."""
    pending = ref.derived is None
    value = TypedValue(ValueKind.TEXT, tr("measuring…") if pending else "", None)
    group = Node(DERIVED, tr("Derived"), value, payload=ref)
    for child in derived_nodes(ref):
        group.add(child)
    return group


def _attribute_nodes(node: Node) -> list[Node]:
    ref: FeatureRef = node.payload
    nodes = [derived_group(ref)] if ref.measurable else []  # first, as in QGIS's Identify
    nodes += [Node(ATTRIBUTE, ref.label_of(name), ref.value_of(name, value)) for name, value in ref.attributes.items()]
    return nodes


def outcome_nodes(outcome: ServiceOutcome) -> list[Node]:
    if outcome.error is not None:
        return [Node(ERROR, str(outcome.error))]
    if outcome.image_result is not None:
        return _image_nodes(outcome)
    if not outcome.map_results:
        return [Node(MESSAGE, tr("No features here"))]
    layers: dict[tuple, Node] = {}
    # one {name: FieldInfo} per layer, shared by its results
    layer_fields = {key: {f.name: f for f in fields} for key, fields in outcome.layer_fields.items() if fields}
    for result in outcome.map_results:
        key = (result.layer_id, result.layer_name)
        layer_node = layers.get(key)
        if layer_node is None:
            layer_node = layers[key] = Node(LAYER, result.layer_name or tr("Layer {}").format(result.layer_id))
        label = result.value if result.value not in (None, "") else (result.display_field_name or tr("Feature"))
        fields = layer_fields.get(result.layer_id)
        ref = FeatureRef(
            result,
            outcome.crs,
            layer_node.label,
            outcome.target.label,
            fields,
            target=outcome.target,
            generalised=outcome.generalised,
        )
        layer_node.add(Node(FEATURE, str(label), None, payload=ref, build=_attribute_nodes))
    nodes = list(layers.values())
    for node in nodes:
        node.value = TypedValue(ValueKind.NUMBER, str(len(node.children)), len(node.children))
    if outcome.truncated:
        nodes.append(
            Node(MESSAGE, tr("Only the first {} results are shown (see Settings)").format(len(outcome.map_results)))
        )
    return nodes


def _band_name(names: list[str], index: int) -> str:
    return names[index] if index < len(names) and names[index] else tr("Band {}").format(index + 1)


def _image_nodes(outcome: ServiceOutcome) -> list[Node]:
    result = outcome.image_result
    names = outcome.band_names
    ref = PixelRef(result, outcome.crs, outcome.location, outcome.target.label, names)
    pixel = Node(
        PIXEL, result.name or tr("Pixel"), _nodata() if result.is_nodata else typed_value(result.value), payload=ref
    )
    if not result.is_nodata or len(result.values) > 1:
        for index, value in enumerate(result.values):
            pixel.add(Node(BAND, _band_name(names, index), _nodata() if value is None else typed_value(value)))
    nodes = [pixel]
    if outcome.pixel_size:
        units = QgsUnitTypes.toAbbreviatedString(outcome.crs.mapUnits()) if outcome.crs is not None else ""
        text = tr("Pixel size asked: {} {}")
        nodes.append(Node(MESSAGE, text.format(f"{outcome.pixel_size:.6g}", units).strip()))
    if result.catalog_items:
        catalog = Node(CATALOG, tr("Catalog items"), typed_value(len(result.catalog_items)))
        # One field dict for every item: exports see one field list per layer (the same object) and keep its types.
        fields = {f.name: f for f in outcome.catalog_fields} if outcome.catalog_fields else None
        for item in result.catalog_items:
            catalog.add(_catalog_item_node(item, outcome, names, fields))
        nodes.append(catalog)
    return nodes


def _catalog_item_node(item, outcome: ServiceOutcome, band_names: list[str], fields: dict | None) -> Node:
    attributes = item.attributes
    label = attributes.get("Name") or attributes.get("NAME") or tr("Item {}").format(item.object_id)
    crs = item.spatial_reference.to_qgs_crs() if item.spatial_reference is not None else outcome.crs
    ref = CatalogItemRef(item, crs, tr("Catalog items"), outcome.target.label, band_names, fields)
    visibility = None if item.visibility is None else tr("{} % visible").format(f"{item.visibility * 100:.1f}")

    def build(node: Node) -> list[Node]:
        children = []  # the visibility is the item's own row ("67.1 % visible"), not repeated below it
        for index, value in enumerate(item.values or []):
            children.append(
                Node(BAND, _band_name(band_names, index), _nodata() if value is None else typed_value(value))
            )
        # typed by the catalog's fields when the service lists them (dates, integers even when NULL), else guessed
        children.extend(
            Node(ATTRIBUTE, ref.label_of(name), ref.value_of(name, value)) for name, value in item.attributes.items()
        )
        return children

    shown = TypedValue(ValueKind.TEXT, visibility or "", visibility)
    return Node(CATALOG_ITEM, str(label), shown, payload=ref, build=build)
