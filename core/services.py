"""MapService and ImageService: the public entry points of core/.

    ms = MapService(url, authcfg=None, token=None)
    ms.info(); ms.identify(geometry=(x, y), crs=4326, map_extent=..., image_display=(w, h, dpi)); ms.legend()
    img = ImageService(url); img.identify(...); img.legend(...); img.export_image(..., to_path="out.tif")

Every method accepts `feedback=` (a QgsFeedback to cancel from another thread) and `timeout=` (seconds) and
raises only ArcGisError subclasses (a URL of another type of service, e.g. a MapServer's given to ImageService, is an
ArcGisParameterError). Service info is cached in the service's Session (per URL, service type and credential);
identical legend requests are cached too. Services made with the same `session=` share its caches and tokens;
a service made without one gets a private session.
"""

from __future__ import annotations

import functools
import logging
import urllib.parse
from typing import Any, Callable, Optional, TypeVar

from . import params as p
from .errors import ArcGisError, ArcGisParameterError
from .export import ExportOptions, export_image, transform_bounds
from .feedback import Feedback
from .http import DownloadResult, Gateway, PendingCall, check_url, service_label
from .i18n import tr
from .models import (
    ExportedImage,
    Extent,
    FieldInfo,
    ImageIdentifyResult,
    ImageServiceInfo,
    Legend,
    MapIdentifyResult,
    MapServiceInfo,
    MultidimensionalInfo,
    ServiceInfo,
    ServiceKind,
    SpatialReference,
)
from .parsing import (
    parse_export_image,
    parse_image_identify,
    parse_layer_fields,
    parse_legend,
    parse_map_identify,
    parse_multidimensional_resource,
    parse_raster_attribute_table,
    parse_service_info,
    service_kind_of_info,
)
from .session import Session

T = TypeVar("T")

_LOG = logging.getLogger("arcgis_identify.core")


def service_kind_of_url(url: str) -> Optional[ServiceKind]:
    """The service type a URL's last path segment names (MAP_SERVER for .../World/MapServer, and for a sublayer's
    .../World/MapServer/3), or None when the path does not say (a proxy, a custom address)."""
    segments = [segment for segment in urllib.parse.urlsplit(url).path.split("/") if segment]
    if segments and segments[-1].isdigit():
        segments.pop()
    return ServiceKind.named(segments[-1]) if segments else None


def wrong_kind_error(name: str, found: ServiceKind, wanted: ServiceKind) -> ArcGisParameterError:
    """ "World/MapServer is a MapServer, not an ImageServer." as a typed error."""
    if wanted is ServiceKind.IMAGE_SERVER:
        text = tr("{} is a {}, not an ImageServer.").format(name, found)
    elif found is ServiceKind.IMAGE_SERVER:
        text = tr("{} is an ImageServer, not a {}.").format(name, wanted)
    else:
        text = tr("{} is a {}, not a {}.").format(name, found, wanted)
    return ArcGisParameterError(text, service=name)


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
                tr("{} on {}: invalid argument ({}).").format(
                    method.__name__, self.name, f"{type(error).__name__}: {error}"
                ),
                service=self.name,
            ) from None
        except Exception as error:
            # A bug of ours: the traceback goes to the log for a bug report, the caller gets a typed error.
            _LOG.exception("%s on %s failed unexpectedly", method.__name__, self.name)
            raise ArcGisError(
                tr("{} on {} failed unexpectedly ({}).").format(
                    method.__name__, self.name, f"{type(error).__name__}: {error}"
                ),
                service=self.name,
            ) from None

    return wrapper


