"""/legend: the renderer's symbols as 20x20 PNG swatches (base64), following bandIds, renderingRule and variable."""

from __future__ import annotations

import base64
import hashlib

import numpy as np

from ..errors import invalid_parameter
from ..params import Params
from . import functions, render
from .common import band_ids as parse_band_ids
from .common import format_number
from .model import ServiceData

SWATCH = 20


def _entry(label: str, png: bytes, values: list) -> dict:
    return {
        "label": label,
        "url": hashlib.md5(png).hexdigest(),  # ArcGIS names swatches by a hash too
        "imageData": base64.b64encode(png).decode("ascii"),
        "contentType": "image/png",
        "height": SWATCH,
        "width": SWATCH,
        "values": values,
    }


def _gradient(colour_at, top: float, bottom: float) -> np.ndarray:
    """A 20x20 swatch shading from colour_at(top) to colour_at(bottom), fractions of the ramp (1 = high)."""
    fractions = np.linspace(top, bottom, SWATCH)
    column = np.stack([colour_at(f) for f in fractions], axis=1)  # (3, 20)
    return np.repeat(column[:, :, np.newaxis], SWATCH, axis=2).astype(np.uint8)


def _stretched(low: float, high: float, colour_at, integer: bool) -> list[dict]:
    """ArcGIS's stretched legend: High, an unlabelled middle and Low, each a slice of the colour ramp."""
    mid = (low + high) / 2
    return [
        _entry(f"High : {format_number(high, integer)}", render.swatch_png(_gradient(colour_at, 1.0, 2 / 3)), [high]),
        _entry("", render.swatch_png(_gradient(colour_at, 2 / 3, 1 / 3)), [mid]),
        _entry(f"Low : {format_number(low, integer)}", render.swatch_png(_gradient(colour_at, 1 / 3, 0.0)), [low]),
    ]


def _grey(fraction: float) -> np.ndarray:
    return np.array([255 * fraction] * 3)


def _ramp(fraction: float) -> np.ndarray:
    return functions.colorize(np.array([fraction]))[:, 0]


def legend(service: ServiceData, params: Params) -> dict:
    rendering = functions.parse_rendering_rule(params, service)
    ids = parse_band_ids(params, service.band_count)
    variable = params.str("variable")
    if variable is not None:
        if not service.variables:
            raise invalid_parameter("variable", "The service has no multidimensional variables.")
        if variable not in {v.name for v in service.variables}:
            raise invalid_parameter("variable", f"'{variable}' is not a variable of the service.")
    integer = service.pixel_type[0] in "US"

    if rendering.name == "Hillshade":
        legend_type, entries = "Stretched", _stretched(0, 255, _grey, True)
    elif rendering.name == "Elevation_Colorized":
        stats = service.stats[0]
        legend_type, entries = "Stretched", _stretched(stats["min"], stats["max"], _ramp, integer)
    elif rendering.name == "NDVI":
        legend_type, entries = "Stretched", _stretched(-1.0, 1.0, _grey, False)
    elif rendering.name in ("Natural Color", "Color Infrared"):
        order = [2, 1, 0] if rendering.name == "Natural Color" else [3, 2, 1]
        legend_type, entries = "RGB Composite", _rgb(service, order)
    elif service.classes:
        legend_type, entries = "Unique Values", _unique(service)
    elif service.band_count >= 3 and (ids is None or len(ids) >= 3):
        legend_type, entries = "RGB Composite", _rgb(service, (ids or service.default_band_ids or [0, 1, 2])[:3])
    else:
        # Stretched: the raw band (or the Stretch function's output) runs from the band's minimum to its maximum.
        band = ids[0] if ids else 0
        stats = functions.stats_for(service, band, variable)
        legend_type, entries = "Stretched", _stretched(stats["min"], stats["max"], _grey, integer)
    return {
        "layers": [
            {
                "layerId": 0,
                "layerName": service.name if variable is None else f"{service.name}_{variable}",
                "layerType": "Raster Layer",
                "minScale": 0,
                "maxScale": 0,
                "legendType": legend_type,
                "legend": entries,
            }
        ]
    }


def _rgb(service: ServiceData, ids: list[int]) -> list[dict]:
    entries = []
    for channel, colour, band in zip(("Red", "Green", "Blue"), ((255, 0, 0), (0, 255, 0), (0, 0, 255)), ids):
        entries.append(
            _entry(f"{channel}: {service.band_names[band]}", render.swatch_png(colour), [service.band_names[band]])
        )
    return entries


def _unique(service: ServiceData) -> list[dict]:
    return [_entry(name, render.swatch_png(colour), [name]) for _value, name, colour in service.classes]
