"""MapServer /identify, following the REST API reference (../shared/seeds/mapserver-identify.txt).

Tolerance: `tolerance` screen pixels of the image described by `imageDisplay` over `mapExtent`, i.e.
tolerance × (mapExtent width / imageDisplay width) map units, measured in the spatial reference of `sr`
(or the map's). The DPI of imageDisplay does not change that distance; like ArcGIS it sets the map scale
(scale = metres per pixel × dpi / 0.0254), which decides which scale-dependent layers are visible
(layer 2 "Disputed borders" only draws at scales of 1:100,000,000 or larger).
"""

from __future__ import annotations

import math

from osgeo import ogr, osr

from ..errors import RestError, invalid_parameter
from ..geometry import make_sr, ogr_to_esri, parse_geometry, sr_json, transform
from ..params import Params, parse_time
from .data import LayerSpec
from .features import (
    DatasourcePool,
    combine_where,
    display_value,
    feature_attributes,
    parse_layer_defs,
    parse_layer_time_options,
    time_where,
)

GEOMETRY_TYPES = (
    "esriGeometryPoint",
    "esriGeometryMultipoint",
    "esriGeometryPolyline",
    "esriGeometryPolygon",
    "esriGeometryEnvelope",
)
INCHES_PER_METRE = 1 / 0.0254


def unsupported(name: str, what: str) -> RestError:
    return RestError(400, "Unable to complete operation.", [f"'{name}' is not supported: {what}"])


def parse_layers_option(text: str | None, layers: dict[int, LayerSpec], default: str = "top") -> tuple[str, list[int]]:
    """layers=top|visible|all[:id,id] -> (mode, ids); no ids means every layer."""
    text = (text or default).strip()
    mode, _sep, ids_text = text.partition(":")
    mode = mode.strip().lower()
    if mode not in ("top", "visible", "all"):
        raise invalid_parameter("layers", f"'{text}' must be top, visible or all, optionally followed by :ids.")
    ids: list[int] = []
    for part in ids_text.split(","):
        if part.strip():
            try:
                ids.append(int(part))
            except ValueError:
                raise invalid_parameter("layers", f"'{part}' is not a layer id.") from None
    return mode, [i for i in ids if i in layers] if ids else list(layers)


def map_scale(extent_width: float, image_width: float, dpi: float, sr: osr.SpatialReference) -> float:
    """The scale ArcGIS computes for the map described by mapExtent + imageDisplay."""
    units_per_pixel = extent_width / image_width
    metres_per_unit = (math.pi / 180.0) * 6378137.0 if sr.IsGeographic() else sr.GetLinearUnits() or 1.0
    return units_per_pixel * metres_per_unit * dpi * INCHES_PER_METRE


def layer_visible_at(layer: LayerSpec, scale: float) -> bool:
    if layer.min_scale and scale > layer.min_scale:
        return False
    return not (layer.max_scale and scale < layer.max_scale)


