"""Legends, GUI-free: the services the legend dock offers, a legend request, the work the runner does for it, the
legend as sections of entries the dock shows, and *Apply as style* for layers exported from an ImageServer.

    request = LegendRequest(target, band_ids=(2, 1, 0), rendering_rule=None, variable=None)
    runner.batch("legend").submit(..., lambda feedback: fetch_legend(request, session, None, feedback=feedback), ...)

Everything here may run on a worker thread except apply_palette (it touches a layer of the project).
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from qgis.core import QgsFeedback, QgsPalettedRasterRenderer, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QColor, QImage

from ..core import ImageService, LayerInfo, Legend, LegendItem, LegendLayer, MapService, Session
from ..core.errors import ArcGisCancelledError, ArcGisError, ArcGisServiceError
from .service_targets import PROP_SERVICE_URL, ServiceTarget, collect_targets, target_for_layer
from .settings import IdentifySettings

DEFAULT_SWATCH = 20  # ArcGIS's usual swatch size, for entries that say nothing about theirs
PALETTE_LEGEND_TYPES = ("unique values", "colormap")  # legends whose entries are single pixel values
ALL_PERMUTATIONS_UP_TO = 4  # bands; more bands offer neighbouring triples only (8 bands would be 336 choices)


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisLegend", text)


# -- what the dock can choose from ----------------------------------------------------------------------
def services_in_play(project: QgsProject) -> list[ServiceTarget]:
    """Every MapServer and ImageServer of the project's layers and of the plugin's own list, shown or not."""
    return collect_targets(project, IdentifySettings.load(), None)


@dataclass(frozen=True)
class BandOption:
    label: str
    band_ids: Optional[tuple[int, ...]]  # None: the service's default combination


@dataclass
class ServiceChoices:
    """What a service offers the legend's pickers (from its info; fetched once per service and dock)."""

    band_names: list[str] = field(default_factory=list)
    raster_functions: list[str] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)
    layers: list[LayerInfo] = field(default_factory=list)  # MapServer layers in the service's order

    def band_options(self, preset: Optional[tuple[int, ...]] = None) -> list[BandOption]:
        names = self.band_names
        options = [BandOption(tr("Service default"), None)]
        if len(names) > 1:
            options += [BandOption(self.band_label((i,)), (i,)) for i in range(len(names))]
        if len(names) >= 3:
            if len(names) <= ALL_PERMUTATIONS_UP_TO:
                triples = list(itertools.permutations(range(len(names)), 3))
            else:
                triples = [(i + 2, i + 1, i) for i in range(len(names) - 2)]
                triples += [(i, i + 1, i + 2) for i in range(len(names) - 2)]
            options += [BandOption(self.band_label(t), t) for t in triples]
        if preset is not None and all(o.band_ids != preset for o in options):
            options.insert(1, BandOption(self.band_label(preset), preset))
        return options

    def band_label(self, band_ids: tuple[int, ...]) -> str:
        names = [self.band_names[i] if i < len(self.band_names) else tr("Band {}").format(i + 1) for i in band_ids]
        return "{} ({})".format(", ".join(names), ",".join(str(i) for i in band_ids))


def load_choices(
    target: ServiceTarget, session: Session, feedback: Optional[QgsFeedback] = None, timeout: Optional[float] = None
) -> ServiceChoices:
    service = target.service(session, timeout=timeout)
    if isinstance(service, MapService):
        return ServiceChoices(layers=list(service.info(feedback=feedback).layers))
    info = service.info(feedback=feedback)
    functions = [f.name for f in info.raster_functions if f.name]
    variables = []
    if info.has_multidimensions or info.multidimensional_info is not None:
        dims = service.multidimensional_info(feedback=feedback)
        variables = dims.variable_names if dims is not None else []
    return ServiceChoices(band_names=list(info.band_names), raster_functions=functions, variables=variables)


