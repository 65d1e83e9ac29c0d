"""The MapServer services of the sample server: World/MapServer and Secure/World/MapServer."""

from __future__ import annotations

from .data import LAYERS, world_gpkg
from .render import MapRenderer
from .service import MapService, load_world_data


def build_map_services() -> list:
    from ..qgis_runtime import ensure_qgis, qgis_data_folder

    ensure_qgis()
    gpkg = world_gpkg(qgis_data_folder() / "world_map.gpkg")
    renderer = MapRenderer(gpkg, LAYERS)
    renderer.warm_up()
    data = load_world_data(gpkg, renderer)
    return [MapService("World/MapServer", data), MapService("Secure/World/MapServer", data, secured=True)]
