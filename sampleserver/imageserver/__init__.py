"""The sample server's ImageServer services: Elevation, Imagery, LandCover, Climate and Secure/Elevation."""

from __future__ import annotations

from .datasets import load_all
from .service import ImageService

__all__ = ["ImageService", "build_image_services"]


def build_image_services() -> list[ImageService]:
    """The image services, building the cached rasters first if needed."""
    data = load_all()
    return [
        ImageService(data["Elevation"], "Elevation/ImageServer"),
        ImageService(data["Imagery"], "Imagery/ImageServer"),
        ImageService(data["LandCover"], "LandCover/ImageServer"),
        ImageService(data["Climate"], "Climate/ImageServer"),
        ImageService(data["Elevation"], "Secure/Elevation/ImageServer", secured=True),
    ]
