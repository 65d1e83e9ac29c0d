"""/exportImage: the mosaic resampled and reprojected with GDAL onto the requested grid, rendered or raw."""

from __future__ import annotations

import numpy as np
from osgeo import ogr, osr

from ..errors import RestError, invalid_parameter
from ..geometry import sr_json
from ..outputs import OUTPUTS, OutputStore
from ..params import Params
from ..service import BinaryReply
from . import functions, render
from .common import Mosaicker, cell_metres, finite, metres_per_unit, spatial_reference
from .common import band_ids as parse_band_ids
from .model import Grid, ServiceData
from .mosaic import CatalogFilter, parse_mosaic_rule, parse_time_param, select_items

MAX_IMAGE_WIDTH = 2000
MAX_IMAGE_HEIGHT = 2000
RESAMPLING = {
    "rsp_nearestneighbor": "near",
    "rsp_bilinearinterpolation": "bilinear",
    "rsp_cubicconvolution": "cubic",
    "rsp_majority": "mode",
}
TIFF_COMPRESSION = {"NONE": "NONE", "LZ77": "DEFLATE", "LZW": "LZW", "JPEG": "JPEG", "RLE": "PACKBITS"}
FORMATS = ("png", "png8", "png24", "png32", "jpg", "jpeg", "jpgpng", "bmp", "gif", "tiff", "tif")


def _envelope_in(
    bounds: tuple[float, float, float, float], source: osr.SpatialReference, target: osr.SpatialReference
) -> tuple[float, float, float, float]:
    if source.IsSame(target):
        return bounds
    xmin, ymin, xmax, ymax = bounds
    ct = osr.CoordinateTransformation(source, target)
    xs, ys = [], []
    for fx in np.linspace(0, 1, 11):
        for fy in np.linspace(0, 1, 11):
            try:
                x, y, _ = ct.TransformPoint(xmin + fx * (xmax - xmin), ymin + fy * (ymax - ymin))
            except RuntimeError:
                continue
            if np.isfinite(x) and np.isfinite(y):
                xs.append(x)
                ys.append(y)
    if not xs:
        raise invalid_parameter("bbox", "The bbox cannot be projected to the image's spatial reference.")
    return min(xs), min(ys), max(xs), max(ys)


def _polygon(bounds: tuple[float, float, float, float], sr: osr.SpatialReference) -> ogr.Geometry:
    xmin, ymin, xmax, ymax = bounds
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((xmin, ymin), (xmin, ymax), (xmax, ymax), (xmax, ymin), (xmin, ymin)):
        ring.AddPoint_2D(x, y)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    poly.AssignSpatialReference(sr)
    return poly


