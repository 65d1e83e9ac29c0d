"""Runs a click's identify: one background job per service, results into the model as each service answers.

The jobs run on the application layer's BackgroundRunner (channel "identify"): a new click cancels the previous
click's unfinished jobs, and their results are dropped, never shown.
"""

from __future__ import annotations

import time

from qgis.core import QgsPointXY, QgsProject, QgsRectangle
from qgis.gui import QgsMapCanvas
from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal

from ..app.identify_request import IdentifyRequest, build_request
from ..app.identify_runner import ClickSummary, run_identify
from ..app.runner import BackgroundRunner, Batch, Job
from ..app.service_targets import ServiceTarget, collect_targets
from ..app.settings import IdentifySettings
from ..app.value_format import TypedValue
from ..core import Session
from ..core.errors import ArcGisAuthError, ArcGisCredentialError
from .results_builder import outcome_nodes
from .results_model import MESSAGE, SERVICE, Node, ResultsModel

CHANNEL = "identify"


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisIdentifyController", text)


class IdentifyController(QObject):
    requested = pyqtSignal(object)  # the IdentifyRequest of a click, before its jobs start
    started = pyqtSignal(int)  # number of services asked
    serviceFinished = pyqtSignal(object)
    allFinished = pyqtSignal(int, float)
    # At most one of these per click, once every service answered: the message bar gets one summary, not one
    # warning per failed service.
    authProblem = pyqtSignal(str)  # some service needs (other) credentials
    serviceFailed = pyqtSignal(str)  # some service failed otherwise
    noServices = pyqtSignal()

    def __init__(
        self,
        canvas: QgsMapCanvas,
        model: ResultsModel,
        runner: BackgroundRunner,
        session: Session,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.model = model
        self.runner = runner
        self.session = session
        self.batch: Batch | None = None
        self.last_request: IdentifyRequest | None = None
        self._nodes: dict[str, Node] = {}
        self._started_at = 0.0
        self.elapsed = 0.0
        self.summary = ClickSummary()  # what the current click found, so far
        self._failures: list[tuple[str, bool]] = []

    # -- public -----------------------------------------------------------------------------------------
    def identify_at(self, geometry: QgsPointXY | QgsRectangle) -> IdentifyRequest | None:
        settings = IdentifySettings.load()
        visible = {layer.id() for layer in self.canvas.layers()}
        targets = collect_targets(QgsProject.instance(), settings, visible)
        ratio = self.canvas.devicePixelRatioF() if hasattr(self.canvas, "devicePixelRatioF") else 1.0
        request = build_request(self.canvas.mapSettings(), ratio, geometry, settings, targets)
        self.requested.emit(request)
        self.run(request)
        return request

    def run(self, request: IdentifyRequest) -> None:
        self.batch = self.runner.batch(CHANNEL)  # cancels the previous click's jobs
        self.last_request = request
        self.model.clear()
        self._nodes = {}
        self.summary = ClickSummary()
        self._failures: list[tuple[str, bool]] = []  # (sentence, is it an authentication problem)
        self._started_at = time.perf_counter()
        if not request.targets:
            self.model.add_top(
                Node(
                    MESSAGE,
                    tr(
                        "No ArcGIS service in play: add a MapServer or ImageServer layer, "
                        "or add services in the ArcGIS Identify settings."
                    ),
                )
            )
            self.noServices.emit()
            return
        self.started.emit(len(request.targets))
        for target in request.targets:
            node = Node(SERVICE, target.label, TypedValue("text", tr("Identifying…"), None), payload=target)
            node.add(Node(MESSAGE, tr("Waiting for {}").format(target.url)))
            self.model.add_top(node)
            self._nodes[target.key] = node
        self.batch.on_all_done = self._all_done
        for target in request.targets:
            self.batch.submit(
                tr("ArcGIS Identify: {}").format(target.label),
                self._work(request, target),
                lambda job, key=target.key: self._job_done(job, key),
            )

    def _work(self, request: IdentifyRequest, target: ServiceTarget):
        session = self.session
        return lambda feedback: run_identify(request, target, session, feedback)

    def identify_again(self) -> None:
        if self.last_request is not None:
            self.run(self.last_request)

    @property
    def busy(self) -> bool:
        return bool(self.runner.jobs(CHANNEL))

    def cancel(self) -> None:
        self.runner.cancel(CHANNEL)

    def clear(self) -> None:
        self.batch = self.runner.batch(CHANNEL)  # supersedes: nothing running reaches the model any more
        self.model.clear()
        self._nodes = {}

    # -- job callbacks (main thread) --------------------------------------------------------------------
    def _job_done(self, job: Job, target_key: str) -> None:
        outcome = job.value
        node = self._nodes.get(target_key)
        if node is None:
            return
        if outcome is None or job.cancelled:
            # Cancelled from QGIS's task manager rather than by a new click.
            self.summary.cancelled += 1
            self.model.replace_children(node, [Node(MESSAGE, tr("Cancelled"))])
            node.value = TypedValue("text", tr("Cancelled"), None)
            self.model.node_changed(node)
            return
        self.summary.add(outcome)
        self.model.replace_children(node, outcome_nodes(outcome))
        if outcome.error is not None:
            node.value = TypedValue("text", tr("Failed"), None)
            self._failures.append((str(outcome.error), is_auth_problem(outcome.error)))
        else:
            node.value = TypedValue("text", tr("{} · {:.2f} s").format(outcome.found_text(), outcome.elapsed), None)
        self.model.node_changed(node)
        self.serviceFinished.emit(outcome)

    def _all_done(self, batch: Batch) -> None:
        self.elapsed = time.perf_counter() - self._started_at
        message = self.failure_message()
        if message:
            auth = any(is_auth for _text, is_auth in self._failures)
            (self.authProblem if auth else self.serviceFailed).emit(message)
        self.allFinished.emit(self.summary.found, self.elapsed)

    def failure_message(self) -> str:
        """One sentence for the message bar about the click's failed services ("" when none failed): the first
        failure (an authentication problem first) and how many more the dock shows."""
        if not self._failures:
            return ""
        ordered = sorted(self._failures, key=lambda failure: not failure[1])
        first = ordered[0][0]
        others = len(ordered) - 1
        if not others:
            return first
        more = QCoreApplication.translate(
            "ArcGisIdentifyController", "%n more service(s) failed too (see the results dock).", None, others
        )
        return f"{first} {more}"

    def summary_text(self) -> str:
        """The click's outcome in one sentence: what was found, where nothing was, what failed."""
        return self.summary.text(self.elapsed)


def is_auth_problem(error: Exception) -> bool:
    """Token required/invalid, refused credentials, or an authentication configuration that cannot be used."""
    if isinstance(error, ArcGisAuthError):
        return True
    return isinstance(error, ArcGisCredentialError)
