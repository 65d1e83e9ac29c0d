"""A layer's own identify options for its service: stored in its custom properties, read into its ServiceTarget,
merged when several layers show one service."""

from __future__ import annotations

from qgis.core import QgsDataSourceUri, QgsRasterLayer, QgsVectorLayer

from arcgis_identify.app.layer_options import (
    PROP_CATALOG_ITEMS,
    PROP_IDENTIFY_LAYER_IDS,
    PROP_IDENTIFY_LAYERS,
    PROP_PIXEL_VALUES,
    LayerIdentifyOptions,
    add_service,
    read_layer_options,
    write_layer_options,
)
from arcgis_identify.app.service_targets import PROP_SERVICE_URL, collect_targets, target_for_layer
from arcgis_identify.app.settings import ConfiguredService, IdentifySettings

WORLD = "http://h/arcgis/rest/services/World/MapServer"
ELEVATION = "http://h/arcgis/rest/services/Elevation/ImageServer"


def tagged_layer(name: str, url: str) -> QgsVectorLayer:
    """A layer tied to a service the way the plugin's exported layers are."""
    layer = QgsVectorLayer("Point?crs=EPSG:4326", name, "memory")
    layer.setCustomProperty(PROP_SERVICE_URL, url)
    return layer


def native_layer(url: str, name: str, sublayer: str = "") -> QgsRasterLayer:
    uri = QgsDataSourceUri()
    uri.setParam("url", url)
    uri.setParam("layer", sublayer)
    uri.setParam("crs", "EPSG:3857")
    uri.setParam("format", "PNG32")
    layer = QgsRasterLayer(uri.uri(False), name, "arcgismapserver")
    assert layer.isValid(), layer.error().summary()
    return layer


def test_options_are_written_and_read_back_and_defaults_leave_no_property():
    layer = tagged_layer("World", WORLD)
    write_layer_options(layer, LayerIdentifyOptions(layers="only", layer_ids=[1, 2], raw_pixel_values=False))
    assert layer.customProperty(PROP_IDENTIFY_LAYERS) == "only"
    assert layer.customProperty(PROP_IDENTIFY_LAYER_IDS) == "1,2"
    assert layer.customProperty(PROP_PIXEL_VALUES) == "rendered"
    assert read_layer_options(layer) == LayerIdentifyOptions(layers="only", layer_ids=[1, 2], raw_pixel_values=False)

    write_layer_options(layer, LayerIdentifyOptions(layers="top", layer_ids=[1], return_catalog_items=True))
    assert layer.customProperty(PROP_IDENTIFY_LAYER_IDS) is None  # ids only go with "only"
    assert layer.customProperty(PROP_CATALOG_ITEMS) == "yes"
    assert read_layer_options(layer) == LayerIdentifyOptions(layers="top", return_catalog_items=True)

    write_layer_options(layer, LayerIdentifyOptions())
    assert not [key for key in layer.customPropertyKeys() if "identify_" in key]
    assert read_layer_options(layer).is_default


def test_nonsense_in_a_hand_edited_project_counts_as_not_set():
    layer = tagged_layer("World", WORLD)
    layer.setCustomProperty(PROP_IDENTIFY_LAYERS, "only")  # but no layer ids
    layer.setCustomProperty(PROP_PIXEL_VALUES, "sometimes")
    assert read_layer_options(layer).is_default


def test_target_for_layer_reads_the_options(services_url):
    world = native_layer(f"{services_url}/World/MapServer", "World")
    assert target_for_layer(world).layers_option is None  # the plugin's setting
    write_layer_options(world, LayerIdentifyOptions(layers="only", layer_ids=[1]))
    target = target_for_layer(world)
    assert (target.layers_option, target.identify_layer_ids) == ("all", [1])
    assert target.layer_ids is None  # what the layer shows (the legend's business) is unchanged

    # top/visible/all keep a sublayer layer's own sublayer.
    states = native_layer(f"{services_url}/World/MapServer", "States", sublayer="1")
    write_layer_options(states, LayerIdentifyOptions(layers="top"))
    target = target_for_layer(states)
    assert (target.layers_option, target.layer_ids) == ("top", [1])

    elevation = tagged_layer("Elevation export", ELEVATION)
    assert target_for_layer(elevation).raw_pixel_values is None
    write_layer_options(elevation, LayerIdentifyOptions(raw_pixel_values=False, return_catalog_items=False))
    target = target_for_layer(elevation)
    assert (target.raw_pixel_values, target.return_catalog_items) == (False, False)


def test_several_layers_of_one_service_merge_sensibly(qgis_new_project):
    plain = tagged_layer("World", WORLD)
    chosen = tagged_layer("World states", WORLD)
    write_layer_options(chosen, LayerIdentifyOptions(layers="only", layer_ids=[1]))
    qgis_new_project.addMapLayers([plain, chosen])
    # A configured whole service does not undo a layer's own choice either.
    settings = IdentifySettings(services=[ConfiguredService(url=WORLD)])
    (target,) = collect_targets(qgis_new_project, settings)
    assert (target.layers_option, target.identify_layer_ids) == ("all", [1])  # the layer with options speaks for it

    write_layer_options(plain, LayerIdentifyOptions(layers="top"))
    (target,) = collect_targets(qgis_new_project, settings)
    assert (target.layers_option, target.identify_layer_ids) == ("all", None)  # two choices: the broader wins

    write_layer_options(plain, LayerIdentifyOptions(layers="visible"))
    write_layer_options(chosen, LayerIdentifyOptions(layers="top"))
    (target,) = collect_targets(qgis_new_project, settings)
    assert target.layers_option == "visible"

    first, second = tagged_layer("A", ELEVATION), tagged_layer("B", ELEVATION)
    write_layer_options(second, LayerIdentifyOptions(raw_pixel_values=False, return_catalog_items=False))
    qgis_new_project.addMapLayers([first, second])
    image = next(t for t in collect_targets(qgis_new_project, IdentifySettings()) if t.kind == "ImageServer")
    assert (image.raw_pixel_values, image.return_catalog_items) == (False, False)
    write_layer_options(first, LayerIdentifyOptions(raw_pixel_values=True, return_catalog_items=True))
    image = next(t for t in collect_targets(qgis_new_project, IdentifySettings()) if t.kind == "ImageServer")
    assert image.return_catalog_items is True  # any layer asking for catalog items gets them
    # When they disagree on pixel values, the first layer with a choice decides, as for its rendering rule (the
    # project lists layers by id, which begins with the name: "A" comes first).
    assert image.raw_pixel_values is True and len(image.source_layer_ids) == 2


def test_add_service_appends_once():
    settings = IdentifySettings(services=[ConfiguredService(url=WORLD, name="World")])
    assert add_service(settings, WORLD.upper() + "/", "", "again") is None
    added = add_service(settings, ELEVATION + "?token=secret", "cfg0001", "Elevation")
    assert (added.url, added.authcfg, added.name) == (ELEVATION, "cfg0001", "Elevation")
    assert add_service(settings, ELEVATION, "", "Elevation") is None
    assert [s.url for s in settings.services] == [WORLD, ELEVATION]
