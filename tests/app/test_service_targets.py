"""Which services a click asks: project layers that are ArcGIS services, merged per service, plus the user's list."""

from __future__ import annotations

import pytest
from qgis.core import QgsVectorLayer

from arcgis_identify.app.layer_options import PROP_PIXEL_VALUES
from arcgis_identify.app.service_targets import (
    PROP_AUTHCFG,
    PROP_MOSAIC_RULE,
    PROP_SERVICE_URL,
    collect_targets,
    split_service_url,
    target_for_layer,
    target_from_native_uri,
)
from arcgis_identify.app.settings import ConfiguredService, IdentifySettings


def test_split_service_url():
    assert split_service_url("https://h/arcgis/rest/services/A/MapServer") == (
        "https://h/arcgis/rest/services/A/MapServer",
        "MapServer",
        None,
    )
    assert split_service_url("https://h/arcgis/rest/services/A/MapServer/3?f=json") == (
        "https://h/arcgis/rest/services/A/MapServer",
        "MapServer",
        3,
    )
    assert split_service_url("https://h/arcgis/rest/services/B/imageserver/") == (
        "https://h/arcgis/rest/services/B/ImageServer",
        "ImageServer",
        None,
    )
    assert split_service_url("https://h/wms?service=WMS") is None


def _exported_layer(name: str, url: str) -> QgsVectorLayer:
    layer = QgsVectorLayer("Point?crs=EPSG:4326", name, "memory")
    layer.setCustomProperty(PROP_SERVICE_URL, url)
    return layer


def test_plugin_layers_and_configured_services(qgis_new_project):
    layer = _exported_layer("Elevation export", "http://h/arcgis/rest/services/Elevation/ImageServer")
    layer.setCustomProperty(PROP_AUTHCFG, "cfg0001")
    layer.setCustomProperty(PROP_MOSAIC_RULE, '{"mosaicMethod": "esriMosaicLockRaster", "lockRasterIds": [2]}')
    plain = QgsVectorLayer("Point?crs=EPSG:4326", "not a service", "memory")
    qgis_new_project.addMapLayers([layer, plain])
    settings = IdentifySettings(
        services=[
            ConfiguredService(url="http://h/arcgis/rest/services/World/MapServer", name="World"),
            ConfiguredService(url="http://h/arcgis/rest/services/Elevation/ImageServer", authcfg="other"),
            ConfiguredService(url="http://h/not/a/service"),
        ]
    )
    targets = collect_targets(qgis_new_project, settings)
    by_url = {t.url: t for t in targets}
    assert set(by_url) == {
        "http://h/arcgis/rest/services/Elevation/ImageServer",
        "http://h/arcgis/rest/services/World/MapServer",
    }
    elevation = by_url["http://h/arcgis/rest/services/Elevation/ImageServer"]
    assert elevation.kind == "ImageServer"
    assert elevation.authcfg == "cfg0001"  # the layer's own authentication wins
    assert elevation.mosaic_rule == {"mosaicMethod": "esriMosaicLockRaster", "lockRasterIds": [2]}
    assert elevation.source_layer_ids == [layer.id()]
    assert by_url["http://h/arcgis/rest/services/World/MapServer"].label == "World"


def test_hidden_layers_are_skipped_unless_asked(qgis_new_project):
    layer = _exported_layer("Elevation export", "http://h/arcgis/rest/services/Elevation/ImageServer")
    qgis_new_project.addMapLayer(layer)
    assert collect_targets(qgis_new_project, IdentifySettings(), visible_layer_ids=set()) == []
    everything = IdentifySettings(only_visible_layers=False)
    assert len(collect_targets(qgis_new_project, everything, visible_layer_ids=set())) == 1


def test_native_arcgis_layers_give_their_service_and_sublayers(qgis_new_project, services_url):
    from qgis.core import QgsDataSourceUri, QgsRasterLayer

    states = QgsVectorLayer(f"crs='EPSG:3857' url='{services_url}/World/MapServer/1'", "states", "arcgisfeatureserver")
    uri = QgsDataSourceUri()
    uri.setParam("url", f"{services_url}/World/MapServer")
    uri.setParam("layer", "2")
    uri.setParam("crs", "EPSG:3857")
    uri.setParam("format", "PNG32")
    borders = QgsRasterLayer(uri.uri(False), "borders", "arcgismapserver")
    elevation_uri = QgsDataSourceUri()
    elevation_uri.setParam("url", f"{services_url}/Elevation/ImageServer")
    elevation_uri.setParam("layer", "")
    elevation_uri.setParam("crs", "EPSG:4326")
    elevation_uri.setParam("format", "PNG32")
    elevation = QgsRasterLayer(elevation_uri.uri(False), "elevation", "arcgismapserver")
    assert states.isValid() and borders.isValid() and elevation.isValid()
    qgis_new_project.addMapLayers([states, borders, elevation])
    targets = {t.url: t for t in collect_targets(qgis_new_project, IdentifySettings())}
    world = targets[f"{services_url}/World/MapServer"]
    assert world.kind == "MapServer"
    assert world.layer_ids == [1, 2]  # the sublayers the two layers show, merged into one request
    assert sorted(world.source_layer_ids) == sorted([states.id(), borders.id()])
    assert targets[f"{services_url}/Elevation/ImageServer"].kind == "ImageServer"


