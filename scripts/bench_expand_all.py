"""Expand All over many MapServer features in the results dock: how long the GUI thread is busy, and how much
background work it starts (derived measures fetch exact geometries: a burst must not fetch them all).

    .venv/bin/python scripts/bench_expand_all.py [--features 250 1000 4000] [--repeat 3]

A real ResultsDock, ResultsModel and BackgroundRunner (offscreen), n synthetic parcels as one layer's identify
results; the time covers expandAll and the events it posts (the first paint included), median of `repeat`.
"measures off" is the same with the dock's measuring switched off, for comparison.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "ui"))


def expand_all(count: int, measuring: bool) -> tuple[float, int]:
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt.QtCore import QCoreApplication
    from test_identify_click import _many_parcels

    from arcgis_identify.app import runner as runner_module
    from arcgis_identify.app.runner import BackgroundRunner
    from arcgis_identify.ui.identify_controller import IdentifyController
    from arcgis_identify.ui.results_builder import outcome_nodes
    from arcgis_identify.ui.results_controller import ResultsController
    from arcgis_identify.ui.results_dock import ResultsDock
    from arcgis_identify.ui.results_model import SERVICE, Node, ResultsModel

    submitted: list[str] = []
    submit = runner_module.Batch.submit

    def counting(self, *args, **kwargs):
        submitted.append(self.channel)
        return submit(self, *args, **kwargs)

    runner_module.Batch.submit = counting
    measure = ResultsController.measure
    if not measuring:
        ResultsController.measure = lambda self, features: None
    canvas, model = QgsMapCanvas(), ResultsModel()
    runner = BackgroundRunner()
    identify = IdentifyController(canvas, model, runner, None)
    dock = ResultsDock(canvas, model, identify, ResultsController(canvas, model, runner, None))
    try:
        service = Node(SERVICE, "Cadastre")
        for child in outcome_nodes(_many_parcels(count)):
            service.add(child)
        model.add_top(service)
        dock.show()
        start = time.perf_counter()
        dock.action_expand.trigger()
        QCoreApplication.processEvents()
        return time.perf_counter() - start, len(submitted)
    finally:
        runner_module.Batch.submit = submit
        ResultsController.measure = measure
        runner.shutdown(2.0)
        dock.deleteLater()
        canvas.deleteLater()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", type=int, nargs="+", default=[250, 1000, 4000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from qgis.core import QgsApplication

    app = QgsApplication([], True)
    app.initQgis()
    for count in args.features:
        for measuring in (True, False):
            runs = [expand_all(count, measuring) for _ in range(args.repeat)]
            seconds = statistics.median(run[0] for run in runs)
            jobs = max(run[1] for run in runs)
            label = "measures on " if measuring else "measures off"
            print(
                f"Expand All, {count:5d} features, {label}: {seconds:6.2f} s on the GUI thread, {jobs} job(s) started"
            )
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