# -- the request and its outcome ------------------------------------------------------------------------
@dataclass(frozen=True)
class LegendRequest:
    """One legend: a service and, for an ImageServer, the band combination, rendering rule and variable."""

    target: ServiceTarget
    band_ids: Optional[tuple[int, ...]] = None
    rendering_rule: Optional[dict] = None
    variable: Optional[str] = None

    @property
    def key(self) -> tuple:
        rule = json.dumps(self.rendering_rule, sort_keys=True) if self.rendering_rule is not None else None
        return (self.target.key, self.band_ids, rule, self.variable)

    @classmethod
    def preset(cls, target: ServiceTarget) -> LegendRequest:
        """The legend of what the layer shows: its band combination and rendering rule."""
        bands = tuple(target.band_ids) if target.band_ids else None
        return cls(target, band_ids=bands, rendering_rule=target.rendering_rule)


@dataclass(frozen=True)
class LegendEntry:
    label: str  # as shown: an empty label reads "<all other values>"
    values: list[Any]
    values_text: str  # "" when the values only repeat the label
    image: Optional[QImage]  # None when the server gave no usable swatch
    width: int
    height: int


@dataclass(frozen=True)
class LegendSection:
    """One layer of a legend, with what the dock says about it."""

    layer_id: Optional[int]
    name: str
    legend_type: str  # "Unique Values", "Stretched", … ("" when the server does not say, as MapServers)
    min_scale: float  # 0 = no limit (ArcGIS's convention): shown when zoomed out no further than 1:min_scale
    max_scale: float  # 0 = no limit: shown when zoomed in no further than 1:max_scale
    hidden: str  # why the project's layer does not show it, or ""
    entries: list[LegendEntry]

    def out_of_scale(self, scale: float) -> bool:
        if scale <= 0:
            return False
        return (self.min_scale > 0 and scale > self.min_scale) or (self.max_scale > 0 and scale < self.max_scale)

    def scale_text(self) -> str:
        low, high = _scale(self.min_scale), _scale(self.max_scale)
        if self.min_scale > 0 and self.max_scale > 0:
            return tr("Shown between {} and {}").format(low, high)
        if self.min_scale > 0:
            return tr("Shown from {} in").format(low)
        if self.max_scale > 0:
            return tr("Shown down to {}").format(high)
        return ""

    def notes(self, scale: float) -> list[str]:
        """What the dock says beside the layer's name at the canvas's scale."""
        notes = [text for text in (self.legend_type, self.scale_text()) if text]
        if self.out_of_scale(scale):
            notes.append(tr("out of scale at {}").format(_scale(scale)))
        if self.hidden:
            notes.append(self.hidden)
        return notes

    @property
    def is_palette(self) -> bool:
        return self.legend_type.strip().lower() in PALETTE_LEGEND_TYPES


@dataclass
class LegendOutcome:
    request: LegendRequest
    choices: ServiceChoices
    sections: list[LegendSection]

    @property
    def entry_count(self) -> int:
        return sum(len(section.entries) for section in self.sections)


def _scale(denominator: float) -> str:
    return f"1:{round(denominator):,}"


def fetch_legend(
    request: LegendRequest,
    session: Session,
    choices: Optional[ServiceChoices] = None,
    *,
    refresh: bool = False,
    timeout: Optional[float] = None,
    feedback: Optional[QgsFeedback] = None,
) -> LegendOutcome:
    """The runner's work for one legend (worker thread): the service's choices when not known yet, the legend
    (from the session's cache unless refresh), swatches decoded. Raises ArcGisError with a readable sentence."""
    target = request.target
    if choices is None:
        choices = load_choices(target, session, feedback, timeout)
    service = target.service(session, timeout=timeout)
    if isinstance(service, ImageService):
        legend = service.legend(
            list(request.band_ids) if request.band_ids is not None else None,
            request.rendering_rule,
            request.variable,
            feedback=feedback,
            refresh=refresh,
        )
    else:
        legend = service.legend(feedback=feedback, refresh=refresh)
    loader = SwatchLoader(service, feedback)
    return LegendOutcome(request, choices, legend_sections(legend, choices, target, loader))


