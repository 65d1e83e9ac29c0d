"""*Identify settings for this service*: how a click identifies on one project layer's service, kept with the
project in the layer's custom properties (app/layer_options.py)."""

from __future__ import annotations

from qgis.core import QgsMapLayer, QgsProject
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..app.layer_options import ONLY, LayerIdentifyOptions, read_layer_options, write_layer_options
from ..app.runner import BackgroundRunner
from ..app.service_info import read_service_info
from ..app.service_targets import ServiceTarget
from ..app.settings import IdentifySettings
from ..core import ServiceKind, Session
from ..core.errors import ArcGisError

CHANNEL = "service-options"
LAYER_ID_ROLE = Qt.ItemDataRole.UserRole


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisIdentifyServiceOptions", text)


def layers_in_words(option: str) -> str:
    return {"top": tr("the top-most layer only"), "all": tr("all layers")}.get(option, tr("visible layers"))


class ServiceOptionsDialog(QDialog):
    """Radio buttons for the choices (the first one: the plugin's setting, said in words); a MapServer's
    sublayers are read in the background and shown as a checkable tree, group layers nested."""

    sublayersRead = pyqtSignal(bool)  # the tree is filled (True) or the service could not be read (False)

    def __init__(
        self,
        layer: QgsMapLayer,
        target: ServiceTarget,
        runner: BackgroundRunner | None = None,
        session: Session | None = None,
        settings: IdentifySettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ArcGisServiceOptionsDialog")
        self.setWindowTitle(tr("Identify Settings for {}").format(layer.name()))
        self.setSizeGripEnabled(True)
        self.layer = layer
        self.target = target
        self.runner = runner
        settings = settings if settings is not None else IdentifySettings.load()
        options = read_layer_options(layer)
        self._initial_ids = list(target.identify_layer_ids or target.layer_ids or [])
        self._tree_filled = False
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "How a click of ArcGIS Identify asks {} for this layer. Kept in the project, so it applies to this "
                "project only."
            ).format(target.url),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.layer_choices: dict[str | None, QRadioButton] = {}
        self.pixel_choices: dict[bool | None, QRadioButton] = {}
        self.catalog_items = QComboBox(self)
        self.sublayers = QTreeWidget(self)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        if target.kind is ServiceKind.MAP_SERVER:
            layout.addWidget(self._layers_box(settings, options), 1)
            self.catalog_items.hide()  # an ImageServer's: left out of the layout, it would sit over the intro
        else:
            layout.addWidget(self._pixels_box(settings, options))
            self.sublayers.hide()  # a MapServer's
            self.status.hide()
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Reset,
            self,
        )
        self.reset_button = buttons.button(QDialogButtonBox.StandardButton.Reset)
        self.reset_button.setToolTip(tr("Follow the plugin's settings again for this layer"))
        self.reset_button.clicked.connect(self.reset)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(self._cancel_reading)
        layer.willBeDeleted.connect(self.reject)  # the layer is removed from the project: nothing to set
        if target.kind is ServiceKind.MAP_SERVER:
            self._read_sublayers(session, settings.timeout_seconds)

    # -- MapServer ----------------------------------------------------------------------------------------
    def _layers_box(self, settings: IdentifySettings, options: LayerIdentifyOptions) -> QGroupBox:
        box = QGroupBox(tr("Which layers of the service to identify"), self)
        box_layout = QVBoxLayout(box)
        group = QButtonGroup(box)
        labels = {
            None: tr("Use the plugin's setting (now: {})").format(layers_in_words(settings.layers_option)),
            "top": tr("Top-most layer only"),
            "visible": tr("Visible layers"),
            "all": tr("All layers"),
            ONLY: tr("Only these layers:"),
        }
        for choice, text in labels.items():
            button = QRadioButton(text, box)
            button.setObjectName(f"layers-{choice or 'plugin'}")
            group.addButton(button)
            box_layout.addWidget(button)
            self.layer_choices[choice] = button
        self.layer_choices[options.layers].setChecked(True)
        self.sublayers.setHeaderHidden(True)
        self.sublayers.setMinimumHeight(180)
        self.sublayers.setEnabled(options.layers == ONLY)
        self.layer_choices[ONLY].toggled.connect(self.sublayers.setEnabled)
        box_layout.addWidget(self.sublayers, 1)
        box_layout.addWidget(self.status)
        return box

    def _read_sublayers(self, session: Session | None, timeout: int) -> None:
        if self.runner is None:
            self._show_failure(tr("The service's layers cannot be read now."))
            return
        target = self.target
        self.status.setText(tr("Reading the service…"))
        self.runner.batch(CHANNEL).submit(
            tr("ArcGIS Identify: read {}").format(target.label),
            lambda feedback: read_service_info(target, session, timeout=timeout, feedback=feedback),
            self._read,
        )

    def _read(self, job) -> None:
        if sip.isdeleted(self):
            return
        if job.cancelled:  # from QGIS's task manager (closing the dialog deletes it first)
            self._show_failure(tr("Reading the service was cancelled."))
            return
        if job.error is not None:
            error = job.error
            text = str(error) if isinstance(error, ArcGisError) else f"{type(error).__name__}: {error}"
            self._show_failure(tr("The service's layers could not be read: {}").format(text))
            return
        self._fill_tree(job.value.layers)
        self.status.setText("")
        self.sublayersRead.emit(True)

    def _show_failure(self, sentence: str) -> None:
        self.status.setText(sentence + " " + tr("The other choices still work."))
        self.sublayersRead.emit(False)

    def _fill_tree(self, layers) -> None:
        """Group layers hold their sublayers; a ticked group ticks all it holds."""
        items: dict[int, QTreeWidgetItem] = {}
        chosen = set(self._initial_ids)
        for info in layers:
            item = QTreeWidgetItem([info.name])
            item.setData(0, LAYER_ID_ROLE, info.id)
            item.setToolTip(0, tr("Layer {} of the service").format(info.id))
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
            if info.sub_layer_ids:
                flags |= Qt.ItemFlag.ItemIsAutoTristate
            item.setFlags(flags)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            items[info.id] = item
        for info in layers:
            parent = items.get(info.parent_layer_id) if info.parent_layer_id is not None else None
            if parent is not None:
                parent.addChild(items[info.id])
            else:
                self.sublayers.addTopLevelItem(items[info.id])
        for layer_id, item in items.items():
            if layer_id in chosen:
                item.setCheckState(0, Qt.CheckState.Checked)
        self.sublayers.expandAll()
        self._tree_filled = True

    def chosen_layer_ids(self) -> list[int]:
        """The ticked layers that hold no others (a group's layers stand for it); before the service was read,
        the layers chosen before."""
        if not self._tree_filled:
            return list(self._initial_ids)
        found = []
        stack = [self.sublayers.topLevelItem(i) for i in range(self.sublayers.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            children = [item.child(i) for i in range(item.childCount())]
            if children:
                stack[:0] = children
            elif item.checkState(0) == Qt.CheckState.Checked:
                found.append(int(item.data(0, LAYER_ID_ROLE)))
        return found

    # -- ImageServer --------------------------------------------------------------------------------------
    def _pixels_box(self, settings: IdentifySettings, options: LayerIdentifyOptions) -> QGroupBox:
        box = QGroupBox(tr("Pixel values"), self)
        form = QFormLayout(box)
        group = QButtonGroup(box)
        now = tr("raw source values") if settings.raw_pixel_values else tr("rendered values")
        labels = {
            None: ("plugin", tr("Use the plugin's setting (now: {})").format(now)),
            True: ("raw", tr("Raw (source values)")),
            False: ("rendered", tr("Rendered (the layer's rendering rule)")),
        }
        for choice, (name, text) in labels.items():
            button = QRadioButton(text, box)
            button.setObjectName(f"pixels-{name}")
            group.addButton(button)
            form.addRow(button)
            self.pixel_choices[choice] = button
        self.pixel_choices[options.raw_pixel_values].setChecked(True)
        if self.target.rendering_rule is None:
            note = QLabel(tr("This layer carries no rendering rule of its own: rendered values are the service's."))
            note.setWordWrap(True)
            form.addRow(note)
        now = tr("returned") if settings.return_catalog_items else tr("left out")
        # Item data "", "yes", "no": a None item data cannot be searched for.
        self.catalog_items.addItem(tr("Use the plugin's setting (now: {})").format(now), "")
        self.catalog_items.addItem(tr("Return them"), "yes")
        self.catalog_items.addItem(tr("Leave them out"), "no")
        current = {None: "", True: "yes", False: "no"}[options.return_catalog_items]
        self.catalog_items.setCurrentIndex(self.catalog_items.findData(current))
        form.addRow(tr("Catalog items of mosaics"), self.catalog_items)
        return box

    # -- result -------------------------------------------------------------------------------------------
    def options(self) -> LayerIdentifyOptions:
        """What the dialog shows, as the layer's options."""
        options = LayerIdentifyOptions()
        if self.target.kind is ServiceKind.MAP_SERVER:
            options.layers = next(choice for choice, button in self.layer_choices.items() if button.isChecked())
            options.layer_ids = self.chosen_layer_ids() if options.layers == ONLY else []
        else:
            options.raw_pixel_values = next(c for c, button in self.pixel_choices.items() if button.isChecked())
            options.return_catalog_items = {"yes": True, "no": False}.get(self.catalog_items.currentData())
        return options

    def reset(self) -> None:
        """Every choice back to the plugin's setting (stored on OK)."""
        for choices in (self.layer_choices, self.pixel_choices):
            if None in choices:
                choices[None].setChecked(True)
        self.catalog_items.setCurrentIndex(max(0, self.catalog_items.findData("")))
        self.problem.setText("")

    def accept(self) -> None:
        options = self.options()
        if options.layers == ONLY and not options.layer_ids:
            self.problem.setText(tr("Tick at least one layer, or choose another option."))
            return
        write_layer_options(self.layer, options)
        QgsProject.instance().setDirty(True)  # the choice is kept when the project is saved
        super().accept()

    def _cancel_reading(self, *_args) -> None:
        if self.runner is not None:
            self.runner.cancel(CHANNEL)
