"""A project layer's own identify options for its service (the Layers panel's *Identify settings for this
service*), kept in the layer's custom properties: saved with the project, so they apply to that project only."""

from __future__ import annotations

from dataclasses import dataclass, field

from qgis.core import QgsMapLayer

from .settings import ConfiguredService, IdentifySettings

# Same prefix as the exported layers' properties (app/service_targets.py's PROPERTY_PREFIX).
PROP_IDENTIFY_LAYERS = "arcgis_identify/identify_layers"  # top | visible | all | only; absent: the plugin's setting
PROP_IDENTIFY_LAYER_IDS = "arcgis_identify/identify_layer_ids"  # "0,3": the sublayers of "only"
PROP_PIXEL_VALUES = "arcgis_identify/identify_pixel_values"  # raw | rendered
PROP_CATALOG_ITEMS = "arcgis_identify/identify_catalog_items"  # yes | no
LAYER_CHOICES = ("top", "visible", "all", "only")
ONLY = "only"


@dataclass
class LayerIdentifyOptions:
    """None everywhere: the plugin's settings decide."""

    layers: str | None = None  # MapServer: top | visible | all | only
    layer_ids: list[int] = field(default_factory=list)  # the sublayers of "only"
    raw_pixel_values: bool | None = None  # ImageServer: True raw, False rendered
    return_catalog_items: bool | None = None

    @property
    def is_default(self) -> bool:
        return self.layers is None and self.raw_pixel_values is None and self.return_catalog_items is None


def read_layer_options(layer: QgsMapLayer) -> LayerIdentifyOptions:
    """The layer's options; a value that makes no sense (a hand-edited project) counts as not set."""
    options = LayerIdentifyOptions()
    layers = str(layer.customProperty(PROP_IDENTIFY_LAYERS) or "").strip().lower()
    ids = [part.strip() for part in str(layer.customProperty(PROP_IDENTIFY_LAYER_IDS) or "").split(",")]
    ids = [int(part) for part in ids if part.isdigit()]
    if layers in LAYER_CHOICES and (layers != ONLY or ids):
        options.layers = layers
        options.layer_ids = ids if layers == ONLY else []
    options.raw_pixel_values = {"raw": True, "rendered": False}.get(str(layer.customProperty(PROP_PIXEL_VALUES) or ""))
    options.return_catalog_items = {"yes": True, "no": False}.get(str(layer.customProperty(PROP_CATALOG_ITEMS) or ""))
    return options


def write_layer_options(layer: QgsMapLayer, options: LayerIdentifyOptions) -> None:
    """Stores the options on the layer; what follows the plugin's settings is removed, not stored."""

    def put(name: str, value: str | None) -> None:
        if value:
            layer.setCustomProperty(name, value)
        else:
            layer.removeCustomProperty(name)

    only = options.layers == ONLY
    put(PROP_IDENTIFY_LAYERS, options.layers if options.layers in LAYER_CHOICES else None)
    put(PROP_IDENTIFY_LAYER_IDS, ",".join(str(i) for i in options.layer_ids) if only else None)
    put(PROP_PIXEL_VALUES, {True: "raw", False: "rendered"}.get(options.raw_pixel_values))
    put(PROP_CATALOG_ITEMS, {True: "yes", False: "no"}.get(options.return_catalog_items))


def configured_service(settings: IdentifySettings, url: str) -> ConfiguredService | None:
    """The entry of the plugin's own list for a service URL (compared without case, query and trailing slash)."""
    key = url.split("?", 1)[0].rstrip("/").lower()
    return next((s for s in settings.services if s.url.split("?", 1)[0].rstrip("/").lower() == key), None)


def add_service(settings: IdentifySettings, url: str, authcfg: str, name: str) -> ConfiguredService | None:
    """Appends a service (its URL without query or token) to the plugin's own list; None when already there."""
    if configured_service(settings, url) is not None:
        return None
    service = ConfiguredService(url=url.split("?", 1)[0], authcfg=authcfg, name=name)
    settings.services.append(service)
    return service
