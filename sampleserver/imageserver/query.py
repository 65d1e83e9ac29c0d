"""/query on a mosaic dataset's catalog (the "Catalog" capability): its items as a FeatureSet."""

from __future__ import annotations

from ..errors import RestError, invalid_parameter
from ..geometry import parse_geometry, sr_json, transform
from ..params import Params
from .common import spatial_reference
from .identify import esri_rings
from .model import ServiceData
from .mosaic import CatalogFilter, parse_time_param


def query(service: ServiceData, catalog_filter: CatalogFilter | None, params: Params) -> dict:
    if not service.is_mosaic or catalog_filter is None:
        raise RestError(400, "Unable to complete operation.", ["The service has no catalog (Catalog capability)."])
    items = list(service.items)
    where = params.str("where")
    if where and where.strip() != "1=1":
        wanted = catalog_filter.matching_ids(where, "where")
        items = [i for i in items if i.object_id in wanted]
    object_ids = params.numbers("objectIds")
    if object_ids is not None:
        wanted_ids = {int(i) for i in object_ids}
        items = [i for i in items if i.object_id in wanted_ids]
    time_range = parse_time_param(params)
    if time_range is not None and service.time_field:
        start, end = time_range
        field = service.time_field
        items = [
            i
            for i in items
            if (start is None or i.attributes[field] >= start) and (end is None or i.attributes[field] <= end)
        ]
    if params.has("geometry"):
        in_sr = spatial_reference(params, "inSR") or service.sr
        geometry_type = params.str("geometryType", "esriGeometryEnvelope")
        spatial_rel = params.str("spatialRel", "esriSpatialRelIntersects")
        if spatial_rel != "esriSpatialRelIntersects":
            raise invalid_parameter("spatialRel", "Only esriSpatialRelIntersects is supported.")
        try:
            area = transform(parse_geometry(params.str("geometry"), geometry_type, in_sr), service.sr)
        except RuntimeError:
            raise invalid_parameter("geometry", "It cannot be projected to the service's spatial reference.") from None
        items = [i for i in items if i.footprint.Intersects(area)]

    order_by = params.str("orderByFields")
    if order_by:
        for clause in reversed([c.strip() for c in order_by.split(",") if c.strip()]):
            name, _, direction = clause.partition(" ")
            field = _field_name(service, name, "orderByFields")
            descending = direction.strip().upper() == "DESC"
            items.sort(key=lambda i, f=field: (i.attributes.get(f) is None, i.attributes.get(f)), reverse=descending)

    if params.bool("returnCountOnly", False):
        return {"count": len(items)}
    if params.bool("returnIdsOnly", False):
        return {"objectIdFieldName": "OBJECTID", "objectIds": [i.object_id for i in items]}

    offset = params.int("resultOffset", 0) or 0
    count = params.int("resultRecordCount")
    if offset < 0 or (count is not None and count < 0):
        raise invalid_parameter("resultOffset", "Offsets and counts must not be negative.")
    page = items[offset : None if count is None else offset + count]

    out_fields_text = params.str("outFields", "OBJECTID") or "OBJECTID"
    if out_fields_text.strip() == "*":
        fields = [f["name"] for f in service.catalog_fields]
    else:
        fields = [_field_name(service, n.strip(), "outFields") for n in out_fields_text.split(",") if n.strip()]
        if "OBJECTID" not in fields:
            fields.insert(0, "OBJECTID")
    return_geometry = params.bool("returnGeometry", True)
    out_sr = spatial_reference(params, "outSR") or service.sr
    features = []
    for item in page:
        feature: dict = {"attributes": {name: item.attributes.get(name) for name in fields}}
        if return_geometry:
            feature["geometry"] = esri_rings(transform(item.footprint, out_sr))
        features.append(feature)
    by_name = {f["name"]: f for f in service.catalog_fields}
    result: dict = {
        "objectIdFieldName": "OBJECTID",
        "fields": [by_name[name] for name in fields],
        "geometryType": "esriGeometryPolygon",
        "spatialReference": sr_json(out_sr),
        "features": features,
    }
    if count is not None and offset + count < len(items):
        result["exceededTransferLimit"] = True
    return result


def _field_name(service: ServiceData, name: str, parameter: str) -> str:
    names = {f["name"].lower(): f["name"] for f in service.catalog_fields}
    if name.lower() not in names:
        raise invalid_parameter(parameter, f"'{name}' is not a catalog field.")
    return names[name.lower()]
