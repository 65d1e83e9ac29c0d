"""The layers stay apart: core/ knows nothing above it, the application layer holds no widgets, ui/ holds them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WIDGET_MODULES = ("qgis.gui", "qgis.PyQt.QtWidgets", "PyQt5.QtWidgets", "PyQt6.QtWidgets", "qgis.utils")


def _imports(path: Path, root: Path = ROOT) -> list[str]:
    """Absolute names of every module `path` (a file of the plugin folder `root`) imports, relative imports resolved
    inside arcgis_identify."""
    package = ["arcgis_identify", *path.relative_to(root).parent.parts]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.append(module)
            names.extend(f"{module}.{alias.name}" for alias in node.names)
    return names


def _sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _sources("core"), ids=lambda p: p.name)
def test_core_imports_neither_the_application_layer_nor_widgets(path):
    bad = [
        name
        for name in _imports(path)
        if name.startswith(("arcgis_identify.app", "arcgis_identify.ui", "arcgis_identify.plugin", *WIDGET_MODULES))
    ]
    assert bad == [], f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", _sources("app"), ids=lambda p: p.name)
def test_application_layer_imports_no_widgets_and_no_ui(path):
    bad = [
        name
        for name in _imports(path)
        if name.startswith(("arcgis_identify.ui", "arcgis_identify.plugin", *WIDGET_MODULES))
    ]
    assert bad == [], f"{path.name} imports {bad}"


def test_the_guard_sees_a_violation(tmp_path):
    """The import reader resolves relative imports, so `from ..ui import x` in app/ would be caught (the probe is a
    module of a plugin folder in tmp_path: nothing is written into the source tree)."""
    fake = tmp_path / "app" / "_layout_probe.py"
    fake.parent.mkdir()
    fake.write_text("from ..ui.results_dock import ResultsDock\nfrom qgis.gui import QgsMapCanvas\n")
    names = _imports(fake, root=tmp_path)
    assert "arcgis_identify.ui.results_dock" in names
    assert "qgis.gui" in names


def test_a_map_tool_never_fetches():
    """ui/map_tool.py turns clicks into requests; it imports neither core/ nor the runner."""
    names = _imports(ROOT / "ui" / "map_tool.py")
    assert not [n for n in names if n.startswith(("arcgis_identify.core", "arcgis_identify.app.runner"))]


@pytest.mark.parametrize("name", ["results_dock.py", "overlays_dock.py", "plugin_dock.py", "results_view.py"])
def test_these_widgets_start_no_background_work(name):
    """Their controllers (IdentifyController, ResultsController, the app/ exporters) run the work; the docks
    subscribe to them. Neither the runner nor the work functions are theirs to call."""
    path = ROOT / "ui" / name
    work = ("arcgis_identify.app.exact_geometry", "arcgis_identify.app.derived_measures", "arcgis_identify.core")
    assert not [n for n in _imports(path) if n.startswith(work)]
    text = path.read_text(encoding="utf-8")
    assert not [call for call in (".submit(", ".batch(", "runner.") if call in text]


def _runtime_sources() -> list[Path]:
    return [ROOT / "__init__.py", ROOT / "plugin.py", *(p for d in ("core", "app", "ui") for p in _sources(d))]


def test_one_runtime_module_imports_qtnetwork():
    """Qt network objects live on the main thread in core/qgis_network.py only (see its doc)."""
    importers = sorted(
        str(path.relative_to(ROOT))
        for path in _runtime_sources()
        if any(".QtNetwork" in name or name.endswith("QtNetwork") for name in _imports(path))
    )
    assert importers == ["core/qgis_network.py"]


def test_the_runtime_knows_nothing_of_qt_or_sip_internals():
    """No ctypes, no hand-made sip lifetimes: what needs them is a design that is wrong (DESIGN.md)."""
    forbidden = ("ctypes", "setdeleted", "wrapinstance", "unwrapinstance", "release_thread_network", "_ZN")
    found = [
        f"{path.relative_to(ROOT)}: {word}"
        for path in _runtime_sources()
        for word in forbidden
        if word in path.read_text(encoding="utf-8")
    ]
    assert found == []
