"""One identify click over many slow services: does it take as long as one service, or queue?

    .venv/bin/python scripts/bench_fanout.py [-n 15] [--services 8] [--latency 0.1]

Starts the sample server, and has every service answer after `latency` seconds (its /_fault/delay-<s>/ prefix).
Times, per click (median of n clicks, each after a warm-up click that caches the service infos):
- one service through the plugin's BackgroundRunner,
- all services through the runner (plugin-owned threads: the aim is ≤ 1.5 × one service),
- all services as one QgsTask each in QGIS's task pool, the design before the runner, for comparison: the pool
  has as many threads as CPU cores, so the services queue behind each other.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from arcgis_identify.sampleserver.launch import start_sample_server, stop_sample_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--clicks", type=int, default=15)
    parser.add_argument("--services", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds each service takes to answer")
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import (
        QgsApplication,
        QgsCoordinateReferenceSystem,
        QgsMapSettings,
        QgsPointXY,
        QgsRectangle,
        QgsTask,
    )
    from qgis.PyQt.QtCore import QCoreApplication, QSize, QThreadPool

    app = QgsApplication([], False)
    app.initQgis()
    from arcgis_identify.app.identify_request import build_request
    from arcgis_identify.app.identify_runner import run_identify
    from arcgis_identify.app.runner import BackgroundRunner
    from arcgis_identify.app.service_targets import ServiceTarget
    from arcgis_identify.app.settings import IdentifySettings
    from arcgis_identify.core import Session

    proc, base = start_sample_server()
    try:
        prefix = f"{base}/_fault/delay-{args.latency:g}/arcgis/rest/services"
        # ImageServers whose own work is a few ms, so the figure is about waiting, not the sample server's CPU.
        kinds = [("Elevation/ImageServer", "ImageServer"), ("LandCover/ImageServer", "ImageServer")]
        targets = []
        for index in range(args.services):
            path, kind = kinds[index % 2]
            # Distinct URLs (a query-free path variant per service) so nothing is shared but the session.
            url = f"{prefix}/{path}"
            targets.append(ServiceTarget(url=url, kind=kind, label=f"service {index + 1}"))
        map_settings = QgsMapSettings()
        map_settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
        map_settings.setOutputSize(QSize(800, 500))
        map_settings.setExtent(QgsRectangle(-85.0, 36.0, -83.5, 37.0))
        settings = IdentifySettings(timeout_seconds=30)
        session = Session()
        runner = BackgroundRunner(task_manager_delay_ms=None)

        def request_for(chosen):
            return build_request(map_settings, 1.0, QgsPointXY(-84.2, 36.5), settings, chosen)

        def click_runner(chosen) -> float:
            request = request_for(chosen)
            batch = runner.batch("identify")
            started = time.perf_counter()
            for target in chosen:
                batch.submit(target.label, lambda feedback, t=target: run_identify(request, t, session, feedback))
            while batch.pending:
                QCoreApplication.processEvents()
                time.sleep(0.001)
            failed = [job for job in batch.jobs if job.value is None or job.value.error is not None]
            if failed:
                raise SystemExit(f"identify failed: {failed[0].value.error if failed[0].value else failed[0].error}")
            return time.perf_counter() - started

        def click_pool_tasks(chosen) -> float:
            request = request_for(chosen)
            finished: list = []

            def work(task, target):
                try:
                    finished.append(run_identify(request, target, session, None))
                except BaseException as error:  # reported below: a benchmark never waits for ever either
                    finished.append(error)

            tasks = [QgsTask.fromFunction(t.label, work, t) for t in chosen]
            started = time.perf_counter()
            for task in tasks:
                QgsApplication.taskManager().addTask(task)
            while len(finished) < len(chosen) and time.perf_counter() - started < 60:
                QCoreApplication.processEvents()
                time.sleep(0.001)
            errors = [repr(outcome) for outcome in finished if isinstance(outcome, BaseException)]
            if len(finished) < len(chosen) or errors:
                raise RuntimeError(f"{len(finished)} of {len(chosen)} tasks ended within 60 s; errors: {errors}")
            return time.perf_counter() - started

        def median_of(click, chosen) -> float:
            click(chosen)  # warm-up: service infos into the session
            return statistics.median(click(chosen) for _ in range(args.clicks))

        one = median_of(click_runner, targets[:1])
        many = median_of(click_runner, targets)
        try:
            pooled: float | None = median_of(click_pool_tasks, targets)
        except RuntimeError as error:  # QGIS did not run one of the QgsTasks (seen on 3.22): said, not waited for
            pooled, pool_failure = None, str(error)
        cores = QThreadPool.globalInstance().maxThreadCount()
        print(
            f"identify fan-out, {args.services} services answering after {args.latency * 1000:.0f} ms, "
            f"median of {args.clicks} clicks, QGIS task pool of {cores} threads"
        )
        rows = [
            ("1 service, runner", one),
            (f"{args.services} services, runner (plugin threads)", many),
            (f"{args.services} services, one QgsTask each (before)", pooled),
        ]
        for label, seconds in rows:
            if seconds is None:
                print(f"  {label:<42} did not finish: {pool_failure}")
            else:
                print(f"  {label:<42} {seconds * 1000:7.1f} ms   {seconds / one:4.2f} × one service")
        runner.shutdown(timeout=5)
    finally:
        stop_sample_server(proc)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
