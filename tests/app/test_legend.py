"""The legend's application layer: pickers' choices, sections (order, scales, hidden layers), swatches fetched by
url, and the palette Apply as style builds."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import requests
from qgis.core import QgsRasterLayer
from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice
from qgis.PyQt.QtGui import QColor, QImage

from arcgis_identify.app.legend import (
    LegendRequest,
    ServiceChoices,
    SwatchLoader,
    exported_layers,
    fetch_legend,
    legend_sections,
    needs_value_lookup,
    palette_classes,
    value_lookup,
)
from arcgis_identify.app.service_targets import PROP_BAND_IDS, PROP_SERVICE_URL, ServiceTarget, target_for_layer
from arcgis_identify.core import LayerInfo, MapService, Session, parse_legend
from arcgis_identify.tests.core.origin_servers import RecordingServer

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


def _png(colour: QColor, size: int = 20) -> str:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(colour)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return base64.b64encode(bytes(data)).decode()


def _layer_info(layer_id: int, name: str, visible: bool = True, sublayers=None) -> LayerInfo:
    return LayerInfo(layer_id, name, None, visible, sublayers, None, None)


def _target(kind: str = "MapServer", **options) -> ServiceTarget:
    return ServiceTarget(url=f"http://h/arcgis/rest/services/S/{kind}", kind=kind, label="S", **options)


def test_band_options_offer_singles_and_combinations():
    four = ServiceChoices(band_names=["Blue", "Green", "Red", "NIR"])
    options = four.band_options()
    assert options[0].band_ids is None
    assert [o.band_ids for o in options[1:5]] == [(0,), (1,), (2,), (3,)]
    assert len(options) == 1 + 4 + 24  # every ordered triple of four bands
    assert any(o.band_ids == (3, 2, 1) and o.label == "NIR, Red, Green (3,2,1)" for o in options)
    eight = ServiceChoices(band_names=[f"B{i}" for i in range(8)]).band_options()
    assert len(eight) == 1 + 8 + 2 * 6  # neighbouring triples only
    preset = ServiceChoices(band_names=[f"B{i}" for i in range(8)]).band_options((7, 0, 3))
    assert preset[1].band_ids == (7, 0, 3)
    assert ServiceChoices(band_names=["Only"]).band_options() == ServiceChoices().band_options()


def test_sections_follow_the_service_order_scales_and_hidden_layers():
    data = {
        "layers": [
            {"layerId": 2, "layerName": "Borders", "minScale": "1.0E8", "maxScale": 0, "legend": []},
            {"layerId": 0, "layerName": "Countries", "legend": []},
            {"layerId": 1, "layerName": "States", "minScale": 0, "maxScale": 5000, "legend": []},
        ]
    }
    layers = [_layer_info(3, "Group", sublayers=[0]), _layer_info(0, "Countries"), _layer_info(1, "States", False)]
    choices = ServiceChoices(layers=[*layers, _layer_info(2, "Borders")])
    # The project's layer shows the group (so its sublayer 0) only.
    sections = legend_sections(parse_legend(data), choices, _target(layer_ids=[3]))
    assert [s.name for s in sections] == ["Countries", "States", "Borders"]
    countries, states, borders = sections
    assert countries.hidden == "" and states.hidden and borders.hidden
    assert borders.out_of_scale(150_000_000) and not borders.out_of_scale(50_000_000)
    assert states.out_of_scale(1000) and not states.out_of_scale(10_000)
    assert "out of scale at 1:150,000,000" in borders.notes(150_000_000)
    assert borders.scale_text() == "Shown from 1:100,000,000 in"
    assert states.scale_text() == "Shown down to 1:5,000"
    # Without a choice of sublayers, the service's default visibility decides.
    default = legend_sections(parse_legend(data), choices, _target())
    assert [s.hidden for s in default] == ["", "hidden by default", ""]


def test_swatches_named_only_by_url_are_fetched(services_url):
    url = f"{services_url}/World/MapServer"
    data = requests.get(f"{url}/legend", params={"f": "json"}, timeout=30).json()
    for layer in data["layers"]:
        for item in layer["legend"]:
            del item["imageData"], item["width"], item["height"]
    legend = parse_legend(data)
    service = MapService(url)
    sections = legend_sections(legend, ServiceChoices(), _target(), SwatchLoader(service, None))
    entries = [entry for section in sections for entry in section.entries]
    assert entries and all(entry.image is not None and entry.image.width() == 20 for entry in entries)
    assert all((entry.width, entry.height) == (20, 20) for entry in entries)


USER, PASSWORD = "analyst", "analyst-pass-2026"


def _generated_token(sample_server: str) -> str:
    data = {"username": USER, "password": PASSWORD, "expiration": 60, "client": "requestip", "f": "json"}
    return requests.post(sample_server + "/arcgis/tokens/generateToken", data=data, timeout=30).json()["token"]


@pytest.mark.parametrize("kind", ["esri-token-authcfg", "basic-authcfg", "token", "username-password"])
def test_swatches_on_another_origin_are_fetched_without_credentials(kind, sample_server, services_url, make_authcfg):
    if kind == "esri-token-authcfg":
        credential = {"authcfg": make_authcfg("EsriToken", token=_generated_token(sample_server))}
    elif kind == "basic-authcfg":
        credential = {"authcfg": make_authcfg("Basic", username=USER, password=PASSWORD)}
    elif kind == "token":
        credential = {"token": _generated_token(sample_server)}
    else:
        credential = {"username": USER, "password": PASSWORD}
    url = f"{services_url}/Secure/World/MapServer"
    service = MapService(url, **credential)
    data = {"layers": [{"layerId": 0, "layerName": "Countries", "legend": []}]}
    other = RecordingServer(base64.b64decode(_png(QColor("red"))), "image/png")
    try:
        for name in ("a.png", "b.png"):  # a swatch a legend names on another origin (a CDN, another server)
            data["layers"][0]["legend"].append({"label": name, "url": f"{other.base}/swatches/{name}"})
        own = service.legend().layers[0].items[0]  # and one on the service's own origin, by its relative url
        data["layers"][0]["legend"].append({"label": "own", "url": own.url})
        requests.post(sample_server + "/_requests/clear", timeout=30).raise_for_status()
        sections = legend_sections(parse_legend(data), ServiceChoices(), _target(), SwatchLoader(service, None))
    finally:
        other.close()
    entries = sections[0].entries
    assert [entry.image is not None for entry in entries] == [True, True, True]
    assert entries[0].image.pixelColor(5, 5) == QColor("red")
    assert sorted(entry["path"] for entry in other.requests) == ["/swatches/a.png", "/swatches/b.png"]
    assert other.credentials_seen() == []
    # The service's own swatch still went with the credential (its swatches may be secured too).
    log = requests.get(sample_server + "/_requests", timeout=30).json()["requests"]
    (own_swatch,) = [entry for entry in log if entry["path"].endswith("/Secure/World/MapServer/0/images/" + own.url)]
    assert own_swatch["token_source"] == "header"


def test_fetch_legend_with_a_variable(services_url):
    target = ServiceTarget(url=f"{services_url}/Climate/ImageServer", kind="ImageServer", label="Climate")
    with Session() as session:
        outcome = fetch_legend(LegendRequest(target, variable="precipitation"), session)
    assert outcome.choices.variables == ["temperature", "precipitation"]
    assert outcome.choices.raster_functions and outcome.choices.band_names
    (section,) = outcome.sections
    assert section.name == "Climate_precipitation" and section.legend_type == "Stretched"
    assert outcome.entry_count == 3


def test_palette_from_values_or_class_names():
    red, green = QColor(200, 10, 10), QColor(10, 200, 10)
    numeric = {
        "layers": [
            {
                "layerName": "Colormap",
                "legendType": "Colormap",
                "legend": [
                    {"label": "one", "imageData": _png(red), "values": [1]},
                    {"label": "2", "imageData": _png(green)},  # no values: the label is the value
                    {"label": "dup", "imageData": _png(green), "values": [1]},  # a value already given
                    {"label": "no swatch", "values": [3]},
                ],
            }
        ]
    }
    (section,) = legend_sections(parse_legend(numeric), ServiceChoices(), _target("ImageServer"))
    assert section.is_palette and not needs_value_lookup(section)
    classes = palette_classes(section)
    assert [(c.value, c.color.name(), c.label) for c in classes] == [(1, red.name(), "one"), (2, green.name(), "2")]

    seed = json.loads((FIXTURES / "imageserver_legend_seed_nlcd.json").read_text(encoding="utf-8"))
    (nlcd,) = legend_sections(parse_legend(seed), ServiceChoices(), _target("ImageServer"))
    assert needs_value_lookup(nlcd)
    assert palette_classes(nlcd) == []  # class names alone say no pixel value
    lookup = value_lookup([{"OID": 0, "Value": 11, "ClassName": "Water"}, {"Value": "21", "ClassName": "Grass"}])
    assert lookup == {"water": 11.0, "grass": 21.0, "21": 21.0}
    classes = palette_classes(nlcd, {"water": 11.0, "agriculture": 81.0})
    assert [(c.value, c.label) for c in classes] == [(11, "WATER"), (81, "AGRICULTURE")]


def test_exported_layers_of_a_service(tmp_path, qgis_new_project):
    from osgeo import gdal

    path = str(tmp_path / "one.tif")
    dataset = gdal.GetDriverByName("GTiff").Create(path, 2, 2, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform((0, 1, 0, 2, 0, -1))
    dataset = None
    url = "http://h/arcgis/rest/services/LandCover/ImageServer"
    mine = QgsRasterLayer(path, "mine", "gdal")
    mine.setCustomProperty(PROP_SERVICE_URL, url + "/")
    other = QgsRasterLayer(path, "other", "gdal")
    other.setCustomProperty(PROP_SERVICE_URL, "http://h/arcgis/rest/services/Elevation/ImageServer")
    plain = QgsRasterLayer(path, "plain", "gdal")
    qgis_new_project.addMapLayers([mine, other, plain])
    assert exported_layers(qgis_new_project, url.upper().replace("HTTP", "http")) == [mine]
    # The band combination an exported layer was made with presets the legend's band picker.
    mine.setCustomProperty(PROP_BAND_IDS, "2, 1,0")
    assert LegendRequest.preset(target_for_layer(mine)).band_ids == (2, 1, 0)
    mine.setCustomProperty(PROP_BAND_IDS, "red")
    assert LegendRequest.preset(target_for_layer(mine)).band_ids is None


@pytest.mark.parametrize("kind", ["MapServer", "ImageServer"])
def test_request_preset_and_key(kind):
    target = _target(kind, band_ids=[2, 1, 0], rendering_rule={"rasterFunction": "Stretch"})
    request = LegendRequest.preset(target)
    assert request.band_ids == (2, 1, 0) and request.rendering_rule == {"rasterFunction": "Stretch"}
    same = LegendRequest(target, (2, 1, 0), {"rasterFunction": "Stretch"})
    assert request.key == same.key
    assert LegendRequest(target).key != request.key
