"""Qt 6 / QGIS 4 readiness check of the plugin's runtime code (`make lint` runs it).

No QGIS 4 / Qt 6 build is available on the development machine, so this reads the source (its AST) and asks the
installed PyQt5 and PyQGIS (introspection) what each imported name is. The rules follow QGIS's own migration script
(scripts/pyqt5_to_pyqt6/pyqt5_to_pyqt6.py in the QGIS repository), in its QGIS 3 compatible mode: every fix it asks
for also runs on QGIS 3.22 (Qt 5.15).

- imports: `qgis.PyQt...` only, never PyQt5, PyQt6 or sip directly; no `qgis.PyQt.Qt`, QtWebKit or `resources_rc`;
- `exec_` / `print_` (calls, references and definitions) are `exec` / `print`;
- scoped enums: `Qt.AlignLeft` is `Qt.AlignmentFlag.AlignLeft`, `QgsTask.CanCancel` is `QgsTask.Flag.CanCancel`
  (an attribute of a class imported from qgis.PyQt, qgis.core or qgis.gui whose value is a member of an enum type
  it is reached without); enum values Qt 6 removed or renamed (`Qt.MidButton`, `QPalette.Background`, ...);
- classes that moved to QtGui in Qt 6 (QAction, QActionGroup, QShortcut, QUndo*, QFileSystemModel) come from one
  compat module, `ui/qt_compat.py`, the only file allowed to import them from QtWidgets or QtGui;
- classes Qt 6 removed (QRegExp, QDesktopWidget, QGLWidget, QSound, QTextCodec, ...), `qApp`;
- methods Qt 6 removed, where the name says it: `QFontMetrics.width` (horizontalAdvance), `.desktop()`,
  `QImage.byteCount`, `QDateTime.toTime_t`, `activated[str]`, `addAction` with the receiver in 4+ arguments;
- QVariant as QGIS's script flags it: `QVariant()` and `QVariant(QVariant.X)` are `NULL` (qgis.core),
  `QVariant.Type.X` is `QVariant.X`; the QDateTime constructors Qt 6 dropped.

Usage: python scripts/check_qt6.py [PATH ...]   (default: the plugin's runtime files)
Prints `path:line: message` per finding and exits 1 when there is any.
"""

from __future__ import annotations

import ast
import enum
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Optional

ROOT = Path(__file__).resolve().parent.parent
# What QGIS loads: the package's root module and its runtime packages (tests, scripts, sampleserver are not shipped).
RUNTIME = ("__init__.py", "plugin.py", "core", "app", "ui", "processing")
# The one module allowed to import the classes that moved from QtWidgets (Qt 5) to QtGui (Qt 6).
COMPAT_MODULE = "ui/qt_compat.py"
COMPAT_IMPORT = "ui.qt_compat"

