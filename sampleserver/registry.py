"""The services the sample server publishes."""

from __future__ import annotations

from .service import Service


def build_services() -> list[Service]:
    services: list[Service] = []
    try:
        from .mapserver import build_map_services
    except ImportError:  # being written
        build_map_services = None
    try:
        from .imageserver import build_image_services
    except ImportError:  # being written
        build_image_services = None
    if build_map_services:
        services.extend(build_map_services())
    if build_image_services:
        services.extend(build_image_services())
    return services
