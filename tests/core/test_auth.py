"""Tokens: required (499), invalid (498), passed in, generated from a username/password (renewed on expiry
and once on a 498), and from QGIS authentication configurations. A token never travels in a URL and never
appears in an error message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import requests

from arcgis_identify.core import ArcGisAuthError, ArcGisError, ArcGisServiceError, ImageService, MapService
from arcgis_identify.core import auth as core_auth

USER, PASSWORD = "analyst", "analyst-pass-2026"
EUROPE_VIEW = (-20.0, 30.0, 40.0, 70.0)
DEM_POINT = (-84.25, 36.6)
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def secure_map_url(services_url: str) -> str:
    return services_url + "/Secure/World/MapServer"


@pytest.fixture()
def secure_dem_url(services_url: str) -> str:
    return services_url + "/Secure/Elevation/ImageServer"


def generate_token(base: str, minutes: float = 60) -> str:
    response = requests.post(
        base + "/arcgis/tokens/generateToken",
        data={"username": USER, "password": PASSWORD, "expiration": minutes, "client": "requestip", "f": "json"},
        timeout=30,
    )
    return response.json()["token"]


def assert_no_token_in_urls(entries: list[dict]) -> None:
    assert entries
    for entry in entries:
        assert entry["token_in_url"] is False, entry
        query = entry["query_string"].lower()
        assert "token=" not in query and "password=" not in query, entry


def test_secure_service_without_token_is_499(secure_map_url, transport):
    with pytest.raises(ArcGisAuthError) as caught:
        MapService(secure_map_url, transport=transport).info()
    assert caught.value.code == 499
    assert "Secure/World/MapServer" in str(caught.value)


def test_invalid_token_is_498_and_not_in_message(secure_dem_url, transport):
    bogus = "bogus-token-value-0123456789"
    with pytest.raises(ArcGisAuthError) as caught:
        ImageService(secure_dem_url, token=bogus, transport=transport).identify(geometry=DEM_POINT, crs=4326)
    assert caught.value.code == 498
    assert bogus not in str(caught.value) and bogus not in repr(caught.value.args)


def test_token_passed_in_goes_in_the_header(sample_server, secure_dem_url, transport, request_log):
    token = generate_token(sample_server)
    request_log.clear()
    img = ImageService(secure_dem_url, token=token, transport=transport)
    result = img.identify(geometry=DEM_POINT, crs=4326)
    assert not result.is_nodata
    entries = request_log.matching("/Secure/Elevation/ImageServer/identify")
    assert [e["token_source"] for e in entries] == ["header"]
    assert entries[0]["headers"].get("X-Esri-Authorization") == "Bearer ***"
    assert_no_token_in_urls(request_log.all())


def test_token_never_in_error_messages(sample_server, secure_dem_url, fault_url, transport):
    token = generate_token(sample_server)
    img = ImageService(secure_dem_url, token=token, transport=transport)
    messages = []
    with pytest.raises(ArcGisServiceError) as caught:
        img.identify(geometry=DEM_POINT, crs=4326, mosaic_rule="{not json")
    messages.append(str(caught.value))
    for mode in ("http-500", "html-502", "reset", "truncated-json", "error-200", "empty", "wrong-content-type"):
        with pytest.raises(ArcGisError) as caught:
            ImageService(fault_url(mode, "Secure/Elevation/ImageServer"), token=token, transport=transport).identify(
                geometry=DEM_POINT, crs=4326
            )
        messages.append(str(caught.value))
    assert all(token not in message for message in messages)


def test_long_request_with_token_posts_it_in_the_body_not_the_url(
    sample_server, secure_map_url, transport, request_log
):
    token = generate_token(sample_server)
    request_log.clear()
    ms = MapService(secure_map_url, token=token, transport=transport)
    results = ms.identify(
        geometry=(10.0, 50.0), crs=4326, map_extent=EUROPE_VIEW, layer_defs={0: "1 = 1 " + " " * 2100}
    )
    assert "Germany" in [r.value for r in results]
    entry = request_log.last("/Secure/World/MapServer/identify")
    assert entry["method"] == "POST"
    assert entry["token_source"] in ("header", "form")
    assert_no_token_in_urls(request_log.all())


def test_username_password_generates_a_token_by_post(secure_map_url, transport, request_log):
    ms = MapService(secure_map_url, username=USER, password=PASSWORD, transport=transport)
    results = ms.identify(geometry=(10.0, 50.0), crs=4326, map_extent=EUROPE_VIEW)
    assert "Germany" in [r.value for r in results]
    generate = request_log.matching("/arcgis/tokens/generateToken")
    assert len(generate) == 1
    assert generate[0]["method"] == "POST"
    assert request_log.param(generate[0], "password") == "***"  # it was in the form body
    assert request_log.param(generate[0], "username") == USER
    assert request_log.matching("/arcgis/rest/info")  # token service discovered through authInfo
    identify = request_log.last("/Secure/World/MapServer/identify")
    assert identify["token_source"] == "header"
    assert_no_token_in_urls(request_log.all())
    # The issued token is reused by the next requests, and by other services of the same server in the session.
    ms.legend()
    dem = ImageService(
        secure_map_url.replace("World/MapServer", "Elevation/ImageServer"),
        username=USER,
        password=PASSWORD,
        session=ms.session,
    )
    dem.identify(geometry=DEM_POINT, crs=4326)
    assert len(request_log.matching("/arcgis/tokens/generateToken")) == 1


def test_wrong_password_is_an_error_without_the_password(secure_map_url, transport):
    secret = "wrong-password-xyz"
    with pytest.raises(ArcGisAuthError) as caught:
        MapService(secure_map_url, username=USER, password=secret, transport=transport).info()
    assert secret not in str(caught.value)
    assert str(caught.value).startswith("Could not get a token for Secure/World/MapServer: ")
    assert "Invalid username or password" in str(caught.value)


def test_expired_token_is_renewed(secure_dem_url, request_log):
    img = ImageService(secure_dem_url, username=USER, password=PASSWORD)
    now = [time.time()]
    img.session.tokens.clock = lambda: now[0]  # the session's clock, moved on by the test
    img.gateway.credential.expiration_minutes = 60
    img.identify(geometry=DEM_POINT, crs=4326)
    now[0] += 50 * 60
    img.identify(geometry=DEM_POINT, crs=4326)  # still fresh
    assert len(request_log.matching("/arcgis/tokens/generateToken")) == 1
    now[0] += 10 * 60 + 1  # past the expiry the server gave
    img.identify(geometry=DEM_POINT, crs=4326)
    assert len(request_log.matching("/arcgis/tokens/generateToken")) == 2


def test_498_renews_once_and_retries(secure_dem_url, request_log):
    img = ImageService(secure_dem_url, username=USER, password=PASSWORD)
    img.identify(geometry=DEM_POINT, crs=4326)
    # The server no longer knows the token the client holds (e.g. after a restart): it answers 498.
    tokens = img.session.tokens
    user_key = img.gateway.credential._key
    token_url = next(url for url in (tokens.token_url(r) for r in list(tokens._token_urls)) if url)
    issued = tokens.get(token_url, user_key)
    tokens.put(token_url, user_key, core_auth._IssuedToken("revoked-" + issued.token[:8], None, time.time()))
    result = img.identify(geometry=DEM_POINT, crs=4326)
    assert not result.is_nodata
    assert len(request_log.matching("/arcgis/tokens/generateToken")) == 2
    assert len(request_log.matching("/Secure/Elevation/ImageServer/identify")) == 3  # ok, 498, retried ok


def test_static_token_is_not_renewed_on_498(secure_dem_url, request_log):
    with pytest.raises(ArcGisAuthError):
        ImageService(secure_dem_url, token="not-a-token-at-all").identify(geometry=DEM_POINT, crs=4326)
    assert request_log.matching("/arcgis/tokens/generateToken") == []
    assert len(request_log.matching("/identify")) == 1


def test_secure_export_to_file(secure_dem_url, transport, tmp_path, request_log):
    img = ImageService(secure_dem_url, username=USER, password=PASSWORD, transport=transport)
    out = img.export_image(bbox=(-84.4, 36.45, -84.1, 36.7), bbox_crs=4326, size=(120, 100), to_path=tmp_path / "a.tif")
    assert Path(out.path).exists()
    assert_no_token_in_urls(request_log.all())


AUTHCFG_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from qgis.core import QgsApplication, QgsAuthMethodConfig
    app = QgsApplication([], False)
    app.initQgis()
    manager = QgsApplication.authManager()
    manager.setPasswordHelperEnabled(False)
    assert manager.setMasterPassword("master-for-tests", True)
    base, token = sys.argv[1], sys.argv[2]
    basic = QgsAuthMethodConfig("Basic")
    basic.setName("arcgis basic")
    basic.setConfig("username", "analyst")
    basic.setConfig("password", "analyst-pass-2026")
    manager.storeAuthenticationConfig(basic)
    esri = QgsAuthMethodConfig("EsriToken")
    esri.setName("arcgis token")
    esri.setConfig("token", token)
    manager.storeAuthenticationConfig(esri)
    from arcgis_identify.core import ImageService, MapService
    url = base + "/arcgis/rest/services/Secure/World/MapServer"
    out = {"db": manager.authenticationDatabasePath()}
    for name, cfg in (("basic", basic.id()), ("esri", esri.id())):
        ms = MapService(url, authcfg=cfg)
        out[name] = [r.value for r in ms.identify(geometry=(10, 50), crs=4326, map_extent=(-20, 30, 40, 70))]
        out[name + "_transport"] = ms.gateway.transport.name
    print("RESULT " + json.dumps(out))
    """
)


