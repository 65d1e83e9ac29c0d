"""One service's identify for a request (run on a worker thread): request + target in, outcome out. No widgets."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from qgis.core import QgsCoordinateReferenceSystem, QgsFeedback, QgsGeometry, QgsPointXY, QgsRectangle
from qgis.PyQt.QtCore import QCoreApplication

from ..core import ServiceKind, Session
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
    # MapServer layer id -> its fields (name, esri type, alias), when attributes came keyed by field name and
    # unformatted (exact values whatever the server's locale); absent: aliases and formatted text, guessed types.
    layer_fields: dict[int, list[Any]] = field(default_factory=dict)
    pixel_size: float | None = None  # ImageServer: the pixelSize asked, in the canvas CRS's units
    generalised: bool = False  # MapServer geometries came simplified/rounded to the screen (highlight only)
    # ImageServer: the catalog's fields (name, esri type, alias) from the service resource; empty when not listed
    catalog_fields: list[Any] = field(default_factory=list)

    @property
    def features(self) -> int:
        return len(self.map_results)

    @property
    def pixels(self) -> int:
        """1 when the pixel has a value; a NoData pixel is nothing found."""
        return int(self.image_result is not None and not self.image_result.is_nodata)

    @property
    def catalog_items(self) -> int:
        return len(self.image_result.catalog_items) if self.image_result is not None else 0

    @property
    def count(self) -> int:
        """What was found: features, pixels with a value, catalog items."""
        return self.features + self.pixels + self.catalog_items

    def found_text(self) -> str:
        """What the service found, in words: "2 features", "1 pixel value, 5 catalog items", "NoData"."""
        parts = found_parts(self.features, self.pixels, self.catalog_items)
        if parts:
            return ", ".join(parts)
        return _tr("NoData") if self.image_result is not None else _tr("Nothing here")


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ArcGisIdentifyRunner", text, None, n)


def found_parts(features: int, pixels: int, catalog_items: int) -> list[str]:
    """What was found, in words, one part per kind found: ["2 features", "1 pixel value", "5 catalog items"]."""
    parts = []
    if features:
        parts.append(_tr("%n feature(s)", features))
    if pixels:
        parts.append(_tr("%n pixel value(s)", pixels))
    if catalog_items:
        parts.append(_tr("%n catalog item(s)", catalog_items))
    return parts


@dataclass
class ClickSummary:
    """What one click found on all its services, for the dock's status line."""

    features: int = 0
    pixels: int = 0
    catalog_items: int = 0
    empty: int = 0  # services that answered but found nothing there
    failed: int = 0
    cancelled: int = 0

    def add(self, outcome: ServiceOutcome) -> None:
        if outcome.error is not None:
            self.failed += 1
        elif outcome.count == 0:
            self.empty += 1
        else:
            self.features += outcome.features
            self.pixels += outcome.pixels
            self.catalog_items += outcome.catalog_items

    @property
    def found(self) -> int:
        return self.features + self.pixels + self.catalog_items

    def text(self, seconds: float) -> str:
        """One sentence: what was found, where nothing was, what failed: "Found 2 features and 1 pixel value;
        nothing on 1 service; 1 service failed (0.42 s)." """
        found = found_parts(self.features, self.pixels, self.catalog_items)
        parts = []
        if found:
            listed = found[0] if len(found) == 1 else _tr("{} and {}").format(", ".join(found[:-1]), found[-1])
            parts.append(_tr("Found {}").format(listed))
        if self.empty:
            if found:
                parts.append(_tr("nothing on %n service(s)", self.empty))
            else:
                parts.append(_tr("Nothing found on %n service(s)", self.empty))
        if self.failed:
            only_failures = not found and not self.empty and not self.cancelled
            if only_failures:
                parts.append(_tr("All %n service(s) failed", self.failed))
            else:
                parts.append(_tr("%n service(s) failed", self.failed))
        if self.cancelled:
            parts.append(_tr("%n service(s) cancelled", self.cancelled))
        if not parts:
            return _tr("Nothing found ({:.2f} s).").format(seconds)
        sentence = "; ".join(parts)
        return _tr("{} ({:.2f} s).").format(sentence[0].upper() + sentence[1:], seconds)


