"""MapService and ImageService: the public entry points of core/.

    ms = MapService(url, authcfg=None, token=None)
    ms.info(); ms.identify(geometry=(x, y), crs=4326, map_extent=..., image_display=(w, h, dpi)); ms.legend()
    img = ImageService(url); img.identify(...); img.legend(...); img.export_image(..., to_path="out.tif")

Every method accepts `feedback=` (a QgsFeedback to cancel from another thread) and `timeout=` (seconds) and
raises only ArcGisError subclasses. Service info is cached per session (per URL and credential); identical
legend requests are cached too (clear_caches() empties both).
"""

from __future__ import annotations

import functools
import logging
import threading
from collections import OrderedDict
from typing import Any, Callable, Optional, TypeVar

from . import params as p
from .errors import ArcGisError, ArcGisParameterError
from .http import Gateway, check_url, service_label
from .models import (
    ExportedImage,
    Extent,
    ImageIdentifyResult,
    ImageServiceInfo,
    Legend,
    MapIdentifyResult,
    MapServiceInfo,
    MultidimensionalInfo,
    ServiceInfo,
)
from .parsing import (
    parse_image_identify,
    parse_legend,
    parse_map_identify,
    parse_multidimensional_resource,
    parse_service_info,
)

T = TypeVar("T")

_INFO_CACHE: dict[tuple[str, str], ServiceInfo] = {}
_LEGEND_CACHE: OrderedDict[tuple[str, str, tuple], Legend] = OrderedDict()
_LEGEND_CACHE_SIZE = 256  # legends per session (band combinations × rendering rules × variables)
_CACHE_LOCK = threading.Lock()


def clear_caches() -> None:
    """Forget cached service infos and legends (and issued tokens)."""
    from .auth import clear_token_cache

    with _CACHE_LOCK:
        _INFO_CACHE.clear()
        _LEGEND_CACHE.clear()
    clear_token_cache()


_LOG = logging.getLogger("arcgis_identify.core")


