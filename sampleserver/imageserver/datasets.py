"""The four image services' data, loaded from the cache that data.py builds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from osgeo import gdal, ogr, osr

from . import data
from .model import Item, ServiceData, Variable


def _srs(epsg: int) -> osr.SpatialReference:
    sr = osr.SpatialReference()
    sr.ImportFromEPSG(epsg)
    sr.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return sr


def _box(xmin: float, ymin: float, xmax: float, ymax: float, sr: osr.SpatialReference) -> ogr.Geometry:
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((xmin, ymin), (xmin, ymax), (xmax, ymax), (xmax, ymin), (xmin, ymin)):
        ring.AddPoint_2D(x, y)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    poly.AssignSpatialReference(sr)
    return poly


def _extent(path: Path) -> tuple[float, float, float, float]:
    ds = gdal.Open(str(path))
    gt = ds.GetGeoTransform()
    return gt[0], gt[3] + gt[5] * ds.RasterYSize, gt[0] + gt[1] * ds.RasterXSize, gt[3]


def _stats(arrays: list[np.ndarray]) -> dict[str, float]:
    values = np.concatenate([a[np.isfinite(a)].ravel() for a in arrays])
    low, high = np.percentile(values, [2.0, 98.0])
    return {
        "min": _short(values.min()),
        "max": _short(values.max()),
        "mean": round(float(values.mean()), 6),
        "stdv": round(float(values.std()), 6),
        # The percent-clip (2 %, 98 %) range the default renderer of multiband services stretches.
        "clip_low": float(low),
        "clip_high": float(high),
    }


def _short(value: float) -> float:
    """A float32 pixel value as the shortest decimal that reads back the same (31.63, not 31.6299991607666)."""
    return float(np.format_float_positional(np.float32(value), trim="-"))


def _read(path: Path, band: int, nodata: float | None) -> np.ndarray:
    ds = gdal.Open(str(path))  # kept referenced while its band is read (GDAL crashes otherwise)
    array = ds.GetRasterBand(band).ReadAsArray().astype(np.float64)
    if nodata is not None:
        array[array == nodata] = np.nan
    return array


def elevation(folder: Path) -> ServiceData:
    path = folder / "elevation.tif"
    sr = _srs(4326)
    extent = _extent(path)
    gt = gdal.Open(str(path)).GetGeoTransform()
    item = Item(1, path, [1], {"OBJECTID": 1, "Name": "jacksboro_fault_dem"}, _box(*extent, sr), data.ELEVATION_NODATA)
    return ServiceData(
        name="Elevation",
        description="Digital elevation model of the Jacksboro fault area, Tennessee (3 arc-second, metres), "
        "from matplotlib's sample data. A block in the north-west corner is noData.",
        sr=sr,
        items=[item],
        extent=extent,
        pixel_size=(gt[1], -gt[5]),
        band_names=["Band_1"],
        pixel_type="F32",
        nodata=data.ELEVATION_NODATA,
        stats=[_stats([_read(path, 1, data.ELEVATION_NODATA)])],
        service_data_type="esriImageServiceDataTypeElevation",
        functions=["None", "Hillshade", "Stretch", "Elevation_Colorized"],
        default_resampling="RSP_BilinearInterpolation",
        copyright="Elevation: matplotlib sample data (jacksboro_fault_dem)",
    )


IMAGERY_FIELDS = [
    {"name": "OBJECTID", "type": "esriFieldTypeOID", "alias": "OBJECTID", "domain": None},
    {"name": "Name", "type": "esriFieldTypeString", "alias": "Name", "domain": None, "length": 50},
    {"name": "MinPS", "type": "esriFieldTypeDouble", "alias": "MinPS", "domain": None},
    {"name": "MaxPS", "type": "esriFieldTypeDouble", "alias": "MaxPS", "domain": None},
    {"name": "Category", "type": "esriFieldTypeInteger", "alias": "Category", "domain": None},
    {"name": "Tag", "type": "esriFieldTypeString", "alias": "Tag", "domain": None, "length": 20},
    {"name": "GroupName", "type": "esriFieldTypeString", "alias": "GroupName", "domain": None, "length": 50},
    {"name": "ProductName", "type": "esriFieldTypeString", "alias": "ProductName", "domain": None, "length": 50},
    {"name": "CenterX", "type": "esriFieldTypeDouble", "alias": "CenterX", "domain": None},
    {"name": "CenterY", "type": "esriFieldTypeDouble", "alias": "CenterY", "domain": None},
    {"name": "ZOrder", "type": "esriFieldTypeInteger", "alias": "ZOrder", "domain": None},
    {"name": "SensorName", "type": "esriFieldTypeString", "alias": "Sensor Name", "domain": None, "length": 50},
    {"name": "AcquisitionDate", "type": "esriFieldTypeDate", "alias": "Acquisition Date", "domain": None, "length": 8},
    {"name": "SunAzimuth", "type": "esriFieldTypeDouble", "alias": "Sun Azimuth", "domain": None},
    {"name": "SunElevation", "type": "esriFieldTypeDouble", "alias": "Sun Elevation", "domain": None},
    {"name": "CloudCover", "type": "esriFieldTypeDouble", "alias": "Cloud Cover", "domain": None},
    {"name": "Shape_Length", "type": "esriFieldTypeDouble", "alias": "Shape_Length", "domain": None},
    {"name": "Shape_Area", "type": "esriFieldTypeDouble", "alias": "Shape_Area", "domain": None},
]


def imagery(folder: Path, catalog: list[dict]) -> ServiceData:
    sr = _srs(3857)
    items = []
    band_arrays: list[list[np.ndarray]] = [[], [], [], []]
    for entry in catalog:
        path = folder / entry["file"]
        xmin, ymin, xmax, ymax = entry["bounds"]
        footprint = _box(xmin, ymin, xmax, ymax, sr)
        attributes = {
            "OBJECTID": entry["OBJECTID"],
            "Name": entry["Name"],
            "MinPS": 0,
            "MaxPS": 240,
            "Category": 1,
            "Tag": "MS",
            "GroupName": entry["Name"],
            "ProductName": "Level1",
            "CenterX": (xmin + xmax) / 2,
            "CenterY": (ymin + ymax) / 2,
            "ZOrder": None,
            "SensorName": entry["SensorName"],
            "AcquisitionDate": entry["AcquisitionDate"],
            "SunAzimuth": entry["SunAzimuth"],
            "SunElevation": entry["SunElevation"],
            "CloudCover": entry["CloudCover"],
            "Shape_Length": footprint.Boundary().Length(),
            "Shape_Area": footprint.GetArea(),
        }
        items.append(Item(entry["OBJECTID"], path, [1, 2, 3, 4], attributes, footprint, data.IMAGERY_NODATA))
        for b in range(4):
            band_arrays[b].append(_read(path, b + 1, data.IMAGERY_NODATA)[::2, ::2])
    stats = [_stats(arrays) for arrays in band_arrays]
    # The default renderer's percent clip ignores cloud pixels (as a cloud-masked statistics run would), so the
    # land keeps its contrast and clouds saturate.
    clear = [np.all([band_arrays[b][k] < 4000 for b in range(4)], axis=0) for k in range(len(catalog))]
    for b in range(4):
        values = np.concatenate([band_arrays[b][k][clear[k]] for k in range(len(catalog))])
        stats[b]["clip_low"], stats[b]["clip_high"] = (float(v) for v in np.percentile(values, [1.0, 99.0]))
    xs = [e["bounds"][0] for e in catalog] + [e["bounds"][2] for e in catalog]
    ys = [e["bounds"][1] for e in catalog] + [e["bounds"][3] for e in catalog]
    return ServiceData(
        name="Imagery",
        description="A mosaic dataset of five overlapping synthetic Landsat-like scenes (4 bands: blue, green, red, "
        "near infrared; 16-bit), derived from the Jacksboro DEM with per-scene sun angles, seasons and clouds.",
        sr=sr,
        items=items,
        extent=(min(xs), min(ys), max(xs), max(ys)),
        pixel_size=(data.IMAGERY_PIXEL, data.IMAGERY_PIXEL),
        band_names=["Band_1", "Band_2", "Band_3", "Band_4"],
        pixel_type="U16",
        nodata=data.IMAGERY_NODATA,
        stats=stats,
        service_data_type="esriImageServiceDataTypeGeneric",
        functions=["None", "NDVI", "Natural Color", "Color Infrared"],
        default_resampling="RSP_BilinearInterpolation",
        is_mosaic=True,
        catalog_fields=IMAGERY_FIELDS,
        time_field="AcquisitionDate",
        # Most recent on top, as Esri's Landsat services do.
        default_mosaic={
            "mosaicMethod": "esriMosaicAttribute",
            "sortField": "AcquisitionDate",
            "sortValue": "2050/01/01",
            "ascending": True,
            "mosaicOperator": "MT_FIRST",
        },
        default_band_ids=[2, 1, 0],
        copyright="Synthetic imagery generated by the sample server",
    )


def landcover(folder: Path, info: dict) -> ServiceData:
    path = folder / info["file"]
    sr = _srs(32616)
    extent = _extent(path)
    gt = gdal.Open(str(path)).GetGeoTransform()
    item = Item(1, path, [1], {"OBJECTID": 1, "Name": "landcover"}, _box(*extent, sr), data.LANDCOVER_NODATA)
    stats = _stats([_read(path, 1, data.LANDCOVER_NODATA)])
    return ServiceData(
        name="LandCover",
        description="Land cover classes (NLCD codes and colours) derived from the Jacksboro DEM, 60 m, "
        "UTM zone 16N; with a colormap and a raster attribute table.",
        sr=sr,
        items=[item],
        extent=extent,
        pixel_size=(gt[1], -gt[5]),
        band_names=["Band_1"],
        pixel_type="U8",
        nodata=data.LANDCOVER_NODATA,
        stats=[stats],
        service_data_type="esriImageServiceDataTypeThematic",
        functions=["None"],
        default_resampling="RSP_NearestNeighbor",
        thematic=True,
        classes=list(data.LANDCOVER_CLASSES),
        class_counts={int(k): v for k, v in info["counts"].items()},
    )


CLIMATE_FIELDS = [
    {"name": "OBJECTID", "type": "esriFieldTypeOID", "alias": "OBJECTID", "domain": None},
    {"name": "Name", "type": "esriFieldTypeString", "alias": "Name", "domain": None, "length": 50},
    {"name": "Variable", "type": "esriFieldTypeString", "alias": "Variable", "domain": None, "length": 50},
    {"name": "Dimensions", "type": "esriFieldTypeString", "alias": "Dimensions", "domain": None, "length": 50},
    {"name": "StdTime", "type": "esriFieldTypeDate", "alias": "StdTime", "domain": None, "length": 8},
    {"name": "Tag", "type": "esriFieldTypeString", "alias": "Tag", "domain": None, "length": 20},
]


def climate(folder: Path, catalog: list[dict]) -> ServiceData:
    sr = _srs(4326)
    items = []
    per_variable: dict[str, list[np.ndarray]] = {}
    for entry in catalog:
        path = folder / entry["file"]
        footprint = _box(*entry["bounds"], sr)
        attributes = {
            "OBJECTID": entry["OBJECTID"],
            "Name": f"{entry['Variable']}_{entry['band']}",
            "Variable": entry["Variable"],
            "Dimensions": "StdTime",
            "StdTime": entry["StdTime"],
            "Tag": "Dataset",
        }
        items.append(Item(entry["OBJECTID"], path, [entry["band"]], attributes, footprint, data.CLIMATE_NODATA))
        per_variable.setdefault(entry["Variable"], []).append(_read(path, entry["band"], data.CLIMATE_NODATA))
    west, south, cell, cols, rows = data.CLIMATE_GRID
    variable_stats = {name: _stats(arrays) for name, arrays in per_variable.items()}
    first = data.CLIMATE_VARIABLES[0][0]
    return ServiceData(
        name="Climate",
        description="Multidimensional monthly climate grids (temperature, precipitation) for three dates of 2024, "
        "0.1 degree, south-eastern United States (synthetic).",
        sr=sr,
        items=items,
        extent=(west, south, west + cols * cell, south + rows * cell),
        pixel_size=(cell, cell),
        band_names=["Band_1"],
        pixel_type="F32",
        nodata=data.CLIMATE_NODATA,
        stats=[variable_stats[first]],
        service_data_type="esriImageServiceDataTypeScientific",
        functions=["None", "Stretch"],
        default_resampling="RSP_BilinearInterpolation",
        is_mosaic=True,
        catalog_fields=CLIMATE_FIELDS,
        time_field="StdTime",
        default_mosaic={
            "mosaicMethod": "esriMosaicAttribute",
            "sortField": "StdTime",
            "sortValue": "2050/01/01",
            "ascending": True,
            "mosaicOperator": "MT_FIRST",
        },
        variables=[Variable(*v) for v in data.CLIMATE_VARIABLES],
        dimension_values=list(data.CLIMATE_TIMES),
        variable_stats=variable_stats,
    )


def load_all() -> dict[str, ServiceData]:
    folder = data.ensure_data()
    catalog = json.loads((folder / "catalog.json").read_text())
    return {
        "Elevation": elevation(folder),
        "Imagery": imagery(folder, catalog["imagery"]),
        "LandCover": landcover(folder, catalog["landcover"]),
        "Climate": climate(folder, catalog["climate"]),
    }
