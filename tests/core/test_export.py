"""export_image(to_path=...): georeferenced GeoTIFFs for tiff/png/jpg, tiled exports identical to a single
export, exports larger than the service limit mosaicked seamlessly, downloads streamed to disk."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr

from arcgis_identify.core import ArcGisCancelledError, ImageService

gdal.UseExceptions()

DEM_BBOX = (-84.40, 36.45, -84.10, 36.72)


def read(path) -> tuple[np.ndarray, tuple, osr.SpatialReference]:
    dataset = gdal.Open(str(path))
    data = dataset.ReadAsArray()
    srs = osr.SpatialReference(wkt=dataset.GetProjection())
    return data, dataset.GetGeoTransform(), srs


def assert_geotransform(geotransform, extent, width, height):
    assert geotransform[0] == pytest.approx(extent.xmin, abs=1e-9 * max(1, abs(extent.xmin)))
    assert geotransform[3] == pytest.approx(extent.ymax, abs=1e-9 * max(1, abs(extent.ymax)))
    assert geotransform[1] == pytest.approx(extent.width / width, rel=1e-9)
    assert geotransform[5] == pytest.approx(-extent.height / height, rel=1e-9)


@pytest.mark.parametrize("image_format", ["tiff", "png", "jpg"])
def test_export_to_path_is_a_georeferenced_geotiff(elevation_url, transport, tmp_path, image_format):
    img = ImageService(elevation_url, transport=transport)
    target = tmp_path / f"dem_{image_format}.tif"
    result = img.export_image(bbox=DEM_BBOX, bbox_crs=4326, size=(360, 300), format=image_format, to_path=target)
    assert result.path == str(target) and result.tiles == 1
    dataset = gdal.Open(str(target))
    assert dataset.GetDriver().ShortName == "GTiff"
    assert (dataset.RasterXSize, dataset.RasterYSize) == (360, 300)
    srs = osr.SpatialReference(wkt=dataset.GetProjection())
    assert srs.GetAuthorityCode(None) == "4326"
    assert_geotransform(dataset.GetGeoTransform(), result.extent, 360, 300)
    assert list(tmp_path.iterdir()) == [target]  # no temporary files left behind


def test_png_is_georeferenced_with_the_extent_the_server_returned(elevation_url, tmp_path):
    # A square bbox into a 2:1 image: the server widens it; the GeoTIFF must use the widened extent.
    result = ImageService(elevation_url).export_image(
        bbox=(-84.3, 36.5, -84.2, 36.6), bbox_crs=4326, size=(400, 200), format="png", to_path=tmp_path / "w.tif"
    )
    assert result.extent.width == pytest.approx(0.2)
    _, geotransform, _ = read(result.path)
    assert_geotransform(geotransform, result.extent, 400, 200)
    assert geotransform[0] == pytest.approx(-84.35)


def test_web_mercator_export(elevation_url, tmp_path):
    result = ImageService(elevation_url).export_image(
        bbox=DEM_BBOX, bbox_crs=4326, image_crs=102100, size=(300, 300), to_path=tmp_path / "m.tif"
    )
    _, geotransform, srs = read(result.path)
    assert srs.GetAuthorityCode(None) == "3857"
    assert_geotransform(geotransform, result.extent, 300, 300)


@pytest.mark.parametrize(
    ("size", "tile", "bbox"),
    [
        ((900, 700), (400, 300), DEM_BBOX),  # uneven tiles, bbox aspect widened by the server
        ((640, 640), (320, 320), (-84.35, 36.50, -84.15, 36.70)),  # square
    ],
)
def test_tiled_export_equals_single_export(elevation_url, transport, tmp_path, size, tile, bbox):
    img = ImageService(elevation_url, transport=transport)
    options = dict(bbox=bbox, bbox_crs=4326, size=size, interpolation="RSP_NearestNeighbor")
    single = img.export_image(**options, to_path=tmp_path / "single.tif")
    tiled = img.export_image(**options, to_path=tmp_path / "tiled.tif", max_tile_size=tile)
    assert single.tiles == 1 and tiled.tiles > 1
    single_data, single_gt, single_srs = read(single.path)
    tiled_data, tiled_gt, tiled_srs = read(tiled.path)
    assert tiled_data.shape == single_data.shape == (size[1], size[0])
    assert np.allclose(tiled_gt, single_gt, rtol=0, atol=1e-9)
    assert tiled_srs.IsSame(single_srs)
    assert np.array_equal(tiled_data, single_data)
    assert tiled.extent.bounds == pytest.approx(single.extent.bounds, abs=1e-9)


def test_tiled_multiband_imagery_equals_single_export(imagery_url, tmp_path):
    img = ImageService(imagery_url)
    extent = img.info().extent
    options = dict(bbox=extent, size=(500, 530), interpolation="RSP_NearestNeighbor", format="tiff")
    single = img.export_image(**options, to_path=tmp_path / "single.tif")
    tiled = img.export_image(**options, to_path=tmp_path / "tiled.tif", max_tile_size=(256, 256))
    single_data, _, _ = read(single.path)
    tiled_data, _, _ = read(tiled.path)
    assert tiled.tiles == 6
    assert single_data.shape == tiled_data.shape == (4, 530, 500)
    assert np.array_equal(single_data, tiled_data)


def test_export_larger_than_the_service_limit_is_mosaicked(elevation_url, tmp_path):
    img = ImageService(elevation_url)
    assert img.info().max_image_width == 2000
    options = dict(bbox_crs=4326, interpolation="RSP_NearestNeighbor")
    big = img.export_image(bbox=DEM_BBOX, size=(2600, 1000), to_path=tmp_path / "big.tif", **options)
    assert big.tiles == 2
    data, geotransform, _ = read(big.path)
    assert data.shape == (1000, 2600)
    assert_geotransform(geotransform, big.extent, 2600, 1000)
    # Its left half is exactly what a single export of the left half gives.
    e = big.extent
    middle = e.xmin + e.width / 2
    half = img.export_image(
        bbox=(e.xmin, e.ymin, middle, e.ymax), size=(1300, 1000), to_path=tmp_path / "half.tif", **options
    )
    half_data, half_gt, _ = read(half.path)
    assert half.tiles == 1
    assert np.allclose(half_gt, geotransform, rtol=0, atol=1e-9)
    assert np.array_equal(data[:, :1300], half_data)


def test_export_without_to_path_returns_the_result_only(elevation_url, tmp_path):
    result = ImageService(elevation_url).export_image(bbox=DEM_BBOX, bbox_crs=4326, size=(100, 100))
    assert result.path is None and result.href.startswith("http")


def test_cancelled_tiled_export_leaves_no_file(elevation_url, tmp_path):
    from qgis.core import QgsFeedback

    feedback = QgsFeedback()
    feedback.cancel()
    with pytest.raises(ArcGisCancelledError):
        ImageService(elevation_url).export_image(
            bbox=DEM_BBOX, bbox_crs=4326, size=(600, 600), to_path=tmp_path / "x.tif", max_tile_size=(300, 300),
            feedback=feedback,
        )  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_download_is_streamed_to_disk(elevation_url, transport, tmp_path):
    img = ImageService(elevation_url, transport=transport)
    exported = img.export_image(bbox=DEM_BBOX, bbox_crs=4326, size=(2000, 2000), pixel_type="F64")
    tracemalloc.start()
    try:
        result = img.gateway.download_to_file(exported.href, tmp_path / "big.tif")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = Path(result.path).stat().st_size
    assert size > 8 * 1024 * 1024
    assert peak < size / 4  # chunks go to disk as they arrive; the file never sits in memory


@pytest.mark.parametrize(
    ("url_fixture", "options"),
    [
        ("imagery_url", {"bbox": (-84.40, 36.45, -84.10, 36.70), "bbox_crs": 4326}),  # bbox reprojected
        ("elevation_url", {"bbox": DEM_BBOX, "bbox_crs": 4326, "image_crs": 3857}),  # image reprojected
    ],
)
def test_tiled_export_across_crs_equals_single_export(request, tmp_path, url_fixture, options):
    img = ImageService(request.getfixturevalue(url_fixture))
    options = dict(options, size=(700, 600), interpolation="RSP_NearestNeighbor")
    single = img.export_image(**options, to_path=tmp_path / "single.tif")
    tiled = img.export_image(**options, to_path=tmp_path / "tiled.tif", max_tile_size=(300, 250))
    single_data, single_gt, single_srs = read(single.path)
    tiled_data, tiled_gt, tiled_srs = read(tiled.path)
    assert tiled.tiles == 9
    assert tiled_srs.IsSame(single_srs)
    assert np.allclose(tiled_gt, single_gt, rtol=1e-12, atol=1e-6)
    assert np.array_equal(tiled_data, single_data)


def test_bbox_extent_carries_its_crs(imagery_url, request_log):
    img = ImageService(imagery_url)
    extent = img.info().extent  # in 102100
    img.export_image(bbox=extent, size=(100, 100))
    assert request_log.param(request_log.last("/exportImage"), "bboxSR") == "102100"


def test_single_export_reports_download_progress(elevation_url, transport, tmp_path):
    from qgis.core import QgsFeedback

    feedback = QgsFeedback()
    ImageService(elevation_url, transport=transport).export_image(
        bbox=DEM_BBOX, bbox_crs=4326, size=(800, 700), to_path=tmp_path / "p.tif", feedback=feedback
    )
    assert feedback.progress() == 100.0


def test_tiled_export_reports_progress_per_tile(elevation_url, tmp_path):
    from qgis.core import QgsFeedback

    feedback = QgsFeedback()
    seen: list[float] = []
    feedback.progressChanged.connect(seen.append)
    ImageService(elevation_url, transport="qgis").export_image(
        bbox=DEM_BBOX, bbox_crs=4326, size=(600, 300), to_path=tmp_path / "t.tif", max_tile_size=(200, 300),
        feedback=feedback,
    )  # fmt: skip
    assert seen == pytest.approx([100 / 3, 200 / 3, 100.0])
