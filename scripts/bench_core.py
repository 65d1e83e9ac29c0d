"""Point identify latency of core/ against the local sample server.

    .venv/bin/python scripts/bench_core.py [-n 200] [--transport qgis|requests|urllib] [--url http://127.0.0.1:8765]

Starts `python -m sampleserver --port 0` in a subprocess (unless --url is given), then times N point identifies
on World/MapServer and on Elevation/ImageServer and prints the median and 95th percentile. The first request of
each service (connection set-up, service info) is left out of the statistics.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from arcgis_identify.sampleserver.launch import start_sample_server, stop_sample_server


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def bench(label: str, call, count: int) -> None:
    call()  # warm-up: connection, service info
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000.0)
    print(
        f"{label:<34} n={count:<5} median {statistics.median(timings):7.2f} ms   "
        f"p95 {percentile(timings, 0.95):7.2f} ms   max {max(timings):7.2f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--count", type=int, default=100, help="identifies per service (default 100)")
    parser.add_argument("--transport", choices=("qgis", "requests", "urllib"), default=None)
    parser.add_argument("--url", help="base URL of a running sample server (default: start one)")
    args = parser.parse_args(argv)

    app = None
    if args.transport in (None, "qgis"):
        from qgis.core import QgsApplication

        app = QgsApplication([], False)
        app.initQgis()
    from arcgis_identify.core import ImageService, MapService

    proc = None
    base = args.url
    if base is None:
        proc, base = start_sample_server()
    try:
        services = base.rstrip("/") + "/arcgis/rest/services"
        ms = MapService(services + "/World/MapServer", transport=args.transport)
        img = ImageService(services + "/Elevation/ImageServer", transport=args.transport)
        print(f"sample server {base}, transport {ms.gateway.transport.name}")
        view = {"map_extent": (-20, 30, 40, 70), "image_display": (800, 600, 96)}
        bench("MapServer identify (point)", lambda: ms.identify(geometry=(10.0, 50.0), crs=4326, **view), args.count)
        bench("ImageServer identify (point)", lambda: img.identify(geometry=(-84.25, 36.6), crs=4326), args.count)
    finally:
        if proc is not None:
            stop_sample_server(proc)
        if app is not None:
            app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
