"""What an image service is made of: its rasters (catalog items), their metadata, and pixel reading.

Every service is treated as a mosaic of catalog items; a raster-dataset service (Elevation, LandCover) is a mosaic
of one item that reports no catalog (``is_mosaic`` False), as ArcGIS does for raster datasets.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()


class DatasetPool:
    """Open read-only datasets lent to one thread at a time (a GDAL dataset must not be shared between threads).

    The server runs each request in a new thread, so thread-local handles would be reopened on every request;
    a pool keeps them open and reuses them.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free: dict[Path, list[gdal.Dataset]] = {}

    @contextmanager
    def borrow(self, path: Path) -> Iterator[gdal.Dataset]:
        with self._lock:
            free = self._free.setdefault(path, [])
            ds = free.pop() if free else None
        if ds is None:
            ds = gdal.Open(str(path), gdal.GA_ReadOnly)
        try:
            yield ds
        finally:
            with self._lock:
                self._free[path].append(ds)


POOL = DatasetPool()


@dataclass
class Item:
    """One raster of a mosaic: a file (and which of its bands), attributes and a footprint in the service SR."""

    object_id: int
    path: Path
    bands: list[int]  # 1-based bands of the file that make the item's bands
    attributes: dict[str, Any]
    footprint: ogr.Geometry
    nodata: float | None

    def __post_init__(self) -> None:
        with POOL.borrow(self.path) as ds:
            self.geotransform: tuple = ds.GetGeoTransform()
            self.width: int = ds.RasterXSize
            self.height: int = ds.RasterYSize

    def read_cells(self, x: float, y: float, factor: int, radius: int, thematic: bool) -> np.ndarray:
        """Values (bands, 2r+1, 2r+1) of the cells around (x, y) at `factor` times the native pixel size.

        Cells are aligned to the raster's origin, like the levels of a pyramid; a coarse cell is the mean of the
        native pixels it covers (thematic data: the pixel at its centre). NaN marks noData and cells off the raster.
        """
        gt = self.geotransform
        width, height = self.width, self.height
        col = int(np.floor((x - gt[0]) / (gt[1] * factor)))
        row = int(np.floor((y - gt[3]) / (gt[5] * factor)))
        n = 2 * radius + 1
        c0, r0 = (col - radius) * factor, (row - radius) * factor
        span = n * factor
        out = np.full((len(self.bands), span, span), np.nan)
        rc0, rr0 = max(c0, 0), max(r0, 0)
        rc1, rr1 = min(c0 + span, width), min(r0 + span, height)
        if rc1 > rc0 and rr1 > rr0:
            with POOL.borrow(self.path) as ds:
                for i, b in enumerate(self.bands):
                    band = ds.GetRasterBand(b)
                    block = band.ReadAsArray(rc0, rr0, rc1 - rc0, rr1 - rr0).astype(np.float64)
                    if self.nodata is not None:
                        block[block == self.nodata] = np.nan
                    out[i, rr0 - r0 : rr1 - r0, rc0 - c0 : rc1 - c0] = block
        if factor == 1:
            return out
        blocks = out.reshape(len(self.bands), n, factor, n, factor)
        if thematic:
            return blocks[:, :, factor // 2, :, factor // 2]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.nanmean(blocks, axis=(2, 4))

    def warp(self, grid: Grid, resample: str) -> tuple[np.ndarray, tuple[int, int, int, int]] | None:
        """The item resampled onto the part of `grid` its footprint covers (plus a margin for interpolation).

        Returns (bands, rows, cols) float32 with NaN for noData and the window (r0, r1, c0, c1) of the grid it
        fills, or None when the item is off the grid.
        """
        footprint = self.footprint.Clone()
        if not self.footprint.GetSpatialReference().IsSame(grid.sr):
            try:
                footprint.Segmentize(max(abs(self.geotransform[1]) * self.width / 16, 1e-9))
                footprint.Transform(osr.CoordinateTransformation(self.footprint.GetSpatialReference(), grid.sr))
            except RuntimeError:
                footprint = None
        xmin, _ymin, _xmax, ymax = grid.bounds
        cx, cy = grid.cell
        if footprint is None:
            r0, r1, c0, c1 = 0, grid.height, 0, grid.width
        else:
            fx0, fx1, fy0, fy1 = footprint.GetEnvelope()
            c0 = max(int(np.floor((fx0 - xmin) / cx)) - 2, 0)
            c1 = min(int(np.ceil((fx1 - xmin) / cx)) + 2, grid.width)
            r0 = max(int(np.floor((ymax - fy1) / cy)) - 2, 0)
            r1 = min(int(np.ceil((ymax - fy0) / cy)) + 2, grid.height)
            if c1 <= c0 or r1 <= r0:
                return None
        bounds = (xmin + c0 * cx, ymax - r1 * cy, xmin + c1 * cx, ymax - r0 * cy)
        with POOL.borrow(self.path) as ds:
            out = gdal.Warp(
                "",
                ds,
                format="MEM",
                dstSRS=grid.sr.ExportToWkt(),
                outputBounds=bounds,
                width=c1 - c0,
                height=r1 - r0,
                resampleAlg=resample,
                dstNodata=np.nan,
                outputType=gdal.GDT_Float32,
                multithread=False,
            )
        data = np.stack([out.GetRasterBand(b).ReadAsArray() for b in self.bands])
        return data, (r0, r1, c0, c1)


@dataclass
class Grid:
    """A target raster grid: spatial reference, bounds (xmin, ymin, xmax, ymax) and size."""

    sr: osr.SpatialReference
    bounds: tuple[float, float, float, float]
    width: int
    height: int

    @property
    def cell(self) -> tuple[float, float]:
        xmin, ymin, xmax, ymax = self.bounds
        return (xmax - xmin) / self.width, (ymax - ymin) / self.height

    @property
    def geotransform(self) -> tuple:
        xmin, _ymin, _xmax, ymax = self.bounds
        cx, cy = self.cell
        return (xmin, cx, 0.0, ymax, 0.0, -cy)

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        xmin, _ymin, _xmax, ymax = self.bounds
        cx, cy = self.cell
        xs = xmin + (np.arange(self.width) + 0.5) * cx
        ys = ymax - (np.arange(self.height) + 0.5) * cy
        return np.meshgrid(xs, ys)


@dataclass
class Variable:
    name: str
    description: str
    unit: str


@dataclass
class ServiceData:
    """Everything an image service publishes about its data."""

    name: str
    description: str
    sr: osr.SpatialReference
    items: list[Item]
    extent: tuple[float, float, float, float]
    pixel_size: tuple[float, float]
    band_names: list[str]
    pixel_type: str  # ArcGIS names: F32, U16, U8
    nodata: float
    stats: list[dict[str, float]]  # per band: min, max, mean, stdv
    service_data_type: str
    functions: list[str]
    default_resampling: str  # RSP_* name
    thematic: bool = False
    is_mosaic: bool = False
    catalog_fields: list[dict] = field(default_factory=list)
    time_field: str | None = None
    default_mosaic: dict = field(default_factory=dict)
    default_band_ids: list[int] | None = None
    classes: list[tuple[int, str, tuple[int, int, int]]] = field(default_factory=list)
    class_counts: dict[int, int] = field(default_factory=dict)
    variables: list[Variable] = field(default_factory=list)
    dimension_values: list[int] = field(default_factory=list)
    variable_stats: dict[str, dict[str, float]] = field(default_factory=dict)
    copyright: str = ""

    @property
    def band_count(self) -> int:
        return len(self.band_names)

    def item(self, object_id: int) -> Item | None:
        for item in self.items:
            if item.object_id == object_id:
                return item
        return None
