"""Identify: the map tool and its action, the results dock with its controllers, the settings dialog."""

from __future__ import annotations

from qgis.core import Qgis, QgsMessageLog
from qgis.PyQt.QtWidgets import QPushButton

from .identify_controller import IdentifyController
from .map_tool import IdentifyMapTool
from .results_controller import ResultsController
from .results_dock import ResultsDock
from .results_model import ResultsModel
from .shell import LOG_TAG, Shell, tr


class IdentifyFeature:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.model: ResultsModel | None = None
        self.controller: IdentifyController | None = None  # the clicks' identify
        self.results: ResultsController | None = None  # the results' actions that take time
        self.dock: ResultsDock | None = None
        self.map_tool: IdentifyMapTool | None = None
        self.identify_action = self.results_action = self.settings_action = None

    def init_gui(self) -> None:
        shell, canvas = self.shell, self.shell.canvas
        self.model = ResultsModel()
        self.controller = IdentifyController(canvas, self.model, shell.runner, shell.session)
        self.results = ResultsController(canvas, self.model, shell.runner, shell.session)
        self.dock = ResultsDock(canvas, self.model, self.controller, self.results, shell.main_window)
        self.map_tool = IdentifyMapTool(canvas)
        # No default shortcut: QGIS's own ones (Ctrl+Shift+I is its Identify Features) must keep working. The
        # action is listed in Settings › Keyboard Shortcuts, where the user can give it one.
        self.identify_action = shell.actions.add(
            "identify.svg",
            tr("Identify ArcGIS Services"),
            self._toggle_tool,
            checkable=True,
            object_name="ArcGisIdentifyAction",
            status_tip=tr("Click the map (or drag a box) to identify features and pixels on ArcGIS services"),
            listed_in_shortcuts=True,
        )
        self.map_tool.setAction(self.identify_action)
        self.results_action = shell.actions.add(
            "arcgis_identify.svg",
            tr("ArcGIS Identify Results"),
            checkable=True,
            object_name="ArcGisIdentifyResultsAction",
            status_tip=tr("Show or hide the ArcGIS Identify results"),
        )
        shell.docks.add(self.dock, self.results_action)
        self.settings_action = shell.actions.add(
            "arcgis_identify.svg",
            tr("ArcGIS Identify Settings…"),
            self.show_settings,
            object_name="ArcGisIdentifySettingsAction",
            in_toolbar=False,
        )
        self.map_tool.identifyRequested.connect(self.controller.identify_at)
        self.dock.settingsRequested.connect(self.show_settings)
        self.controller.authProblem.connect(self._auth_problem)
        self.controller.serviceFailed.connect(shell.warn)

    def unload(self) -> None:
        if self.controller is not None:
            self.controller.clear()
        canvas = self.shell.canvas
        if self.map_tool is not None:
            if canvas is not None and canvas.mapTool() is self.map_tool:
                canvas.unsetMapTool(self.map_tool)
            self.map_tool.deleteLater()
            self.map_tool = None
        self.dock = self.controller = self.results = self.model = None  # the dock goes with the shell's docks

    def _toggle_tool(self, checked: bool) -> None:
        canvas = self.shell.canvas
        if checked:
            canvas.setMapTool(self.map_tool)
        elif canvas.mapTool() is self.map_tool:
            canvas.unsetMapTool(self.map_tool)

    def _auth_problem(self, message: str) -> None:
        """A service wants (other) credentials: the message bar says so, with a way to QGIS's authentication."""
        bar = self.shell.iface.messageBar()
        item = bar.createMessage(LOG_TAG, message)
        button = QPushButton(tr("Authentication Settings…"))
        button.clicked.connect(self._open_auth_settings)
        item.layout().addWidget(button)
        bar.pushWidget(item, Qgis.MessageLevel.Warning, 15)
        QgsMessageLog.logMessage(message, LOG_TAG, Qgis.MessageLevel.Warning)

    def _open_auth_settings(self) -> None:
        self.shell.iface.showOptionsDialog(self.shell.main_window, "mOptionsPageAuth")

    def show_settings(self) -> None:
        from ..app.settings import IdentifySettings
        from .settings_dialog import SettingsDialog

        shell = self.shell
        dialog = SettingsDialog(IdentifySettings.load(), shell.main_window, runner=shell.runner, session=shell.session)
        try:
            if dialog.exec():
                dialog.result_settings().save()
        finally:
            dialog.deleteLater()
