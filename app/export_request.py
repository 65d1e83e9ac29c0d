"""What one Export Image asks: built on the main thread from the map (or a saved layer), checked against the
service's info, then handed unchanged to a background job.

An ExportRequest is plain data (JSON round trip) so that an exported layer can carry it in its custom properties
and be re-exported, made live, or reopened with its project. It never holds a token or a password: the service
URL has no query string and the credential is an authentication configuration id.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from qgis.core import QgsCoordinateReferenceSystem, QgsMapSettings, QgsRectangle, QgsUnitTypes
from qgis.PyQt.QtCore import QCoreApplication

from ..core import ImageServiceInfo, MultidimensionalInfo, ServiceKind
from ..core.errors import ArcGisParameterError
from ..core.export import ExportOptions
from ..core.params import epoch_ms, epoch_ms_to_datetime
from .identify_request import map_time_range
from .service_targets import ServiceTarget, split_service_url

# The exportImage seed's values (the service may refuse some; ArcGIS converts between them).
PIXEL_TYPES = ["C128", "C64", "F32", "F64", "S16", "S32", "S8", "U1", "U16", "U2", "U32", "U4", "U8"]
INTERPOLATIONS = [
    "RSP_BilinearInterpolation",
    "RSP_CubicConvolution",
    "RSP_Majority",
    "RSP_NearestNeighbor",
]
NO_DATA_INTERPRETATIONS = ["esriNoDataMatchAny", "esriNoDataMatchAll"]
DATA_FORMATS = ["tiff"]  # real pixel values
PICTURE_FORMATS = ["png", "png8", "png24", "png32", "jpg", "jpgpng", "bmp", "gif"]  # rendered pictures
FORMATS = DATA_FORMATS + PICTURE_FORMATS
# allowedMosaicMethods lists "NorthWest,Center,LockRaster,ByAttribute,..."; mosaic rules use "esriMosaic..." names.
MOSAIC_METHODS = {
    "northwest": "esriMosaicNorthwest",
    "center": "esriMosaicCenter",
    "lockraster": "esriMosaicLockRaster",
    "byattribute": "esriMosaicAttribute",
    "attribute": "esriMosaicAttribute",
    "nadir": "esriMosaicNadir",
    "viewpoint": "esriMosaicViewpoint",
    "seamline": "esriMosaicSeamline",
    "none": "esriMosaicNone",
}
# Methods that need more than their name (raster ids, a sort field, a viewpoint) are not offered on their own.
METHODS_NEEDING_MORE = {"esriMosaicLockRaster", "esriMosaicAttribute", "esriMosaicViewpoint"}
MAX_EXPORT_PIXELS = 30000  # per side: beyond this a view is a mistake, not an export


def mosaic_rule_method(name: str) -> str:
    """The mosaic rule's name ("esriMosaicCenter") of a method as the service info lists it ("Center")."""
    key = name.strip().lower()
    key = key[len("esrimosaic") :] if key.startswith("esrimosaic") else key
    return MOSAIC_METHODS.get(key, name)


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisExport", text)