def test_authcfg_basic_and_esri_token(sample_server, request_log, tmp_path):
    """QGIS authentication configurations, in a separate QGIS with its own throw-away auth database."""
    token = generate_token(sample_server)
    request_log.clear()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["QGIS_CUSTOM_CONFIG_PATH"] = str(tmp_path / "profile")
    env["QGIS_AUTH_DB_DIR_PATH"] = str(tmp_path / "auth")
    (tmp_path / "auth").mkdir()
    completed = subprocess.run(
        [sys.executable, "-c", AUTHCFG_SCRIPT, sample_server, token],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=240,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, completed.stdout[-2000:] + completed.stderr[-3000:]
    result = json.loads(lines[-1][len("RESULT ") :])
    assert result["db"].startswith(str(tmp_path))
    assert "Germany" in result["basic"] and "Germany" in result["esri"]
    assert result["basic_transport"] == result["esri_transport"] == "qgis"
    assert len(request_log.matching("/arcgis/tokens/generateToken")) == 1  # only the Basic config needs one
    sources = [e["token_source"] for e in request_log.matching("/Secure/World/MapServer/identify")]
    assert sources == ["header", "header"]
    assert_no_token_in_urls(request_log.all())


def _redirecting_handler(target_base: str):
    """Redirects every request to the sample server, from another port (another origin)."""
    import http.server

    class Handler(http.server.BaseHTTPRequestHandler):
        def _redirect(self):
            self.send_response(307)
            self.send_header("Location", target_base + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = _redirect

        def log_message(self, *args):
            pass

    return Handler


@pytest.mark.parametrize("transport_name", ["qgis", "requests", "urllib"])
def test_token_is_not_forwarded_by_a_redirect_to_another_origin(
    sample_server, request_log, transport_name, local_http_server
):
    token = generate_token(sample_server)
    request_log.clear()
    redirector = local_http_server(_redirecting_handler(sample_server))
    url = redirector.base + "/arcgis/rest/services/Secure/Elevation/ImageServer"
    with pytest.raises(ArcGisAuthError) as caught:
        ImageService(url, token=token, transport=transport_name).identify(geometry=DEM_POINT, crs=4326)
    assert caught.value.code == 499  # the redirected request arrived without the token
    entries = request_log.matching("/Secure/Elevation/ImageServer/identify")
    assert entries and all(e["token_source"] is None for e in entries)
    assert token not in str(caught.value)


def _web_tier_handler(seen: list[dict]):
    """A server secured by the web server (HTTP Basic, as IIS/Apache do) instead of ArcGIS tokens."""
    import base64
    import http.server

    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append({"path": self.path, "authorization": self.headers.get("Authorization")})
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="arcgis"')
                body = b"<html><body>401 Unauthorized</body></html>"
                content_type = "text/html"
            else:
                self.send_response(200)
                body = json.dumps({"mapName": "Web tier", "layers": [{"id": 0, "name": "Parcels"}]}).encode()
                content_type = "application/json"
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


def test_username_password_on_a_web_tier_secured_server(transport, local_http_server):
    seen: list[dict] = []
    url = local_http_server(_web_tier_handler(seen)).base + "/arcgis/rest/services/Parcels/MapServer"
    with pytest.raises(ArcGisError) as anonymous:
        MapService(url, transport=transport).info()
    info = MapService(url, username=USER, password=PASSWORD, transport=transport).info()
    with pytest.raises(ArcGisError) as wrong:
        MapService(url, username=USER, password="not-the-password", transport=transport).info()
    assert anonymous.value.http_status == 401
    assert info.map_name == "Web tier" and [layer.name for layer in info.layers] == ["Parcels"]
    assert wrong.value.http_status == 401 and "not-the-password" not in str(wrong.value)
    assert not any("token" in entry["path"].lower() for entry in seen)  # no generateToken attempted
    assert all("?" not in entry["path"] or "password" not in entry["path"] for entry in seen)


def test_another_password_does_not_reuse_cached_answers_or_tokens(secure_map_url):
    assert MapService(secure_map_url, username=USER, password=PASSWORD).info().map_name
    with pytest.raises(ArcGisAuthError):
        MapService(secure_map_url, username=USER, password="guessed").info()
