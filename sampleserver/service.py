"""What every service of the sample server provides to the dispatcher in app.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Union

from .params import Params


@dataclass
class BinaryReply:
    """Raw bytes (an image, a GeoTIFF) instead of JSON."""

    data: bytes
    mimetype: str
    filename: str | None = None


Reply = Union[dict, list, BinaryReply]


class Service(Protocol):
    path: str  # under /arcgis/rest/services, e.g. "World/MapServer" or "Secure/Elevation/ImageServer"
    type: str  # "MapServer" | "ImageServer"
    secured: bool  # a token is required

    def info(self, params: Params) -> dict:
        """The service resource (GET <service>?f=json)."""

    def handle(self, operation: str, params: Params) -> Reply:
        """An operation or sub-resource: "identify", "legend", "exportImage", "layers", "0", ...

        Raise errors.RestError for anything ArcGIS answers with an error object.
        """
