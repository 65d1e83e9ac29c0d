"""What one click asks: built on the main thread from the canvas, then handed to worker tasks unchanged."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsMapSettings,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsUnitTypes,
)

from ..core.params import epoch_ms, epoch_ms_to_datetime
from .service_targets import ServiceTarget
from .settings import IdentifySettings


@dataclass(frozen=True)
class IdentifyRequest:
    geometry: QgsPointXY | QgsRectangle  # in `crs`
    crs: QgsCoordinateReferenceSystem
    map_extent: tuple[float, float, float, float]
    image_display: tuple[int, int, float]  # width, height, dpi in device pixels
    tolerance: int  # in device pixels
    map_units_per_pixel: float  # one device pixel, in map units
    time: tuple[datetime | None, datetime | None] | None
    settings: IdentifySettings
    targets: list[ServiceTarget] = field(default_factory=list)

    @property
    def geometry_precision(self) -> int:
        """Decimal places that keep ~1/10 of a device pixel, so geometries are no heavier than the screen needs."""
        if self.map_units_per_pixel <= 0:
            return 8
        return max(0, min(10, math.ceil(-math.log10(self.map_units_per_pixel / 10))))

    @property
    def max_allowable_offset(self) -> float:
        """Generalise returned geometries to about one device pixel."""
        return self.map_units_per_pixel

    @property
    def pixel_size(self) -> float:
        return self.settings.pixel_size if self.settings.pixel_size > 0 else self.map_units_per_pixel


def location_text(request: IdentifyRequest) -> str:
    """Where a click identified, in the canvas CRS and in WGS 84 (a box by its corners), for the dock."""
    crs = request.crs
    geographic = crs.isGeographic()
    decimals = 6 if geographic else 2
    geometry = request.geometry
    corners = (
        [QgsPointXY(geometry.xMinimum(), geometry.yMinimum()), QgsPointXY(geometry.xMaximum(), geometry.yMaximum())]
        if isinstance(geometry, QgsRectangle)
        else [QgsPointXY(geometry)]
    )

    def pair(point: QgsPointXY, places: int) -> str:
        return f"{point.x():.{places}f}, {point.y():.{places}f}"

    local = " – ".join(pair(p, decimals) for p in corners)
    text = f"{local} ({crs.authid() or crs.description()})"
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    if crs != wgs84:
        try:
            transform = QgsCoordinateTransform(crs, wgs84, QgsProject.instance())
            text += " · " + " – ".join(pair(transform.transform(p), 6) for p in corners) + " (WGS 84)"
        except QgsCsException:
            pass
    return text


def map_time_range(settings: QgsMapSettings) -> tuple[datetime | None, datetime | None] | None:
    """The range QGIS's temporal controller shows on a map, or None when the map is not temporal."""
    if not settings.isTemporal():
        return None
    time_range = settings.temporalRange()
    return epoch_ms_to_datetime(epoch_ms(time_range.begin())), epoch_ms_to_datetime(epoch_ms(time_range.end()))


def build_request(
    map_settings: QgsMapSettings,
    device_pixel_ratio: float,
    geometry: QgsPointXY | QgsRectangle,
    settings: IdentifySettings,
    targets: list[ServiceTarget],
) -> IdentifyRequest:
    """Everything the services need about the map the user clicked (the canvas's map settings and its device
    pixel ratio), in device pixels."""
    ratio = float(device_pixel_ratio) if device_pixel_ratio and device_pixel_ratio > 0 else 1.0
    extent = map_settings.visibleExtent()
    size = map_settings.outputSize()
    width = max(1, round(size.width() * ratio))
    height = max(1, round(size.height() * ratio))
    dpi = map_settings.outputDpi() * ratio
    crs = map_settings.destinationCrs()
    units_per_pixel = map_settings.mapUnitsPerPixel() / ratio
    if crs.mapUnits() == QgsUnitTypes.DistanceUnit.DistanceUnknownUnit:
        units_per_pixel = extent.width() / width
    return IdentifyRequest(
        geometry=geometry,
        crs=crs,
        map_extent=(extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()),
        image_display=(width, height, round(dpi, 2)),
        tolerance=max(0, round(settings.tolerance * ratio)),
        map_units_per_pixel=units_per_pixel,
        time=map_time_range(map_settings),
        settings=settings,
        targets=list(targets),
    )
