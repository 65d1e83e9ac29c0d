"""exportImage to a georeferenced GeoTIFF, streamed to disk, tiled when larger than the service allows.

- One request when the size fits maxImageWidth/maxImageHeight: `f=json` gives the extent the server used
  (adjustAspectRatio can widen the bbox), the image is streamed from its href, and the GeoTIFF is
  georeferenced with that extent (a server GeoTIFF that is already georeferenced passes through).
- Larger sizes: the view is computed as the server would (square pixels, centred widening), cut into as few
  tiles as the limit allows (aligned to the GeoTIFF's blocks when that costs no extra tile), whose bboxes
  already have square pixels (so the server keeps them as they are). A few tiles are fetched at a time, as
  pending requests of the calling thread (no thread pool), and
  each is written once, straight into the output GeoTIFF at the offset its own returned extent gives, one strip
  of output blocks at a time, flushed and dropped from GDAL's cache: memory stays flat whatever the size.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import threading
import urllib.parse
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional, Protocol

from . import params as p
from .errors import ArcGisParameterError, ArcGisResponseError
from .feedback import Feedback
from .i18n import tr
from .models import ExportedImage, Extent, ImageServiceInfo, SpatialReference
from .parsing import decode_data_uri, parse_export_image
from .transport import POLL_S, Waiter

GTIFF_OPTIONS = ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"]
BLOCK = 256  # GTiff's default block size with TILED=YES
MAX_CONCURRENT_TILES = 4  # tiles fetched at a time: enough to hide latency, few enough to be fair to the server


@dataclass
class ExportOptions:
    bbox: Any = None
    bbox_crs: Any = None
    size: Any = (400, 400)
    image_crs: Any = None
    format: str = "tiff"
    pixel_type: Optional[str] = None
    no_data: Any = None
    no_data_interpretation: Optional[str] = None
    interpolation: Optional[str] = None
    compression_quality: Optional[int] = None
    band_ids: Any = None
    mosaic_rule: Any = None
    rendering_rule: Any = None
    time: Any = None
    adjust_aspect_ratio: Optional[bool] = None
    extra_params: dict = field(default_factory=dict)

    def query(self) -> dict[str, Any]:
        """The exportImage parameters (f=json added by the gateway)."""
        no_data = self.no_data
        if isinstance(no_data, (list, tuple)):
            no_data = p.numbers_param(no_data, "no_data")
        query: dict[str, Any] = {
            "bbox": p.envelope_param(self.bbox) if self.bbox is not None else None,
            "bboxSR": p.spatial_reference_param(self.bbox_crs),
            "size": p.size_param(self.size) if self.size is not None else None,
            "imageSR": p.spatial_reference_param(self.image_crs),
            "format": self.format,
            "pixelType": self.pixel_type,
            "noData": no_data,
            "noDataInterpretation": self.no_data_interpretation,
            "interpolation": self.interpolation,
            "compressionQuality": int(self.compression_quality) if self.compression_quality is not None else None,
            "bandIds": p.numbers_param(self.band_ids, "band_ids") if self.band_ids is not None else None,
            "mosaicRule": p.json_param(self.mosaic_rule),
            "renderingRule": p.json_param(self.rendering_rule),
            "time": p.time_param(self.time),
            "adjustAspectRatio": self.adjust_aspect_ratio,
        }
        query.update(self.extra_params)
        return query

    def resolved(self) -> ExportOptions:
        """These options with their CRSs converted once (core.params.spatial_reference) for the whole export."""
        return replace(self, bbox_crs=p.spatial_reference(self.bbox_crs), image_crs=p.spatial_reference(self.image_crs))


class ImageSource(Protocol):
    """What an export asks of its service: core.services.ImageService (which calls export_image), or a stand-in."""

    name: str
    url: str
    session: Any

    def info(self, *, feedback: Optional[Feedback] = None, timeout: Optional[float] = None) -> ImageServiceInfo: ...

    def export_image_info(
        self, query: dict[str, Any], *, feedback: Optional[Feedback] = None, timeout: Optional[float] = None
    ) -> ExportedImage: ...

    def begin_export_image_info(
        self,
        query: dict[str, Any],
        *,
        waiter: Waiter,
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
    ) -> Any: ...

    def download(
        self,
        href: str,
        to_path: Any,
        *,
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
        report_progress: bool = False,
    ) -> Any: ...

    def begin_download(
        self,
        href: str,
        to_path: Any,
        *,
        waiter: Waiter,
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
    ) -> Any: ...


def _gdal():
    from osgeo import gdal

    gdal.UseExceptions()
    return gdal


def _gdal_wkt(sr: Optional[SpatialReference]) -> Optional[str]:
    return sr.to_gdal_wkt() if sr is not None else None


def transform_bounds(
    bounds: tuple, source: SpatialReference, target: SpatialReference
) -> tuple[float, float, float, float]:
    """`bounds` reprojected with QGIS's CRS engine (11×11 sample points, as ArcGIS-like servers densify a bbox)."""
    src, dst = _qgs_crs(source), _qgs_crs(target)
    if src == dst:
        return tuple(bounds)  # type: ignore[return-value]
    from qgis.core import QgsCoordinateTransform, QgsCsException, QgsPointXY, QgsProject

    transform = QgsCoordinateTransform(src, dst, QgsProject.instance())
    xmin, ymin, xmax, ymax = bounds
    xs, ys = [], []
    for i in range(11):
        for j in range(11):
            try:
                point = transform.transform(QgsPointXY(xmin + i / 10 * (xmax - xmin), ymin + j / 10 * (ymax - ymin)))
            except QgsCsException:
                continue
            if math.isfinite(point.x()) and math.isfinite(point.y()):
                xs.append(point.x())
                ys.append(point.y())
    if not xs:
        raise ArcGisParameterError(tr("The bbox cannot be reprojected to the image's spatial reference."))
    return min(xs), min(ys), max(xs), max(ys)


