"""Credentials stay on their origin: a token, a password (Basic header or token exchange) or a QGIS authcfg goes only to
the service's own scheme, host and port (and its token service), never to a URL a server's answer points elsewhere.

Two levels: the gateway with a recording transport (what each request would carry, authcfg included, for every kind
of credential), and real requests through QGIS's network stack, where QGIS itself applies an "ESRI token" authcfg
(an X-Esri-Authorization header) to whatever request it is handed.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
import requests

from arcgis_identify.core import ImageService, Session
from arcgis_identify.core.http import carries_credentials
from arcgis_identify.core.transport import RawResponse
from arcgis_identify.tests.core.origin_servers import SECRET_HEADERS, ForwardingServer, RecordingServer

USER, PASSWORD = "analyst", "analyst-pass-2026"
TOKEN = "esri-token-0123456789abcdef"
ISSUED = "issued-token-fedcba9876543210"
SERVICE = "https://gis.example.com/arcgis/rest/services/Elevation/ImageServer"
OWN_HREF = "https://gis.example.com/arcgis/rest/directories/arcgisoutput/Elevation/_ags_own.tif"
FOREIGN_HREFS = [
    "https://cdn.example.net/arcgisoutput/_ags_other.tif",  # another host
    "https://gis.example.com:8443/arcgis/rest/directories/arcgisoutput/_ags_port.tif",  # another port
    "http://gis.example.com/arcgis/rest/directories/arcgisoutput/_ags_scheme.tif",  # another scheme
]
TIFF_BYTES = b"II*\x00" + b"\x00" * 60
EXPORT_BBOX = (-84.4, 36.45, -84.1, 36.7)


# -- the gateway with a recording transport ---------------------------------------------------------------
@dataclass
class Sent:
    method: str
    url: str
    params: dict[str, str]
    headers: dict[str, str]
    authcfg: Optional[str]

    def credentials(self) -> list[str]:
        found = [name for name in self.headers if name.lower() in SECRET_HEADERS]
        found += [f"{key}=" for key in self.params if key.lower() in ("token", "password")]
        if self.authcfg:
            found.append(f"authcfg {self.authcfg}")
        return found


class RecordingTransport:
    """Answers like a token-secured (or, web_tier=True, a web-tier secured) ArcGIS Server and records every send."""

    name = "recording"

    def __init__(self, *, web_tier: bool = False) -> None:
        self.web_tier = web_tier
        self.sent: list[Sent] = []

    def send(
        self,
        method: str,
        url: str,
        params: dict[str, str],
        headers: dict[str, str],
        guard: Any,
        *,
        authcfg: Optional[str] = None,
        sink: Any = None,
    ) -> RawResponse:
        self.sent.append(Sent(method, url, dict(params), dict(headers), authcfg))
        if url.endswith("/rest/info"):
            auth = {"isTokenBasedSecurity": False} if self.web_tier else {"isTokenBasedSecurity": True}
            if not self.web_tier:
                auth["tokenServicesUrl"] = "https://gis.example.com/arcgis/tokens/generateToken"
            body, content_type = json.dumps({"currentVersion": 11.1, "authInfo": auth}).encode(), "application/json"
        elif url.endswith("/generateToken"):
            expires = (time.time() + 3600) * 1000
            body, content_type = json.dumps({"token": ISSUED, "expires": expires}).encode(), "application/json"
        else:
            body, content_type = TIFF_BYTES, "image/tiff"
        if sink is not None:
            sink.write(body)
            return RawResponse(200, content_type, b"", url, size=len(body))
        return RawResponse(200, content_type, body, url, size=len(body))

    def to(self, url: str) -> list[Sent]:
        return [sent for sent in self.sent if sent.url == url]


def _credential_kinds(make_authcfg) -> dict[str, Callable[[], dict[str, str]]]:
    return {
        "esri-token-authcfg": lambda: {"authcfg": make_authcfg("EsriToken", token=TOKEN)},
        "basic-authcfg": lambda: {"authcfg": make_authcfg("Basic", username=USER, password=PASSWORD)},
        "token": lambda: {"token": TOKEN},
        "username-password": lambda: {"username": USER, "password": PASSWORD},
    }


CREDENTIAL_KINDS = ["esri-token-authcfg", "basic-authcfg", "token", "username-password"]


def _service(transport: RecordingTransport, **credential: str) -> ImageService:
    session = Session(transport="urllib", timeout=10)
    session.transport = transport  # before the service's gateway is made: it takes the session's transport
    return ImageService(SERVICE, session=session, **credential)


@pytest.mark.parametrize("kind", CREDENTIAL_KINDS)
@pytest.mark.parametrize("href", FOREIGN_HREFS, ids=["host", "port", "scheme"])
def test_an_export_href_on_another_origin_gets_no_credential(kind, href, make_authcfg, tmp_path):
    transport = RecordingTransport()
    service = _service(transport, **_credential_kinds(make_authcfg)[kind]())
    service.download(OWN_HREF, tmp_path / "own.tif")
    own = transport.to(OWN_HREF)
    assert len(own) == 1 and own[0].credentials()  # the service's own origin gets the credential
    service.download(href, tmp_path / "other.tif")
    (other,) = transport.to(href)
    assert other.credentials() == []
    assert other.authcfg is None
    assert (tmp_path / "other.tif").read_bytes() == TIFF_BYTES
    # Nothing else went to that origin either (no token discovery, no generateToken with the password).
    assert [sent.url for sent in transport.sent if not carries_credentials(sent.url, SERVICE)] == [href]


def test_a_web_tier_password_stays_on_its_origin(tmp_path):
    transport = RecordingTransport(web_tier=True)
    service = _service(transport, username=USER, password=PASSWORD)
    service.download(OWN_HREF, tmp_path / "own.tif")
    assert transport.to(OWN_HREF)[0].headers.get("Authorization", "").startswith("Basic ")
    # Even when the session learnt that the other host is a web-tier server too, our password does not go there.
    service.session.tokens.set_token_url("https://cdn.example.net/arcgis/rest", "web-tier")
    href = "https://cdn.example.net/arcgis/rest/directories/arcgisoutput/_ags_other.tif"
    service.download(href, tmp_path / "other.tif")
    assert transport.to(href)[0].credentials() == []


def test_the_rule_is_scheme_host_and_port():
    assert carries_credentials("https://gis.example.com/a/b.png")  # the request's own URL: the service's call
    assert carries_credentials("https://GIS.example.com:443/x.tif", SERVICE)  # default port, host case
    assert carries_credentials("http://h/x.png", "http://h:80/arcgis/rest/services/S/MapServer")
    assert not carries_credentials("https://gis.example.com:8443/x.tif", SERVICE)
    assert not carries_credentials("http://gis.example.com/x.tif", SERVICE)
    assert not carries_credentials("https://cdn.example.net/x.tif", SERVICE)
    assert not carries_credentials("https://gis.example.com.evil.net/x.tif", SERVICE)


# -- real requests: QGIS applies an authcfg to whatever it is handed -----------------------------------------
def generate_token(base: str) -> str:
    response = requests.post(
        base + "/arcgis/tokens/generateToken",
        data={"username": USER, "password": PASSWORD, "expiration": 60, "client": "requestip", "f": "json"},
        timeout=30,
    )
    return response.json()["token"]


@pytest.fixture()
def other_origin():
    """A server on another port that answers an image to anything and records what each request carried."""
    server = RecordingServer(TIFF_BYTES, "image/tiff")
    yield server
    server.close()


@pytest.fixture()
def credential(request, make_authcfg, sample_server) -> dict[str, str]:
    kind = request.param
    if kind == "esri-token-authcfg":
        return {"authcfg": make_authcfg("EsriToken", token=generate_token(sample_server))}
    if kind == "token":
        return {"token": generate_token(sample_server)}
    return _credential_kinds(make_authcfg)[kind]()


@pytest.mark.parametrize("credential", CREDENTIAL_KINDS, indirect=True)
def test_download_to_another_host_through_qgis_carries_no_credential(
    credential, services_url, other_origin, request_log, tmp_path
):
    service = ImageService(services_url + "/Secure/Elevation/ImageServer", transport="qgis", **credential)
    service.info()  # the credential works on the service's own origin
    assert request_log.last("/Secure/Elevation/ImageServer")["token_source"] == "header"
    result = service.download(other_origin.base + "/arcgisoutput/_ags_x.tif", tmp_path / "x.tif")
    assert Path(result.path).read_bytes() == TIFF_BYTES
    assert [entry["path"] for entry in other_origin.requests] == ["/arcgisoutput/_ags_x.tif"]
    assert other_origin.credentials_seen() == []


@pytest.mark.parametrize("credential", CREDENTIAL_KINDS, indirect=True)
def test_export_whose_href_names_another_origin_fetches_it_without_credentials(
    credential, sample_server, request_log, tmp_path
):
    """The service is reached through a forwarder (one origin); the sample server behind it names its own address
    in exportImage's href (another origin): the image is fetched from there, without the credential."""
    forwarder = ForwardingServer(sample_server)
    try:
        url = forwarder.base + "/arcgis/rest/services/Secure/Elevation/ImageServer"
        service = ImageService(url, transport="qgis", **credential)
        out = service.export_image(bbox=EXPORT_BBOX, bbox_crs=4326, size=(60, 50), to_path=tmp_path / "dem.tif")
    finally:
        forwarder.close()
    assert Path(out.path).exists() and out.href and out.href.startswith(sample_server)
    export = request_log.last("/Secure/Elevation/ImageServer/exportImage")
    assert export["token_source"] in ("header", "form")  # the service's own origin got the token
    (image,) = [e for e in request_log.all() if "/arcgisoutput/" in e["path"]]
    assert image["token_source"] is None
    assert not [name for name in image["headers"] if name.lower() in SECRET_HEADERS]
    assert not [key for key in image["params"] if key.lower() in ("token", "password")]
