"""One service's identify for a request (run on a worker thread): request + target in, outcome out. No widgets."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from qgis.core import QgsCoordinateReferenceSystem, QgsFeedback, QgsGeometry, QgsPointXY, QgsRectangle

from ..core import Session
from ..core.errors import ArcGisError
from ..core.params import spatial_reference_json
from .identify_request import IdentifyRequest
from .service_targets import ServiceTarget


@dataclass
class ServiceOutcome:
    """What one service answered for one click."""

    target: ServiceTarget
    crs: QgsCoordinateReferenceSystem  # the CRS MapServer geometries came back in (the canvas CRS)
    map_results: list[Any] = field(default_factory=list)
    image_result: Any = None
    band_names: list[str] = field(default_factory=list)
    error: ArcGisError | None = None
    elapsed: float = 0.0
    truncated: bool = False  # more results than the "maximum results" setting
    location: QgsPointXY | None = None  # where the click identified (a box's centre), in `crs`

    @property
    def count(self) -> int:
        if self.image_result is not None:
            return 1 + len(self.image_result.catalog_items)
        return len(self.map_results)


def _map_layers_argument(request: IdentifyRequest, target: ServiceTarget) -> str:
    option = request.settings.layers_option
    if target.layer_ids:
        return f"{option}:{','.join(str(i) for i in target.layer_ids)}"
    return option


def _pixel_size_argument(request: IdentifyRequest) -> dict:
    """The pixel size in the canvas CRS, saying so: a bare "x,y" would be read in the service's CRS."""
    size = request.pixel_size
    pixel: dict = {"x": size, "y": size}
    spatial_reference = spatial_reference_json(request.crs)
    if spatial_reference:
        pixel["spatialReference"] = spatial_reference
    return pixel


def _geometry_argument(request: IdentifyRequest, kind: str):
    geometry = request.geometry
    if isinstance(geometry, QgsRectangle):
        # ImageServer identify takes a point or a polygon; MapServer takes the envelope as it is.
        return QgsGeometry.fromRect(geometry) if kind == "ImageServer" else QgsRectangle(geometry)
    return QgsPointXY(geometry)


def run_identify(
    request: IdentifyRequest,
    target: ServiceTarget,
    session: Session | None = None,
    feedback: QgsFeedback | None = None,
) -> ServiceOutcome:
    """One service's identify (on a worker thread). Never raises: a failure is the outcome's `error` (a readable
    ArcGisError). `session` shares service infos and tokens between clicks."""
    geometry = request.geometry
    location = QgsPointXY(geometry.center()) if isinstance(geometry, QgsRectangle) else QgsPointXY(geometry)
    outcome = ServiceOutcome(target=target, crs=request.crs, location=location)
    started = time.perf_counter()
    settings = request.settings
    try:
        if target.kind == "MapServer":
            service = target.service(session, timeout=settings.timeout_seconds)
            results = service.identify(
                geometry=_geometry_argument(request, target.kind),
                crs=request.crs,
                map_extent=request.map_extent,
                image_display=request.image_display,
                tolerance=request.tolerance,
                layers=_map_layers_argument(request, target),
                layer_defs=dict(target.layer_defs) or None,
                time=request.time,
                return_geometry=settings.return_geometry,
                max_allowable_offset=request.max_allowable_offset if settings.return_geometry else None,
                geometry_precision=request.geometry_precision if settings.return_geometry else None,
                feedback=feedback,
            )
            outcome.truncated = len(results) > settings.max_results
            outcome.map_results = list(results[: settings.max_results])
        else:
            service = target.service(session, timeout=settings.timeout_seconds)
            info = service.info(feedback=feedback)
            outcome.band_names = list(getattr(info, "band_names", None) or [])
            outcome.image_result = service.identify(
                geometry=_geometry_argument(request, target.kind),
                crs=request.crs,
                mosaic_rule=target.mosaic_rule,
                rendering_rule=None if settings.raw_pixel_values else target.rendering_rule,
                pixel_size=_pixel_size_argument(request),
                time=request.time,
                return_geometry=settings.return_geometry,
                return_catalog_items=settings.return_catalog_items,
                return_pixel_values=True,
                max_item_count=settings.max_results,
                feedback=feedback,
            )
    except ArcGisError as error:
        outcome.error = error
    except Exception as error:  # a bug must not take the other services' results down
        outcome.error = ArcGisError(f"{target.label}: unexpected error ({type(error).__name__}: {error}).")
    outcome.elapsed = time.perf_counter() - started
    return outcome
