"""scripts/check_qt6.py (in `make lint`): each rule reports the Qt 5 only spelling and passes the portable one, and the
plugin's runtime code has no finding at all."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_qt6.py"


def _load_checker():
    spec = importlib.util.spec_from_file_location("check_qt6", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


check_qt6 = _load_checker()


def _findings(tmp_path: Path, source: str, relpath: str = "ui/probe.py") -> list[tuple[str, int, str]]:
    path = tmp_path / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return [(f.path, f.line, f.message) for f in check_qt6.check_tree(tmp_path)]


# (violating snippet whose last line holds the violation, text the finding names, the portable spelling)
CASES = {
    "PyQt5 import": (
        "from PyQt5.QtCore import Qt\n",
        "never PyQt5",
        "from qgis.PyQt.QtCore import Qt\n",
    ),
    "PyQt6 module import": (
        "import PyQt6.QtWidgets\n",
        "never PyQt6",
        "from qgis.PyQt import QtWidgets\n",
    ),
    "sip import": (
        "import sip\n",
        "from qgis.PyQt import sip",
        "from qgis.PyQt import sip\n",
    ),
    "sip from PyQt5": (
        "from PyQt5 import sip\n",
        "never PyQt5",
        "from qgis.PyQt import sip\n",
    ),
    "qgis.PyQt.Qt module": (
        "from qgis.PyQt.Qt import Qt\n",
        "qgis.PyQt.QtCore",
        "from qgis.PyQt.QtCore import Qt\n",
    ),
    "exec_ call": (
        "def run(dialog):\n    return dialog.exec_()\n",
        "use .exec",
        "def run(dialog):\n    return dialog.exec()\n",
    ),
    "exec_ reference": (
        "def run(timer, dialog):\n    timer.timeout.connect(dialog.exec_)\n",
        "use .exec",
        "def run(timer, dialog):\n    timer.timeout.connect(dialog.exec)\n",
    ),
    "print_ call": (
        "def run(document, printer):\n    document.print_(printer)\n",
        "use .print",
        "def run(document, printer):\n    document.print(printer)\n",
    ),
    "exec_ definition": (
        "class Dialog:\n    def exec_(self): return 1\n",
        "def exec_",
        "class Dialog:\n    def exec(self): return 1\n",
    ),
    "Qt enum": (
        "from qgis.PyQt.QtCore import Qt\nALIGN = Qt.AlignmentFlag.AlignTop | Qt.AlignLeft\n",
        "Qt.AlignLeft: Qt 6 has scoped enums only, write Qt.AlignmentFlag.AlignLeft",
        "from qgis.PyQt.QtCore import Qt\nALIGN = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft\n",
    ),
    "Qt enum through the module": (
        "from qgis.PyQt import QtCore\nROLE = QtCore.Qt.UserRole\n",
        "write QtCore.Qt.ItemDataRole.UserRole",
        "from qgis.PyQt import QtCore\nROLE = QtCore.Qt.ItemDataRole.UserRole\n",
    ),
    "Qt enum under an alias": (
        "from qgis.PyQt.QtCore import Qt as Q\nSPEC = Q.UTC\n",
        "write Q.TimeSpec.UTC",
        "from qgis.PyQt.QtCore import Qt as Q\nSPEC = Q.TimeSpec.UTC\n",
    ),
    "widget enum": (
        "from qgis.PyQt.QtWidgets import QMessageBox\nANSWER = QMessageBox.Yes\n",
        "write QMessageBox.StandardButton.Yes",
        "from qgis.PyQt.QtWidgets import QMessageBox\nANSWER = QMessageBox.StandardButton.Yes\n",
    ),
    "network enum": (
        "from qgis.PyQt.QtNetwork import QNetworkRequest\nSTATUS = QNetworkRequest.HttpStatusCodeAttribute\n",
        "write QNetworkRequest.Attribute.HttpStatusCodeAttribute",
        "from qgis.PyQt.QtNetwork import QNetworkRequest\nSTATUS = QNetworkRequest.Attribute.HttpStatusCodeAttribute\n",
    ),
    "qgis.core enum": (
        "from qgis.core import QgsTask\nFLAGS = QgsTask.CanCancel\n",
        "write QgsTask.Flag.CanCancel",
        "from qgis.core import QgsTask\nFLAGS = QgsTask.Flag.CanCancel\n",
    ),
    "Qgis enum through import qgis.core": (
        "import qgis.core\nLEVEL = qgis.core.Qgis.Warning\n",
        "write qgis.core.Qgis.MessageLevel.Warning",
        "import qgis.core\nLEVEL = qgis.core.Qgis.MessageLevel.Warning\n",
    ),
    "qgis.gui enum": (
        "from qgis.gui import QgsMapToolIdentify\nMODE = QgsMapToolIdentify.TopDownAll\n",
        "write QgsMapToolIdentify.IdentifyMode.TopDownAll",
        "from qgis.gui import QgsMapToolIdentify\nMODE = QgsMapToolIdentify.IdentifyMode.TopDownAll\n",
    ),
    "enum value Qt 6 renamed": (
        "from qgis.PyQt.QtCore import Qt\nBUTTON = Qt.MidButton\n",
        "Qt.MouseButton.MiddleButton",
        "from qgis.PyQt.QtCore import Qt\nBUTTON = Qt.MouseButton.MiddleButton\n",
    ),
    "scoped enum value Qt 6 removed": (
        "from qgis.PyQt.QtGui import QPalette\nROLE = QPalette.ColorRole.Background\n",
        "QPalette.ColorRole.Window",
        "from qgis.PyQt.QtGui import QPalette\nROLE = QPalette.ColorRole.Window\n",
    ),
    "QAction from QtWidgets": (
        "from qgis.PyQt.QtWidgets import QAction\n",
        "import it from ui.qt_compat",
        "from .qt_compat import QAction\n",
    ),
    "QShortcut from QtGui": (
        "from qgis.PyQt.QtGui import QShortcut\n",
        "import it from ui.qt_compat",
        "from .qt_compat import QShortcut\n",
    ),
    "QAction through the module": (
        "from qgis.PyQt import QtWidgets\nACTION = QtWidgets.QAction\n",
        "moved to QtGui",
        "from qgis.PyQt import QtWidgets\n\nfrom .qt_compat import QAction\n\nACTION = QAction\n",
    ),
    "QRegExp": (
        "from qgis.PyQt.QtCore import QRegExp\n",
        "QRegularExpression",
        "from qgis.PyQt.QtCore import QRegularExpression\n",
    ),
    "QDesktopWidget": (
        "from qgis.PyQt import QtWidgets\nDESKTOP = QtWidgets.QDesktopWidget\n",
        "QDesktopWidget is not in Qt 6",
        "from qgis.PyQt.QtGui import QGuiApplication\nSCREEN = QGuiApplication.primaryScreen\n",
    ),
    "qApp": (
        "from qgis.PyQt.QtWidgets import qApp\n",
        "QApplication.instance()",
        "from qgis.PyQt.QtWidgets import QApplication\nAPP = QApplication.instance()\n",
    ),
    "resources_rc": (
        "from . import resources_rc\n",
        "load icons by path",
        "from . import results_model\n",
    ),
    "QFontMetrics.width of a local": (
        "from qgis.PyQt.QtGui import QFontMetrics\n\n\ndef w(font, text):\n"
        "    metrics = QFontMetrics(font)\n    return metrics.width(text)\n",
        "horizontalAdvance",
        "from qgis.PyQt.QtGui import QFontMetrics\n\n\ndef w(font, text, rect):\n"
        "    metrics = QFontMetrics(font)\n    rect.width()\n    return metrics.horizontalAdvance(text)\n",
    ),
    "QFontMetrics.width of fontMetrics()": (
        "def w(widget, text):\n    return widget.fontMetrics().width(text)\n",
        "horizontalAdvance",
        "def w(widget, text):\n    return widget.fontMetrics().horizontalAdvance(text) + widget.width()\n",
    ),
    "QFontMetrics.width of an attribute": (
        "from typing import Optional\n\nfrom qgis.PyQt.QtGui import QFontMetrics\n\n\nclass M:\n"
        "    def __init__(self):\n        self._fm: Optional[QFontMetrics] = None\n\n"
        "    def w(self, text):\n        metrics = self._fm\n        return metrics.width(text)\n",
        "horizontalAdvance",
        "from typing import Optional\n\nfrom qgis.PyQt.QtGui import QFontMetrics\n\n\nclass M:\n"
        "    def __init__(self):\n        self._fm: Optional[QFontMetrics] = None\n\n"
        "    def w(self, text, size):\n        metrics = size\n        return metrics.width(text)\n",
    ),
    "desktop()": (
        "from qgis.PyQt.QtWidgets import QApplication\nGEOMETRY = QApplication.desktop().screenGeometry()\n",
        "use QScreen",
        "from qgis.PyQt.QtWidgets import QApplication\nGEOMETRY = QApplication.primaryScreen().geometry()\n",
    ),
    "activated[str]": (
        "def wire(combo, slot):\n    combo.activated[str].connect(slot)\n",
        "textActivated",
        "def wire(combo, slot):\n    combo.textActivated.connect(slot)\n    combo.activated[int].connect(slot)\n",
    ),
    "byteCount": (
        "def size(image):\n    return image.byteCount()\n",
        "sizeInBytes",
        "def size(image):\n    return image.sizeInBytes()\n",
    ),
    "toTime_t": (
        "def seconds(moment):\n    return moment.toTime_t()\n",
        "toSecsSinceEpoch",
        "def seconds(moment):\n    return moment.toSecsSinceEpoch()\n",
    ),
    "addAction with a receiver": (
        "def fill(menu, icon, slot):\n    menu.addAction(icon, 'Copy', slot, 'Ctrl+C')\n",
        "create the QAction",
        "def fill(menu, action):\n    menu.addAction(action)\n",
    ),
    "QVariant()": (
        "from qgis.PyQt.QtCore import QVariant\nEMPTY = QVariant()\n",
        "use NULL from qgis.core",
        "from qgis.core import NULL\nEMPTY = NULL\n",
    ),
    "QVariant(QVariant.Int)": (
        "from qgis.PyQt.QtCore import QVariant\nEMPTY = QVariant(QVariant.Int)\n",
        "use NULL from qgis.core",
        "from qgis.PyQt.QtCore import QVariant\nTEXT = QVariant('text')\nKIND = QVariant.Int\n",
    ),
    "QVariant.Type.X": (
        "from qgis.PyQt.QtCore import QVariant\nKIND = QVariant.Type.Double\n",
        "write QVariant.Double",
        "from qgis.PyQt.QtCore import QVariant\nKIND = QVariant.Double\n",
    ),
    "QDateTime(QDate)": (
        "from qgis.PyQt.QtCore import QDate, QDateTime\nMIDNIGHT = QDateTime(QDate(2024, 1, 1))\n",
        "QDateTime(QDate, QTime(0, 0, 0))",
        "from qgis.PyQt.QtCore import QDate, QDateTime, QTime\nMIDNIGHT = QDateTime(QDate(2024, 1, 1), QTime())\n",
    ),
}


@pytest.mark.parametrize("bad, named, good", list(CASES.values()), ids=list(CASES))
def test_rule_reports_the_qt5_spelling_and_passes_the_portable_one(tmp_path, bad, named, good):
    found = _findings(tmp_path / "bad", bad)
    last_line = len(textwrap.dedent(bad).splitlines())
    assert [f for f in found if named in f[2] and f[:2] == ("ui/probe.py", last_line)], found
    assert _findings(tmp_path / "good", good) == []


def test_every_enum_value_of_a_line_is_reported(tmp_path):
    found = _findings(tmp_path, "from qgis.PyQt.QtCore import Qt\nALIGN = Qt.AlignLeft | Qt.AlignVCenter\n")
    assert [(line, message.split(":")[0]) for _, line, message in found] == [
        (2, "Qt.AlignLeft"),
        (2, "Qt.AlignVCenter"),
    ]


def test_the_compat_module_alone_may_import_the_moved_classes(tmp_path):
    compat = """\
        try:
            from qgis.PyQt.QtGui import QAction, QShortcut
        except ImportError:
            from qgis.PyQt.QtWidgets import QAction, QShortcut
        """
    assert _findings(tmp_path / "compat", compat, "ui/qt_compat.py") == []
    found = _findings(tmp_path / "elsewhere", compat, "ui/other.py")
    assert sorted((line, message.split(" ")[0]) for _, line, message in found) == [
        (2, "QAction"),
        (2, "QShortcut"),
        (4, "QAction"),
        (4, "QShortcut"),
    ]


def test_names_from_the_compat_module_are_introspected(tmp_path):
    found = _findings(tmp_path, "from .qt_compat import QAction\nROLE = QAction.TextHeuristicRole\n")
    assert [message for _, _, message in found] == [
        "QAction.TextHeuristicRole: Qt 6 has scoped enums only, write QAction.MenuRole.TextHeuristicRole"
    ]


def test_the_plugin_runtime_files_are_checked_and_tests_scripts_and_server_are_not(tmp_path):
    bad = "from PyQt5.QtCore import Qt\n"
    places = [
        "__init__.py",
        "plugin.py",
        "core/a.py",
        "app/b.py",
        "ui/c.py",
        "processing/d.py",
        "ui/sub/e.py",
        "tests/test_x.py",
        "scripts/tool.py",
        "sampleserver/server.py",
    ]
    for place in places:
        (tmp_path / place).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / place).write_text(bad, encoding="utf-8")
    reported = sorted({f.path for f in check_qt6.check_tree(tmp_path)})
    assert reported == sorted(places[:7])


def test_command_line_prints_path_line_message_and_exits_1_only_on_findings(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from qgis.core import QgsTask\n\nFLAGS = QgsTask.CanCancel\n", encoding="utf-8")
    good = tmp_path / "good.py"
    good.write_text("from qgis.core import QgsTask\n\nFLAGS = QgsTask.Flag.CanCancel\n", encoding="utf-8")

    failed = subprocess.run([sys.executable, str(SCRIPT), str(bad)], capture_output=True, text=True, timeout=60)
    assert failed.returncode == 1, failed.stderr
    assert re.fullmatch(
        rf"{re.escape(bad.as_posix())}:3: QgsTask\.CanCancel: .* write QgsTask\.Flag\.CanCancel\n", failed.stdout
    )

    passed = subprocess.run([sys.executable, str(SCRIPT), str(good)], capture_output=True, text=True, timeout=60)
    assert (passed.returncode, passed.stdout) == (0, "")


def test_make_lint_runs_the_check():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/check_qt6.py" in lint


def test_the_plugin_has_no_qt6_finding():
    """All runtime code (core/ and app/ included): fails until every Qt 5 only spelling is gone."""
    findings = check_qt6.check_tree(ROOT)
    assert [str(f) for f in findings] == []
