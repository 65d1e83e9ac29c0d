"""Writes the demo project: the sample server's services as QGIS layers (run by scripts/demo.py)."""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDataSourceUri,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsReferencedRectangle,
)
from qgis.PyQt.QtCore import QSettings


def service_json(url: str) -> dict:
    with urllib.request.urlopen(f"{url}?f=json", timeout=30) as reply:
        return json.load(reply)


def ams_layer(url: str, name: str) -> QgsRasterLayer | None:
    """A QGIS-native "ArcGIS Map Service" layer (the arcgismapserver provider)."""
    uri = QgsDataSourceUri()
    uri.setParam("url", url)
    uri.setParam("layer", "")
    uri.setParam("crs", "EPSG:3857")
    uri.setParam("format", "PNG32")
    layer = QgsRasterLayer(uri.uri(False), name, "arcgismapserver")
    if not layer.isValid():
        print(f"demo: could not add {url}: {layer.error().summary()}", file=sys.stderr)
        return None
    return layer


def configure_plugin(services: str, profile_dir: str) -> None:
    """The plugin's own service list in the demo profile (QSettings writes it in the format QGIS reads)."""
    settings = QSettings(str(Path(profile_dir) / "QGIS" / "QGIS3.ini"), QSettings.Format.IniFormat)
    settings.setValue("PythonPlugins/arcgis_identify", True)
    own_services = [
        {"url": f"{services}/LandCover/ImageServer", "name": "Land cover", "authcfg": "", "enabled": True},
    ]
    settings.setValue("arcgis_identify/services", json.dumps(own_services))
    settings.sync()


def main(server_url: str, project_path: str, profile_dir: str) -> int:
    app = QgsApplication([], False)
    app.setPrefixPath("/usr", True)
    app.initQgis()
    services = f"{server_url}/arcgis/rest/services"
    project = QgsProject.instance()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    project.setEllipsoid("EPSG:7030")  # WGS 84, as QGIS gives new projects: measures are ellipsoidal
    project.setTitle("ArcGIS Identify demo")
    added = []
    for path, name in (
        ("Imagery/ImageServer", "Imagery (ArcGIS ImageServer)"),
        ("Elevation/ImageServer", "Elevation (ArcGIS ImageServer)"),
        ("World/MapServer", "World (ArcGIS MapServer)"),
    ):
        layer = ams_layer(f"{services}/{path}", name)
        if layer is not None:
            project.addMapLayer(layer)
            added.append(path)
    # Open on the elevation model, where every service has something to say.
    extent = QgsRectangle(-9500000, 4200000, -8900000, 4500000)
    try:
        info = service_json(f"{services}/Elevation/ImageServer")
        e = info["extent"]
        crs = QgsCoordinateReferenceSystem(
            f"EPSG:{e['spatialReference'].get('latestWkid') or e['spatialReference']['wkid']}"
        )
        native = QgsRectangle(e["xmin"], e["ymin"], e["xmax"], e["ymax"])
        extent = QgsCoordinateTransform(crs, project.crs(), project).transformBoundingBox(native)
        extent.scale(1.6)
    except Exception as error:
        print(f"demo: no Elevation extent ({error}); using a default view", file=sys.stderr)
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, project.crs()))
    configure_plugin(services, profile_dir)
    Path(project_path).parent.mkdir(parents=True, exist_ok=True)
    if not project.write(project_path):
        print(f"demo: could not write {project_path}", file=sys.stderr)
        return 1
    print(f"demo: project {project_path} with {', '.join(added) or 'no layers'}")
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
