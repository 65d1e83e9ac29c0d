"""The rasters behind the ImageServer services, built deterministically with GDAL/numpy on first start.

Everything derives from one real DEM (Debian's matplotlib sample data, the Jacksboro fault in Tennessee, a
3-arc-second grid in geographic coordinates) plus seeded noise, so every run and every machine gets the same bytes.
The files land in ``sampleserver/.cache/imageserver-v<N>/``; two processes starting at once serialise on a file lock
and the finished folder appears atomically (built in a temporary folder, then renamed).
"""

from __future__ import annotations

import calendar
import fcntl
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()

DATA_VERSION = 6
# SAMPLESERVER_CACHE moves the cache (the tests build a second copy there to check determinism and locking).
CACHE_ROOT = Path(os.environ.get("SAMPLESERVER_CACHE") or Path(__file__).resolve().parent.parent / ".cache")
CACHE_DIR = CACHE_ROOT / f"imageserver-v{DATA_VERSION}"
DEM_NPZ = Path("/usr/share/matplotlib/mpl-data/sample_data/jacksboro_fault_dem.npz")

ELEVATION_NODATA = -9999.0
IMAGERY_NODATA = 0
LANDCOVER_NODATA = 0
CLIMATE_NODATA = -9999.0
IMAGERY_PIXEL = 60.0  # metres (Web Mercator units)
LANDCOVER_PIXEL = 60.0  # metres (UTM 16N)
CLIMATE_GRID = (-91.0, 30.0, 0.1, 120, 100)  # west, south, cell size in degrees, columns, rows

# NLCD classes: value, name, colour (the NLCD legend colours).
LANDCOVER_CLASSES: list[tuple[int, str, tuple[int, int, int]]] = [
    (11, "Open Water", (70, 107, 159)),
    (21, "Developed, Open Space", (222, 197, 197)),
    (22, "Developed, Low Intensity", (217, 146, 130)),
    (41, "Deciduous Forest", (104, 171, 95)),
    (42, "Evergreen Forest", (28, 95, 44)),
    (43, "Mixed Forest", (181, 197, 143)),
    (52, "Shrub/Scrub", (204, 184, 121)),
    (71, "Grassland/Herbaceous", (223, 223, 194)),
    (81, "Pasture/Hay", (220, 217, 57)),
    (82, "Cultivated Crops", (171, 108, 40)),
]


def epoch_ms(year: int, month: int, day: int, hour: int = 16) -> int:
    return calendar.timegm((year, month, day, hour, 0, 0)) * 1000


# Imagery scenes: name, acquisition date, cloud cover, sun azimuth/elevation, position (fractions of the DEM's
# Web Mercator bounds: left, bottom, right, top) and per-band gains (season, sensor calibration).
@dataclass(frozen=True)
class SceneSpec:
    object_id: int
    name: str
    sensor: str
    acquired: int
    cloud_cover: float
    sun_azimuth: float
    sun_elevation: float
    box: tuple[float, float, float, float]
    gains: tuple[float, float, float, float]


SCENES = [
    SceneSpec(
        1,
        "LC08_L1TP_019035_20190612",
        "Landsat-8",
        epoch_ms(2019, 6, 12),
        2.0,
        125.0,
        66.0,
        (0.00, 0.38, 0.62, 1.00),
        (1.00, 1.00, 1.00, 1.10),
    ),
    SceneSpec(
        2,
        "LC08_L1TP_019035_20200715",
        "Landsat-8",
        epoch_ms(2020, 7, 15),
        7.0,
        120.0,
        64.0,
        (0.38, 0.38, 1.00, 1.00),
        (1.05, 1.04, 1.02, 1.15),
    ),
    SceneSpec(
        3,
        "LC08_L1TP_019036_20210420",
        "Landsat-8",
        epoch_ms(2021, 4, 20),
        9.0,
        140.0,
        58.0,
        (0.00, 0.00, 0.62, 0.62),
        (0.95, 0.97, 1.05, 0.85),
    ),
    SceneSpec(
        4,
        "LC09_L1TP_019036_20221003",
        "Landsat-9",
        epoch_ms(2022, 10, 3),
        14.0,
        155.0,
        45.0,
        (0.38, 0.00, 1.00, 0.62),
        (1.10, 1.08, 1.12, 0.80),
    ),
    SceneSpec(
        5,
        "LC09_L1TP_019035_20230808",
        "Landsat-9",
        epoch_ms(2023, 8, 8),
        0.5,
        130.0,
        62.0,
        (0.20, 0.20, 0.80, 0.80),
        (0.98, 1.00, 0.97, 1.20),
    ),
]

