"""Helpers shared by the ImageServer operations: value formatting, ground distances, pixel size levels, mosaicking."""

from __future__ import annotations

import math

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


class Mosaicker:
    """Mosaics item rasters (given top first) into one array with the mosaic operator, one item at a time.

    Items may cover only a window of the output (rows r0:r1, columns c0:c1); the rest stays noData (NaN).
    """

    def __init__(self, bands: int, rows: int, cols: int, operator: str) -> None:
        self.operator = operator
        self.out = np.full((bands, rows, cols), np.nan, dtype=np.float32)
        self.count: np.ndarray | None = None
        self.pending: list[tuple[np.ndarray, tuple[int, int, int, int]]] = []
        if operator in ("MT_MEAN", "MT_BLEND", "MT_SUM"):
            self.count = np.zeros((rows, cols), dtype=np.int32)

    def add(self, data: np.ndarray, window: tuple[int, int, int, int] | None = None) -> None:
        if self.operator == "MT_LAST":
            self.pending.append((data, window or (0, data.shape[1], 0, data.shape[2])))  # applied bottom-up at the end
            return
        r0, r1, c0, c1 = window or (0, data.shape[1], 0, data.shape[2])
        region = self.out[:, r0:r1, c0:c1]
        valid = ~np.isnan(data).any(axis=0)
        if self.operator == "MT_FIRST":
            holes = np.isnan(region).any(axis=0) & valid
            region[:, holes] = data[:, holes]
        elif self.operator == "MT_MIN":
            region[:, valid] = np.fmin(region[:, valid], data[:, valid])
        elif self.operator == "MT_MAX":
            region[:, valid] = np.fmax(region[:, valid], data[:, valid])
        else:  # MT_MEAN, MT_BLEND, MT_SUM: running sums
            assert self.count is not None
            region[:, valid] = np.nan_to_num(region[:, valid]) + data[:, valid]
            self.count[r0:r1, c0:c1][valid] += 1

    def result(self) -> np.ndarray:
        if self.operator == "MT_LAST":
            self.operator = "MT_FIRST"
            for data, window in reversed(self.pending):
                self.add(data, window)
            self.pending = []
        if self.count is not None and self.operator != "MT_SUM":
            with np.errstate(invalid="ignore", divide="ignore"):
                self.out = self.out / np.where(self.count > 0, self.count, np.nan)
        return self.out


def combine(blocks: list[np.ndarray], operator: str) -> np.ndarray | None:
    """Mosaics same-shaped item blocks (top first) with the mosaic operator; None when there are none."""
    if not blocks:
        return None
    mosaicker = Mosaicker(blocks[0].shape[0], blocks[0].shape[1], blocks[0].shape[2], operator)
    for block in blocks:
        mosaicker.add(block)
    return mosaicker.result().astype(np.float64)


def band_ids(params: Params, band_count: int) -> list[int] | None:
    numbers = params.numbers("bandIds")
    if numbers is None:
        return None
    ids = [int(n) for n in numbers]
    if not ids or any(i < 0 or i >= band_count or i != n for i, n in zip(ids, numbers)):
        raise invalid_parameter("bandIds", f"Band ids are 0-based and must be below the band count ({band_count}).")
    return ids
