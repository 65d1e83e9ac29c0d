"""Translations: the committed .ts is what the sources say, French is complete, the .qm is the .ts compiled, the
plugin speaks QGIS's language, and nothing the user reads bypasses tr() (a pseudo-locale marks every translated text).

When the first test fails after a string changed: run `make translations-update`, translate what it lists as
unfinished in i18n/*.ts, then `make translations` and commit the .ts and the .qm.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator
from qgis.PyQt.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAction,
    QComboBox,
    QDialog,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTreeView,
    QTreeWidget,
    QWidget,
)

from arcgis_identify.ui.results_model import NODE_ROLE

from .helpers_export import image_target

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "i18n"
FRENCH_TS = I18N / "arcgis_identify_fr.ts"
PLACEHOLDERS = re.compile(r"\{[^{}]*\}|%n")


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _messages(path: Path) -> dict[tuple[str, str], tuple[bool, list[str], str]]:
    """{(context, source): (numerus, forms, type)} of a .ts, vanished messages left out."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "")
            if kind in ("vanished", "obsolete"):
                continue
            numerus = message.get("numerus") == "yes"
            forms = [f.text or "" for f in translation.iter("numerusform")] if numerus else [translation.text or ""]
            found[(name, message.findtext("source"))] = (numerus, forms, kind)
    return found


# -- the .ts and .qm files ---------------------------------------------------------------------------------
def test_committed_ts_is_up_to_date_with_the_sources(tmp_path):
    script = _i18n_script()
    (tmp_path / FRENCH_TS.name).write_bytes(FRENCH_TS.read_bytes())
    script.update(folder=tmp_path)
    fresh, committed = _messages(tmp_path / FRENCH_TS.name), _messages(FRENCH_TS)
    assert set(fresh) == set(committed), "run `make translations-update`, translate, then `make translations`"
    assert len(fresh) > 300


def test_extractor_finds_every_kind_of_call_and_refuses_non_literals(tmp_path):
    script = _i18n_script()
    (tmp_path / "ui").mkdir()
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "i18n.py").write_text(
        "from qgis.PyQt.QtCore import QCoreApplication\n"
        "def tr(text):\n    return QCoreApplication.translate('Core', text)\n"
    )
    (tmp_path / "core" / "user.py").write_text("from .i18n import tr\nX = tr('imported helper')\n")
    (tmp_path / "ui" / "a.py").write_text(
        "from qgis.PyQt.QtCore import QCoreApplication\n"
        "def _tr(text, n=-1):\n    return QCoreApplication.translate('Ui', text, None, n)\n"
        "A = _tr('%n thing(s)', 2)\n"
        "B = QCoreApplication.translate('Direct', 'direct call')\n"
        "C = _tr('multi ' 'part')\n"
    )
    found = {(m.context, m.source, m.numerus) for m in script.extract(tmp_path)}
    assert found == {
        ("Core", "imported helper", False),
        ("Ui", "%n thing(s)", True),
        ("Direct", "direct call", False),
        ("Ui", "multi part", False),
    }
    (tmp_path / "ui" / "b.py").write_text("from .a import _tr\nname = 'x'\nD = _tr(f'{name}')\n")
    with pytest.raises(script.ExtractionError, match=r"ui/b.py:3"):
        script.extract(tmp_path)


def test_french_is_complete_with_the_same_placeholders():
    messages = _messages(FRENCH_TS)
    for (context, source), (numerus, forms, kind) in messages.items():
        assert kind == "", f"[{context}] {source!r} is {kind}"
        assert len(forms) == (2 if numerus else 1), source
        for form in forms:
            assert form.strip(), f"[{context}] {source!r} has an empty translation"
            assert sorted(PLACEHOLDERS.findall(form)) == sorted(PLACEHOLDERS.findall(source)), (source, form)


def test_committed_qm_is_the_ts_compiled():
    translator = QTranslator()
    assert translator.load(str(FRENCH_TS.with_suffix(".qm")))
    for (context, source), (numerus, forms, _kind) in _messages(FRENCH_TS).items():
        if numerus:
            # PyQt passes a str as ASCII to QTranslator.translate's char*: the texts go as UTF-8 bytes
            singular = translator.translate(context.encode(), source.encode(), None, 1)
            plural = translator.translate(context.encode(), source.encode(), None, 2)
            assert (singular, plural) == (forms[0], forms[1]), source  # the form n picks (%n is filled in later)
        else:
            translated = translator.translate(context.encode(), source.encode())
            assert translated == forms[0], f"stale .qm: run `make translations` ({source})"


# -- the plugin in French ----------------------------------------------------------------------------------
@pytest.fixture()
def french_qgis():
    settings = QgsSettings()
    saved = {key: settings.value(key) for key in ("locale/overrideFlag", "locale/userLocale")}
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "fr_FR")
    yield
    for key, value in saved.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


