"""Which ArcGIS services a click asks: project layers that are MapServer/ImageServer, and the user's own list."""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass, field

from qgis.core import QgsDataSourceUri, QgsMapLayer, QgsProject

from ..core import ImageService, MapService, ServiceKind, Session
from .layer_options import ONLY, read_layer_options
from .settings import IdentifySettings

# Custom properties the plugin's own exported image layers carry so that they stay tied to their service.
PROPERTY_PREFIX = "arcgis_identify/"
PROP_SERVICE_URL = PROPERTY_PREFIX + "service_url"
PROP_AUTHCFG = PROPERTY_PREFIX + "authcfg"
PROP_MOSAIC_RULE = PROPERTY_PREFIX + "mosaic_rule"
PROP_RENDERING_RULE = PROPERTY_PREFIX + "rendering_rule"
PROP_BAND_IDS = PROPERTY_PREFIX + "band_ids"  # "2,1,0": the band combination an exported layer was made with

# QGIS's own ArcGIS REST layers and the service types they can show. "arcgisimageserver" is QGIS 4.2's native
# ImageServer raster provider (not on 3.x); QGIS 3's "arcgismapserver" layers may show an ImageServer too.
NATIVE_PROVIDERS: dict[str, tuple[ServiceKind, ...]] = {
    "arcgismapserver": (ServiceKind.MAP_SERVER, ServiceKind.IMAGE_SERVER),
    "arcgisfeatureserver": (ServiceKind.MAP_SERVER, ServiceKind.IMAGE_SERVER),
    "arcgisimageserver": (ServiceKind.IMAGE_SERVER,),
}

_SERVICE_URL = re.compile(r"^(?P<service>.+?/(?P<kind>MapServer|ImageServer))(?:/(?P<layer>\d+))?/?$", re.IGNORECASE)


@dataclass
class ServiceTarget:
    """One service a click identifies on, with the options its project layers give it."""

    url: str  # the service URL, e.g. https://host/arcgis/rest/services/World/MapServer (never holds a token)
    kind: ServiceKind  # MAP_SERVER or IMAGE_SERVER
    label: str
    authcfg: str = ""
    layer_ids: list[int] | None = None  # MapServer sublayers the user chose; None = the service's own visibility
    layer_defs: dict[str, str] = field(default_factory=dict)  # MapServer layer id -> where clause
    mosaic_rule: dict | None = None
    rendering_rule: dict | None = None
    band_ids: list[int] | None = None  # ImageServer band combination of the layer; None = the service's default
    source_layer_ids: list[str] = field(default_factory=list)  # QGIS layers this target comes from
    from_settings: bool = False  # only in the plugin's own service list (no project layer shows it)
    # A layer's own *Identify settings for this service* (None: the plugin's settings decide).
    layers_option: str | None = None  # MapServer layers=top|visible|all
    identify_layer_ids: list[int] | None = None  # "only these layers" (layer_ids stays what the layers show)
    raw_pixel_values: bool | None = None
    return_catalog_items: bool | None = None

    def __post_init__(self) -> None:
        self.kind = ServiceKind(self.kind)  # "ImageServer" as given by a caller is IMAGE_SERVER

    @property
    def key(self) -> str:
        return self.url.rstrip("/").lower()

    def service(self, session: Session | None = None, *, timeout: float | None = None) -> MapService | ImageService:
        """The core client for this service, in `session` (its caches and tokens), with the target's credential."""
        cls = MapService if self.kind is ServiceKind.MAP_SERVER else ImageService
        return cls(self.url, authcfg=self.authcfg or None, timeout=timeout, session=session)


def split_service_url(url: str) -> tuple[str, ServiceKind, int | None] | None:
    """(service url, MAP_SERVER or IMAGE_SERVER, sublayer id or None), or None for other URLs."""
    base = url.strip().split("?", 1)[0]
    if "@" in urllib.parse.urlsplit(base).netloc:
        return None  # credentials in a URL are refused: they belong in an authentication configuration
    match = _SERVICE_URL.match(base)
    if not match:
        return None
    kind = ServiceKind.named(match.group("kind"))
    service = match.group("service")[: -len(kind.value)] + kind.value
    layer = match.group("layer")
    return service, kind, int(layer) if layer is not None else None