def _qgs_crs(sr: SpatialReference):
    """The valid QgsCoordinateReferenceSystem of `sr`; ArcGisParameterError otherwise."""
    try:
        crs = sr.to_qgs_crs()
    except ImportError:
        raise ArcGisParameterError(tr("Reprojecting an extent needs QGIS (PyQGIS).")) from None
    if not crs.isValid():
        raise ArcGisParameterError(tr("Cannot reproject the extent: unknown spatial reference."))
    return crs


# -- single image ----------------------------------------------------------------------------------
def _image_href(service: ImageSource, result: ExportedImage, target: Path) -> Optional[str]:
    """Where an export result's image is: None when the answer held it (inline data or a data: URI), which is then
    written to `target` at once; else the absolute href to download."""
    if result.image_data is not None:
        target.write_bytes(result.image_data)
        return None
    if not result.href:
        raise ArcGisResponseError(tr("The export of {} has no image.").format(service.name), service=service.name)
    if result.href.startswith("data:"):
        _, data = decode_data_uri(result.href)
        if not data:
            raise ArcGisResponseError(
                tr("The export of {} has an unreadable data URI.").format(service.name), service=service.name
            )
        target.write_bytes(data)
        return None
    return urllib.parse.urljoin(service.url + "/", result.href)


def _fetch_image(
    service: ImageSource,
    result: ExportedImage,
    target: Path,
    feedback: Optional[Feedback],
    timeout: Any,
    report_progress: bool = False,
) -> None:
    """The image bytes of an export result written to `target` (inline data, data: URI or streamed href)."""
    href = _image_href(service, result, target)
    if href is not None:
        service.download(href, target, feedback=feedback, timeout=timeout, report_progress=report_progress)


def _georeference(
    source: Path, target: Path, extent: Optional[Extent], fallback_sr: Optional[SpatialReference], service_name: str
) -> None:
    """`source` (GeoTIFF, PNG, JPG, ...) as a GeoTIFF at `target`, georeferenced with `extent`."""
    gdal = _gdal()
    try:
        dataset = gdal.Open(str(source))
    except RuntimeError:
        dataset = None
    if dataset is None:
        raise ArcGisResponseError(
            tr("The image exported by {} cannot be read.").format(service_name), service=service_name
        )
    driver = dataset.GetDriver().ShortName
    georeferenced = dataset.GetGeoTransform(can_return_null=True) is not None and bool(dataset.GetProjection())
    dataset = None
    if driver == "GTiff" and georeferenced:
        shutil.move(str(source), str(target))  # the server's GeoTIFF passes through
        return
    if extent is None:
        raise ArcGisResponseError(
            tr("The export of {} has no extent to georeference the image with.").format(service_name),
            service=service_name,
        )
    srs = _gdal_wkt(extent.spatial_reference) or _gdal_wkt(fallback_sr)
    options = {
        "format": "GTiff",
        "outputBounds": [extent.xmin, extent.ymax, extent.xmax, extent.ymin],
        "creationOptions": GTIFF_OPTIONS,
    }
    if srs:
        options["outputSRS"] = srs
    try:
        gdal.Translate(str(target), str(source), **options)
    except RuntimeError as error:
        raise ArcGisResponseError(
            tr("The image exported by {} cannot be converted to GeoTIFF ({}).").format(service_name, error),
            service=service_name,
        ) from None


