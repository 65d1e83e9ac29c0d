"""Typed options → the query parameters ArcGIS expects (strings; JSON-encoded where ArcGIS wants JSON).

Geometry: (x, y), (xmin, ymin, xmax, ymax), QgsPointXY, QgsRectangle, QgsGeometry or an Esri JSON dict.
CRS: EPSG/ESRI code, "EPSG:4326", QgsCoordinateReferenceSystem or an Esri spatialReference dict; codes go as
wkid, anything else as {"wkt": ...} (ESRI WKT1 where QGIS can write it). Time: datetime, epoch ms, or a
(start, end) pair with None for an open end.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import date, datetime, timezone
from typing import Any, Optional, Union

from .errors import ArcGisParameterError
from .models import Extent, SpatialReference, parse_spatial_reference_lenient

CrsLike = Union[int, str, dict, SpatialReference, Any]  # Any: QgsCoordinateReferenceSystem
GeometryLike = Union[Sequence, dict, Extent, Any]  # Any: QgsPointXY, QgsRectangle, QgsGeometry
TimeLike = Union[int, float, datetime, date, Sequence, str, Any]


# -- numbers and JSON ------------------------------------------------------------------------------
def fmt_number(value: Any) -> str:
    """A number with a period as decimal separator and no exponent (ArcGIS reads plain decimals)."""
    if isinstance(value, bool):
        raise ArcGisParameterError(f"{value!r} is not a number.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ArcGisParameterError(f"{value!r} is not a number.") from None
    if not math.isfinite(number):
        raise ArcGisParameterError(f"{value!r} is not a finite number.")
    if number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    text = repr(number)
    if "e" in text or "E" in text:
        text = f"{number:.20f}".rstrip("0").rstrip(".")
    return text


def json_param(value: Any) -> Optional[str]:
    """Dicts and lists as compact JSON; strings unchanged; None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ArcGisParameterError(f"Cannot encode {type(value).__name__} as JSON: {error}") from None


def bool_param(value: Any) -> str:
    return "true" if value else "false"


def numbers_param(values: Any, name: str) -> str:
    """A comma-separated list of numbers from a sequence ("2,1,0"); strings unchanged."""
    if isinstance(values, str):
        return values
    if isinstance(values, (int, float)) and not isinstance(values, bool):
        return fmt_number(values)
    try:
        return ",".join(fmt_number(v) for v in values)
    except TypeError:
        raise ArcGisParameterError(f"{name} must be a sequence of numbers, not {type(values).__name__}.") from None


# -- spatial references ----------------------------------------------------------------------------
def _is_qgs_crs(value: Any) -> bool:
    return type(value).__name__ == "QgsCoordinateReferenceSystem"


def spatial_reference_json(crs: CrsLike) -> Optional[dict]:
    """The Esri spatialReference object for `crs`: {"wkid": n} for codes, {"wkt": ...} otherwise."""
    if crs is None:
        return None
    if isinstance(crs, bool):
        raise ArcGisParameterError(f"{crs!r} is not a spatial reference.")
    if isinstance(crs, SpatialReference):
        out = crs.to_dict()
        if not out:
            raise ArcGisParameterError("The spatial reference has neither wkid nor wkt.")
        return out
    if isinstance(crs, int):
        return {"wkid": crs}
    if isinstance(crs, float) and crs.is_integer():
        return {"wkid": int(crs)}
    if isinstance(crs, dict):
        if crs.get("wkid") is None and crs.get("latestWkid") is None and not crs.get("wkt"):
            raise ArcGisParameterError("The spatial reference dict needs 'wkid', 'latestWkid' or 'wkt'.")
        return dict(crs)
    if isinstance(crs, str):
        return _spatial_reference_from_text(crs)
    if _is_qgs_crs(crs):
        return _spatial_reference_from_qgs(crs)
    raise ArcGisParameterError(f"{type(crs).__name__} is not a spatial reference.")


def _spatial_reference_from_text(text: str) -> dict:
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            value = json.loads(stripped)
        except ValueError:
            raise ArcGisParameterError(f"{text!r} is not a spatial reference.") from None
        return spatial_reference_json(value)  # type: ignore[return-value]
    authority, _, code = stripped.partition(":")
    if code and authority.upper() in ("EPSG", "ESRI"):
        try:
            return {"wkid": int(code)}
        except ValueError:
            pass
    try:
        return {"wkid": int(stripped)}
    except ValueError:
        pass
    if stripped.upper().startswith(("PROJCS", "GEOGCS", "PROJCRS", "GEOGCRS", "GEODCRS", "COMPD", "BOUNDCRS")):
        return {"wkt": stripped}
    # Anything else QGIS can read (PROJ strings, "IGNF:...").
    from qgis.core import QgsCoordinateReferenceSystem

    crs = QgsCoordinateReferenceSystem(stripped)
    if not crs.isValid():
        raise ArcGisParameterError(f"{text!r} is not a spatial reference QGIS knows.")
    return _spatial_reference_from_qgs(crs)


