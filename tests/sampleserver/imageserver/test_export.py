"""ImageServer /exportImage: extents, sizes, formats, GeoTIFFs and every option changing the image."""

from __future__ import annotations

import json

import numpy as np
import pytest
import requests
from osgeo import osr

JACKSBORO = (-84.25, 36.6)
# A 0.1 x 0.1 degree box around Jacksboro (inside every service).
BOX = (-84.30, 36.55, -84.20, 36.65)
BBOX = ",".join(str(v) for v in BOX)
PNG = b"\x89PNG\r\n\x1a\n"


def _export(image_servers, name, **params):
    params.setdefault("f", "image")
    response = image_servers.raw(name, "exportImage", **params)
    assert response.status_code == 200, response.text[:300]
    return response


def _tiff(image_servers, name, **params):
    params["format"] = "tiff"
    response = _export(image_servers, name, **params)
    assert response.headers["Content-Type"] == "image/tiff"
    return image_servers.open_image(response.content)


def test_json_reply_has_href_size_extent_and_scale(image_servers):
    reply = image_servers.get("Elevation", "exportImage", bbox=BBOX, bboxSR=4326, size="200,100", format="png")
    assert set(reply) == {"href", "width", "height", "extent", "scale"}
    assert (reply["width"], reply["height"]) == (200, 100)
    assert reply["extent"]["spatialReference"]["wkid"] == 4326
    assert reply["scale"] > 0
    image = requests.get(reply["href"], timeout=60)
    assert image.status_code == 200 and image.content.startswith(PNG)
    ds = image_servers.open_image(image.content, ".png")
    assert (ds.RasterXSize, ds.RasterYSize) == (200, 100)


def test_default_size_and_extent(image_servers):
    info = image_servers.get("LandCover")
    reply = image_servers.get("LandCover", "exportImage")
    assert (reply["width"], reply["height"]) == (400, 400)
    full = info["extent"]
    extent = reply["extent"]
    # The whole service, widened along one axis to keep the pixels square.
    assert extent["xmin"] <= full["xmin"] and extent["xmax"] >= full["xmax"]
    assert extent["ymin"] <= full["ymin"] and extent["ymax"] >= full["ymax"]


def test_adjust_aspect_ratio_changes_the_extent(image_servers):
    adjusted = image_servers.get("Elevation", "exportImage", bbox=BBOX, size="400,200")["extent"]
    exact = image_servers.get("Elevation", "exportImage", bbox=BBOX, size="400,200", adjustAspectRatio="false")[
        "extent"
    ]
    assert (exact["xmin"], exact["ymin"], exact["xmax"], exact["ymax"]) == pytest.approx(BOX)
    assert (adjusted["xmax"] - adjusted["xmin"]) / 400 == pytest.approx((adjusted["ymax"] - adjusted["ymin"]) / 200)
    assert adjusted["xmax"] - adjusted["xmin"] > exact["xmax"] - exact["xmin"]
    assert (adjusted["xmin"] + adjusted["xmax"]) / 2 == pytest.approx((BOX[0] + BOX[2]) / 2)


def test_size_above_the_limit_is_refused(image_servers):
    error = image_servers.error("Elevation", "exportImage", bbox=BBOX, size="2001,100")
    assert error["code"] == 400 and "size limit" in error["details"][0]
    assert _export(image_servers, "Elevation", bbox=BBOX, size="2000,10").content.startswith(PNG)


@pytest.mark.parametrize(
    ("image_format", "magic", "mime"),
    [
        ("png", PNG, "image/png"),
        ("png8", PNG, "image/png"),
        ("png24", PNG, "image/png"),
        ("jpg", b"\xff\xd8\xff", "image/jpeg"),
        ("bmp", b"BM", "image/bmp"),
        ("gif", b"GIF8", "image/gif"),
        ("tiff", b"II*\x00", "image/tiff"),
    ],
)
def test_formats(image_servers, image_format, magic, mime):
    response = _export(image_servers, "Imagery", bbox=BBOX, bboxSR=4326, size="64,48", format=image_format)
    assert response.content.startswith(magic)
    assert response.headers["Content-Type"] == mime
    ds = image_servers.open_image(response.content, "." + image_format.rstrip("0123456789"))
    assert (ds.RasterXSize, ds.RasterYSize) == (64, 48)


