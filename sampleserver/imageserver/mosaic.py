"""Mosaic rules: which catalog items take part and which one is on top.

Supports the mosaic methods ArcGIS documents for the mosaicRule JSON (esriMosaicNone, esriMosaicCenter,
esriMosaicNadir, esriMosaicNorthwest, esriMosaicLockRaster, esriMosaicAttribute, esriMosaicViewpoint), `where`,
`fids`, `ascending`, `mosaicOperator` and `multidimensionalDefinition`, plus the `time` parameter.
"""

from __future__ import annotations

import calendar
import math
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from osgeo import ogr

from ..errors import invalid_parameter
from ..params import Params, parse_time
from .model import Item, ServiceData

ogr.UseExceptions()

METHODS = {
    "esrimosaicnone": "esriMosaicNone",
    "esrimosaiccenter": "esriMosaicCenter",
    "esrimosaicnadir": "esriMosaicNadir",
    "esrimosaicnorthwest": "esriMosaicNorthwest",
    "esrimosaiclockraster": "esriMosaicLockRaster",
    "esrimosaicattribute": "esriMosaicAttribute",
    "esrimosaicviewpoint": "esriMosaicViewpoint",
    "esrimosaicseamline": "esriMosaicSeamline",
}
# The names the service resource lists (allowedMosaicMethods) and the ones mosaic rules use.
INFO_NAMES = {
    "esriMosaicNorthwest": "NorthWest",
    "esriMosaicCenter": "Center",
    "esriMosaicLockRaster": "LockRaster",
    "esriMosaicAttribute": "ByAttribute",
    "esriMosaicNadir": "Nadir",
    "esriMosaicViewpoint": "Viewpoint",
    "esriMosaicNone": "None",
}
OPERATORS = {"MT_FIRST", "MT_LAST", "MT_MIN", "MT_MAX", "MT_MEAN", "MT_BLEND", "MT_SUM"}


@dataclass
class MosaicRule:
    method: str
    where: str | None = None
    sort_field: str | None = None
    sort_value: Any = None
    ascending: bool = True
    lock_ids: list[int] = field(default_factory=list)
    fids: list[int] | None = None
    operator: str = "MT_FIRST"
    viewpoint: tuple[float, float] | None = None
    md_definition: list[dict] | None = None


def parse_mosaic_rule(params: Params, service: ServiceData, name: str = "mosaicRule") -> MosaicRule:
    """The request's mosaicRule, falling back to the service's default mosaic method for what it leaves out."""
    default = service.default_mosaic
    raw = params.json(name)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise invalid_parameter(name, "The mosaic rule must be a JSON object.")
    method_text = raw.get("mosaicMethod") or default.get("mosaicMethod") or "esriMosaicNone"
    method = METHODS.get(str(method_text).lower())
    if method is None:
        raise invalid_parameter(name, f"Unknown mosaicMethod '{method_text}'.")
    if method == "esriMosaicSeamline":
        raise invalid_parameter(name, "esriMosaicSeamline is not supported: the mosaic dataset has no seamlines.")
    rule = MosaicRule(method=method)
    same_method = raw.get("mosaicMethod") is None or method == default.get("mosaicMethod")
    where = raw.get("where")
    if where is not None and not isinstance(where, str):
        raise invalid_parameter(name, "where must be a SQL text.")
    rule.where = where.strip() or None if where else None
    rule.sort_field = raw.get("sortField") or (default.get("sortField") if same_method else None)
    if raw.get("sortValue") is not None and not isinstance(raw.get("sortValue"), (str, int, float)):
        raise invalid_parameter(name, "sortValue must be a number or a text.")
    rule.sort_value = (
        raw.get("sortValue")
        if raw.get("sortValue") is not None
        else (default.get("sortValue") if same_method else None)
    )
    ascending = raw.get("ascending", default.get("ascending", True) if same_method else True)
    if not isinstance(ascending, bool):
        raise invalid_parameter(name, "ascending must be true or false.")
    rule.ascending = ascending
    operator = str(raw.get("mosaicOperator") or default.get("mosaicOperator") or "MT_FIRST").upper()
    if operator not in OPERATORS:
        raise invalid_parameter(name, f"Unknown mosaicOperator '{raw.get('mosaicOperator')}'.")
    rule.operator = operator
    try:
        rule.lock_ids = [int(i) for i in raw.get("lockRasterIds") or []]
        fids = raw.get("fids")
        rule.fids = [int(i) for i in fids] if fids is not None else None
    except (TypeError, ValueError):
        raise invalid_parameter(name, "lockRasterIds and fids must be lists of object ids.") from None
    if method == "esriMosaicLockRaster" and not rule.lock_ids:
        raise invalid_parameter(name, "esriMosaicLockRaster needs lockRasterIds.")
    if method == "esriMosaicAttribute" and not rule.sort_field:
        raise invalid_parameter(name, "esriMosaicAttribute needs a sortField.")
    if rule.sort_field and service.is_mosaic:
        names = {f["name"].lower(): f["name"] for f in service.catalog_fields}
        if rule.sort_field.lower() not in names:
            raise invalid_parameter(name, f"sortField '{rule.sort_field}' is not a catalog field.")
        rule.sort_field = names[rule.sort_field.lower()]
    viewpoint = raw.get("viewpoint")
    if method == "esriMosaicViewpoint":
        try:
            rule.viewpoint = (float(viewpoint["x"]), float(viewpoint["y"]))
        except (TypeError, KeyError, ValueError):
            raise invalid_parameter(name, "esriMosaicViewpoint needs a viewpoint point {x, y}.") from None
    md = raw.get("multidimensionalDefinition")
    if md is not None:
        if not isinstance(md, list) or not all(isinstance(d, dict) for d in md):
            raise invalid_parameter(name, "multidimensionalDefinition must be a list of objects.")
        for entry in md:
            values = entry.get("values") or []
            if not isinstance(values, list) or not all(_is_dimension_value(v) for v in values):
                raise invalid_parameter(name, "Dimension values must be numbers or [start, end] ranges.")
        rule.md_definition = md
    return rule


