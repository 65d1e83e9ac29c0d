"""Typed results parsed from ArcGIS REST JSON. Build them with core.parsing, not by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple, Optional

from .lenient import read_int, read_text


class ServiceKind(str, Enum):
    """The service types of ArcGIS REST (".../rest/services/<name>/<Type>"), spelt as ArcGIS spells them. A str: a kind
    equals its name ("MapServer") and formats as it."""

    MAP_SERVER = "MapServer"
    IMAGE_SERVER = "ImageServer"
    FEATURE_SERVER = "FeatureServer"
    GP_SERVER = "GPServer"
    GEOCODE_SERVER = "GeocodeServer"
    GEOMETRY_SERVER = "GeometryServer"
    GEO_DATA_SERVER = "GeoDataServer"
    GLOBE_SERVER = "GlobeServer"
    MOBILE_SERVER = "MobileServer"
    NA_SERVER = "NAServer"
    SCENE_SERVER = "SceneServer"
    SCHEMATICS_SERVER = "SchematicsServer"
    STREAM_SERVER = "StreamServer"
    VECTOR_TILE_SERVER = "VectorTileServer"
    UTILITY_NETWORK_SERVER = "UtilityNetworkServer"
    VERSION_MANAGEMENT_SERVER = "VersionManagementServer"

    def __str__(self) -> str:  # "MapServer" in sentences and f-strings on every Python version
        return self.value

    @classmethod
    def named(cls, name: str) -> Optional[ServiceKind]:
        """The kind a URL segment names, whatever its case ("mapserver" → MAP_SERVER); None for another word."""
        return _KINDS_BY_NAME.get(name.lower())


_KINDS_BY_NAME = {kind.value.lower(): kind for kind in ServiceKind}

# Esri codes for CRSs EPSG knows under another number.
ESRI_TO_EPSG = {102100: 3857, 102113: 3857, 900913: 3857, 104199: 4326}


def epsg_code(wkid: int) -> int:
    """The EPSG code for an Esri/EPSG wkid (102100 and 3857 are the same CRS)."""
    return ESRI_TO_EPSG.get(wkid, wkid)


@dataclass(frozen=True)
class SpatialReference:
    """An Esri spatialReference: wkid / latestWkid, or wkt."""

    wkid: Optional[int] = None
    latest_wkid: Optional[int] = None
    wkt: Optional[str] = None

    @property
    def epsg(self) -> Optional[int]:
        """The EPSG code (latestWkid first; 102100 → 3857), or None for a WKT-only reference."""
        code = self.latest_wkid or self.wkid
        return epsg_code(code) if code is not None else None

    def to_dict(self) -> dict:
        if self.wkid is not None or self.latest_wkid is not None:
            out: dict[str, Any] = {"wkid": self.wkid if self.wkid is not None else self.latest_wkid}
            if self.latest_wkid is not None:
                out["latestWkid"] = self.latest_wkid
            return out
        return {"wkt": self.wkt} if self.wkt else {}

    def to_qgs_crs(self):
        """A QgsCoordinateReferenceSystem (invalid when QGIS does not know it)."""
        from qgis.core import QgsCoordinateReferenceSystem

        if self.epsg is not None:
            crs = QgsCoordinateReferenceSystem(f"EPSG:{self.epsg}")
            if not crs.isValid():
                crs = QgsCoordinateReferenceSystem(f"ESRI:{self.epsg}")
            return crs
        if self.wkt:
            return QgsCoordinateReferenceSystem.fromWkt(self.wkt)
        return QgsCoordinateReferenceSystem()

    def to_gdal_wkt(self) -> Optional[str]:
        """The WKT GDAL understands (from QGIS's CRS engine), or None when unknown or without PyQGIS."""
        try:
            from qgis.core import QgsCoordinateReferenceSystem
        except ImportError:
            return None
        crs = self.to_qgs_crs()
        if not crs.isValid():
            return None
        return crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED_GDAL) or None


