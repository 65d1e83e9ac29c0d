"""The World map service's data: QGIS's world_map.gpkg (Natural Earth) as an ArcGIS map document would publish it.

On first start the three layers are copied into a cached GeoPackage in Web Mercator (the service's spatial
reference, clipped to Mercator's latitude limit) with ArcGIS-style field names, an OBJECTID, and a few
deterministic extra fields: a "Last edited" date on every layer, an area on countries, a validity period
(the time-aware layer) and Z/M values on the disputed borders. Dates are stored as epoch milliseconds.
"""

from __future__ import annotations

import fcntl
import math
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

CACHE_VERSION = 2
CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache" / "mapserver"
MERCATOR_LAT_LIMIT = 85.0511287798066


@dataclass(frozen=True)
class FieldSpec:
    name: str
    alias: str
    type: str  # esriFieldType...
    source: str | None = None  # column in world_map.gpkg; None for computed fields
    length: int | None = None


@dataclass(frozen=True)
class SymbolSpec:
    """A simple Esri symbol, drawn the same way by QGIS (export, legend) and described in drawingInfo."""

    kind: str  # "fill" | "line"
    color: tuple[int, int, int, int] | None  # fill colour (fill) or line colour (line); None = hollow
    outline_color: tuple[int, int, int, int] | None = None
    width_pt: float = 0.75  # line width, or outline width, in points
    dashed: bool = False


@dataclass(frozen=True)
class LayerSpec:
    id: int
    name: str
    table: str  # in world_map.gpkg and in the cache
    geometry_type: str  # esriGeometry...
    fields: tuple[FieldSpec, ...]
    display_field: str
    default_visibility: bool
    symbol: SymbolSpec
    description: str
    min_scale: int = 0  # ArcGIS: 0 = no limit; layer drawn when map scale <= min_scale (zoomed in enough)
    max_scale: int = 0
    start_time_field: str | None = None
    end_time_field: str | None = None
    has_z: bool = False
    has_m: bool = False

    @property
    def time_aware(self) -> bool:
        return self.start_time_field is not None

    def field(self, name: str) -> FieldSpec | None:
        for spec in self.fields:
            if spec.name.lower() == name.lower():
                return spec
        return None


_OID = FieldSpec("OBJECTID", "OBJECTID", "esriFieldTypeOID")
_SHAPE = FieldSpec("Shape", "Shape", "esriFieldTypeGeometry")
_EDITED = FieldSpec("LAST_EDITED", "Last edited", "esriFieldTypeDate", length=8)

LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec(
        id=0,
        name="Countries",
        table="countries",
        geometry_type="esriGeometryPolygon",
        fields=(
            _OID,
            _SHAPE,
            FieldSpec("NAME", "Country name", "esriFieldTypeString", "NAME", 25),
            FieldSpec("ISO_A2", "ISO 3166-1 alpha-2", "esriFieldTypeString", "iso_a2", 2),
            FieldSpec("ISO_A3", "ISO 3166-1 alpha-3", "esriFieldTypeString", "ISO_A3", 3),
            FieldSpec("FIPS_10", "FIPS 10-4 code", "esriFieldTypeString", "FIPS_10_", 3),
            FieldSpec("WB_A3", "World Bank code", "esriFieldTypeString", "WB_A3", 3),
            FieldSpec("AREA_KM2", "Area (km²)", "esriFieldTypeDouble"),
            _EDITED,
        ),
        display_field="NAME",
        default_visibility=True,
        # Translucent so the layers drawn below (ArcGIS draws layer 0 on top) stay visible.
        symbol=SymbolSpec("fill", (214, 205, 168, 191), (110, 110, 110, 255), 0.5),
        description="Countries of the world (Natural Earth 1:10m, generalised; QGIS world_map.gpkg).",
    ),
    LayerSpec(
        id=1,
        name="States and provinces",
        table="states_provinces",
        geometry_type="esriGeometryPolygon",
        fields=(
            _OID,
            _SHAPE,
            FieldSpec("NAME", "State or province", "esriFieldTypeString", "name", 44),
            FieldSpec("ADMIN", "Country", "esriFieldTypeString", "admin", 36),
            FieldSpec("ADM0_A3", "Country code", "esriFieldTypeString", "adm0_a3", 3),
            FieldSpec("ISO_A2", "ISO 3166-1 alpha-2", "esriFieldTypeString", "iso_a2", 2),
            FieldSpec("FIPS", "FIPS code", "esriFieldTypeString", "fips", 5),
            FieldSpec("GN_NAME", "GeoNames name", "esriFieldTypeString", "gn_name", 72),
            _EDITED,
        ),
        display_field="NAME",
        default_visibility=False,
        symbol=SymbolSpec("fill", None, (120, 120, 120, 255), 0.4, dashed=True),
        description="First-level administrative divisions (Natural Earth). Hidden by default.",
    ),
    LayerSpec(
        id=2,
        name="Disputed borders",
        table="disputed_borders",
        geometry_type="esriGeometryPolyline",
        fields=(
            _OID,
            _SHAPE,
            FieldSpec("NAME", "Border name", "esriFieldTypeString", "name", 100),
            FieldSpec("ADM0_LEFT", "Country on the left", "esriFieldTypeString", "adm0_left", 100),
            FieldSpec("ADM0_RIGHT", "Country on the right", "esriFieldTypeString", "adm0_right", 100),
            FieldSpec("ADM0_A3_L", "Left country code", "esriFieldTypeString", "adm0_a3_l", 3),
            FieldSpec("ADM0_A3_R", "Right country code", "esriFieldTypeString", "adm0_a3_r", 3),
            FieldSpec("VALID_FROM", "Valid from", "esriFieldTypeDate", length=8),
            FieldSpec("VALID_TO", "Valid to", "esriFieldTypeDate", length=8),
            _EDITED,
        ),
        display_field="NAME",
        default_visibility=True,
        symbol=SymbolSpec("line", (200, 30, 30, 255), None, 1.5, dashed=True),
        description="Disputed and breakaway borders (Natural Earth). Time-aware: VALID_FROM..VALID_TO.",
        min_scale=100_000_000,
        start_time_field="VALID_FROM",
        end_time_field="VALID_TO",
        has_z=True,
        has_m=True,
    ),
)

