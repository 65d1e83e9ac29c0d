"""The legend dock: what a MapServer's symbols and an ImageServer's colours mean, for the service the user picks
(or the current layer's), with the ImageServer's band combination, rendering rule and variable.

Every fetch runs on the plugin's BackgroundRunner (channel "legend": a new choice supersedes the previous one); the
session's cache answers a legend already seen without a request.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Optional

from qgis.core import QgsMapLayer, QgsProject
from qgis.gui import QgsMapCanvas
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal
from qgis.PyQt.QtGui import QFont, QGuiApplication, QImage
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTreeView,
    QWidget,
)

from ..app.legend import (
    BandOption,
    LegendOutcome,
    LegendRequest,
    ServiceChoices,
    apply_palette,
    exported_layers,
    fetch_legend,
    fetch_value_lookup,
    needs_value_lookup,
    palette_classes,
    services_in_play,
)
from ..app.runner import BackgroundRunner, Job, error_sentence
from ..app.service_targets import ServiceTarget, target_for_layer
from ..app.settings import IdentifySettings
from ..core import ServiceKind, Session
from .icons import theme_icon
from .legend_image import legend_image
from .legend_model import LegendModel
from .plugin_dock import PluginDock

DOCK_OBJECT_NAME = "ArcGisLegendDock"
CHANNEL = "legend"
STYLE_CHANNEL = "legend-style"
RAW_VALUES_RULE = {"rasterFunction": "None"}


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisLegend", text)


class LegendDock(PluginDock):
    legendShown = pyqtSignal()  # a legend, or the sentence saying why there is none, reached the dock
    styleApplied = pyqtSignal(list)  # the layers Apply as style changed

    def __init__(
        self,
        canvas: QgsMapCanvas,
        runner: BackgroundRunner,
        session: Session,
        project: Optional[QgsProject] = None,
        parent: Optional[QWidget] = None,
    ) -> None:
        super().__init__(
            tr("ArcGIS Legend"),
            DOCK_OBJECT_NAME,
            parent,
            status=tr("Choose a service, or select an ArcGIS layer in the Layers panel."),
            status_name="ArcGisLegendStatus",
        )
        self.canvas = canvas
        self.runner = runner
        self.session = session
        self.project = project or QgsProject.instance()
        self.targets: dict[str, ServiceTarget] = {}
        self._shown_on_request: set[str] = set()
        self.choices: dict[str, ServiceChoices] = {}  # per service: what its pickers offer (fetched once)
        self.requests: dict[str, LegendRequest] = {}  # per service: the last legend asked (switching back = cached)
        self.request: Optional[LegendRequest] = None
        self.outcome: Optional[LegendOutcome] = None
        self._band_options: list[BandOption] = []
        self._rules: list[Optional[dict]] = []
        self._variables: list[Optional[str]] = []

        form = QFormLayout()
        self.service_combo = self._combo("ArcGisLegendService")
        if hasattr(self.service_combo, "setPlaceholderText"):  # Qt ≥ 5.15
            self.service_combo.setPlaceholderText(tr("Choose a service…"))
        self.bands_combo = self._combo("ArcGisLegendBands")
        self.rule_combo = self._combo("ArcGisLegendRenderingRule")
        self.variable_combo = self._combo("ArcGisLegendVariable")
        form.addRow(tr("Service"), self.service_combo)
        form.addRow(tr("Bands"), self.bands_combo)
        form.addRow(tr("Rendering rule"), self.rule_combo)
        form.addRow(tr("Variable"), self.variable_combo)
        self.form = form
        self.content.addLayout(form)
        self.heading = QLabel(self.body)
        self.heading.setObjectName("ArcGisLegendHeading")
        self.heading.setWordWrap(True)
        heading_font = QFont(self.heading.font())
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.content.addWidget(self.heading)
        self.model = LegendModel(self)
        self.view = QTreeView(self.body)
        self.view.setObjectName("ArcGisLegendView")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.view.header().resizeSection(0, 230)
        self.view.header().setStretchLastSection(True)
        self.content.addWidget(self.view)
        self.progress.setMaximumHeight(8)  # busy (show_progress()): a legend request has no meaningful percentage
        self.progress.setTextVisible(False)
        self.setMinimumWidth(300)

        self._make_actions()
        self._show_pickers(False, False)
        self.service_combo.currentIndexChanged.connect(self._service_chosen)
        for combo in (self.bands_combo, self.rule_combo, self.variable_combo):
            combo.currentIndexChanged.connect(self._parameters_changed)
        canvas.scaleChanged.connect(self.model.set_scale)
        self.visibilityChanged.connect(self._visibility_changed)
        self.project.layersAdded.connect(self.refresh_services)
        self.project.layersRemoved.connect(self.refresh_services)
        self._update_actions()

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        return combo

    def _make_actions(self) -> None:
        def add(icon: str, text: str, slot, name: str):
            action = self.toolbar.addAction(theme_icon(icon), text)
            action.setObjectName(name)
            action.triggered.connect(lambda _checked=False: slot())
            return action

        self.action_refresh = add("/mActionRefresh.svg", tr("Fetch the Legend Again"), self.refresh, "refresh")
        self.action_copy = add("/mActionEditCopy.svg", tr("Copy Legend as Image"), self.copy_image, "copy")
        self.action_save = add("/mActionFileSaveAs.svg", tr("Save Legend as PNG…"), self.save_png, "save")
        self.action_style = add(
            "/mActionStyleManager.svg", tr("Apply as Style to Exported Layers"), self.apply_style, "style"
        )

    # -- which service ----------------------------------------------------------------------------------------
    def refresh_services(self, *_args) -> None:
        """Lists every service in play (project layers and the plugin's own list), keeping the current choice."""
        current = self.current_target()
        found = {target.key: target for target in services_in_play(self.project)}
        if current is not None:
            found[current.key] = current  # still shown even when its layer went away
        for key, target in self.targets.items():
            # A service shown on request (a layer followed, a results-dock node) stays, as that layer's target:
            # it says which sublayers the layer shows.
            if key in self._shown_on_request:
                found[key] = target
        self.targets = found
        self.service_combo.blockSignals(True)
        try:
            self.service_combo.clear()
            for target in found.values():
                self.service_combo.addItem(self._service_label(target), target.key)
            self.service_combo.setCurrentIndex(self.service_combo.findData(current.key) if current else -1)
        finally:
            self.service_combo.blockSignals(False)
        self._update_actions()

    @staticmethod
    def _service_label(target: ServiceTarget) -> str:
        if target.kind.lower() in target.label.lower():
            return target.label  # "World (ArcGIS MapServer)" says it already
        return f"{target.label} ({target.kind})"

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.refresh_services()  # services added in the settings since the dock was last shown

    def current_target(self) -> Optional[ServiceTarget]:
        key = self.service_combo.currentData()
        return self.targets.get(key) if key else None

    def follow_layer(self, layer: Optional[QgsMapLayer]) -> None:
        """The current layer of the Layers panel: its legend, when it is an ArcGIS MapServer or ImageServer."""
        target = target_for_layer(layer) if layer is not None else None
        if target is not None and not self.isHidden():
            self.show_target(target)

    def open(self, layer: Optional[QgsMapLayer] = None, target: Optional[ServiceTarget] = None) -> None:
        """Shows the dock with the legend of `target`, else of `layer` (when ArcGIS), else of the service chosen
        before, else of the first service in play."""
        self.setUserVisible(True)
        self.refresh_services()
        if target is None and layer is not None:
            target = target_for_layer(layer)
        if target is not None:
            self.show_target(target)
        elif self.current_target() is None and self.service_combo.count():
            self.service_combo.setCurrentIndex(0)

    def show_target(self, target: ServiceTarget) -> None:
        if self.targets.get(target.key) != target:
            self.requests.pop(target.key, None)  # another layer of the service: its own bands and rule first
        self.targets[target.key] = target
        self._shown_on_request.add(target.key)
        if self.service_combo.findData(target.key) < 0:
            self.refresh_services()
        index = self.service_combo.findData(target.key)
        if index == self.service_combo.currentIndex():
            self._service_chosen(index)
        else:
            self.service_combo.setCurrentIndex(index)

    def _service_chosen(self, index: int) -> None:
        target = self.targets.get(self.service_combo.itemData(index)) if index >= 0 else None
        if target is None:
            return
        request = self.requests.get(target.key) or LegendRequest.preset(target)
        self._fill_pickers(request)
        self.load(request)

    # -- the ImageServer's parameters -------------------------------------------------------------------------
    def _show_pickers(self, bands_and_rule: bool, variable: bool) -> None:
        for combo, shown in (
            (self.bands_combo, bands_and_rule),
            (self.rule_combo, bands_and_rule),
            (self.variable_combo, variable),
        ):
            combo.setVisible(shown)
            self.form.labelForField(combo).setVisible(shown)

    def _fill_pickers(self, request: LegendRequest) -> None:
        """The pickers offer what the service has, preset to the request (the layer's choice or the last one)."""
        choices = self.choices.get(request.target.key)
        image = request.target.kind == ServiceKind.IMAGE_SERVER and choices is not None
        self._show_pickers(image, image and bool(choices.variables))
        if not image:
            return
        self._band_options = choices.band_options(request.band_ids)
        self._rules = [None, *({"rasterFunction": name} for name in choices.raster_functions)]
        if RAW_VALUES_RULE not in self._rules:
            self._rules.insert(1, dict(RAW_VALUES_RULE))
        if request.rendering_rule is not None and request.rendering_rule not in self._rules:
            self._rules.append(request.rendering_rule)
        self._variables = [None, *choices.variables]
        rule_labels = [self._rule_label(rule, choices) for rule in self._rules]
        variable_labels = [tr("Default variable"), *choices.variables]
        for combo, labels, selected in (
            (self.bands_combo, [o.label for o in self._band_options], self._band_index(request.band_ids)),
            (self.rule_combo, rule_labels, self._rules.index(request.rendering_rule)),
            (self.variable_combo, variable_labels, self._variable_index(request.variable)),
        ):
            combo.blockSignals(True)
            try:
                combo.clear()
                combo.addItems(labels)
                combo.setCurrentIndex(selected)
                combo.setEnabled(len(labels) > 1)  # a single band has no combination to choose
            finally:
                combo.blockSignals(False)

    @staticmethod
    def _rule_label(rule: Optional[dict], choices: ServiceChoices) -> str:
        if rule is None:
            return tr("Service default")
        name = rule.get("rasterFunction")
        if name == "None":
            return tr("None (raw values)")
        if isinstance(name, str) and name in choices.raster_functions and len(rule) == 1:
            return name
        return tr("The layer's rule ({})").format(name or tr("custom"))

    def _band_index(self, band_ids) -> int:
        return next((i for i, o in enumerate(self._band_options) if o.band_ids == band_ids), 0)

    def _variable_index(self, variable: Optional[str]) -> int:
        return self._variables.index(variable) if variable in self._variables else 0

    def _parameters_changed(self, *_args) -> None:
        target = self.current_target()
        if target is None or target.kind != ServiceKind.IMAGE_SERVER or target.key not in self.choices:
            return
        bands = self._band_options[max(self.bands_combo.currentIndex(), 0)].band_ids
        rule = self._rules[max(self.rule_combo.currentIndex(), 0)]
        variable = self._variables[max(self.variable_combo.currentIndex(), 0)] if self._variables else None
        self.load(LegendRequest(target, band_ids=bands, rendering_rule=rule, variable=variable))

    # -- fetching ---------------------------------------------------------------------------------------------
    def load(self, request: LegendRequest, *, refresh: bool = False) -> Job:
        """Fetches the legend in the background (the session's cache answers one already seen unless refresh)."""
        self.request = request
        self.requests[request.target.key] = request
        choices = self.choices.get(request.target.key)
        session, timeout = self.session, IdentifySettings.load().timeout_seconds
        self.show_progress()
        self.set_status(tr("Fetching the legend of {}…").format(request.target.label))
        self._update_actions()
        return self.runner.batch(CHANNEL).submit(
            tr("ArcGIS Legend: {}").format(request.target.label),
            lambda feedback: fetch_legend(
                request, session, choices, refresh=refresh, timeout=timeout, feedback=feedback
            ),
            self._legend_done,
        )

    def refresh(self) -> None:
        if self.request is not None:
            self.load(self.request, refresh=True)

    def _legend_done(self, job: Job) -> None:
        self.hide_progress()
        if job.cancelled:
            self.set_status(tr("The legend request was cancelled."))
        elif job.error is not None:
            self.outcome = None
            self.model.clear()
            self.heading.setText(self.request.target.label if self.request else "")
            self.set_status(error_sentence(job.error))
        else:
            outcome: LegendOutcome = job.value
            first_time = outcome.request.target.key not in self.choices
            self.choices[outcome.request.target.key] = outcome.choices
            if first_time:
                self._fill_pickers(outcome.request)
            self.display(outcome)
        self._update_actions()
        self.legendShown.emit()

    def display(self, outcome: LegendOutcome) -> None:
        """Shows a legend (fetched, or parsed from a response the caller has)."""
        self.outcome = outcome
        self.model.set_scale(self.canvas.scale())
        self.model.set_sections(outcome.sections)
        self.view.expandAll()
        self.view.resizeColumnToContents(0)
        self.heading.setText(self._title(outcome))
        count = outcome.entry_count
        text = tr("{} legend entry.") if count == 1 else tr("{} legend entries.")
        self.set_status(text.format(count) if count else tr("The service's legend is empty."))
        self._update_actions()

    def _title(self, outcome: LegendOutcome) -> str:
        request = outcome.request
        parts = [request.target.label]
        choices = outcome.choices
        if request.band_ids is not None:
            parts.append(tr("bands {}").format(choices.band_label(request.band_ids)))
        if request.rendering_rule is not None:
            parts.append(self._rule_label(request.rendering_rule, choices))
        if request.variable:
            parts.append(request.variable)
        for legend_type in dict.fromkeys(s.legend_type for s in outcome.sections if s.legend_type):
            parts.append(legend_type)  # the legend type heads the legend (an ImageServer has one layer)
        return " · ".join(parts)

    # -- copy, save, style ------------------------------------------------------------------------------------
    def legend_image(self) -> Optional[QImage]:
        if self.outcome is None or not self.outcome.sections:
            return None
        return legend_image(self.heading.text(), self.outcome.sections, self.model.scale)

    def copy_image(self) -> None:
        image = self.legend_image()
        if image is not None:
            QGuiApplication.clipboard().setImage(image)
            self.set_status(tr("The legend is on the clipboard as an image."))

    def save_png(self, path: Optional[str] = None) -> Optional[str]:
        image = self.legend_image()
        if image is None:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, tr("Save Legend as PNG"), "", tr("PNG image (*.png)"))
            if not path:
                return None
        if Path(path).suffix.lower() != ".png":
            path += ".png"
        if not image.save(path, "PNG"):
            self.set_status(tr("The legend could not be written to {}.").format(path))
            return None
        self.set_status(tr("Saved the legend to {}.").format(path))
        return path

    def _palette_section(self):
        if self.outcome is None:
            return None
        return next((s for s in self.outcome.sections if s.is_palette and s.entries), None)

    def _style_layers(self) -> list:
        if self.outcome is None:
            return []
        return exported_layers(self.project, self.outcome.request.target.url)

    def apply_style(self) -> Optional[Job]:
        """Gives the rasters exported from this service a paletted renderer with the legend's colours and labels."""
        section = self._palette_section()
        layers = self._style_layers()
        if section is None or not layers or self.outcome is None:
            return None
        target, session = self.outcome.request.target, self.session
        lookup_needed = needs_value_lookup(section)
        layer_ids = [layer.id() for layer in layers]
        self.show_progress()
        self.set_status(tr("Matching the legend's classes to pixel values…"))

        def work(feedback):
            return fetch_value_lookup(target, session, feedback) if lookup_needed else {}

        return self.runner.batch(STYLE_CHANNEL).submit(
            tr("ArcGIS Legend: style from {}").format(target.label),
            work,
            lambda job: self._style_done(job, section, layer_ids),
        )

    def _style_done(self, job: Job, section, layer_ids: list[str]) -> None:
        self.hide_progress()
        if job.cancelled or job.error is not None:
            self.set_status(error_sentence(job.error) if job.error else tr("Cancelled."))
            return
        classes = palette_classes(section, job.value)
        layers = [layer for layer in (self.project.mapLayer(i) for i in layer_ids) if layer is not None]
        if not classes or not layers:
            self.set_status(tr("No entry of the legend matches a pixel value, so no style was applied."))
            return
        for layer in layers:
            apply_palette(layer, classes)
        names = ", ".join(layer.name() for layer in layers)
        self.set_status(tr("Applied the legend's {} classes to {}.").format(len(classes), names))
        self.styleApplied.emit(layers)

    def _update_actions(self) -> None:
        has_legend = self.outcome is not None and bool(self.outcome.sections)
        self.action_refresh.setEnabled(self.request is not None)
        self.action_copy.setEnabled(has_legend)
        self.action_save.setEnabled(has_legend)
        self.action_style.setEnabled(self._palette_section() is not None and bool(self._style_layers()))

    def unload(self) -> None:
        """Disconnects from the project and the canvas (the plugin removes the dock)."""
        for signal, slot in (
            (self.project.layersAdded, self.refresh_services),
            (self.project.layersRemoved, self.refresh_services),
            (self.canvas.scaleChanged, self.model.set_scale),
        ):
            with contextlib.suppress(TypeError, RuntimeError):  # already gone with the project or canvas
                signal.disconnect(slot)