@dataclass
class ExportRequest:
    """Every exportImage option of one export, in JSON-friendly types."""

    service_url: str
    label: str
    authcfg: str = ""
    extent: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # bbox, in `bbox_crs`
    bbox_crs: str = ""  # authid ("EPSG:4326") or WKT
    size: tuple[int, int] = (400, 400)
    image_crs: str = ""  # authid or WKT; "" = the service's own
    format: str = "tiff"
    pixel_type: str = ""  # "" = the service's own
    no_data: str = ""  # "0" or one value per band "0,0,0"
    no_data_interpretation: str = ""
    interpolation: str = ""
    compression_quality: int | None = None
    band_ids: list[int] = field(default_factory=list)
    mosaic_method: str = ""  # a mosaicRule made of the method (and the variable/slice below)
    mosaic_rule: dict | None = None  # a full mosaicRule (from the layer) wins over mosaic_method
    rendering_rule: dict | None = None
    variable: str = ""  # multidimensional variable
    slice_time: int | None = None  # epoch ms of a StdTime slice
    time: tuple[int | None, int | None] | None = None  # epoch ms range
    live: bool = False

    # -- conversions --------------------------------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ExportRequest:
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        data = {key: value for key, value in data.items() if key in known}
        for key in ("extent", "size", "time"):
            if isinstance(data.get(key), list):
                data[key] = tuple(data[key])
        return cls(**data)

    def target(self) -> ServiceTarget:
        return ServiceTarget(
            url=self.service_url,
            kind=ServiceKind.IMAGE_SERVER,
            label=self.label,
            authcfg=self.authcfg,
            mosaic_rule=self.effective_mosaic_rule(),
            rendering_rule=self.rendering_rule,
        )

    def effective_mosaic_rule(self) -> dict | None:
        rule = dict(self.mosaic_rule) if self.mosaic_rule else {}
        if self.mosaic_method and not self.mosaic_rule:
            rule["mosaicMethod"] = mosaic_rule_method(self.mosaic_method)
        if self.variable:
            definition: dict[str, Any] = {"variableName": self.variable}
            if self.slice_time is not None:
                definition.update({"dimensionName": "StdTime", "values": [self.slice_time], "isSlice": True})
            rule["multidimensionalDefinition"] = [definition]
        return rule or None

    def options(self) -> ExportOptions:
        """The core options (validated numbers; unset options are left out so the service's defaults apply)."""
        no_data: Any = None
        if self.no_data.strip():
            values = [float(v) for v in self.no_data.replace(" ", "").split(",") if v]
            no_data = values[0] if len(values) == 1 else values
        return ExportOptions(
            bbox=tuple(self.extent),
            bbox_crs=self.bbox_crs or None,
            size=tuple(self.size),
            image_crs=self.image_crs or None,
            format=self.format,
            pixel_type=self.pixel_type or None,
            no_data=no_data,
            no_data_interpretation=self.no_data_interpretation or None,
            interpolation=self.interpolation or None,
            compression_quality=self.compression_quality,
            band_ids=list(self.band_ids) or None,
            mosaic_rule=self.effective_mosaic_rule(),
            rendering_rule=self.rendering_rule,
            time=self.time,
        )

    def query(self) -> dict[str, str]:
        """The exportImage parameters as sent (for metadata and the dock): never a credential."""
        from ..core import params

        return params.clean(self.options().query())

    # -- words -------------------------------------------------------------------------------------------
    @property
    def is_picture(self) -> bool:
        return self.format in PICTURE_FORMATS

    def describe(self) -> str:
        """The options in words, for the layer name, the dock and the metadata."""
        parts = [f"{self.size[0]}×{self.size[1]}"]
        if self.rendering_rule:
            parts.append(str(self.rendering_rule.get("rasterFunction") or tr("rendering rule")))
        if self.band_ids:
            parts.append(tr("bands {}").format(",".join(str(b) for b in self.band_ids)))
        if self.variable:
            parts.append(self.variable)
        if self.pixel_type:
            parts.append(self.pixel_type)
        if self.format != "tiff":
            parts.append(self.format)
        if self.mosaic_method and not self.mosaic_rule:
            parts.append(self.mosaic_method.replace("esriMosaic", ""))
        if self.time is not None:
            parts.append(tr("time {}").format(_time_words(self.time)))
        if self.live:
            parts.append(tr("live"))
        return " · ".join(parts)

    def layer_name(self) -> str:
        return f"{self.label} ({self.describe()})"


def day_text(ms: float | None) -> str:
    """The UTC day of epoch milliseconds ("2019-06-01"); "…" for an open end (None)."""
    if ms is None:
        return "…"
    moment = epoch_ms_to_datetime(ms)
    return moment.strftime("%Y-%m-%d") if moment is not None else str(ms)


