"""Proof of faithfulness: QGIS's own "ArcGIS Map Service" provider and GDAL's AGS driver use World/MapServer."""

from __future__ import annotations

import numpy as np
from osgeo import gdal

EUROPE = (-2_000_000.0, 4_000_000.0, 4_000_000.0, 8_000_000.0)


def _ams_layer(services_url: str):
    from qgis.core import QgsRasterLayer

    # The URI keys of QGIS 3.22's arcgismapserver provider (QgsAmsProvider): url, layer, crs, format.
    uri = f"url='{services_url}/World/MapServer' layer='' crs='EPSG:3857' format='PNG'"
    layer = QgsRasterLayer(uri, "World", "arcgismapserver")
    assert layer.isValid()
    return layer


def test_qgis_arcgis_map_service_layer_renders(qgis_app, services_url):
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings, QgsRectangle
    from qgis.PyQt.QtCore import QSize

    layer = _ams_layer(services_url)
    assert layer.crs().authid() == "EPSG:3857"
    assert layer.extent().width() > 39_000_000
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(300, 200))
    settings.setExtent(QgsRectangle(*EUROPE))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    assert [e.message for e in job.errors()] == []
    image = job.renderedImage()
    colours = {image.pixel(x, y) for x in range(0, 300, 5) for y in range(0, 200, 5)}
    assert len(colours) > 3  # land, sea, borders: not blank


def test_qgis_arcgis_map_service_identify_finds_the_country(qgis_app, services_url, h):
    from qgis.core import QgsPointXY, QgsRaster, QgsRectangle

    layer = _ams_layer(services_url)
    # QGIS sends tolerance=10 pixels: at 2 km per pixel only Germany is within 20 km of Berlin.
    result = layer.dataProvider().identify(
        QgsPointXY(*h.BERLIN), QgsRaster.IdentifyFormatFeature, QgsRectangle(*EUROPE), 3000, 2000
    )
    assert result.isValid()
    stores = [store for stores in result.results().values() for store in stores]
    countries = [s for s in stores if s.params()["sublayer"] == "Countries"]
    assert [s.params()["featureType"] for s in countries] == ["Germany"]
    feature = countries[0].features()[0]
    assert feature["Country name"] == "Germany"
    assert feature.geometry().boundingBox().contains(QgsPointXY(*h.BERLIN))


def test_gdal_wms_ags_minidriver_reads_the_export(services_url):
    xml = f"""<GDAL_WMS>
  <Service name="AGS">
    <ServerUrl>{services_url}/World/MapServer</ServerUrl>
    <BBoxOrder>xyXY</BBoxOrder>
    <SRS>3857</SRS>
    <ImageFormat>png32</ImageFormat>
    <Transparent>false</Transparent>
  </Service>
  <DataWindow>
    <UpperLeftX>{EUROPE[0]}</UpperLeftX><UpperLeftY>{EUROPE[3]}</UpperLeftY>
    <LowerRightX>{EUROPE[2]}</LowerRightX><LowerRightY>{EUROPE[1]}</LowerRightY>
    <SizeX>600</SizeX><SizeY>400</SizeY>
  </DataWindow>
  <BandsCount>4</BandsCount>
  <BlockSizeX>300</BlockSizeX><BlockSizeY>200</BlockSizeY>
  <Cache/>
</GDAL_WMS>"""
    gdal.UseExceptions()
    dataset = gdal.Open(xml.replace("<Cache/>", ""))
    assert (dataset.RasterXSize, dataset.RasterYSize) == (600, 400)
    assert "3857" in dataset.GetProjectionRef() or "Pseudo-Mercator" in dataset.GetProjectionRef()
    red = dataset.GetRasterBand(1).ReadAsArray()
    assert red.shape == (400, 600)
    assert len(np.unique(red)) > 3
    # Its GetFeatureInfo equivalent is MapServer identify.
    info = dataset.GetRasterBand(1).GetMetadataItem("Pixel_349_110", "LocationInfo")
    assert info is not None and "Germany" in info


def test_qgis_sublayer_uri_identifies_only_that_layer(qgis_app, services_url, h):
    from qgis.core import QgsPointXY, QgsRaster, QgsRasterLayer, QgsRectangle

    uri = f"url='{services_url}/World/MapServer' layer='2' crs='EPSG:3857' format='PNG'"
    layer = QgsRasterLayer(uri, "Disputed borders", "arcgismapserver")
    assert layer.isValid()
    x, y = h.TRANSNISTRIA
    extent = QgsRectangle(x - 1_000_000, y - 1_000_000, x + 1_000_000, y + 1_000_000)
    result = layer.dataProvider().identify(QgsPointXY(x, y), QgsRaster.IdentifyFormatFeature, extent, 1000, 1000)
    sublayers = {store.params()["sublayer"] for stores in result.results().values() for store in stores}
    assert sublayers == {"Disputed borders"}
