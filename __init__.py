"""ArcGIS Identify: a QGIS plugin for ArcGIS MapServer and ImageServer services."""


def classFactory(iface):
    """Entry point QGIS calls to create the plugin instance."""
    from .plugin import ArcGisIdentifyPlugin

    return ArcGisIdentifyPlugin(iface)