def _spatial_reference_from_qgs(crs: Any) -> dict:
    from qgis.core import QgsCoordinateReferenceSystem

    if not crs.isValid():
        raise ArcGisParameterError("The coordinate reference system is not valid.")
    authority, _, code = crs.authid().partition(":")
    if authority.upper() in ("EPSG", "ESRI") and code.isdigit():
        return {"wkid": int(code)}
    variants = QgsCoordinateReferenceSystem.WktVariant
    wkt = crs.toWkt(variants.WKT1_ESRI) or crs.toWkt(variants.WKT1_GDAL)
    if not wkt:
        raise ArcGisParameterError("The coordinate reference system cannot be written as WKT.")
    return {"wkt": wkt}


def spatial_reference_param(crs: CrsLike) -> Optional[str]:
    """The value of sr / bboxSR / imageSR: the wkid alone when there is one, else the JSON object."""
    sr = spatial_reference_json(crs)
    if sr is None:
        return None
    code = sr.get("wkid", sr.get("latestWkid"))
    if code is not None and set(sr) <= {"wkid", "latestWkid"}:
        return str(int(code))
    return json_param(sr)


def spatial_reference(crs: CrsLike) -> Optional[SpatialReference]:
    """The one conversion of a caller's CRS (code, "EPSG:4326", WKT, Esri dict, QgsCoordinateReferenceSystem) into
    the SpatialReference core/ works with from there on: what ArcGIS is sent (a code as wkid, any other CRS as ESRI
    WKT). None stays None; what is no CRS is an ArcGisParameterError."""
    if crs is None:
        return None
    if isinstance(crs, SpatialReference):
        spatial_reference_json(crs)  # one with neither wkid nor wkt is refused
        return crs
    sr = parse_spatial_reference_lenient(spatial_reference_json(crs))
    if sr is None:
        raise ArcGisParameterError(f"{crs!r} is not a spatial reference.")
    return sr


def to_qgs_crs(crs: CrsLike):
    """A QgsCoordinateReferenceSystem for any accepted CRS form (102100 → EPSG:3857)."""
    from qgis.core import QgsCoordinateReferenceSystem

    if _is_qgs_crs(crs):
        return crs
    sr = spatial_reference(crs)
    return sr.to_qgs_crs() if sr is not None else QgsCoordinateReferenceSystem()


def same_crs(a: CrsLike, b: CrsLike) -> bool:
    """True when both name the same CRS (102100 and 3857 count as the same)."""
    sa, sb = spatial_reference(a), spatial_reference(b)
    if sa is None or sb is None:
        return sa is sb
    if sa.epsg is not None and sb.epsg is not None:
        return sa.epsg == sb.epsg
    return to_qgs_crs(a) == to_qgs_crs(b)


# -- geometry --------------------------------------------------------------------------------------
def envelope(value: Any) -> tuple[float, float, float, float]:
    """(xmin, ymin, xmax, ymax) from a 4-tuple, an Extent, a QgsRectangle or an Esri envelope dict."""
    if isinstance(value, Extent):
        return value.bounds
    if type(value).__name__ == "QgsRectangle":
        return (value.xMinimum(), value.yMinimum(), value.xMaximum(), value.yMaximum())
    if isinstance(value, dict):
        try:
            return tuple(float(value[k]) for k in ("xmin", "ymin", "xmax", "ymax"))  # type: ignore[return-value]
        except (KeyError, TypeError, ValueError):
            raise ArcGisParameterError("An envelope dict needs numeric xmin, ymin, xmax, ymax.") from None
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 4:
        raise ArcGisParameterError(f"{value!r} is not an extent (xmin, ymin, xmax, ymax).")
    coords = tuple(float(fmt_number(v)) for v in value)
    return coords  # type: ignore[return-value]


def envelope_param(value: Any) -> str:
    """ "xmin,ymin,xmax,ymax" for bbox / mapExtent."""
    return ",".join(fmt_number(v) for v in envelope(value))


_GEOMETRY_TYPES = {
    "x": "esriGeometryPoint",
    "points": "esriGeometryMultipoint",
    "paths": "esriGeometryPolyline",
    "rings": "esriGeometryPolygon",
    "xmin": "esriGeometryEnvelope",
}