def _is_dimension_value(value: Any) -> bool:
    def number(v: Any) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    if isinstance(value, list):
        return len(value) == 2 and all(v is None or number(v) for v in value)
    return number(value)


def parse_time_param(params: Params) -> tuple[float | None, float | None] | None:
    return parse_time(params.str("time"))


# -- where clauses ---------------------------------------------------------------------------------------------------
_OGR_TYPES = {
    "esriFieldTypeString": ogr.OFTString,
    "esriFieldTypeDouble": ogr.OFTReal,
    "esriFieldTypeInteger": ogr.OFTInteger,
    "esriFieldTypeDate": ogr.OFTDateTime,
}
_DATE_LITERAL = re.compile(r"\b(?:date|timestamp)\s*'([^']*)'", re.IGNORECASE)


class CatalogFilter:
    """Evaluates SQL where clauses on a service's catalog with OGR SQL (an in-memory layer, guarded by a lock)."""

    def __init__(self, service: ServiceData) -> None:
        self._lock = threading.Lock()
        self._ds = ogr.GetDriverByName("Memory").CreateDataSource("catalog")
        self._layer = self._ds.CreateLayer("catalog", geom_type=ogr.wkbNone)
        fields = [f for f in service.catalog_fields if f["type"] in _OGR_TYPES]
        for f in fields:
            self._layer.CreateField(ogr.FieldDefn(f["name"], _OGR_TYPES[f["type"]]))
        # OBJECTID is a regular integer field here so that where clauses can use it.
        self._layer.CreateField(ogr.FieldDefn("OBJECTID", ogr.OFTInteger))
        for item in service.items:
            feature = ogr.Feature(self._layer.GetLayerDefn())
            feature.SetField("OBJECTID", item.object_id)
            for f in fields:
                value = item.attributes.get(f["name"])
                if value is None:
                    continue
                if f["type"] == "esriFieldTypeDate":
                    moment = datetime.fromtimestamp(value / 1000, tz=timezone.utc)
                    feature.SetField(
                        f["name"], moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second, 100
                    )
                else:
                    feature.SetField(f["name"], value)
            self._layer.CreateFeature(feature)

    def matching_ids(self, where: str, parameter: str = "mosaicRule") -> set[int]:
        clause = _DATE_LITERAL.sub(lambda m: "'" + m.group(1) + "'", where)
        with self._lock:
            try:
                self._layer.SetAttributeFilter(clause)
            except RuntimeError as error:
                raise invalid_parameter(parameter, f"Invalid where clause '{where}': {error}".strip()) from None
            try:
                return {feature.GetField("OBJECTID") for feature in self._layer}
            finally:
                self._layer.SetAttributeFilter(None)