def parse_spatial_reference_lenient(value: Any) -> Optional[SpatialReference]:
    """A SpatialReference from {"wkid", "latestWkid"} / {"wkt"} / a bare wkid; None when unusable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, str)) and read_int(value) is not None:
        return SpatialReference(wkid=read_int(value))
    if not isinstance(value, dict):
        return None
    wkid = read_int(value.get("wkid"))
    latest = read_int(value.get("latestWkid"))
    wkt = read_text(value.get("wkt")) or read_text(value.get("wkt2"))
    if wkid is None and latest is None and not wkt:
        return None
    return SpatialReference(wkid=wkid, latest_wkid=latest, wkt=wkt or None)


class Extent(NamedTuple):
    """xmin, ymin, xmax, ymax (unpacks like a tuple); spatial_reference as the server sent it."""

    xmin: float
    ymin: float
    xmax: float
    ymax: float
    spatial_reference: Optional[SpatialReference] = None

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return (self.xmin, self.ymin, self.xmax, self.ymax)

    @property
    def width(self) -> float:
        return self.xmax - self.xmin

    @property
    def height(self) -> float:
        return self.ymax - self.ymin


def _to_qgs_geometry(geometry: Optional[dict], geometry_type: Optional[str], has_z: bool, has_m: bool):
    """QgsGeometry through QgsArcGisRestUtils.convertGeometry; None when there is nothing to convert."""
    if not geometry:
        return None
    from qgis.core import QgsArcGisRestUtils, QgsGeometry

    esri_type = geometry_type or _guess_geometry_type(geometry)
    if esri_type is None:
        return None
    try:
        converted = QgsArcGisRestUtils.convertGeometry(geometry, esri_type, has_m, has_z)
    except Exception:  # a geometry dict QGIS cannot take (odd key or value types): no geometry
        return None
    # QGIS 3.22 returns (geometry, crs); later versions accept a crs argument and return the geometry only.
    abstract = converted[0] if isinstance(converted, tuple) else converted
    if abstract is None:
        return None
    # 3.22 builds CurvePolygon/CompoundCurve even for straight rings; hand out plain linear geometries.
    return QgsGeometry(abstract.segmentize())


def _guess_geometry_type(geometry: dict) -> Optional[str]:
    if "x" in geometry and "y" in geometry:
        return "esriGeometryPoint"
    if "rings" in geometry:
        return "esriGeometryPolygon"
    if "paths" in geometry:
        return "esriGeometryPolyline"
    if "points" in geometry:
        return "esriGeometryMultipoint"
    if "xmin" in geometry:
        return "esriGeometryEnvelope"
    return None


@dataclass(frozen=True)
class FieldInfo:
    """A field as a MapServer layer resource or an ImageServer (its catalog) lists it (`fields`)."""

    name: str
    type: str  # "esriFieldTypeOID", "esriFieldTypeString", …
    alias: str


@dataclass(frozen=True)
class MapIdentifyResult:
    """One feature of a MapServer identify."""

    layer_id: Optional[int]
    layer_name: str
    value: Optional[str]
    display_field_name: Optional[str]
    attributes: dict[str, Any]
    geometry_type: Optional[str]
    geometry: Optional[dict]
    has_z: bool = False
    has_m: bool = False

    @property
    def spatial_reference(self) -> Optional[SpatialReference]:
        return parse_spatial_reference_lenient((self.geometry or {}).get("spatialReference"))

    def to_qgs_geometry(self):
        """The geometry as a QgsGeometry (QgsArcGisRestUtils.convertGeometry), or None."""
        return _to_qgs_geometry(self.geometry, self.geometry_type, self.has_z, self.has_m)


@dataclass(frozen=True)
class Location:
    x: Optional[float]
    y: Optional[float]
    spatial_reference: Optional[SpatialReference] = None


@dataclass(frozen=True)
class CatalogItem:
    """One raster of a mosaic under the identified location, index-aligned as the server sent it."""

    attributes: dict[str, Any]
    geometry: Optional[dict]
    geometry_type: Optional[str]
    spatial_reference: Optional[SpatialReference]
    visibility: Optional[float]
    value: Optional[str]  # the raw properties.Values string
    values: Optional[list[Optional[float]]]  # one float per band, None where NoData

    @property
    def object_id(self) -> Optional[Any]:
        for key, val in self.attributes.items():
            if key.lower() == "objectid":
                return val
        return None

    def to_qgs_geometry(self):
        """The footprint as a QgsGeometry (QgsArcGisRestUtils.convertGeometry), or None."""
        return _to_qgs_geometry(self.geometry, self.geometry_type, False, False)


@dataclass(frozen=True)
class ImageIdentifyResult:
    """An ImageServer identify: the pixel value(s) and the catalog items under the location."""

    object_id: Optional[int]
    name: Optional[str]
    value: Optional[str]  # raw string as sent: "NoData", "-17.5575", "17, 22, 39, 45"
    values: list[Optional[float]]  # one per band, None where NoData
    is_nodata: bool
    location: Optional[Location]
    catalog_items: list[CatalogItem] = field(default_factory=list)
    object_id_field_name: Optional[str] = None
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LegendItem:
    label: str
    image: Optional[bytes]  # decoded imageData (PNG bytes)
    content_type: Optional[str]
    width: Optional[int]
    height: Optional[int]
    values: list[Any]
    url: Optional[str]


@dataclass(frozen=True)
class LegendLayer:
    layer_id: Optional[int]
    layer_name: str
    layer_type: Optional[str]
    legend_type: Optional[str]
    min_scale: Optional[float]
    max_scale: Optional[float]
    items: list[LegendItem]


@dataclass(frozen=True)
class Legend:
    layers: list[LegendLayer]


@dataclass(frozen=True)
class ExportedImage:
    """An exportImage / export result. `extent` is what the server actually used (georeference with it)."""

    href: Optional[str]
    width: Optional[int]
    height: Optional[int]
    extent: Optional[Extent]
    spatial_reference: Optional[SpatialReference]
    scale: Optional[float]
    image_data: Optional[bytes] = None  # inline image (MapServer export with imageData, data: URIs)
    content_type: Optional[str] = None
    path: Optional[str] = None  # the GeoTIFF written by export_image(to_path=...)
    tiles: int = 1  # how many exportImage requests made this image


@dataclass(frozen=True)
class TimeInfo:
    """timeInfo of a service or layer; times in epoch milliseconds."""

    start: Optional[float]
    end: Optional[float]
    time_reference: Optional[dict]
    start_time_field: Optional[str]
    end_time_field: Optional[str]
    track_id_field: Optional[str]
    time_interval: Optional[float]
    time_interval_units: Optional[str]
    default_time_interval: Optional[float]
    default_time_interval_units: Optional[str]
    has_live_data: Optional[bool]


@dataclass(frozen=True)
class LayerInfo:
    """A layer of a MapServer as listed in the service resource."""

    id: int
    name: str
    parent_layer_id: Optional[int]
    default_visibility: bool
    sub_layer_ids: Optional[list[int]]
    min_scale: Optional[float]
    max_scale: Optional[float]
    type: Optional[str] = None
    geometry_type: Optional[str] = None


@dataclass(frozen=True)
class RasterFunctionInfo:
    name: str
    description: Optional[str]
    help: Optional[str]


@dataclass(frozen=True)
class Dimension:
    name: str
    description: Optional[str]
    unit: Optional[str]
    values: list[Any]
    extent: Optional[list[Any]]
    has_regular_intervals: Optional[bool]
    interval: Optional[float]
    interval_unit: Optional[str]
    has_ranges: Optional[bool] = None


@dataclass(frozen=True)
class Variable:
    name: str
    description: Optional[str]
    unit: Optional[str]
    dimensions: list[Dimension]
    statistics: Optional[list[Any]] = None


@dataclass(frozen=True)
class MultidimensionalInfo:
    variables: list[Variable]

    @property
    def variable_names(self) -> list[str]:
        return [v.name for v in self.variables]


@dataclass(frozen=True)
class ServiceInfo:
    """Fields every service resource has."""

    service_type: ServiceKind  # MAP_SERVER or IMAGE_SERVER
    name: Optional[str]
    description: Optional[str]
    service_description: Optional[str]
    copyright_text: Optional[str]
    current_version: Optional[float]
    spatial_reference: Optional[SpatialReference]
    extent: Optional[Extent]  # full extent
    initial_extent: Optional[Extent]
    capabilities: list[str]
    time_info: Optional[TimeInfo]
    max_image_width: Optional[int]
    max_image_height: Optional[int]
    raw: dict = field(repr=False, compare=False, default_factory=dict)

    @property
    def is_time_aware(self) -> bool:
        return self.time_info is not None


@dataclass(frozen=True)
class MapServiceInfo(ServiceInfo):
    map_name: Optional[str] = None
    layers: list[LayerInfo] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    units: Optional[str] = None
    supported_image_format_types: list[str] = field(default_factory=list)
    supports_dynamic_layers: Optional[bool] = None
    max_record_count: Optional[int] = None
    single_fused_map_cache: Optional[bool] = None

    def layer(self, layer_id: int) -> Optional[LayerInfo]:
        return next((layer for layer in self.layers if layer.id == layer_id), None)


@dataclass(frozen=True)
class ImageServiceInfo(ServiceInfo):
    band_count: Optional[int] = None
    band_names: list[str] = field(default_factory=list)
    pixel_type: Optional[str] = None
    pixel_size_x: Optional[float] = None
    pixel_size_y: Optional[float] = None
    no_data_value: Optional[float] = None
    no_data_values: list[Optional[float]] = field(default_factory=list)
    min_values: list[Optional[float]] = field(default_factory=list)
    max_values: list[Optional[float]] = field(default_factory=list)
    mean_values: list[Optional[float]] = field(default_factory=list)
    stdv_values: list[Optional[float]] = field(default_factory=list)
    raster_functions: list[RasterFunctionInfo] = field(default_factory=list)
    has_multidimensions: bool = False
    multidimensional_info: Optional[MultidimensionalInfo] = None
    allowed_mosaic_methods: list[str] = field(default_factory=list)
    default_mosaic_method: Optional[str] = None
    service_data_type: Optional[str] = None
    default_resampling_method: Optional[str] = None
    max_download_image_count: Optional[int] = None
    fields: list[FieldInfo] = field(default_factory=list)  # the catalog's fields (mosaic datasets), esri types
