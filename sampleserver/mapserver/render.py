"""Map images and legend swatches drawn by QGIS's own rendering engine.

Every QGIS object (layers, renderers, map settings) lives on one dedicated render thread: Flask serves
requests on many threads, QGIS map layers are QObjects that must not be shared across threads, and a single
thread also serialises rendering. Request threads submit work and wait for the result.
"""

from __future__ import annotations

import base64
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .data import LayerSpec, SymbolSpec


@dataclass
class RenderRequest:
    extent: tuple[float, float, float, float]  # in the image CRS
    crs_wkt: str  # the image CRS (imageSR)
    crs_authid: str | None
    width: int
    height: int
    dpi: float
    layer_ids: list[int]  # drawn, top-most first
    subsets: dict[int, str]  # layer id -> SQL where (layerDefs, time)
    image_format: str  # png8 | png24 | png32 | jpg | gif | bmp
    transparent: bool
    jpeg_quality: int = 75


@dataclass
class RenderResult:
    data: bytes
    mimetype: str
    extent: tuple[float, float, float, float]
    scale: float


@dataclass
class LegendSwatch:
    label: str
    png: bytes

    @property
    def url(self) -> str:
        return hashlib.md5(self.png).hexdigest()

    @property
    def base64(self) -> str:
        return base64.b64encode(self.png).decode("ascii")


_MIMETYPES = {
    "png8": "image/png",
    "png24": "image/png",
    "png32": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
}


class MapRenderer:
    def __init__(self, gpkg: Path, layers: tuple[LayerSpec, ...]) -> None:
        self.gpkg = gpkg
        self.specs = {spec.id: spec for spec in layers}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qgis-render")
        self._qgis_layers: dict = {}
        self._legends: dict[tuple[int, int], dict[int, list[LegendSwatch]]] = {}

    # -- public (any thread) ------------------------------------------------------------------------------
    def render(self, request: RenderRequest) -> RenderResult:
        return self._executor.submit(self._render, request).result()

    def legend(self, size: tuple[int, int] = (20, 20)) -> dict[int, list[LegendSwatch]]:
        """Swatches per layer id, `size` pixels each (cached per size)."""
        if size not in self._legends:
            self._legends[size] = self._executor.submit(self._make_legend, size).result()
        return self._legends[size]

    def all_swatches(self) -> list[tuple[int, LegendSwatch]]:
        """Every swatch handed out so far (any size), for <layer>/images/<url>."""
        return [(lid, s) for legend in list(self._legends.values()) for lid, items in legend.items() for s in items]

    def warm_up(self) -> None:
        """Load the layers and legend now (on the render thread) so the first request is quick."""
        self.legend()

    # -- render thread -------------------------------------------------------------------------------------
    def _layers(self) -> dict:
        if not self._qgis_layers:
            from qgis.core import QgsSingleSymbolRenderer, QgsVectorLayer

            for spec in self.specs.values():
                layer = QgsVectorLayer(f"{self.gpkg}|layername={spec.table}", spec.name, "ogr")
                if not layer.isValid():
                    raise RuntimeError(f"QGIS cannot open {spec.table} in {self.gpkg}")
                layer.setRenderer(QgsSingleSymbolRenderer(_qgis_symbol(spec.symbol)))
                if spec.min_scale or spec.max_scale:
                    layer.setScaleBasedVisibility(True)
                    layer.setMinimumScale(spec.min_scale)  # QGIS's "minimum" is also the most zoomed-out scale
                    layer.setMaximumScale(spec.max_scale)
                self._qgis_layers[spec.id] = layer
        return self._qgis_layers

    def _make_legend(self, size: tuple[int, int]) -> dict[int, list[LegendSwatch]]:
        from qgis.PyQt.QtCore import QSize

        legend = {}
        for layer_id, layer in self._layers().items():
            swatches = []
            for item in layer.renderer().legendSymbolItems():
                image = item.symbol().asImage(QSize(*size))
                swatches.append(LegendSwatch(item.label() or "", _encode(image, "png32", 75)))
            legend[layer_id] = swatches
        return legend

    def _render(self, request: RenderRequest) -> RenderResult:
        from qgis.core import (
            QgsCoordinateReferenceSystem,
            QgsMapRendererCustomPainterJob,
            QgsMapSettings,
            QgsRectangle,
        )
        from qgis.PyQt.QtCore import QSize
        from qgis.PyQt.QtGui import QColor, QImage, QPainter

        layers = self._layers()
        crs = QgsCoordinateReferenceSystem(request.crs_authid) if request.crs_authid else QgsCoordinateReferenceSystem()
        if not crs.isValid():
            crs = QgsCoordinateReferenceSystem.fromWkt(request.crs_wkt)
        settings = QgsMapSettings()
        settings.setDestinationCrs(crs)
        settings.setOutputSize(QSize(request.width, request.height))
        settings.setOutputDpi(request.dpi)
        settings.setExtent(QgsRectangle(*request.extent))
        transparent = request.transparent and request.image_format not in ("jpg", "bmp")
        background = QColor(255, 255, 255, 0 if transparent else 255)
        settings.setBackgroundColor(background)
        settings.setFlag(QgsMapSettings.Antialiasing, True)
        settings.setLayers([layers[i] for i in request.layer_ids])

        for layer_id, layer in layers.items():
            layer.setSubsetString(request.subsets.get(layer_id, ""))
        try:
            image = QImage(request.width, request.height, QImage.Format_ARGB32_Premultiplied)
            image.setDotsPerMeterX(round(request.dpi / 0.0254))
            image.setDotsPerMeterY(round(request.dpi / 0.0254))
            image.fill(background)
            painter = QPainter(image)
            job = QgsMapRendererCustomPainterJob(settings, painter)
            job.renderSynchronously()
            painter.end()
        finally:
            for layer in layers.values():
                if layer.subsetString():
                    layer.setSubsetString("")
        visible = settings.visibleExtent()
        data = _encode(image, request.image_format, request.jpeg_quality, transparent)
        return RenderResult(
            data,
            _MIMETYPES[request.image_format],
            (visible.xMinimum(), visible.yMinimum(), visible.xMaximum(), visible.yMaximum()),
            settings.scale(),
        )