_SOURCE_GEOMETRY = {"esriGeometryPolygon": ogr.wkbMultiPolygon, "esriGeometryPolyline": ogr.wkbMultiLineString}


def epoch_ms(year: int, month: int = 1, day: int = 1, hour: int = 0) -> int:
    return int(datetime(year, month, day, hour, tzinfo=timezone.utc).timestamp() * 1000)


def last_edited_ms(layer_id: int, oid: int) -> int:
    """A deterministic edit date between 2018 and 2024, to the hour."""
    hours = (oid * 7919 + layer_id * 24 * 31) % (6 * 365 * 24)
    return epoch_ms(2018) + hours * 3_600_000


def validity_ms(oid: int) -> tuple[int, int | None]:
    """The disputed border's deterministic validity period: from 1 Jan of 1991..2015, for 2..10 years or open."""
    start_year = 1991 + (oid * 7) % 25
    end = None if oid % 5 == 0 else epoch_ms(start_year + 2 + oid % 9)
    return epoch_ms(start_year), end


def _ogr_type(esri_type: str) -> int:
    return {
        "esriFieldTypeString": ogr.OFTString,
        "esriFieldTypeDouble": ogr.OFTReal,
        "esriFieldTypeInteger": ogr.OFTInteger,
        "esriFieldTypeDate": ogr.OFTInteger64,
    }[esri_type]


def _haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _with_z_and_m(geom_4326: ogr.Geometry) -> ogr.Geometry:
    """A ZM copy of a (multi)line: Z = 0 (ground level), M = distance along the line in km."""
    result = ogr.Geometry(ogr.wkbMultiLineStringZM)
    parts = [geom_4326] if geom_4326.GetGeometryType() in (ogr.wkbLineString,) else list(geom_4326)
    for part in parts:
        line = ogr.Geometry(ogr.wkbLineStringZM)
        measure = 0.0
        points = part.GetPoints() or []
        for i, (x, y, *_rest) in enumerate(points):
            if i:
                measure += _haversine_km(points[i - 1][0], points[i - 1][1], x, y)
            line.AddPointZM(x, y, 0.0, round(measure, 3))
        result.AddGeometry(line)
    return result


def _clip_to_mercator(geom: ogr.Geometry, clip: ogr.Geometry) -> ogr.Geometry | None:
    _xmin, _xmax, ymin, ymax = geom.GetEnvelope()
    if ymin >= -MERCATOR_LAT_LIMIT and ymax <= MERCATOR_LAT_LIMIT:
        return geom
    if not geom.IsValid():
        geom = geom.MakeValid()
    clipped = geom.Intersection(clip)
    return None if clipped is None or clipped.IsEmpty() else clipped