DIRECT_BINDINGS = ("PyQt5", "PyQt6", "sip")
# Modules whose classes are introspected for enums (and whose names the other rules recognise).
INTROSPECTED = ("qgis.PyQt", "qgis.core", "qgis.gui", "qgis.analysis")
REMOVED_MODULES = {
    "qgis.PyQt.Qt": "import from qgis.PyQt.QtCore (qgis.PyQt.Qt is gone on Qt 6)",
    "qgis.PyQt.QtWebKit": "QtWebKit is not in Qt 6 (QGIS 4): use QgsWebView from qgis.gui",
    "qgis.PyQt.QtWebKitWidgets": "QtWebKit is not in Qt 6 (QGIS 4): use QgsWebView from qgis.gui",
}
MOVED_TO_QTGUI = (
    "QAction",
    "QActionGroup",
    "QShortcut",
    "QUndoCommand",
    "QUndoGroup",
    "QUndoStack",
    "QFileSystemModel",
)
REMOVED_CLASSES = {
    "QRegExp": "QRegularExpression",
    "QRegExpValidator": "QRegularExpressionValidator",
    "QDesktopWidget": "QScreen (QGuiApplication.primaryScreen(), QWidget.screen())",
    "QGLWidget": "QOpenGLWidget",
    "QGLFormat": "QSurfaceFormat",
    "QSound": "nothing in qgis.PyQt (QtMultimedia's QSoundEffect is not wrapped): drop the sound",
    "QTextCodec": "Python's str.encode()/bytes.decode()",
    "QTextEncoder": "Python's str.encode()",
    "QTextDecoder": "Python's bytes.decode()",
    "QStringRef": "Python str slices",
    "QLinkedList": "a Python list",
    "QMatrix": "QTransform",
    "QDirModel": "QFileSystemModel (from ui.qt_compat)",
    "QTouchDevice": "QInputDevice / QPointingDevice (Qt 6 only: avoid)",
    "qApp": "QApplication.instance() or QgsApplication.instance()",
}
# Enum values Qt 6 removed or renamed: the scoped spelling of the Qt 5 name would not exist either.
RENAMED_ENUMS = {
    ("Qt", "MidButton"): "Qt.MouseButton.MiddleButton",
    ("Qt", "TextColorRole"): "Qt.ItemDataRole.ForegroundRole",
    ("Qt", "BackgroundColorRole"): "Qt.ItemDataRole.BackgroundRole",
    ("Qt", "ItemIsTristate"): "Qt.ItemFlag.ItemIsAutoTristate",
    ("QPainter", "HighQualityAntialiasing"): "QPainter.RenderHint.Antialiasing",
    ("QPalette", "Background"): "QPalette.ColorRole.Window",
    ("QPalette", "Foreground"): "QPalette.ColorRole.WindowText",
    **{
        ("Qt", name): "QLocale().toString(value, QLocale.FormatType.ShortFormat or LongFormat)"
        for name in (
            "DefaultLocaleShortDate",
            "DefaultLocaleLongDate",
            "SystemLocaleDate",
            "SystemLocaleShortDate",
            "SystemLocaleLongDate",
            "LocaleDate",
        )
    },
}
# Methods Qt 6 removed whose names belong to nothing else.
REMOVED_METHODS = {
    "exec_": "exec",
    "print_": "print",
    "byteCount": "sizeInBytes",
    "toTime_t": "toSecsSinceEpoch",
    "setTime_t": "setSecsSinceEpoch",
    "fromTime_t": "fromSecsSinceEpoch",
}
STRING_OVERLOADED_SIGNALS = {
    "activated": "textActivated",
    "currentIndexChanged": "currentTextChanged",
    "highlighted": "textHighlighted",
}
FONT_METRICS = ("QFontMetrics", "QFontMetricsF")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


_MISSING = object()


def _module(name: str) -> Optional[ModuleType]:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _qt_class(name: str) -> Any:
    """A class of the installed bindings, wherever this Qt version keeps it (QAction: QtWidgets on Qt 5)."""
    for module_name in ("qgis.PyQt.QtGui", "qgis.PyQt.QtWidgets", "qgis.PyQt.QtCore"):
        module = _module(module_name)
        if module is not None and hasattr(module, name):
            return getattr(module, name)
    return _MISSING


def _enum_type(value: Any) -> Optional[type]:
    """The enum type `value` is a member of (a sip enum on PyQt5 and QGIS 3, a Python enum on PyQt6), else None."""
    if isinstance(value, type):
        return None
    if isinstance(value, enum.Enum):
        return type(value)
    if type(type(value)).__name__ == "enumtype":  # sip.enumtype
        return type(value)
    return None


def _is_introspected(module_name: str) -> bool:
    return module_name == "qgis" or any(module_name == m or module_name.startswith(m + ".") for m in INTROSPECTED)