# QGIS 4.2's native ImageServer raster provider ("arcgisimageserver"; not on 3.x) writes URIs like these: `url`,
# optional `authcfg`, `http-header:*` (referer), `crs`, `format`, `tiled`, `layer`, `urlprefix`.
ELEVATION = "https://h/arcgis/rest/services/Terrain/Elevation/ImageServer"


def _image_server_uri(url: str, authcfg: str, params: dict[str, str]) -> str:
    """A URI made as the provider's encodeUri() makes it."""
    from qgis.core import QgsDataSourceUri

    uri = QgsDataSourceUri()
    uri.setParam("url", url)
    uri.setAuthConfigId(authcfg)
    for key, value in params.items():
        uri.setParam(key, value)
    return uri.uri(False)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (f"url='{ELEVATION}'", (ELEVATION, "ImageServer", "")),
        (
            f"authcfg=abc1234 crs='EPSG:3857' format='lerc' http-header:referer='https://example.org/app' "
            f"tiled='false' url='{ELEVATION}'",
            (ELEVATION, "ImageServer", "abc1234"),
        ),
        (
            _image_server_uri(
                ELEVATION + "/", "cfg0002", {"http-header:referer": "https://example.org/", "format": "jpgpng"}
            ),
            (ELEVATION, "ImageServer", "cfg0002"),
        ),
        (f"url='{ELEVATION.replace('ImageServer', 'imageserver')}?f=json'", (ELEVATION, "ImageServer", "")),
        (f"url='{ELEVATION}' layer='' http-header:X-Api-Key='k' urlprefix=''", (ELEVATION, "ImageServer", "")),
        ("url='https://h/arcgis/rest/services/World/MapServer'", None),  # not what an ImageServer layer shows
        ("url='https://user:secret@h/arcgis/rest/services/Elevation/ImageServer'", None),  # a password in the URL
        ("url='https://h/wms'", None),
        ("authcfg=abc1234", None),
    ],
)
def test_native_image_server_uris(source, expected):
    target = target_from_native_uri("arcgisimageserver", source, "Elevation")
    found = None if target is None else (target.url, target.kind, target.authcfg)
    assert found == expected
    if target is not None:
        assert target.label == "Elevation" and target.layer_ids is None


def test_native_uris_of_other_providers():
    assert target_from_native_uri("wms", f"url='{ELEVATION}'") is None
    assert target_from_native_uri("gdal", f"url='{ELEVATION}'") is None
    world = target_from_native_uri("arcgismapserver", "layer='3' url='https://h/arcgis/rest/services/World/MapServer'")
    assert world is not None and (world.kind, world.layer_ids) == ("MapServer", [3])
    elevation = target_from_native_uri("arcgismapserver", f"layer='' url='{ELEVATION}'")  # QGIS 3's way to show one
    assert elevation is not None and elevation.kind == "ImageServer"


def test_a_native_image_server_layer_is_an_image_server_target(services_url):
    from qgis.core import QgsRasterLayer

    url = f"{services_url}/Elevation/ImageServer"
    source = f"authcfg=abc1234 crs='EPSG:4326' format='lerc' http-header:referer='https://example.org/' url='{url}'"
    # On QGIS < 4.2 the provider does not exist and the layer is invalid, but it keeps its provider key and source (as
    # in a project saved by QGIS 4.2 and opened in an older QGIS).
    layer = QgsRasterLayer(source, "Elevation (native)", "arcgisimageserver")
    assert layer.providerType() == "arcgisimageserver"
    layer.setCustomProperty(PROP_PIXEL_VALUES, "raw")
    target = target_for_layer(layer)
    assert target is not None
    assert (target.url, target.kind, target.label) == (url, "ImageServer", "Elevation (native)")
    assert target.authcfg == "abc1234" and target.source_layer_ids == [layer.id()]
    assert target.raw_pixel_values is True  # the layer's own identify options apply as for other image layers