def _encode(image, image_format: str, quality: int, transparent: bool = True) -> bytes:
    from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice
    from qgis.PyQt.QtGui import QImage

    if image_format == "png8":
        image = image.convertToFormat(QImage.Format_Indexed8)
        writer_format = "PNG"
    elif image_format == "png24" or (image_format == "png32" and not transparent):
        image = image.convertToFormat(QImage.Format_RGB888)
        writer_format = "PNG"
    elif image_format == "png32":
        image = image.convertToFormat(QImage.Format_ARGB32)
        writer_format = "PNG"
    elif image_format == "jpg":
        image = image.convertToFormat(QImage.Format_RGB32)
        writer_format = "JPG"
    elif image_format == "gif":
        return _png_to_gif(_encode(image, "png8", quality, transparent))
    else:
        image = image.convertToFormat(QImage.Format_RGB32)
        writer_format = "BMP"
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    if not image.save(buffer, writer_format, quality if writer_format == "JPG" else -1):
        raise RuntimeError(f"Qt cannot write {writer_format}")
    buffer.close()
    return bytes(data)


def _png_to_gif(png: bytes) -> bytes:
    """Qt has no GIF writer: GDAL converts the palette PNG."""
    import uuid

    from osgeo import gdal

    source, target = f"/vsimem/{uuid.uuid4().hex}.png", f"/vsimem/{uuid.uuid4().hex}.gif"
    gdal.FileFromMemBuffer(source, png)
    try:
        gdal.Translate(target, source, format="GIF")
        handle = gdal.VSIFOpenL(target, "rb")
        try:
            gdal.VSIFSeekL(handle, 0, 2)
            size = gdal.VSIFTellL(handle)
            gdal.VSIFSeekL(handle, 0, 0)
            return bytes(gdal.VSIFReadL(1, size, handle))
        finally:
            gdal.VSIFCloseL(handle)
    finally:
        gdal.Unlink(source)
        gdal.Unlink(target)


def _rgba(rgba: tuple[int, int, int, int] | None) -> str:
    return ",".join(str(c) for c in (rgba or (0, 0, 0, 0)))


def _qgis_symbol(spec: SymbolSpec):
    """The QGIS symbol for `spec` (built from properties: symbol layers built by hand lose their owner in SIP)."""
    from qgis.core import QgsFillSymbol, QgsLineSymbol

    pen = "dash" if spec.dashed else "solid"
    if spec.kind == "line":
        return QgsLineSymbol.createSimple(
            {
                "line_color": _rgba(spec.color),
                "line_width": str(spec.width_pt),
                "line_width_unit": "Point",
                "line_style": pen,
            }
        )
    return QgsFillSymbol.createSimple(
        {
            "color": _rgba(spec.color),
            "style": "no" if spec.color is None else "solid",
            "outline_color": _rgba(spec.outline_color),
            "outline_style": "no" if spec.outline_color is None else pen,
            "outline_width": str(spec.width_pt),
            "outline_width_unit": "Point",
        }
    )


def esri_symbol(spec: SymbolSpec) -> dict:
    """The same symbol as drawingInfo describes it."""
    if spec.kind == "line":
        return {
            "type": "esriSLS",
            "style": "esriSLSDash" if spec.dashed else "esriSLSSolid",
            "color": list(spec.color),
            "width": spec.width_pt,
        }
    outline = (
        {
            "type": "esriSLS",
            "style": "esriSLSDash" if spec.dashed else "esriSLSSolid",
            "color": list(spec.outline_color),
            "width": spec.width_pt,
        }
        if spec.outline_color is not None
        else None
    )
    return {
        "type": "esriSFS",
        "style": "esriSFSNull" if spec.color is None else "esriSFSSolid",
        "color": list(spec.color) if spec.color is not None else None,
        "outline": outline,
    }