def _dotted(node: ast.AST) -> Optional[str]:
    """`a.b.c` for a chain of names, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


class _FileChecker:
    def __init__(self, source: str, relpath: str) -> None:
        self.relpath = relpath
        self.tree = ast.parse(source, filename=relpath)
        self.is_compat = relpath == COMPAT_MODULE
        self.findings: list[Finding] = []
        # Local name -> the object it is bound to by an import of an introspected module (or _MISSING).
        self.bindings: dict[str, Any] = {}
        self._resolved: dict[str, Any] = {}

    def report(self, node: ast.AST, message: str) -> None:
        self.findings.append(Finding(self.relpath, getattr(node, "lineno", 0), message))

    # --- imports -------------------------------------------------------------------------------------------------

    def check_imports(self) -> None:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self._check_module_name(node, alias.name)
                    if _is_introspected(alias.name):
                        imported = _module(alias.name)  # `import qgis.core` makes qgis.core an attribute of qgis
                        if alias.asname:
                            self.bindings[alias.asname] = imported or _MISSING
                        else:
                            root = alias.name.split(".")[0]
                            self.bindings[root] = _module(root) if imported else _MISSING
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level == 0:
                    self._check_module_name(node, module)
                for alias in node.names:
                    local = alias.asname or alias.name
                    if node.level == 0 and module == "qgis.PyQt" and alias.name == "sip":
                        continue  # the portable way
                    if node.level == 0 and module in ("qgis.PyQt", "qgis"):
                        full = f"{module}.{alias.name}"
                        self._check_module_name(node, full)
                        self.bindings[local] = _module(full) or _MISSING
                        continue
                    if alias.name == "resources_rc":
                        self.report(node, "compiled Qt resources (resources_rc) are gone on Qt 6: load icons by path")
                        continue
                    self._check_imported_class(node, module, node.level, alias.name)
                    if node.level == 0 and _is_introspected(module):
                        imported = _module(module)
                        self.bindings[local] = getattr(imported, alias.name, _MISSING) if imported else _MISSING
                    elif node.level and module.split(".")[-1] == "qt_compat" and alias.name in MOVED_TO_QTGUI:
                        self.bindings[local] = _qt_class(alias.name)

    def _check_module_name(self, node: ast.AST, name: str) -> None:
        top = name.split(".")[0]
        if top in DIRECT_BINDINGS:
            if top == "sip" or name.endswith(".sip"):
                self.report(node, f"`{name}`: import sip from qgis.PyQt (`from qgis.PyQt import sip`)")
            else:
                self.report(node, f"`{name}`: import from qgis.PyQt{name[len(top) :]}, never {top} directly")
        elif name in REMOVED_MODULES:
            self.report(node, f"`{name}`: {REMOVED_MODULES[name]}")

    def _check_imported_class(self, node: ast.AST, module: str, level: int, name: str) -> None:
        if level == 0 and not _is_introspected(module) and module.split(".")[0] not in DIRECT_BINDINGS:
            return
        if name in REMOVED_CLASSES:
            self.report(node, f"{name} is not in Qt 6: use {REMOVED_CLASSES[name]}")
        elif name in MOVED_TO_QTGUI and level == 0 and not self.is_compat:
            qt_module = module.rsplit(".", 1)[-1]
            where = "QtWidgets on Qt 5 (QGIS 3) and QtGui on Qt 6 (QGIS 4)"
            if qt_module in ("QtWidgets", "QtGui"):
                self.report(node, f"{name} is in {where}: import it from {COMPAT_IMPORT}")

    # --- attribute chains ----------------------------------------------------------------------------------------

    def resolve(self, node: ast.AST) -> Any:
        """The object a chain of names rooted at an introspected import stands for, else _MISSING."""
        dotted = _dotted(node)
        if dotted is None or dotted.split(".")[0] not in self.bindings:
            return _MISSING
        if dotted not in self._resolved:
            if isinstance(node, ast.Attribute):
                owner = self.resolve(node.value)
                value = _MISSING if owner is _MISSING else getattr(owner, node.attr, _MISSING)
            else:
                value = self.bindings[dotted]
            self._resolved[dotted] = value
        return self._resolved[dotted]

    def check_attribute(self, node: ast.Attribute) -> None:
        if node.attr in REMOVED_METHODS:
            self.report(node, f".{node.attr} is gone on Qt 6: use .{REMOVED_METHODS[node.attr]}")
            return
        owner = self.resolve(node.value)
        if owner is _MISSING:
            return
        source = ast.unparse(node)
        if isinstance(owner, ModuleType):
            if node.attr in REMOVED_CLASSES:
                self.report(node, f"{source} is not in Qt 6: use {REMOVED_CLASSES[node.attr]}")
            elif node.attr in MOVED_TO_QTGUI and not self.is_compat and owner.__name__.endswith(("QtWidgets", "QtGui")):
                self.report(node, f"{source}: {node.attr} moved to QtGui in Qt 6: import it from {COMPAT_IMPORT}")
            return
        if not isinstance(owner, type):
            return
        qvariant = _qt_class("QVariant")
        if owner is qvariant:
            return  # QVariant.Int and friends: QGIS's script keeps them in QGIS 3 compatible code
        if isinstance(node.value, ast.Attribute) and owner is getattr(qvariant, "Type", None):
            self.report(node, f"{source}: write QVariant.{node.attr} (QVariant.Type is not on Qt 6)")
            return
        outer = owner.__qualname__.split(".")[0]
        if (outer, node.attr) in RENAMED_ENUMS:
            self.report(node, f"{source} is not in Qt 6: use {RENAMED_ENUMS[(outer, node.attr)]}")
            return
        value = getattr(owner, node.attr, _MISSING)
        enum_type = _enum_type(value)
        if enum_type is None or owner is enum_type or node.attr == enum_type.__name__:
            return
        if _enum_type_of_class(owner):
            return  # reached through another enum type (an alias): scoped already
        spelling = _scoped_spelling(owner, enum_type, ast.unparse(node.value))
        self.report(node, f"{source}: Qt 6 has scoped enums only, write {spelling}.{node.attr}")

    # --- calls and subscripts ------------------------------------------------------------------------------------

    def check_call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr == "desktop" and not node.args and not node.keywords:
                self.report(node, "QApplication.desktop() (QDesktopWidget) is gone on Qt 6: use QScreen")
            elif func.attr == "addAction" and len(node.args) >= 4:
                self.report(
                    node,
                    "addAction(icon, text, receiver, ...) changed its arguments in Qt 6: "
                    "create the QAction, then addAction(action)",
                )
        callee = self.resolve(func)
        if callee is _MISSING:
            return
        if callee is _qt_class("QVariant"):
            if not node.args and not node.keywords:
                self.report(node, "QVariant() (a null QVariant): use NULL from qgis.core")
            elif (
                len(node.args) == 1
                and isinstance(node.args[0], ast.Attribute)
                and self.resolve(node.args[0].value) is callee  # QVariant(QVariant.Int)
            ):
                self.report(node, f"{ast.unparse(node)} (a null QVariant): use NULL from qgis.core")
        elif callee is _qt_class("QDateTime"):
            if len(node.args) >= 8:
                self.report(
                    node, "QDateTime(y, m, d, h, min, s, ms, spec) is gone on Qt 6: QDateTime(QDate, QTime, spec)"
                )
            elif (
                len(node.args) == 1
                and isinstance(node.args[0], ast.Call)
                and self.resolve(node.args[0].func) is _qt_class("QDate")
            ):
                self.report(node, "QDateTime(QDate) is gone on Qt 6: QDateTime(QDate, QTime(0, 0, 0))")

    def check_subscript(self, node: ast.Subscript) -> None:
        value, index = node.value, node.slice
        if (
            isinstance(value, ast.Attribute)
            and value.attr in STRING_OVERLOADED_SIGNALS
            and isinstance(index, ast.Name)
            and index.id == "str"
        ):
            self.report(
                node, f"{value.attr}[str] is gone on Qt 6: use {STRING_OVERLOADED_SIGNALS[value.attr]} (Qt >= 5.14)"
            )

    # --- QFontMetrics.width --------------------------------------------------------------------------------------

    def check_font_metrics(self) -> None:
        """`.width` of a QFontMetrics: built here, taken from fontMetrics(), or a name (or self.x) holding one."""
        attributes: set[str] = set()  # self._metrics and the like, file-wide
        functions = [n for n in ast.walk(self.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for scope in [self.tree, *functions]:
            names: set[str] = set()
            nodes = sorted(_scope_nodes(scope), key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
            for node in nodes:
                if isinstance(node, (ast.Assign, ast.AnnAssign)):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    holds = node.value is not None and self._is_metrics(node.value, names, attributes)
                    if isinstance(node, ast.AnnAssign):
                        holds = holds or any(
                            isinstance(n, ast.Name) and n.id in FONT_METRICS for n in ast.walk(node.annotation)
                        )
                    for target in targets:
                        elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
                        fanned = isinstance(target, (ast.Tuple, ast.List)) and self._is_metrics_sequence(node.value)
                        for element in elements:
                            _mark(element, holds or fanned, names, attributes)
                elif (
                    isinstance(node, ast.Attribute)
                    and node.attr == "width"
                    and self._is_metrics(node.value, names, attributes)
                ):
                    self.report(node, "QFontMetrics.width() is gone on Qt 6: use horizontalAdvance()")

    def _is_metrics(self, node: Optional[ast.AST], names: set[str], attributes: set[str]) -> bool:
        if node is None:
            return False
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FONT_METRICS:
                return True
            return isinstance(func, ast.Attribute) and func.attr == "fontMetrics"
        if isinstance(node, ast.Attribute) and node.attr == "fontMetrics":
            return True  # QStyleOption.fontMetrics
        if isinstance(node, ast.Name):
            return node.id in names
        dotted = _dotted(node)
        return dotted is not None and dotted in attributes

    def _is_metrics_sequence(self, node: Optional[ast.AST]) -> bool:
        if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
            return self._is_metrics(node.elt, set(), set())
        if isinstance(node, (ast.Tuple, ast.List)):
            return bool(node.elts) and all(self._is_metrics(e, set(), set()) for e in node.elts)
        return False

    # --- driver --------------------------------------------------------------------------------------------------

    def run(self) -> list[Finding]:
        self.check_imports()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Attribute):
                self.check_attribute(node)
            elif isinstance(node, ast.Call):
                self.check_call(node)
            elif isinstance(node, ast.Subscript):
                self.check_subscript(node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in REMOVED_METHODS:
                self.report(node, f"def {node.name}: Qt 6 calls it {REMOVED_METHODS[node.name]}")
            elif isinstance(node, ast.Name) and node.id == "qApp" and node.id in self.bindings:
                self.report(node, f"qApp is not in Qt 6: use {REMOVED_CLASSES['qApp']}")
        self.check_font_metrics()
        return sorted(set(self.findings), key=lambda f: (f.line, f.message))


def _enum_type_of_class(owner: type) -> bool:
    return isinstance(owner, enum.EnumMeta) or type(owner).__name__ == "enumtype"


def _scoped_spelling(owner: type, enum_type: type, owner_source: str) -> str:
    """`Qt.AlignmentFlag` for Qt.AlignLeft: the enum type as reached from the class, else its own qualified name."""
    name = enum_type.__name__
    if getattr(owner, name, None) is enum_type:
        return f"{owner_source}.{name}"
    for attribute in sorted(dir(owner)):
        if getattr(owner, attribute, None) is enum_type:
            return f"{owner_source}.{attribute}"
    return enum_type.__qualname__


def _scope_nodes(scope: ast.AST):
    """The nodes of a module or function body, without those of the functions nested in it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def _mark(target: ast.AST, holds: bool, names: set[str], attributes: set[str]) -> None:
    """A local name holds what it was last given; an attribute (self.x) that ever held font metrics is one."""
    if isinstance(target, ast.Name):
        if holds:
            names.add(target.id)
        else:
            names.discard(target.id)
    elif holds and _dotted(target) is not None:
        attributes.add(_dotted(target))