class _Service:
    service_type: ServiceKind

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
        session: Optional[Session] = None,
    ) -> None:
        self.url = check_url(url)
        self.name = service_label(self.url)
        named = service_kind_of_url(self.url)
        if named is not None and named != self.service_type:
            raise wrong_kind_error(self.name, named, self.service_type)
        if gateway is not None:
            self.gateway = gateway
        else:
            if session is None:
                session = Session(transport=transport)
            self.gateway = session.gateway(
                authcfg=authcfg, token=token, username=username, password=password, timeout=timeout
            )
        self.session = self.gateway.session

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"

    def _get(
        self,
        operation: str,
        params: dict[str, Any],
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
    ) -> dict:
        url = self.url + (f"/{operation}" if operation else "")
        return self.gateway.get_json(url, p.clean(params), feedback=feedback, timeout=timeout, service=self.name)

    def _cache_key(self) -> tuple[str, str, str]:
        # The type is part of the key: a MapServiceInfo must never answer an ImageService (or the reverse).
        return (self.url.lower(), self.service_type, self.gateway.auth_identity)

    @_only_arcgis_errors
    def info(
        self, *, feedback: Optional[Feedback] = None, timeout: Optional[float] = None, refresh: bool = False
    ) -> ServiceInfo:
        """The service resource, typed (MapServiceInfo / ImageServiceInfo); cached for the session per URL, service
        type and credential. Raises ArcGisParameterError when the server's answer is another type of service."""

        def load() -> ServiceInfo:
            data = self._get("", {}, feedback, timeout)
            found = service_kind_of_info(data)
            if found is not None and found != self.service_type:
                raise wrong_kind_error(self.name, found, self.service_type)
            return parse_service_info(data, self.service_type, service=self.name)

        return self.session.cached_info(self._cache_key(), load, refresh=refresh)

    def _legend_key(self, legend_params: dict[str, Any]) -> tuple:
        return (*self._cache_key(), tuple(sorted(p.clean(legend_params).items())))

    def _cached_legend(
        self,
        legend_params: dict[str, Any],
        feedback: Optional[Feedback],
        timeout: Optional[float],
        refresh: bool = False,
    ) -> Legend:
        cleaned = p.clean(legend_params)

        def load() -> Legend:
            return parse_legend(self._get("legend", cleaned, feedback, timeout), service=self.name)

        return self.session.cached_legend(self._legend_key(legend_params), load, refresh=refresh)


class MapService(_Service):
    """An ArcGIS MapServer."""

    service_type = ServiceKind.MAP_SERVER

    def info(
        self, *, feedback: Optional[Feedback] = None, timeout: Optional[float] = None, refresh: bool = False
    ) -> MapServiceInfo:
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
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
    ) -> list[MapIdentifyResult]:
        """MapServer /identify. `crs` is the CRS of geometry and map_extent (sent as `sr`, so results come
        back in it too). Without map_extent the service's full extent is used (in `crs` when given)."""
        crs = p.spatial_reference(crs)
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

    @_only_arcgis_errors
    def layer_fields(
        self, layer_id: int, *, feedback: Optional[Feedback] = None, timeout: Optional[float] = None
    ) -> list[FieldInfo]:
        """The fields (name, esri type, alias) of one layer, from its layer resource; cached for the session."""

        def load() -> list[FieldInfo]:
            return parse_layer_fields(self._get(str(int(layer_id)), {}, feedback, timeout))

        return self.session.cached_info((*self._cache_key(), "fields", int(layer_id)), load)

    @_only_arcgis_errors
    def query_geometries(
        self,
        layer_id: int,
        object_ids: list[int],
        crs: Any = None,
        *,
        oid_field: str = "",
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
    ) -> dict[int, dict]:
        """The exact geometries (no generalisation, full precision) of features by object id, in `crs`:
        {object id: Esri geometry JSON}. Sent in pages of the service's maxRecordCount (or 1000)."""
        crs = p.spatial_reference(crs)
        ids = [int(i) for i in dict.fromkeys(object_ids)]
        page = 1000
        found: dict[int, dict] = {}
        for start in range(0, len(ids), page):
            chunk = ids[start : start + page]
            data = self._get(
                f"{int(layer_id)}/query",
                {
                    "objectIds": ",".join(str(i) for i in chunk),
                    "outFields": oid_field or "*",
                    "returnGeometry": True,
                    "outSR": p.json_param(crs.to_dict()) if crs is not None else None,
                },
                feedback,
                timeout,
            )
            id_field = (data.get("objectIdFieldName") if isinstance(data, dict) else None) or oid_field
            for feature in (data.get("features") if isinstance(data, dict) else None) or []:
                attributes = feature.get("attributes") or {}
                oid = attributes.get(id_field) if id_field else None
                if oid is None:
                    oid = next((v for k, v in attributes.items() if k.lower() in ("objectid", "fid", "oid")), None)
                geometry = feature.get("geometry")
                if oid is not None and isinstance(geometry, dict):
                    if "spatialReference" not in geometry and isinstance(data.get("spatialReference"), dict):
                        geometry = {**geometry, "spatialReference": data["spatialReference"]}
                    found[int(oid)] = geometry
        return found

    def _default_map_extent(
        self, geometry: Any, crs: Optional[SpatialReference], feedback: Optional[Feedback], timeout: Optional[float]
    ) -> tuple:
        data, gtype = p.esri_geometry(geometry)
        if gtype == "esriGeometryEnvelope":
            return (data["xmin"], data["ymin"], data["xmax"], data["ymax"])
        info = self.info(feedback=feedback, timeout=timeout)
        extent = info.extent or info.initial_extent
        if extent is None:
            raise ArcGisParameterError(
                tr("{} publishes no extent: pass map_extent.").format(self.name), service=self.name
            )
        if crs is None or extent.spatial_reference is None or p.same_crs(crs, extent.spatial_reference):
            return extent.bounds
        return transform_bounds(extent.bounds, extent.spatial_reference, crs)

    @_only_arcgis_errors
    def legend(
        self,
        *,
        dynamic_layers: Any = None,
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
        refresh: bool = False,
    ) -> Legend:
        """MapServer /legend (cached per identical request in the session; refresh=True fetches again)."""
        return self._cached_legend({"dynamicLayers": p.json_param(dynamic_layers)}, feedback, timeout, refresh)