def test_png_bands_and_transparency(image_servers):
    png32 = image_servers.pixels(_export(image_servers, "Elevation", size="100,100", format="png").content)
    png24 = image_servers.pixels(_export(image_servers, "Elevation", size="100,100", format="png24").content)
    png8 = image_servers.open_image(_export(image_servers, "Elevation", size="100,100", format="png8").content, ".png")
    assert png32.shape[0] == 4 and png24.shape[0] == 3
    assert png8.RasterCount == 1 and png8.GetRasterBand(1).GetColorTable() is not None
    # The noData corner of the DEM is transparent; the rest opaque.
    assert png32[3, 0, 0] == 0 and png32[3, 50, 50] == 255


def test_jpgpng_is_the_default_and_picks_png_only_with_transparency(image_servers):
    inside = _export(image_servers, "Elevation", bbox=BBOX, bboxSR=4326, size="50,50")
    whole = _export(image_servers, "Elevation", size="50,50")
    assert inside.headers["Content-Type"] == "image/jpeg"
    assert whole.headers["Content-Type"] == "image/png"
    assert _export(image_servers, "Elevation", size="50,50", format="jpgpng").content == whole.content


def test_tiff_compression(image_servers):
    common = {"bbox": BBOX, "bboxSR": 4326, "size": "200,200"}
    deflate = _export(image_servers, "Imagery", format="tiff", **common).content
    plain = _export(image_servers, "Imagery", format="tiff", compression="None", **common).content
    assert len(plain) > len(deflate)
    assert np.array_equal(
        image_servers.open_image(plain).ReadAsArray(), image_servers.open_image(deflate).ReadAsArray()
    )
    jpeg = _export(
        image_servers,
        "Elevation",
        format="tiff",
        compression="JPEG",
        compressionQuality=20,
        renderingRule=json.dumps({"rasterFunction": "Hillshade"}),
        **common,
    )
    assert image_servers.open_image(jpeg.content).GetMetadata("IMAGE_STRUCTURE")["COMPRESSION"] == "JPEG"
    assert image_servers.error("Imagery", "exportImage", format="tiff", compression="ZSTD-ULTRA")["code"] == 400


def test_compression_quality_changes_the_jpeg(image_servers):
    low = _export(image_servers, "Imagery", format="jpg", compressionQuality=10, size="300,300").content
    high = _export(image_servers, "Imagery", format="jpg", compressionQuality=95, size="300,300").content
    assert len(low) < len(high) / 2


def test_tiff_is_georeferenced_with_raw_values(image_servers):
    ds = _tiff(
        image_servers,
        "Elevation",
        bbox=BBOX,
        bboxSR=4326,
        size="120,120",
        adjustAspectRatio="false",
        interpolation="RSP_NearestNeighbor",
    )
    sr = osr.SpatialReference(wkt=ds.GetProjection())
    assert sr.GetAuthorityCode(None) == "4326"
    gt = ds.GetGeoTransform()
    assert gt[0] == pytest.approx(BOX[0]) and gt[3] == pytest.approx(BOX[3])
    assert gt[1] == pytest.approx((BOX[2] - BOX[0]) / 120) and gt[5] == pytest.approx(-(BOX[3] - BOX[1]) / 120)
    band = ds.GetRasterBand(1)
    assert ds.RasterCount == 1 and band.DataType == 6  # Float32
    assert band.GetNoDataValue() == image_servers.get("Elevation")["noDataValue"]
    # The pixel under Jacksboro holds the elevation identify reports.
    col = int((JACKSBORO[0] - gt[0]) / gt[1])
    row = int((JACKSBORO[1] - gt[3]) / gt[5])
    identified = image_servers.get(
        "Elevation",
        "identify",
        geometry=json.dumps({"x": JACKSBORO[0], "y": JACKSBORO[1], "spatialReference": {"wkid": 4326}}),
    )["value"]
    assert band.ReadAsArray()[row, col] == pytest.approx(float(identified), abs=25)


def test_tiff_with_rendering_rule_is_rendered(image_servers):
    raw = _tiff(image_servers, "Elevation", bbox=BBOX, bboxSR=4326, size="50,50")
    shaded = _tiff(
        image_servers,
        "Elevation",
        bbox=BBOX,
        bboxSR=4326,
        size="50,50",
        renderingRule=json.dumps({"rasterFunction": "Hillshade"}),
    )
    coloured = _tiff(
        image_servers,
        "Elevation",
        bbox=BBOX,
        bboxSR=4326,
        size="50,50",
        renderingRule=json.dumps({"rasterFunction": "Elevation_Colorized"}),
    )
    assert raw.GetRasterBand(1).DataType == 6
    assert shaded.RasterCount == 1 and shaded.GetRasterBand(1).DataType == 1  # Byte
    assert coloured.RasterCount == 3 and coloured.GetRasterBand(1).DataType == 1
    assert shaded.GetGeoTransform() == pytest.approx(raw.GetGeoTransform())