CLIMATE_TIMES = [epoch_ms(2024, 1, 15, 0), epoch_ms(2024, 4, 15, 0), epoch_ms(2024, 7, 15, 0)]
CLIMATE_VARIABLES = [
    ("temperature", "Monthly mean air temperature at 2 m", "degC"),
    ("precipitation", "Monthly total precipitation", "mm"),
]


def ensure_data() -> Path:
    """The cache folder, built first if missing (safe with several processes starting at once)."""
    if (CACHE_DIR / "catalog.json").is_file():
        return CACHE_DIR
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    with open(CACHE_ROOT / "imageserver.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (CACHE_DIR / "catalog.json").is_file():
                staging = CACHE_ROOT / f".imageserver-build-{os.getpid()}"
                shutil.rmtree(staging, ignore_errors=True)
                staging.mkdir()
                _build_all(staging)
                shutil.rmtree(CACHE_DIR, ignore_errors=True)
                os.replace(staging, CACHE_DIR)
                # Caches of older data versions are dead weight now.
                for stale in CACHE_ROOT.glob("imageserver-v*"):
                    if stale != CACHE_DIR:
                        shutil.rmtree(stale, ignore_errors=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return CACHE_DIR


# -- building ---------------------------------------------------------------------------------------------------------
def _srs(epsg: int) -> osr.SpatialReference:
    sr = osr.SpatialReference()
    sr.ImportFromEPSG(epsg)
    sr.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return sr


def _write_tif(
    path: Path,
    array: np.ndarray,
    gt: tuple,
    epsg: int,
    gdal_type: int,
    nodata: float | None,
    band_names: list[str] | None = None,
    overviews: str | None = "AVERAGE",
) -> gdal.Dataset:
    bands = array if array.ndim == 3 else array[np.newaxis]
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path),
        bands.shape[2],
        bands.shape[1],
        bands.shape[0],
        gdal_type,
        options=["COMPRESS=DEFLATE", "TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256"],
    )
    ds.SetGeoTransform(gt)
    ds.SetProjection(_srs(epsg).ExportToWkt())
    for i in range(bands.shape[0]):
        band = ds.GetRasterBand(i + 1)
        if nodata is not None:
            band.SetNoDataValue(nodata)
        band.WriteArray(bands[i])
        if band_names:
            band.SetDescription(band_names[i])
    if overviews:
        ds.BuildOverviews(overviews, [2, 4, 8])
    return ds


def _dem() -> tuple[np.ndarray, tuple]:
    npz = np.load(DEM_NPZ)
    elevation = npz["elevation"].astype(np.float32)
    # The file's ymin/ymax are swapped (ymin is the northern edge); row 0 is the north edge.
    north = float(max(npz["ymin"], npz["ymax"]))
    gt = (float(npz["xmin"]), float(npz["dx"]), 0.0, north, 0.0, -float(npz["dy"]))
    return elevation, gt


def _mem(array: np.ndarray, gt: tuple, epsg: int, nodata: float | None) -> gdal.Dataset:
    ds = gdal.GetDriverByName("MEM").Create("", array.shape[1], array.shape[0], 1, gdal.GDT_Float32)
    ds.SetGeoTransform(gt)
    ds.SetProjection(_srs(epsg).ExportToWkt())
    if nodata is not None:
        ds.GetRasterBand(1).SetNoDataValue(nodata)
    ds.GetRasterBand(1).WriteArray(array)
    return ds


def _warp_dem(dem_ds: gdal.Dataset, epsg: int, bounds: tuple, pixel: float) -> np.ndarray:
    out = gdal.Warp(
        "",
        dem_ds,
        format="MEM",
        dstSRS=f"EPSG:{epsg}",
        outputBounds=bounds,
        xRes=pixel,
        yRes=pixel,
        resampleAlg="bilinear",
        srcNodata=ELEVATION_NODATA,
        dstNodata=np.nan,
        outputType=gdal.GDT_Float32,
    )
    return out.GetRasterBand(1).ReadAsArray()


