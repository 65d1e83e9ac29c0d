"""/identify and /getSamples: pixel values of the mosaic at locations, with the catalog items beneath."""

from __future__ import annotations

import math

import numpy as np
from osgeo import ogr

from ..errors import invalid_parameter
from ..geometry import parse_geometry, sr_json, transform
from ..params import Params
from . import functions
from .common import cell_metres, combine, finite, format_pixel, pixel_size_factor
from .model import Item, ServiceData
from .mosaic import CatalogFilter, parse_mosaic_rule, parse_time_param, select_items

IDENTIFY_TYPES = ("esriGeometryPoint", "esriGeometryPolygon", "esriGeometryEnvelope", "esriGeometryMultipoint")
SAMPLE_TYPES = (
    "esriGeometryPoint",
    "esriGeometryMultipoint",
    "esriGeometryPolyline",
    "esriGeometryPolygon",
    "esriGeometryEnvelope",
)
MAX_SAMPLES = 1000


class PixelReader:
    """Reads the mosaic (and each item) at a location for one request's mosaic rule, pixel size and function."""

    def __init__(self, service: ServiceData, items: list[Item], factor: int, operator: str) -> None:
        self.service = service
        self.items = items
        self.factor = factor
        self.operator = operator

    def items_at(self, x: float, y: float) -> list[Item]:
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(x, y)
        return [i for i in self.items if i.footprint.Intersects(point)]

    def blocks(self, items: list[Item], x: float, y: float) -> list[np.ndarray]:
        return [i.read_cells(x, y, self.factor, 1, self.service.thematic) for i in items]

    def mosaic_value(
        self, blocks: list[np.ndarray], rule: functions.RenderingRule, y: float, variable: str | None
    ) -> tuple[np.ndarray | None, str]:
        """The processed value at the centre cell and its pixel type."""
        mosaicked = combine(blocks, self.operator)
        if mosaicked is None:
            return None, self.service.pixel_type
        cell = (self.service.pixel_size[0] * self.factor, self.service.pixel_size[1] * self.factor)
        block = functions.apply(self.service, rule, mosaicked, cell_metres(self.service.sr, cell, y), variable)
        centre = block.values[:, 1, 1]
        return (None if np.isnan(centre).any() else centre), block.pixel_type

    @property
    def resolution(self) -> float:
        return self.service.pixel_size[0] * self.factor


def geometry_in_service_sr(params: Params, geometry_type: str, service: ServiceData) -> ogr.Geometry:
    """The request's geometry projected to the service; a 400 if it cannot be (or has no finite coordinates)."""
    geometry = parse_geometry(params.str("geometry"), geometry_type, service.sr)
    try:
        projected = transform(geometry, service.sr)
    except RuntimeError:
        raise invalid_parameter("geometry", "It cannot be projected to the service's spatial reference.") from None
    minx, maxx, miny, maxy = projected.GetEnvelope()
    if not all(math.isfinite(v) for v in (minx, maxx, miny, maxy)):
        raise invalid_parameter("geometry", "Its coordinates are not finite in the service's spatial reference.")
    return projected


def _variable_of(items: list[Item]) -> str | None:
    return items[0].attributes.get("Variable") if items and "Variable" in items[0].attributes else None


