"""Runs a click's identify: one QgsTask per service, results into the model as each service answers.

A new click cancels the previous click's unfinished tasks; their results are dropped, never shown.
"""

from __future__ import annotations

import time

from qgis.core import QgsApplication, QgsPointXY, QgsProject, QgsRectangle
from qgis.gui import QgsMapCanvas
from qgis.PyQt.QtCore import QObject, pyqtSignal

from ..core.errors import ArcGisAuthError, ArcGisParameterError
from .identify_request import IdentifyRequest, build_request
from .identify_task import IdentifyTask
from .results_builder import outcome_nodes
from .results_model import MESSAGE, SERVICE, Node, ResultsModel
from .service_targets import collect_targets
from .settings import IdentifySettings
from .value_format import TypedValue


class IdentifyController(QObject):
    started = pyqtSignal(int)  # number of services asked
    serviceFinished = pyqtSignal(object)
    allFinished = pyqtSignal(int, float)
    authProblem = pyqtSignal(str)
    serviceFailed = pyqtSignal(str)
    noServices = pyqtSignal()

    def __init__(self, canvas: QgsMapCanvas, model: ResultsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.model = model
        self.generation = 0
        self.tasks: list[IdentifyTask] = []
        self.last_request: IdentifyRequest | None = None
        self._nodes: dict[str, Node] = {}
        self._started_at = 0.0
        self._results = 0

    # -- public -----------------------------------------------------------------------------------------
    def identify_at(self, geometry: QgsPointXY | QgsRectangle) -> IdentifyRequest | None:
        settings = IdentifySettings.load()
        visible = {layer.id() for layer in self.canvas.layers()}
        targets = collect_targets(QgsProject.instance(), settings, visible)
        request = build_request(self.canvas, geometry, settings, targets)
        self.run(request)
        return request

    def run(self, request: IdentifyRequest) -> None:
        self.cancel()
        self.generation += 1
        self.last_request = request
        self.model.clear()
        self._nodes = {}
        self._results = 0
        self._started_at = time.perf_counter()
        if not request.targets:
            self.model.add_top(
                Node(
                    MESSAGE,
                    "No ArcGIS service in play: add a MapServer or ImageServer layer, "
                    "or add services in the ArcGIS Identify settings.",
                )
            )
            self.noServices.emit()
            return
        self.started.emit(len(request.targets))
        for target in request.targets:
            node = Node(SERVICE, target.label, TypedValue("text", "Identifying…", None), payload=target)
            node.add(Node(MESSAGE, f"Waiting for {target.url}"))
            self.model.add_top(node)
            self._nodes[target.key] = node
            task = IdentifyTask(request, target, self.generation, self._task_finished)
            self.tasks.append(task)
            QgsApplication.taskManager().addTask(task)

    def identify_again(self) -> None:
        if self.last_request is not None:
            self.run(self.last_request)

    def cancel(self) -> None:
        for task in self.tasks:
            task.cancel()
        self.tasks = []

    def clear(self) -> None:
        self.cancel()
        self.generation += 1
        self.model.clear()
        self._nodes = {}

    # -- task callbacks (main thread) -------------------------------------------------------------------
    def _task_finished(self, task: IdentifyTask) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        if task.generation != self.generation:
            return  # an earlier click: its results never show
        node = self._nodes.get(task.target.key)
        if node is None:
            return
        outcome = task.outcome
        if outcome is None or task.feedback.isCanceled():
            # Cancelled from QGIS's task manager rather than by a new click.
            self.model.replace_children(node, [Node(MESSAGE, "Cancelled")])
            node.value = TypedValue("text", "Cancelled", None)
            self.model.node_changed(node)
            self._emit_all_finished_when_done()
            return
        self.model.replace_children(node, outcome_nodes(outcome))
        if outcome.error is not None:
            node.value = TypedValue("text", "Failed", None)
            if is_auth_problem(outcome.error):
                self.authProblem.emit(str(outcome.error))
            else:
                self.serviceFailed.emit(str(outcome.error))
        else:
            self._results += outcome.count
            noun = "result" if outcome.count == 1 else "results"
            node.value = TypedValue("text", f"{outcome.count} {noun} · {outcome.elapsed:.2f} s", None)
        self.model.node_changed(node)
        self.serviceFinished.emit(outcome)
        self._emit_all_finished_when_done()

    def _emit_all_finished_when_done(self) -> None:
        if not self.tasks:
            self.allFinished.emit(self._results, time.perf_counter() - self._started_at)


def is_auth_problem(error: Exception) -> bool:
    """Token required/invalid, refused credentials, or an authentication configuration that cannot be used."""
    if isinstance(error, ArcGisAuthError):
        return True
    return isinstance(error, ArcGisParameterError) and "authentication configuration" in str(error)
