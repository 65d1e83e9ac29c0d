"""The results dock's actions that take time, run as IdentifyController runs identify: exact geometries (identify's
are generalised to the screen), scratch layers, exports to files and derived measures, on the plugin's
BackgroundRunner. The dock subscribes to the signals; it starts no background work itself.

A worker builds data only (LayerParts, measures): memory layers are made, and the results' model changed, here on
the main thread.
"""

from __future__ import annotations

from typing import Callable

from qgis.core import Qgis, QgsMessageLog, QgsProject
from qgis.gui import QgsMapCanvas
from qgis.PyQt.QtCore import QCoreApplication, QObject, QTimer, pyqtSignal

from ..app.derived_measures import MeasureItem, MeasureSettings, measure_results
from ..app.exact_geometry import fetch_exact_geometries
from ..app.runner import LOG_TAG, BackgroundRunner, Job
from ..app.settings import IdentifySettings
from ..app.value_format import TypedValue
from ..core import Session
from .result_actions import WrittenResults, apply_exact, exact_requests, memory_layer, write_results
from .result_actions import scratch_layer_parts as make_scratch_parts
from .results_builder import derived_nodes
from .results_model import DERIVED, FEATURE, Node, ResultsModel

EXACT_CHANNEL = "exact-geometry"
EXPORT_CHANNEL = "export-results"
SCRATCH_CHANNEL = "scratch-layer"
DERIVED_CHANNEL = "derived-measures"
MEASURE_SELECTED_MAX = 20  # features one burst measures at most (an Expand All over more measures none of them)

INFO, WARNING = Qgis.MessageLevel.Info, Qgis.MessageLevel.Warning


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisIdentifyResults", text)


def derived_group(node: Node) -> Node | None:
    """The "Derived" group of a feature node, once its rows are made."""
    if not node.built:
        return None
    return next((child for child in node.children if child.kind == DERIVED), None)


