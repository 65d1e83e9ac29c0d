"""Reading features of the World layers with OGR: where clauses (layerDefs, time) and ArcGIS attribute formatting."""

from __future__ import annotations

import queue
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from osgeo import ogr

from ..errors import invalid_parameter
from ..params import Params, parse_time
from .data import LayerSpec

ogr.UseExceptions()


class DatasourcePool:
    """OGR datasources are not thread-safe: each request borrows one of its own (opened read-only, reused)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._idle: queue.LifoQueue = queue.LifoQueue()

    @contextmanager
    def borrow(self) -> Iterator[ogr.DataSource]:
        try:
            ds = self._idle.get_nowait()
        except queue.Empty:
            ds = ogr.Open(str(self.path), 0)
        try:
            yield ds
        finally:
            self._idle.put(ds)


# -- layerDefs ---------------------------------------------------------------------------------------
def parse_layer_defs(params: Params, layers: dict[int, LayerSpec]) -> dict[int, str]:
    """layerDefs in the simple ("0:POP > 5;2:NAME = 'x'") or JSON ({"0": "POP > 5"}) syntax."""
    text = params.str("layerDefs")
    if text is None:
        return {}
    result: dict[int, str] = {}
    if text.lstrip().startswith(("{", "[")):
        data = params.json("layerDefs")
        if isinstance(data, list):  # [{"layerId": 0, "where": "..."}] (also accepted by ArcGIS)
            pairs = [(item.get("layerId"), item.get("where") or item.get("definitionExpression")) for item in data]
        elif isinstance(data, dict):
            pairs = list(data.items())
        else:
            raise invalid_parameter("layerDefs", "It is neither the simple nor the JSON syntax.")
    else:
        pairs = []
        for chunk in text.split(";"):
            if not chunk.strip():
                continue
            layer_id, sep, where = chunk.partition(":")
            if not sep:
                raise invalid_parameter("layerDefs", f"'{chunk}' is not <layerId>:<definition expression>.")
            pairs.append((layer_id, where))
    for layer_id, where in pairs:
        try:
            lid = int(str(layer_id).strip())
        except ValueError:
            raise invalid_parameter("layerDefs", f"'{layer_id}' is not a layer id.") from None
        if lid in layers and where is not None and str(where).strip():
            result[lid] = to_sqlite_where(str(where), "layerDefs")
    return result


_DATE_LITERAL = re.compile(r"\b(?:date|timestamp)\s*'([^']*)'", re.IGNORECASE)


def _date_literal_ms(match: re.Match, name: str) -> str:
    text = match.group(1).strip().replace("T", " ").rstrip("Z")
    for fmt in ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            moment = datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)
            return str(int(moment.timestamp() * 1000))
        except ValueError:
            continue
    raise invalid_parameter(name, f"'{match.group(1)}' is not a date.")


def to_sqlite_where(where: str, name: str) -> str:
    """ArcGIS standardized SQL -> the SQLite dialect of the cache (dates are stored as epoch milliseconds)."""
    return _DATE_LITERAL.sub(lambda m: _date_literal_ms(m, name), where)


# -- time ----------------------------------------------------------------------------------------------
_UNIT_MS = {
    "esriTimeUnitsMilliseconds": 1,
    "esriTimeUnitsSeconds": 1000,
    "esriTimeUnitsMinutes": 60_000,
    "esriTimeUnitsHours": 3_600_000,
    "esriTimeUnitsDays": 86_400_000,
    "esriTimeUnitsWeeks": 7 * 86_400_000,
}
_UNIT_MONTHS = {
    "esriTimeUnitsMonths": 1,
    "esriTimeUnitsYears": 12,
    "esriTimeUnitsDecades": 120,
    "esriTimeUnitsCenturies": 1200,
}


def shift_ms(value: float | None, amount: float, units: str) -> float | None:
    """`value` moved by `amount` time units (calendar months and years, as ArcGIS's time offsets)."""
    if value is None or amount == 0:
        return value
    if units in _UNIT_MS:
        return value + amount * _UNIT_MS[units]
    if units in _UNIT_MONTHS:
        moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=value)
        months = moment.year * 12 + moment.month - 1 + round(amount * _UNIT_MONTHS[units])
        year, month = divmod(months, 12)
        day = min(moment.day, [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month])
        moved = moment.replace(year=year, month=month + 1, day=day)
        return (moved - datetime(1970, 1, 1, tzinfo=timezone.utc)) / timedelta(milliseconds=1)
    raise invalid_parameter("layerTimeOptions", f"'{units}' is not a time unit.")


