"""Decoded ArcGIS JSON in, typed models out.

Real servers are sloppy (numbers as strings or in exponent notation, "Null" strings, `properties: {}`
instead of null, missing keys, wkid without latestWkid), so every field is read leniently; anything
structurally wrong raises ArcGisResponseError, and an ArcGIS error payload raises ArcGisServiceError.
No other exception escapes these functions, whatever the input.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from typing import Any, Callable, Optional, TypeVar

from .errors import ArcGisError, ArcGisResponseError, error_from_payload
from .i18n import tr
from .lenient import read_bool, read_int, read_number, read_text
from .models import (
    CatalogItem,
    Dimension,
    ExportedImage,
    Extent,
    FieldInfo,
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
    ServiceKind,
    SpatialReference,
    TimeInfo,
    Variable,
    parse_spatial_reference_lenient,
)

T = TypeVar("T")


# -- lenient structure readers ---------------------------------------------------------------------
def _obj(value: Any, what: str) -> dict:
    """A JSON object; null/missing counts as empty; anything else is malformed."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    raise ArcGisResponseError(f"Expected an object for {what}, got {type(value).__name__}.")


def _arr(value: Any, what: str) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise ArcGisResponseError(f"Expected a list for {what}, got {type(value).__name__}.")


def _num_list(value: Any) -> list[Optional[float]]:
    if isinstance(value, list):
        return [read_number(v) for v in value]
    number = read_number(value)
    return [number] if number is not None else []


def _str_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [t for t in (read_text(v) for v in value) if t is not None]
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return []


def _check_error(data: Any, service: Optional[str]) -> None:
    if isinstance(data, dict) and "error" in data and data.get("error") is not None:
        raise error_from_payload(data, service=service)


def _response_name(what: str) -> str:
    """What a parser reads, in the interface's language (asked when a sentence is made: a translator installed
    after this module was imported applies)."""
    names = {
        "layer": tr("layer"),
        "identify": tr("identify"),
        "image identify": tr("image identify"),
        "legend": tr("legend"),
        "raster attribute table": tr("raster attribute table"),
        "export": tr("export"),
        "service info": tr("service info"),
        "multidimensional info": tr("multidimensional info"),
        "token": tr("token"),
    }
    return names.get(what, what)