# -- the operation ---------------------------------------------------------------------------------
def export_image(
    service: ImageSource,
    options: ExportOptions,
    *,
    to_path: Any = None,
    feedback: Optional[Feedback] = None,
    timeout: Any = None,
    max_tile_size: Optional[tuple[int, int]] = None,
) -> ExportedImage:
    """exportImage with `options` (their CRSs converted here, once): the parsed answer, or with `to_path` a
    georeferenced GeoTIFF there (tiled and mosaicked beyond the service's, or max_tile_size's, limits)."""
    options = options.resolved()
    if to_path is None:
        return service.export_image_info(options.query(), feedback=feedback, timeout=timeout)
    target = Path(os.fspath(to_path))
    width, height = (int(v) for v in p.size_param(options.size).split(","))
    info = service.info(feedback=feedback, timeout=timeout)
    max_w, max_h = info.max_image_width, info.max_image_height
    if max_tile_size is not None:
        max_w = min(max_w or max_tile_size[0], int(max_tile_size[0]))
        max_h = min(max_h or max_tile_size[1], int(max_tile_size[1]))
    if (max_w and width > max_w) or (max_h and height > max_h):
        limits = (max_w or width, max_h or height)
        return _export_tiled(service, options, target, (width, height), limits, feedback, timeout)
    return _export_single(service, options, target, feedback, timeout)


def _export_single(
    service: ImageSource, options: ExportOptions, target: Path, feedback: Optional[Feedback], timeout: Any
):
    result = service.export_image_info(options.query(), feedback=feedback, timeout=timeout)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".export-", dir=str(target.parent)) as work:
        raw = Path(work) / "image.raw"
        _fetch_image(service, result, raw, feedback, timeout, report_progress=True)
        fallback = options.image_crs if options.image_crs is not None else service.info().spatial_reference
        staged = Path(work) / "image.tif"
        _georeference(raw, staged, result.extent, fallback, service.name)
        os.replace(staged, target)
    return replace(result, path=str(target))


def _view_extent(service: ImageSource, options: ExportOptions, size: tuple[int, int], feedback, timeout):
    """The extent (in the image CRS) the server would use for the whole export, and that CRS."""
    info = service.info(feedback=feedback, timeout=timeout)
    image_sr = options.image_crs if options.image_crs is not None else info.spatial_reference
    if options.bbox is None:
        if info.extent is None:
            raise ArcGisParameterError(
                tr("{} publishes no extent: pass bbox.").format(service.name), service=service.name
            )
        bounds, bbox_sr = info.extent.bounds, info.spatial_reference
    else:
        bounds = p.envelope(options.bbox)
        bbox_sr = options.bbox_crs if options.bbox_crs is not None else info.spatial_reference
    if bbox_sr is not None and image_sr is not None and not p.same_crs(bbox_sr, image_sr):
        bounds = transform_bounds(bounds, bbox_sr, image_sr)
    xmin, ymin, xmax, ymax = bounds
    width, height = size
    if options.adjust_aspect_ratio is not False:
        # ArcGIS keeps square pixels by widening the bbox around its centre.
        cell = max((xmax - xmin) / width, (ymax - ymin) / height)
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        xmin, xmax = cx - cell * width / 2, cx + cell * width / 2
        ymin, ymax = cy - cell * height / 2, cy + cell * height / 2
    return (xmin, ymin, xmax, ymax), image_sr


def _tile_size(extent_px: int, limit: int) -> tuple[int, int]:
    """(tiles, tile size) along one axis: as few tiles as the limit allows, balanced, and when that costs no
    extra tile, a multiple of the GeoTIFF block so that each output block is written by one tile only."""
    count = math.ceil(extent_px / limit)
    size = math.ceil(extent_px / count)
    aligned = math.ceil(size / BLOCK) * BLOCK
    if aligned <= limit and math.ceil(extent_px / aligned) == count:
        size = aligned
    return count, size


class _TileFeedback:
    """The caller's feedback, plus a stop switch: one failed tile ends the requests of the others at once."""

    def __init__(self, feedback: Optional[Feedback]) -> None:
        self.feedback = feedback
        self.stopped = threading.Event()

    def isCanceled(self) -> bool:
        return self.stopped.is_set() or (self.feedback is not None and self.feedback.isCanceled())

    def setProgress(self, value: float) -> None:
        pass  # progress is counted in tiles by the caller