def identify(
    params: Params, layers: dict[int, LayerSpec], pool: DatasourcePool, service_sr: osr.SpatialReference
) -> dict:
    if params.has("dynamicLayers"):
        raise unsupported("dynamicLayers", "this map service does not support dynamic layers.")
    if params.has("gdbVersion"):
        raise unsupported("gdbVersion", "this map service's data is not versioned.")

    geometry_type = params.str("geometryType", "esriGeometryPoint")
    if geometry_type not in GEOMETRY_TYPES:
        raise invalid_parameter("geometryType", f"'{geometry_type}' is not one of {', '.join(GEOMETRY_TYPES)}.")
    request_sr = make_sr(params.str("sr"), "sr") if params.has("sr") else service_sr
    geometry = parse_geometry(params.str("geometry"), geometry_type, request_sr)

    tolerance = params.float("tolerance")
    if tolerance is None:
        raise invalid_parameter("tolerance", "The tolerance in screen pixels is required.")
    if tolerance < 0:
        raise invalid_parameter("tolerance", "It cannot be negative.")
    if not params.has("mapExtent"):
        raise invalid_parameter("mapExtent", "The extent of the map being viewed is required.")
    xmin, _ymin, xmax, _ymax = params.numbers("mapExtent", 4)
    display = params.numbers("imageDisplay")
    if display is None:
        raise invalid_parameter("imageDisplay", "The width, height and DPI of the map image are required.")
    if len(display) not in (2, 3) or display[0] <= 0 or display[1] <= 0:
        raise invalid_parameter("imageDisplay", "Expected <width>,<height>,<dpi> with a positive size.")
    width, dpi = display[0], (display[2] if len(display) == 3 and display[2] > 0 else 96.0)
    extent_width = abs(xmax - xmin)
    if extent_width == 0:
        raise invalid_parameter("mapExtent", "The extent has no width.")

    mode, layer_ids = parse_layers_option(params.str("layers"), layers)
    layer_defs = parse_layer_defs(params, layers)
    layer_time_options = parse_layer_time_options(params)
    time_value = params.str("time")
    parse_time(time_value)  # a malformed time is an error even if no layer is time-aware
    return_geometry = params.bool("returnGeometry", True)
    max_offset = params.float("maxAllowableOffset")
    precision = params.int("geometryPrecision")
    if precision is not None and not 0 <= precision <= 17:
        raise invalid_parameter("geometryPrecision", "Use 0 to 17 decimal places.")
    return_z = params.bool("returnZ", False)
    return_m = params.bool("returnM", False)
    use_names = params.bool("returnFieldName", False)
    formatted = not params.bool("returnUnformattedValues", False)

    # The search area: the geometry grown by the tolerance in the map's units (mapExtent is in `sr` or the
    # map's spatial reference; the geometry may carry its own), then taken to the data's CRS.
    tolerance_units = tolerance * extent_width / width
    try:
        in_map = transform(geometry, request_sr)
        search = in_map.Buffer(tolerance_units, 8) if tolerance_units > 0 else in_map
        search.AssignSpatialReference(request_sr)
        search_data = transform(search, service_sr)
    except RuntimeError:
        return {"results": []}
    scale = map_scale(extent_width, width, dpi, request_sr)

    out_sr = request_sr
    out_sr_json = sr_json(out_sr)
    results = []
    with pool.borrow() as ds:
        for layer_id in layer_ids:
            layer = layers[layer_id]
            if mode in ("top", "visible") and not (layer.default_visibility and layer_visible_at(layer, scale)):
                continue
            ogr_layer = ds.GetLayerByName(layer.table)
            where = combine_where(layer_defs.get(layer_id), time_where(layer, time_value, layer_time_options))
            try:
                ogr_layer.SetAttributeFilter(where)
            except RuntimeError as error:
                raise invalid_parameter("layerDefs", f"Invalid where clause for layer {layer_id}: {error}") from None
            ogr_layer.SetSpatialFilter(search_data)
            found = []
            try:
                for feature in ogr_layer:
                    feature_geom = feature.GetGeometryRef()
                    if feature_geom is not None and feature_geom.Intersects(search_data):
                        found.append(feature)
            except RuntimeError as error:
                raise invalid_parameter("layerDefs", f"Invalid where clause for layer {layer_id}: {error}") from None
            finally:
                ogr_layer.SetSpatialFilter(None)
                ogr_layer.SetAttributeFilter(None)
            found.sort(key=lambda f: f.GetFID())
            for feature in found:
                results.append(
                    _result(
                        feature, layer, use_names, formatted, return_geometry, out_sr, out_sr_json,
                        max_offset, precision, return_z, return_m,
                    )
                )  # fmt: skip
            if mode == "top" and found:
                break
    return {"results": results}


def _result(
    feature: ogr.Feature,
    layer: LayerSpec,
    use_names: bool,
    formatted: bool,
    return_geometry: bool,
    out_sr: osr.SpatialReference,
    out_sr_json: dict,
    max_offset: float | None,
    precision: int | None,
    return_z: bool,
    return_m: bool,
) -> dict:
    display_spec = layer.field(layer.display_field)
    result = {
        "layerId": layer.id,
        "layerName": layer.name,
        "displayFieldName": display_spec.name if use_names else display_spec.alias,
        "value": display_value(feature, layer),
        "attributes": feature_attributes(feature, layer, use_names=use_names, formatted=formatted),
        "geometryType": layer.geometry_type,
    }
    if return_geometry:
        geom = feature.GetGeometryRef().Clone()
        geom.AssignSpatialReference(feature.GetGeometryRef().GetSpatialReference())
        geom = transform(geom, out_sr)
        if max_offset and max_offset > 0:  # ArcGIS ignores a zero or negative offset
            geom = geom.SimplifyPreserveTopology(max_offset)
        with_z = return_z and layer.has_z
        with_m = return_m and layer.has_m
        if with_z:
            result["hasZ"] = True
        if with_m:
            result["hasM"] = True
        result["geometry"] = ogr_to_esri(geom, out_sr_json, precision=precision, with_z=with_z, with_m=with_m)
    return result
