"""The base of the plugin's docks: a QgsDockWidget with a stable objectName, a compact toolbar on top, the dock's
own widgets in `content`, then a progress bar (hidden until work shows progress) and a status line."""

from __future__ import annotations

from qgis.core import Qgis
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QLabel, QProgressBar, QToolBar, QVBoxLayout, QWidget

WARNING_STYLE = "color: #be1e1e;"
WARNING_LEVELS = (Qgis.MessageLevel.Warning, Qgis.MessageLevel.Critical)


class PluginDock(QgsDockWidget):
    """`content` is the layout the dock fills; `toolbar`, `progress` and `status` are made here."""

    # What the dock said (its status line), with its Qgis.MessageLevel, for whoever shows it in the message bar.
    messageRequested = pyqtSignal(str, object)

    def __init__(
        self,
        title: str,
        object_name: str,
        parent: QWidget | None = None,
        *,
        status: str = "",
        status_name: str = "",
        progress_name: str = "",
    ) -> None:
        super().__init__(title, parent)
        self.setObjectName(object_name)
        self.body = QWidget(self)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(2, 2, 2, 2)
        self.toolbar = QToolBar(self.body)
        self.toolbar.setIconSize(self.toolbar.iconSize() * 0.8)  # dock toolbars are smaller than the main window's
        layout.addWidget(self.toolbar)
        self.content = QVBoxLayout()
        self.content.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.content)
        self.progress = QProgressBar(self.body)
        self.progress.setObjectName(progress_name)
        self.progress.setRange(0, 100)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel(status, self.body)
        self.status.setObjectName(status_name)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.setWidget(self.body)

    def set_status(self, text: str) -> None:
        """What the dock is doing, in its status line."""
        self.status.setText(text)
        self.status.setStyleSheet("")

    def say(self, text: str, level: Qgis.MessageLevel = Qgis.MessageLevel.Info) -> None:
        """What an action did: the status line (a warning in red) and messageRequested."""
        self.status.setText(text)
        self.status.setStyleSheet(WARNING_STYLE if level in WARNING_LEVELS else "")
        self.messageRequested.emit(text, level)

    def show_progress(self, value: float | None = None) -> None:
        """The progress bar at `value` (0-100), or busy without a percentage (None)."""
        if value is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(int(value))
        self.progress.show()

    def set_progress(self, value: float) -> None:
        """A new value for the progress bar, shown or not (a job reports its progress once more as it ends)."""
        self.progress.setValue(int(value))

    def hide_progress(self) -> None:
        self.progress.hide()

    def unload(self) -> None:
        """Before the dock is removed (the plugin unloads): it lets go of what outlives it (project, canvas)."""
