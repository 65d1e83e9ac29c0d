"""One QgsApplication for the server process (rendering with QGIS's engine, QGIS's data folder).

QGIS must be initialised on the main thread before any worker thread uses it, so `python -m sampleserver`
calls `ensure_qgis()` before it starts listening.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

_LOCK = threading.Lock()
_APP = None
FALLBACK_QGIS_DATA = Path("/usr/share/qgis/resources/data")


def ensure_qgis():
    """The process's QgsApplication, created (headless, prefix /usr) on first call."""
    global _APP
    with _LOCK:
        from qgis.core import QgsApplication

        existing = QgsApplication.instance()
        if existing is not None:
            _APP = existing
            return existing
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QgsApplication.setPrefixPath("/usr", True)
        _APP = QgsApplication([], False)
        _APP.initQgis()
        return _APP


def qgis_data_folder() -> Path:
    """QGIS's resources/data folder (world_map.gpkg lives there)."""
    try:
        ensure_qgis()
        from qgis.core import QgsApplication

        candidate = Path(QgsApplication.pkgDataPath()) / "resources" / "data"
        if (candidate / "world_map.gpkg").is_file():
            return candidate
    except ImportError:
        pass
    return FALLBACK_QGIS_DATA
