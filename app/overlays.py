"""Exported image overlays: the export job, the raster layer it makes, the files the plugin owns, live overlays.

- `OverlayExporter.start(request, path)` runs one export on the plugin's BackgroundRunner (its own channel, so
  exports never cancel each other) and, on the main thread, adds a raster layer that carries its service link
  (custom properties: identify and the legend work on it) and its ExportRequest (re-export, live, the dock).
  A cancelled or failed export leaves no file and no layer.
- Live overlays (re-exported when the map stops moving) are in live_overlays.py.
- Files the plugin chose the place of (beside the saved project, or its own folder) are the plugin's and are
  deleted with their layer from the overlays dock; a path the user picked is never deleted.
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from qgis.core import (
    QgsAbstractMetadataBase,
    QgsApplication,
    QgsDataProvider,
    QgsFeedback,
    QgsLayerMetadata,
    QgsMapLayer,
    QgsProject,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import QObject, pyqtSignal

from ..core import ExportedImage, ImageServiceInfo, Session
from ..core.errors import ArcGisCancelledError
from ..core.export import export_image
from .export_request import ExportRequest, metadata_parameters, tr, validate
from .runner import BackgroundRunner, Job, error_sentence
from .service_targets import (
    PROP_AUTHCFG,
    PROP_MOSAIC_RULE,
    PROP_RENDERING_RULE,
    PROP_SERVICE_URL,
    PROPERTY_PREFIX,
)

PROP_EXPORT = PROPERTY_PREFIX + "export_request"  # the ExportRequest as JSON
PROP_OWNED = PROPERTY_PREFIX + "owned_file"  # "1" when the plugin chose the file's place (it may delete it)
PROP_EXPORTED_AT = PROPERTY_PREFIX + "exported_at"  # ISO 8601, UTC
PROP_LIVE = PROPERTY_PREFIX + "live"  # "1": re-exported when the map stops moving
EXPORTS_FOLDER_SUFFIX = "_arcgis_exports"


# -- where files go -----------------------------------------------------------------------------------------
def plugin_exports_folder() -> Path:
    """The folder the plugin owns for exports of unsaved projects (in the QGIS profile)."""
    return Path(QgsApplication.qgisSettingsDirPath()) / "arcgis_identify" / "exports"


def default_exports_folder(project: QgsProject) -> Path:
    """Beside the saved project (so a copy of the project folder keeps its rasters), else the plugin's folder."""
    if project.fileName():
        return Path(project.absolutePath()) / f"{project.baseName() or 'project'}{EXPORTS_FOLDER_SUFFIX}"
    return plugin_exports_folder()


def new_export_path(folder: Path, request: ExportRequest) -> Path:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", request.label).strip("_") or "export"
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    return folder / f"{slug}_{stamp}_{uuid.uuid4().hex[:6]}.tif"


