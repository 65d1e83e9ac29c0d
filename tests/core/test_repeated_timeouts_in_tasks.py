"""Timeouts and cancellations in QgsTask threads always end the request, however often a pooled thread is reused.

QgsBlockingNetworkRequest on QGIS 3.22 could hang on the second timeout in a reused task thread; the transport no
longer uses it, and this test would hang (and fail) if a cancelled request ever stopped returning.
"""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication, QgsFeedback, QgsTask

from arcgis_identify.core import ArcGisError, ImageService, MapService
from arcgis_identify.core.qgis_network import dispatcher


class ServiceInfoTask(QgsTask):
    def __init__(self, service, feedback: QgsFeedback | None = None) -> None:
        super().__init__("service info", QgsTask.Flag.CanCancel)
        self.service = service
        self.feedback = feedback
        self.outcome: str | None = None

    def run(self) -> bool:
        try:
            self.service.info(feedback=self.feedback, refresh=True)
            self.outcome = "ok"
        except ArcGisError as error:
            self.outcome = type(error).__name__
        return True


@pytest.mark.parametrize("mode", ["delay-3", "drip"])
def test_every_timed_out_task_returns(qtbot, sample_server, mode):
    slow = ImageService(
        f"{sample_server}/_fault/{mode}/arcgis/rest/services/Elevation/ImageServer", timeout=0.5, transport="qgis"
    )
    healthy = MapService(f"{sample_server}/arcgis/rest/services/World/MapServer", transport="qgis")
    outcomes = []
    for _ in range(8):
        tasks = [ServiceInfoTask(slow), ServiceInfoTask(healthy)]
        for task in tasks:
            QgsApplication.taskManager().addTask(task)
        qtbot.waitUntil(lambda tasks=tasks: all(t.outcome is not None for t in tasks), timeout=15000)
        outcomes.append(tuple(t.outcome for t in tasks))
    assert outcomes == [("ArcGisNetworkError", "ok")] * 8


def test_cancelled_task_returns_at_once(qtbot, sample_server):
    slow = ImageService(f"{sample_server}/_fault/delay-20/arcgis/rest/services/Elevation/ImageServer", transport="qgis")
    for _ in range(4):
        feedback = QgsFeedback()
        task = ServiceInfoTask(slow, feedback)
        QgsApplication.taskManager().addTask(task)
        qtbot.waitUntil(lambda: dispatcher().active() == 1, timeout=5000)  # its request is in flight
        feedback.cancel()
        qtbot.waitUntil(lambda task=task: task.outcome is not None, timeout=5000)
        assert task.outcome == "ArcGisCancelledError"
