"""The body every plugin dock starts from: a widget with a tight vertical layout and a compact toolbar on top."""

from __future__ import annotations

from qgis.PyQt.QtWidgets import QToolBar, QVBoxLayout, QWidget


def dock_body(dock: QWidget) -> tuple[QWidget, QVBoxLayout, QToolBar]:
    """(body, its layout, the toolbar already in it); the dock calls setWidget(body) once it is filled."""
    body = QWidget(dock)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(2, 2, 2, 2)
    toolbar = QToolBar(body)
    toolbar.setIconSize(toolbar.iconSize() * 0.8)  # dock toolbars are smaller than the main window's
    layout.addWidget(toolbar)
    return body, layout, toolbar
