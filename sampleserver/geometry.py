"""Spatial references and Esri geometries as ArcGIS accepts them, converted to GDAL/OGR objects."""

from __future__ import annotations

import json
from typing import Any

from osgeo import ogr, osr

from .errors import invalid_parameter

osr.UseExceptions()
ogr.UseExceptions()

# Esri's own codes for CRSs EPSG also knows.
_ESRI_ALIASES = {102100: 3857, 102113: 3857, 900913: 3857, 104199: 4326}


def epsg_of(wkid: int) -> int:
    return _ESRI_ALIASES.get(wkid, wkid)


def make_sr(value: Any, name: str = "sr") -> osr.SpatialReference:
    """A spatial reference from a wkid (int or "4326"), {"wkid", "latestWkid"} or {"wkt"} (JSON text or dict)."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{"):
            try:
                value = json.loads(text)
            except ValueError:
                raise invalid_parameter(name, "It is not valid JSON.") from None
        else:
            try:
                value = int(float(text))
            except (ValueError, OverflowError):
                raise invalid_parameter(name, f"'{value}' is not a spatial reference.") from None
    sr = osr.SpatialReference()
    sr.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    try:
        if isinstance(value, int):
            _import_wkid(sr, value)
        elif isinstance(value, dict):
            wkid = value.get("latestWkid") or value.get("wkid")
            if wkid is not None:
                _import_wkid(sr, int(wkid))
            elif value.get("wkt"):
                sr.ImportFromWkt(str(value["wkt"]))
            else:
                raise invalid_parameter(name, "The spatial reference has neither wkid nor wkt.")
        else:
            raise invalid_parameter(name, f"'{value}' is not a spatial reference.")
    except (RuntimeError, OverflowError, TypeError, ValueError):
        raise invalid_parameter(name, f"'{value}' is not a known spatial reference.") from None
    return sr


def _import_wkid(sr: osr.SpatialReference, wkid: int) -> None:
    """EPSG codes, and Esri's own (54030 Robinson, 102003 USA Contiguous Albers...) through PROJ's ESRI authority."""
    try:
        sr.ImportFromEPSG(epsg_of(wkid))
    except RuntimeError:
        sr.SetFromUserInput(f"ESRI:{wkid}")


def sr_json(sr: osr.SpatialReference) -> dict:
    """The spatialReference object ArcGIS writes: wkid and latestWkid (102100 for Web Mercator), else wkt."""
    code = None
    if sr.GetAuthorityName(None) in ("EPSG", "ESRI"):
        code = int(sr.GetAuthorityCode(None))
    if code == 3857:
        return {"wkid": 102100, "latestWkid": 3857}
    if code is not None:
        return {"wkid": code, "latestWkid": code}
    return {"wkt": sr.ExportToWkt()}


def same_sr(a: osr.SpatialReference, b: osr.SpatialReference) -> bool:
    return bool(a.IsSame(b))


_SIMPLE_TYPES = {"esriGeometryPoint": 2, "esriGeometryEnvelope": 4}


def parse_geometry(
    text: str | None,
    geometry_type: str | None,
    default_sr: osr.SpatialReference,
    name: str = "geometry",
) -> ogr.Geometry:
    """An OGR geometry (with its spatial reference assigned) from ArcGIS's simple or JSON syntax.

    The geometry's own spatialReference wins over `default_sr` (which is `sr`/`bboxSR` or the service's).
    """
    if text is None or text.strip() == "":
        raise invalid_parameter(name, "A geometry is required.")
    gtype = geometry_type or "esriGeometryPoint"
    text = text.strip()
    if not text.startswith("{"):
        if gtype not in _SIMPLE_TYPES:
            raise invalid_parameter(name, f"The simple syntax is not allowed for {gtype}.")
        try:
            numbers = [float(p) for p in text.split(",")]
        except ValueError:
            raise invalid_parameter(name, f"'{text}' is not a list of coordinates.") from None
        if len(numbers) != _SIMPLE_TYPES[gtype]:
            raise invalid_parameter(name, f"{gtype} needs {_SIMPLE_TYPES[gtype]} coordinates.")
        data: dict = (
            {"x": numbers[0], "y": numbers[1]}
            if gtype == "esriGeometryPoint"
            else dict(zip(("xmin", "ymin", "xmax", "ymax"), numbers))
        )
    else:
        try:
            data = json.loads(text)
        except ValueError:
            # ArcGIS also accepts unquoted keys ({x: -104, y: 35.6}).
            import re

            try:
                data = json.loads(re.sub(r"([{,]\s*)([A-Za-z_]\w*)\s*:", r'\1"\2":', text))
            except ValueError:
                raise invalid_parameter(name, "It is not valid JSON.") from None
        if not isinstance(data, dict):
            raise invalid_parameter(name, "It is not a geometry object.")
    sr = make_sr(data["spatialReference"], name) if isinstance(data.get("spatialReference"), dict) else default_sr
    geom = esri_to_ogr(data, gtype, name)
    geom.AssignSpatialReference(sr)
    return geom


def esri_to_ogr(data: dict, geometry_type: str, name: str = "geometry") -> ogr.Geometry:
    try:
        if geometry_type == "esriGeometryPoint" or ("x" in data and "y" in data):
            geom = ogr.Geometry(ogr.wkbPoint)
            geom.AddPoint_2D(float(data["x"]), float(data["y"]))
            return geom
        if geometry_type == "esriGeometryEnvelope" or "xmin" in data:
            xmin, ymin, xmax, ymax = (float(data[k]) for k in ("xmin", "ymin", "xmax", "ymax"))
            ring = ogr.Geometry(ogr.wkbLinearRing)
            for x, y in ((xmin, ymin), (xmin, ymax), (xmax, ymax), (xmax, ymin), (xmin, ymin)):
                ring.AddPoint_2D(x, y)
            geom = ogr.Geometry(ogr.wkbPolygon)
            geom.AddGeometry(ring)
            return geom
        if geometry_type == "esriGeometryMultipoint" or "points" in data:
            geom = ogr.Geometry(ogr.wkbMultiPoint)
            for x, y, *_ in data["points"]:
                point = ogr.Geometry(ogr.wkbPoint)
                point.AddPoint_2D(float(x), float(y))
                geom.AddGeometry(point)
            return geom
        if geometry_type == "esriGeometryPolyline" or "paths" in data:
            geom = ogr.Geometry(ogr.wkbMultiLineString)
            for path in data["paths"]:
                line = ogr.Geometry(ogr.wkbLineString)
                for x, y, *_ in path:
                    line.AddPoint_2D(float(x), float(y))
                geom.AddGeometry(line)
            return geom
        if geometry_type == "esriGeometryPolygon" or "rings" in data:
            # Esri rings: outer rings clockwise, holes counter-clockwise; OGR sorts them out.
            rings = ogr.Geometry(ogr.wkbGeometryCollection)
            for ring_coords in data["rings"]:
                ring = ogr.Geometry(ogr.wkbLinearRing)
                for x, y, *_ in ring_coords:
                    ring.AddPoint_2D(float(x), float(y))
                poly = ogr.Geometry(ogr.wkbPolygon)
                poly.AddGeometry(ring)
                rings.AddGeometry(poly)
            return _rings_to_polygon(rings)
    except (KeyError, TypeError, ValueError):
        raise invalid_parameter(name, f"It is not a valid {geometry_type}.") from None
    raise invalid_parameter(name, f"Unsupported geometry type '{geometry_type}'.")


def _rings_to_polygon(rings: ogr.Geometry) -> ogr.Geometry:
    """Outer rings become polygons; a ring inside another becomes its hole (Esri ring semantics)."""
    polys = [rings.GetGeometryRef(i).Clone() for i in range(rings.GetGeometryCount())]
    polys.sort(key=lambda p: -p.GetArea())
    result: list[ogr.Geometry] = []
    for poly in polys:
        for outer in result:
            if outer.Contains(poly):
                outer.AddGeometry(poly.GetGeometryRef(0).Clone())
                break
        else:
            result.append(poly)
    if len(result) == 1:
        return result[0]
    multi = ogr.Geometry(ogr.wkbMultiPolygon)
    for poly in result:
        multi.AddGeometry(poly)
    return multi


def transform(geom: ogr.Geometry, target: osr.SpatialReference) -> ogr.Geometry:
    """A copy of `geom` in `target`."""
    source = geom.GetSpatialReference()
    copy = geom.Clone()
    if source is not None and not source.IsSame(target):
        copy.Transform(osr.CoordinateTransformation(source, target))
    copy.AssignSpatialReference(target)
    return copy


# -- OGR -> Esri JSON --------------------------------------------------------------------------------
_POLYGON_TYPES = (ogr.wkbPolygon, ogr.wkbMultiPolygon)
_LINE_TYPES = (ogr.wkbLineString, ogr.wkbMultiLineString)
_POINT_TYPES = (ogr.wkbPoint,)
ESRI_GEOMETRY_TYPE = {
    ogr.wkbPoint: "esriGeometryPoint",
    ogr.wkbMultiPoint: "esriGeometryMultipoint",
    ogr.wkbLineString: "esriGeometryPolyline",
    ogr.wkbMultiLineString: "esriGeometryPolyline",
    ogr.wkbPolygon: "esriGeometryPolygon",
    ogr.wkbMultiPolygon: "esriGeometryPolygon",
}


def _coords(part: ogr.Geometry, precision: int | None, with_z: bool, with_m: bool) -> list[list[float]]:
    has_z = with_z and part.Is3D()
    has_m = with_m and part.IsMeasured()
    if not has_m:
        points = part.GetPoints() or []
        rows = [[x, y, z] for x, y, z in points] if has_z else [[p[0], p[1]] for p in points]
    else:
        rows = []
        for i in range(part.GetPointCount()):
            row = [part.GetX(i), part.GetY(i)]
            if has_z:
                row.append(part.GetZ(i))
            row.append(part.GetM(i))
            rows.append(row)
    if precision is not None:
        for row in rows:
            # geometryPrecision applies to x and y only (not z or m), as ArcGIS documents.
            row[0] = round(row[0], precision)
            row[1] = round(row[1], precision)
    return rows


def _signed_area(ring: list[list[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2.0


def ogr_to_esri(
    geom: ogr.Geometry,
    spatial_reference: dict | None = None,
    *,
    precision: int | None = None,
    with_z: bool = False,
    with_m: bool = False,
) -> dict:
    """Esri JSON for an OGR geometry: rings with outer rings clockwise and holes counter-clockwise (Esri's rule)."""
    flat = ogr.GT_Flatten(geom.GetGeometryType())
    has_z = with_z and geom.Is3D()
    has_m = with_m and geom.IsMeasured()
    result: dict[str, Any] = {}
    if has_z:
        result["hasZ"] = True
    if has_m:
        result["hasM"] = True
    if flat == ogr.wkbPoint:
        row = _coords(geom, precision, with_z, with_m)[0] if not geom.IsEmpty() else [None, None]
        result.update({"x": row[0], "y": row[1]})
        index = 2
        if has_z:
            result["z"] = row[index]
            index += 1
        if has_m:
            result["m"] = row[index]
    elif flat == ogr.wkbMultiPoint:
        result["points"] = [_coords(p, precision, with_z, with_m)[0] for p in geom]
    elif flat in _LINE_TYPES:
        parts = [geom] if flat == ogr.wkbLineString else list(geom)
        result["paths"] = [_coords(p, precision, with_z, with_m) for p in parts]
    elif flat in _POLYGON_TYPES:
        polygons = [geom] if flat == ogr.wkbPolygon else list(geom)
        rings = []
        for polygon in polygons:
            for index, ring_geom in enumerate(polygon):
                ring = _coords(ring_geom, precision, with_z, with_m)
                area = _signed_area(ring)
                # Shoelace area > 0 means counter-clockwise: reverse outer rings that are CCW and holes that are CW.
                if (index == 0 and area > 0) or (index > 0 and area < 0):
                    ring.reverse()
                rings.append(ring)
        result["rings"] = rings
    else:
        raise ValueError(f"Unsupported geometry type {geom.GetGeometryName()}")
    if spatial_reference is not None:
        result["spatialReference"] = spatial_reference
    return result


def esri_geometry_type(geom: ogr.Geometry) -> str:
    return ESRI_GEOMETRY_TYPE.get(ogr.GT_Flatten(geom.GetGeometryType()), "esriGeometryPolygon")
