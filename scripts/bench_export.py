"""A tiled exportImage to GeoTIFF against a plain HTTP download of the same tiles: time and peak memory.

    .venv/bin/python scripts/bench_export.py [--sizes 2048 8192] [--repeat 3] [--url http://127.0.0.1:8765]

Starts `python -m sampleserver --port 0` (unless --url is given). For each size, over the Elevation service's
extent (F32, maxImageWidth/Height 2000):

- export: `ImageService.export_image(..., to_path=...)` through QGIS's network stack (the plugin's transport);
- plain: the same tiles (same bboxes and sizes) fetched one after the other with urllib, `f=json` then the
  image's href, each written to a file, nothing else.

Each measurement runs in a fresh child process so that its peak RSS (ru_maxrss) is its own; memory is reported
as the peak minus the RSS before the work started. The median time of --repeat runs is printed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from arcgis_identify.sampleserver.launch import start_sample_server, stop_sample_server

SERVICE = "/arcgis/rest/services/Elevation/ImageServer"


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def service_info(base: str) -> dict:
    with urllib.request.urlopen(f"{base}{SERVICE}?f=json", timeout=60) as reply:
        return json.load(reply)


def tile_grid(info: dict, size: int) -> list[tuple[tuple[float, float, float, float], int, int]]:
    """The tiles core/export.py asks for (square pixels over the service extent, balanced tiles)."""
    extent = info["extent"]
    xmin, ymin, xmax, ymax = extent["xmin"], extent["ymin"], extent["xmax"], extent["ymax"]
    cell = max((xmax - xmin) / size, (ymax - ymin) / size)
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    xmin, ymax = cx - cell * size / 2, cy + cell * size / 2
    max_w, max_h = info["maxImageWidth"], info["maxImageHeight"]
    columns, rows = math.ceil(size / max_w), math.ceil(size / max_h)
    tile_w, tile_h = math.ceil(size / columns), math.ceil(size / rows)
    tiles = []
    for row in range(rows):
        for column in range(columns):
            c0, r0 = column * tile_w, row * tile_h
            w, h = min(tile_w, size - c0), min(tile_h, size - r0)
            bbox = (xmin + c0 * cell, ymax - (r0 + h) * cell, xmin + (c0 + w) * cell, ymax - r0 * cell)
            tiles.append((bbox, w, h))
    return tiles


def child_plain(base: str, size: int, folder: Path) -> dict:
    info = service_info(base)
    before = rss_mib()
    start = time.perf_counter()
    for index, (bbox, w, h) in enumerate(tile_grid(info, size)):
        query = urllib.parse.urlencode(
            {
                "bbox": ",".join(repr(v) for v in bbox),
                "bboxSR": 4326,
                "imageSR": 4326,
                "size": f"{w},{h}",
                "format": "tiff",
                "f": "json",
            }
        )
        with urllib.request.urlopen(f"{base}{SERVICE}/exportImage?{query}", timeout=120) as reply:
            href = json.load(reply)["href"]
        href = urllib.parse.urljoin(f"{base}{SERVICE}/", href)
        with urllib.request.urlopen(href, timeout=120) as reply, open(folder / f"tile_{index}.tif", "wb") as out:
            while True:
                chunk = reply.read(1 << 16)
                if not chunk:
                    break
                out.write(chunk)
    return {"seconds": time.perf_counter() - start, "memory": peak_mib() - before, "tiles": index + 1}


def child_export(base: str, size: int, folder: Path) -> dict:
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from arcgis_identify.core import ImageService

    service = ImageService(base + SERVICE)
    info = service.info()
    # Warm-up of the tiled path (imports, GDAL drivers, connections), as the plain download's first request is.
    service.export_image(bbox=info.extent, size=(64, 64), to_path=folder / "warm.tif", max_tile_size=(32, 32))
    before = rss_mib()
    start = time.perf_counter()
    result = service.export_image(bbox=info.extent, size=(size, size), format="tiff", to_path=folder / "out.tif")
    return {"seconds": time.perf_counter() - start, "memory": peak_mib() - before, "tiles": result.tiles}


def run_child(mode: str, base: str, size: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--url", base, "--size", str(size)],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2048, 8192])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url", help="base URL of a running sample server (default: start one)")
    parser.add_argument("--child", choices=("plain", "export"), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        with tempfile.TemporaryDirectory() as folder:
            work = child_plain if args.child == "plain" else child_export
            print(json.dumps(work(args.url, args.size, Path(folder))), flush=True)
        os._exit(0)  # no QGIS teardown in the child: only the numbers matter

    proc = None
    base = args.url
    if base is None:
        proc, base = start_sample_server()
    try:
        print(f"sample server {base}; Elevation (F32), tiles of at most 2000 px; median of {args.repeat}")
        for size in args.sizes:
            runs = {mode: [run_child(mode, base, size) for _ in range(args.repeat)] for mode in ("plain", "export")}
            plain_s = statistics.median(r["seconds"] for r in runs["plain"])
            export_s = statistics.median(r["seconds"] for r in runs["export"])
            plain_m = max(r["memory"] for r in runs["plain"])
            export_m = max(r["memory"] for r in runs["export"])
            tiles = runs["export"][0]["tiles"]
            print(
                f"{size}² ({tiles} tiles)  plain download {plain_s:6.2f} s  +{plain_m:6.1f} MiB   "
                f"export {export_s:6.2f} s  +{export_m:6.1f} MiB   ratio {export_s / plain_s:4.2f}×"
            )
    finally:
        if proc is not None:
            stop_sample_server(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