def esri_geometry(geometry: GeometryLike) -> tuple[dict, str]:
    """(Esri JSON geometry, esriGeometryType) for any accepted geometry form (no spatialReference added)."""
    name = type(geometry).__name__
    if isinstance(geometry, dict):
        for key, gtype in _GEOMETRY_TYPES.items():
            if key in geometry:
                return dict(geometry), gtype
        raise ArcGisParameterError("The geometry dict is not an Esri JSON geometry (x/y, points, paths, rings, xmin).")
    if isinstance(geometry, Extent) or name == "QgsRectangle":
        xmin, ymin, xmax, ymax = envelope(geometry)
        return {"xmin": xmin, "ymin": ymin, "xmax": xmax, "ymax": ymax}, "esriGeometryEnvelope"
    if name in ("QgsPointXY", "QgsPoint"):
        return {"x": geometry.x(), "y": geometry.y()}, "esriGeometryPoint"
    if name == "QgsGeometry":
        return _esri_from_qgs_geometry(geometry)
    if isinstance(geometry, Sequence) and not isinstance(geometry, (str, bytes)):
        if len(geometry) == 2:
            x, y = (float(fmt_number(v)) for v in geometry)
            return {"x": x, "y": y}, "esriGeometryPoint"
        if len(geometry) == 4:
            xmin, ymin, xmax, ymax = envelope(geometry)
            return {"xmin": xmin, "ymin": ymin, "xmax": xmax, "ymax": ymax}, "esriGeometryEnvelope"
    raise ArcGisParameterError(f"{geometry!r} is not a geometry (x, y), (xmin, ymin, xmax, ymax) or Esri JSON.")


def _ring_area(ring: list) -> float:
    """Shoelace area: positive for counter-clockwise rings."""
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)) / 2.0


def _esri_rings(polygons: list) -> list:
    """GeoJSON polygons → Esri rings: outer rings clockwise, holes counter-clockwise."""
    rings = []
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            clockwise = _ring_area(ring) < 0
            wanted_clockwise = index == 0
            rings.append(ring if clockwise == wanted_clockwise else list(reversed(ring)))
    return rings


def _esri_from_qgs_geometry(geometry: Any) -> tuple[dict, str]:
    if geometry.isNull() or geometry.isEmpty():
        raise ArcGisParameterError("The geometry is empty.")
    try:
        geojson = json.loads(geometry.asJson(17))
    except ValueError:
        raise ArcGisParameterError("The geometry cannot be converted.") from None
    kind = geojson.get("type")
    coords = geojson.get("coordinates")
    has_z = geometry.constGet().is3D()
    out: dict[str, Any]
    if kind == "Point":
        out = {"x": coords[0], "y": coords[1]}
        if has_z and len(coords) > 2:
            out["z"] = coords[2]
        gtype = "esriGeometryPoint"
    elif kind == "MultiPoint":
        out, gtype = {"points": coords}, "esriGeometryMultipoint"
    elif kind == "LineString":
        out, gtype = {"paths": [coords]}, "esriGeometryPolyline"
    elif kind == "MultiLineString":
        out, gtype = {"paths": coords}, "esriGeometryPolyline"
    elif kind == "Polygon":
        out, gtype = {"rings": _esri_rings([coords])}, "esriGeometryPolygon"
    elif kind == "MultiPolygon":
        out, gtype = {"rings": _esri_rings(coords)}, "esriGeometryPolygon"
    else:
        raise ArcGisParameterError(f"ArcGIS cannot identify with a {kind} geometry.")
    if has_z and kind != "Point":
        out["hasZ"] = True
    return out, gtype


def geometry_params(geometry: GeometryLike, crs: CrsLike = None) -> dict[str, str]:
    """{"geometry": <Esri JSON>, "geometryType": ...}; the CRS goes into the geometry's spatialReference."""
    data, gtype = esri_geometry(geometry)
    sr = spatial_reference_json(crs)
    if sr is not None and "spatialReference" not in data:
        data["spatialReference"] = sr
    return {"geometry": json_param(data), "geometryType": gtype}  # type: ignore[dict-item]


