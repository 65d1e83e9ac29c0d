"""Whatever the arguments, the service methods raise nothing but ArcGisError (property test over real HTTP),
and the standard-library transport behaves like the others."""

from __future__ import annotations

import contextlib
import math
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qgis.core import QgsCoordinateReferenceSystem, QgsGeometry, QgsPointXY, QgsRectangle

from arcgis_identify.core import (
    ArcGisCancelledError,
    ArcGisError,
    ArcGisNetworkError,
    ArcGisResponseError,
    ArcGisServiceError,
    ImageService,
    MapService,
)

pytestmark = pytest.mark.pure  # no QGIS application needed: the fast lane (make test-fast)

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.lists(st.floats(allow_nan=False, allow_infinity=False, width=32), max_size=5),
    st.dictionaries(st.sampled_from(["x", "y", "xmin", "wkid", "wkt", "rings", "a"]), st.integers(), max_size=3),
    st.just(object()),
)
geometries = st.one_of(
    junk,
    st.tuples(st.floats(-200, 200), st.floats(-100, 100)),
    st.builds(QgsPointXY, st.floats(-180, 180), st.floats(-90, 90)),
    st.builds(QgsRectangle, st.floats(-180, 0), st.floats(-90, 0), st.floats(0, 180), st.floats(0, 90)),
    st.sampled_from(
        [QgsGeometry(), QgsGeometry.fromWkt("Point (10 50)"), QgsGeometry.fromWkt("LineString (0 0, 1 1)")]
    ),
)
crss = st.one_of(
    junk,
    st.sampled_from([4326, 3857, 102100, "EPSG:4326", "nonsense:1", 999999, {"wkid": 4326}, {"wkt": "garbage"}]),
    st.just(QgsCoordinateReferenceSystem("EPSG:4326")),
    st.just(QgsCoordinateReferenceSystem()),
)
times = st.one_of(
    junk,
    st.datetimes(timezones=st.just(timezone.utc)),
    st.tuples(st.none() | st.datetimes(), st.none() | st.datetimes()),
    st.integers(min_value=0, max_value=2**42),
)


def _expect_only_arcgis_errors(call) -> None:
    """Runs `call`; an ArcGisError is a fine outcome, any other exception fails the test."""
    with contextlib.suppress(ArcGisError):
        call()


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    geometry=geometries,
    crs=crss,
    map_extent=st.one_of(junk, st.tuples(st.floats(-1e7, 0), st.floats(-1e7, 0), st.floats(0, 1e7), st.floats(0, 1e7))),
    image_display=st.one_of(junk, st.tuples(st.integers(-5, 3000), st.integers(-5, 3000), st.integers(-5, 300))),
    tolerance=st.one_of(junk, st.integers(-5, 50)),
    layers=st.one_of(junk, st.sampled_from(["top", "visible", "all", "all:0,2", "visible:9", [0, 1], ("top", [2])])),
    layer_defs=st.one_of(junk, st.dictionaries(st.integers(0, 3), st.text(max_size=10), max_size=2)),
    time=times,
)
def test_map_identify_raises_only_arcgis_errors(
    map_url, geometry, crs, map_extent, image_display, tolerance, layers, layer_defs, time
):
    ms = MapService(map_url)
    _expect_only_arcgis_errors(
        lambda: ms.identify(
            geometry=geometry,
            crs=crs,
            map_extent=map_extent,
            image_display=image_display,
            tolerance=tolerance,
            layers=layers,
            layer_defs=layer_defs,
            time=time,
        )
    )


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    geometry=geometries,
    crs=crss,
    mosaic_rule=st.one_of(junk, st.just({"mosaicMethod": "esriMosaicCenter"})),
    rendering_rule=st.one_of(junk, st.sampled_from([{"rasterFunction": "Hillshade"}, {"rasterFunction": "Nope"}])),
    pixel_size=st.one_of(junk, st.floats(0, 1000), st.tuples(st.floats(-1, 100), st.floats(-1, 100))),
    time=times,
    max_item_count=st.one_of(junk, st.integers(-3, 10)),
)
def test_image_identify_raises_only_arcgis_errors(
    elevation_url, geometry, crs, mosaic_rule, rendering_rule, pixel_size, time, max_item_count
):
    img = ImageService(elevation_url)
    _expect_only_arcgis_errors(
        lambda: img.identify(
            geometry=geometry,
            crs=crs,
            mosaic_rule=mosaic_rule,
            rendering_rule=rendering_rule,
            pixel_size=pixel_size,
            time=time,
            max_item_count=max_item_count,
        )
    )


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    bbox=st.one_of(junk, st.tuples(st.floats(-85, -84), st.floats(36, 37), st.floats(-84.5, -83), st.floats(36, 37))),
    bbox_crs=crss,
    size=st.one_of(junk, st.tuples(st.integers(-2, 300), st.integers(-2, 300))),
    image_format=st.one_of(junk, st.sampled_from(["tiff", "png", "jpg", "bmp", "kmz"])),
    pixel_type=st.one_of(junk, st.sampled_from(["U8", "F32", "S16", "X9"])),
    band_ids=st.one_of(junk, st.lists(st.integers(-1, 3), max_size=3)),
    to_file=st.booleans(),
)
def test_export_raises_only_arcgis_errors(
    elevation_url, tmp_path_factory, bbox, bbox_crs, size, image_format, pixel_type, band_ids, to_file
):
    img = ImageService(elevation_url)
    to_path = tmp_path_factory.mktemp("export") / "x.tif" if to_file else None
    _expect_only_arcgis_errors(
        lambda: img.export_image(
            bbox=bbox,
            bbox_crs=bbox_crs,
            size=size,
            format=image_format,
            pixel_type=pixel_type,
            band_ids=band_ids,
            to_path=to_path,
        )
    )


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(band_ids=junk, rendering_rule=junk, variable=junk)
def test_legend_raises_only_arcgis_errors(elevation_url, band_ids, rendering_rule, variable):
    img = ImageService(elevation_url)
    _expect_only_arcgis_errors(lambda: img.legend(band_ids=band_ids, rendering_rule=rendering_rule, variable=variable))