def target_for_layer(layer: QgsMapLayer) -> ServiceTarget | None:
    """The service behind a project layer, with the layer's own identify options, or None when the layer is not
    an ArcGIS service."""
    target = _layer_service(layer)
    if target is not None:
        options = read_layer_options(layer)
        if target.kind is ServiceKind.MAP_SERVER and options.layers is not None:
            # "only these layers" is layers=all:ids; top/visible/all keep a sublayer layer's own sublayer.
            target.layers_option = "all" if options.layers == ONLY else options.layers
            if options.layers == ONLY:
                target.identify_layer_ids = list(options.layer_ids)
        if target.kind is ServiceKind.IMAGE_SERVER:
            target.raw_pixel_values = options.raw_pixel_values
            target.return_catalog_items = options.return_catalog_items
    return target


def _layer_service(layer: QgsMapLayer) -> ServiceTarget | None:
    own_url = layer.customProperty(PROP_SERVICE_URL)
    if own_url:
        parsed = split_service_url(str(own_url))
        if parsed is None:
            return None
        return ServiceTarget(
            url=parsed[0],
            kind=parsed[1],
            label=layer.name(),
            authcfg=str(layer.customProperty(PROP_AUTHCFG) or ""),
            mosaic_rule=_json_property(layer, PROP_MOSAIC_RULE),
            rendering_rule=_json_property(layer, PROP_RENDERING_RULE),
            band_ids=_band_ids_property(layer),
            source_layer_ids=[layer.id()],
        )
    target = target_from_native_uri(layer.providerType(), layer.source(), layer.name())
    if target is None:
        return None
    target.source_layer_ids = [layer.id()]
    if target.layer_ids:
        subset = layer.subsetString() if hasattr(layer, "subsetString") else ""
        if subset:
            target.layer_defs[str(target.layer_ids[0])] = subset
    return target


def target_from_native_uri(provider: str, source: str, label: str = "") -> ServiceTarget | None:
    """The service of a layer of QGIS's own ArcGIS REST providers (NATIVE_PROVIDERS), from the layer's provider key and
    data source URI, e.g. "arcgisimageserver" and `url='https://host/arcgis/rest/services/Elevation/ImageServer'
    authcfg=abc1234 http-header:referer='…' format='lerc' tiled='false'`; None for other layers and for a URL the
    provider cannot show (a MapServer URL in an arcgisimageserver layer). Only `url`, `authcfg` and, for a MapServer,
    `layer` matter here; the other keys (crs, format, tiled, http-header:*, urlprefix) are the provider's own."""
    kinds = NATIVE_PROVIDERS.get(provider)
    if kinds is None:
        return None
    uri = QgsDataSourceUri(source)
    parsed = split_service_url(uri.param("url"))
    if parsed is None or parsed[1] not in kinds:
        return None
    service_url, kind, url_layer = parsed
    target = ServiceTarget(url=service_url, kind=kind, label=label, authcfg=uri.authConfigId() or uri.param("authcfg"))
    if kind is ServiceKind.MAP_SERVER:
        sublayer = url_layer
        if sublayer is None and uri.param("layer").strip().lstrip("-").isdigit():
            sublayer = int(uri.param("layer"))
        if sublayer is not None:
            target.layer_ids = [sublayer]
    return target


