"""An ImageServer service: the service resource, its sub-resources and operations."""

from __future__ import annotations

from ..errors import RestError
from ..geometry import sr_json
from ..params import Params
from ..service import Reply
from . import functions
from .export import MAX_IMAGE_HEIGHT, MAX_IMAGE_WIDTH, export_image
from .identify import get_samples, identify
from .legend import legend
from .model import ServiceData
from .mosaic import INFO_NAMES, CatalogFilter
from .query import query

MAX_RECORD_COUNT = 1000
ALLOWED_METHODS = [
    "esriMosaicNorthwest",
    "esriMosaicCenter",
    "esriMosaicLockRaster",
    "esriMosaicAttribute",
    "esriMosaicNadir",
    "esriMosaicViewpoint",
    "esriMosaicNone",
]
OPERATOR_NAMES = {
    "MT_FIRST": "First",
    "MT_LAST": "Last",
    "MT_MIN": "Min",
    "MT_MAX": "Max",
    "MT_MEAN": "Mean",
    "MT_BLEND": "Blend",
    "MT_SUM": "Sum",
}


def _server_version() -> float:
    """The version the rest of the server reports (/arcgis/rest/info), so that every resource agrees."""
    from .. import app

    return float(getattr(app, "CURRENT_VERSION", 11.1))


