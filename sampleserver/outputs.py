"""Files an operation hands out by URL (exportImage?f=json's href), like ArcGIS's arcgisoutput directory."""

from __future__ import annotations

import tempfile
import threading
import uuid
from pathlib import Path

OUTPUT_ROUTE = "/arcgis/rest/directories/arcgisoutput"


class OutputStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory or tempfile.mkdtemp(prefix="sampleserver-out-"))
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def put(self, data: bytes, extension: str) -> str:
        """Stores `data`; returns the file name served under OUTPUT_ROUTE."""
        name = f"_ags_{uuid.uuid4().hex}.{extension.lstrip('.')}"
        with self._lock:
            (self.directory / name).write_bytes(data)
        return name

    def path(self, name: str) -> Path | None:
        candidate = (self.directory / name).resolve()
        if candidate.parent != self.directory.resolve() or not candidate.is_file():
            return None
        return candidate

    @staticmethod
    def url(base_url: str, name: str) -> str:
        return f"{base_url}{OUTPUT_ROUTE}/{name}"


OUTPUTS = OutputStore()