def _must_pump_events(service: ImageSource) -> bool:
    if service.session.transport.name != "qgis":
        return False
    from .mainloop import on_main_thread

    return on_main_thread()


@dataclass
class _Tile:
    """One tile in flight: its plan, the pending call (f=json first, then the image) and where its bytes go."""

    plan: tuple
    raw: Path
    call: Any = None  # PendingCall
    result: Optional[ExportedImage] = None


def _begin_image(service: ImageSource, tile: _Tile, feedback: Optional[Feedback], timeout: Any, waiter: Any) -> Any:
    """The tile's image: written at once when the answer holds it (then None), else a pending download of its href."""
    assert tile.result is not None
    href = _image_href(service, tile.result, tile.raw)
    if href is None:
        return None
    return service.begin_download(href, tile.raw, feedback=feedback, timeout=timeout, waiter=waiter)


class _MosaicWriter:
    """The output GeoTIFF, created from the first tile (bands, data type, noData, CRS) and filled tile by tile at
    the offsets the server's extents give; GDAL's cache is flushed after each tile so memory stays flat."""

    def __init__(self, path: Path, size: tuple[int, int], geotransform: tuple, fallback_wkt: Optional[str]) -> None:
        self.path = path
        self.size = size
        self.geotransform = geotransform
        self.fallback_wkt = fallback_wkt
        self.dataset = None

    def _create(self, source: Any) -> None:
        gdal = _gdal()
        band = source.GetRasterBand(1)
        driver = gdal.GetDriverByName("GTiff")
        self.dataset = driver.Create(
            str(self.path), self.size[0], self.size[1], source.RasterCount, band.DataType, GTIFF_OPTIONS
        )
        self.dataset.SetGeoTransform(self.geotransform)
        wkt = source.GetProjection() if source.GetGeoTransform(can_return_null=True) else ""
        if wkt or self.fallback_wkt:
            self.dataset.SetProjection(wkt or self.fallback_wkt)
        for index in range(source.RasterCount):
            src_band, dst_band = source.GetRasterBand(index + 1), self.dataset.GetRasterBand(index + 1)
            if src_band.GetNoDataValue() is not None:
                dst_band.SetNoDataValue(src_band.GetNoDataValue())
            dst_band.SetColorInterpretation(src_band.GetColorInterpretation())

    def write(self, raw: Path, offset: tuple[int, int], service_name: str) -> None:
        gdal = _gdal()
        try:
            source = gdal.Open(str(raw))
        except RuntimeError:
            source = None
        if source is None:
            raise ArcGisResponseError(
                tr("An image tile exported by {} cannot be read.").format(service_name), service=service_name
            )
        if self.dataset is None:
            self._create(source)
        column, row = offset
        # Clip to the output (a server may answer a tile a pixel larger or place it a pixel off the grid).
        x0, y0 = max(0, column), max(0, row)
        x1 = min(self.size[0], column + source.RasterXSize)
        y1 = min(self.size[1], row + source.RasterYSize)
        if x1 <= x0 or y1 <= y0:
            return
        bands = min(source.RasterCount, self.dataset.RasterCount)
        data_type = self.dataset.GetRasterBand(1).DataType
        band_list = list(range(1, bands + 1))
        # A strip of output blocks at a time, each flushed and dropped from GDAL's cache (the source's too): memory
        # is one strip, not one tile, and each output block is compressed once.
        strip = y0
        while strip < y1:
            end = min(y1, (strip // BLOCK + 1) * BLOCK)
            data = source.ReadRaster(
                x0 - column, strip - row, x1 - x0, end - strip, buf_type=data_type, band_list=band_list
            )
            self.dataset.WriteRaster(x0, strip, x1 - x0, end - strip, data, buf_type=data_type, band_list=band_list)
            del data
            for index in band_list:  # bands, not the dataset: a dataset flush would rewrite the TIFF directory
                self.dataset.GetRasterBand(index).FlushCache()
                source.GetRasterBand(index).FlushCache()
            strip = end
        source = None

    def close(self) -> None:
        if self.dataset is not None:
            self.dataset.FlushCache()
        self.dataset = None


def _export_tiled(
    service: ImageSource,
    options: ExportOptions,
    target: Path,
    size: tuple[int, int],
    max_size: tuple[int, int],
    feedback: Optional[Feedback],
    timeout: Any,
) -> ExportedImage:
    """A few tiles fetched at a time by this one thread (each tile's f=json then its image, streamed to disk, as
    pending calls it polls), each written once into the output GeoTIFF where the extent the server returned for it
    says."""
    from .errors import ArcGisCancelledError

    (xmin, ymin, xmax, ymax), image_sr = _view_extent(service, options, size, feedback, timeout)
    width, height = size
    cell_x, cell_y = (xmax - xmin) / width, (ymax - ymin) / height
    columns, tile_w = _tile_size(width, max_size[0])
    rows, tile_h = _tile_size(height, max_size[1])
    plans = []
    for row in range(rows):
        for column in range(columns):
            c0, r0 = column * tile_w, row * tile_h
            w, h = min(tile_w, width - c0), min(tile_h, height - r0)
            if w <= 0 or h <= 0:
                continue
            bbox = (xmin + c0 * cell_x, ymax - (r0 + h) * cell_y, xmin + (c0 + w) * cell_x, ymax - r0 * cell_y)
            plans.append((row, column, c0, r0, w, h, bbox))
    target.parent.mkdir(parents=True, exist_ok=True)
    tile_feedback = _TileFeedback(feedback)

    def cancelled() -> ArcGisCancelledError:
        return ArcGisCancelledError(tr("The export of {} was cancelled.").format(service.name), service=service.name)

    first: Optional[ExportedImage] = None
    with tempfile.TemporaryDirectory(prefix=".export-tiles-", dir=str(target.parent)) as work_dir:
        work = Path(work_dir)
        staged = work / "mosaic.tif"
        writer = _MosaicWriter(staged, size, (xmin, cell_x, 0.0, ymax, 0.0, -cell_y), _gdal_wkt(image_sr))
        # The tiles are pending requests of this one thread (no thread pool): a few in flight at a time, each
        # moved on when its answer comes, each written into the mosaic as soon as its image is complete.
        waiter = Waiter()
        pump_events = _must_pump_events(service)
        queued = deque(plans)
        active: list[_Tile] = []
        written = 0
        try:
            while queued or active:
                while queued and len(active) < MAX_CONCURRENT_TILES:
                    if tile_feedback.isCanceled():
                        raise cancelled()
                    plan = queued.popleft()
                    row, column, _c0, _r0, w, h, bbox = plan
                    tile_options = replace(options, bbox=bbox, bbox_crs=image_sr, image_crs=image_sr, size=(w, h))
                    tile = _Tile(plan, work / f"tile_{row}_{column}.raw")
                    tile.call = service.begin_export_image_info(
                        tile_options.query(), feedback=tile_feedback, timeout=timeout, waiter=waiter
                    )
                    active.append(tile)
                moved = False
                for tile in list(active):
                    if not tile.call.poll():
                        continue
                    moved = True
                    if tile.result is None:  # its f=json answered: now its image
                        tile.result = parse_export_image(tile.call.value, service=service.name)
                        tile.call = _begin_image(service, tile, tile_feedback, timeout, waiter)
                        if tile.call is not None:
                            continue
                    active.remove(tile)
                    result = tile.result
                    if first is None or (tile.plan[0], tile.plan[1]) == (0, 0):
                        first = result
                    _, _, c0, r0, _, _, _ = tile.plan
                    if result.extent is not None:  # where the server says it put this tile
                        c0 = round((result.extent.xmin - xmin) / cell_x)
                        r0 = round((ymax - result.extent.ymax) / cell_y)
                    writer.write(tile.raw, (c0, r0), service.name)
                    tile.raw.unlink(missing_ok=True)
                    written += 1
                    if feedback is not None and hasattr(feedback, "setProgress"):
                        feedback.setProgress(100.0 * written / len(plans))
                if tile_feedback.isCanceled():
                    raise cancelled()
                if not moved:
                    if pump_events:  # the replies live on this (main) thread: let them move
                        from .qgis_network import process_events_while_waiting

                        process_events_while_waiting()
                    else:
                        waiter.wait(POLL_S)
            writer.close()
        except BaseException:
            tile_feedback.stopped.set()  # the other tiles' requests end now
            for tile in active:
                if tile.call is not None:
                    tile.call.close()
            raise
        finally:
            writer.close()
        try:
            os.replace(staged, target)
        except OSError as error:
            raise ArcGisResponseError(
                tr("The export of {} cannot be written to {} ({}).").format(service.name, target, error.strerror),
                service=service.name,
            ) from None
    sr = first.spatial_reference if first is not None and first.spatial_reference is not None else image_sr
    return ExportedImage(
        href=None,
        width=width,
        height=height,
        extent=Extent(xmin, ymin, xmax, ymax, sr),
        spatial_reference=sr,
        scale=first.scale if first else None,
        path=str(target),
        tiles=len(plans),
    )