def legend_sections(
    legend: Legend,
    choices: ServiceChoices,
    target: ServiceTarget,
    load_swatch: Optional[Callable[[str, Optional[int]], Optional[bytes]]] = None,
) -> list[LegendSection]:
    """A parsed legend as the dock shows it: layers in the service's order, each with its scale range and whether
    the project's layer hides it; entries with their swatch at its real size."""
    order = {layer.id: position for position, layer in enumerate(choices.layers)}
    infos = {layer.id: layer for layer in choices.layers}
    shown = _shown_layer_ids(target, choices)
    layers = sorted(legend.layers, key=lambda layer: order.get(layer.layer_id, len(order)))
    return [_section(layer, infos.get(layer.layer_id), shown, load_swatch) for layer in layers]


def _shown_layer_ids(target: ServiceTarget, choices: ServiceChoices) -> Optional[set[int]]:
    """The MapServer layers the project's layer shows (a group brings its sublayers), None when not limited."""
    if target.layer_ids is None:
        return None
    infos = {layer.id: layer for layer in choices.layers}
    shown: set[int] = set()
    pending = list(target.layer_ids)
    while pending:
        layer_id = pending.pop()
        if layer_id in shown:
            continue
        shown.add(layer_id)
        info = infos.get(layer_id)
        if info is not None and info.sub_layer_ids:
            pending.extend(info.sub_layer_ids)
    return shown


def _section(
    layer: LegendLayer,
    info: Optional[LayerInfo],
    shown: Optional[set[int]],
    load_swatch: Optional[Callable[[str, Optional[int]], Optional[bytes]]],
) -> LegendSection:
    min_scale = layer.min_scale if layer.min_scale is not None else (info.min_scale if info else None)
    max_scale = layer.max_scale if layer.max_scale is not None else (info.max_scale if info else None)
    hidden = ""
    if shown is not None and layer.layer_id not in shown:
        hidden = tr("not shown by the project's layer")
    elif shown is None and info is not None and not info.default_visibility:
        hidden = tr("hidden by default")
    entries = [_entry(item, layer.layer_id, load_swatch) for item in layer.items]
    name = layer.layer_name or (tr("Layer {}").format(layer.layer_id) if layer.layer_id is not None else "")
    return LegendSection(
        layer_id=layer.layer_id,
        name=name,
        legend_type=layer.legend_type or "",
        min_scale=max(min_scale or 0.0, 0.0),
        max_scale=max(max_scale or 0.0, 0.0),
        hidden=hidden,
        entries=entries,
    )


def _entry(
    item: LegendItem,
    layer_id: Optional[int],
    load_swatch: Optional[Callable[[str, Optional[int]], Optional[bytes]]],
) -> LegendEntry:
    data = item.image
    if not data and item.url and load_swatch is not None:
        data = load_swatch(item.url, layer_id)
    image = QImage.fromData(data) if data else None
    if image is not None and image.isNull():
        image = None  # not an image: the entry keeps its label and values with an empty swatch
    width = item.width if item.width and item.width > 0 else (image.width() if image else DEFAULT_SWATCH)
    height = item.height if item.height and item.height > 0 else (image.height() if image else DEFAULT_SWATCH)
    label = item.label if item.label.strip() else tr("<all other values>")
    values_text = ", ".join(value_text(value) for value in item.values)
    if values_text == item.label:
        values_text = ""
    return LegendEntry(label, list(item.values), values_text, image, width, height)


def value_text(value: Any) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.6g}"
    return "" if value is None else str(value)