def identify(service: ServiceData, catalog_filter: CatalogFilter | None, params: Params) -> dict:
    geometry_type = params.str("geometryType", "esriGeometryPoint")
    if geometry_type not in IDENTIFY_TYPES:
        raise invalid_parameter("geometryType", f"'{geometry_type}' is not supported by identify.")
    geometry = geometry_in_service_sr(params, geometry_type, service)
    if geometry.GetGeometryType() == ogr.wkbPoint:
        x, y = geometry.GetX(), geometry.GetY()
    elif geometry.IsEmpty():
        raise invalid_parameter("geometry", "The geometry is empty.")
    else:
        try:
            centroid = geometry.Centroid()
        except RuntimeError:
            raise invalid_parameter("geometry", "It is not a valid polygon.") from None
        x, y = centroid.GetX(), centroid.GetY()
    location = ogr.Geometry(ogr.wkbPoint)
    location.AddPoint_2D(x, y)
    location.AssignSpatialReference(service.sr)

    rule = parse_mosaic_rule(params, service)
    time_range = parse_time_param(params)
    rendering = functions.parse_rendering_rule(params, service)
    extra_rules = params.json("renderingRules")
    if extra_rules is not None and not isinstance(extra_rules, list):
        raise invalid_parameter("renderingRules", "It must be a JSON array of rendering rules.")
    return_geometry = params.bool("returnGeometry", True)
    return_items = params.bool("returnCatalogItems", True)
    return_pixel_values = params.bool("returnPixelValues", True)
    max_items = params.int("maxItemCount")
    if max_items is not None and max_items < 0:
        raise invalid_parameter("maxItemCount", "It must not be negative.")
    factor = pixel_size_factor(params, service, location)

    ordered = select_items(service, rule, time_range, catalog_filter, view_point=(x, y))
    under = [i for i in ordered if i.footprint.Intersects(geometry)]
    reader = PixelReader(service, under, factor, rule.operator)
    at_point = [i for i in under if i.footprint.Intersects(location)]
    blocks = reader.blocks(at_point, x, y)
    variable = _variable_of(at_point) or (rendering.variable if rendering else None)
    value, pixel_type = reader.mosaic_value(blocks, rendering, y, variable)

    result: dict = {
        "objectId": 0,
        "name": "Pixel",
        "value": format_pixel(value, pixel_type, ", "),
        "location": {"x": x, "y": y, "spatialReference": sr_json(service.sr)},
        "properties": None,
        "catalogItems": None,
        "catalogItemVisibilities": [],
    }
    if service.is_mosaic and return_items:
        listed = under if max_items is None else under[:max_items]
        raw_by_id = {item.object_id: block[:, 1, 1] for item, block in zip(at_point, blocks)}
        if return_pixel_values:
            result["properties"] = {
                "Values": [format_pixel(raw_by_id.get(i.object_id), service.pixel_type, " ") for i in listed]
            }
        features = []
        for item in listed:
            feature: dict = {}
            if return_geometry:
                feature["geometry"] = esri_rings(item.footprint)
            feature["attributes"] = dict(item.attributes)
            features.append(feature)
        result["catalogItems"] = {
            "objectIdFieldName": "OBJECTID",
            "spatialReference": sr_json(service.sr),
            "geometryType": "esriGeometryPolygon",
            "features": features,
        }
        result["catalogItemVisibilities"] = _visibilities(listed, under, geometry, (x, y), raw_by_id)
    if extra_rules is not None:
        processed = []
        for raw_rule in extra_rules:
            extra = functions.rendering_rule_from_json(raw_rule, service)
            extra_value, extra_type = reader.mosaic_value(blocks, extra, y, variable)
            processed.append(format_pixel(extra_value, extra_type, ", "))
        result["processedValues"] = processed
    return result


def esri_rings(footprint: ogr.Geometry) -> dict:
    ring = footprint.GetGeometryRef(0)
    points = [[ring.GetX(i), ring.GetY(i)] for i in range(ring.GetPointCount())]
    # Esri outer rings run clockwise.
    area = sum(points[i][0] * points[i + 1][1] - points[i + 1][0] * points[i][1] for i in range(len(points) - 1))
    if area > 0:
        points.reverse()
    return {"rings": [points]}


def _visibilities(
    listed: list[Item],
    under: list[Item],
    geometry: ogr.Geometry,
    point: tuple[float, float],
    raw_by_id: dict[int, np.ndarray],
) -> list[float]:
    """The share of the identified area where each item is the visible (top) one."""
    if geometry.GetGeometryType() == ogr.wkbPoint:
        top = next(
            (i.object_id for i in under if i.object_id in raw_by_id and not np.isnan(raw_by_id[i.object_id]).any()),
            None,
        )
        return [1.0 if i.object_id == top else 0.0 for i in listed]
    minx, maxx, miny, maxy = geometry.GetEnvelope()
    counts = {i.object_id: 0 for i in under}
    total = 0
    steps = 24
    for row in range(steps):
        for col in range(steps):
            px = minx + (col + 0.5) * (maxx - minx) / steps
            py = miny + (row + 0.5) * (maxy - miny) / steps
            sample = ogr.Geometry(ogr.wkbPoint)
            sample.AddPoint_2D(px, py)
            if not geometry.Intersects(sample):
                continue
            total += 1
            for item in under:
                if item.footprint.Intersects(sample):
                    counts[item.object_id] += 1
                    break
    return [counts[i.object_id] / total if total else 0.0 for i in listed]


