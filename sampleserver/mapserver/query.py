"""MapServer layer /query (the "Query" capability): the common subset of parameters.

where, objectIds, geometry + geometryType + inSR + spatialRel, time, outFields, returnGeometry, outSR,
maxAllowableOffset, geometryPrecision, returnZ/returnM, returnIdsOnly, returnCountOnly, orderByFields,
resultOffset/resultRecordCount; f=json or geojson. Attributes come unformatted and keyed by field name,
as ArcGIS's query does.
"""

from __future__ import annotations

import json
import re

from osgeo import ogr, osr

from ..errors import RestError, invalid_parameter
from ..geometry import make_sr, ogr_to_esri, parse_geometry, sr_json, transform
from ..params import Params, parse_time
from .data import LayerSpec
from .features import DatasourcePool, combine_where, feature_attributes, time_where, to_sqlite_where
from .identify import GEOMETRY_TYPES

MAX_RECORD_COUNT = 1000
SPATIAL_RELATIONS = (
    "esriSpatialRelIntersects",
    "esriSpatialRelEnvelopeIntersects",
    "esriSpatialRelContains",
    "esriSpatialRelWithin",
)
_ORDER = re.compile(r"^\s*(\w+)(?:\s+(ASC|DESC))?\s*$", re.IGNORECASE)


def query(params: Params, layer: LayerSpec, pool: DatasourcePool, service_sr: osr.SpatialReference) -> dict:
    f = params.f
    if f not in ("json", "pjson", "geojson", "html"):
        raise invalid_parameter("f", f"'{f}' is not supported by query (use json or geojson).")
    where_text = params.str("where")
    object_ids = _object_ids(params)
    has_geometry = params.has("geometry")
    time_value = params.str("time")
    parse_time(time_value)
    if where_text is None and not object_ids and not has_geometry and time_value is None:
        raise RestError(
            400, "Unable to complete operation.", ["Either 'where', 'objectIds', 'geometry' or 'time' is required."]
        )

    out_fields = _out_fields(params, layer)
    return_geometry = params.bool("returnGeometry", True)
    out_sr = make_sr(params.str("outSR"), "outSR") if params.has("outSR") else service_sr
    max_offset = params.float("maxAllowableOffset")
    precision = params.int("geometryPrecision")
    return_z = params.bool("returnZ", False) and layer.has_z
    return_m = params.bool("returnM", False) and layer.has_m
    ids_only = params.bool("returnIdsOnly", False)
    count_only = params.bool("returnCountOnly", False)
    offset = params.int("resultOffset", 0) or 0
    limit = params.int("resultRecordCount", MAX_RECORD_COUNT) or MAX_RECORD_COUNT
    if offset < 0 or limit < 0:
        raise invalid_parameter("resultOffset", "Offsets and counts cannot be negative.")
    limit = min(limit, MAX_RECORD_COUNT)
    order_by = _order_by(params, layer)

    spatial_filter = None
    relation = params.str("spatialRel", "esriSpatialRelIntersects")
    if relation not in SPATIAL_RELATIONS:
        raise invalid_parameter("spatialRel", f"'{relation}' is not one of {', '.join(SPATIAL_RELATIONS)}.")
    if has_geometry:
        geometry_type = params.str("geometryType", "esriGeometryEnvelope")
        if geometry_type not in GEOMETRY_TYPES:
            raise invalid_parameter("geometryType", f"'{geometry_type}' is not one of {', '.join(GEOMETRY_TYPES)}.")
        in_sr = make_sr(params.str("inSR"), "inSR") if params.has("inSR") else service_sr
        geometry = parse_geometry(params.str("geometry"), geometry_type, in_sr)
        try:
            spatial_filter = transform(geometry, service_sr)
        except RuntimeError:
            raise invalid_parameter("geometry", "It cannot be projected to the layer's spatial reference.") from None

    clauses = [to_sqlite_where(where_text, "where") if where_text else None, time_where(layer, time_value, {})]
    if object_ids:
        clauses.append(f"OBJECTID IN ({','.join(str(i) for i in object_ids)})")
    where = combine_where(*clauses)

    found: list[ogr.Feature] = []
    with pool.borrow() as ds:
        ogr_layer = ds.GetLayerByName(layer.table)
        try:
            ogr_layer.SetAttributeFilter(where)
            ogr_layer.SetSpatialFilter(spatial_filter)
            for feature in ogr_layer:
                if spatial_filter is not None and not _matches(feature.GetGeometryRef(), spatial_filter, relation):
                    continue
                found.append(feature)
        except RuntimeError as error:
            raise invalid_parameter("where", f"Invalid where clause: {error}") from None
        finally:
            ogr_layer.SetSpatialFilter(None)
            ogr_layer.SetAttributeFilter(None)

    if count_only:
        return {"count": len(found)}
    found.sort(key=lambda feat: feat.GetFID())
    for name, descending in reversed(order_by):
        found.sort(key=lambda feat, n=name: _sort_key(feat, n), reverse=descending)
    if ids_only:
        return {"objectIdFieldName": "OBJECTID", "objectIds": [feat.GetFID() for feat in found]}
    page = found[offset : offset + limit]
    exceeded = len(found) > offset + limit

    if f == "geojson":
        return _geojson(page, layer, out_fields, return_geometry, exceeded)
    out_sr_json = sr_json(out_sr)
    features = []
    for feature in page:
        attributes = feature_attributes(feature, layer, use_names=True, formatted=False)
        item: dict = {"attributes": {k: v for k, v in attributes.items() if k in out_fields}}
        if return_geometry:
            geom = transform(feature.GetGeometryRef(), out_sr)
            if max_offset and max_offset > 0:  # ArcGIS ignores a zero or negative offset
                geom = geom.SimplifyPreserveTopology(max_offset)
            item["geometry"] = ogr_to_esri(geom, None, precision=precision, with_z=return_z, with_m=return_m)
        features.append(item)

    fields = [
        {"name": spec.name, "type": spec.type, "alias": spec.alias, **({"length": spec.length} if spec.length else {})}
        for spec in layer.fields
        if spec.name in out_fields
    ]
    result = {
        "displayFieldName": layer.display_field,
        "fieldAliases": {spec.name: spec.alias for spec in layer.fields if spec.name in out_fields},
        "geometryType": layer.geometry_type,
        "spatialReference": out_sr_json,
        "fields": fields,
        "features": features,
    }
    if return_z:
        result["hasZ"] = True
    if return_m:
        result["hasM"] = True
    if exceeded:
        result["exceededTransferLimit"] = True
    return result


