"""One service's identify as a QgsTask: the network call runs on a worker thread, the callback on the main thread."""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import QgsFeedback, QgsTask

from .identify_request import IdentifyRequest
from .identify_runner import ServiceOutcome, run_identify
from .service_targets import ServiceTarget


class IdentifyTask(QgsTask):
    def __init__(
        self,
        request: IdentifyRequest,
        target: ServiceTarget,
        generation: int,
        on_finished: Callable[[IdentifyTask], None],
    ) -> None:
        super().__init__(f"ArcGIS Identify: {target.label}", QgsTask.Flag.CanCancel)
        self.request = request
        self.target = target
        self.generation = generation
        self.outcome: ServiceOutcome | None = None
        self.feedback = QgsFeedback()
        self._on_finished = on_finished

    def run(self) -> bool:
        # Only plain data crosses threads: no widget is touched here.
        self.outcome = run_identify(self.request, self.target, self.feedback)
        return not self.isCanceled()

    def cancel(self) -> None:
        self.feedback.cancel()  # aborts the HTTP request in flight
        super().cancel()

    def finished(self, result: bool) -> None:  # main thread
        self._on_finished(self)