class ImageService(_Service):
    """An ArcGIS ImageServer."""

    service_type = ServiceKind.IMAGE_SERVER

    def info(
        self, *, feedback: Optional[Feedback] = None, timeout: Optional[float] = None, refresh: bool = False
    ) -> ImageServiceInfo:
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
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
    ) -> ImageIdentifyResult:
        """ImageServer /identify: pixel values per band and the catalog items under `geometry`."""
        crs = p.spatial_reference(crs)
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
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
        refresh: bool = False,
    ) -> Legend:
        """ImageServer /legend for a band combination, rendering rule and variable (cached per request in the
        session; refresh=True fetches again)."""
        return self._cached_legend(self._legend_params(band_ids, rendering_rule, variable), feedback, timeout, refresh)

    @staticmethod
    def _legend_params(band_ids: Any, rendering_rule: Any, variable: Optional[str]) -> dict[str, Any]:
        return {
            "bandIds": p.numbers_param(band_ids, "band_ids") if band_ids is not None else None,
            "renderingRule": p.json_param(rendering_rule),
            "variable": variable,
        }

    def legend_is_cached(
        self, band_ids: Any = None, rendering_rule: Any = None, variable: Optional[str] = None
    ) -> bool:
        """Whether legend() with these arguments would be answered from the session's cache."""
        return self.session.has_legend(self._legend_key(self._legend_params(band_ids, rendering_rule, variable)))

    @_only_arcgis_errors
    def export_image_info(
        self, query: dict[str, Any], *, feedback: Optional[Feedback] = None, timeout: Optional[float] = None
    ) -> ExportedImage:
        """exportImage with f=json for already built query parameters (core.export.ExportOptions.query()): the
        image's href and the extent the server actually used."""
        data = self._get("exportImage", query, feedback, timeout)
        return parse_export_image(data, service=self.name)

    def begin_export_image_info(
        self,
        query: dict[str, Any],
        *,
        waiter: Any,
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
    ) -> PendingCall:
        """export_image_info without waiting: a PendingCall (core/http.py) whose value is the answer's JSON object
        (parse it with parse_export_image), for a thread that drives several requests at once."""
        return self.gateway.begin_json(
            self.url + "/exportImage",
            p.clean(query),
            waiter=waiter,
            feedback=feedback,
            timeout=timeout,
            service=self.name,
        )

    def begin_download(
        self,
        href: str,
        to_path: Any,
        *,
        waiter: Any,
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
    ) -> PendingCall:
        """download without waiting (a PendingCall whose value is the DownloadResult); the same credential rule."""
        return self.gateway.begin_download(
            href,
            to_path,
            waiter=waiter,
            feedback=feedback,
            timeout=timeout,
            service=self.name,
            credential_origin=self.url,
        )

    @_only_arcgis_errors
    def download(
        self,
        href: str,
        to_path: Any,
        *,
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
        report_progress: bool = False,
    ) -> DownloadResult:
        """Streams an exported image's href to `to_path`. The href comes from the server's answer, so the gateway
        sends the credential (token, Basic header, QGIS authcfg) with it only when it is on this service's own
        scheme, host and port; an href on any other origin is fetched without credentials."""
        return self.gateway.download_to_file(
            href,
            to_path,
            feedback=feedback,
            timeout=timeout,
            service=self.name,
            credential_origin=self.url,
            report_progress=report_progress,
        )

    @_only_arcgis_errors
    def multidimensional_info(
        self, *, feedback: Optional[Feedback] = None, timeout: Optional[float] = None
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
    def raster_attribute_table(
        self, *, feedback: Optional[Feedback] = None, timeout: Optional[float] = None
    ) -> list[dict[str, Any]]:
        """The rows of the rasterAttributeTable resource (attributes only, in the server's order): what a unique
        values legend's class names stand for in pixel values."""
        data = self._get("rasterAttributeTable", {}, feedback, timeout)
        return parse_raster_attribute_table(data, service=self.name)

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
        feedback: Optional[Feedback] = None,
        timeout: Optional[float] = None,
    ) -> ExportedImage:
        """ImageServer /exportImage. With to_path, writes a georeferenced GeoTIFF there (streamed; tiled and
        mosaicked when size exceeds the service's maxImageWidth/maxImageHeight, or max_tile_size when given).
        See core.export."""
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
