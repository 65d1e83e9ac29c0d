"""The gateway: GET/POST switch at 2000 characters, every fault mode of the sample server mapped to its
error class (through both transports), timeouts, cancellation from another thread, streamed downloads."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
from qgis.core import QgsFeedback, QgsGeometry
from qgis.PyQt.QtCore import QCoreApplication

from arcgis_identify.core import (
    ArcGisCancelledError,
    ArcGisError,
    ArcGisNetworkError,
    ArcGisResponseError,
    ArcGisServiceError,
    Gateway,
    ImageService,
    MapService,
)
from arcgis_identify.core.http import MAX_GET_URL_LENGTH
from arcgis_identify.tests.core.hostile_servers import static_handler

EUROPE_VIEW = (-20.0, 30.0, 40.0, 70.0)


# -- GET / POST ------------------------------------------------------------------------------------
def _padded_params(url: str, total_length: int) -> dict[str, str]:
    """Parameters that make `url?...` exactly `total_length` characters long."""
    base = len(url + "?" + urllib.parse.urlencode({"f": "json", "pad": ""}))
    return {"pad": "x" * (total_length - base)}


@pytest.mark.parametrize(("length", "method"), [(MAX_GET_URL_LENGTH, "GET"), (MAX_GET_URL_LENGTH + 1, "POST")])
def test_get_up_to_2000_characters_then_post(map_url, transport, request_log, length, method):
    gateway = Gateway(transport=transport)
    params = _padded_params(map_url, length)
    assert len(map_url + "?" + urllib.parse.urlencode({"f": "json", **params})) == length
    data = gateway.get_json(map_url, params)
    assert data["mapName"] == "World"
    entry = request_log.last("/World/MapServer")
    assert entry["method"] == method
    assert request_log.param(entry, "pad") == params["pad"]
    assert request_log.param(entry, "f") == "json"
    if method == "POST":
        assert entry["query_string"] == ""  # everything in the form body


def test_long_identify_geometry_goes_by_post(map_url, transport, request_log):
    ring = ", ".join(f"{5 + 5 * (i / 200)} {45 + (i % 2) * 0.001}" for i in range(200))
    polygon = QgsGeometry.fromWkt(f"Polygon (({ring}, 10 55, 5 55, 5 45))")
    assert polygon.isGeosValid()
    results = MapService(map_url, transport=transport).identify(
        geometry=polygon, crs=4326, map_extent=EUROPE_VIEW, layers="all:0"
    )
    assert "Germany" in [r.value for r in results]
    entry = request_log.last("/World/MapServer/identify")
    assert entry["method"] == "POST"
    assert request_log.json_param(entry, "geometry")["rings"]


# -- faults ----------------------------------------------------------------------------------------
def _identify(url: str, transport: str, **kwargs):
    return ImageService(url, transport=transport, **kwargs).identify(geometry=(-84.25, 36.6), crs=4326)


def test_fault_http_500_with_arcgis_error_body(fault_url, transport):
    with pytest.raises(ArcGisServiceError) as caught:
        _identify(fault_url("http-500", "Elevation/ImageServer"), transport)
    assert caught.value.code == 500
    assert "Elevation/ImageServer" in str(caught.value)


def test_fault_html_502_is_a_network_error(fault_url, transport):
    with pytest.raises(ArcGisNetworkError) as caught:
        _identify(fault_url("html-502", "Elevation/ImageServer"), transport)
    assert caught.value.http_status == 502
    assert "502" in str(caught.value) and "Elevation/ImageServer" in str(caught.value)


def test_fault_reset_is_a_network_error(fault_url, transport):
    with pytest.raises(ArcGisNetworkError) as caught:
        MapService(fault_url("reset", "World/MapServer"), transport=transport).info()
    assert not isinstance(caught.value, ArcGisCancelledError)
    assert "World/MapServer" in str(caught.value)


def test_fault_truncated_json_is_a_response_error(fault_url, transport):
    with pytest.raises(ArcGisResponseError) as caught:
        MapService(fault_url("truncated-json", "World/MapServer"), transport=transport).info()
    assert "World/MapServer" in str(caught.value)


def test_fault_error_200_is_a_service_error(fault_url, transport):
    with pytest.raises(ArcGisServiceError) as caught:
        _identify(fault_url("error-200", "Elevation/ImageServer"), transport)
    assert caught.value.code == 500
    assert caught.value.message == "Error performing identify operation"


def test_fault_empty_is_a_response_error(fault_url, transport):
    with pytest.raises(ArcGisResponseError, match="empty"):
        _identify(fault_url("empty", "Elevation/ImageServer"), transport)


def test_fault_html_sign_in_page_is_a_response_error(fault_url, transport):
    with pytest.raises(ArcGisResponseError, match="HTML"):
        MapService(fault_url("wrong-content-type", "World/MapServer"), transport=transport).legend()


def test_fault_huge_valid_json_is_parsed(fault_url, transport):
    legend = MapService(fault_url("huge", "World/MapServer"), transport=transport).legend()
    assert len(legend.layers) > 1000  # ~30 MB: the real layer list repeated


def test_fault_huge_beyond_the_limit_is_a_response_error(fault_url, transport):
    gateway = Gateway(transport=transport, max_json_bytes=1024 * 1024)
    with pytest.raises(ArcGisResponseError, match="larger than"):
        MapService(fault_url("huge", "World/MapServer"), gateway=gateway).legend()


def test_fault_delay_beyond_timeout_is_a_network_error(fault_url, transport):
    with pytest.raises(ArcGisNetworkError, match="timed out"):
        _identify(fault_url("delay-5", "Elevation/ImageServer"), transport, timeout=1)


def test_fault_delay_within_timeout_succeeds(fault_url, transport):
    result = _identify(fault_url("delay-0.5", "Elevation/ImageServer"), transport, timeout=30)
    assert not result.is_nodata


def test_fault_drip_slower_than_timeout_is_a_network_error(fault_url, transport):
    # 20 pieces 0.5 s apart: the answer takes ~10 s in all, more than the 2 s allowed.
    with pytest.raises(ArcGisNetworkError, match="timed out"):
        MapService(fault_url("drip", "World/MapServer"), transport=transport, timeout=2).info()


def test_fault_drip_fast_enough_succeeds(fault_url, transport):
    info = MapService(fault_url("drip-0.01", "World/MapServer"), transport=transport, timeout=30).info()
    assert info.map_name == "World"


def test_refused_connection_is_a_network_error(transport):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ArcGisNetworkError, match=r"refused|connect"):
        MapService(f"http://127.0.0.1:{port}/arcgis/rest/services/World/MapServer", transport=transport).info()


def test_cancel_from_another_thread(fault_url, transport):
    feedback = QgsFeedback()
    timer = threading.Timer(0.3, feedback.cancel)
    timer.start()
    try:
        with pytest.raises(ArcGisCancelledError, match="cancelled"):
            ImageService(fault_url("delay-10", "Elevation/ImageServer"), transport=transport).identify(
                geometry=(-84.25, 36.6), crs=4326, feedback=feedback
            )
    finally:
        timer.cancel()


def test_already_cancelled_feedback_sends_nothing(elevation_url, transport, request_log):
    feedback = QgsFeedback()
    feedback.cancel()
    with pytest.raises(ArcGisCancelledError):
        ImageService(elevation_url, transport=transport).identify(geometry=(-84.25, 36.6), crs=4326, feedback=feedback)
    assert request_log.matching("/identify") == []


def test_unknown_fault_mode_error_payload_with_http_400(fault_url, transport):
    with pytest.raises(ArcGisServiceError) as caught:
        MapService(fault_url("bogus", "World/MapServer"), transport=transport).info()
    assert caught.value.code == 400


def test_only_arcgis_errors_escape_for_any_fault(fault_url, transport):
    for mode in ("http-500", "html-502", "reset", "truncated-json", "error-200", "empty", "wrong-content-type"):
        with pytest.raises(ArcGisError):
            ImageService(fault_url(mode, "Elevation/ImageServer"), transport=transport).export_image(
                bbox=(-84.4, 36.45, -84.1, 36.7), bbox_crs=4326, size=(100, 100)
            )


# -- streamed downloads ----------------------------------------------------------------------------
def test_download_to_file_streams_image(elevation_url, transport, tmp_path):
    img = ImageService(elevation_url, transport=transport)
    exported = img.export_image(bbox=(-84.4, 36.45, -84.1, 36.7), bbox_crs=4326, size=(500, 400))
    target = tmp_path / "sub" / "image.tif"
    result = img.gateway.download_to_file(exported.href, target)
    assert target.read_bytes()[:4] in (b"II*\x00", b"MM\x00*")
    assert result.size == target.stat().st_size
    assert list(tmp_path.glob("sub/*.part")) == []


def test_download_of_an_error_payload_raises(fault_url, transport, tmp_path):
    gateway = Gateway(transport=transport)
    with pytest.raises(ArcGisServiceError):
        gateway.download_to_file(fault_url("error-200", "Elevation/ImageServer") + "/exportImage", tmp_path / "x.tif")
    assert not (tmp_path / "x.tif").exists()


# -- worker threads (the plugin runs requests in QgsTasks) -----------------------------------------
def test_requests_from_a_qgstask(elevation_url, tmp_path):
    from qgis.core import QgsApplication, QgsTask
    from qgis.PyQt.QtCore import QCoreApplication

    outcome: dict = {}

    def work(task):
        img = ImageService(elevation_url, transport="qgis")
        outcome["pixel"] = img.identify(geometry=(-84.25, 36.6), crs=4326)
        outcome["export"] = img.export_image(
            bbox=(-84.4, 36.45, -84.1, 36.7), bbox_crs=4326, size=(200, 150), to_path=tmp_path / "task.tif"
        )
        return True

    task = QgsTask.fromFunction("identify", work)
    QgsApplication.taskManager().addTask(task)
    deadline = time.monotonic() + 120
    while task.status() not in (QgsTask.TaskStatus.Complete, QgsTask.TaskStatus.Terminated):
        QCoreApplication.processEvents()
        assert time.monotonic() < deadline
    assert task.status() == QgsTask.TaskStatus.Complete, outcome
    assert not outcome["pixel"].is_nodata
    assert (tmp_path / "task.tif").exists()


def test_requests_from_plain_threads_in_parallel(map_url, transport):
    errors: list = []
    values: list = []

    def work():
        try:
            results = MapService(map_url, transport=transport).identify(
                geometry=(10.0, 50.0), crs=4326, map_extent=EUROPE_VIEW, layers="all:0"
            )
            values.append([r.value for r in results])
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    # QGIS's network stack answers on the main thread: keep its event loop turning, as QGIS does.
    deadline = time.monotonic() + 120
    while any(thread.is_alive() for thread in threads) and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    assert errors == []
    assert values == [["Germany"]] * 4


TIMEOUT_SETTING_SCRIPT = """
import sys
from qgis.core import QgsApplication, QgsNetworkAccessManager
app = QgsApplication([], False)
app.initQgis()
QgsNetworkAccessManager.setTimeout(1500)
from arcgis_identify.core import ArcGisNetworkError, ImageService
from arcgis_identify.core.http import default_timeout
print("DEFAULT", default_timeout())
try:
    ImageService(sys.argv[1]).identify(geometry=(-84.25, 36.6), crs=4326)
