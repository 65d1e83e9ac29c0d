"""Live overlays: every live overlay of the project is exported again once the map view settles.

A debounce timer restarts on every extent change of the canvas, so a moving map asks nothing; each live layer has
its own runner channel, so a new view cancels the previous view's request. The old image stays on screen until the
new one is ready; the file it replaces is then deleted (live files are always the plugin's).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

from qgis.core import QgsFeedback, QgsMapLayer, QgsMapSettings, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import QObject, QTimer, pyqtSignal

from ..core import Session
from ..core.errors import ArcGisCancelledError
from .export_request import ExportRequest, follow_map, tr
from .overlays import (
    PROP_EXPORT,
    PROP_LIVE,
    ExportOutcome,
    OverlayExporter,
    default_exports_folder,
    export_error_sentence,
    is_live,
    new_export_path,
    overlay_path,
    overlay_request,
    project_overlays,
    remove_file,
    run_export,
    swap_source,
)
from .runner import BackgroundRunner, Job

LIVE_DEBOUNCE_MS = 600

ViewProvider = Callable[[], "tuple[QgsMapSettings, float]"]


class LiveOverlays(QObject):
    """Re-exports every live overlay of the project once the map view settles (see the module doc)."""

    updated = pyqtSignal(object)  # the layer, after it shows its new image
    failed = pyqtSignal(str)
    requested = pyqtSignal(str)  # layer id: an export for a settled view was started

    def __init__(
        self,
        runner: BackgroundRunner,
        session: Session,
        view: ViewProvider,
        parent: QObject | None = None,
        debounce_ms: int = LIVE_DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.session = session
        self.view = view
        self.exporter = OverlayExporter(runner, session, self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(debounce_ms)
        self.timer.timeout.connect(self.refresh)
        self._last_error = ""
        self._fetching: dict[str, ExportRequest] = {}  # channel -> the request its running job exports

    def view_changed(self, *_args) -> None:
        """Connected to the canvas's extentsChanged: every change restarts the wait, so a moving map asks nothing."""
        if any(is_live(layer) for layer in project_overlays(QgsProject.instance())):
            self.timer.start()

    def set_live(self, layer: QgsRasterLayer, live: bool) -> None:
        request = overlay_request(layer)
        if request is None:
            return
        request = replace(request, live=live)
        layer.setCustomProperty(PROP_LIVE, "1" if live else "0")
        layer.setCustomProperty(PROP_EXPORT, request.to_json())
        layer.setName(request.layer_name())
        if live:
            self.refresh_layer(layer)
        else:
            self.cancel(layer)

    def refresh(self) -> None:
        for layer in project_overlays(QgsProject.instance()):
            if is_live(layer):
                self.refresh_layer(layer)

    def refresh_layer(self, layer: QgsRasterLayer, force: bool = False) -> Job | None:
        request = overlay_request(layer)
        if request is None:
            return None
        map_settings, ratio = self.view()
        wanted = follow_map(request, map_settings, ratio)
        if not force and _same_view(wanted, request) and overlay_path(layer).exists():
            return None  # the layer already shows this view
        channel = self._channel(layer)
        if not force and self.runner.jobs(channel) and self._fetching.get(channel) == wanted:
            return None  # already being fetched
        folder = default_exports_folder(QgsProject.instance())
        path = new_export_path(folder, wanted)
        session = self.session
        layer_id = layer.id()

        def work(feedback: QgsFeedback) -> ExportOutcome:
            return run_export(wanted, session, path, True, feedback)

        job = self.runner.submit(  # a new submit in the channel cancels the previous view's request
            channel,
            tr("ArcGIS live overlay: {}").format(request.label),
            work,
            lambda job: self._done(job, layer_id, path),
        )
        self._fetching[channel] = wanted
        self.requested.emit(layer_id)
        return job

    def _done(self, job: Job, layer_id: str, path: Path) -> None:
        self._fetching.pop(job.batch.channel, None)
        layer = QgsProject.instance().mapLayer(layer_id)
        if job.cancelled or job.error is not None or layer is None or not is_live(layer):
            remove_file(path)
            if job.error is not None and not isinstance(job.error, ArcGisCancelledError):
                message = export_error_sentence(job.error)
                if message != self._last_error:  # one message per problem, not one per view
                    self._last_error = message
                    self.failed.emit(message)
            return  # the last good image stays on screen
        self._last_error = ""
        swap_source(layer, job.value)
        self.updated.emit(layer)

    def cancel(self, layer: QgsMapLayer) -> None:
        """The layer's re-export, if one runs, ends (the layer is being removed)."""
        self.runner.cancel(self._channel(layer))

    @staticmethod
    def _channel(layer: QgsMapLayer) -> str:
        return f"live:{layer.id()}"

    def stop(self) -> None:
        self.timer.stop()
        for job in self.runner.jobs():
            if job.batch.channel.startswith("live:"):
                job.cancel()


def _same_view(a: ExportRequest, b: ExportRequest) -> bool:
    close = all(abs(x - y) <= 1e-9 * max(1.0, abs(x)) for x, y in zip(a.extent, b.extent))
    return close and tuple(a.size) == tuple(b.size) and a.bbox_crs == b.bbox_crs and a.time == b.time