def _json_property(layer: QgsMapLayer, name: str) -> dict | None:
    raw = layer.customProperty(name)
    if not raw:
        return None
    try:
        value = json.loads(str(raw))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _band_ids_property(layer: QgsMapLayer) -> list[int] | None:
    parts = [part.strip() for part in str(layer.customProperty(PROP_BAND_IDS) or "").split(",")]
    if not parts or not all(part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


def collect_targets(
    project: QgsProject,
    settings: IdentifySettings,
    visible_layer_ids: set[str] | None = None,
) -> list[ServiceTarget]:
    """Every service in play, one target per service URL (layers of the same service are merged).

    `visible_layer_ids`: the layers the canvas shows; with settings.only_visible_layers other layers are skipped.
    """
    targets: dict[str, ServiceTarget] = {}
    for layer in project.mapLayers().values():
        if settings.only_visible_layers and visible_layer_ids is not None and layer.id() not in visible_layer_ids:
            continue
        target = target_for_layer(layer)
        if target is None:
            continue
        existing = targets.get(target.key)
        if existing is None:
            targets[target.key] = target
        else:
            _merge(existing, target)
    for configured in settings.services:
        parsed = split_service_url(configured.url)
        if not configured.enabled or parsed is None:
            continue
        target = ServiceTarget(
            url=parsed[0], kind=parsed[1], label=configured.label, authcfg=configured.authcfg, from_settings=True
        )
        if parsed[2] is not None and parsed[1] is ServiceKind.MAP_SERVER:
            target.layer_ids = [parsed[2]]
        if target.key in targets:
            existing = targets[target.key]
            existing.authcfg = existing.authcfg or target.authcfg
            if existing.layer_ids is not None and target.layer_ids is None:
                existing.layer_ids = None
        else:
            targets[target.key] = target
    return list(targets.values())


_LAYERS_BREADTH = {"top": 0, "visible": 1, "all": 2}


def _merge(into: ServiceTarget, other: ServiceTarget) -> None:
    into.source_layer_ids.extend(other.source_layer_ids)
    into.authcfg = into.authcfg or other.authcfg
    if into.layer_ids is None or other.layer_ids is None:
        # One layer shows the whole service: the service's own visibility decides.
        into.layer_ids = None
    else:
        into.layer_ids = sorted(set(into.layer_ids) | set(other.layer_ids))
    if into.layers_option is None:
        # A layer with its own identify options speaks for the service over one without.
        into.layers_option, into.identify_layer_ids = other.layers_option, other.identify_layer_ids
    elif other.layers_option is not None:
        # Two choices: the broader wins, so nothing either asks for is left out.
        into.layers_option = max(into.layers_option, other.layers_option, key=_LAYERS_BREADTH.__getitem__)
        if into.identify_layer_ids is None or other.identify_layer_ids is None:
            into.identify_layer_ids = None
        else:
            into.identify_layer_ids = sorted(set(into.identify_layer_ids) | set(other.identify_layer_ids))
    into.layer_defs.update(other.layer_defs)
    into.mosaic_rule = into.mosaic_rule or other.mosaic_rule
    into.rendering_rule = into.rendering_rule or other.rendering_rule
    into.band_ids = into.band_ids or other.band_ids
    # The first layer with a choice of pixel values decides (as for the rendering rule); catalog items: any asks.
    into.raw_pixel_values = other.raw_pixel_values if into.raw_pixel_values is None else into.raw_pixel_values
    catalog = [v for v in (into.return_catalog_items, other.return_catalog_items) if v is not None]
    into.return_catalog_items = any(catalog) if catalog else None


def describe_service(
    url: str, authcfg: str = "", session: Session | None = None, *, timeout: float | None = None, feedback=None
) -> str:
    """What a service's info says, in one sentence (the settings dialog's *Test*); raises ArcGisError."""
    parsed = split_service_url(url)
    if parsed is None:
        raise ValueError(url)
    target = ServiceTarget(url=parsed[0], kind=parsed[1], label=parsed[0], authcfg=authcfg)
    info = target.service(session, timeout=timeout).info(feedback=feedback)
    name = info.name or parsed[0].rstrip("/").split("/")[-2]
    crs = info.spatial_reference.to_qgs_crs().authid() if info.spatial_reference is not None else ""
    if parsed[1] is ServiceKind.MAP_SERVER:
        layers = [layer.name for layer in info.layers]
        shown = ", ".join(layers[:4]) + (", …" if len(layers) > 4 else "")
        text = _tr('MapServer "{}": %n layer(s) ({})', len(layers)).format(name, shown)
    else:
        bands = [band for band in info.band_names if band]
        text = _tr('ImageServer "{}": %n band(s)', info.band_count or len(bands)).format(name)
        if bands:
            text += f" ({', '.join(bands[:4])}{', …' if len(bands) > 4 else ''})"
        if info.pixel_type:
            text += f", {info.pixel_type}"
    return f"{text}, {crs}." if crs else f"{text}."


def _tr(text: str, n: int = -1) -> str:
    from qgis.PyQt.QtCore import QCoreApplication

    return QCoreApplication.translate("ArcGisIdentifyServices", text, None, n)