def _time_words(time_range: tuple[int | None, int | None]) -> str:
    start, end = time_range
    return day_text(start) if start == end else f"{day_text(start)}–{day_text(end)}"


# -- defaults from the map --------------------------------------------------------------------------------
def crs_text(crs: QgsCoordinateReferenceSystem) -> str:
    """authid when the CRS has one, else WKT (ArcGIS then gets {"wkt": ...})."""
    authid = crs.authid()
    if authid and authid.upper().startswith(("EPSG:", "ESRI:")):
        return authid
    return crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT1_ESRI) or crs.toWkt()


def size_for_resolution(extent: QgsRectangle, resolution: float) -> tuple[int, int]:
    """Pixels that cover `extent` with square cells of `resolution` map units."""
    if resolution <= 0:
        raise ArcGisParameterError(tr("The resolution must be a positive number of map units."))
    return max(1, math.ceil(extent.width() / resolution)), max(1, math.ceil(extent.height() / resolution))


def request_from_map(
    target: ServiceTarget,
    map_settings: QgsMapSettings,
    device_pixel_ratio: float = 1.0,
    extent: QgsRectangle | None = None,
) -> ExportRequest:
    """The defaults an export takes from the map: the visible extent (or `extent`, in the map CRS), the canvas
    size in device pixels, the canvas CRS for bbox and image, the temporal controller's range when it is on, and
    the mosaic and rendering rules of the layer the service comes from."""
    ratio = float(device_pixel_ratio) if device_pixel_ratio and device_pixel_ratio > 0 else 1.0
    visible = map_settings.visibleExtent()
    out = map_settings.outputSize()
    width, height = max(1, round(out.width() * ratio)), max(1, round(out.height() * ratio))
    chosen = QgsRectangle(extent) if extent is not None and not extent.isEmpty() else visible
    if extent is not None and not extent.isEmpty():
        # Keep the canvas's pixel size on a drawn box or another layer's extent.
        units_per_pixel = visible.width() / width if width else 1.0
        width, height = size_for_resolution(chosen, units_per_pixel)
    crs = crs_text(map_settings.destinationCrs())
    time_range = map_time_range(map_settings)
    time_ms = None
    if time_range is not None:
        time_ms = tuple(epoch_ms(t) for t in time_range)
    return ExportRequest(
        service_url=target.url,
        label=target.label,
        authcfg=target.authcfg,
        extent=(chosen.xMinimum(), chosen.yMinimum(), chosen.xMaximum(), chosen.yMaximum()),
        bbox_crs=crs,
        size=(width, height),
        image_crs=crs,
        mosaic_rule=target.mosaic_rule,
        rendering_rule=target.rendering_rule,
        time=time_ms,  # type: ignore[arg-type]
    )


def follow_map(request: ExportRequest, map_settings: QgsMapSettings, device_pixel_ratio: float) -> ExportRequest:
    """`request` re-aimed at the map's current view (re-export at the current view, live overlays)."""
    fresh = request_from_map(request.target(), map_settings, device_pixel_ratio)
    return replace(request, extent=fresh.extent, bbox_crs=fresh.bbox_crs, size=fresh.size, time=fresh.time)


def map_units_are_known(map_settings: QgsMapSettings) -> bool:
    return map_settings.destinationCrs().mapUnits() != QgsUnitTypes.DistanceUnit.DistanceUnknownUnit