def check_source(source: str, relpath: str) -> list[Finding]:
    """The findings in one file's source; `relpath` is its path from the plugin root (posix), as reported."""
    try:
        checker = _FileChecker(source, relpath)
    except SyntaxError as error:
        return [Finding(relpath, error.lineno or 0, f"syntax error: {error.msg}")]
    return checker.run()


def runtime_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for entry in RUNTIME:
        path = root / entry
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in sorted(path.rglob("*.py")) if "__pycache__" not in p.parts)
    return files


def check_paths(paths: list[Path], root: Path) -> list[Finding]:
    findings: list[Finding] = []
    for path in paths:
        try:
            relpath = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            relpath = path.as_posix()
        findings.extend(check_source(path.read_text(encoding="utf-8"), relpath))
    return findings


def check_tree(root: Path) -> list[Finding]:
    """Every runtime file of the plugin whose folder is `root`."""
    return check_paths(runtime_files(root), root)


def main(argv: Optional[list[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if _module("qgis.PyQt.QtCore") is None:
        print("check_qt6: qgis.PyQt is not importable: run with the venv's python (make lint)", file=sys.stderr)
        return 2
    if args:
        paths: list[Path] = []
        for arg in map(Path, args):
            paths.extend(sorted(arg.rglob("*.py")) if arg.is_dir() else [arg])
        findings = check_paths(paths, ROOT)
    else:
        findings = check_tree(ROOT)
    for finding in findings:
        print(finding)
    if findings:
        print(f"check_qt6: {len(findings)} Qt 6 / QGIS 4 finding(s)", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
