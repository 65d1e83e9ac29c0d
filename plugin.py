"""Wires the plugin into QGIS: toolbar, Web menu, results dock, map tool; removes them all on unload."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Callable

from qgis.core import Qgis, QgsMapLayerType, QgsMessageLog, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QPushButton, QToolBar

from .ui.qt_compat import QAction

PLUGIN_DIR = Path(__file__).resolve().parent
MENU_NAME = "&ArcGIS Identify"
TOOLBAR_OBJECT_NAME = "ArcGisIdentifyToolbar"
LOG_TAG = "ArcGIS Identify"
UNLOAD_TIMEOUT_S = 3.0


def icon_path(name: str) -> str:
    return str(PLUGIN_DIR / "icons" / name)


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisIdentify", text)


def qgis_locale() -> str:
    """QGIS's interface language ("fr_FR").

    QGIS writes the language it runs in to `locale/userLocale` at every start (the user's override in Settings ›
    Options › General, `qgis --lang`, or else the system's), so that plugins speak the same language as QGIS; the
    system's is the fallback when the key is missing."""
    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QLocale

    return str(QgsSettings().value("locale/userLocale", "") or "") or QLocale().name()


def install_translator(locale: str | None = None) -> QTranslator | None:
    """Installs i18n/arcgis_identify_<locale>.qm (fr_FR, then fr); None when there is no translation for it."""
    locale = locale or qgis_locale()
    translator = QTranslator()
    for name in dict.fromkeys((locale, locale.split("_")[0])):
        if translator.load(str(PLUGIN_DIR / "i18n" / f"arcgis_identify_{name}.qm")):
            QCoreApplication.installTranslator(translator)
            return translator
    return None


class ArcGisIdentifyPlugin:
    """The object QGIS holds for the plugin's lifetime (created by classFactory)."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.translator = install_translator()  # before any string is made; removed in unload()
        self.toolbar: QToolBar | None = None
        self.actions: list[QAction] = []
        self.map_tool = None
        self.dock = None
        self.model = None
        self.controller = None
        self.session = None  # core Session: tokens and info/legend caches for the plugin's lifetime
        self.runner = None  # the one background runner every dock and tool uses
        self.log_bridge = None  # core's Python logger in QGIS's Log Messages panel while loaded
        # Export Image and exported overlays (issue 11)
        self.exporter = None
        self.live_overlays = None
        self.overlays_dock = None
        self.export_dialog = None
        self.layer_export_action: QAction | None = None
        self.layer_entry_actions: list[QAction] = []  # Layers panel entries of ArcGIS layers (issue 9)
        self.service_options_dialog = None

    # -- QGIS plugin protocol -------------------------------------------------
    def initGui(self) -> None:
        from .app.log_bridge import CoreLogBridge
        from .app.runner import BackgroundRunner
        from .core import Session
        from .ui.identify_controller import IdentifyController
        from .ui.map_tool import IdentifyMapTool
        from .ui.results_dock import ResultsDock
        from .ui.results_model import ResultsModel

        self.log_bridge = CoreLogBridge()
        self.log_bridge.attach()
        canvas = self.iface.mapCanvas()
        self.toolbar = self.iface.addToolBar(tr("ArcGIS Identify"))
        self.toolbar.setObjectName(TOOLBAR_OBJECT_NAME)

        self.model = ResultsModel()
        self.dock = ResultsDock(canvas, self.model, self.iface.mainWindow())
        self.dock.hide()
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.session = Session()
        self.runner = BackgroundRunner()
        self.dock.use_background(self.runner, self.session)
        self.controller = IdentifyController(canvas, self.model, self.runner, self.session)
        self.map_tool = IdentifyMapTool(canvas)

        self.identify_action = self._add_action(
            "identify.svg",
            tr("Identify ArcGIS Services"),
            self._toggle_identify,
            checkable=True,
            object_name="ArcGisIdentifyAction",
            status_tip=tr("Click the map (or drag a box) to identify features and pixels on ArcGIS services"),
        )
        # No default shortcut: QGIS's own ones (Ctrl+Shift+I is its Identify Features) must keep working. The
        # action is listed in Settings › Keyboard Shortcuts, where the user can give it one.
        self._register_shortcut(self.identify_action)
        self.map_tool.setAction(self.identify_action)
        self.results_action = self._add_action(
            "arcgis_identify.svg",
            tr("ArcGIS Identify Results"),
            self._toggle_dock,
            checkable=True,
            object_name="ArcGisIdentifyResultsAction",
            status_tip=tr("Show or hide the ArcGIS Identify results"),
        )
        self.dock.visibilityChanged.connect(self.results_action.setChecked)
        self.settings_action = self._add_action(
            "arcgis_identify.svg",
            tr("ArcGIS Identify Settings…"),
            self.show_settings,
            object_name="ArcGisIdentifySettingsAction",
            in_toolbar=False,
        )

        self.map_tool.identifyRequested.connect(self._identify)
        self.dock.identifyAgainRequested.connect(self.controller.identify_again)
        self.dock.clearRequested.connect(self._clear)
        self.dock.settingsRequested.connect(self.show_settings)
        self.controller.started.connect(lambda n: self.dock.set_status(tr("Identifying on {} service(s)…").format(n)))
        self.controller.allFinished.connect(self._all_finished)
        self.controller.authProblem.connect(self._auth_problem)
        self.controller.serviceFailed.connect(self._service_failed)
        self.controller.noServices.connect(
            lambda: self.dock.set_status(tr("No ArcGIS service in play (see Settings to add some)."))
        )

        # -- legend dock (issue 10) --------------------------------------------------------------------------
        self._init_legend()
        # -- end legend dock --------------------------------------------------------------------------------
        # --- Export Image and exported overlays (issue 11) -----------------------------------------------
        from .app.live_overlays import LiveOverlays
        from .app.overlays import OverlayExporter
        from .ui.overlays_dock import OverlaysDock

        self.exporter = OverlayExporter(self.runner, self.session)
        self.live_overlays = LiveOverlays(self.runner, self.session, self._map_view)
        canvas.extentsChanged.connect(self.live_overlays.view_changed)
        self.live_overlays.failed.connect(self._service_failed)
        self.overlays_dock = OverlaysDock(canvas, self.exporter, self.live_overlays, self.iface.mainWindow())
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.overlays_dock)
        self.overlays_dock.hide()  # after adding: adding shows it; it opens from the menu or after an export
        self.export_action = self._add_action(
            "export.svg",
            tr("Export ArcGIS Image…"),
            lambda: self.show_export_dialog(),
            object_name="ArcGisExportImageAction",
            status_tip=tr("Export an ImageServer's image of the map view as a GeoTIFF layer"),
        )
        self.overlays_action = self._add_action(
            "export.svg",
            tr("ArcGIS Exported Overlays"),
            lambda checked: self.overlays_dock.setUserVisible(checked),
            checkable=True,
            object_name="ArcGisOverlaysAction",
            status_tip=tr("Show or hide the ArcGIS exported overlays"),
            in_toolbar=False,
        )
        self.overlays_dock.visibilityChanged.connect(self.overlays_action.setChecked)
        self.overlays_dock.exportRequested.connect(self.show_export_dialog)
        self.overlays_dock.editRequested.connect(self.show_export_dialog_for_layer)
        self.overlays_dock.messageRequested.connect(self._dock_message)
        self.dock.exportRequested.connect(self.show_export_dialog)
        # The Layers panel's context menu of raster layers, enabled for ImageServer layers only.
        self.layer_export_action = QAction(QIcon(icon_path("export.svg")), tr("Export ArcGIS Image…"))
        self.layer_export_action.setObjectName("ArcGisLayerExportImageAction")
        self.layer_export_action.triggered.connect(self._export_active_layer)
        self.iface.addCustomActionForLayerType(self.layer_export_action, "", QgsMapLayerType.RasterLayer, True)
        self.iface.currentLayerChanged.connect(self._enable_layer_export_action)
        self._enable_layer_export_action(self.iface.activeLayer())
        QgsProject.instance().writeProject.connect(self._project_written)
        self.overlays_dock.legendRequested.connect(self.show_legend_for_target)
        # --- end of Export Image and exported overlays ------------------------------------------------------
        self._init_layer_entries()

    def unload(self) -> None:
        self._unload_layer_entries()
        # -- legend dock (issue 10) --------------------------------------------------------------------------
        self._unload_legend()
        # -- end legend dock --------------------------------------------------------------------------------
        # All running work ends first (bounded: a request stuck anywhere is abandoned, never waited for).
        if self.controller is not None:
            self.controller.clear()
        # --- Export Image and exported overlays (issue 11) -----------------------------------------------
        if self.live_overlays is not None:
            self.live_overlays.stop()
            with contextlib.suppress(TypeError):
                self.iface.mapCanvas().extentsChanged.disconnect(self.live_overlays.view_changed)
        if self.layer_export_action is not None:
            with contextlib.suppress(TypeError):
                self.iface.currentLayerChanged.disconnect(self._enable_layer_export_action)
            self.iface.removeCustomActionForLayerType(self.layer_export_action)
            self.layer_export_action.deleteLater()
            self.layer_export_action = None
        if self.export_dialog is not None:
            self.export_dialog.close()
            self.export_dialog.deleteLater()
            self.export_dialog = None
        if self.exporter is not None:
            from .app.overlays import clean_plugin_folder

            with contextlib.suppress(TypeError):
                QgsProject.instance().writeProject.disconnect(self._project_written)
            clean_plugin_folder(QgsProject.instance())  # what only an unsaved project used goes with it
        if self.overlays_dock is not None:
            self.overlays_dock.disconnect_project()
            self.iface.removeDockWidget(self.overlays_dock)
            self.overlays_dock.deleteLater()
            self.overlays_dock = None
        self.exporter = None
        self.live_overlays = None
        # --- end of Export Image and exported overlays ------------------------------------------------------
        if self.runner is not None:
            if not self.runner.shutdown(timeout=UNLOAD_TIMEOUT_S):
                QgsMessageLog.logMessage(
                    tr("Some background requests did not end in time; they were abandoned."),
                    LOG_TAG,
                    Qgis.MessageLevel.Warning,
                )
            self.runner.deleteLater()
            self.runner = None
        if self.session is not None:
            self.session.close()
            self.session = None
        # The network last: replies still running are aborted and waiting workers end at once.
        from .core.mainloop import close_main_thread_mailbox
        from .core.qgis_network import close_network

        close_network()
        close_main_thread_mailbox()
        if self.log_bridge is not None:
            self.log_bridge.detach()
            self.log_bridge = None
        canvas = self.iface.mapCanvas()
        if self.map_tool is not None:
            if canvas is not None and canvas.mapTool() is self.map_tool:
                canvas.unsetMapTool(self.map_tool)
            self.map_tool.deleteLater()
            self.map_tool = None
        if self.dock is not None:
            self.dock.clear_highlight()
            self.dock.close_tables()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        for action in self.actions:
            self._unregister_shortcut(action)
            self.iface.removePluginWebMenu(MENU_NAME, action)
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            action.deleteLater()
        self.actions.clear()
        if self.toolbar is not None:
            main_window = self.iface.mainWindow()
            if main_window is not None:
                main_window.removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        self.controller = None
        self.model = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None

    # -- legend dock (issue 10) ---------------------------------------------------
    def _init_legend(self) -> None:
        from qgis.core import QgsMapLayerType

        from .ui.legend_dock import LegendDock

        self.legend_dock = LegendDock(self.iface.mapCanvas(), self.runner, self.session, parent=self.iface.mainWindow())
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.legend_dock)
        self.legend_dock.hide()  # after: QGIS's addDockWidget shows the dock, and a shown dock fetches legends
        self.legend_action = self._add_action(
            "legend.svg",
            tr("ArcGIS Legend"),
            self._toggle_legend,
            checkable=True,
            object_name="ArcGisLegendAction",
            status_tip=tr("Show what the colours and symbols of an ArcGIS MapServer or ImageServer mean"),
        )
        self.legend_dock.visibilityChanged.connect(self.legend_action.setChecked)
        # The Layers panel's context menu: on every raster and vector layer, enabled for ArcGIS ones only.
        main_window = self.iface.mainWindow()
        self.layer_legend_action = QAction(QIcon(icon_path("legend.svg")), tr("Show ArcGIS Legend"), main_window)
        self.layer_legend_action.setObjectName("ArcGisLayerLegendAction")
        self.layer_legend_action.triggered.connect(lambda _checked=False: self.show_legend_for_layer())
        for layer_type in (QgsMapLayerType.RasterLayer, QgsMapLayerType.VectorLayer):
            self.iface.addCustomActionForLayerType(self.layer_legend_action, "", layer_type, True)
        self.iface.currentLayerChanged.connect(self._current_layer_changed)
        self.dock.legendRequested.connect(self.show_legend_for_target)
        self._current_layer_changed(self.iface.activeLayer())

    def _unload_legend(self) -> None:
        if getattr(self, "legend_dock", None) is None:
            return
        with contextlib.suppress(TypeError, RuntimeError):  # never connected when initGui failed early
            self.iface.currentLayerChanged.disconnect(self._current_layer_changed)
        self.iface.removeCustomActionForLayerType(self.layer_legend_action)
        self.layer_legend_action.deleteLater()
        self.layer_legend_action = None
        self.legend_dock.unload()
        self.iface.removeDockWidget(self.legend_dock)
        self.legend_dock.deleteLater()
        self.legend_dock = None

    def _toggle_legend(self, checked: bool) -> None:
        if checked:
            self.legend_dock.open(self.iface.activeLayer())
        else:
            self.legend_dock.setUserVisible(False)

    def _current_layer_changed(self, layer) -> None:
        from .app.service_targets import target_for_layer

        self.layer_legend_action.setEnabled(layer is not None and target_for_layer(layer) is not None)
        self.legend_dock.follow_layer(layer)

    def show_legend_for_layer(self, layer=None) -> None:
        """The Layers panel's *Show ArcGIS Legend*: the legend of the layer (the current one by default)."""
        self.legend_dock.open(layer if layer is not None else self.iface.activeLayer())

    def show_legend_for_target(self, target) -> None:
        """A service node of the results dock: its legend."""
        self.legend_dock.open(target=target)

    # -- end legend dock ---------------------------------------------------------------

    # -- Layers panel entries of ArcGIS layers: identify settings for the service, add to the plugin's list -----
    def _init_layer_entries(self) -> None:
        from qgis.core import QgsMapLayerType

        main_window = self.iface.mainWindow()
        options = QAction(
            QIcon(icon_path("identify.svg")), tr("ArcGIS Identify Settings for This Service…"), main_window
        )
        options.setObjectName("ArcGisLayerServiceOptionsAction")
        options.triggered.connect(lambda _checked=False: self.show_service_options())
        add = QAction(QIcon(icon_path("arcgis_identify.svg")), tr("Add to ArcGIS Identify Services"), main_window)
        add.setObjectName("ArcGisLayerAddServiceAction")
        add.triggered.connect(lambda _checked=False: self.add_layer_service())
        self.layer_entry_actions = [options, add]
        for action in self.layer_entry_actions:  # offered on ArcGIS layers only: each is added as it comes
            for layer_type in (QgsMapLayerType.RasterLayer, QgsMapLayerType.VectorLayer):
                self.iface.addCustomActionForLayerType(action, "", layer_type, False)
        QgsProject.instance().layersAdded.connect(self._offer_layer_entries)
        self._offer_layer_entries(list(QgsProject.instance().mapLayers().values()))

    def _unload_layer_entries(self) -> None:
        with contextlib.suppress(TypeError, RuntimeError):
            QgsProject.instance().layersAdded.disconnect(self._offer_layer_entries)
        for action in self.layer_entry_actions:
            self.iface.removeCustomActionForLayerType(action)
            action.deleteLater()
        self.layer_entry_actions = []
        if self.service_options_dialog is not None:
            self.service_options_dialog.close()
            self.service_options_dialog.deleteLater()
            self.service_options_dialog = None

    def _offer_layer_entries(self, layers) -> None:
        from .app.service_targets import target_for_layer

        for layer in layers:
            if target_for_layer(layer) is not None:
                for action in self.layer_entry_actions:
                    self.iface.addCustomActionForLayer(action, layer)

    def show_service_options(self, layer=None):
        """*ArcGIS Identify Settings for This Service…*: the layer's own identify options (the current layer)."""
        from .app.service_targets import target_for_layer
        from .ui.service_options_dialog import ServiceOptionsDialog

        layer = layer if layer is not None else self.iface.activeLayer()
        target = target_for_layer(layer) if layer is not None else None
        if target is None:
            return None
        if self.service_options_dialog is not None:
            self.service_options_dialog.close()
            self.service_options_dialog.deleteLater()
        self.service_options_dialog = ServiceOptionsDialog(
            layer, target, self.runner, self.session, parent=self.iface.mainWindow()
        )
        self.service_options_dialog.show()
        return self.service_options_dialog

    def add_layer_service(self, layer=None) -> None:
        """*Add to ArcGIS Identify Services*: the layer's service (no query, no token) joins the plugin's list."""
        from .app.layer_options import add_service, configured_service
        from .app.service_targets import target_for_layer
        from .app.settings import IdentifySettings

        layer = layer if layer is not None else self.iface.activeLayer()
        target = target_for_layer(layer) if layer is not None else None
        if target is None:
            return
        settings = IdentifySettings.load()
        if add_service(settings, target.url, target.authcfg, layer.name()) is None:
            existing = configured_service(settings, target.url)
            text = tr('"{}" is already in the ArcGIS Identify services.').format(existing.label)
        else:
            settings.save()
            text = tr('"{}" added to the ArcGIS Identify services.').format(layer.name())
        self.iface.messageBar().pushMessage(LOG_TAG, text, Qgis.MessageLevel.Info, 4)

    # -- behaviour ------------------------------------------------------------
    def _toggle_identify(self, checked: bool) -> None:
        canvas = self.iface.mapCanvas()
        if checked:
            canvas.setMapTool(self.map_tool)
        elif canvas.mapTool() is self.map_tool:
            canvas.unsetMapTool(self.map_tool)

    def _toggle_dock(self, checked: bool) -> None:
        self.dock.setUserVisible(checked)

    def _identify(self, geometry) -> None:
        self.dock.setUserVisible(True)
        self.dock.clear_highlight()
        request = self.controller.identify_at(geometry)
        if request is not None:
            self.dock.show_request(request)

    def _clear(self) -> None:
        self.dock.clear_highlight()
        self.controller.clear()
        self.dock.set_status(tr("Results cleared."))

    def _all_finished(self, _found: int, _seconds: float) -> None:
        self.dock.set_status(self.controller.summary_text())

    def _service_failed(self, message: str) -> None:
        self.iface.messageBar().pushMessage(LOG_TAG, message, Qgis.MessageLevel.Warning, 8)
        QgsMessageLog.logMessage(message, LOG_TAG, Qgis.MessageLevel.Warning)

    def _auth_problem(self, message: str) -> None:
        bar = self.iface.messageBar()
        item = bar.createMessage(LOG_TAG, message)
        button = QPushButton(tr("Authentication Settings…"))
        button.clicked.connect(self._open_auth_settings)
        item.layout().addWidget(button)
        bar.pushWidget(item, Qgis.MessageLevel.Warning, 15)
        QgsMessageLog.logMessage(message, LOG_TAG, Qgis.MessageLevel.Warning)

    def _open_auth_settings(self) -> None:
        self.iface.showOptionsDialog(self.iface.mainWindow(), "mOptionsPageAuth")

    def _dock_message(self, text: str, level: str) -> None:
        """One message-bar line for an export or overlay action (their docks say it in their status line too)."""
        self.iface.messageBar().pushMessage(
            LOG_TAG, text, Qgis.MessageLevel.Warning if level == "warning" else Qgis.MessageLevel.Info, 5
        )

    def show_settings(self) -> None:
        from .app.settings import IdentifySettings
        from .ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            IdentifySettings.load(), self.iface.mainWindow(), runner=self.runner, session=self.session
        )
        try:
            if dialog.exec():
                dialog.result_settings().save()
        finally:
            dialog.deleteLater()

    # -- Export Image and exported overlays (issue 11) -------------------------
    def _map_view(self):
        canvas = self.iface.mapCanvas()
        ratio = canvas.devicePixelRatioF() if hasattr(canvas, "devicePixelRatioF") else 1.0
        return canvas.mapSettings(), ratio

    def _project_written(self, *_args) -> None:
        from .app.overlays import remember_saved_overlays

        remember_saved_overlays(QgsProject.instance())

    def _image_targets(self) -> list:
        from .app.service_targets import collect_targets
        from .app.settings import IdentifySettings

        settings = IdentifySettings.load()
        return [t for t in collect_targets(QgsProject.instance(), settings) if t.kind == "ImageServer"]

    def _enable_layer_export_action(self, layer) -> None:
        from .app.service_targets import target_for_layer

        target = target_for_layer(layer) if layer is not None else None
        if self.layer_export_action is not None:
            self.layer_export_action.setEnabled(target is not None and target.kind == "ImageServer")

    def _export_active_layer(self) -> None:
        from .app.service_targets import target_for_layer

        layer = self.iface.activeLayer()
        target = target_for_layer(layer) if layer is not None else None
        if target is not None and target.kind == "ImageServer":
            self.show_export_dialog(target)

    def show_export_dialog(self, target=None, *, request=None, replace_layer=None):
        """The Export Image dialog for `target` (None: the active layer's ImageServer, else one to pick)."""
        from qgis.PyQt.QtWidgets import QInputDialog

        from .app.service_targets import target_for_layer
        from .ui.export_dialog import ExportDialog

        if target is None:
            active = self.iface.activeLayer()
            target = target_for_layer(active) if active is not None else None
            if target is None or target.kind != "ImageServer":
                targets = self._image_targets()
                if not targets:
                    self._dock_message(
                        tr("No ImageServer in play: add one to the project or to the ArcGIS Identify settings."),
                        "warning",
                    )
                    return None
                target = targets[0]
                if len(targets) > 1:
                    labels = [t.label for t in targets]
                    label, ok = QInputDialog.getItem(
                        self.iface.mainWindow(), tr("Export ArcGIS Image"), tr("ImageServer"), labels, 0, False
                    )
                    if not ok:
                        return None
                    target = targets[labels.index(label)]
        if self.export_dialog is not None:
            self.export_dialog.close()
            self.export_dialog.deleteLater()
        self.export_dialog = ExportDialog(
            target,
            self.iface.mapCanvas(),
            self.exporter,
            self.runner,
            self.session,
            self.iface.mainWindow(),
            request=request,
            replace_layer=replace_layer,
        )
        self.export_dialog.messageRequested.connect(self._dock_message)
        self.export_dialog.show()
        return self.export_dialog

    def show_export_dialog_for_layer(self, layer):
        """Re-export an overlay with changed options: the dialog pre-filled with its request."""
        from .app.overlays import overlay_request

        request = overlay_request(layer)
        if request is None:
            return None
        return self.show_export_dialog(request.target(), request=request, replace_layer=layer)

    # -- helpers --------------------------------------------------------------
    @staticmethod
    def _register_shortcut(action: QAction) -> None:
        """Lists the action in QGIS's Keyboard Shortcuts dialog, without a default key."""
        from qgis.gui import QgsGui

        QgsGui.shortcutsManager().registerAction(action, "")

    @staticmethod
    def _unregister_shortcut(action: QAction) -> None:
        from qgis.gui import QgsGui

        QgsGui.shortcutsManager().unregisterAction(action)

    def _add_action(
        self,
        icon: str,
        text: str,
        callback: Callable[..., None],
        *,
        checkable: bool = False,
        object_name: str,
        status_tip: str = "",
        in_toolbar: bool = True,
    ) -> QAction:
        action = QAction(QIcon(icon_path(icon)), text, self.iface.mainWindow())
        action.setObjectName(object_name)
        action.setCheckable(checkable)
        if status_tip:
            action.setStatusTip(status_tip)
            action.setToolTip(status_tip)
        action.triggered.connect(callback)
        if in_toolbar and self.toolbar is not None:
            self.toolbar.addAction(action)
        self.iface.addPluginToWebMenu(MENU_NAME, action)
        self.actions.append(action)
        return action
