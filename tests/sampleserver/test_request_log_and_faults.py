"""/_requests (what clients sent, secrets masked) and /_fault/<mode>/... (broken replies for reliability tests)."""

from __future__ import annotations

import http.client
import json
import uuid
from urllib.parse import urlsplit

import pytest
import requests


def _entries(sample_server: str, marker: str) -> list[dict]:
    entries = requests.get(f"{sample_server}/_requests", timeout=30).json()["requests"]
    return [e for e in entries if marker in json.dumps(e)]


def test_requests_are_logged_with_params_and_headers(sample_server, world):
    marker = uuid.uuid4().hex
    world.get("", marker=marker)
    requests.post(world.url, data={"f": "json", "marker": marker, "extra": "form"}, timeout=30)
    got, posted = _entries(sample_server, marker)
    assert got["method"] == "GET" and posted["method"] == "POST"
    assert got["path"] == "/arcgis/rest/services/World/MapServer"
    assert got["params"] == {"f": "json", "marker": marker}
    assert posted["params"] == {"f": "json", "marker": marker, "extra": "form"}
    assert f"marker={marker}" in got["query_string"]
    assert "User-Agent" in got["headers"]
    assert got["token_source"] is None and got["token_in_url"] is False
    assert isinstance(got["time"], int)


def test_tokens_are_masked_everywhere(sample_server, secure_world, token):
    marker = uuid.uuid4().hex
    secure_world.get("", token=token, marker=marker)
    requests.post(secure_world.url, data={"f": "json", "token": token, "marker": marker}, timeout=30)
    requests.get(
        secure_world.url,
        params={"f": "json", "marker": marker},
        headers={"X-Esri-Authorization": f"Bearer {token}"},
        timeout=30,
    )
    in_url, in_form, in_header = _entries(sample_server, marker)
    log_text = json.dumps(_entries(sample_server, marker))
    assert token not in log_text
    assert in_url["token_in_url"] is True and in_url["token_source"] == "query"
    assert in_url["params"]["token"] == "***"
    assert "token=***" in in_url["query_string"]
    assert in_form["token_in_url"] is False and in_form["token_source"] == "form"
    assert in_form["params"]["token"] == "***"
    assert in_header["token_in_url"] is False and in_header["token_source"] == "header"
    assert in_header["headers"]["X-Esri-Authorization"] == "Bearer ***"


def test_passwords_are_masked(sample_server, h):
    h.generate_token(sample_server, marker="pw-check")
    entry = _entries(sample_server, "pw-check")[-1]
    assert entry["path"] == "/arcgis/tokens/generateToken"
    assert entry["params"]["password"] == "***"
    assert h.PASSWORD not in json.dumps(entry)


def test_fault_requests_are_logged_with_their_path(sample_server, world):
    marker = uuid.uuid4().hex
    requests.get(f"{sample_server}/_fault/http-500/arcgis/rest/services/World/MapServer?f=json&m={marker}", timeout=30)
    assert _entries(sample_server, marker)[0]["path"] == "/_fault/http-500/arcgis/rest/services/World/MapServer"


def test_clear(sample_server, world):
    world.get()
    assert requests.post(f"{sample_server}/_requests/clear", timeout=30).status_code == 200
    assert requests.get(f"{sample_server}/_requests", timeout=30).json()["requests"] == []


# -- faults ---------------------------------------------------------------------------------------------------
IDENTIFY = "/arcgis/rest/services/World/MapServer/identify"


@pytest.fixture()
def identify_query(h) -> dict:
    x, y = h.PARIS
    return {
        "f": "json",
        "geometry": f"{x},{y}",
        "tolerance": "3",
        "mapExtent": h.extent_around(h.PARIS, 2_000_000),
        "imageDisplay": "1000,1000,96",
    }


def _fault(sample_server: str, mode: str, query: dict, path: str = IDENTIFY, **kwargs) -> requests.Response:
    return requests.get(
        f"{sample_server}/_fault/{mode}{path}", params=query, timeout=kwargs.pop("timeout", 60), **kwargs
    )


def test_delay_answers_normally(sample_server, identify_query):
    normal = requests.get(f"{sample_server}{IDENTIFY}", params=identify_query, timeout=30).json()
    assert _fault(sample_server, "delay-0.3", identify_query).json() == normal
    with pytest.raises(requests.exceptions.ReadTimeout):
        _fault(sample_server, "delay-3", identify_query, timeout=0.5)


def test_http_500(sample_server, identify_query):
    response = _fault(sample_server, "http-500", identify_query)
    assert response.status_code == 500
    assert response.json()["error"]["code"] == 500


def test_html_502(sample_server, identify_query):
    response = _fault(sample_server, "html-502", identify_query)
    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Bad Gateway" in response.text


def test_reset_breaks_the_connection_mid_body(sample_server, identify_query):
    with pytest.raises((requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)) as caught:
        _fault(sample_server, "reset", identify_query)
    assert "reset" in str(caught.value).lower()
    # At the socket level: the status line and headers arrive, then the connection is reset.
    parts = urlsplit(sample_server)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", f"/_fault/reset{IDENTIFY}?" + requests.compat.urlencode(identify_query))
    response = connection.getresponse()
    assert response.status == 200
    with pytest.raises((ConnectionResetError, http.client.IncompleteRead)):
        response.read()
    connection.close()


def test_truncated_json(sample_server, identify_query):
    response = _fault(sample_server, "truncated-json", identify_query)
    full = requests.get(f"{sample_server}{IDENTIFY}", params=identify_query, timeout=30).text
    assert response.status_code == 200
    assert full.startswith(response.text) and len(response.text) < len(full)
    with pytest.raises(ValueError):
        response.json()


def test_error_200(sample_server, identify_query):
    response = _fault(sample_server, "error-200", identify_query)
    assert response.status_code == 200
    assert response.json() == {"error": {"code": 500, "message": "Error performing identify operation", "details": []}}


def test_empty(sample_server, identify_query):
    response = _fault(sample_server, "empty", identify_query)
    assert response.status_code == 200
    assert response.content == b""


def test_wrong_content_type(sample_server, identify_query):
    response = _fault(sample_server, "wrong-content-type", identify_query)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<html" in response.text and "France" in response.text


@pytest.mark.slow
def test_huge(sample_server, identify_query):
    response = _fault(sample_server, "huge", identify_query)
    assert response.status_code == 200
    assert len(response.content) > 25 * 1024 * 1024
    assert response.json()["results"][0]["value"] == "France"


def test_drip_trips_a_read_timeout_but_delivers_everything_to_a_patient_client(sample_server, identify_query):
    with pytest.raises(requests.exceptions.ConnectionError):
        _fault(sample_server, "drip", identify_query, timeout=(5, 0.2)).content  # noqa: B018
    normal = requests.get(f"{sample_server}{IDENTIFY}", params=identify_query, timeout=30).content
    assert _fault(sample_server, "drip-0.01", identify_query).content == normal


def test_faults_work_on_images_and_services(sample_server):
    path = "/arcgis/rest/services/World/MapServer/export"
    query = {"f": "image", "bbox": "0,0,1000000,1000000", "size": "50,50"}
    response = _fault(sample_server, "truncated-json", query, path=path)
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    assert _fault(sample_server, "html-502", {"f": "json"}, path="/arcgis/rest/info").status_code == 502


def test_unknown_fault_mode(sample_server, identify_query):
    for mode in ("explode", "delay-x", "drip-0"):
        response = _fault(sample_server, mode, identify_query)
        assert response.status_code == 400
        assert "fault" in response.json()["error"]["message"]
