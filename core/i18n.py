"""Translation of core's user-facing sentences (error messages that reach the dock or the message bar).

Context "ArcGisCore" in the plugin's i18n/*.ts. Without Qt (core used on its own), sentences stay in English.
"""

from __future__ import annotations

try:
    from qgis.PyQt.QtCore import QCoreApplication
except ImportError:  # core without PyQGIS: no translator could be installed anyway
    QCoreApplication = None


def tr(text: str) -> str:
    """`text` in the user's language when a translator for it is installed (thread-safe: Qt's translate is)."""
    if QCoreApplication is None:
        return text
    return QCoreApplication.translate("ArcGisCore", text)
