"""The QGIS theme icons of the plugin's actions (the docks' toolbars and the results table window)."""

from __future__ import annotations

from qgis.core import QgsApplication
from qgis.PyQt.QtGui import QIcon


def theme_icon(name: str) -> QIcon:
    """One of QGIS's own icons ("/mActionEditCopy.svg"), as QGIS's current theme draws it."""
    return QgsApplication.getThemeIcon(name)