def _object_ids(params: Params) -> list[int]:
    text = params.str("objectIds")
    if text is None:
        return []
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise invalid_parameter("objectIds", f"'{text}' is not a list of object ids.") from None


def _out_fields(params: Params, layer: LayerSpec) -> set[str]:
    text = params.str("outFields")
    names = [f.name for f in layer.fields if f.type != "esriFieldTypeGeometry"]
    if text is None:
        return {"OBJECTID"}  # ArcGIS returns only the object id unless outFields asks for more
    if text.strip() == "*":
        return set(names)
    wanted = set()
    for part in text.split(","):
        spec = layer.field(part.strip())
        if spec is None or spec.type == "esriFieldTypeGeometry":
            raise invalid_parameter("outFields", f"'{part.strip()}' is not a field of layer {layer.id}.")
        wanted.add(spec.name)
    return wanted


def _order_by(params: Params, layer: LayerSpec) -> list[tuple[str, bool]]:
    text = params.str("orderByFields")
    if text is None:
        return []
    result = []
    for part in text.split(","):
        match = _ORDER.match(part)
        spec = layer.field(match.group(1)) if match else None
        if spec is None or spec.type == "esriFieldTypeGeometry":
            raise invalid_parameter("orderByFields", f"'{part.strip()}' is not '<field> [ASC|DESC]'.")
        result.append((spec.name, (match.group(2) or "ASC").upper() == "DESC"))
    return result


def _sort_key(feature: ogr.Feature, name: str) -> tuple:
    if name == "OBJECTID":
        return (0, feature.GetFID())
    value = feature.GetField(name)
    return (1, "") if value is None else (0, value)


def _matches(geometry: ogr.Geometry | None, spatial_filter: ogr.Geometry, relation: str) -> bool:
    if geometry is None:
        return False
    if relation == "esriSpatialRelEnvelopeIntersects":
        return True  # OGR's spatial filter already compared the envelopes
    if relation == "esriSpatialRelContains":
        return spatial_filter.Within(geometry)  # the feature contains the query geometry
    if relation == "esriSpatialRelWithin":
        return spatial_filter.Contains(geometry)
    return geometry.Intersects(spatial_filter)


def _geojson(
    page: list[ogr.Feature], layer: LayerSpec, out_fields: set[str], return_geometry: bool, exceeded: bool
) -> dict:
    """GeoJSON (RFC 7946, so always WGS 84 longitude/latitude) as ArcGIS writes it for f=geojson."""
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    items = []
    for feature in page:
        attributes = feature_attributes(feature, layer, use_names=True, formatted=False)
        geometry = None
        if return_geometry:
            geom = transform(feature.GetGeometryRef(), wgs84)
            geom.FlattenTo2D()
            geometry = json.loads(geom.ExportToJson())
        properties = {k: v for k, v in attributes.items() if k in out_fields}
        items.append({"type": "Feature", "id": feature.GetFID(), "geometry": geometry, "properties": properties})
    result: dict = {"type": "FeatureCollection", "features": items}
    if exceeded:
        result["properties"] = {"exceededTransferLimit": True}
    return result
