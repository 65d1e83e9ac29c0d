"""QGIS's own "ArcGIS Map Service" provider reads the image services (service info + exportImage)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("name", "authid"), [("Elevation", "EPSG:4326"), ("Imagery", "EPSG:3857"), ("LandCover", "EPSG:32616")]
)
def test_native_arcgis_provider_renders_the_image_service(qgis_app, services_url, name, authid):
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings, QgsRasterLayer
    from qgis.PyQt.QtCore import QSize

    layer = QgsRasterLayer(
        f"crs='{authid}' format='PNG32' url='{services_url}/{name}/ImageServer'", name, "arcgismapserver"
    )
    assert layer.isValid(), layer.error().summary()
    assert layer.crs().authid() == authid
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(200, 200))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    colours = {image.pixel(x, y) for x in range(0, 200, 8) for y in range(0, 200, 8)}
    assert len(colours) >= 5  # a picture, not a blank or single-colour canvas
