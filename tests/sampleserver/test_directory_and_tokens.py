"""/arcgis/rest/info, the services directory, generateToken and the token checks on secured services."""

from __future__ import annotations

import time

import pytest
import requests


def test_rest_info(sample_server):
    info = requests.get(f"{sample_server}/arcgis/rest/info", params={"f": "json"}, timeout=30).json()
    assert info["currentVersion"] == 11.1
    auth = info["authInfo"]
    assert auth["isTokenBasedSecurity"] is True
    assert auth["tokenServicesUrl"] == f"{sample_server}/arcgis/tokens/generateToken"
    assert isinstance(auth["shortLivedTokenValidity"], int)


def test_services_root_lists_folders_and_services(services_url):
    data = requests.get(services_url, params={"f": "json"}, timeout=30).json()
    assert "Secure" in data["folders"]
    assert {"name": "World", "type": "MapServer"} in data["services"]
    assert all(set(s) == {"name", "type"} for s in data["services"])
    assert not any(s["name"].startswith("Secure/") for s in data["services"])


def test_secure_folder_lists_its_services(services_url):
    data = requests.get(f"{services_url}/Secure", params={"f": "json"}, timeout=30).json()
    assert {"name": "Secure/World", "type": "MapServer"} in data["services"]
    assert data["folders"] == []


def test_html_and_pjson(services_url):
    html = requests.get(services_url, timeout=30)
    assert html.headers["Content-Type"].startswith("text/html")
    pjson = requests.get(services_url, params={"f": "pjson"}, timeout=30)
    assert pjson.text.startswith("{\n  ")
    assert pjson.json() == requests.get(services_url, params={"f": "json"}, timeout=30).json()


def test_generate_token(sample_server, h):
    before = time.time() * 1000
    data = h.generate_token(sample_server, expiration="30", client="requestip")
    assert set(data) == {"token", "expires", "ssl"}
    assert isinstance(data["token"], str) and len(data["token"]) > 32
    assert data["ssl"] is False
    assert before + 29 * 60_000 < data["expires"] < before + 31 * 60_000 + 5_000


def test_generate_token_by_get_for_10x_clients(sample_server, h):
    params = {"username": h.USERNAME, "password": h.PASSWORD, "f": "json"}
    data = requests.get(f"{sample_server}/arcgis/tokens/generateToken", params=params, timeout=30).json()
    assert "token" in data


def test_generate_token_without_f_json_answers_the_bare_token(sample_server, h):
    data = {"username": h.USERNAME, "password": h.PASSWORD}
    response = requests.post(f"{sample_server}/arcgis/tokens/generateToken", data=data, timeout=30)
    assert response.headers["Content-Type"].startswith("text/plain")
    assert len(response.text) > 32 and "{" not in response.text


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        ({"username": "analyst", "password": "wrong"}, "Invalid username or password."),
        ({"username": "someone", "password": "analyst-pass-2026"}, "Invalid username or password."),
        ({"password": "analyst-pass-2026"}, "'username' must be specified."),
        ({"username": "analyst"}, "'password' must be specified."),
        ({"username": "analyst", "password": "analyst-pass-2026", "client": "referer"}, "'referer' must be specified."),
    ],
)
def test_generate_token_errors(sample_server, data, detail):
    response = requests.post(f"{sample_server}/arcgis/tokens/generateToken", data={**data, "f": "json"}, timeout=30)
    assert response.status_code == 200
    error = response.json()["error"]
    assert error["code"] == 400
    assert error["message"] == "Unable to generate token."
    assert detail in error["details"]


def test_secured_service_requires_a_token(secure_world):
    response = secure_world.raw("", f="json")
    assert response.status_code == 200  # like ArcGIS 10.x: the code is only in the JSON
    assert response.json() == {"error": {"code": 499, "message": "Token Required", "details": []}}
    assert secure_world.error("identify")["code"] == 499
    assert secure_world.error("export", bbox="0,0,1,1")["code"] == 499


def test_invalid_token_is_498(secure_world):
    assert secure_world.get(token="not-a-token") == {"error": {"code": 498, "message": "Invalid Token", "details": []}}


@pytest.mark.parametrize("header", ["X-Esri-Authorization", "Authorization"])
def test_token_in_a_bearer_header(secure_world, token, header):
    response = requests.get(secure_world.url, params={"f": "json"}, headers={header: f"Bearer {token}"}, timeout=30)
    assert response.json()["mapName"] == "World"


def test_token_as_query_or_form_parameter(secure_world, token):
    assert secure_world.get(token=token)["mapName"] == "World"
    assert secure_world.post(token=token)["mapName"] == "World"


def test_secured_identify_answers_like_the_public_one(secure_world, world, token, h):
    assert secure_world.identify(h.PARIS, token=token) == world.identify(h.PARIS)


def test_tokens_expire(sample_server, secure_world, h):
    data = h.generate_token(sample_server, expiration="0.02")  # 1.2 seconds
    token = data["token"]
    assert secure_world.get(token=token)["mapName"] == "World"
    while time.time() * 1000 <= data["expires"] + 50:
        time.sleep(0.1)
    assert secure_world.get(token=token)["error"]["code"] == 498


def test_referer_bound_token(sample_server, secure_world, h):
    token = h.generate_token(sample_server, client="referer", referer="https://qgis.example")["token"]
    with_referer = requests.get(
        secure_world.url, params={"f": "json", "token": token}, headers={"Referer": "https://qgis.example"}, timeout=30
    )
    assert with_referer.json()["mapName"] == "World"
    assert secure_world.get(token=token)["error"]["code"] == 498


def test_invalid_token_on_a_public_service_is_also_498(world):
    """ArcGIS validates any token it is sent, even where none is needed."""
    assert world.get(token="expired-or-bogus")["error"]["code"] == 498


def test_public_service_accepts_a_valid_token(world, token):
    assert world.get(token=token)["mapName"] == "World"


def test_jsonp_callback(services_url):
    response = requests.get(services_url, params={"f": "json", "callback": "dojo.io.script.jsonp_1"}, timeout=30)
    assert response.text.startswith("dojo.io.script.jsonp_1({")
    assert response.text.endswith("});")


def test_errors_in_html_are_pages(secure_world):
    response = secure_world.raw("", f="html")
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Token Required" in response.text