class SwatchLoader:
    """Fetches swatches a legend names only by `url` (MapServer: <service>/<layer>/images/<url>), each once."""

    def __init__(self, service: MapService | ImageService, feedback: Optional[QgsFeedback]) -> None:
        self.service = service
        self.feedback = feedback
        self.loaded: dict[str, Optional[bytes]] = {}

    def __call__(self, url: str, layer_id: Optional[int]) -> Optional[bytes]:
        if url.lower().startswith(("http://", "https://")):
            full = url
        elif isinstance(self.service, MapService) and layer_id is not None:
            full = f"{self.service.url}/{layer_id}/images/{url}"
        else:
            return None  # ImageServers publish no swatch resource
        if full not in self.loaded:
            self.loaded[full] = self._download(full)
        return self.loaded[full]

    def _download(self, url: str) -> Optional[bytes]:
        handle, path = tempfile.mkstemp(suffix=".swatch")
        os.close(handle)
        try:
            self.service.gateway.download_to_file(
                url,
                path,
                feedback=self.feedback,
                service=self.service.name,
                credential_origin=self.service.url,  # a swatch on another origin is fetched without credentials
            )
            with open(path, "rb") as file:
                return file.read()
        except ArcGisCancelledError:
            raise
        except ArcGisError:
            return None  # one missing swatch costs one picture, not the legend
        finally:
            os.remove(path)


# -- Apply as style -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PaletteClass:
    value: float
    color: QColor
    label: str


def exported_layers(project: QgsProject, service_url: str) -> list[QgsRasterLayer]:
    """Raster layers of the project exported from the service (they carry its URL as a custom property)."""
    wanted = service_url.rstrip("/").lower()
    found = []
    for layer in project.mapLayers().values():
        if not isinstance(layer, QgsRasterLayer) or not layer.customProperty(PROP_SERVICE_URL):
            continue  # QGIS's own ArcGIS layers are drawn by the server: only exported rasters take a style
        target = target_for_layer(layer)
        if target is not None and target.key == wanted:
            found.append(layer)
    return found


def needs_value_lookup(section: LegendSection) -> bool:
    """Whether some entry names its class by text (the seed's "WATER"): the raster attribute table says its value."""
    return any(_number(entry.values[0] if entry.values else entry.label) is None for entry in section.entries)


def fetch_value_lookup(
    target: ServiceTarget, session: Session, feedback: Optional[QgsFeedback] = None
) -> dict[str, float]:
    """Class name → pixel value from the service's raster attribute table (worker thread); {} when it has none."""
    service = target.service(session)
    if not isinstance(service, ImageService):
        return {}
    try:
        rows = service.raster_attribute_table(feedback=feedback)
    except ArcGisServiceError:
        return {}  # no table: entries with numeric values still apply
    return value_lookup(rows)


def value_lookup(rows: list[dict[str, Any]]) -> dict[str, float]:
    lookup: dict[str, float] = {}
    for row in rows:
        value = next((_number(v) for k, v in row.items() if k.lower() == "value"), None)
        if value is None:
            continue
        for text in row.values():
            if isinstance(text, str) and text.strip():
                lookup.setdefault(text.strip().lower(), value)
    return lookup


def palette_classes(section: LegendSection, lookup: Optional[dict[str, float]] = None) -> list[PaletteClass]:
    """The legend's entries as paletted classes: pixel value (the entry's value, else its class name looked up),
    the swatch's colour, the label. Entries that match no value are left out."""
    lookup = lookup or {}
    classes = []
    seen: set[float] = set()
    for entry in section.entries:
        candidate = entry.values[0] if entry.values else entry.label
        value = _number(candidate)
        if value is None:
            value = lookup.get(str(candidate).strip().lower())
        if value is None or value in seen or entry.image is None:
            continue
        seen.add(value)
        centre = entry.image.pixelColor(entry.image.width() // 2, entry.image.height() // 2)
        classes.append(PaletteClass(value, QColor(centre), entry.label))
    return classes


def apply_palette(layer: QgsRasterLayer, classes: list[PaletteClass], band: int = 1) -> QgsPalettedRasterRenderer:
    """Gives `layer` a paletted renderer with the legend's colours and labels (main thread)."""
    renderer = QgsPalettedRasterRenderer(
        layer.dataProvider(),
        band,
        [QgsPalettedRasterRenderer.Class(c.value, QColor(c.color), c.label) for c in classes],
    )
    layer.setRenderer(renderer)
    layer.triggerRepaint()
    layer.emitStyleChanged()
    return renderer


def _number(value: Any) -> Optional[float]:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None
