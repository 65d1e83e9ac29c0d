"""Pixel blocks to 8-bit pictures and encoded images (PNG, JPEG, BMP, GIF, GeoTIFF) with GDAL only."""

from __future__ import annotations

import uuid

import numpy as np
from osgeo import gdal

from .functions import Block, linear_stretch, rgb_composite, stats_for
from .model import Grid, ServiceData

GDAL_TYPES = {
    "U1": gdal.GDT_Byte,
    "U2": gdal.GDT_Byte,
    "U4": gdal.GDT_Byte,
    "U8": gdal.GDT_Byte,
    "S8": gdal.GDT_Int16,
    "U16": gdal.GDT_UInt16,
    "S16": gdal.GDT_Int16,
    "U32": gdal.GDT_UInt32,
    "S32": gdal.GDT_Int32,
    "F32": gdal.GDT_Float32,
    "F64": gdal.GDT_Float64,
    "C64": gdal.GDT_CFloat32,
    "C128": gdal.GDT_CFloat64,
}
# Fast zlib level: map images are transient, encoding time matters more than a few bytes.
PNG_OPTIONS = ["ZLEVEL=2"]
RANGES = {
    "U1": (0, 1),
    "U2": (0, 3),
    "U4": (0, 15),
    "U8": (0, 255),
    "S8": (-128, 127),
    "U16": (0, 65535),
    "S16": (-32768, 32767),
    "U32": (0, 4294967295),
    "S32": (-2147483648, 2147483647),
}


def to_rgba(service: ServiceData, block: Block, band_ids: list[int] | None, variable: str | None) -> np.ndarray:
    """(4, rows, cols) uint8 RGBA for display: the service's default renderer unless the block is display-ready."""
    values = block.values
    nan = np.isnan(values).any(axis=0)
    if block.display_ready:
        rgb = values if values.shape[0] == 3 else np.repeat(values[:1], 3, axis=0)
    elif service.classes and block.pixel_type == service.pixel_type:
        rgb = np.zeros((3, *values.shape[1:]))
        classes = np.nan_to_num(values[0], nan=-1).astype(int)
        for value, _name, colour in service.classes:
            for k in range(3):
                rgb[k][classes == value] = colour[k]
    elif values.shape[0] >= 3 and (band_ids is None or len(band_ids) >= 3):
        ids = band_ids or service.default_band_ids or [0, 1, 2]
        rgb = rgb_composite(service, values, ids[:3])
    else:
        band = band_ids[0] if band_ids else 0
        if block.pixel_type == "F32" and service.pixel_type != "F32":
            low, high = -1.0, 1.0  # NDVI
        else:
            stats = stats_for(service, band, variable)
            low, high = stats["min"], stats["max"]
        grey = linear_stretch(values[band], low, high)
        rgb = np.repeat(grey[np.newaxis], 3, axis=0)
    alpha = np.where(nan, 0, 255)
    out = np.concatenate([np.nan_to_num(rgb, nan=0.0), alpha[np.newaxis]]).clip(0, 255).astype(np.uint8)
    return out


def _mem(bands: np.ndarray, gdal_type: int, grid: Grid | None = None, nodata: float | None = None) -> gdal.Dataset:
    ds = gdal.GetDriverByName("MEM").Create("", bands.shape[2], bands.shape[1], bands.shape[0], gdal_type)
    if grid is not None:
        ds.SetGeoTransform(grid.geotransform)
        ds.SetProjection(grid.sr.ExportToWkt())
    for i in range(bands.shape[0]):
        band = ds.GetRasterBand(i + 1)
        if nodata is not None:
            band.SetNoDataValue(nodata)
        band.WriteArray(bands[i])
    return ds


def _vsimem_bytes(driver: str, ds: gdal.Dataset, extension: str, options: list[str]) -> bytes:
    path = f"/vsimem/imageserver_{uuid.uuid4().hex}.{extension}"
    try:
        gdal.GetDriverByName(driver).CreateCopy(path, ds, strict=0, options=options)
        handle = gdal.VSIFOpenL(path, "rb")
        gdal.VSIFSeekL(handle, 0, 2)
        size = gdal.VSIFTellL(handle)
        gdal.VSIFSeekL(handle, 0, 0)
        data = gdal.VSIFReadL(1, size, handle)
        gdal.VSIFCloseL(handle)
        return bytes(data)
    finally:
        gdal.Unlink(path)
        if gdal.VSIStatL(path + ".aux.xml") is not None:
            gdal.Unlink(path + ".aux.xml")