def _as_multi(geom: ogr.Geometry, esri_type: str) -> ogr.Geometry:
    flat = ogr.GT_Flatten(geom.GetGeometryType())
    if esri_type == "esriGeometryPolygon":
        if flat == ogr.wkbPolygon:
            return ogr.ForceToMultiPolygon(geom)
        if flat == ogr.wkbGeometryCollection:  # intersection leftovers: keep the polygons
            multi = ogr.Geometry(ogr.wkbMultiPolygon)
            for part in geom:
                if ogr.GT_Flatten(part.GetGeometryType()) in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
                    for poly in ogr.ForceToMultiPolygon(part.Clone()):
                        multi.AddGeometry(poly)
            return multi
        return geom
    if flat == ogr.wkbLineString:
        return ogr.ForceToMultiLineString(geom)
    return geom


def _build(source: Path, target: Path) -> None:
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    mercator = osr.SpatialReference()
    mercator.ImportFromEPSG(3857)
    mercator.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    equal_area = osr.SpatialReference()
    equal_area.ImportFromEPSG(6933)
    equal_area.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_mercator = osr.CoordinateTransformation(wgs84, mercator)
    to_equal_area = osr.CoordinateTransformation(wgs84, equal_area)
    clip = ogr.CreateGeometryFromWkt(
        f"POLYGON((-180 {-MERCATOR_LAT_LIMIT},-180 {MERCATOR_LAT_LIMIT},180 {MERCATOR_LAT_LIMIT},"
        f"180 {-MERCATOR_LAT_LIMIT},-180 {-MERCATOR_LAT_LIMIT}))"
    )

    src = ogr.Open(str(source))
    driver = ogr.GetDriverByName("GPKG")
    out = driver.CreateDataSource(str(target))
    for spec in LAYERS:
        gtype = _SOURCE_GEOMETRY[spec.geometry_type]
        if spec.has_z and spec.has_m:
            gtype = ogr.wkbMultiLineStringZM
        layer = out.CreateLayer(
            spec.table, mercator, gtype, ["FID=OBJECTID", "GEOMETRY_NAME=Shape", "SPATIAL_INDEX=YES"]
        )
        for fspec in spec.fields:
            if fspec.type in ("esriFieldTypeOID", "esriFieldTypeGeometry"):
                continue
            definition = ogr.FieldDefn(fspec.name, _ogr_type(fspec.type))
            if fspec.length and fspec.type == "esriFieldTypeString":
                definition.SetWidth(fspec.length)
            layer.CreateField(definition)
        out.StartTransaction()
        src_layer = src.GetLayerByName(spec.table)
        src_layer.ResetReading()
        for src_feature in src_layer:
            oid = src_feature.GetFID()
            geom = src_feature.GetGeometryRef()
            if geom is None:
                continue
            geom = geom.Clone()
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetFID(oid)
            for fspec in spec.fields:
                if fspec.source is not None:
                    value = src_feature.GetField(fspec.source)
                    if value is not None:
                        feature.SetField(fspec.name, value)
            feature.SetField("LAST_EDITED", last_edited_ms(spec.id, oid))
            if spec.id == 0:
                area_geom = geom.Clone()
                area_geom.Transform(to_equal_area)
                feature.SetField("AREA_KM2", round(area_geom.GetArea() / 1e6, 1))
            if spec.time_aware:
                start, end = validity_ms(oid)
                feature.SetField(spec.start_time_field, start)
                if end is not None:
                    feature.SetField(spec.end_time_field, end)
            clipped = _clip_to_mercator(geom, clip)
            if clipped is None:
                continue
            if spec.has_z and spec.has_m:
                clipped = _with_z_and_m(clipped)
            clipped = _as_multi(clipped, spec.geometry_type)
            clipped.Transform(to_mercator)
            feature.SetGeometryDirectly(clipped)
            layer.CreateFeature(feature)
        out.CommitTransaction()
    out = None
    src = None


def world_gpkg(source: Path) -> Path:
    """The cached Web Mercator GeoPackage, built from `source` (world_map.gpkg) on first use."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    target = CACHE_DIR / f"world_3857_v{CACHE_VERSION}.gpkg"
    if target.is_file():
        return target
    # Two servers may start at once (parallel test sessions): one builds, the other waits.
    with open(CACHE_DIR / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.is_file():
            partial = CACHE_DIR / f".world_3857_v{CACHE_VERSION}.{os.getpid()}.gpkg"
            partial.unlink(missing_ok=True)
            _build(source, partial)
            partial.rename(target)
    return target
