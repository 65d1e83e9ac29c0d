"""Service URLs: non-ASCII names work through QGIS's network stack; credentials never ride in a URL."""

from __future__ import annotations

import pytest

from arcgis_identify.core import ArcGisParameterError, ArcGisServiceError, ImageService, MapService


@pytest.mark.parametrize("transport_name", ["qgis", "requests"])
def test_non_ascii_service_name_reaches_the_server(sample_server, request_log, transport_name):
    service = ImageService(f"{sample_server}/arcgis/rest/services/Démo/ImageServer", transport=transport_name)
    with pytest.raises(ArcGisServiceError) as caught:
        service.info()
    assert caught.value.code == 404  # the server answered: the request went out, encoded
    (entry,) = request_log.matching("/ImageServer")
    assert "D%C3%A9mo" in entry["path"] or "Démo" in entry["path"]


@pytest.mark.parametrize(
    "url",
    [
        "http://analyst:analyst-pass-2026@127.0.0.1:1/arcgis/rest/services/World/MapServer",
        "http://analyst@127.0.0.1:1/arcgis/rest/services/World/MapServer",
    ],
)
def test_credentials_in_the_url_are_refused_without_echoing_them(url):
    with pytest.raises(ArcGisParameterError) as caught:
        MapService(url)
    assert "analyst" not in str(caught.value)
    assert "authentication configuration" in str(caught.value)