# -- getSamples -----------------------------------------------------------------------------------------------------
def _sample_locations(geometry: ogr.Geometry, params: Params, native: float) -> list[tuple[float, float]]:
    kind = ogr.GT_Flatten(geometry.GetGeometryType())
    count = params.int("sampleCount")
    distance = finite(params.float("sampleDistance"), "sampleDistance")
    if count is not None and count <= 0:
        raise invalid_parameter("sampleCount", "It must be positive.")
    if count is not None and count > MAX_SAMPLES:
        raise invalid_parameter("sampleCount", f"At most {MAX_SAMPLES} samples can be returned at once.")
    if distance is not None and distance <= 0:
        raise invalid_parameter("sampleDistance", "It must be positive.")
    if kind == ogr.wkbPoint:
        return [(geometry.GetX(), geometry.GetY())]
    if kind == ogr.wkbMultiPoint:
        return [
            (geometry.GetGeometryRef(i).GetX(), geometry.GetGeometryRef(i).GetY())
            for i in range(geometry.GetGeometryCount())
        ]
    if kind in (ogr.wkbLineString, ogr.wkbMultiLineString):
        lines = (
            [geometry]
            if kind == ogr.wkbLineString
            else [geometry.GetGeometryRef(i) for i in range(geometry.GetGeometryCount())]
        )
        segments = []
        for line in lines:
            pts = [(line.GetX(i), line.GetY(i)) for i in range(line.GetPointCount())]
            segments.extend(zip(pts[:-1], pts[1:]))
        lengths = [math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in segments]
        total = sum(lengths)
        if count is not None:
            stations = [total * k / (count - 1) for k in range(count)] if count > 1 else [0.0]
        else:
            step = distance or native
            if total / step > MAX_SAMPLES:
                raise invalid_parameter("sampleDistance", f"At most {MAX_SAMPLES} samples can be returned at once.")
            stations = list(np.arange(0.0, total + 1e-9, step))
        out = []
        for station in stations[: MAX_SAMPLES + 1]:
            run = 0.0
            for (a, b), length in zip(segments, lengths):
                if station <= run + length or (a, b) == segments[-1]:
                    t = 0.0 if length == 0 else min(max((station - run) / length, 0.0), 1.0)
                    out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
                    break
                run += length
        return out
    # Polygons and envelopes: a regular grid of points inside.
    minx, maxx, miny, maxy = geometry.GetEnvelope()
    step = math.sqrt(max(geometry.GetArea(), 1e-12) / count) if count is not None else distance or native
    columns, rows = math.ceil((maxx - minx) / step), math.ceil((maxy - miny) / step)
    if columns * rows > 20 * MAX_SAMPLES:
        raise invalid_parameter("sampleDistance", f"At most {MAX_SAMPLES} samples can be returned at once.")
    out = []
    for row in range(rows):
        for col in range(columns):
            x, y = minx + (col + 0.5) * step, miny + (row + 0.5) * step
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(x, y)
            if geometry.Intersects(point):
                out.append((x, y))
    if count is not None:
        out = out[:count]
    return out


def get_samples(service: ServiceData, catalog_filter: CatalogFilter | None, params: Params) -> dict:
    geometry_type = params.str("geometryType", "esriGeometryPoint")
    if geometry_type not in SAMPLE_TYPES:
        raise invalid_parameter("geometryType", f"'{geometry_type}' is not supported by getSamples.")
    geometry = geometry_in_service_sr(params, geometry_type, service)
    rule = parse_mosaic_rule(params, service)
    time_range = parse_time_param(params)
    rendering = functions.parse_rendering_rule(params, service)
    first_only = params.bool("returnFirstValueOnly", True)
    out_fields_text = params.str("outFields")
    out_fields = None if out_fields_text is None else [f.strip() for f in out_fields_text.split(",") if f.strip()]
    minx, maxx, miny, maxy = geometry.GetEnvelope()
    centroid = ogr.Geometry(ogr.wkbPoint)
    centroid.AddPoint_2D((minx + maxx) / 2, (miny + maxy) / 2)
    centroid.AssignSpatialReference(service.sr)
    factor = pixel_size_factor(params, service, centroid) if params.has("pixelSize") else 1
    ordered = select_items(service, rule, time_range, catalog_filter, view_point=(centroid.GetX(), centroid.GetY()))
    reader = PixelReader(service, ordered, factor, rule.operator)
    locations = _sample_locations(geometry, params, max(service.pixel_size))
    if len(locations) > MAX_SAMPLES:
        raise invalid_parameter("sampleCount", f"At most {MAX_SAMPLES} samples can be returned at once.")
    samples = []
    for location_id, (x, y) in enumerate(locations):
        items = reader.items_at(x, y)
        blocks = reader.blocks(items, x, y)
        variable = _variable_of(items)
        pairs = list(zip(items, blocks))
        if first_only:
            value, pixel_type = reader.mosaic_value(blocks, rendering, y, variable)
            top = next((item for item, block in pairs if not np.isnan(block[:, 1, 1]).any()), None)
            if top is None and not items:
                continue  # ArcGIS returns no sample where there is no raster
            chosen = [(top or items[0], value, pixel_type)]
        else:
            chosen = []
            for item, block in pairs:
                value, pixel_type = reader.mosaic_value([block], rendering, y, variable)
                chosen.append((item, value, pixel_type))
        for item, value, pixel_type in chosen:
            sample = {
                "location": {"x": x, "y": y, "spatialReference": sr_json(service.sr)},
                "locationId": location_id,
                "value": format_pixel(value, pixel_type, " "),
                "rasterId": item.object_id,
                "resolution": reader.resolution,
            }
            if out_fields is not None:
                if out_fields == ["*"]:
                    attributes = dict(item.attributes)
                else:
                    lookup = {k.lower(): k for k in item.attributes}
                    attributes = {
                        lookup[f.lower()]: item.attributes[lookup[f.lower()]] for f in out_fields if f.lower() in lookup
                    }
                sample["attributes"] = attributes
            samples.append(sample)
    return {"samples": samples}
