"""The composition root: the plugin's runner, session and log bridge, the shell (toolbar and Web menu, docks, Layers
panel entries) and one wiring object per feature; unload() ends all work first, then removes every one of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qgis.core import Qgis, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

PLUGIN_DIR = Path(__file__).resolve().parent
LOG_TAG = "ArcGIS Identify"
UNLOAD_TIMEOUT_S = 3.0

if TYPE_CHECKING:
    from .ui.shell import Feature


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
        self.session = None  # core Session: tokens and info/legend caches for the plugin's lifetime
        self.runner = None  # the one background runner every feature uses
        self.log_bridge = None  # core's Python logger in QGIS's Log Messages panel while loaded
        self.shell = None  # toolbar and Web menu actions, docks, Layers panel entries
        self.identify = self.legend = self.export = self.layer_entries = None
        self.features: list[Feature] = []

    @property
    def actions(self):
        """The plugin's toolbar and Web menu actions."""
        return self.shell.actions if self.shell is not None else []

    def initGui(self) -> None:
        from .app.log_bridge import CoreLogBridge
        from .app.runner import BackgroundRunner
        from .core import Session
        from .ui.feature_export import ExportFeature
        from .ui.feature_identify import IdentifyFeature
        from .ui.feature_layer_entries import LayerEntriesFeature
        from .ui.feature_legend import LegendFeature
        from .ui.shell import Shell

        self.log_bridge = CoreLogBridge()
        self.log_bridge.attach()
        self.session = Session()
        self.runner = BackgroundRunner()
        self.shell = Shell(self.iface, self.runner, self.session)
        self.identify = IdentifyFeature(self.shell)
        self.legend = LegendFeature(self.shell)
        self.export = ExportFeature(self.shell)
        self.layer_entries = LayerEntriesFeature(self.shell)
        self.features = [self.identify, self.legend, self.export, self.layer_entries]
        for feature in self.features:
            feature.init_gui()
        # What one feature's dock asks of another.
        self.identify.dock.legendRequested.connect(self.legend.show_target)
        self.identify.dock.exportRequested.connect(self.export.show_dialog)
        self.export.dock.legendRequested.connect(self.legend.show_target)

    def unload(self) -> None:
        self._end_work()
        for feature in reversed(self.features):
            feature.unload()
        self.features = []
        if self.shell is not None:
            self.shell.unload()  # Layers panel entries, docks, actions and the toolbar
            self.shell = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None

    def _end_work(self) -> None:
        """All running work ends first, bounded: a request stuck anywhere is abandoned, never waited for."""
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
