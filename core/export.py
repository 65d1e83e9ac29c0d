"""exportImage to a georeferenced GeoTIFF, streamed to disk, tiled when larger than the service allows.

- One request when the size fits maxImageWidth/maxImageHeight: `f=json` gives the extent the server used
  (adjustAspectRatio can widen the bbox), the image is streamed from its href, and the GeoTIFF is
  georeferenced with that extent (a server GeoTIFF that is already georeferenced passes through).
- Larger sizes: the view is computed as the server would (square pixels, centred widening), cut into a grid
  of tiles whose bboxes already have square pixels (so the server keeps them as they are), each tile is
  georeferenced with the extent its own f=json returned, and GDAL mosaics them (BuildVRT + Translate) onto
  the exact output grid.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import urllib.parse
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from . import params as p
from .errors import ArcGisParameterError, ArcGisResponseError
from .models import ExportedImage, Extent, SpatialReference
from .parsing import decode_data_uri, parse_spatial_reference_lenient

if TYPE_CHECKING:
    from .services import ImageService

GTIFF_OPTIONS = ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"]


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


def _gdal():
    from osgeo import gdal

    gdal.UseExceptions()
    return gdal


def _srs_wkt(sr: Any) -> Optional[str]:
    """GDAL WKT for a SpatialReference / any accepted CRS form; None when unknown."""
    if sr is None:
        return None
    if not isinstance(sr, SpatialReference):
        sr = parse_spatial_reference_lenient(p.spatial_reference_json(sr))
    return sr.to_gdal_wkt() if sr is not None else None


def transform_bounds(bounds: tuple, source: Any, target: Any) -> tuple[float, float, float, float]:
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
        raise ArcGisParameterError("The bbox cannot be reprojected to the image's spatial reference.")
    return min(xs), min(ys), max(xs), max(ys)


def _qgs_crs(sr: Any):
    """A valid QgsCoordinateReferenceSystem for any accepted CRS form; ArcGisParameterError otherwise."""
    try:
        from qgis.core import QgsCoordinateReferenceSystem
    except ImportError:
        raise ArcGisParameterError("Reprojecting an extent needs QGIS (PyQGIS).") from None
    if isinstance(sr, QgsCoordinateReferenceSystem):
        crs = sr
    else:
        parsed = sr
        if not isinstance(sr, SpatialReference):
            parsed = parse_spatial_reference_lenient(p.spatial_reference_json(sr))
        crs = parsed.to_qgs_crs() if parsed is not None else QgsCoordinateReferenceSystem()
    if not crs.isValid():
        raise ArcGisParameterError("Cannot reproject the extent: unknown spatial reference.")
    return crs


# -- single image ----------------------------------------------------------------------------------
def _fetch_image(
    service: ImageService,
    result: ExportedImage,
    target: Path,
    feedback: Any,
    timeout: Any,
    report_progress: bool = False,
) -> None:
    """The image bytes of an export result written to `target` (inline data, data: URI or streamed href)."""
    if result.image_data is not None:
        target.write_bytes(result.image_data)
        return
    if not result.href:
        raise ArcGisResponseError(f"The export of {service.name} has no image.", service=service.name)
    if result.href.startswith("data:"):
        _, data = decode_data_uri(result.href)
        if not data:
            raise ArcGisResponseError(f"The export of {service.name} has an unreadable data URI.", service=service.name)
        target.write_bytes(data)
        return
    href = urllib.parse.urljoin(service.url + "/", result.href)
    service.download(href, target, feedback=feedback, timeout=timeout, report_progress=report_progress)


def _georeference(source: Path, target: Path, extent: Optional[Extent], fallback_sr: Any, service_name: str) -> None:
    """`source` (GeoTIFF, PNG, JPG, ...) as a GeoTIFF at `target`, georeferenced with `extent`."""
    gdal = _gdal()
    try:
        dataset = gdal.Open(str(source))
    except RuntimeError:
        dataset = None
    if dataset is None:
        raise ArcGisResponseError(f"The image exported by {service_name} cannot be read.", service=service_name)
    driver = dataset.GetDriver().ShortName
    georeferenced = dataset.GetGeoTransform(can_return_null=True) is not None and bool(dataset.GetProjection())
    dataset = None
    if driver == "GTiff" and georeferenced:
        shutil.move(str(source), str(target))  # the server's GeoTIFF passes through
        return
    if extent is None:
        raise ArcGisResponseError(
            f"The export of {service_name} has no extent to georeference the image with.", service=service_name
        )
    srs = _srs_wkt(extent.spatial_reference) or _srs_wkt(fallback_sr)
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
            f"The image exported by {service_name} cannot be converted to GeoTIFF ({error}).", service=service_name
        ) from None


# -- the operation ---------------------------------------------------------------------------------
def export_image(
    service: ImageService,
    options: ExportOptions,
    *,
    to_path: Any = None,
    feedback: Any = None,
    timeout: Any = None,
    max_tile_size: Optional[tuple[int, int]] = None,
) -> ExportedImage:
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


def _export_single(service: ImageService, options: ExportOptions, target: Path, feedback: Any, timeout: Any):
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


def _view_extent(service: ImageService, options: ExportOptions, size: tuple[int, int], feedback, timeout):
    """The extent (in the image CRS) the server would use for the whole export, and that CRS."""
    info = service.info(feedback=feedback, timeout=timeout)
    image_sr = options.image_crs if options.image_crs is not None else info.spatial_reference
    if options.bbox is None:
        if info.extent is None:
            raise ArcGisParameterError(f"{service.name} publishes no extent: pass bbox.", service=service.name)
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


def _export_tiled(
    service: ImageService,
    options: ExportOptions,
    target: Path,
    size: tuple[int, int],
    max_size: tuple[int, int],
    feedback: Any,
    timeout: Any,
) -> ExportedImage:
    gdal = _gdal()
    (xmin, ymin, xmax, ymax), image_sr = _view_extent(service, options, size, feedback, timeout)
    width, height = size
    cell_x, cell_y = (xmax - xmin) / width, (ymax - ymin) / height
    columns, rows = math.ceil(width / max_size[0]), math.ceil(height / max_size[1])
    tile_w, tile_h = math.ceil(width / columns), math.ceil(height / rows)  # balanced tiles
    sr_param = image_sr
    target.parent.mkdir(parents=True, exist_ok=True)
    first: Optional[ExportedImage] = None
    with tempfile.TemporaryDirectory(prefix=".export-tiles-", dir=str(target.parent)) as work:
        tiles: list[str] = []
        for row in range(rows):
            for column in range(columns):
                if feedback is not None and feedback.isCanceled():
                    from .errors import ArcGisCancelledError

                    raise ArcGisCancelledError(f"The export of {service.name} was cancelled.", service=service.name)
                c0, r0 = column * tile_w, row * tile_h
                w, h = min(tile_w, width - c0), min(tile_h, height - r0)
                tile_bbox = (
                    xmin + c0 * cell_x,
                    ymax - (r0 + h) * cell_y,
                    xmin + (c0 + w) * cell_x,
                    ymax - r0 * cell_y,
                )
                tile_options = replace(options, bbox=tile_bbox, bbox_crs=sr_param, image_crs=sr_param, size=(w, h))
                result = service.export_image_info(tile_options.query(), feedback=feedback, timeout=timeout)
                first = first or result
                raw = Path(work) / f"tile_{row}_{column}.raw"
                _fetch_image(service, result, raw, feedback, timeout)
                tile_path = Path(work) / f"tile_{row}_{column}.tif"
                # Each tile is placed where the server says it is (its own returned extent).
                extent = result.extent or Extent(*tile_bbox)
                _georeference(raw, tile_path, extent, sr_param, service.name)
                raw.unlink(missing_ok=True)
                tiles.append(str(tile_path))
                if feedback is not None and hasattr(feedback, "setProgress"):
                    feedback.setProgress(100.0 * len(tiles) / (rows * columns))
        vrt = str(Path(work) / "mosaic.vrt")
        staged = Path(work) / "mosaic.tif"
        try:
            gdal.BuildVRT(vrt, tiles)
            gdal.Translate(
                str(staged),
                vrt,
                format="GTiff",
                outputBounds=[xmin, ymax, xmax, ymin],
                width=width,
                height=height,
                creationOptions=GTIFF_OPTIONS,
            )
        except RuntimeError as error:
            raise ArcGisResponseError(
                f"The tiles exported by {service.name} cannot be mosaicked ({error}).", service=service.name
            ) from None
        os.replace(staged, target)
    sr = parse_spatial_reference_lenient(p.spatial_reference_json(sr_param)) if sr_param is not None else None
    if first is not None and first.spatial_reference is not None:
        sr = first.spatial_reference
    return ExportedImage(
        href=None,
        width=width,
        height=height,
        extent=Extent(xmin, ymin, xmax, ymax, sr),
        spatial_reference=sr,
        scale=first.scale if first else None,
        path=str(target),
        tiles=rows * columns,
    )
