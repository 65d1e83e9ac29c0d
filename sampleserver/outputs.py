"""Files an operation hands out by URL (exportImage?f=json's href), like ArcGIS's arcgisoutput directory."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path

OUTPUT_ROUTE = "/arcgis/rest/directories/arcgisoutput"


class OutputStore:
    """Like ArcGIS's arcgisoutput directory, files are deleted some minutes after they were written."""

    def __init__(self, directory: Path | None = None, max_age_seconds: float = 600.0) -> None:
        self.directory = Path(directory or tempfile.mkdtemp(prefix="sampleserver-out-"))
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_age_seconds = max_age_seconds
        self._lock = threading.Lock()
        self._puts = 0

    def put(self, data: bytes, extension: str) -> str:
        """Stores `data`; returns the file name served under OUTPUT_ROUTE."""
        name = f"_ags_{uuid.uuid4().hex}.{extension.lstrip('.')}"
        with self._lock:
            (self.directory / name).write_bytes(data)
            self._puts += 1
            if self._puts % 100 == 0:
                self._prune()
        return name

    def _prune(self) -> None:
        oldest = time.time() - self.max_age_seconds
        for path in self.directory.glob("_ags_*"):
            try:
                if path.stat().st_mtime < oldest:
                    path.unlink()
            except OSError:
                pass

    def remove_all(self) -> None:
        """Deletes the directory (at server shutdown)."""
        shutil.rmtree(self.directory, ignore_errors=True)

    def path(self, name: str) -> Path | None:
        candidate = (self.directory / name).resolve()
        if candidate.parent != self.directory.resolve() or not candidate.is_file():
            return None
        return candidate

    @staticmethod
    def url(base_url: str, name: str) -> str:
        return f"{base_url}{OUTPUT_ROUTE}/{name}"


OUTPUTS = OutputStore()