# -- selecting and ordering items ------------------------------------------------------------------------------------
def _date_value(value: Any) -> float | None:
    """Epoch ms from a number or a date text such as '2050/01/01' or '2020-07-15 10:00:00'."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    try:
        return float(text)
    except ValueError:
        pass
    for pattern in ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return calendar.timegm(parsed.timetuple()) * 1000.0
    raise invalid_parameter("mosaicRule", f"sortValue '{value}' is not a date.")


def _centre(item: Item) -> tuple[float, float]:
    minx, maxx, miny, maxy = item.footprint.GetEnvelope()
    return (minx + maxx) / 2, (miny + maxy) / 2


def select_items(
    service: ServiceData,
    rule: MosaicRule,
    time_range: tuple[float | None, float | None] | None,
    catalog_filter: CatalogFilter | None,
    view_point: tuple[float, float] | None = None,
) -> list[Item]:
    """The catalog items the rule lets through, the top one first."""
    items = list(service.items)
    if rule.fids is not None:
        wanted = set(rule.fids)
        items = [i for i in items if i.object_id in wanted]
    if rule.where and catalog_filter is not None:
        wanted = catalog_filter.matching_ids(rule.where)
        items = [i for i in items if i.object_id in wanted]
    if time_range is not None and service.time_field:
        start, end = time_range
        items = [
            i
            for i in items
            if (start is None or i.attributes[service.time_field] >= start)
            and (end is None or i.attributes[service.time_field] <= end)
        ]
    if service.variables:
        items = _multidimensional(service, items, rule.md_definition)
    if rule.method == "esriMosaicLockRaster":
        by_id = {i.object_id: i for i in items}
        ordered = [by_id[i] for i in rule.lock_ids if i in by_id]
    else:
        ordered = sorted(items, key=lambda i: (_sort_key(service, rule, i, view_point), i.object_id))
    if not rule.ascending:
        ordered.reverse()
    return ordered


def _multidimensional(service: ServiceData, items: list[Item], definition: list[dict] | None) -> list[Item]:
    if not definition:
        default = service.variables[0].name
        return [i for i in items if i.attributes.get("Variable") == default]
    kept: list[Item] = []
    for item in items:
        for entry in definition:
            variable = entry.get("variableName") or ""
            if variable and variable != item.attributes.get("Variable"):
                continue
            values = entry.get("values")
            dimension = entry.get("dimensionName") or "StdTime"
            if dimension != "StdTime":
                raise invalid_parameter("mosaicRule", f"Unknown dimension '{dimension}'.")
            if values and not _in_values(item.attributes["StdTime"], values):
                continue
            kept.append(item)
            break
    return kept


def _in_values(value: float, values: list) -> bool:
    for v in values:
        if isinstance(v, list) and len(v) == 2:
            if (v[0] is None or value >= float(v[0])) and (v[1] is None or value <= float(v[1])):
                return True
        else:
            try:
                if float(v) == value:
                    return True
            except (TypeError, ValueError):
                raise invalid_parameter("mosaicRule", f"'{v}' is not a dimension value.") from None
    return False


def _sort_key(service: ServiceData, rule: MosaicRule, item: Item, view_point: tuple[float, float] | None) -> Any:
    method = rule.method
    if method == "esriMosaicAttribute":
        value = item.attributes.get(rule.sort_field or "")
        field_type = next((f["type"] for f in service.catalog_fields if f["name"] == rule.sort_field), "")
        if value is None:
            return math.inf
        if field_type == "esriFieldTypeString":
            return 0.0 if rule.sort_value is None else (0.0 if str(value) == str(rule.sort_value) else 1.0)
        if field_type == "esriFieldTypeDate":
            target = _date_value(rule.sort_value)
        else:
            try:
                target = float(rule.sort_value) if rule.sort_value is not None else 0.0
            except (TypeError, ValueError):
                raise invalid_parameter("mosaicRule", f"sortValue '{rule.sort_value}' is not a number.") from None
        return abs(float(value) - (target or 0.0))
    if method == "esriMosaicNorthwest":
        xmin, _ymin, _xmax, ymax = service.extent
        cx, cy = _centre(item)
        return math.hypot(cx - xmin, cy - ymax)
    if method in ("esriMosaicCenter", "esriMosaicNadir", "esriMosaicViewpoint"):
        if method == "esriMosaicViewpoint" and rule.viewpoint is not None:
            px, py = rule.viewpoint
        elif view_point is not None:
            px, py = view_point
        else:
            xmin, ymin, xmax, ymax = service.extent
            px, py = (xmin + xmax) / 2, (ymin + ymax) / 2
        cx, cy = _centre(item)
        return math.hypot(cx - px, cy - py)
    # esriMosaicNone: the order of the catalog (ZOrder, then ObjectID).
    return item.attributes.get("ZOrder") or 0