def _defensive(name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Turn any unexpected exception of a parser into ArcGisResponseError naming the service."""

    def decorate(func: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(func)
        def wrapper(data: Any, *args: Any, service: Optional[str] = None, **kwargs: Any) -> T:
            what = _response_name(name)
            try:
                if not isinstance(data, dict):
                    raise ArcGisResponseError(f"expected a JSON object, got {type(data).__name__}")
                _check_error(data, service)
                return func(data, *args, **kwargs)
            except ArcGisResponseError as error:
                if service:
                    text = tr("The {} response from {} is not what ArcGIS sends: {}").format(
                        what, service, error.message
                    )
                else:
                    text = tr("The {} response is not what ArcGIS sends: {}").format(what, error.message)
                raise ArcGisResponseError(text, service=service) from None
            except ArcGisError:
                raise
            except (RecursionError, MemoryError):
                if service:
                    message = tr("The {} response from {} is too deeply nested.").format(what, service)
                else:
                    message = tr("The {} response is too deeply nested.").format(what)
                raise ArcGisResponseError(message, service=service) from None
            except Exception as error:  # the contract: nothing but ArcGisError escapes
                if service:
                    text = tr("The {} response from {} is not what ArcGIS sends ({}).").format(
                        what, service, type(error).__name__
                    )
                else:
                    text = tr("The {} response is not what ArcGIS sends ({}).").format(what, type(error).__name__)
                raise ArcGisResponseError(text, service=service) from None

        return wrapper

    return decorate


# -- shared pieces ---------------------------------------------------------------------------------
def parse_extent(value: Any, default_sr: Optional[SpatialReference] = None) -> Optional[Extent]:
    """An Extent from an Esri envelope; None when a coordinate is missing or not a number."""
    if not isinstance(value, dict):
        return None
    coords = [read_number(value.get(k)) for k in ("xmin", "ymin", "xmax", "ymax")]
    if any(c is None for c in coords):
        return None
    sr = parse_spatial_reference_lenient(value.get("spatialReference")) or default_sr
    return Extent(coords[0], coords[1], coords[2], coords[3], sr)  # type: ignore[arg-type]


def parse_time_info(value: Any) -> Optional[TimeInfo]:
    if not isinstance(value, dict) or not value:
        return None
    extent = value.get("timeExtent")
    start = end = None
    if isinstance(extent, list):
        if len(extent) > 0:
            start = read_number(extent[0])
        if len(extent) > 1:
            end = read_number(extent[1])
    reference = value.get("timeReference")
    return TimeInfo(
        start=start,
        end=end,
        time_reference=reference if isinstance(reference, dict) else None,
        start_time_field=read_text(value.get("startTimeField")),
        end_time_field=read_text(value.get("endTimeField")),
        track_id_field=read_text(value.get("trackIdField")),
        time_interval=read_number(value.get("timeInterval")),
        time_interval_units=read_text(value.get("timeIntervalUnits")),
        default_time_interval=read_number(value.get("defaultTimeInterval")),
        default_time_interval_units=read_text(value.get("defaultTimeIntervalUnits")),
        has_live_data=read_bool(value.get("hasLiveData")),
    )


def _decode_base64(value: Any) -> Optional[bytes]:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.startswith("data:"):
        _, _, text = text.partition(",")
    text = re.sub(r"\s+", "", text)
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=False)
    except (binascii.Error, ValueError):
        return None


def decode_data_uri(uri: str) -> tuple[Optional[str], Optional[bytes]]:
    """(content type, bytes) of a base64 `data:` URI; (None, None) when it is not one."""
    if not isinstance(uri, str) or not uri.startswith("data:") or "," not in uri:
        return None, None
    header, _, _ = uri.partition(",")
    content_type = header[5:].split(";")[0] or None
    return content_type, _decode_base64(uri)


# -- MapServer identify ----------------------------------------------------------------------------
@_defensive("layer")
def parse_layer_fields(data: dict) -> list[FieldInfo]:
    """The `fields` of a MapServer layer resource or an ImageServer resource; malformed entries are skipped."""
    fields = []
    listed = data.get("fields") if isinstance(data, dict) else None
    for item in listed if isinstance(listed, list) else []:  # a number or an object there: no fields known
        if not isinstance(item, dict) or not read_text(item.get("name")):
            continue
        name = read_text(item.get("name"))
        fields.append(
            FieldInfo(name=name, type=read_text(item.get("type")) or "", alias=read_text(item.get("alias")) or name)
        )
    return fields


@_defensive("identify")
def parse_map_identify(data: dict) -> list[MapIdentifyResult]:
    """`{"results": [...]}` of MapServer /identify → one MapIdentifyResult per feature, in server order."""
    if "results" not in data:
        raise ArcGisResponseError("it has no 'results'")
    results = []
    for index, raw in enumerate(_arr(data.get("results"), "results")):
        item = _obj(raw, f"results[{index}]")
        attributes = _obj(item.get("attributes"), f"results[{index}].attributes")
        geometry = item.get("geometry")
        if geometry is not None and not isinstance(geometry, dict):
            raise ArcGisResponseError(f"results[{index}].geometry is not an object")
        results.append(
            MapIdentifyResult(
                layer_id=read_int(item.get("layerId")),
                layer_name=read_text(item.get("layerName")) or "",
                value=read_text(item.get("value")),
                display_field_name=read_text(item.get("displayFieldName")),
                attributes=dict(attributes),  # dicts keep the server's key order
                geometry_type=read_text(item.get("geometryType")),
                geometry=geometry or None,
                has_z=bool(read_bool(item.get("hasZ"))),
                has_m=bool(read_bool(item.get("hasM"))),
            )
        )
    return results


# -- ImageServer identify --------------------------------------------------------------------------
def parse_pixel_values(value: Any) -> list[Optional[float]]:
    """Band values from ArcGIS's pixel strings: "NoData", "-17.5575", "17, 22, 39, 45", "10 18 34 43"."""
    if value is None:
        return []
    if isinstance(value, list):
        return [read_number(v) for v in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [read_number(value)]
    if not isinstance(value, str):
        return []
    text = value.strip()
    if not text:
        return []
    parts = [p for p in re.split(r"[,\s;]+", text) if p]
    return [read_number(p) for p in parts]


@_defensive("image identify")
def parse_image_identify(data: dict) -> ImageIdentifyResult:
    """ImageServer /identify → pixel values per band and catalog items, index-aligned as sent."""
    if not any(k in data for k in ("value", "location", "objectId", "name", "catalogItems")):
        raise ArcGisResponseError("it has none of 'value', 'location', 'catalogItems'")
    raw_value = data.get("value")
    value = read_text(raw_value)
    values = parse_pixel_values(raw_value)
    is_nodata = value is None or value.strip().lower() in ("nodata", "") or all(v is None for v in values)

    location = None
    loc = data.get("location")
    if isinstance(loc, dict):
        location = Location(
            x=read_number(loc.get("x")),
            y=read_number(loc.get("y")),
            spatial_reference=parse_spatial_reference_lenient(loc.get("spatialReference")),
        )
    elif loc is not None:
        raise ArcGisResponseError("'location' is not an object")

    properties = _obj(data.get("properties"), "properties")
    item_values = _arr(properties.get("Values"), "properties.Values")
    visibilities = _arr(data.get("catalogItemVisibilities"), "catalogItemVisibilities")
    catalog = _obj(data.get("catalogItems"), "catalogItems")
    features = _arr(catalog.get("features"), "catalogItems.features")
    catalog_sr = parse_spatial_reference_lenient(catalog.get("spatialReference"))
    geometry_type = read_text(catalog.get("geometryType"))

    # Raw index alignment: feature i ↔ catalogItemVisibilities[i] ↔ properties.Values[i].
    count = max(len(features), len(visibilities), len(item_values))
    items = []
    for i in range(count):
        feature = _obj(features[i], f"catalogItems.features[{i}]") if i < len(features) else {}
        geometry = feature.get("geometry")
        if geometry is not None and not isinstance(geometry, dict):
            raise ArcGisResponseError(f"catalogItems.features[{i}].geometry is not an object")
        raw_item_value = item_values[i] if i < len(item_values) else None
        sr = (
            parse_spatial_reference_lenient(geometry.get("spatialReference")) if isinstance(geometry, dict) else None
        ) or catalog_sr
        items.append(
            CatalogItem(
                attributes=dict(_obj(feature.get("attributes"), f"catalogItems.features[{i}].attributes")),
                geometry=geometry or None,
                geometry_type=geometry_type,
                spatial_reference=sr,
                visibility=read_number(visibilities[i]) if i < len(visibilities) else None,
                value=read_text(raw_item_value),
                values=parse_pixel_values(raw_item_value) if raw_item_value is not None else None,
            )
        )
    return ImageIdentifyResult(
        object_id=read_int(data.get("objectId")),
        name=read_text(data.get("name")),
        value=value,
        values=values,
        is_nodata=is_nodata,
        location=location,
        catalog_items=items,
        object_id_field_name=read_text(catalog.get("objectIdFieldName")),
        properties=dict(properties),
    )


# -- legend ----------------------------------------------------------------------------------------
@_defensive("legend")
def parse_legend(data: dict) -> Legend:
    """MapServer or ImageServer /legend → layers with their swatches (decoded PNG bytes)."""
    if "layers" not in data:
        raise ArcGisResponseError("it has no 'layers'")
    layers = []
    for index, raw in enumerate(_arr(data.get("layers"), "layers")):
        layer = _obj(raw, f"layers[{index}]")
        items = []
        for raw_item in _arr(layer.get("legend"), f"layers[{index}].legend"):
            if not isinstance(raw_item, dict):
                continue  # one malformed entry must not cost the user the rest of the legend
            item = raw_item
            raw_values = item.get("values")
            if raw_values is not None and not isinstance(raw_values, list):
                raw_values = [raw_values]  # a single value sent bare
            items.append(
                LegendItem(
                    label=read_text(item.get("label")) or "",
                    image=_decode_base64(item.get("imageData")),
                    content_type=read_text(item.get("contentType")),
                    width=read_int(item.get("width")),
                    height=read_int(item.get("height")),
                    values=list(raw_values) if isinstance(raw_values, list) else [],
                    url=read_text(item.get("url")),
                )
            )
        layers.append(
            LegendLayer(
                layer_id=read_int(layer.get("layerId")),
                layer_name=read_text(layer.get("layerName")) or "",
                layer_type=read_text(layer.get("layerType")),
                legend_type=read_text(layer.get("legendType")),
                min_scale=read_number(layer.get("minScale")),
                max_scale=read_number(layer.get("maxScale")),
                items=items,
            )
        )
    return Legend(layers=layers)


@_defensive("raster attribute table")
def parse_raster_attribute_table(data: dict) -> list[dict[str, Any]]:
    """ImageServer /rasterAttributeTable → the attributes of each row, in the server's order."""
    rows = []
    for raw in _arr(data.get("features"), "features"):
        attributes = raw.get("attributes") if isinstance(raw, dict) else None
        if isinstance(attributes, dict):
            rows.append(dict(attributes))
    return rows


# -- export ----------------------------------------------------------------------------------------
@_defensive("export")
def parse_export_image(data: dict) -> ExportedImage:
    """exportImage / export f=json → href (or inline imageData), size, the extent actually used, scale."""
    href = read_text(data.get("href"))
    image_data = _decode_base64(data.get("imageData"))
    content_type = read_text(data.get("contentType"))
    if href and href.startswith("data:"):
        uri_type, uri_bytes = decode_data_uri(href)
        image_data = image_data or uri_bytes
        content_type = content_type or uri_type
    if not href and image_data is None:
        raise ArcGisResponseError("it has neither 'href' nor 'imageData'")
    extent_raw = data.get("extent")
    if extent_raw is not None and not isinstance(extent_raw, dict):
        raise ArcGisResponseError("'extent' is not an object")
    extent = parse_extent(extent_raw)
    spatial_reference = extent.spatial_reference if extent else None
    return ExportedImage(
        href=href,
        width=read_int(data.get("width")),
        height=read_int(data.get("height")),
        extent=extent,
        spatial_reference=spatial_reference,
        scale=read_number(data.get("scale")),
        image_data=image_data,
        content_type=content_type,
    )


# -- service info ----------------------------------------------------------------------------------
def _service_type(data: dict, hint: Optional[str]) -> ServiceKind:
    if hint:
        return ServiceKind.IMAGE_SERVER if "image" in hint.lower() else ServiceKind.MAP_SERVER
    if any(k in data for k in ("bandCount", "pixelType", "pixelSizeX", "serviceDataType")):
        return ServiceKind.IMAGE_SERVER
    if any(k in data for k in ("layers", "mapName", "tables", "supportedImageFormatTypes")):
        return ServiceKind.MAP_SERVER
    raise ArcGisResponseError("it is neither a MapServer nor an ImageServer resource")


_IMAGE_INFO_KEYS = ("bandCount", "pixelType", "pixelSizeX", "pixelSizeY")
_FEATURE_INFO_KEYS = ("allowGeometryUpdates", "supportsApplyEditsWithGlobalIds", "syncEnabled")
_EDIT_CAPABILITIES = {"create", "update", "delete", "editing", "sync", "extract"}


def service_kind_of_info(data: Any) -> Optional[ServiceKind]:
    """IMAGE_SERVER, MAP_SERVER or FEATURE_SERVER when a service resource (`<service>?f=json`) clearly says which
    it is, else None. An ImageServer's has pixelType/bandCount, a MapServer's mapName/supportedImageFormatTypes,
    a FeatureServer's editing keys; the capabilities ("Image,…", "Map,…", "Query,Create,…") settle the rest."""
    if not isinstance(data, dict):
        return None
    service_data_type = data.get("serviceDataType")
    if any(key in data for key in _IMAGE_INFO_KEYS) or (
        isinstance(service_data_type, str) and service_data_type.startswith("esriImageService")
    ):
        return ServiceKind.IMAGE_SERVER
    if "mapName" in data or "supportedImageFormatTypes" in data:
        return ServiceKind.MAP_SERVER
    if any(key in data for key in _FEATURE_INFO_KEYS):
        return ServiceKind.FEATURE_SERVER
    capabilities = {c.lower() for c in _str_list(data.get("capabilities"))}
    if "image" in capabilities:
        return ServiceKind.IMAGE_SERVER
    if "map" in capabilities:
        return ServiceKind.MAP_SERVER
    if capabilities & _EDIT_CAPABILITIES:
        return ServiceKind.FEATURE_SERVER
    return None


def _capabilities(value: Any) -> list[str]:
    return _str_list(value)


def _layer_info(raw: Any, index: int) -> LayerInfo:
    layer = _obj(raw, f"layers[{index}]")
    layer_id = read_int(layer.get("id"))
    if layer_id is None:
        raise ArcGisResponseError(f"layers[{index}] has no id")
    sub = layer.get("subLayerIds")
    parent = read_int(layer.get("parentLayerId"))
    return LayerInfo(
        id=layer_id,
        name=read_text(layer.get("name")) or str(layer_id),
        parent_layer_id=None if parent is None or parent < 0 else parent,
        default_visibility=read_bool(layer.get("defaultVisibility")) is not False,
        sub_layer_ids=[i for i in (read_int(s) for s in sub) if i is not None] if isinstance(sub, list) else None,
        min_scale=read_number(layer.get("minScale")),
        max_scale=read_number(layer.get("maxScale")),
        type=read_text(layer.get("type")),
        geometry_type=read_text(layer.get("geometryType")),
    )


def parse_multidimensional_info(value: Any) -> Optional[MultidimensionalInfo]:
    """multidimensionalInfo (the object, or the /multiDimensionalInfo resource that wraps it)."""
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("multidimensionalInfo"), dict):
        value = value["multidimensionalInfo"]
    variables = []
    for i, raw in enumerate(_arr(value.get("variables"), "multidimensionalInfo.variables")):
        var = _obj(raw, f"variables[{i}]")
        dimensions = []
        for j, raw_dim in enumerate(_arr(var.get("dimensions"), f"variables[{i}].dimensions")):
            dim = _obj(raw_dim, f"variables[{i}].dimensions[{j}]")
            dim_values = dim.get("values")
            dim_extent = dim.get("extent")
            dimensions.append(
                Dimension(
                    name=read_text(dim.get("name")) or "",
                    description=read_text(dim.get("description")),
                    unit=read_text(dim.get("unit")),
                    values=list(dim_values) if isinstance(dim_values, list) else [],
                    extent=list(dim_extent) if isinstance(dim_extent, list) else None,
                    has_regular_intervals=read_bool(dim.get("hasRegularIntervals")),
                    interval=read_number(dim.get("interval")),
                    interval_unit=read_text(dim.get("intervalUnit")),
                    has_ranges=read_bool(dim.get("hasRanges")),
                )
            )
        stats = var.get("statistics")
        variables.append(
            Variable(
                name=read_text(var.get("name")) or "",
                description=read_text(var.get("description")),
                unit=read_text(var.get("unit")),
                dimensions=dimensions,
                statistics=list(stats) if isinstance(stats, list) else None,
            )
        )
    return MultidimensionalInfo(variables=variables)


@_defensive("service info")
def parse_service_info(data: dict, service_type: Optional[str] = None) -> MapServiceInfo | ImageServiceInfo:
    """A MapServer or ImageServer resource (`<service>?f=json`) → MapServiceInfo / ImageServiceInfo."""
    kind = _service_type(data, service_type)
    sr = parse_spatial_reference_lenient(data.get("spatialReference"))
    full_extent = parse_extent(data.get("fullExtent") or data.get("extent"), sr)
    initial_extent = parse_extent(data.get("initialExtent"), sr)
    if sr is None:
        sr = (full_extent.spatial_reference if full_extent else None) or (
            initial_extent.spatial_reference if initial_extent else None
        )
    common = dict(
        service_type=kind,
        name=read_text(data.get("name")) or read_text(data.get("mapName")),
        description=read_text(data.get("description")),
        service_description=read_text(data.get("serviceDescription")),
        copyright_text=read_text(data.get("copyrightText")),
        current_version=read_number(data.get("currentVersion")),
        spatial_reference=sr,
        extent=full_extent,
        initial_extent=initial_extent,
        capabilities=_capabilities(data.get("capabilities")),
        time_info=parse_time_info(data.get("timeInfo")),
        max_image_width=read_int(data.get("maxImageWidth")),
        max_image_height=read_int(data.get("maxImageHeight")),
        raw=data,
    )
    if kind is ServiceKind.MAP_SERVER:
        layers = [_layer_info(raw, i) for i, raw in enumerate(_arr(data.get("layers"), "layers"))]
        tables = [t for t in _arr(data.get("tables"), "tables") if isinstance(t, dict)]
        return MapServiceInfo(
            **common,
            map_name=read_text(data.get("mapName")),
            layers=layers,
            tables=tables,
            units=read_text(data.get("units")),
            supported_image_format_types=_str_list(data.get("supportedImageFormatTypes")),
            supports_dynamic_layers=read_bool(data.get("supportsDynamicLayers")),
            max_record_count=read_int(data.get("maxRecordCount")),
            single_fused_map_cache=read_bool(data.get("singleFusedMapCache")),
        )
    raster_functions = []
    for i, raw in enumerate(_arr(data.get("rasterFunctionInfos"), "rasterFunctionInfos")):
        info = _obj(raw, f"rasterFunctionInfos[{i}]")
        raster_functions.append(
            RasterFunctionInfo(
                name=read_text(info.get("name")) or "",
                description=read_text(info.get("description")),
                help=read_text(info.get("help")),
            )
        )
    no_data_values = _num_list(data.get("noDataValues"))
    no_data = read_number(data.get("noDataValue"))
    if no_data is None and no_data_values:
        no_data = no_data_values[0]
    band_names = _str_list(data.get("bandNames"))
    return ImageServiceInfo(
        **common,
        band_count=read_int(data.get("bandCount")),
        band_names=band_names,
        pixel_type=read_text(data.get("pixelType")),
        pixel_size_x=read_number(data.get("pixelSizeX")),
        pixel_size_y=read_number(data.get("pixelSizeY")),
        no_data_value=no_data,
        no_data_values=no_data_values,
        min_values=_num_list(data.get("minValues")),
        max_values=_num_list(data.get("maxValues")),
        mean_values=_num_list(data.get("meanValues")),
        stdv_values=_num_list(data.get("stdvValues")),
        raster_functions=raster_functions,
        has_multidimensions=bool(read_bool(data.get("hasMultidimensions"))),
        multidimensional_info=parse_multidimensional_info(data.get("multidimensionalInfo")),
        allowed_mosaic_methods=_str_list(data.get("allowedMosaicMethods")),
        default_mosaic_method=read_text(data.get("defaultMosaicMethod")),
        service_data_type=read_text(data.get("serviceDataType")),
        default_resampling_method=read_text(data.get("defaultResamplingMethod")),
        max_download_image_count=read_int(data.get("maxDownloadImageCount")),
        fields=parse_layer_fields(data),
    )


@_defensive("multidimensional info")
def parse_multidimensional_resource(data: dict) -> MultidimensionalInfo:
    """The `<ImageServer>/multiDimensionalInfo` resource."""
    info = parse_multidimensional_info(data)
    if info is None:
        raise ArcGisResponseError("it has no 'multidimensionalInfo'")
    return info


@_defensive("token")
def parse_token(data: dict) -> tuple[str, Optional[float]]:
    """generateToken → (token, expires in epoch ms or None)."""
    token = data.get("token")
    if not isinstance(token, str) or not token:
        raise ArcGisResponseError("it has no 'token'")
    return token, read_number(data.get("expires"))