# -- refusals -----------------------------------------------------------------------------------------------
def validate(
    request: ExportRequest, info: ImageServiceInfo, multidimensional: MultidimensionalInfo | None = None
) -> None:
    """Raises ArcGisParameterError with one sentence for what the service (or an export) cannot do.
    `multidimensional`: the service's variables when they are not in its info (the multiDimensionalInfo resource)."""
    name = info.name or request.label
    if split_service_url(request.service_url) is None or "?" in request.service_url:
        raise ArcGisParameterError(tr("{} is not an ImageServer URL.").format(request.service_url))
    xmin, ymin, xmax, ymax = request.extent
    if not all(math.isfinite(v) for v in request.extent) or xmax <= xmin or ymax <= ymin:
        raise ArcGisParameterError(tr("The extent to export is empty."))
    width, height = request.size
    if width < 1 or height < 1 or width > MAX_EXPORT_PIXELS or height > MAX_EXPORT_PIXELS:
        raise ArcGisParameterError(
            tr("The image size must be between 1 and {} pixels on each side.").format(MAX_EXPORT_PIXELS)
        )
    if request.format not in FORMATS:
        raise ArcGisParameterError(tr("The format {} is not one exportImage offers.").format(request.format))
    if request.pixel_type and request.pixel_type not in PIXEL_TYPES:
        raise ArcGisParameterError(tr("{} is not a pixel type.").format(request.pixel_type))
    if request.is_picture and request.pixel_type and request.pixel_type != "U8":
        raise ArcGisParameterError(
            tr("A {} picture holds 8-bit colours: export as tiff to get {} values.").format(
                request.format, request.pixel_type
            )
        )
    if request.interpolation and request.interpolation not in INTERPOLATIONS:
        raise ArcGisParameterError(tr("{} is not an interpolation.").format(request.interpolation))
    if request.no_data_interpretation and request.no_data_interpretation not in NO_DATA_INTERPRETATIONS:
        raise ArcGisParameterError(tr("{} is not a noData interpretation.").format(request.no_data_interpretation))
    if request.compression_quality is not None and not 0 <= int(request.compression_quality) <= 100:
        raise ArcGisParameterError(tr("The compression quality is a number from 0 to 100."))
    band_count = info.band_count or len(info.band_names) or None
    if band_count is not None:
        wrong = [b for b in request.band_ids if not 0 <= int(b) < band_count]
        if wrong:
            raise ArcGisParameterError(
                tr("{} has {} band(s): band id {} does not exist (ids start at 0).").format(name, band_count, wrong[0])
            )
    if request.no_data.strip():
        try:
            values = [float(v) for v in request.no_data.replace(" ", "").split(",") if v]
        except ValueError:
            raise ArcGisParameterError(tr("noData must be a number, or one number per band.")) from None
        bands_out = len(request.band_ids) or band_count or len(values)
        if len(values) not in (1, bands_out):
            raise ArcGisParameterError(tr("noData takes one value, or one per exported band ({}).").format(bands_out))
    if request.rendering_rule:
        function = request.rendering_rule.get("rasterFunction")
        offered = [f.name for f in info.raster_functions]
        if function and offered and function not in offered and function != "None":
            raise ArcGisParameterError(
                tr("{} has no raster function {}; it offers {}.").format(name, function, ", ".join(offered))
            )
    allowed = {mosaic_rule_method(m) for m in info.allowed_mosaic_methods}
    if request.mosaic_method and allowed and mosaic_rule_method(request.mosaic_method) not in allowed:
        raise ArcGisParameterError(
            tr("{} does not allow the mosaic method {}.").format(name, request.mosaic_method.replace("esriMosaic", ""))
        )
    if request.variable:
        described = multidimensional or info.multidimensional_info
        variables = described.variable_names if described is not None else []
        if request.variable not in variables:
            raise ArcGisParameterError(tr("{} has no multidimensional variable {}.").format(name, request.variable))
    if request.time is not None and not info.is_time_aware:
        raise ArcGisParameterError(tr("{} is not time-aware: turn the time filter off.").format(name))


# -- layer metadata without secrets ------------------------------------------------------------------------
def metadata_parameters(request: ExportRequest) -> dict[str, Any]:
    """What the metadata of an exported layer records: the service URL and the exportImage parameters."""
    return {"service": request.service_url, "operation": "exportImage", "parameters": request.query()}