def test_plugin_speaks_qgis_language_and_unload_removes_the_translator(plugin_iface, french_qgis):
    import arcgis_identify

    plugin = arcgis_identify.classFactory(plugin_iface)
    try:
        assert plugin.translator is not None
        plugin.initGui()
        assert plugin.identify.identify_action.text() == "Identifier les services ArcGIS"
        assert plugin.legend.action.text() == "Légende ArcGIS"
        assert plugin.identify.dock.windowTitle() == "Résultats de l'identification ArcGIS"
        assert plugin.legend.dock.windowTitle() == "Légende ArcGIS"
        assert plugin.identify.dock.status.text() == "Cliquez sur la carte avec l'outil Identifier les services ArcGIS."
    finally:
        plugin.unload()
    assert plugin.translator is None
    assert QCoreApplication.translate("ArcGisIdentify", "ArcGIS Legend") == "ArcGIS Legend"


def test_the_language_qgis_runs_in_is_the_plugins(french_qgis):
    from arcgis_identify.plugin import qgis_locale

    assert qgis_locale() == "fr_FR"
    # `qgis --lang fr` (or the system's language) is written to userLocale without the override flag.
    QgsSettings().setValue("locale/overrideFlag", False)
    assert qgis_locale() == "fr_FR"
    QgsSettings().remove("locale/userLocale")
    assert qgis_locale() == QLocale().name()


def test_no_translator_without_a_translation(plugin_iface, french_qgis):
    from arcgis_identify.plugin import install_translator

    assert install_translator("xx_YY") is None
    assert install_translator("fr_CA") is not None  # fr_CA has no file of its own: fr is used
    QCoreApplication.removeTranslator(install_translator("fr_CA"))