# -- time ------------------------------------------------------------------------------------------
def epoch_ms(value: Any) -> Optional[int]:
    """Epoch milliseconds from a datetime (naive = UTC), date, QDateTime or number; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ArcGisParameterError(f"{value!r} is not a time.")
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return round(aware.timestamp() * 1000)
    if isinstance(value, date):
        return epoch_ms(datetime(value.year, value.month, value.day, tzinfo=timezone.utc))
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ArcGisParameterError(f"{value!r} is not a time.")
        return int(value)
    if type(value).__name__ == "QDateTime":
        if not value.isValid():
            return None
        return int(value.toMSecsSinceEpoch())
    raise ArcGisParameterError(f"{value!r} is not a time (datetime or epoch milliseconds).")


def epoch_ms_to_datetime(value: Optional[float]) -> Optional[datetime]:
    """The UTC datetime of epoch milliseconds (ArcGIS's time values); None for None and for what no datetime holds."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return datetime.fromtimestamp(value / 1000.0, tz=timezone.utc)
    except (OverflowError, OSError, ValueError, TypeError):
        return None


def time_param(time: TimeLike) -> Optional[str]:
    """ArcGIS time: "<ms>" for an instant, "<start>,<end>" for a range, "null" for an open end."""
    if time is None:
        return None
    if isinstance(time, str):
        return time
    if type(time).__name__ in ("QgsDateTimeRange", "QgsDateRange"):
        time = (time.begin(), time.end())
    if isinstance(time, Sequence) and not isinstance(time, (str, bytes)):
        if len(time) != 2:
            raise ArcGisParameterError("A time range is a (start, end) pair.")
        start, end = (epoch_ms(t) for t in time)
        if start is None and end is None:
            return None
        return f"{'null' if start is None else start},{'null' if end is None else end}"
    instant = epoch_ms(time)
    return None if instant is None else str(instant)


# -- operation-specific pieces ---------------------------------------------------------------------
def image_display_param(image_display: Any) -> str:
    """ "width,height,dpi" (dpi 96 when only (width, height) is given)."""
    if isinstance(image_display, str):
        return image_display
    values = list(image_display) if isinstance(image_display, Sequence) else []
    if len(values) == 2:
        values.append(96)
    if len(values) != 3:
        raise ArcGisParameterError("image_display is (width, height) or (width, height, dpi).")
    return ",".join(fmt_number(v) for v in values)


def size_param(size: Any) -> str:
    if isinstance(size, str):
        return size
    if not isinstance(size, Sequence) or len(size) != 2:
        raise ArcGisParameterError("size is (width, height) in pixels.")
    width, height = (int(float(fmt_number(v))) for v in size)
    if width <= 0 or height <= 0:
        raise ArcGisParameterError("size must be positive.")
    return f"{width},{height}"


_LAYER_OPTIONS = ("top", "visible", "all")


def layers_param(layers: Any) -> str:
    """ "top" | "visible" | "all" | "visible:2,5"; a list of ids means "all:<ids>"; ("visible", [2, 5])."""
    if layers is None:
        return "visible"
    if isinstance(layers, str):
        option = layers.split(":", 1)[0].strip().lower()
        if option not in _LAYER_OPTIONS:
            raise ArcGisParameterError(f"layers must start with top, visible or all, not {layers!r}.")
        return layers.strip()
    if isinstance(layers, int) and not isinstance(layers, bool):
        return f"all:{layers}"
    if isinstance(layers, tuple) and len(layers) == 2 and isinstance(layers[0], str):
        option = layers[0].lower()
        if option not in _LAYER_OPTIONS:
            raise ArcGisParameterError(f"layers must start with top, visible or all, not {layers[0]!r}.")
        return f"{option}:{numbers_param(layers[1], 'layers')}"
    if isinstance(layers, Sequence):
        return f"all:{numbers_param(layers, 'layers')}"
    raise ArcGisParameterError(f"{layers!r} is not a layers option.")


def layer_defs_param(layer_defs: Any) -> Optional[str]:
    """{layer id: expression} → {"0": "..."} JSON; strings ("0:POP > 5;1:...") unchanged."""
    if layer_defs is None or isinstance(layer_defs, str):
        return layer_defs
    if isinstance(layer_defs, dict):
        return json_param({str(k): str(v) for k, v in layer_defs.items()})
    raise ArcGisParameterError("layer_defs is a dict {layer id: definition expression} or a string.")


def pixel_size_param(pixel_size: Any) -> Optional[str]:
    """A number → "v,v"; (x, y) → "x,y"; an Esri point dict (with spatialReference) → JSON."""
    if pixel_size is None:
        return None
    if isinstance(pixel_size, str):
        return pixel_size
    if isinstance(pixel_size, dict):
        return json_param(pixel_size)
    if isinstance(pixel_size, (int, float)) and not isinstance(pixel_size, bool):
        return f"{fmt_number(pixel_size)},{fmt_number(pixel_size)}"
    if isinstance(pixel_size, Sequence) and len(pixel_size) == 2:
        return f"{fmt_number(pixel_size[0])},{fmt_number(pixel_size[1])}"
    raise ArcGisParameterError(f"{pixel_size!r} is not a pixel size (number, (x, y) or Esri JSON).")


def clean(params: dict[str, Any]) -> dict[str, str]:
    """Drop None values; turn the rest into strings (bools as true/false)."""
    out: dict[str, str] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[key] = bool_param(value)
        elif isinstance(value, (int, float)):
            out[key] = fmt_number(value)
        elif isinstance(value, (dict, list)):
            out[key] = json_param(value)  # type: ignore[assignment]
        else:
            out[key] = str(value)
    return out