class ResultsController(QObject):
    started = pyqtSignal(str, bool)  # what is being done (the status line), and whether it shows progress
    progressChanged = pyqtSignal(float)  # 0-100, of the scratch layer or export that shows progress
    progressEnded = pyqtSignal()
    finished = pyqtSignal(str, object)  # what an action did, with its Qgis.MessageLevel
    derivedChanged = pyqtSignal(list)  # feature nodes whose "Derived" rows now hold their measures
    derivedStatesShown = pyqtSignal()  # many "Derived" groups changed their sentence without a signal each

    def __init__(
        self,
        canvas: QgsMapCanvas,
        model: ResultsModel,
        runner: BackgroundRunner,
        session: Session | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.model = model
        self.runner = runner
        self.session = session
        self.selected: Callable[[], list[Node]] = list  # the selected results (the dock's selection)
        self._measuring: dict[int, Node] = {}  # id(FeatureRef) -> feature node whose derived measures are coming
        self._measure_asked: dict[int, Node] = {}  # asked for in this event-loop turn: measured together, after it
        self._measure_timer = QTimer(self)  # zero-delay: one burst per turn (Expand All asks once per feature)
        self._measure_timer.setSingleShot(True)
        self._measure_timer.setInterval(0)
        self._measure_timer.timeout.connect(self._measure_burst)
        self._measure_batch = None  # the runner's batch the measuring jobs of these results run in
        self._after_measuring: list = []  # actions waiting for the exact geometries a measuring job is fetching
        model.modelReset.connect(self.stop_measuring)

    # -- exact geometries ----------------------------------------------------------------------------------
    def with_exact_geometries(self, features: list[Node], then: Callable[[list[Node], str], None]) -> None:
        """Runs `then(features, note)` once the features carry the server's exact geometry (identify's are
        generalised to the screen); `note` says when some could not be fetched."""
        if self._measure_asked:
            self._measure_burst()  # measures asked for in this turn start first: their fetch serves this too
        if any(id(node.payload) in self._measuring for node in features):
            # Their exact geometries are on their way for the derived measures: fetched once, used by both. Should
            # the measuring stop first (a new click), the action runs then and fetches them itself.
            self._after_measuring.append(lambda: self.with_exact_geometries(features, then))
            self.started.emit(tr("Waiting for the exact geometries the derived measures are fetching…"), False)
            return
        requests = exact_requests(features)
        if not requests:
            then(features, "")
            return
        count = sum(len(r.object_ids) for r in requests)
        self.started.emit(tr("Fetching the exact geometries of {} feature(s)…").format(count), False)
        session = self.session
        timeout = IdentifySettings.load().timeout_seconds

        def done(job: Job) -> None:
            if job.cancelled or job.value is None:
                self.finished.emit(tr("Fetching the exact geometries was cancelled."), WARNING)
                return
            missing = apply_exact(features, job.value)
            note = ""
            if missing:
                reason = job.value.errors[0] if job.value.errors else tr("the service did not return them")
                note = " " + tr("{} geometry(ies) are the screen's generalised ones: {}").format(missing, reason)
            then(features, note)

        self.runner.batch(EXACT_CHANNEL).submit(
            tr("ArcGIS Identify: exact geometries"),
            lambda feedback: fetch_exact_geometries(requests, session, timeout=timeout, feedback=feedback),
            done,
        )

    # -- scratch layers --------------------------------------------------------------------------------------
    def add_scratch(self, features: list[Node]) -> None:
        """The results as memory layers (one per service layer) in the canvas CRS, with exact geometries."""
        if features:
            self.with_exact_geometries(features, self._add_scratch_now)

    def _add_scratch_now(self, features: list[Node], note: str) -> None:
        """Builds the features on the BackgroundRunner (thousands of features would stall QGIS), then makes the
        memory layers and adds them to the project here, on the main thread (a worker makes no QObject)."""
        crs = self.canvas.mapSettings().destinationCrs()
        context = QgsProject.instance().transformContext()  # read here: the worker must not touch the project

        def done(job: Job) -> None:
            self.progressEnded.emit()
            if job.cancelled:
                self.finished.emit(tr("Adding the scratch layer was cancelled."), WARNING)
            elif job.error is not None or job.value is None:
                if job.traceback:  # a bug, not the server: its details go to the log, the sentence to the user
                    QgsMessageLog.logMessage(job.traceback, LOG_TAG, Qgis.MessageLevel.Warning)
                self.finished.emit(tr("Could not make the scratch layer: {}").format(job.error), WARNING)
            else:
                layers = [memory_layer(parts) for parts in job.value]
                QgsProject.instance().addMapLayers(layers)
                text = tr("Added {} scratch layer(s) with {} result(s).").format(len(layers), len(features))
                self.finished.emit(text + note, WARNING if note else INFO)

        self.started.emit(tr("Adding {} result(s) to a scratch layer…").format(len(features)), True)
        job = self.runner.batch(SCRATCH_CHANNEL).submit(
            tr("ArcGIS Identify: scratch layer"),
            lambda feedback: make_scratch_parts(features, crs, feedback=feedback, transform_context=context),
            done,
        )
        job.on_progress(self.progressChanged.emit)

    # -- exports ----------------------------------------------------------------------------------------------
    def export(self, features: list[Node], path: str) -> None:
        """Writes the results to `path` (a GeoPackage, or CSV by its suffix) once their exact geometries are here;
        `finished` says when it is done."""
        if features:
            self.with_exact_geometries(features, lambda nodes, note: self._export_now(nodes, note, path))

    def _export_now(self, features: list[Node], note: str, path: str) -> None:
        """Builds and writes the layers on the BackgroundRunner (QGIS stays responsive), with progress."""
        crs = self.canvas.mapSettings().destinationCrs()
        context = QgsProject.instance().transformContext()  # read here: the worker must not touch the project

        def done(job: Job) -> None:
            self.progressEnded.emit()
            written: WrittenResults | None = job.value
            if job.cancelled:
                self.finished.emit(tr("The export to {} was cancelled.").format(path), WARNING)
            elif job.error is not None or written is None:
                self.finished.emit(tr("Could not write {}: {}").format(path, job.error), WARNING)
            elif written.error:
                self.finished.emit(written.error, WARNING)
            else:
                text = tr("Exported {} result(s) to {}.").format(written.count, path)
                self.finished.emit(text + note, WARNING if note else INFO)

        self.started.emit(tr("Exporting {} result(s) to {}…").format(len(features), path), True)
        job = self.runner.batch(EXPORT_CHANNEL).submit(
            tr("ArcGIS Identify: export to {}").format(path),
            lambda feedback: write_results(features, path, crs, context, feedback),
            done,
        )
        job.on_progress(self.progressChanged.emit)

    # -- derived measures -----------------------------------------------------------------------------------
    def measure(self, features: list[Node]) -> None:
        """Asks for these MapServer features' derived measures (once each: the measures are kept with the result).
        What is asked in one event-loop turn is measured together after it, in the background (see
        _measure_burst); their "Derived" group shows the measures when they arrive."""
        for node in features:
            ref = node.payload
            if node.kind == FEATURE and ref.measurable and ref.derived is None and id(ref) not in self._measuring:
                self._measure_asked[id(ref)] = node
        if self._measure_asked and not self._measure_timer.isActive():
            self._measure_timer.start()

    def _measure_burst(self) -> None:
        """Measures what this turn asked for, in one job. A burst of more than MEASURE_SELECTED_MAX features
        (Expand All over many) fetches nothing: those say how to measure them, except the selected ones."""
        self._measure_timer.stop()
        asked, self._measure_asked = self._measure_asked, {}
        burst = [n for key, n in asked.items() if n.payload.derived is None and key not in self._measuring]
        if len(burst) > MEASURE_SELECTED_MAX:
            selected = self.selected()
            chosen = {id(n.payload) for n in selected} if len(selected) <= MEASURE_SELECTED_MAX else set()
            for node in burst:
                if id(node.payload) not in chosen:
                    self._show_derived_state(node, tr("Select the feature to measure it."), quiet=True)
            # One repaint for the lot: a change signal per group would make the view measure rows thousands of
            # times (the text keeps its one-line height, so the layout stands).
            self.derivedStatesShown.emit()
            burst = [n for n in burst if id(n.payload) in chosen]
        if burst:
            self._start_measuring(burst)

    def _start_measuring(self, nodes: list[Node]) -> None:
        for node in nodes:
            self._measuring[id(node.payload)] = node
            self._show_derived_state(node, tr("measuring…"))
        items = [
            MeasureItem(id(n.payload), n.payload.result, n.payload.crs, n.payload.exact, n.payload.exact_key())
            for n in nodes
        ]
        requests = exact_requests(nodes)
        settings = MeasureSettings.from_project()
        session = self.session
        timeout = IdentifySettings.load().timeout_seconds
        root = self.model.root

        def done(job: Job) -> None:
            if self.model.root is not root:
                return  # the results were cleared meanwhile (and stop_measuring ran what waited)
            if job.cancelled or job.error is not None or job.value is None:
                reason = tr("cancelled") if job.cancelled else str(job.error or tr("no answer"))
                self._measured(nodes, None, tr("Not measured: {}").format(reason))
            else:
                self._measured(nodes, job.value, "")

        # One job per burst, all in one batch: a later burst adds its job beside the earlier ones (a new batch
        # would supersede them, so each job would have to carry every feature still waiting).
        if self._measure_batch is None or not self._measure_batch.current:
            self._measure_batch = self.runner.batch(DERIVED_CHANNEL)
        self._measure_batch.submit(
            tr("ArcGIS Identify: derived measures"),
            lambda feedback: measure_results(items, requests, settings, session, timeout=timeout, feedback=feedback),
            done,
        )

    def _show_derived_state(self, node: Node, text: str, quiet: bool = False) -> None:
        """What a feature's "Derived" group says while it has no measures ("measuring…", or how to measure it).
        `quiet`: no change signal (the caller repaints once for many)."""
        group = derived_group(node)
        if group is not None and node.payload.derived is None and group.value_text() != text:
            group.value = TypedValue("text", text, None)
            if not quiet:
                self.model.node_changed(group)

    def _measured(self, nodes: list[Node], value, failure: str) -> None:
        if value is not None:
            apply_exact(nodes, value.fetched)  # copies and exports use them too
        rebuilt = []
        for node in nodes:
            ref = node.payload
            self._measuring.pop(id(ref), None)
            if value is not None:
                ref.derived = value.measures.get(id(ref)) or value.errors.get(id(ref)) or tr("Not measured.")
            else:
                ref.derived = failure
            group = derived_group(node)
            if group is None:
                continue  # its rows are not made yet: they will show the measures when they are
            group.value = TypedValue("text", "", None)
            self.model.node_changed(group)
            self.model.replace_children(group, derived_nodes(ref))
            rebuilt.append(node)
        self.derivedChanged.emit(rebuilt)
        waiting, self._after_measuring = self._after_measuring, []
        for action in waiting:
            action()

    def stop_measuring(self) -> None:
        """The results are gone (a new click): their measuring stops; actions that waited for its exact geometries
        (an export, a scratch layer, a WKT copy) run now and fetch them themselves."""
        self.runner.cancel(DERIVED_CHANNEL)
        self._measure_batch = None
        self._measure_timer.stop()
        self._measure_asked.clear()
        self._measuring.clear()
        waiting, self._after_measuring = self._after_measuring, []
        for action in waiting:
            action()