def parse_layer_time_options(params: Params) -> dict[int, dict]:
    data = params.json("layerTimeOptions")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise invalid_parameter("layerTimeOptions", "It must be a JSON object keyed by layer id.")
    result = {}
    for key, options in data.items():
        try:
            layer_id = int(key)
        except ValueError:
            raise invalid_parameter("layerTimeOptions", f"'{key}' is not a layer id.") from None
        if not isinstance(options, dict):
            raise invalid_parameter("layerTimeOptions", f"The options of layer {key} are not an object.")
        result[layer_id] = options
    return result


def time_where(layer: LayerSpec, time_value: str | None, layer_time_options: dict[int, dict]) -> str | None:
    """The SQL restricting a time-aware layer to the features whose [start, end] overlaps `time`.

    Without `time` nothing is filtered (ArcGIS draws and identifies all features of a time-aware layer when
    the request has no time). layerTimeOptions: useTime false disables the filter, timeDataCumulative makes
    the start open, timeOffset shifts the layer's data by the offset (data at t shows at t + offset).
    """
    if not layer.time_aware:
        return None
    window = parse_time(time_value)
    if window is None:
        return None
    options = layer_time_options.get(layer.id, {})
    if options.get("useTime") is False:
        return None
    start, end = window
    if options.get("timeDataCumulative"):
        start = None
    offset = options.get("timeOffset") or options.get("timeOffsetOffset")
    if offset:
        try:
            amount = float(offset)
        except (TypeError, ValueError):
            raise invalid_parameter("layerTimeOptions", f"'{offset}' is not a time offset.") from None
        units = options.get("timeOffsetUnits") or "esriTimeUnitsMilliseconds"
        start, end = shift_ms(start, -amount, units), shift_ms(end, -amount, units)
    clauses = []
    start_field, end_field = layer.start_time_field, layer.end_time_field or layer.start_time_field
    if end is not None:
        clauses.append(f"({start_field} IS NULL OR {start_field} <= {int(end)})")
    if start is not None:
        clauses.append(f"({end_field} IS NULL OR {end_field} >= {int(start)})")
    return " AND ".join(clauses) or None


def combine_where(*clauses: str | None) -> str | None:
    parts = [f"({c})" for c in clauses if c]
    return " AND ".join(parts) or None


# -- attributes ------------------------------------------------------------------------------------------
_SHAPE_NAMES = {"esriGeometryPolygon": "Polygon", "esriGeometryPolyline": "Polyline", "esriGeometryPoint": "Point"}


def format_date(ms: int) -> str:
    """ArcGIS's formatted date (en-US, UTC): 3/7/2021 4:05:00 PM."""
    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=ms)
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment.minute:02d}:{moment.second:02d} {suffix}"


def format_double(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def feature_attributes(feature: ogr.Feature, layer: LayerSpec, *, use_names: bool, formatted: bool) -> dict:
    """The attributes in field order, keyed by alias (or name), formatted as ArcGIS does unless asked not to."""
    result = {}
    for spec in layer.fields:
        key = spec.name if use_names else spec.alias
        if spec.type == "esriFieldTypeOID":
            value = feature.GetFID()
        elif spec.type == "esriFieldTypeGeometry":
            value = _SHAPE_NAMES[layer.geometry_type]
        elif not feature.IsFieldSetAndNotNull(spec.name):
            value = None
        elif spec.type == "esriFieldTypeString":
            value = feature.GetFieldAsString(spec.name)
        elif spec.type == "esriFieldTypeDouble":
            value = feature.GetFieldAsDouble(spec.name)
        else:
            value = feature.GetFieldAsInteger64(spec.name)
        if formatted:
            if value is None:
                value = "Null"
            elif spec.type == "esriFieldTypeDate":
                value = format_date(value)
            elif spec.type == "esriFieldTypeDouble":
                value = format_double(value)
            else:
                value = str(value)
        result[key] = value
    return result


def display_value(feature: ogr.Feature, layer: LayerSpec) -> str:
    if not feature.IsFieldSetAndNotNull(layer.display_field):
        return "Null"
    return feature.GetFieldAsString(layer.display_field)