def remove_file(path: Path) -> None:
    """The GeoTIFF and the sidecars GDAL/QGIS may have written beside it."""
    for candidate in (path, Path(str(path) + ".aux.xml"), path.with_suffix(".tif.ovr")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


# The plugin's folder serves unsaved projects: what a saved project uses there is recorded when it is saved, and
# everything else in it is deleted when the plugin unloads (QGIS exits, or the plugin is reloaded).
KEPT_SETTING = "arcgis_identify/exports_kept"


def _kept_files() -> set[str]:
    from qgis.core import QgsSettings

    value = QgsSettings().value(KEPT_SETTING, []) or []
    return {str(v) for v in ([value] if isinstance(value, str) else value)}


def remember_saved_overlays(project: QgsProject) -> None:
    """Connected to QgsProject.writeProject: the plugin-folder files the saved project uses are kept."""
    from qgis.core import QgsSettings

    if not project.fileName():
        return
    folder = plugin_exports_folder().resolve()
    kept = _kept_files()
    for layer in project_overlays(project):
        path = overlay_path(layer).resolve()
        if folder in path.parents:
            kept.add(str(path))
    QgsSettings().setValue(KEPT_SETTING, sorted(kept))


def clean_plugin_folder(project: QgsProject) -> list[Path]:
    """Deletes the exports in the plugin's folder that neither the open project nor a saved project uses."""
    from qgis.core import QgsSettings

    folder = plugin_exports_folder()
    if not folder.is_dir():
        return []
    used = {str(overlay_path(layer).resolve()) for layer in project_overlays(project)}
    kept = {path for path in _kept_files() if Path(path).exists()}
    QgsSettings().setValue(KEPT_SETTING, sorted(kept))
    removed = []
    for path in sorted(folder.glob("*.tif")):
        resolved = str(path.resolve())
        if resolved not in used and resolved not in kept:
            remove_file(path)
            removed.append(path)
    return removed


# -- the layer's own description ------------------------------------------------------------------------------
def overlay_request(layer: QgsMapLayer) -> ExportRequest | None:
    raw = layer.customProperty(PROP_EXPORT)
    if not raw:
        return None
    try:
        return ExportRequest.from_json(str(raw))
    except (ValueError, TypeError):
        return None


def is_overlay(layer: QgsMapLayer) -> bool:
    return isinstance(layer, QgsRasterLayer) and overlay_request(layer) is not None


def is_live(layer: QgsMapLayer) -> bool:
    return str(layer.customProperty(PROP_LIVE) or "") == "1"


def owns_file(layer: QgsMapLayer) -> bool:
    return str(layer.customProperty(PROP_OWNED) or "") == "1"


def overlay_path(layer: QgsMapLayer) -> Path:
    return Path(layer.source().split("|", 1)[0])


def project_overlays(project: QgsProject) -> list[QgsRasterLayer]:
    return [layer for layer in project.mapLayers().values() if is_overlay(layer)]


def tag_layer(layer: QgsMapLayer, request: ExportRequest, owned: bool, exported_at: str | None = None) -> None:
    """The custom properties (service link for identify and the legend, the request) and the layer metadata."""
    layer.setCustomProperty(PROP_SERVICE_URL, request.service_url)
    layer.setCustomProperty(PROP_AUTHCFG, request.authcfg)  # an authentication configuration id, not a secret
    mosaic = request.effective_mosaic_rule()
    layer.setCustomProperty(PROP_MOSAIC_RULE, json.dumps(mosaic) if mosaic else "")
    layer.setCustomProperty(PROP_RENDERING_RULE, json.dumps(request.rendering_rule) if request.rendering_rule else "")
    layer.setCustomProperty(PROP_EXPORT, request.to_json())
    layer.setCustomProperty(PROP_OWNED, "1" if owned else "0")
    layer.setCustomProperty(PROP_LIVE, "1" if request.live else "0")
    layer.setCustomProperty(PROP_EXPORTED_AT, exported_at or datetime.now(timezone.utc).isoformat(timespec="seconds"))
    layer.setMetadata(layer_metadata(request, layer.metadata()))


def layer_metadata(request: ExportRequest, base: QgsLayerMetadata | None = None) -> QgsLayerMetadata:
    metadata = QgsLayerMetadata(base) if base is not None else QgsLayerMetadata()
    recorded = metadata_parameters(request)
    metadata.setIdentifier(request.service_url)
    metadata.setTitle(request.layer_name())
    metadata.setType("dataset")
    metadata.setAbstract(
        tr("Exported from the ArcGIS ImageServer {} with exportImage ({}).\n\nParameters: {}").format(
            request.service_url, request.describe(), json.dumps(recorded["parameters"], sort_keys=True)
        )
    )
    metadata.setKeywords({"ArcGIS": ["ImageServer", "exportImage"]})
    link = QgsAbstractMetadataBase.Link(request.label, "ESRI:ArcGIS:ImageServer", request.service_url)
    metadata.setLinks([link])
    return metadata


def band_names_for(request: ExportRequest, info: ImageServiceInfo, band_count: int) -> list[str]:
    """Band descriptions of the exported raster: the service's band names, in bandIds order."""
    if request.rendering_rule and request.rendering_rule.get("rasterFunction") not in (None, "None"):
        return []  # a raster function makes new bands; the service's names would lie
    names = list(info.band_names)
    if request.band_ids:
        names = [names[i] if 0 <= i < len(names) else f"Band_{i + 1}" for i in request.band_ids]
    return names if len(names) == band_count else []


def finish_geotiff(path: Path, request: ExportRequest, info: ImageServiceInfo) -> None:
    """Band names as band descriptions and the noData value on every band (worker thread; GDAL only)."""
    from osgeo import gdal

    gdal.UseExceptions()
    dataset = gdal.Open(str(path), gdal.GA_Update)
    try:
        count = dataset.RasterCount
        names = band_names_for(request, info, count)
        no_data: list[float] = []
        if request.no_data.strip():
            no_data = [float(v) for v in request.no_data.replace(" ", "").split(",") if v]
        elif info.no_data_value is not None and not request.is_picture and not request.rendering_rule:
            no_data = [float(info.no_data_value)]
        for index in range(count):
            band = dataset.GetRasterBand(index + 1)
            if names:
                band.SetDescription(names[index])
            if no_data and not request.is_picture:
                value = no_data[index] if len(no_data) == count else no_data[0]
                if band.GetNoDataValue() is None:
                    band.SetNoDataValue(value)
        dataset.FlushCache()
    finally:
        dataset = None


@dataclass
class ExportOutcome:
    """What came of an export: the worker's part (the file, what the server gave), then, on the main thread, the
    layer that shows it or the sentence saying why there is none. An export job's value once it is delivered."""

    request: ExportRequest
    path: Path
    owned: bool
    result: ExportedImage | None = None  # None: nothing was exported (cancelled, failed)
    layer: QgsRasterLayer | None = None  # the layer added (or re-pointed) to show it
    message: str = ""  # why there is no layer
    cancelled: bool = False


def run_export(
    request: ExportRequest, session: Session, path: Path, owned: bool, feedback: QgsFeedback
) -> ExportOutcome:
    """The whole export on a worker thread: checked against the service info, exported (tiled when needed),
    finished with band names and noData. Nothing is left at `path` when it fails."""
    service = request.target().service(session)
    info = service.info(feedback=feedback)
    multidimensional = service.multidimensional_info(feedback=feedback) if request.variable else None
    validate(request, info, multidimensional)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        result = export_image(service, request.options(), to_path=path, feedback=feedback)
        if feedback.isCanceled():
            raise ArcGisCancelledError(tr("The export of {} was cancelled.").format(request.label))
        finish_geotiff(path, request, info)
    except BaseException:
        remove_file(path)
        raise
    return ExportOutcome(request, path, owned, result)


# -- one-off exports --------------------------------------------------------------------------------------------
class OverlayExporter(QObject):
    """Starts exports and turns finished ones into project layers (main thread)."""

    exported = pyqtSignal(object)  # the QgsRasterLayer added to the project
    failed = pyqtSignal(str)  # one sentence
    cancelled = pyqtSignal()

    def __init__(self, runner: BackgroundRunner, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.session = session

    def start(
        self,
        request: ExportRequest,
        path: Path | None = None,
        *,
        replace_layer: QgsRasterLayer | None = None,
        on_done: Callable[[Job], None] | None = None,
    ) -> Job:
        """Exports `request` to `path` (None: a new file in the default folder, owned by the plugin); the layer
        is added to the project, or `replace_layer` is pointed at the new file. `on_done(job)` gets the job with
        its ExportOutcome as value, whatever came of it."""
        project = QgsProject.instance()
        owned = path is None
        target = Path(path) if path is not None else new_export_path(default_exports_folder(project), request)
        session = self.session
        channel = f"export:{uuid.uuid4().hex}"  # every export its own channel: exports never cancel each other

        def work(feedback: QgsFeedback) -> ExportOutcome:
            return run_export(request, session, target, owned, feedback)

        def done(job: Job) -> None:
            self._finished(job, request, target, owned, replace_layer)
            if on_done is not None:
                on_done(job)

        return self.runner.submit(channel, tr("ArcGIS Export Image: {}").format(request.label), work, done)

    def _finished(self, job: Job, request: ExportRequest, target: Path, owned: bool, replace_layer) -> None:
        """Makes the job's value the whole ExportOutcome (its layer, or why there is none), for the caller's
        own on_done."""
        outcome: ExportOutcome = job.value if job.value is not None else ExportOutcome(request, target, owned)
        job.value = outcome
        if job.cancelled or isinstance(job.error, ArcGisCancelledError):
            remove_file(target)
            outcome.cancelled = True
            outcome.message = tr("The export was cancelled; nothing was written.")
            self.cancelled.emit()
            return
        if job.error is not None:
            remove_file(target)
            outcome.message = export_error_sentence(job.error)
            self.failed.emit(outcome.message)
            return
        if replace_layer is not None:
            swap_source(replace_layer, outcome)
            outcome.layer = replace_layer
            self.exported.emit(replace_layer)
            return
        layer = make_layer(outcome)
        if layer is None:
            remove_file(target)
            outcome.message = tr("QGIS cannot open the exported image {}.").format(str(target))
            self.failed.emit(outcome.message)
            return
        QgsProject.instance().addMapLayer(layer)
        outcome.layer = layer
        self.exported.emit(layer)


def export_error_sentence(error: BaseException) -> str:
    """What a failed export says (a bug of ours also goes to the log, see error_sentence)."""
    return error_sentence(error, tr("The export failed unexpectedly ({}); details are in the log."))


def make_layer(outcome: ExportOutcome) -> QgsRasterLayer | None:
    layer = QgsRasterLayer(str(outcome.path), outcome.request.layer_name(), "gdal")
    if not layer.isValid():
        return None
    tag_layer(layer, outcome.request, outcome.owned)
    return layer


def swap_source(layer: QgsRasterLayer, outcome: ExportOutcome) -> None:
    """Points `layer` at a newly exported file, keeping its style; deletes the replaced file if the plugin owns it."""
    old_path, old_owned = overlay_path(layer), owns_file(layer)
    renderer = layer.renderer().clone() if layer.renderer() is not None else None
    old_bands = layer.bandCount()
    opacity = layer.opacity()
    layer.setDataSource(str(outcome.path), layer.name(), "gdal", QgsDataProvider.ProviderOptions())
    if renderer is not None and layer.bandCount() == old_bands:
        layer.setRenderer(renderer)  # the user's styling survives a re-export
    else:
        # Other bands: a renderer of the old bands would read bands that no longer exist; take QGIS's default.
        fresh = QgsRasterLayer(str(outcome.path), layer.name(), "gdal")
        if fresh.isValid() and fresh.renderer() is not None:
            layer.setRenderer(fresh.renderer().clone())
    layer.setOpacity(opacity)
    tag_layer(layer, outcome.request, outcome.owned)
    if old_owned and old_path != outcome.path:
        remove_file(old_path)
    layer.triggerRepaint()


def remove_overlay(layer: QgsRasterLayer, project: QgsProject | None = None) -> bool:
    """Removes the layer from the project and deletes its file when the plugin owns it; True when deleted."""
    project = project or QgsProject.instance()
    path, owned = overlay_path(layer), owns_file(layer)
    project.removeMapLayer(layer.id())
    if owned:
        remove_file(path)
    return owned
