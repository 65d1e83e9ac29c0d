"""ArcGIS REST client of the plugin: MapServer/ImageServer identify, legend and exportImage as a Python API.

    from arcgis_identify.core import MapService, ImageService

Pure: no widgets, no iface. See core/README_API.md for examples.
"""

from __future__ import annotations

from .errors import (
    ArcGisAuthError,
    ArcGisCancelledError,
    ArcGisError,
    ArcGisNetworkError,
    ArcGisParameterError,
    ArcGisResponseError,
    ArcGisServiceError,
)
from .http import Gateway
from .models import (
    CatalogItem,
    Dimension,
    ExportedImage,
    Extent,
    ImageIdentifyResult,
    ImageServiceInfo,
    LayerInfo,
    Legend,
    LegendItem,
    LegendLayer,
    Location,
    MapIdentifyResult,
    MapServiceInfo,
    MultidimensionalInfo,
    RasterFunctionInfo,
    ServiceInfo,
    ServiceKind,
    SpatialReference,
    TimeInfo,
    Variable,
)
from .parsing import (
    parse_export_image,
    parse_image_identify,
    parse_legend,
    parse_map_identify,
    parse_multidimensional_info,
    parse_raster_attribute_table,
    parse_service_info,
)
from .services import ImageService, MapService
from .session import Session

__all__ = [
    "ArcGisAuthError",
    "ArcGisCancelledError",
    "ArcGisError",
    "ArcGisNetworkError",
    "ArcGisParameterError",
    "ArcGisResponseError",
    "ArcGisServiceError",
    "CatalogItem",
    "Dimension",
    "ExportedImage",
    "Extent",
    "Gateway",
    "ImageIdentifyResult",
    "ImageService",
    "ImageServiceInfo",
    "LayerInfo",
    "Legend",
    "LegendItem",
    "LegendLayer",
    "Location",
    "MapIdentifyResult",
    "MapService",
    "MapServiceInfo",
    "MultidimensionalInfo",
    "RasterFunctionInfo",
    "ServiceInfo",
    "ServiceKind",
    "Session",
    "SpatialReference",
    "TimeInfo",
    "Variable",
    "parse_export_image",
    "parse_image_identify",
    "parse_legend",
    "parse_map_identify",
    "parse_multidimensional_info",
    "parse_raster_attribute_table",
    "parse_service_info",
]


def _prepare_qgis_network() -> None:
    """Inside QGIS, imported on the main thread: make the main thread ready for requests that worker threads hand
    over (core/qgis_network.py), so that a service made in a worker can use QGIS's network at once."""
    from .transport import qgis_running

    if qgis_running():
        from .mainloop import on_main_thread

        if on_main_thread():
            from .qgis_network import prepare

            prepare()


_prepare_qgis_network()