# -- the standard-library transport ----------------------------------------------------------------
def test_urllib_transport(elevation_url, fault_url, tmp_path):
    from qgis.core import QgsFeedback

    img = ImageService(elevation_url, transport="urllib")
    assert img.gateway.transport.name == "urllib"
    pixel = img.identify(geometry=(-84.25, 36.6), crs=4326)
    assert not pixel.is_nodata and not math.isnan(pixel.values[0])
    out = img.export_image(bbox=(-84.4, 36.45, -84.1, 36.7), bbox_crs=4326, size=(100, 80), to_path=tmp_path / "u.tif")
    assert (tmp_path / "u.tif").exists() and out.tiles == 1

    def identify(mode: str, **kwargs):
        return ImageService(fault_url(mode, "Elevation/ImageServer"), transport="urllib", **kwargs).identify(
            geometry=(-84.25, 36.6), crs=4326, feedback=kwargs.pop("feedback", None)
        )

    with pytest.raises(ArcGisServiceError):
        identify("http-500")
    with pytest.raises(ArcGisNetworkError) as caught:
        identify("html-502")
    assert caught.value.http_status == 502
    with pytest.raises(ArcGisNetworkError):
        identify("reset")
    with pytest.raises(ArcGisResponseError):
        identify("truncated-json")
    with pytest.raises(ArcGisNetworkError, match="timed out"):
        identify("delay-5", timeout=1)
    feedback = QgsFeedback()
    feedback.cancel()
    with pytest.raises(ArcGisCancelledError):
        ImageService(elevation_url, transport="urllib").identify(geometry=(-84.25, 36.6), crs=4326, feedback=feedback)


def test_unknown_transport_is_a_parameter_error(elevation_url):
    with pytest.raises(ArcGisError, match="transport"):
        ImageService(elevation_url, transport="carrier-pigeon")


def test_time_arguments_reach_the_server_as_epoch_ms(elevation_url, request_log):
    ImageService(elevation_url).identify(
        geometry=(-84.25, 36.6), crs=4326, time=datetime(2008, 1, 1, tzinfo=timezone.utc)
    )
    assert request_log.param(request_log.last("/identify"), "time") == "1199145600000"


NO_QGIS_SCRIPT = """
import sys
sys.modules["qgis"] = None  # no PyQGIS at all: plain Python with requests
from arcgis_identify.core import ImageService, MapService
ms = MapService(sys.argv[1] + "/World/MapServer")
results = ms.identify(geometry=(10.0, 50.0), crs=4326, map_extent=(-20, 30, 40, 70), layers="all:0")
px = ImageService(sys.argv[1] + "/Elevation/ImageServer").identify(geometry=(-84.25, 36.6), crs=4326)
print("RESULT", ms.gateway.transport.name, [r.value for r in results], px.values)
"""


def test_core_works_without_qgis(services_url, tmp_path):
    import subprocess
    import sys

    completed = subprocess.run(
        [sys.executable, "-c", NO_QGIS_SCRIPT, services_url], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert "RESULT requests ['Germany']" in completed.stdout, completed.stderr[-3000:]