def export_image(service: ServiceData, catalog_filter: CatalogFilter | None, params: Params) -> dict | BinaryReply:
    f = params.f
    if f == "kmz":
        raise invalid_parameter("f", "kmz output is not supported by this server.")
    # jpgpng has been the default since ArcGIS 10.0 (JPEG, or PNG when there are transparent pixels).
    image_format = (params.str("format", "jpgpng") or "jpgpng").lower()
    if image_format not in FORMATS:
        raise invalid_parameter("format", f"'{image_format}' is not one of {', '.join(FORMATS)}.")
    bbox_sr = spatial_reference(params, "bboxSR") or service.sr
    image_sr = spatial_reference(params, "imageSR") or service.sr
    if params.has("bbox"):
        bbox = params.numbers("bbox", 4)
        assert bbox is not None
        bounds = (bbox[0], bbox[1], bbox[2], bbox[3])
        for value in bounds:
            finite(value, "bbox")
        if bounds[2] <= bounds[0] or bounds[3] <= bounds[1]:
            raise invalid_parameter("bbox", "xmax must exceed xmin and ymax must exceed ymin.")
    else:
        bounds, bbox_sr = service.extent, service.sr
    size = params.numbers("size", 2) if params.has("size") else [400.0, 400.0]
    assert size is not None
    for value in size:
        finite(value, "size")
    width, height = int(size[0]), int(size[1])
    if width <= 0 or height <= 0:
        raise invalid_parameter("size", "Width and height must be positive.")
    if width > MAX_IMAGE_WIDTH or height > MAX_IMAGE_HEIGHT:
        raise RestError(
            400,
            "Unable to complete operation.",
            [f"The requested image exceeds the size limit ({MAX_IMAGE_WIDTH} x {MAX_IMAGE_HEIGHT} pixels)."],
        )
    compression = (params.str("compression", "LZ77") or "LZ77").upper()
    if compression not in TIFF_COMPRESSION:
        raise invalid_parameter("compression", f"'{compression}' is not one of {', '.join(TIFF_COMPRESSION)}.")
    quality = params.int("compressionQuality", 75)
    assert quality is not None
    if not 0 <= quality <= 100:
        raise invalid_parameter("compressionQuality", "It must be between 0 and 100.")
    interpolation = params.str("interpolation")
    if interpolation is None:
        resample = RESAMPLING[service.default_resampling.lower()]
    else:
        resample = RESAMPLING.get(interpolation.lower())
        if resample is None:
            raise invalid_parameter("interpolation", f"'{interpolation}' is not an RSP_* resampling method.")
    pixel_type = params.str("pixelType")
    if pixel_type is not None:
        pixel_type = pixel_type.upper()
        if pixel_type == "UNKNOWN":
            pixel_type = None
        elif pixel_type not in render.GDAL_TYPES:
            raise invalid_parameter("pixelType", f"'{pixel_type}' is not a pixel type.")
    no_data = params.float("noData")
    interpretation = params.str("noDataInterpretation", "esriNoDataMatchAny") or "esriNoDataMatchAny"
    if interpretation not in ("esriNoDataMatchAny", "esriNoDataMatchAll"):
        raise invalid_parameter("noDataInterpretation", "Use esriNoDataMatchAny or esriNoDataMatchAll.")
    adjust = params.bool("adjustAspectRatio", True)
    rule = parse_mosaic_rule(params, service)
    time_range = parse_time_param(params)
    rendering = functions.parse_rendering_rule(params, service)
    ids = parse_band_ids(params, service.band_count)

    xmin, ymin, xmax, ymax = _envelope_in(bounds, bbox_sr, image_sr)
    if adjust:
        cell = max((xmax - xmin) / width, (ymax - ymin) / height)
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        xmin, xmax = cx - cell * width / 2, cx + cell * width / 2
        ymin, ymax = cy - cell * height / 2, cy + cell * height / 2
    grid = Grid(image_sr, (xmin, ymin, xmax, ymax), width, height)

    view = _polygon(grid.bounds, image_sr)
    view_in_service = view.Clone()
    if not image_sr.IsSame(service.sr):
        view_in_service = _polygon(_envelope_in(grid.bounds, image_sr, service.sr), service.sr)
    centre = view_in_service.Centroid()
    ordered = select_items(service, rule, time_range, catalog_filter, view_point=(centre.GetX(), centre.GetY()))
    visible = [i for i in ordered if i.footprint.Intersects(view_in_service)]
    band_total = len(visible[0].bands) if visible else (1 if service.variables else service.band_count)
    mosaicker = Mosaicker(band_total, height, width, rule.operator)
    for item in visible:
        warped = item.warp(grid, resample)
        if warped is not None:
            mosaicker.add(*warped)
    mosaicked = mosaicker.result()
    variable = visible[0].attributes.get("Variable") if visible else None
    cells = cell_metres(image_sr, grid.cell, (ymin + ymax) / 2)
    block = functions.apply(service, rendering, mosaicked, cells, variable)

    values = block.values
    if ids is not None and (rendering.is_none or values.shape[0] == service.band_count):
        selected = values[ids]
    else:
        selected = values
    mask = np.isnan(selected).any(axis=0)
    if no_data is not None:
        matches = selected == no_data
        mask |= matches.any(axis=0) if interpretation == "esriNoDataMatchAny" else matches.all(axis=0)

    if image_format in ("tiff", "tif"):
        out_type = pixel_type or block.pixel_type
        nodata_value = no_data if no_data is not None else (service.nodata if rendering.is_none else None)
        data = selected.copy()
        if out_type in render.RANGES:
            low, high = render.RANGES[out_type]
            data = np.clip(np.round(np.nan_to_num(data, nan=low)), low, high)
            if nodata_value is None or not (low <= nodata_value <= high):
                nodata_value = low if rendering.is_none or no_data is not None else nodata_value
        if nodata_value is not None:
            data[:, mask] = nodata_value
        method = TIFF_COMPRESSION[compression]
        if method == "JPEG" and out_type != "U8":
            method = "DEFLATE"  # JPEG holds 8-bit data only
        payload = render.encode_geotiff(data, grid, out_type, nodata_value, method, quality)
        mimetype, extension = "image/tiff", "tif"
    else:
        if ids is not None and not rendering.is_none and values.shape[0] != service.band_count:
            ids = None
        rgba = render.to_rgba(service, block, ids, variable)
        rgba[3][mask] = 0
        payload, mimetype, extension = render.encode_picture(rgba, image_format, quality)

    if f == "image":
        return BinaryReply(payload, mimetype, f"{service.name}.{extension}")
    name = OUTPUTS.put(payload, extension)
    mx, _my = metres_per_unit(image_sr, (ymin + ymax) / 2)
    scale = grid.cell[0] * mx * 96 / 0.0254
    return {
        "href": OutputStore.url(params.base_url, name),
        "width": width,
        "height": height,
        "extent": {"xmin": xmin, "ymin": ymin, "xmax": xmax, "ymax": ymax, "spatialReference": sr_json(image_sr)},
        "scale": round(scale, 6),
    }
