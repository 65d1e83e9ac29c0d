"""The body every plugin dock starts from: a widget with a tight vertical layout and a compact toolbar on top, and
the QGIS theme icons of its actions."""

from __future__ import annotations

from qgis.core import QgsApplication
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QToolBar, QVBoxLayout, QWidget


def theme_icon(name: str) -> QIcon:
    """One of QGIS's own icons ("/mActionEditCopy.svg"), as QGIS's current theme draws it."""
    return QgsApplication.getThemeIcon(name)


def dock_body(dock: QWidget) -> tuple[QWidget, QVBoxLayout, QToolBar]:
    """(body, its layout, the toolbar already in it); the dock calls setWidget(body) once it is filled."""
    body = QWidget(dock)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(2, 2, 2, 2)
    toolbar = QToolBar(body)
    toolbar.setIconSize(toolbar.iconSize() * 0.8)  # dock toolbars are smaller than the main window's
    layout.addWidget(toolbar)
    return body, layout, toolbar