def test_image_sr_reprojects(image_servers):
    reply = image_servers.get("Elevation", "exportImage", bbox=BBOX, bboxSR=4326, imageSR=3857, size="100,100")
    extent = reply["extent"]
    assert extent["spatialReference"] == {"wkid": 102100, "latestWkid": 3857}
    assert -9_400_000 < extent["xmin"] < extent["xmax"] < -9_350_000
    ds = _tiff(image_servers, "Elevation", bbox=BBOX, bboxSR=4326, imageSR=102100, size="100,100")
    assert osr.SpatialReference(wkt=ds.GetProjection()).GetAuthorityCode(None) == "3857"
    assert ds.GetGeoTransform()[0] == pytest.approx(extent["xmin"])


def test_bbox_sr_is_honoured(image_servers):
    in_4326 = image_servers.get("Imagery", "exportImage", bbox=BBOX, bboxSR=4326, size="100,100")["extent"]
    # Imagery is in Web Mercator: without bboxSR the numbers are metres and the extent is tiny.
    in_metres = image_servers.get("Imagery", "exportImage", bbox=BBOX, size="100,100")["extent"]
    assert in_4326["xmax"] - in_4326["xmin"] > 10_000
    assert in_metres["xmax"] - in_metres["xmin"] < 1


def test_band_ids_change_the_exported_band_order(image_servers):
    common = {"bbox": BBOX, "bboxSR": 4326, "size": "40,40", "interpolation": "RSP_NearestNeighbor"}
    all_bands = _tiff(image_servers, "Imagery", **common).ReadAsArray()
    reordered = _tiff(image_servers, "Imagery", bandIds="3,0", **common).ReadAsArray()
    assert all_bands.shape[0] == 4 and reordered.shape[0] == 2
    assert np.array_equal(reordered[0], all_bands[3]) and np.array_equal(reordered[1], all_bands[0])
    natural = image_servers.pixels(_export(image_servers, "Imagery", bandIds="2,1,0", **common).content)
    false_colour = image_servers.pixels(_export(image_servers, "Imagery", bandIds="3,2,1", **common).content)
    assert not np.array_equal(natural, false_colour)
    error = image_servers.error("Imagery", "exportImage", bandIds="0,7", **common)
    assert error["code"] == 400


def test_interpolation_changes_the_resampling(image_servers):
    common = {"bbox": BBOX, "bboxSR": 4326, "size": "300,300", "format": "tiff"}
    nearest = _tiff(image_servers, "Elevation", interpolation="RSP_NearestNeighbor", **common).ReadAsArray()
    bilinear = _tiff(image_servers, "Elevation", interpolation="RSP_BilinearInterpolation", **common).ReadAsArray()
    cubic = _tiff(image_servers, "Elevation", interpolation="RSP_CubicConvolution", **common).ReadAsArray()
    # Upsampling: nearest repeats source values, bilinear invents in-between ones.
    assert len(np.unique(nearest)) < len(np.unique(bilinear))
    assert not np.array_equal(bilinear, cubic)
    assert image_servers.error("Elevation", "exportImage", interpolation="RSP_Fancy")["code"] == 400


def test_majority_keeps_landcover_classes(image_servers):
    ds = _tiff(image_servers, "LandCover", size="80,80", interpolation="RSP_Majority")
    classes = {f["attributes"]["Value"] for f in image_servers.get("LandCover", "rasterAttributeTable")["features"]}
    assert set(np.unique(ds.ReadAsArray())) <= classes | {0}


def test_pixel_type_and_no_data(image_servers):
    common = {"bbox": BBOX, "bboxSR": 4326, "size": "30,30"}
    as_int = _tiff(image_servers, "Elevation", pixelType="S16", **common)
    assert as_int.GetRasterBand(1).DataType == 3  # Int16
    as_byte = _tiff(image_servers, "Elevation", pixelType="U8", **common).ReadAsArray()
    assert as_byte.max() == 255  # elevations above 255 clip
    whole = _tiff(image_servers, "Elevation", size="60,60", noData=-1)
    band = whole.GetRasterBand(1)
    assert band.GetNoDataValue() == -1
    assert band.ReadAsArray()[0, 0] == -1  # the noData corner