def _map_layers_argument(request: IdentifyRequest, target: ServiceTarget) -> str:
    option = target.layers_option or request.settings.layers_option  # the layer's own choice first
    layer_ids = target.identify_layer_ids if target.identify_layer_ids is not None else target.layer_ids
    if layer_ids:
        return f"{option}:{','.join(str(i) for i in layer_ids)}"
    return option


def _choice(layer_choice: bool | None, setting: bool) -> bool:
    """A layer's own identify option when it has one, else the plugin's setting."""
    return setting if layer_choice is None else layer_choice


def _pixel_size_argument(request: IdentifyRequest) -> dict:
    """The pixel size in the canvas CRS, saying so: a bare "x,y" would be read in the service's CRS."""
    size = request.pixel_size
    pixel: dict = {"x": size, "y": size}
    spatial_reference = spatial_reference_json(request.crs)
    if spatial_reference:
        pixel["spatialReference"] = spatial_reference
    return pixel


def _geometry_argument(request: IdentifyRequest, kind: ServiceKind):
    geometry = request.geometry
    if isinstance(geometry, QgsRectangle):
        # ImageServer identify takes a point or a polygon; MapServer takes the envelope as it is.
        return QgsGeometry.fromRect(geometry) if kind is ServiceKind.IMAGE_SERVER else QgsRectangle(geometry)
    return QgsPointXY(geometry)


def _supports_unformatted(service, feedback) -> bool:
    """returnFieldName / returnUnformattedValues exist from ArcGIS Server 10.5 (an unknown version is asked)."""
    try:
        version = service.info(feedback=feedback).current_version
    except ArcGisError:
        return False  # identify itself will say what is wrong
    return version is None or version >= 10.5


def _layer_fields(service, results, feedback) -> dict[int, list[Any]]:
    """The fields of each layer that has results (cached in the session); a layer whose resource cannot be read
    keeps its results with guessed types."""
    found: dict[int, list[Any]] = {}
    for layer_id in dict.fromkeys(r.layer_id for r in results if r.layer_id is not None):
        try:
            found[layer_id] = service.layer_fields(layer_id, feedback=feedback)
        except ArcGisError:
            continue
    return found


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
        if target.kind is ServiceKind.MAP_SERVER:
            service = target.service(session, timeout=settings.timeout_seconds)
            exact = _supports_unformatted(service, feedback)
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
                return_field_name=exact,
                return_unformatted_values=exact,
                feedback=feedback,
            )
            outcome.truncated = len(results) > settings.max_results
            outcome.map_results = list(results[: settings.max_results])
            if exact:
                outcome.layer_fields = _layer_fields(service, outcome.map_results, feedback)
            outcome.generalised = settings.return_geometry and (
                bool(request.max_allowable_offset) or request.geometry_precision is not None
            )
        else:
            service = target.service(session, timeout=settings.timeout_seconds)
            info = service.info(feedback=feedback)
            outcome.band_names = list(getattr(info, "band_names", None) or [])
            outcome.catalog_fields = list(getattr(info, "fields", None) or [])
            outcome.pixel_size = request.pixel_size
            outcome.image_result = service.identify(
                geometry=_geometry_argument(request, target.kind),
                crs=request.crs,
                mosaic_rule=target.mosaic_rule,
                rendering_rule=None
                if _choice(target.raw_pixel_values, settings.raw_pixel_values)
                else target.rendering_rule,
                pixel_size=_pixel_size_argument(request),
                time=request.time,
                return_geometry=settings.return_geometry,
                return_catalog_items=_choice(target.return_catalog_items, settings.return_catalog_items),
                return_pixel_values=True,
                max_item_count=settings.max_results,
                feedback=feedback,
            )
    except ArcGisError as error:
        outcome.error = error
    except Exception as error:  # a bug must not take the other services' results down
        outcome.error = ArcGisError(
            _tr("{}: unexpected error ({}: {}).").format(target.label, type(error).__name__, error)
        )
    outcome.elapsed = time.perf_counter() - started
    return outcome