class ImageService:
    type = "ImageServer"

    def __init__(self, data: ServiceData, path: str, secured: bool = False) -> None:
        self.data = data
        self.path = path
        self.secured = secured
        self.catalog_filter = CatalogFilter(data) if data.is_mosaic else None

    # -- resources -------------------------------------------------------------------------------------------------
    def _extent(self) -> dict:
        xmin, ymin, xmax, ymax = self.data.extent
        return {"xmin": xmin, "ymin": ymin, "xmax": xmax, "ymax": ymax, "spatialReference": sr_json(self.data.sr)}

    def info(self, params: Params) -> dict:
        d = self.data
        default = d.default_mosaic
        info: dict = {
            "currentVersion": _server_version(),
            "serviceDescription": d.description,
            "name": self.path.rsplit("/", 1)[0],
            "description": d.description,
            "extent": self._extent(),
            "initialExtent": self._extent(),
            "fullExtent": self._extent(),
            "hasMultidimensions": bool(d.variables),
            "pixelSizeX": d.pixel_size[0],
            "pixelSizeY": d.pixel_size[1],
            "datasetFormat": "AMD" if d.is_mosaic else "TIFF",
            "uncompressedSize": None,
            "blockWidth": 256,
            "blockHeight": 256,
            "compressionType": "None",
            "bandNames": list(d.band_names),
            "allowCopy": True,
            "allowAnalysis": True,
            "bandCount": d.band_count,
            "pixelType": d.pixel_type,
            "minPixelSize": 0,
            "maxPixelSize": 0,
            "copyrightText": d.copyright,
            "serviceDataType": d.service_data_type,
            "serviceSourceType": "esriImageServiceSourceTypeMosaicDataset"
            if d.is_mosaic
            else "esriImageServiceSourceTypeDataset",
            "minValues": [s["min"] for s in d.stats],
            "maxValues": [s["max"] for s in d.stats],
            "meanValues": [s["mean"] for s in d.stats],
            "stdvValues": [s["stdv"] for s in d.stats],
            "objectIdField": "OBJECTID" if d.is_mosaic else "",
            "fields": list(d.catalog_fields),
            "capabilities": "Catalog,Image,Metadata,Mensuration" + (",Multidimensional" if d.variables else "")
            if d.is_mosaic
            else "Image,Metadata,Mensuration",
            "defaultMosaicMethod": INFO_NAMES.get(default.get("mosaicMethod", "esriMosaicNone"), "None"),
            "allowedMosaicMethods": ",".join(INFO_NAMES[m] for m in ALLOWED_METHODS),
            "sortField": default.get("sortField", ""),
            "sortValue": default.get("sortValue"),
            "sortAscending": default.get("ascending", True),
            "mosaicOperator": OPERATOR_NAMES[default.get("mosaicOperator", "MT_FIRST")],
            "defaultCompressionQuality": 75,
            "defaultResamplingMethod": d.default_resampling.replace("RSP_", ""),
            "maxImageHeight": MAX_IMAGE_HEIGHT,
            "maxImageWidth": MAX_IMAGE_WIDTH,
            "maxRecordCount": MAX_RECORD_COUNT,
            "maxDownloadImageCount": 20,
            "maxMosaicImageCount": 20,
            "allowRasterFunction": True,
            "rasterFunctionInfos": functions.function_infos(d),
            "rasterTypeInfos": [],
            "mensurationCapabilities": "Basic",
            "hasHistograms": False,
            "hasColormap": bool(d.classes),
            "hasRasterAttributeTable": bool(d.classes),
            "minScale": 0,
            "maxScale": 0,
            "exportTilesAllowed": False,
            "supportsStatistics": True,
            "supportsAdvancedQueries": True,
            "useStandardizedQueries": True,
            "spatialReference": sr_json(d.sr),
            "noDataValue": d.nodata,
            "noDataValues": [d.nodata] * d.band_count,
        }
        if d.time_field:
            times = [item.attributes[d.time_field] for item in d.items]
            info["timeInfo"] = {
                "startTimeField": d.time_field,
                "endTimeField": None,
                "timeExtent": [min(times), max(times)],
                "timeReference": None,
                "defaultTimeInterval": 1 if d.variables else 0,
                "defaultTimeIntervalUnits": "esriTimeUnitsMonths" if d.variables else None,
            }
        return info

    def handle(self, operation: str, params: Params) -> Reply:
        name = operation.strip("/").lower()
        d = self.data
        if name == "identify":
            return identify(d, self.catalog_filter, params)
        if name == "exportimage":
            return export_image(d, self.catalog_filter, params)
        if name == "legend":
            return legend(d, params)
        if name == "getsamples":
            return get_samples(d, self.catalog_filter, params)
        if name == "query":
            return query(d, self.catalog_filter, params)
        if name == "rasterfunctioninfos":
            return {"rasterFunctionInfos": functions.function_infos(d)}
        if name == "multidimensionalinfo" and d.variables:
            return {"multidimensionalInfo": self._multidimensional_info()}
        if name == "rasterattributetable" and d.classes:
            return self._raster_attribute_table()
        if name == "keyproperties":
            return {"DataType": "Elevation" if d.service_data_type.endswith("Elevation") else "Generic"}
        raise RestError(
            400,
            "Unable to complete operation.",
            [f"Requested operation '{operation}' is not supported by this service."],
        )

    def _multidimensional_info(self) -> dict:
        d = self.data
        values = list(d.dimension_values)
        variables = []
        for variable in d.variables:
            stats = d.variable_stats[variable.name]
            variables.append(
                {
                    "name": variable.name,
                    "description": variable.description,
                    "unit": variable.unit,
                    "dimensions": [
                        {
                            "name": "StdTime",
                            "description": "Time",
                            "unit": "ISO8601",
                            "hasRegularIntervals": True,
                            "interval": 3,
                            "intervalUnit": "Months",
                            "hasRanges": False,
                            "extent": [min(values), max(values)],
                            "values": values,
                        }
                    ],
                    "statistics": [
                        {
                            "min": stats["min"],
                            "max": stats["max"],
                            "mean": stats["mean"],
                            "standardDeviation": stats["stdv"],
                        }
                    ],
                    "histograms": [],
                }
            )
        return {"variables": variables}

    def _raster_attribute_table(self) -> dict:
        d = self.data
        fields = [
            {"name": "OID", "type": "esriFieldTypeOID", "alias": "OID", "domain": None},
            {"name": "Value", "type": "esriFieldTypeInteger", "alias": "Value", "domain": None},
            {"name": "ClassName", "type": "esriFieldTypeString", "alias": "ClassName", "domain": None, "length": 50},
            {"name": "Red", "type": "esriFieldTypeInteger", "alias": "Red", "domain": None},
            {"name": "Green", "type": "esriFieldTypeInteger", "alias": "Green", "domain": None},
            {"name": "Blue", "type": "esriFieldTypeInteger", "alias": "Blue", "domain": None},
            {"name": "Count", "type": "esriFieldTypeDouble", "alias": "Count", "domain": None},
        ]
        features = []
        for oid, (value, name, colour) in enumerate(d.classes):
            features.append(
                {
                    "attributes": {
                        "OID": oid,
                        "Value": value,
                        "ClassName": name,
                        "Red": colour[0],
                        "Green": colour[1],
                        "Blue": colour[2],
                        "Count": float(d.class_counts.get(value, 0)),
                    }
                }
            )
        return {"objectIdFieldName": "OID", "fields": fields, "features": features}
