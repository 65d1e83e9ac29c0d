"""The tiled export's mechanics, with a stand-in service: tiles fetched a few at a time, each placed once where its
returned extent says, as few tiles as the size limit allows, and nothing left behind when a tile fails."""

from __future__ import annotations

import base64
import threading
from types import SimpleNamespace

import numpy as np
import pytest
from osgeo import gdal

from arcgis_identify.core import ArcGisServiceError, Extent, SpatialReference
from arcgis_identify.core.export import MAX_CONCURRENT_TILES, ExportOptions, _tile_size, export_image

pytestmark = pytest.mark.pure  # no QGIS application needed: the fast lane (make test-fast)

gdal.UseExceptions()
SR = SpatialReference(wkid=4326)


class StandInCall:
    """A pending exportImage (f=json) of the stand-in: it answers after a few polls, so the exporter has to keep
    several in flight to be quick; its answer names the tile's GeoTIFF as a data: URI."""

    def __init__(self, service: StandInService, query: dict, number: int) -> None:
        self.service, self.query, self.number = service, query, number
        self.polls = 0
        self.done = False
        self.value = None
        self.closed = False

    def poll(self) -> bool:
        self.service.threads.add(threading.current_thread())
        self.polls += 1
        if self.polls < 3:
            return False
        if self.number == self.service.fail_on:
            raise ArcGisServiceError(500, "Error performing exportImage operation", [], service=self.service.name)
        self.done, self.value = True, self.service.answer(self.query, self.number)
        self.service.in_flight -= 1
        return True

    def close(self) -> None:
        self.closed = True
        self.service.closed += 1


class StandInService:
    """Answers exportImage with a GeoTIFF whose pixels hold the tile's number (1, 2, ...)."""

    name = "StandIn/ImageServer"
    url = "http://stand-in/arcgis/rest/services/StandIn/ImageServer"

    def __init__(self, fail_on: int | None = None) -> None:
        self.session = SimpleNamespace(transport=SimpleNamespace(name="urllib"))
        self.fail_on = fail_on
        self.calls = 0
        self.in_flight = 0
        self.peak = 0
        self.closed = 0
        self.threads: set[threading.Thread] = set()
        self.made: list[StandInCall] = []

    def info(self, feedback=None, timeout=None):
        return SimpleNamespace(
            max_image_width=100, max_image_height=100, spatial_reference=SR, extent=Extent(0, 0, 10, 10, SR)
        )

    def begin_export_image_info(self, query, *, waiter, feedback=None, timeout=None) -> StandInCall:
        self.threads.add(threading.current_thread())
        self.calls += 1
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        waiter.notify()
        self.made.append(StandInCall(self, query, self.calls))
        return self.made[-1]

    @staticmethod
    def answer(query: dict, number: int) -> dict:
        xmin, ymin, xmax, ymax = (float(v) for v in query["bbox"].split(","))
        width, height = (int(v) for v in query["size"].split(","))
        path = f"/vsimem/tile_{number}.tif"
        dataset = gdal.GetDriverByName("GTiff").Create(path, width, height, 1, gdal.GDT_Float32)
        dataset.SetGeoTransform((xmin, (xmax - xmin) / width, 0, ymax, 0, -(ymax - ymin) / height))
        dataset.GetRasterBand(1).WriteArray(np.full((height, width), number, dtype=np.float32))
        dataset = None
        data = bytes(gdal.VSIFReadL(1, gdal.VSIStatL(path).size, gdal.VSIFOpenL(path, "rb")))
        gdal.Unlink(path)
        return {
            "href": "data:image/tiff;base64," + base64.b64encode(data).decode("ascii"),
            "width": width,
            "height": height,
            "extent": {"xmin": xmin, "ymin": ymin, "xmax": xmax, "ymax": ymax, "spatialReference": {"wkid": 4326}},
        }


def test_as_few_tiles_as_the_limit_allows_aligned_to_blocks_when_free():
    assert _tile_size(2048, 2000) == (2, 1024)
    assert _tile_size(8192, 2000) == (5, 1792)  # 5 tiles either way; seams on the GeoTIFF's 256-pixel blocks
    assert _tile_size(4000, 2000) == (2, 2000)
    assert _tile_size(2001, 2000) == (2, 1024)
    assert _tile_size(3999, 2000) == (2, 2000)  # a block-aligned tile would be over the limit: balanced instead


def test_tiles_are_fetched_a_few_at_a_time_and_each_lands_where_its_extent_says(tmp_path):
    """The tiles are pending calls of the calling thread alone (no thread pool), a few in flight at a time."""
    service = StandInService()
    options = ExportOptions(bbox=(0, 0, 10, 10), bbox_crs=4326, image_crs=4326, size=(400, 400))
    result = export_image(service, options, to_path=tmp_path / "out.tif")
    assert result.tiles == 16 and service.calls == 16
    assert service.peak == MAX_CONCURRENT_TILES
    assert service.threads == {threading.current_thread()}
    data = gdal.Open(result.path).ReadAsArray()
    assert data.shape == (400, 400)
    # Every 100 × 100 block is one tile's constant: each tile was written once, whole, at its place.
    blocks = {float(v) for v in data.reshape(4, 100, 4, 100).transpose(0, 2, 1, 3).reshape(16, -1).max(axis=1)}
    assert blocks == {float(n) for n in range(1, 17)}
    for row in range(4):
        for column in range(4):
            block = data[row * 100 : (row + 1) * 100, column * 100 : (column + 1) * 100]
            assert (block == block[0, 0]).all()
    assert [p.name for p in tmp_path.iterdir()] == ["out.tif"]


def test_a_failed_tile_ends_the_export_and_leaves_nothing(tmp_path):
    service = StandInService(fail_on=3)
    options = ExportOptions(bbox=(0, 0, 10, 10), bbox_crs=4326, image_crs=4326, size=(400, 400))
    with pytest.raises(ArcGisServiceError):
        export_image(service, options, to_path=tmp_path / "out.tif")
    assert list(tmp_path.iterdir()) == []
    # Every call still in flight when tile 3 failed was ended at once, and no more were started.
    unfinished = [call for call in service.made if not call.done]
    assert len(unfinished) >= 2 and all(call.closed for call in unfinished)
    assert service.calls == MAX_CONCURRENT_TILES
