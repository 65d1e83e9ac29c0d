"""Helpers shared by the ImageServer operations: value formatting, ground distances, pixel size levels, mosaicking."""

from __future__ import annotations

import math
import warnings

import numpy as np
from osgeo import ogr, osr

from ..errors import invalid_parameter
from ..geometry import make_sr
from ..params import Params
from .model import ServiceData


def spatial_reference(params: Params, name: str) -> osr.SpatialReference | None:
    """The spatial reference parameter `name` (wkid, {"wkid"} or {"wkt"}), or None when absent; bad ones are 400s."""
    if not params.has(name):
        return None
    try:
        return make_sr(params.str(name), name)
    except (ValueError, TypeError):
        raise invalid_parameter(name, f"'{params.str(name)}' is not a spatial reference.") from None


def finite(value: float | None, name: str) -> float | None:
    if value is not None and not math.isfinite(value):
        raise invalid_parameter(name, f"'{value}' is not a finite number.")
    return value


def format_number(value: float, integer: bool) -> str:
    if integer:
        return str(round(value))
    text = np.format_float_positional(np.float32(value), precision=6, trim="-")
    return "0" if text == "-0" else text


def format_pixel(values: np.ndarray | None, pixel_type: str, separator: str) -> str:
    """ArcGIS's pixel text: "NoData", "12.5" or several bands joined ("17, 22, 39, 45" / "17 22 39 45")."""
    if values is None or np.isnan(values).any():
        return "NoData"
    integer = pixel_type[0] in "US"
    return separator.join(format_number(v, integer) for v in values)


def metres_per_unit(sr: osr.SpatialReference, y: float) -> tuple[float, float]:
    """Ground metres of one unit of `sr` in x and y near latitude/northing `y`."""
    if sr.IsGeographic():
        lat = math.radians(y)
        return 111320.0 * math.cos(lat), 110574.0
    if sr.GetAuthorityCode(None) == "3857":
        lat = math.atan(math.sinh(y / 6378137.0))
        return math.cos(lat), math.cos(lat)
    factor = sr.GetLinearUnits() or 1.0
    return factor, factor


def cell_metres(sr: osr.SpatialReference, cell: tuple[float, float], y: float) -> tuple[float, float]:
    mx, my = metres_per_unit(sr, y)
    return abs(cell[0]) * mx, abs(cell[1]) * my


def pixel_size_factor(params: Params, service: ServiceData, location: ogr.Geometry) -> int:
    """The pyramid level (1, 2, 4, ...) a requested pixelSize selects: the finest level not finer than asked."""
    text = params.str("pixelSize")
    if text is None:
        return 1
    size_x: float
    sr = service.sr
    if text.strip().startswith("{"):
        data = params.json("pixelSize")
        try:
            size_x, size_y = float(data["x"]), float(data["y"])
        except (TypeError, KeyError, ValueError):
            raise invalid_parameter("pixelSize", 'Use {"x": .., "y": ..} or x,y.') from None
        if isinstance(data.get("spatialReference"), dict):
            try:
                sr = make_sr(data["spatialReference"], "pixelSize")
            except (ValueError, TypeError):
                raise invalid_parameter("pixelSize", "Its spatialReference is not valid.") from None
    else:
        numbers = params.numbers("pixelSize")
        if not numbers or len(numbers) not in (1, 2):
            raise invalid_parameter("pixelSize", 'Use {"x": .., "y": ..} or x,y.')
        size_x, size_y = numbers[0], numbers[-1]
    if not (math.isfinite(size_x) and math.isfinite(size_y)) or size_x <= 0 or size_y <= 0:
        raise invalid_parameter("pixelSize", "The pixel size must be positive.")
    size = max(size_x, size_y)
    if not sr.IsSame(service.sr):
        # Express the size in the service's units, measured on the ground near the location.
        mx, _my = metres_per_unit(sr, _y_in(location, sr))
        sx, _sy = metres_per_unit(service.sr, location.GetY())
        size = size * mx / sx
    ratio = size / max(service.pixel_size)
    if not math.isfinite(ratio):
        return 64
    if ratio < 1.5:
        return 1
    level = math.floor(math.log2(ratio) + 1e-9)
    return int(2 ** min(level, 6))


def _y_in(location: ogr.Geometry, sr: osr.SpatialReference) -> float:
    copy = location.Clone()
    source = location.GetSpatialReference()
    if source is not None and not source.IsSame(sr):
        copy.Transform(osr.CoordinateTransformation(source, sr))
    return copy.GetY()


def combine(blocks: list[np.ndarray], operator: str) -> np.ndarray | None:
    """Mosaics item blocks (top first) pixel by pixel with the mosaic operator; None when there are none."""
    if not blocks:
        return None
    if operator in ("MT_FIRST", "MT_LAST"):
        ordered = blocks if operator == "MT_FIRST" else list(reversed(blocks))
        out = ordered[0].copy()
        for block in ordered[1:]:
            holes = np.isnan(out).any(axis=0) & ~np.isnan(block).any(axis=0)
            out[:, holes] = block[:, holes]
        return out
    stack = np.stack(blocks)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if operator == "MT_MIN":
            return np.nanmin(stack, axis=0)
        if operator == "MT_MAX":
            return np.nanmax(stack, axis=0)
        if operator == "MT_SUM":
            total = np.nansum(stack, axis=0)
            total[np.isnan(stack).all(axis=0)] = np.nan
            return total
        return np.nanmean(stack, axis=0)  # MT_MEAN, MT_BLEND


def band_ids(params: Params, band_count: int) -> list[int] | None:
    numbers = params.numbers("bandIds")
    if numbers is None:
        return None
    ids = [int(n) for n in numbers]
    if not ids or any(i < 0 or i >= band_count or i != n for i, n in zip(ids, numbers)):
        raise invalid_parameter("bandIds", f"Band ids are 0-based and must be below the band count ({band_count}).")
    return ids
