"""Shared pieces of the export, overlays dock and live overlay tests (the real plugin and the sample server)."""

from __future__ import annotations

from qgis.core import QgsRasterLayer, QgsRectangle
from qgis.PyQt.QtCore import Qt

from arcgis_identify.app.service_targets import ServiceTarget

WAIT_MS = 120000
# Inside the Elevation DEM (Tennessee), away from its noData block.
DEM_VIEW = QgsRectangle(-84.38, 36.47, -84.12, 36.70)


def image_target(services_url: str, name: str, authcfg: str = "") -> ServiceTarget:
    return ServiceTarget(url=f"{services_url}/{name}/ImageServer", kind="ImageServer", label=name, authcfg=authcfg)


def open_dialog(qtbot, plugin, target: ServiceTarget):
    dialog = plugin.export.show_dialog(target)
    qtbot.waitUntil(lambda: dialog.info is not None or not dialog.status.text().startswith("Reading"), timeout=WAIT_MS)
    assert dialog.info is not None, dialog.status.text()
    return dialog


def export(qtbot, dialog) -> QgsRasterLayer | None:
    with qtbot.waitSignal(dialog.exportFinished, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.job is not None, dialog.status.text()  # refused: the dialog says why
    return blocker.args[0]
