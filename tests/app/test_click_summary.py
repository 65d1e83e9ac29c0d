"""The sentence a click ends with says what was found, where nothing was and what failed."""

from __future__ import annotations

from qgis.core import QgsCoordinateReferenceSystem

from arcgis_identify.app.identify_runner import ClickSummary, ServiceOutcome
from arcgis_identify.app.service_targets import ServiceTarget
from arcgis_identify.core.errors import ArcGisError
from arcgis_identify.core.parsing import parse_image_identify

TARGET = ServiceTarget(url="http://h/arcgis/rest/services/E/ImageServer", kind="ImageServer", label="E")
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


def _pixel(value: str, items: int = 0) -> ServiceOutcome:
    data = {"objectId": 0, "name": "Pixel", "value": value, "location": {"x": 0, "y": 0}}
    if items:
        data["catalogItems"] = {
            "features": [{"attributes": {"OBJECTID": i}} for i in range(items)],
            "geometryType": "esriGeometryPolygon",
        }
        data["catalogItemVisibilities"] = [1.0] * items
        data["properties"] = {"Values": [value] * items}
    return ServiceOutcome(target=TARGET, crs=WGS84, image_result=parse_image_identify(data))


def test_nodata_pixels_are_nothing_found():
    summary = ClickSummary()
    for outcome in (_pixel("NoData"), _pixel("NoData")):
        assert outcome.count == 0 and outcome.found_text() == "NoData"
        summary.add(outcome)
    assert summary.found == 0
    assert summary.text(0.5) == "Nothing found on 2 service(s) (0.50 s)."


def test_a_pixel_and_its_catalog_items_are_said_apart():
    outcome = _pixel("12", items=5)
    assert outcome.found_text() == "1 pixel value(s), 5 catalog item(s)"
    summary = ClickSummary()
    summary.add(outcome)
    summary.add(_pixel("NoData"))
    assert summary.text(0.25) == "Found 1 pixel value(s) and 5 catalog item(s); nothing on 1 service(s) (0.25 s)."


def test_failures_are_counted_not_hidden_as_zero_results():
    failed = ServiceOutcome(target=TARGET, crs=WGS84, error=ArcGisError("E: HTTP 500."))
    summary = ClickSummary()
    summary.add(failed)
    summary.add(failed)
    assert summary.text(0.02) == "All 2 service(s) failed (0.02 s)."
    summary.add(_pixel("7"))
    assert summary.text(0.02) == "Found 1 pixel value(s); 2 service(s) failed (0.02 s)."