def _paletted(rgba: np.ndarray) -> gdal.Dataset:
    """One band with a colour table (for png8 and gif); transparent pixels map to entry 0."""
    rgb = _mem(rgba[:3], gdal.GDT_Byte)
    table = gdal.ColorTable()
    gdal.ComputeMedianCutPCT(rgb.GetRasterBand(1), rgb.GetRasterBand(2), rgb.GetRasterBand(3), 255, table)
    out = gdal.GetDriverByName("MEM").Create("", rgba.shape[2], rgba.shape[1], 1, gdal.GDT_Byte)
    gdal.DitherRGB2PCT(rgb.GetRasterBand(1), rgb.GetRasterBand(2), rgb.GetRasterBand(3), out.GetRasterBand(1), table)
    index = out.GetRasterBand(1).ReadAsArray().astype(np.int32) + 1
    transparent = rgba[3] == 0
    index[transparent] = 0
    shifted = gdal.ColorTable()
    shifted.SetColorEntry(0, (0, 0, 0, 0 if transparent.any() else 255))
    for i in range(min(table.GetCount(), 255)):
        shifted.SetColorEntry(i + 1, table.GetColorEntry(i))
    band = out.GetRasterBand(1)
    band.WriteArray(index.clip(0, 255).astype(np.uint8))
    band.SetRasterColorTable(shifted)
    return out


def encode_picture(rgba: np.ndarray, image_format: str, quality: int) -> tuple[bytes, str, str]:
    """Bytes, MIME type and file extension of an 8-bit picture in the requested format."""
    has_transparency = bool((rgba[3] == 0).any())
    if image_format == "jpgpng":
        image_format = "png" if has_transparency else "jpg"
    if image_format in ("png", "png32"):
        return _vsimem_bytes("PNG", _mem(rgba, gdal.GDT_Byte), "png", PNG_OPTIONS), "image/png", "png"
    if image_format == "png24":
        return _vsimem_bytes("PNG", _mem(rgba[:3], gdal.GDT_Byte), "png", PNG_OPTIONS), "image/png", "png"
    if image_format == "png8":
        return _vsimem_bytes("PNG", _paletted(rgba), "png", PNG_OPTIONS), "image/png", "png"
    if image_format in ("jpg", "jpeg"):
        data = _vsimem_bytes("JPEG", _mem(rgba[:3], gdal.GDT_Byte), "jpg", [f"QUALITY={quality}"])
        return data, "image/jpeg", "jpg"
    if image_format == "bmp":
        return _vsimem_bytes("BMP", _mem(rgba[:3], gdal.GDT_Byte), "bmp", []), "image/bmp", "bmp"
    if image_format == "gif":
        return _vsimem_bytes("GIF", _paletted(rgba), "gif", []), "image/gif", "gif"
    raise ValueError(image_format)


def encode_geotiff(
    values: np.ndarray,
    grid: Grid,
    pixel_type: str,
    nodata: float | None,
    compression: str = "DEFLATE",
    quality: int = 75,
) -> bytes:
    ds = _mem(values, GDAL_TYPES[pixel_type], grid, nodata)
    options = [f"COMPRESS={compression}"]
    if compression == "JPEG":
        options.append(f"JPEG_QUALITY={quality}")
    return _vsimem_bytes("GTiff", ds, "tif", options)


def swatch_png(rgb: tuple[int, int, int] | np.ndarray, size: int = 20) -> bytes:
    """A 20x20 legend swatch: a solid colour or a (3, size, size) picture."""
    if isinstance(rgb, np.ndarray):
        picture = rgb
    else:
        picture = np.zeros((3, size, size), dtype=np.uint8)
        for k in range(3):
            picture[k] = rgb[k]
    alpha = np.full((1, size, size), 255, dtype=np.uint8)
    rgba = np.concatenate([picture.astype(np.uint8), alpha])
    return _vsimem_bytes("PNG", _mem(rgba, gdal.GDT_Byte), "png", [])
