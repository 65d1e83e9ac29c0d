"""The ImageServer service resources and sub-resources."""

from __future__ import annotations

import pytest

SERVICES = ["Elevation", "Imagery", "LandCover", "Climate"]


@pytest.mark.parametrize("name", SERVICES)
def test_service_info_has_the_arcgis_keys_and_types(image_servers, name):
    info = image_servers.get(name)
    for key in ("extent", "initialExtent", "fullExtent"):
        extent = info[key]
        assert extent["xmin"] < extent["xmax"] and extent["ymin"] < extent["ymax"]
        assert "wkid" in extent["spatialReference"]
    assert info["name"] == name
    assert isinstance(info["serviceDescription"], str) and info["serviceDescription"]
    assert info["pixelSizeX"] > 0 and info["pixelSizeY"] > 0
    assert info["bandCount"] == len(info["bandNames"])
    assert info["pixelType"] in ("F32", "U16", "U8")
    for key in ("minValues", "maxValues", "meanValues", "stdvValues", "noDataValues"):
        assert len(info[key]) == info["bandCount"]
    assert all(lo < hi for lo, hi in zip(info["minValues"], info["maxValues"]))
    assert isinstance(info["noDataValue"], (int, float))
    assert info["maxImageWidth"] == 2000 and info["maxImageHeight"] == 2000
    assert "Image" in info["capabilities"].split(",")
    assert next(f["name"] for f in info["rasterFunctionInfos"]) == "None"
    assert info["defaultMosaicMethod"] in info["allowedMosaicMethods"].split(",")
    assert info["mosaicOperator"] == "First"
    assert isinstance(info["currentVersion"], float)
    assert info["serviceDataType"].startswith("esriImageServiceDataType")
    assert "wkid" in info["spatialReference"]


def test_pjson_is_indented(image_servers):
    response = image_servers.raw("Elevation", "", f="pjson")
    assert response.text.startswith("{\n")


def test_each_service_has_its_own_data(image_servers):
    elevation = image_servers.get("Elevation")
    imagery = image_servers.get("Imagery")
    landcover = image_servers.get("LandCover")
    assert (elevation["pixelType"], elevation["bandCount"]) == ("F32", 1)
    assert elevation["spatialReference"]["wkid"] == 4326
    assert [f["name"] for f in elevation["rasterFunctionInfos"]] == [
        "None",
        "Hillshade",
        "Stretch",
        "Elevation_Colorized",
    ]
    assert 200 < elevation["minValues"][0] < elevation["maxValues"][0] < 1100  # metres, Jacksboro fault
    assert (imagery["pixelType"], imagery["bandCount"]) == ("U16", 4)
    assert imagery["spatialReference"] == {"wkid": 102100, "latestWkid": 3857}
    assert (landcover["pixelType"], landcover["hasColormap"], landcover["hasRasterAttributeTable"]) == (
        "U8",
        True,
        True,
    )
    assert landcover["spatialReference"]["wkid"] == 32616


def test_imagery_documents_its_mosaic_and_time(image_servers):
    info = image_servers.get("Imagery")
    assert info["defaultMosaicMethod"] == "ByAttribute"
    assert info["sortField"] == "AcquisitionDate"
    assert set(info["allowedMosaicMethods"].split(",")) >= {"NorthWest", "Center", "LockRaster", "ByAttribute", "None"}
    assert "Catalog" in info["capabilities"].split(",")
    time_info = info["timeInfo"]
    assert time_info["startTimeField"] == "AcquisitionDate"
    start, end = time_info["timeExtent"]
    assert isinstance(start, int) and start < end
    fields = {f["name"]: f["type"] for f in info["fields"]}
    assert fields["AcquisitionDate"] == "esriFieldTypeDate"
    assert fields["CloudCover"] == "esriFieldTypeDouble"
    assert fields["OBJECTID"] == "esriFieldTypeOID"


def test_raster_function_infos_resource(image_servers):
    infos = image_servers.get("Imagery", "rasterFunctionInfos")["rasterFunctionInfos"]
    assert [i["name"] for i in infos] == ["None", "NDVI", "Natural Color", "Color Infrared"]
    assert all(isinstance(i["description"], str) for i in infos)


def test_climate_is_multidimensional(image_servers):
    info = image_servers.get("Climate")
    assert info["hasMultidimensions"] is True
    assert image_servers.get("Elevation")["hasMultidimensions"] is False
    md = image_servers.get("Climate", "multiDimensionalInfo")["multidimensionalInfo"]
    names = [v["name"] for v in md["variables"]]
    assert names == ["temperature", "precipitation"]
    for variable in md["variables"]:
        (dimension,) = variable["dimensions"]
        assert dimension["name"] == "StdTime"
        assert len(dimension["values"]) == 3
        assert all(isinstance(v, int) for v in dimension["values"])
        assert variable["statistics"][0]["min"] < variable["statistics"][0]["max"]
        assert variable["unit"]
    assert info["timeInfo"]["timeExtent"] == [
        md["variables"][0]["dimensions"][0]["values"][0],
        md["variables"][0]["dimensions"][0]["values"][-1],
    ]


def test_multidimensional_info_is_refused_for_a_plain_service(image_servers):
    error = image_servers.error("Elevation", "multiDimensionalInfo")
    assert error["code"] == 400


def test_landcover_raster_attribute_table(image_servers):
    table = image_servers.get("LandCover", "rasterAttributeTable")
    assert [f["name"] for f in table["fields"]] == ["OID", "Value", "ClassName", "Red", "Green", "Blue", "Count"]
    rows = [f["attributes"] for f in table["features"]]
    water = next(r for r in rows if r["Value"] == 11)
    assert (water["ClassName"], water["Red"], water["Green"], water["Blue"]) == ("Open Water", 70, 107, 159)
    assert all(r["Count"] > 0 for r in rows)


def test_secure_elevation_needs_a_token(image_servers):
    error = image_servers.error("Secure/Elevation")
    assert error["code"] == 499


def test_unknown_operation_is_an_arcgis_error(image_servers):
    error = image_servers.error("Elevation", "noSuchOperation")
    assert error["code"] == 400


def test_version_matches_the_server(image_servers, sample_server):
    import requests

    server = requests.get(f"{sample_server}/arcgis/rest/info", params={"f": "json"}, timeout=60).json()
    assert image_servers.get("Imagery")["currentVersion"] == server["currentVersion"]