def _only_arcgis_errors(method: Callable[..., T]) -> Callable[..., T]:
    """Arguments core/ cannot use become ArcGisParameterError; nothing but ArcGisError leaves a method."""

    @functools.wraps(method)
    def wrapper(self: _Service, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except ArcGisError:
            raise
        except (TypeError, ValueError, KeyError, IndexError) as error:  # bad argument types and values
            raise ArcGisParameterError(
                f"{method.__name__} on {self.name}: invalid argument ({type(error).__name__}: {error}).",
                service=self.name,
            ) from None
        except Exception as error:
            # A bug of ours: the traceback goes to the log for a bug report, the caller gets a typed error.
            _LOG.exception("%s on %s failed unexpectedly", method.__name__, self.name)
            raise ArcGisError(
                f"{method.__name__} on {self.name} failed unexpectedly ({type(error).__name__}: {error}).",
                service=self.name,
            ) from None

    return wrapper


class _Service:
    service_type = ""

    def __init__(
        self,
        url: str,
        authcfg: Optional[str] = None,
        token: Optional[str] = None,
        *,
        username: Optional[str] = None,
        password: Optional[str] = None,
        timeout: Optional[float] = None,
        transport: Optional[str] = None,
        gateway: Optional[Gateway] = None,
    ) -> None:
        self.url = check_url(url)
        self.name = service_label(self.url)
        self.gateway = gateway or Gateway(
            authcfg=authcfg, token=token, username=username, password=password, timeout=timeout, transport=transport
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"

    def _get(
        self, operation: str, params: dict[str, Any], feedback: Any = None, timeout: Optional[float] = None
    ) -> dict:
        url = self.url + (f"/{operation}" if operation else "")
        return self.gateway.get_json(url, p.clean(params), feedback=feedback, timeout=timeout, service=self.name)

    def _cache_key(self) -> tuple[str, str]:
        return (self.url.lower(), self.gateway.auth_identity)

    @_only_arcgis_errors
    def info(self, *, feedback: Any = None, timeout: Optional[float] = None, refresh: bool = False) -> ServiceInfo:
        """The service resource, typed (MapServiceInfo / ImageServiceInfo); cached for the session."""
        key = self._cache_key()
        if not refresh:
            with _CACHE_LOCK:
                cached = _INFO_CACHE.get(key)
            if cached is not None:
                return cached
        data = self._get("", {}, feedback, timeout)
        info = parse_service_info(data, self.service_type, service=self.name)
        with _CACHE_LOCK:
            _INFO_CACHE[key] = info
        return info

    def _cached_legend(self, legend_params: dict[str, Any], feedback: Any, timeout: Optional[float]) -> Legend:
        cleaned = p.clean(legend_params)
        key = (*self._cache_key(), tuple(sorted(cleaned.items())))
        with _CACHE_LOCK:
            cached = _LEGEND_CACHE.get(key)
            if cached is not None:
                _LEGEND_CACHE.move_to_end(key)
                return cached
        legend = parse_legend(self._get("legend", cleaned, feedback, timeout), service=self.name)
        with _CACHE_LOCK:
            _LEGEND_CACHE[key] = legend
            while len(_LEGEND_CACHE) > _LEGEND_CACHE_SIZE:
                _LEGEND_CACHE.popitem(last=False)
        return legend


class MapService(_Service):
    """An ArcGIS MapServer."""

    service_type = "MapServer"

    def info(self, *, feedback: Any = None, timeout: Optional[float] = None, refresh: bool = False) -> MapServiceInfo:
        return super().info(feedback=feedback, timeout=timeout, refresh=refresh)  # type: ignore[return-value]

    @_only_arcgis_errors
    def identify(
        self,
        geometry: Any,
        crs: Any = None,
        map_extent: Any = None,
        image_display: Any = (400, 400, 96),
        tolerance: int = 5,
        layers: Any = "visible",
        layer_defs: Any = None,
        time: Any = None,
        return_geometry: bool = True,
        max_allowable_offset: Optional[float] = None,
        geometry_precision: Optional[int] = None,
        *,
        layer_time_options: Any = None,
        dynamic_layers: Any = None,
        return_z: bool = False,
        return_m: bool = False,
        gdb_version: Optional[str] = None,
        return_field_name: bool = False,
        return_unformatted_values: bool = False,
        extra_params: Optional[dict[str, Any]] = None,
        feedback: Any = None,
        timeout: Optional[float] = None,
    ) -> list[MapIdentifyResult]:
        """MapServer /identify. `crs` is the CRS of geometry and map_extent (sent as `sr`, so results come
        back in it too). Without map_extent the service's full extent is used (in `crs` when given)."""
        if map_extent is None:
            map_extent = self._default_map_extent(geometry, crs, feedback, timeout)
        params: dict[str, Any] = {
            **p.geometry_params(geometry, crs),
            "sr": p.spatial_reference_param(crs),
            "layers": p.layers_param(layers),
            "layerDefs": p.layer_defs_param(layer_defs),
            "time": p.time_param(time),
            "layerTimeOptions": p.json_param(layer_time_options),
            "tolerance": int(tolerance),
            "mapExtent": p.envelope_param(map_extent),
            "imageDisplay": p.image_display_param(image_display),
            "returnGeometry": bool(return_geometry),
            "maxAllowableOffset": max_allowable_offset,
            "geometryPrecision": int(geometry_precision) if geometry_precision is not None else None,
            "dynamicLayers": p.json_param(dynamic_layers),
            "returnZ": True if return_z else None,
            "returnM": True if return_m else None,
            "gdbVersion": gdb_version,
            "returnFieldName": True if return_field_name else None,
            "returnUnformattedValues": True if return_unformatted_values else None,
        }
        params.update(extra_params or {})
        return parse_map_identify(self._get("identify", params, feedback, timeout), service=self.name)

    def _default_map_extent(self, geometry: Any, crs: Any, feedback: Any, timeout: Optional[float]) -> tuple:
        data, gtype = p.esri_geometry(geometry)
        if gtype == "esriGeometryEnvelope":
            return (data["xmin"], data["ymin"], data["xmax"], data["ymax"])
        info = self.info(feedback=feedback, timeout=timeout)
        extent = info.extent or info.initial_extent
        if extent is None:
            raise ArcGisParameterError(f"{self.name} publishes no extent: pass map_extent.", service=self.name)
        if crs is None or extent.spatial_reference is None or p.same_crs(crs, extent.spatial_reference):
            return extent.bounds
        from .export import transform_bounds

        return transform_bounds(extent.bounds, extent.spatial_reference, crs)

    @_only_arcgis_errors
    def legend(self, *, dynamic_layers: Any = None, feedback: Any = None, timeout: Optional[float] = None) -> Legend:
        """MapServer /legend (cached per identical request)."""
        return self._cached_legend({"dynamicLayers": p.json_param(dynamic_layers)}, feedback, timeout)


class ImageService(_Service):
    """An ArcGIS ImageServer."""

    service_type = "ImageServer"

    def info(self, *, feedback: Any = None, timeout: Optional[float] = None, refresh: bool = False) -> ImageServiceInfo:
        return super().info(feedback=feedback, timeout=timeout, refresh=refresh)  # type: ignore[return-value]

    @_only_arcgis_errors
    def identify(
        self,
        geometry: Any,
        crs: Any = None,
        mosaic_rule: Any = None,
        rendering_rule: Any = None,
        pixel_size: Any = None,
        time: Any = None,
        return_geometry: bool = False,
        return_catalog_items: bool = True,
        return_pixel_values: bool = True,
        max_item_count: Optional[int] = None,
        *,
        slice_id: Optional[int] = None,
        process_as_multidimensional: Optional[bool] = None,
        extra_params: Optional[dict[str, Any]] = None,
        feedback: Any = None,
        timeout: Optional[float] = None,
    ) -> ImageIdentifyResult:
        """ImageServer /identify: pixel values per band and the catalog items under `geometry`."""
        params: dict[str, Any] = {
            **p.geometry_params(geometry, crs),
            "mosaicRule": p.json_param(mosaic_rule),
            "renderingRule": p.json_param(rendering_rule),
            "pixelSize": p.pixel_size_param(pixel_size),
            "time": p.time_param(time),
            "returnGeometry": bool(return_geometry),
            "returnCatalogItems": bool(return_catalog_items),
            "returnPixelValues": bool(return_pixel_values),
            "maxItemCount": int(max_item_count) if max_item_count is not None else None,
            "sliceId": slice_id,
            "processAsMultidimensional": process_as_multidimensional,
        }
        params.update(extra_params or {})
        return parse_image_identify(self._get("identify", params, feedback, timeout), service=self.name)

    @_only_arcgis_errors
    def legend(
        self,
        band_ids: Any = None,
        rendering_rule: Any = None,
        variable: Optional[str] = None,
        *,
        feedback: Any = None,
        timeout: Optional[float] = None,
    ) -> Legend:
        """ImageServer /legend for a band combination, rendering rule and variable (cached per request)."""
        params = {
            "bandIds": p.numbers_param(band_ids, "band_ids") if band_ids is not None else None,
            "renderingRule": p.json_param(rendering_rule),
            "variable": variable,
        }
        return self._cached_legend(params, feedback, timeout)

    @_only_arcgis_errors
    def multidimensional_info(
        self, *, feedback: Any = None, timeout: Optional[float] = None
    ) -> Optional[MultidimensionalInfo]:
        """Variables and dimensions (from the service info, else the multiDimensionalInfo resource)."""
        info = self.info(feedback=feedback, timeout=timeout)
        if info.multidimensional_info is not None:
            return info.multidimensional_info
        if not info.has_multidimensions:
            return None
        data = self._get("multiDimensionalInfo", {}, feedback, timeout)
        return parse_multidimensional_resource(data, service=self.name)

    @_only_arcgis_errors
    def export_image(
        self,
        bbox: Any = None,
        bbox_crs: Any = None,
        size: Any = (400, 400),
        image_crs: Any = None,
        format: str = "tiff",
        pixel_type: Optional[str] = None,
        no_data: Any = None,
        no_data_interpretation: Optional[str] = None,
        interpolation: Optional[str] = None,
        compression_quality: Optional[int] = None,
        band_ids: Any = None,
        mosaic_rule: Any = None,
        rendering_rule: Any = None,
        time: Any = None,
        to_path: Any = None,
        *,
        adjust_aspect_ratio: Optional[bool] = None,
        max_tile_size: Optional[tuple[int, int]] = None,
        extra_params: Optional[dict[str, Any]] = None,
        feedback: Any = None,
        timeout: Optional[float] = None,
    ) -> ExportedImage:
        """ImageServer /exportImage. With to_path, writes a georeferenced GeoTIFF there (streamed; tiled and
        mosaicked when size exceeds the service's maxImageWidth/maxImageHeight, or max_tile_size when given).
        See core.export."""
        from .export import ExportOptions, export_image

        if bbox_crs is None and isinstance(bbox, Extent) and bbox.spatial_reference is not None:
            bbox_crs = bbox.spatial_reference  # an Extent (e.g. from info()) says which CRS it is in
        options = ExportOptions(
            bbox=bbox,
            bbox_crs=bbox_crs,
            size=size,
            image_crs=image_crs,
            format=format,
            pixel_type=pixel_type,
            no_data=no_data,
            no_data_interpretation=no_data_interpretation,
            interpolation=interpolation,
            compression_quality=compression_quality,
            band_ids=band_ids,
            mosaic_rule=mosaic_rule,
            rendering_rule=rendering_rule,
            time=time,
            adjust_aspect_ratio=adjust_aspect_ratio,
            extra_params=dict(extra_params or {}),
        )
        return export_image(
            self, options, to_path=to_path, feedback=feedback, timeout=timeout, max_tile_size=max_tile_size
        )
