"""Raster functions (rendering rules) applied to pixel blocks, and the service's rasterFunctionInfos."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import RestError
from ..params import Params
from .model import ServiceData

DESCRIPTIONS = {
    "None": "Returns the raw pixel values of the service (no processing).",
    "Hillshade": "Shaded relief from the elevation: Azimuth 315, Altitude 45, ZFactor 1 by default; 8-bit output.",
    "Stretch": "Linear stretch to 8 bits: StretchType 5 (MinMax, default), 3 (StandardDeviation) or 0 (none); "
    "arguments Min, Max, NumberOfStandardDeviations.",
    "Elevation_Colorized": "Elevation drawn with a green-brown-white colour ramp (3-band 8-bit output).",
    "NDVI": "Normalized Difference Vegetation Index (NIR - Red) / (NIR + Red), floating point -1..1; "
    "arguments VisibleBandID (default 2) and InfraredBandID (default 3), 0-based.",
    "Natural Color": "Bands 3, 2, 1 (red, green, blue) stretched to 8 bits.",
    "Color Infrared": "Bands 4, 3, 2 (near infrared, red, green) stretched to 8 bits.",
}

# A hypsometric ramp: (fraction, RGB).
ELEVATION_RAMP = [
    (0.0, (38, 115, 0)),
    (0.25, (112, 168, 0)),
    (0.5, (230, 230, 0)),
    (0.75, (168, 112, 0)),
    (0.9, (137, 90, 68)),
    (1.0, (255, 255, 255)),
]


@dataclass
class RenderingRule:
    name: str = "None"
    arguments: dict[str, Any] = field(default_factory=dict)
    variable: str | None = None

    @property
    def is_none(self) -> bool:
        return self.name == "None"


@dataclass
class Block:
    """Pixel values after a function: (bands, rows, cols) float64 with NaN for noData, and their pixel type."""

    values: np.ndarray
    pixel_type: str
    display_ready: bool  # already 8-bit display values (1 band grey or 3 bands RGB)


def _function_error(detail: str) -> RestError:
    return RestError(400, "Unable to complete operation.", [detail])


def parse_rendering_rule(params: Params, service: ServiceData, name: str = "renderingRule") -> RenderingRule:
    raw = params.json(name)
    return rendering_rule_from_json(raw, service)


def rendering_rule_from_json(raw: Any, service: ServiceData) -> RenderingRule:
    if raw is None or raw == {}:
        return RenderingRule()
    if not isinstance(raw, dict):
        raise _function_error("The rendering rule must be a JSON object.")
    function = raw.get("rasterFunction")
    if function is None:
        raise _function_error("The rendering rule has no rasterFunction.")
    names = {n.lower(): n for n in service.functions}
    canonical = names.get(str(function).lower())
    if canonical is None:
        raise _function_error(f"Raster function '{function}' is not supported by this service.")
    arguments = raw.get("rasterFunctionArguments") or {}
    if not isinstance(arguments, dict):
        raise _function_error("rasterFunctionArguments must be a JSON object.")
    return RenderingRule(canonical, arguments, raw.get("variableName"))


def function_infos(service: ServiceData) -> list[dict]:
    return [{"name": n, "description": DESCRIPTIONS.get(n, n), "help": ""} for n in service.functions]


def _number(arguments: dict, name: str, default: float) -> float:
    value = arguments.get(name, default)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise _function_error(f"Raster function argument '{name}' must be a number.") from None


def linear_stretch(
    values: np.ndarray, low: float, high: float, out_min: float = 0.0, out_max: float = 255.0
) -> np.ndarray:
    """Values from low..high mapped linearly to out_min..out_max (clipped, rounded)."""
    span = high - low if high != low else 1.0
    scaled = out_min + (values - low) / span * (out_max - out_min)
    return np.round(np.clip(scaled, min(out_min, out_max), max(out_min, out_max)))


def stats_for(service: ServiceData, band: int, variable: str | None = None) -> dict[str, float]:
    if service.variables:
        name = variable or service.variables[0].name
        return service.variable_stats.get(name, service.stats[0])
    return service.stats[band]


def hillshade(
    elevation: np.ndarray, cell_metres: tuple[float, float], azimuth: float, altitude: float, z_factor: float
) -> np.ndarray:
    """ArcGIS's hillshade (Horn's method) on a 2-D array; NaN where the 3x3 neighbourhood has noData."""
    padded = np.pad(elevation, 1, mode="edge")
    dx, dy = cell_metres
    a, b, c = padded[:-2, :-2], padded[:-2, 1:-1], padded[:-2, 2:]
    d, f = padded[1:-1, :-2], padded[1:-1, 2:]
    g, h, i = padded[2:, :-2], padded[2:, 1:-1], padded[2:, 2:]
    dzdx = ((c + 2 * f + i) - (a + 2 * d + g)) / (8 * dx)
    dzdy = ((g + 2 * h + i) - (a + 2 * b + c)) / (8 * dy)
    slope = np.arctan(z_factor * np.hypot(dzdx, dzdy))
    aspect = np.arctan2(dzdy, -dzdx)
    zenith = math.radians(90.0 - altitude)
    azimuth_math = math.radians((360.0 - azimuth + 90.0) % 360.0)
    shade = 255.0 * (
        math.cos(zenith) * np.cos(slope) + math.sin(zenith) * np.sin(slope) * np.cos(azimuth_math - aspect)
    )
    return np.round(np.clip(shade, 0, 255))


def colorize(fraction: np.ndarray) -> np.ndarray:
    """(3, ...) RGB from 0..1 fractions along ELEVATION_RAMP."""
    stops = np.array([s for s, _ in ELEVATION_RAMP])
    colours = np.array([c for _, c in ELEVATION_RAMP], dtype=np.float64)
    out = np.stack([np.interp(fraction, stops, colours[:, k]) for k in range(3)])
    return np.round(out)


def apply(
    service: ServiceData,
    rule: RenderingRule,
    values: np.ndarray,
    cell_metres: tuple[float, float],
    variable: str | None = None,
) -> Block:
    """Runs the rendering rule on (bands, rows, cols) values."""
    nan = np.isnan(values).any(axis=0)
    name = rule.name
    args = rule.arguments
    if name == "None":
        return Block(values, service.pixel_type, False)
    if name == "Hillshade":
        shade = hillshade(
            values[0],
            cell_metres,
            _number(args, "Azimuth", 315.0),
            _number(args, "Altitude", 45.0),
            _number(args, "ZFactor", 1.0),
        )
        # noData spreads to the neighbours used by the 3x3 kernel.
        padded = np.pad(nan, 1, mode="edge")
        spread = np.zeros_like(nan)
        for dy in range(3):
            for dx in range(3):
                spread |= padded[dy : dy + nan.shape[0], dx : dx + nan.shape[1]]
        shade[spread] = np.nan
        return Block(shade[np.newaxis], "U8", True)
    if name == "Stretch":
        stretch_type = int(_number(args, "StretchType", 5))
        out_min, out_max = _number(args, "Min", 0), _number(args, "Max", 255)
        bands = []
        for b in range(values.shape[0]):
            stats = stats_for(service, b, variable)
            if stretch_type == 0:
                low, high = 0.0, 255.0
            elif stretch_type == 3:
                n = _number(args, "NumberOfStandardDeviations", 2.0)
                low, high = stats["mean"] - n * stats["stdv"], stats["mean"] + n * stats["stdv"]
            elif stretch_type in (5, 6):
                low, high = stats["min"], stats["max"]
            else:
                raise _function_error(f"StretchType {stretch_type} is not supported (use 0, 3 or 5).")
            bands.append(linear_stretch(values[b], low, high, out_min, out_max))
        out = np.stack(bands)
        out[:, nan] = np.nan
        return Block(out, "U8", values.shape[0] in (1, 3))
    if name == "Elevation_Colorized":
        stats = service.stats[0]
        fraction = np.clip((values[0] - stats["min"]) / (stats["max"] - stats["min"]), 0, 1)
        out = colorize(np.nan_to_num(fraction))
        out[:, nan] = np.nan
        return Block(out, "U8", True)
    if name == "NDVI":
        visible = int(_number(args, "VisibleBandID", 2))
        infrared = int(_number(args, "InfraredBandID", 3))
        if not (0 <= visible < values.shape[0] and 0 <= infrared < values.shape[0]):
            raise _function_error("VisibleBandID and InfraredBandID must be band indexes of the service.")
        red, nir = values[visible], values[infrared]
        with np.errstate(invalid="ignore", divide="ignore"):
            ndvi = (nir - red) / (nir + red)
        return Block(np.round(ndvi, 6)[np.newaxis], "F32", False)
    if name in ("Natural Color", "Color Infrared"):
        order = [2, 1, 0] if name == "Natural Color" else [3, 2, 1]
        return Block(rgb_composite(service, values, order), "U8", True)
    raise _function_error(f"Raster function '{name}' is not supported by this service.")


def rgb_composite(service: ServiceData, values: np.ndarray, band_ids: list[int]) -> np.ndarray:
    """Bands `band_ids` stretched to 8 bits with a percent clip (2 %, 98 %), the usual default for imagery."""
    nan = np.isnan(values).any(axis=0)
    out = []
    for b in band_ids:
        stats = service.stats[b]
        out.append(linear_stretch(values[b], stats["clip_low"], stats["clip_high"]))
    rgb = np.stack(out)
    rgb[:, nan] = np.nan
    return rgb
