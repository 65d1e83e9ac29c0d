"""Qt classes that moved from QtWidgets (Qt 5, QGIS 3) to QtGui (Qt 6, QGIS 4), imported for both in one place.

`from qgis.PyQt.QtGui import QAction` fails on QGIS 3 (Qt 5 keeps it in QtWidgets), and QtWidgets has no QAction on
Qt 6: the rest of the plugin imports these from here. scripts/check_qt6.py allows the two imports in this file only.
"""

try:  # Qt 6 (QGIS 4)
    from qgis.PyQt.QtGui import QAction, QShortcut
except ImportError:  # Qt 5 (QGIS 3)
    from qgis.PyQt.QtWidgets import QAction, QShortcut

__all__ = ["QAction", "QShortcut"]