# -- pseudo-locale: nothing visible bypasses tr() ----------------------------------------------------------
class PseudoTranslator(QTranslator):
    """Every translated text comes back as ‹text›: a text without the mark did not go through tr()."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if not source:
            return source
        text = source.replace("%n", str(n)) if n >= 0 else source
        return f"‹{text}›"

    def isEmpty(self) -> bool:
        return False


def _qgis_class(widget: QWidget) -> bool:
    """A widget of QGIS's own (not a plugin subclass of one, such as the plugin's docks)."""
    return type(widget).__name__.startswith("Qgs") and not type(widget).__module__.startswith("arcgis_identify")


def _chrome_texts(root: QWidget) -> list[tuple[str, str]]:
    """(what, text) of every piece of the window's chrome: titles, labels, buttons, actions, tooltips,
    placeholders, combo items and headers. Left out: empty texts; the QLabels given object names ending in
    ...Location / service_label and band_names (they show the clicked coordinates or the service's name and URL,
    server data); combo items whose text is their data (ArcGIS parameter values such as U8, RSP_NearestNeighbor,
    esriNoDataMatchAny, tiff shown as the API spells them) or that the service supplies; widgets inside QGIS's
    own composite widgets (QgsExtentWidget, QgsProjectionSelectionWidget...) and their tooltips, which are QGIS's;
    texts without a letter."""
    texts: list[tuple[str, str]] = []
    data_labels = {id(getattr(root, name, None)) for name in ("location", "service_label", "band_names")}

    def inside_qgis_widget(widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None and parent is not root:
            if _qgis_class(parent):
                return True
            parent = parent.parentWidget()
        return False

    texts.append(("window title", root.windowTitle()))
    widgets = [w for w in root.findChildren(QWidget) if not inside_qgis_widget(w)]
    for widget in widgets:
        if not _qgis_class(widget):  # QGIS's widgets set their own tooltips (a CRS selector shows the CRS's WKT)
            texts.append((f"tooltip of {type(widget).__name__}", widget.toolTip()))
        if isinstance(widget, QLabel) and id(widget) not in data_labels:
            texts.append(("label", widget.text()))
        elif isinstance(widget, QAbstractButton):
            texts.append(("button", widget.text()))
        elif isinstance(widget, QGroupBox):
            texts.append(("group", widget.title()))
        elif isinstance(widget, QLineEdit) and not widget.placeholderText().startswith("http"):
            texts.append(("placeholder", widget.placeholderText()))  # a URL pattern is not translated
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                if widget.itemData(i) != widget.itemText(i):
                    texts.append(("combo item", widget.itemText(i)))
        if isinstance(widget, (QTreeWidget,)):
            header = widget.headerItem()
            texts += [("header", header.text(c)) for c in range(header.columnCount())]
        elif isinstance(widget, QTableWidget):
            texts += [("header", widget.horizontalHeaderItem(c).text()) for c in range(widget.columnCount())]
        elif isinstance(widget, QTreeView) and isinstance(widget, QAbstractItemView) and widget.model() is not None:
            from qgis.PyQt.QtCore import Qt

            model = widget.model()
            texts += [
                ("header", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                for c in range(model.columnCount())
            ]
        for action in widget.actions():
            texts += [("action", action.text()), ("action tooltip", action.toolTip())]
    for action in root.findChildren(QAction):
        texts.append(("action", action.text()))
    # a text without a letter (the dash between two times) has nothing to translate
    return [(what, text) for what, text in texts if any(ch.isalpha() for ch in text)]


def _unmarked(root: QWidget) -> list[tuple[str, str]]:
    return [(what, text) for what, text in _chrome_texts(root) if "‹" not in text]


@pytest.fixture()
def pseudo_locale():
    translator = PseudoTranslator()
    QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)


def test_pseudo_locale_marks_every_visible_text(pseudo_locale, export_plugin, services_url, qtbot):
    from arcgis_identify.app.settings import IdentifySettings
    from arcgis_identify.ui.settings_dialog import SettingsDialog

    plugin = export_plugin
    plugin.legend.dock.open()
    windows: list[QWidget] = [plugin.identify.dock, plugin.legend.dock, plugin.export.dock]
    settings = SettingsDialog(IdentifySettings.load(), runner=plugin.runner, session=plugin.session)
    qtbot.addWidget(settings)
    export = plugin.export.show_dialog(image_target(services_url, "Elevation"))
    windows += [settings, export]
    assert all(isinstance(w, (QDockWidget, QDialog)) for w in windows)
    checked = {type(w).__name__: _chrome_texts(w) for w in windows}
    assert all(len(texts) > 5 for texts in checked.values()), checked  # the walk sees the chrome
    unmarked = {name: _unmarked(w) for name, w in zip(checked, windows)}
    assert unmarked == {name: [] for name in checked}
    # and the plugin's own actions (toolbar and Web menu)
    assert [a.text() for a in plugin.actions if "‹" not in a.text()] == []
    assert [a.toolTip() for a in plugin.actions if a.toolTip() and "‹" not in a.toolTip()] == []


def test_pseudo_locale_marks_the_service_options_dialogs_and_the_table_window(
    pseudo_locale, export_plugin, services_url, qtbot, plugin_iface
):
    from .test_layer_entries import native_layer, open_options
    from .test_results_daily import _parcels_in_dock

    plugin = export_plugin
    windows: dict[str, QWidget] = {}
    for kind, name in (("MapServer", "World"), ("ImageServer", "Elevation")):
        layer = native_layer(f"{services_url}/{name}/{kind}", name)
        QgsProject.instance().addMapLayer(layer)
        windows[kind] = open_options(qtbot, plugin, plugin_iface, layer, reads_service=kind == "MapServer")
        assert windows[kind].isVisible()
        checked = _chrome_texts(windows[kind])
        assert len(checked) > 5, checked  # the walk sees the dialog's chrome
        assert _unmarked(windows[kind]) == [], kind
    layer_index = _parcels_in_dock(plugin, 3)
    table = plugin.identify.dock.open_table(layer_index.data(NODE_ROLE))
    qtbot.addWidget(table)
    assert len(_chrome_texts(table)) > 2
    # The table's title names the service and layer (server data) around a translated count.
    assert "‹" in table.windowTitle()
    assert _unmarked(table) == []


def test_nodata_is_said_in_the_language_of_the_moment_it_is_shown(pseudo_locale):
    # A NoData pixel's text is made when the result is shown, not when the module was imported (before any
    # translator was installed).
    from arcgis_identify.app.identify_runner import ServiceOutcome
    from arcgis_identify.app.service_targets import ServiceTarget
    from arcgis_identify.core.models import ImageIdentifyResult
    from arcgis_identify.ui.results_builder import outcome_nodes

    target = ServiceTarget(url="http://127.0.0.1:1/arcgis/rest/services/E/ImageServer", kind="ImageServer", label="E")
    result = ImageIdentifyResult(
        object_id=0, name="Pixel", value="NoData", values=[None], is_nodata=True, location=None
    )
    outcome = ServiceOutcome(target=target, crs=QgsCoordinateReferenceSystem("EPSG:4326"), image_result=result)
    (pixel,) = outcome_nodes(outcome)
    assert pixel.value.text == "‹NoData›"


def test_a_bad_answer_is_said_wholly_in_french(french_qgis):
    from arcgis_identify.core import ArcGisResponseError
    from arcgis_identify.core.parsing import parse_legend
    from arcgis_identify.plugin import install_translator

    translator = install_translator()
    try:
        with pytest.raises(ArcGisResponseError) as raised:
            parse_legend([1, 2], service="World/MapServer")
    finally:
        QCoreApplication.removeTranslator(translator)
    assert str(raised.value).startswith("La réponse de légende de World/MapServer n'est pas ce qu'envoie ArcGIS")
