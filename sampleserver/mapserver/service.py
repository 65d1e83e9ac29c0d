"""The World map service (World/MapServer and Secure/World/MapServer): resources and operations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from osgeo import osr

from ..errors import RestError, invalid_parameter, not_found
from ..geometry import make_sr, sr_json
from ..outputs import OUTPUTS, OutputStore
from ..params import Params, parse_time
from ..service import BinaryReply, Reply
from .data import LAYERS, LayerSpec
from .features import DatasourcePool, combine_where, parse_layer_defs, parse_layer_time_options, time_where
from .identify import identify, unsupported
from .query import query
from .render import MapRenderer, RenderRequest, esri_symbol

CURRENT_VERSION = 11.1
MAX_IMAGE_SIZE = 4096
FORMATS = {
    "png": "png8",
    "png8": "png8",
    "png24": "png24",
    "png32": "png32",
    "jpg": "jpg",
    "jpeg": "jpg",
    "gif": "gif",
    "bmp": "bmp",
}
_EXTENSIONS = {"png8": "png", "png24": "png", "png32": "png", "jpg": "jpg", "gif": "gif", "bmp": "bmp"}
_LAYER_IMAGE = re.compile(r"^(\d+)/images/([0-9a-f]{32})$")


@dataclass
class WorldData:
    """What both World services share: the layers, an OGR datasource pool, the QGIS renderer, the extents."""

    layers: dict[int, LayerSpec]
    pool: DatasourcePool
    renderer: MapRenderer
    sr: osr.SpatialReference
    full_extent: tuple[float, float, float, float]
    layer_extents: dict[int, tuple[float, float, float, float]]
    time_extents: dict[int, list[int]]


def load_world_data(gpkg, renderer: MapRenderer) -> WorldData:
    pool = DatasourcePool(gpkg)
    layer_extents, time_extents = {}, {}
    with pool.borrow() as ds:
        for spec in LAYERS:
            layer = ds.GetLayerByName(spec.table)
            xmin, xmax, ymin, ymax = layer.GetExtent()
            layer_extents[spec.id] = (xmin, ymin, xmax, ymax)
            if spec.time_aware:
                sql = f"SELECT MIN({spec.start_time_field}), MAX({spec.end_time_field}) FROM {spec.table}"
                result = ds.ExecuteSQL(sql)
                row = result.GetNextFeature()
                time_extents[spec.id] = [row.GetFieldAsInteger64(0), row.GetFieldAsInteger64(1)]
                ds.ReleaseResultSet(result)
    full = (
        min(e[0] for e in layer_extents.values()),
        min(e[1] for e in layer_extents.values()),
        max(e[2] for e in layer_extents.values()),
        max(e[3] for e in layer_extents.values()),
    )
    return WorldData({s.id: s for s in LAYERS}, pool, renderer, make_sr(102100), full, layer_extents, time_extents)


def _envelope(extent: tuple[float, float, float, float], sr: dict) -> dict:
    return {"xmin": extent[0], "ymin": extent[1], "xmax": extent[2], "ymax": extent[3], "spatialReference": sr}


class MapService:
    type = "MapServer"

    def __init__(self, path: str, data: WorldData, secured: bool = False) -> None:
        self.path = path
        self.data = data
        self.secured = secured

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[0]

    # -- resources ------------------------------------------------------------------------------------------
    def info(self, params: Params) -> dict:
        sr = sr_json(self.data.sr)
        layers = self.data.layers.values()
        time_extents = list(self.data.time_extents.values())
        info = {
            "currentVersion": CURRENT_VERSION,
            "serviceDescription": "Countries, states and provinces and disputed borders of the world (Natural Earth).",
            "mapName": "World",
            "description": "Sample map service built from QGIS's world_map.gpkg.",
            "copyrightText": "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.",
            "supportsDynamicLayers": False,
            "layers": [
                {
                    "id": spec.id,
                    "name": spec.name,
                    "parentLayerId": -1,
                    "defaultVisibility": spec.default_visibility,
                    "subLayerIds": None,
                    "minScale": spec.min_scale,
                    "maxScale": spec.max_scale,
                    "type": "Feature Layer",
                    "geometryType": spec.geometry_type,
                }
                for spec in layers
            ],
            "tables": [],
            "spatialReference": sr,
            "singleFusedMapCache": False,
            "initialExtent": _envelope(self.data.full_extent, sr),
            "fullExtent": _envelope(self.data.full_extent, sr),
            "datesInUnknownTimezone": False,
            "minScale": 0,
            "maxScale": 0,
            "units": "esriMeters",
            "supportedImageFormatTypes": "PNG32,PNG24,PNG,PNG8,JPG,GIF,BMP",
            "documentInfo": {
                "Title": "World",
                "Author": "ArcGIS Identify sample server",
                "Comments": "",
                "Subject": "Natural Earth countries, states and provinces, disputed borders",
                "Category": "",
                "AntialiasingMode": "Fast",
                "TextAntialiasingMode": "Force",
                "Keywords": "world,countries,provinces,borders",
            },
            "capabilities": "Map,Query,Data",
            "supportedQueryFormats": "JSON, geoJSON",
            "exportTilesAllowed": False,
            "referenceScale": 0.0,
            "supportsDatumTransformation": True,
            "maxRecordCount": 1000,
            "maxImageHeight": MAX_IMAGE_SIZE,
            "maxImageWidth": MAX_IMAGE_SIZE,
            "supportedExtensions": "",
        }
        if time_extents:
            info["timeInfo"] = {
                "timeExtent": [min(t[0] for t in time_extents), max(t[1] for t in time_extents)],
                "timeReference": None,
                "timeRelation": "esriTimeRelationOverlaps",
                "defaultTimeInterval": 1,
                "defaultTimeIntervalUnits": "esriTimeUnitsYears",
                "defaultTimeWindow": 0,
                "hasLiveData": False,
            }
        return info

    def layer_info(self, spec: LayerSpec) -> dict:
        sr = sr_json(self.data.sr)
        info = {
            "currentVersion": CURRENT_VERSION,
            "id": spec.id,
            "name": spec.name,
            "type": "Feature Layer",
            "description": spec.description,
            "geometryType": spec.geometry_type,
            "sourceSpatialReference": sr,
            "copyrightText": "Natural Earth",
            "parentLayer": None,
            "subLayers": [],
            "minScale": spec.min_scale,
            "maxScale": spec.max_scale,
            "drawingInfo": {
                "renderer": {"type": "simple", "symbol": esri_symbol(spec.symbol), "label": "", "description": ""},
                "transparency": 0,
                "labelingInfo": None,
            },
            "defaultVisibility": spec.default_visibility,
            "extent": _envelope(self.data.layer_extents[spec.id], sr),
            "hasAttachments": False,
            "htmlPopupType": "esriServerHTMLPopupTypeNone",
            "displayField": spec.display_field,
            "typeIdField": None,
            "fields": [_field_json(f) for f in spec.fields],
            "geometryField": _field_json(spec.fields[1]),
            "relationships": [],
            "canModifyLayer": False,
            "canScaleSymbols": False,
            "hasLabels": False,
            "capabilities": "Map,Query,Data",
            "maxRecordCount": 1000,
            "supportsStatistics": False,
            "supportsAdvancedQueries": False,
            "supportedQueryFormats": "JSON, geoJSON",
            "isDataVersioned": False,
            "hasZ": spec.has_z,
            "hasM": spec.has_m,
            "useStandardizedQueries": True,
            "dateFieldsTimeReference": {"timeZone": "UTC", "respectsDaylightSaving": False},
        }
        if spec.time_aware:
            info["timeInfo"] = {
                "startTimeField": spec.start_time_field,
                "endTimeField": spec.end_time_field,
                "trackIdField": None,
                "timeExtent": self.data.time_extents[spec.id],
                "timeReference": None,
                "timeInterval": 1,
                "timeIntervalUnits": "esriTimeUnitsYears",
                "exportOptions": {
                    "useTime": True,
                    "timeDataCumulative": False,
                    "timeOffset": None,
                    "timeOffsetUnits": None,
                },
                "hasLiveData": False,
            }
        return info

    # -- operations ---------------------------------------------------------------------------------------------
    def handle(self, operation: str, params: Params) -> Reply:
        op = operation.strip("/")
        lowered = op.lower()
        if lowered == "layers":
            return {"layers": [self.layer_info(s) for s in self.data.layers.values()], "tables": []}
        if lowered == "identify":
            return identify(params, self.data.layers, self.data.pool, self.data.sr)
        if lowered == "legend":
            return self.legend(params)
        if lowered == "export":
            return self.export(params)
        if op.isdigit():
            return self.layer_info(self._layer(op))
        layer_id, _sep, layer_operation = op.partition("/")
        if layer_id.isdigit() and layer_operation.lower() == "query":
            return query(params, self._layer(layer_id), self.data.pool, self.data.sr)
        match = _LAYER_IMAGE.match(op)
        if match:
            for layer_id, swatch in self.data.renderer.all_swatches():
                if layer_id == int(match.group(1)) and swatch.url == match.group(2):
                    return BinaryReply(swatch.png, "image/png")
            raise not_found("Image")
        if layer_id.isdigit():
            self._layer(layer_id)  # unknown layer: 404 before "Invalid URL"
        raise RestError(400, "Invalid URL", ["Invalid URL"])

    def _layer(self, layer_id: str) -> LayerSpec:
        spec = self.data.layers.get(int(layer_id))
        if spec is None:
            raise not_found("Layer")
        return spec

    def legend(self, params: Params) -> dict:
        if params.has("dynamicLayers"):
            raise unsupported("dynamicLayers", "this map service does not support dynamic layers.")
        size = params.numbers("size") or [20.0, 20.0]
        if len(size) != 2 or not all(1 <= v <= 200 for v in size):
            raise invalid_parameter("size", "Expected <width>,<height> of the swatches, 1 to 200 pixels.")
        width, height = int(size[0]), int(size[1])
        swatches = self.data.renderer.legend((width, height))
        return {
            "layers": [
                {
                    "layerId": spec.id,
                    "layerName": spec.name,
                    "layerType": "Feature Layer",
                    "minScale": spec.min_scale,
                    "maxScale": spec.max_scale,
                    "legend": [
                        {
                            "label": s.label,
                            "url": s.url,
                            "imageData": s.base64,
                            "contentType": "image/png",
                            "height": height,
                            "width": width,
                        }
                        for s in swatches[spec.id]
                    ],
                }
                for spec in self.data.layers.values()
            ]
        }

    def export(self, params: Params) -> Reply:
        if params.has("dynamicLayers"):
            raise unsupported("dynamicLayers", "this map service does not support dynamic layers.")
        if params.has("gdbVersion"):
            raise unsupported("gdbVersion", "this map service's data is not versioned.")
        f = params.f
        if f not in ("image", "json", "pjson", "html"):
            raise invalid_parameter("f", f"'{f}' is not supported by export (use image or json).")
        if not params.has("bbox"):
            raise invalid_parameter("bbox", "The extent (xmin,ymin,xmax,ymax) to export is required.")
        bbox = params.numbers("bbox", 4)
        if bbox[2] <= bbox[0] or bbox[3] <= bbox[1]:
            raise invalid_parameter("bbox", "xmax and ymax must be greater than xmin and ymin.")
        bbox_sr = make_sr(params.str("bboxSR"), "bboxSR") if params.has("bboxSR") else self.data.sr
        # Both default to the map's spatial reference (not to each other), as the export reference says.
        image_sr = make_sr(params.str("imageSR"), "imageSR") if params.has("imageSR") else self.data.sr
        size = params.numbers("size") or [400.0, 400.0]
        if len(size) != 2 or size[0] < 1 or size[1] < 1:
            raise invalid_parameter("size", "Expected <width>,<height> in pixels.")
        width, height = int(size[0]), int(size[1])
        if width > MAX_IMAGE_SIZE or height > MAX_IMAGE_SIZE:
            raise RestError(
                400,
                "Unable to complete operation.",
                [f"Requested image size {width}x{height} exceeds the maximum of {MAX_IMAGE_SIZE}x{MAX_IMAGE_SIZE}."],
            )
        dpi = params.float("dpi", 96.0)
        if dpi <= 0 or dpi > 2400:
            raise invalid_parameter("dpi", "Use a DPI between 1 and 2400.")
        format_name = (params.str("format", "png") or "png").lower()
        if format_name not in FORMATS:
            raise invalid_parameter("format", f"'{format_name}' is not one of {', '.join(FORMATS)}.")
        image_format = FORMATS[format_name]
        transparent = params.bool("transparent", False)
        layer_ids = self._export_layers(params.str("layers"))
        layer_defs = parse_layer_defs(params, self.data.layers)
        time_options = parse_layer_time_options(params)
        time_value = params.str("time")
        parse_time(time_value)  # a malformed time is an error even if no layer is time-aware
        subsets = {}
        for layer_id, spec in self.data.layers.items():
            where = combine_where(layer_defs.get(layer_id), time_where(spec, time_value, time_options))
            if where:
                subsets[layer_id] = where
        self._check_where(subsets)

        extent = _bbox_in(bbox, bbox_sr, image_sr)
        authid = None
        if image_sr.GetAuthorityName(None) in ("EPSG", "ESRI"):
            authid = f"{image_sr.GetAuthorityName(None)}:{image_sr.GetAuthorityCode(None)}"
        result = self.data.renderer.render(
            RenderRequest(
                extent=extent,
                crs_wkt=image_sr.ExportToWkt(),
                crs_authid=authid,
                width=width,
                height=height,
                dpi=dpi,
                layer_ids=layer_ids,
                subsets=subsets,
                image_format=image_format,
                transparent=transparent,
            )
        )
        if f == "image":
            return BinaryReply(result.data, result.mimetype)
        name = OUTPUTS.put(result.data, _EXTENSIONS[image_format])
        return {
            "href": OutputStore.url(params.base_url, name),
            "width": width,
            "height": height,
            "extent": _envelope(result.extent, sr_json(image_sr)),
            "scale": result.scale,
        }

    def _export_layers(self, text: str | None) -> list[int]:
        """layers=show|hide|include|exclude:ids applied to the default visibility; top-most first."""
        defaults = [i for i, s in self.data.layers.items() if s.default_visibility]
        if text is None:
            return defaults
        mode, sep, ids_text = text.partition(":")
        mode = mode.strip().lower()
        if not sep or mode not in ("show", "hide", "include", "exclude"):
            raise invalid_parameter("layers", f"'{text}' must be show|hide|include|exclude:<layer ids>.")
        ids = []
        for part in ids_text.split(","):
            if part.strip():
                try:
                    ids.append(int(part))
                except ValueError:
                    raise invalid_parameter("layers", f"'{part}' is not a layer id.") from None
        if not ids:  # "show:" with no ids, as QGIS sends for the whole service: the default layers
            return defaults
        if mode == "show":
            chosen = set(ids)
        elif mode == "include":
            chosen = set(defaults) | set(ids)
        else:
            chosen = set(defaults) - set(ids)
        return [i for i in self.data.layers if i in chosen]

    def _check_where(self, subsets: dict[int, str]) -> None:
        with self.data.pool.borrow() as ds:
            for layer_id, where in subsets.items():
                layer = ds.GetLayerByName(self.data.layers[layer_id].table)
                try:
                    layer.SetAttributeFilter(where)
                    layer.GetNextFeature()
                except RuntimeError as error:
                    raise invalid_parameter(
                        "layerDefs", f"Invalid where clause for layer {layer_id}: {error}"
                    ) from None
                finally:
                    layer.SetAttributeFilter(None)


def _bbox_in(bbox: list[float], source: osr.SpatialReference, target: osr.SpatialReference) -> tuple:
    if source.IsSame(target):
        return tuple(bbox)
    try:
        transformation = osr.CoordinateTransformation(source, target)
        xmin, ymin, xmax, ymax = transformation.TransformBounds(bbox[0], bbox[1], bbox[2], bbox[3], 21)
    except RuntimeError:
        raise invalid_parameter("bbox", "The extent cannot be projected to imageSR.") from None
    return (xmin, ymin, xmax, ymax)


def _field_json(spec) -> dict:
    result = {"name": spec.name, "type": spec.type, "alias": spec.alias}
    if spec.type == "esriFieldTypeString":
        result["length"] = spec.length
    elif spec.type == "esriFieldTypeDate":
        result["length"] = 8
    result["domain"] = None
    return result