def _shade(elev: np.ndarray, cell: float, azimuth: float, altitude: float) -> np.ndarray:
    """Lambertian illumination (0..1) as the Hillshade function computes it."""
    filled = np.where(np.isfinite(elev), elev, np.nanmean(elev))
    gy, gx = np.gradient(filled, cell)
    slope = np.arctan(np.hypot(gx, gy))
    aspect = np.arctan2(-gx, gy)
    az = np.radians(360.0 - azimuth + 90.0)
    zen = np.radians(90.0 - altitude)
    shade = np.cos(zen) * np.cos(slope) + np.sin(zen) * np.sin(slope) * np.cos(az - aspect)
    return np.clip(shade, 0.0, 1.0)


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], scale: int) -> np.ndarray:
    """Spatially correlated noise in 0..1: coarse random grid upsampled bilinearly."""
    coarse = rng.random((shape[0] // scale + 2, shape[1] // scale + 2))
    ys = np.linspace(0, coarse.shape[0] - 1.001, shape[0])
    xs = np.linspace(0, coarse.shape[1] - 1.001, shape[1])
    y0, x0 = ys.astype(int), xs.astype(int)
    fy, fx = (ys - y0)[:, None], (xs - x0)[None, :]
    a = coarse[y0][:, x0]
    b = coarse[y0][:, x0 + 1]
    c = coarse[y0 + 1][:, x0]
    d = coarse[y0 + 1][:, x0 + 1]
    return a * (1 - fy) * (1 - fx) + b * (1 - fy) * fx + c * fy * (1 - fx) + d * fy * fx


def _build_all(folder: Path) -> None:
    elevation, dem_gt = _dem()
    # noData: a block in the north-west corner (as if clipped off) and a few single pixels.
    elevation[:24, :30] = ELEVATION_NODATA
    elevation[200, 100] = ELEVATION_NODATA
    elevation[201, 101] = ELEVATION_NODATA
    _write_tif(folder / "elevation.tif", elevation, dem_gt, 4326, gdal.GDT_Float32, ELEVATION_NODATA, ["Band_1"])
    dem_ds = _mem(elevation, dem_gt, 4326, ELEVATION_NODATA)

    catalog = {
        "imagery": _build_imagery(folder, dem_ds),
        "landcover": _build_landcover(folder, dem_ds),
        "climate": _build_climate(folder, elevation, dem_gt),
    }
    (folder / "catalog.json").write_text(json.dumps(catalog, indent=1))


def _dem_bounds_in(dem_ds: gdal.Dataset, epsg: int) -> tuple[float, float, float, float]:
    gt = dem_ds.GetGeoTransform()
    w, h = dem_ds.RasterXSize, dem_ds.RasterYSize
    ct = osr.CoordinateTransformation(_srs(4326), _srs(epsg))
    xs, ys = [], []
    for fx in np.linspace(0, 1, 5):
        for fy in np.linspace(0, 1, 5):
            x, y, _ = ct.TransformPoint(gt[0] + fx * w * gt[1], gt[3] + fy * h * gt[5])
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def _snap(value: float, step: float) -> float:
    return float(np.floor(value / step) * step)


def _build_imagery(folder: Path, dem_ds: gdal.Dataset) -> list[dict]:
    xmin, ymin, xmax, ymax = _dem_bounds_in(dem_ds, 3857)
    items = []
    for spec in SCENES:
        left, bottom, right, top = spec.box
        bx0 = _snap(xmin + left * (xmax - xmin), IMAGERY_PIXEL)
        bx1 = _snap(xmin + right * (xmax - xmin), IMAGERY_PIXEL)
        by0 = _snap(ymin + bottom * (ymax - ymin), IMAGERY_PIXEL)
        by1 = _snap(ymin + top * (ymax - ymin), IMAGERY_PIXEL)
        elev = _warp_dem(dem_ds, 3857, (bx0, by0, bx1, by1), IMAGERY_PIXEL)
        rng = np.random.default_rng(1000 + spec.object_id)
        land_rng = np.random.default_rng(7)  # the same landscape under every scene
        shape = elev.shape
        filled = np.where(np.isfinite(elev), elev, 500.0)
        # Web Mercator metres are ~1.25 ground metres here; slopes use ground distances.
        shade = _shade(filled, IMAGERY_PIXEL * 0.80, spec.sun_azimuth, spec.sun_elevation)
        slope_shade = _shade(filled, IMAGERY_PIXEL * 0.80, 0.0, 90.0)
        # Surface types from terrain: water in the lowest valleys, fields on flat low ground, forest elsewhere.
        patchiness = _smooth_noise(np.random.default_rng(11), shape, 12)
        del land_rng
        water = filled < 290
        fields = (~water) & (filled < 420) & (slope_shade > 0.97) & (patchiness > 0.45)
        bare = (~water) & (~fields) & (patchiness > 0.86)
        forest = ~(water | fields | bare)
        base = np.zeros((4, *shape), dtype=np.float64)
        for mask, reflectance in (
            (forest, (320, 520, 380, 3100)),
            (fields, (620, 920, 1050, 2600)),
            (bare, (1250, 1350, 1450, 1900)),
            (water, (520, 460, 300, 140)),
        ):
            for b in range(4):
                base[b][mask] = reflectance[b]
        illumination = 0.55 + 0.6 * shade
        texture = 1.0 + 0.08 * (_smooth_noise(rng, shape, 3) - 0.5)
        bands = np.empty_like(base)
        for b in range(4):
            bands[b] = base[b] * illumination * texture * spec.gains[b]
            bands[b] = np.where(water, base[b] * spec.gains[b] * texture, bands[b])
        # Clouds: bright blobs covering roughly CloudCover percent of the scene.
        if spec.cloud_cover > 1:
            clouds = _smooth_noise(rng, shape, 25)
            threshold = np.quantile(clouds, 1.0 - spec.cloud_cover / 100.0)
            opacity = np.clip((clouds - threshold) / 0.08, 0.0, 1.0)
            for b in range(4):
                bands[b] = bands[b] * (1 - opacity) + (6500 + 300 * b) * opacity
        bands += rng.normal(0, 12, bands.shape)
        data = np.clip(np.round(bands), 1, 65535).astype(np.uint16)
        data[:, ~np.isfinite(elev)] = IMAGERY_NODATA
        file_name = f"scene_{spec.object_id}.tif"
        gt = (bx0, IMAGERY_PIXEL, 0.0, by1, 0.0, -IMAGERY_PIXEL)
        _write_tif(
            folder / file_name,
            data,
            gt,
            3857,
            gdal.GDT_UInt16,
            IMAGERY_NODATA,
            ["Band_1", "Band_2", "Band_3", "Band_4"],
        )
        items.append(
            {
                "OBJECTID": spec.object_id,
                "Name": spec.name,
                "SensorName": spec.sensor,
                "AcquisitionDate": spec.acquired,
                "CloudCover": spec.cloud_cover,
                "SunAzimuth": spec.sun_azimuth,
                "SunElevation": spec.sun_elevation,
                "file": file_name,
                "bounds": [bx0, by0, bx1, by1],
            }
        )
    return items


def _build_landcover(folder: Path, dem_ds: gdal.Dataset) -> dict:
    xmin, ymin, xmax, ymax = _dem_bounds_in(dem_ds, 32616)
    bounds = (
        _snap(xmin, LANDCOVER_PIXEL),
        _snap(ymin, LANDCOVER_PIXEL),
        _snap(xmax, LANDCOVER_PIXEL) + LANDCOVER_PIXEL,
        _snap(ymax, LANDCOVER_PIXEL) + LANDCOVER_PIXEL,
    )
    elev = _warp_dem(dem_ds, 32616, bounds, LANDCOVER_PIXEL)
    valid = np.isfinite(elev)
    filled = np.where(valid, elev, 500.0)
    flatness = _shade(filled, LANDCOVER_PIXEL, 0.0, 90.0)
    noise = _smooth_noise(np.random.default_rng(21), elev.shape, 8)
    noise2 = _smooth_noise(np.random.default_rng(22), elev.shape, 5)
    classes = np.full(elev.shape, 41, dtype=np.uint8)  # deciduous forest by default (Cumberland Plateau)
    classes[(filled > 650) & (noise > 0.55)] = 42
    classes[(filled > 450) & (filled <= 650) & (noise > 0.6)] = 43
    low_flat = (filled < 430) & (flatness > 0.97)
    classes[low_flat & (noise2 <= 0.35)] = 81
    classes[low_flat & (noise2 > 0.35) & (noise2 <= 0.5)] = 82
    classes[low_flat & (noise2 > 0.5) & (noise2 <= 0.6)] = 71
    classes[(filled < 360) & (noise > 0.72)] = 22
    classes[(filled < 380) & (noise > 0.64) & (noise <= 0.72)] = 21
    classes[(flatness < 0.80) & (noise2 > 0.7)] = 52
    classes[filled < 290] = 11
    classes[~valid] = LANDCOVER_NODATA
    gt = (bounds[0], LANDCOVER_PIXEL, 0.0, bounds[3], 0.0, -LANDCOVER_PIXEL)
    ds = _write_tif(
        folder / "landcover.tif", classes, gt, 32616, gdal.GDT_Byte, LANDCOVER_NODATA, ["Band_1"], overviews="NEAREST"
    )
    band = ds.GetRasterBand(1)
    colors = gdal.ColorTable()
    for value, _name, rgb in LANDCOVER_CLASSES:
        colors.SetColorEntry(value, (*rgb, 255))
    band.SetRasterColorTable(colors)
    counts = {value: int((classes == value).sum()) for value, _n, _c in LANDCOVER_CLASSES}
    rat = gdal.RasterAttributeTable()
    for name, ftype, usage in (
        ("Value", gdal.GFT_Integer, gdal.GFU_MinMax),
        ("ClassName", gdal.GFT_String, gdal.GFU_Name),
        ("Red", gdal.GFT_Integer, gdal.GFU_Red),
        ("Green", gdal.GFT_Integer, gdal.GFU_Green),
        ("Blue", gdal.GFT_Integer, gdal.GFU_Blue),
        ("Count", gdal.GFT_Real, gdal.GFU_PixelCount),
    ):
        rat.CreateColumn(name, ftype, usage)
    for row, (value, name, rgb) in enumerate(LANDCOVER_CLASSES):
        rat.SetValueAsInt(row, 0, value)
        rat.SetValueAsString(row, 1, name)
        for i in range(3):
            rat.SetValueAsInt(row, 2 + i, rgb[i])
        rat.SetValueAsDouble(row, 5, counts[value])
    band.SetDefaultRAT(rat)
    ds = None
    return {"file": "landcover.tif", "counts": {str(k): v for k, v in counts.items()}}


def _build_climate(folder: Path, elevation: np.ndarray, dem_gt: tuple) -> list[dict]:
    west, south, cell, cols, rows = CLIMATE_GRID
    lon = west + (np.arange(cols) + 0.5) * cell
    lat = south + rows * cell - (np.arange(rows) + 0.5) * cell
    lon2, lat2 = np.meshgrid(lon, lat)
    # A smooth "terrain" rising towards the Appalachians (north-east of the grid's centre).
    ridge = np.exp(-(((lon2 + 83.0) / 1.6) ** 2 + ((lat2 - 36.0) / 3.0) ** 2)) * 1200.0
    rng = np.random.default_rng(31)
    wiggle = _smooth_noise(rng, (rows, cols), 10) - 0.5
    season_temp = [4.0, 16.0, 27.0]
    season_precip = [110.0, 125.0, 105.0]
    items = []
    object_id = 1
    gt = (west, cell, 0.0, south + rows * cell, 0.0, -cell)
    for name, _description, _unit in CLIMATE_VARIABLES:
        slices = []
        for i, _t in enumerate(CLIMATE_TIMES):
            if name == "temperature":
                values = season_temp[i] - 0.75 * (lat2 - 35.0) - ridge * 0.0065 + 2.0 * wiggle
            else:
                values = season_precip[i] + 6.0 * (36.0 - lat2) + ridge * 0.03 + 30.0 * wiggle * (i + 1)
            slices.append(np.round(values, 2).astype(np.float32))
        stack = np.stack(slices)
        stack[:, :3, :3] = CLIMATE_NODATA  # a little noData in a corner, as real grids have
        file_name = f"climate_{name}.tif"
        _write_tif(
            folder / file_name,
            stack,
            gt,
            4326,
            gdal.GDT_Float32,
            CLIMATE_NODATA,
            [f"{name}_{t}" for t in CLIMATE_TIMES],
        )
        for i, t in enumerate(CLIMATE_TIMES):
            items.append(
                {
                    "OBJECTID": object_id,
                    "Variable": name,
                    "StdTime": t,
                    "file": file_name,
                    "band": i + 1,
                    "bounds": [west, south, west + cols * cell, south + rows * cell],
                }
            )
            object_id += 1
    return items