def test_no_data_interpretation(image_servers):
    common = {"bbox": BBOX, "bboxSR": 4326, "size": "20,20", "interpolation": "RSP_NearestNeighbor"}
    data = _tiff(image_servers, "Imagery", **common).ReadAsArray()
    blue = int(data[0, 10, 10])  # one band's value of one pixel
    any_match = _tiff(image_servers, "Imagery", noData=blue, noDataInterpretation="esriNoDataMatchAny", **common)
    all_match = _tiff(image_servers, "Imagery", noData=blue, noDataInterpretation="esriNoDataMatchAll", **common)
    any_data, all_data = any_match.ReadAsArray(), all_match.ReadAsArray()
    # MatchAny: a pixel with one band equal to noData becomes noData in every band; MatchAll: untouched.
    assert list(any_data[:, 10, 10]) == [blue] * 4
    assert list(all_data[:, 10, 10]) == list(data[:, 10, 10])
    assert (any_data == blue).all(axis=0).sum() > (all_data == blue).all(axis=0).sum()


def test_mosaic_rule_and_time_change_the_image(image_servers):
    common = {"bbox": BBOX, "bboxSR": 4326, "size": "50,50"}
    default = _tiff(image_servers, "Imagery", **common).ReadAsArray()
    locked = _tiff(
        image_servers,
        "Imagery",
        mosaicRule=json.dumps({"mosaicMethod": "esriMosaicLockRaster", "lockRasterIds": [1]}),
        **common,
    ).ReadAsArray()
    assert not np.array_equal(default, locked)
    info = image_servers.get("Imagery")
    start, _end = info["timeInfo"]["timeExtent"]
    oldest = _tiff(image_servers, "Imagery", time=f"{start},{start}", **common).ReadAsArray()
    assert np.array_equal(oldest, locked)  # scene 1 is the oldest
    nothing = _tiff(image_servers, "Imagery", time="0,1000", **common).ReadAsArray()
    assert (nothing == 0).all()  # no scene in 1970: all noData


def test_climate_export_follows_time(image_servers):
    md = image_servers.get("Climate", "multiDimensionalInfo")["multidimensionalInfo"]
    times = md["variables"][0]["dimensions"][0]["values"]
    january = _tiff(image_servers, "Climate", time=str(times[0]), size="40,40").ReadAsArray()
    july = _tiff(image_servers, "Climate", time=str(times[2]), size="40,40").ReadAsArray()
    valid = (january > -9000) & (july > -9000)
    assert (july[valid] > january[valid]).all()


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "1,2,3"},
        {"bbox": "3,3,1,1"},
        {"size": "0,10"},
        {"size": "ten,ten"},
        {"format": "webp"},
        {"pixelType": "U128"},
        {"imageSR": "123456789"},
        {"compressionQuality": "150"},
        {"noDataInterpretation": "esriNoDataMatchSome"},
        {"renderingRule": '{"rasterFunction": "Nope"}'},
        {"f": "kmz"},
    ],
)
def test_bad_export_parameters_are_400_errors(image_servers, params):
    error = image_servers.error("Elevation", "exportImage", **params)
    assert error["code"] == 400 and error["details"]


def test_climate_export_follows_the_multidimensional_definition(image_servers):
    md = image_servers.get("Climate", "multiDimensionalInfo")["multidimensionalInfo"]
    times = md["variables"][0]["dimensions"][0]["values"]

    def slice_of(variable):
        definition = [{"variableName": variable, "dimensionName": "StdTime", "values": [times[1]], "isSlice": True}]
        return _tiff(
            image_servers, "Climate", size="40,40", mosaicRule=json.dumps({"multidimensionalDefinition": definition})
        ).ReadAsArray()

    temperature, rain = slice_of("temperature"), slice_of("precipitation")
    valid = (temperature > -9000) & (rain > -9000)
    assert temperature[valid].max() < 40 < rain[valid].min()  # degrees versus millimetres


def test_reprojected_mosaic_has_no_gaps_inside_the_scenes(image_servers):
    # Each scene is warped only over its own window of the output: the windows must meet without holes.
    ds = _tiff(image_servers, "Imagery", bbox=BBOX, bboxSR=4326, imageSR=32616, size="300,300")
    assert (ds.ReadAsArray() > 0).all()
    assert osr.SpatialReference(wkt=ds.GetProjection()).GetAuthorityCode(None) == "32616"