except ArcGisNetworkError as error:
    print("ERROR", error)
"""


def test_default_timeout_is_qgis_network_timeout_setting(fault_url, tmp_path):
    """QGIS's network timeout setting applies, in a QGIS with a throw-away profile (the setting is written)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(tmp_path))
    completed = subprocess.run(
        [sys.executable, "-c", TIMEOUT_SETTING_SCRIPT, fault_url("delay-6", "Elevation/ImageServer")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=240,
    )
    assert "DEFAULT 1.5" in completed.stdout, completed.stdout + completed.stderr[-3000:]
    # Both deadlines are 1.5 s: whichever fires first, the message states the time truthfully.
    assert (
        "ERROR The request to the service Elevation/ImageServer timed out after 1.5 s" in completed.stdout
        or "by QGIS's network timeout" in completed.stdout
    ), completed.stdout


@pytest.mark.parametrize(
    "body",
    [
        '{"layers": [{"layerId": 0, "layerName": "Café", "legend": []}]}'.encode("cp1252"),  # an old server
        '\ufeff{"layers": [{"layerId": 0, "layerName": "Café", "legend": []}]}'.encode(),  # UTF-8 with BOM
        b'{"layers": [{"layerId": 0, "layerName": "Caf\\u00e9", "legend": [], "minScale": NaN}]}',
    ],
)
def test_sloppy_encodings_are_read(transport, body, local_http_server):
    url = (
        local_http_server(static_handler(body, content_type="text/plain")).base + "/arcgis/rest/services/Old/MapServer"
    )
    legend = MapService(url, transport=transport).legend()
    assert legend.layers[0].layer_name == "Café"
