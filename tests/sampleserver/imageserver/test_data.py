"""The cached rasters: deterministic, and safe to build from two processes at once."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from osgeo import gdal

REPO_ROOT = Path(__file__).resolve().parents[3]
BUILD = "from sampleserver.imageserver import data; print(data.ensure_data())"


def _pixels_digest(path: Path) -> str:
    """A digest of the pixel values, georeferencing and noData (not of the file bytes, which embed no clock)."""
    ds = gdal.Open(str(path))
    digest = hashlib.sha256()
    digest.update(repr((ds.GetGeoTransform(), ds.GetProjection())).encode())
    for b in range(1, ds.RasterCount + 1):
        band = ds.GetRasterBand(b)
        digest.update(repr(band.GetNoDataValue()).encode())
        digest.update(band.ReadAsArray().tobytes())
    return digest.hexdigest()


def test_two_processes_build_the_same_data_at_once(tmp_path, sample_server):
    env = dict(os.environ, SAMPLESERVER_CACHE=str(tmp_path), PYTHONPATH=str(REPO_ROOT))
    builders = [
        subprocess.Popen([sys.executable, "-c", BUILD], cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [b.communicate(timeout=240)[0].strip() for b in builders]
    assert [b.returncode for b in builders] == [0, 0]
    assert outputs[0] == outputs[1]
    built = Path(outputs[0])
    assert built.parent == tmp_path
    # No half-built folder is left behind.
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [built.name]
    # The same pixels as the server's own cache (built by the session's sample server): deterministic.
    from sampleserver.imageserver import data

    names = sorted(p.name for p in built.glob("*.tif"))
    assert names == sorted(p.name for p in data.CACHE_DIR.glob("*.tif"))
    assert len(names) == 9  # elevation, 5 scenes, landcover, 2 climate variables
    for name in names:
        assert _pixels_digest(built / name) == _pixels_digest(data.CACHE_DIR / name), name
