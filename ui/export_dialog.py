"""The Export Image dialog: every exportImage option, offered as the service's info allows, defaults from the map.

It reads the service info in the background, builds an ExportRequest from its widgets, and hands it to the
plugin's OverlayExporter; progress and the outcome come back to its status line (and the message bar).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsMapLayer, QgsRasterLayer, QgsRectangle
from qgis.gui import QgsExtentWidget, QgsFileWidget, QgsMapCanvas, QgsProjectionSelectionWidget
from qgis.PyQt.QtCore import QCoreApplication, QDateTime, Qt, pyqtSignal, pyqtSlot
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..app.export_request import (
    FORMATS,
    INTERPOLATIONS,
    METHODS_NEEDING_MORE,
    NO_DATA_INTERPRETATIONS,
    PIXEL_TYPES,
    ExportRequest,
    crs_text,
    day_text,
    mosaic_rule_method,
    request_from_map,
    size_for_resolution,
    validate,
)
from ..app.overlays import ExportOutcome, OverlayExporter, default_exports_folder
from ..app.runner import BackgroundRunner, Job
from ..app.service_info import ImageServiceDescription, read_image_service
from ..app.service_targets import ServiceTarget
from ..core import ImageServiceInfo, MultidimensionalInfo, Session
from ..core.errors import ArcGisError

DIALOG_OBJECT_NAME = "ArcGisExportImageDialog"


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisExportDialog", text)


def _combo(items: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
        if data and text != data:  # the ArcGIS value behind the words, for those who know the API
            combo.setItemData(combo.count() - 1, data, Qt.ItemDataRole.ToolTipRole)
    return combo


def pixel_type_in_words(code: str) -> str:
    """ "U16" -> "16-bit unsigned integer (U16)": ArcGIS's pixel types, said as QGIS says data types."""
    words = {
        "C128": tr("128-bit complex"),
        "C64": tr("64-bit complex"),
        "F32": tr("32-bit floating point"),
        "F64": tr("64-bit floating point"),
        "S8": tr("8-bit signed integer"),
        "S16": tr("16-bit signed integer"),
        "S32": tr("32-bit signed integer"),
        "U1": tr("1-bit"),
        "U2": tr("2-bit"),
        "U4": tr("4-bit"),
        "U8": tr("8-bit unsigned integer"),
        "U16": tr("16-bit unsigned integer"),
        "U32": tr("32-bit unsigned integer"),
    }
    return tr("{} ({})").format(words[code], code) if code in words else code


def interpolation_in_words(code: str) -> str:
    words = {
        "RSP_BilinearInterpolation": tr("Bilinear"),
        "RSP_CubicConvolution": tr("Cubic convolution"),
        "RSP_Majority": tr("Majority"),
        "RSP_NearestNeighbor": tr("Nearest neighbour"),
    }
    return words.get(code, code)


def no_data_interpretation_in_words(code: str) -> str:
    words = {
        "esriNoDataMatchAny": tr("NoData where any band matches"),
        "esriNoDataMatchAll": tr("NoData where every band matches"),
    }
    return words.get(code, code)


def mosaic_method_in_words(rule_method: str) -> str:
    words = {
        "esriMosaicNorthwest": tr("North-west first"),
        "esriMosaicCenter": tr("Closest to the centre first"),
        "esriMosaicNadir": tr("Closest to nadir first"),
        "esriMosaicSeamline": tr("Along seamlines"),
        "esriMosaicNone": tr("In the catalog's order"),
        "esriMosaicLockRaster": tr("Locked to chosen rasters"),
        "esriMosaicAttribute": tr("By attribute"),
        "esriMosaicViewpoint": tr("Closest to a viewpoint first"),
    }
    return words.get(rule_method, rule_method.replace("esriMosaic", ""))


def _select(combo: QComboBox, data) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


class ExportDialog(QDialog):
    """Export Image for one ImageServer. `request` pre-fills it (re-export with changed options); with
    `replace_layer` the export replaces that layer's image instead of adding a layer."""

    infoLoaded = pyqtSignal()
    exportFinished = pyqtSignal(object)  # the layer, or None when cancelled/failed
    messageRequested = pyqtSignal(str, object)  # text, Qgis.MessageLevel

    def __init__(
        self,
        target: ServiceTarget,
        canvas: QgsMapCanvas,
        exporter: OverlayExporter,
        runner: BackgroundRunner,
        session: Session,
        parent: QWidget | None = None,
        *,
        request: ExportRequest | None = None,
        replace_layer: QgsRasterLayer | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(DIALOG_OBJECT_NAME)
        self.setWindowTitle(tr("Export Image — {}").format(target.label))
        self.target = target
        self.canvas = canvas
        self.exporter = exporter
        self.runner = runner
        self.session = session
        self.replace_layer = replace_layer
        self.info: ImageServiceInfo | None = None
        self.multidimensional: MultidimensionalInfo | None = None
        self.job: Job | None = None
        ratio = canvas.devicePixelRatioF() if hasattr(canvas, "devicePixelRatioF") else 1.0
        self.defaults = request_from_map(target, canvas.mapSettings(), ratio)
        self.prefill = request
        self._info_channel = f"export-info:{uuid.uuid4().hex}"
        self._build()
        self._apply_request(request or self.defaults)
        self._load_info()

    # -- widgets ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.service_label = QLabel(f"<b>{self.target.label}</b><br><small>{self.target.url}</small>")
        self.service_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.service_label)

        area = QGroupBox(tr("Area and size"))
        form = QFormLayout(area)
        self.extent = QgsExtentWidget(area)
        self.extent.setMapCanvas(self.canvas)
        crs = self.canvas.mapSettings().destinationCrs()
        visible = self.canvas.mapSettings().visibleExtent()
        self.extent.setOriginalExtent(visible, crs)
        self.extent.setCurrentExtent(visible, crs)
        self.extent.setOutputCrs(crs)
        self.extent.setOutputExtentFromCurrent()
        self.extent.toggleDialogVisibility.connect(self._toggle_visibility)  # drawing a box on the map
        self.extent.extentChanged.connect(self._extent_changed)
        form.addRow(tr("Extent"), self.extent)
        self.size_mode = _combo([(tr("Size in pixels"), "size"), (tr("Resolution in map units"), "resolution")])
        self.size_mode.currentIndexChanged.connect(self._size_mode_changed)
        form.addRow(tr("Size from"), self.size_mode)
        size_row = QHBoxLayout()
        self.width_spin = QSpinBox()
        self.height_spin = QSpinBox()
        for spin in (self.width_spin, self.height_spin):
            spin.setRange(1, 30000)
            spin.setSuffix(tr(" px"))
            size_row.addWidget(spin)
        self.width_spin.valueChanged.connect(self._size_changed)
        self.height_spin.valueChanged.connect(self._size_changed)
        form.addRow(tr("Width × height"), size_row)
        self.resolution = QDoubleSpinBox()
        self.resolution.setDecimals(10)
        self.resolution.setRange(1e-10, 1e9)
        self.resolution.valueChanged.connect(self._resolution_changed)
        form.addRow(tr("Resolution"), self.resolution)
        self.image_crs = QgsProjectionSelectionWidget(area)
        self.image_crs.setCrs(crs)
        form.addRow(tr("Image CRS (imageSR)"), self.image_crs)
        layout.addWidget(area)

        data = QGroupBox(tr("Data"))
        form = QFormLayout(data)
        self.format = _combo([(f, f) for f in FORMATS])
        self.format.setToolTip(tr("tiff keeps the real pixel values; png and jpg are rendered pictures"))
        form.addRow(tr("Format"), self.format)
        self.pixel_type = _combo([(tr("The service's own"), "")] + [(pixel_type_in_words(t), t) for t in PIXEL_TYPES])
        form.addRow(tr("Pixel type"), self.pixel_type)
        self.band_ids = QLineEdit()
        self.band_ids.setPlaceholderText(tr("all bands, e.g. 2,1,0"))
        self.band_names = QLabel()
        self.band_names.setWordWrap(True)
        form.addRow(tr("Band ids"), self.band_ids)
        form.addRow("", self.band_names)
        self.no_data = QLineEdit()
        self.no_data.setPlaceholderText(tr("the service's own, e.g. 0 or 0,0,0"))
        form.addRow(tr("noData"), self.no_data)
        self.no_data_interpretation = _combo(
            [(tr("Default"), "")] + [(no_data_interpretation_in_words(v), v) for v in NO_DATA_INTERPRETATIONS]
        )
        form.addRow(tr("noData interpretation"), self.no_data_interpretation)
        self.interpolation = _combo(
            [(tr("The service's default"), "")] + [(interpolation_in_words(v), v) for v in INTERPOLATIONS]
        )
        form.addRow(tr("Interpolation"), self.interpolation)
        self.compression_quality = QSpinBox()
        self.compression_quality.setRange(-1, 100)
        self.compression_quality.setSpecialValueText(tr("Default"))
        form.addRow(tr("Compression quality"), self.compression_quality)
        layout.addWidget(data)

        mosaic = QGroupBox(tr("Mosaic, processing and time"))
        form = QFormLayout(mosaic)
        self.mosaic_method = _combo([(tr("The layer's or the service's default"), "")])
        form.addRow(tr("Mosaic method"), self.mosaic_method)
        self.rendering_rule = _combo([(tr("None (raw values)"), "")])
        form.addRow(tr("Rendering rule"), self.rendering_rule)
        self.variable = _combo([(tr("The service's default"), "")])
        self.variable.currentIndexChanged.connect(self._variable_changed)
        form.addRow(tr("Variable"), self.variable)
        self.slice = _combo([(tr("Every slice (the mosaic decides)"), None)])
        form.addRow(tr("Slice"), self.slice)
        time_row = QHBoxLayout()
        self.time_check = QCheckBox(tr("Time"))
        self.time_start = QDateTimeEdit()
        self.time_end = QDateTimeEdit()
        for edit in (self.time_start, self.time_end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setTimeSpec(Qt.TimeSpec.UTC)
        time_row.addWidget(self.time_check)
        time_row.addWidget(self.time_start)
        time_row.addWidget(QLabel("–"))
        time_row.addWidget(self.time_end)
        form.addRow(tr("Time (UTC)"), time_row)
        layout.addWidget(mosaic)

        out = QGroupBox(tr("Result"))
        form = QFormLayout(out)
        self.output = QgsFileWidget(out)
        self.output.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.output.setFilter(tr("GeoTIFF (*.tif *.tiff)"))
        self.output.lineEdit().setPlaceholderText(tr("Default: {}").format(str(default_exports_folder(_project()))))
        form.addRow(tr("GeoTIFF"), self.output)
        self.live = QCheckBox(tr("Live: export the visible extent again whenever the map stops moving"))
        form.addRow("", self.live)
        layout.addWidget(out)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel(tr("Reading the service's description…"))
        self.status.setObjectName("ArcGisExportStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.export_button = QPushButton(tr("Export"))
        self.export_button.setDefault(True)
        self.export_button.setEnabled(False)
        self.cancel_button = QPushButton(tr("Cancel Export"))
        self.cancel_button.setEnabled(False)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.cancel_export)
        layout.addWidget(self.buttons)
        self._size_mode_changed()

    def _apply_request(self, request: ExportRequest) -> None:
        self.width_spin.setValue(int(request.size[0]))
        self.height_spin.setValue(int(request.size[1]))
        extent = QgsRectangle(*request.extent)
        if request.bbox_crs:
            bbox_crs = QgsCoordinateReferenceSystem(request.bbox_crs)
            if bbox_crs.isValid():
                self.extent.setCurrentExtent(extent, bbox_crs)
                self.extent.setOutputExtentFromCurrent()
        if request.image_crs:
            crs = QgsCoordinateReferenceSystem(request.image_crs)
            if crs.isValid():
                self.image_crs.setCrs(crs)
        if request.size[0]:
            self.resolution.blockSignals(True)
            self.resolution.setValue((request.extent[2] - request.extent[0]) / request.size[0])
            self.resolution.blockSignals(False)
        _select(self.format, request.format)
        _select(self.pixel_type, request.pixel_type)
        self.band_ids.setText(",".join(str(b) for b in request.band_ids))
        self.no_data.setText(request.no_data)
        _select(self.no_data_interpretation, request.no_data_interpretation)
        _select(self.interpolation, request.interpolation)
        self.compression_quality.setValue(
            -1 if request.compression_quality is None else int(request.compression_quality)
        )
        self.live.setChecked(request.live)
        self.time_check.setChecked(request.time is not None)
        start, end = request.time if request.time is not None else (None, None)
        now = QDateTime.currentDateTimeUtc()
        self.time_start.setDateTime(_qdatetime(start) if start is not None else now)
        self.time_end.setDateTime(_qdatetime(end) if end is not None else now)

    # -- service info ------------------------------------------------------------------------------------
    def _load_info(self) -> None:
        target, session = self.target, self.session
        self.runner.submit(
            self._info_channel,
            tr("ArcGIS service info: {}").format(target.label),
            lambda feedback: read_image_service(target, session, feedback=feedback),
            self._info_done,
        )

    def _info_done(self, job: Job) -> None:
        if job.error is not None or job.value is None:
            text = str(job.error) if isinstance(job.error, ArcGisError) else tr("The service description was not read.")
            self._say(text, Qgis.MessageLevel.Warning)
            return
        description: ImageServiceDescription = job.value
        self.info, multidimensional = description.info, description.multidimensional
        self.multidimensional = multidimensional
        info = self.info
        request = self.prefill or self.defaults
        names = info.band_names or [f"Band_{i + 1}" for i in range(info.band_count or 0)]
        self.band_names.setText(", ".join(f"{i}: {n}" for i, n in enumerate(names)))
        if info.pixel_type:
            self.pixel_type.setItemText(0, tr("The service's own ({})").format(pixel_type_in_words(info.pixel_type)))
        for method in info.allowed_mosaic_methods:
            rule_method = mosaic_rule_method(method)
            if rule_method not in METHODS_NEEDING_MORE:
                self.mosaic_method.addItem(mosaic_method_in_words(rule_method), rule_method)
                self.mosaic_method.setItemData(self.mosaic_method.count() - 1, rule_method, Qt.ItemDataRole.ToolTipRole)
        _select(self.mosaic_method, request.mosaic_method)
        if request.mosaic_rule and not request.mosaic_method:
            self.mosaic_method.setItemText(0, tr("The layer's mosaic rule"))
        for function in info.raster_functions:
            if function.name != "None":
                self.rendering_rule.addItem(function.name, function.name)
        if request.rendering_rule:
            name = request.rendering_rule.get("rasterFunction")
            if self.rendering_rule.findData(name) < 0:
                self.rendering_rule.addItem(tr("The layer's rendering rule"), "__layer__")
                name = "__layer__"
            _select(self.rendering_rule, name)
        variables = multidimensional.variables if multidimensional is not None else []
        for variable in variables:
            self.variable.addItem(
                f"{variable.name} ({variable.unit})" if variable.unit else variable.name, variable.name
            )
        _select(self.variable, request.variable)
        self._variable_changed()
        _select(self.slice, request.slice_time)
        for widget in (self.variable, self.slice):
            widget.setEnabled(bool(variables))
        for combo in (self.mosaic_method, self.rendering_rule):
            combo.setEnabled(combo.count() > 1)  # nothing to choose from this service
        time_aware = info.is_time_aware
        for widget in (self.time_check, self.time_start, self.time_end):
            widget.setEnabled(time_aware)
        if not time_aware:
            self.time_check.setChecked(False)
        limit = ""
        if info.max_image_width and info.max_image_height:
            limit = tr(" Images larger than {}×{} are exported in tiles.").format(
                info.max_image_width, info.max_image_height
            )
        self.status.setText(tr("Ready.") + limit)
        self.export_button.setEnabled(True)
        self.infoLoaded.emit()

    def _variable_changed(self, *_args) -> None:
        name = self.variable.currentData()
        self.slice.clear()
        self.slice.addItem(tr("Every slice (the mosaic decides)"), None)
        variables = self.multidimensional.variables if self.multidimensional is not None else []
        for variable in variables:
            if variable.name != name:
                continue
            for dimension in variable.dimensions:
                for value in dimension.values or []:
                    if isinstance(value, (int, float)):
                        self.slice.addItem(f"{dimension.name} {day_text(value)}", int(value))

    # -- size ----------------------------------------------------------------------------------------------
    def _size_mode_changed(self, *_args) -> None:
        by_resolution = self.size_mode.currentData() == "resolution"
        self.resolution.setEnabled(by_resolution)
        self.width_spin.setEnabled(not by_resolution)
        self.height_spin.setEnabled(not by_resolution)

    def _size_changed(self, *_args) -> None:
        # In pixels, the resolution shown follows the width (the server keeps pixels square).
        if self.size_mode.currentData() == "size" and self.width_spin.value() > 0 and self.height_spin.value() > 0:
            extent = self.extent.outputExtent()
            cell = max(extent.width() / self.width_spin.value(), extent.height() / self.height_spin.value())
            self.resolution.blockSignals(True)
            self.resolution.setValue(cell)  # the server widens the shorter side: square pixels of this size
            self.resolution.blockSignals(False)

    def _resolution_changed(self, *_args) -> None:
        if self.size_mode.currentData() == "resolution":
            self._extent_changed()

    def _extent_changed(self, *_args) -> None:
        if self.size_mode.currentData() == "resolution" and self.resolution.value() > 0:
            width, height = size_for_resolution(self.extent.outputExtent(), self.resolution.value())
            self.width_spin.setValue(min(width, self.width_spin.maximum()))
            self.height_spin.setValue(min(height, self.height_spin.maximum()))
        else:
            self._size_changed()

    def _toggle_visibility(self) -> None:
        self.setVisible(not self.isVisible())

    def use_layer_extent(self, layer: QgsMapLayer) -> None:
        """Another layer's extent, keeping the current resolution."""
        self.extent.setOutputExtentFromLayer(layer)

    # -- the request ------------------------------------------------------------------------------------------
    def request(self) -> ExportRequest:
        """The ExportRequest the widgets describe (ArcGisParameterError for what cannot be read)."""
        from ..core.errors import ArcGisParameterError

        base = self.prefill or self.defaults
        extent = self.extent.outputExtent()
        bbox_crs = self.extent.outputCrs()
        try:
            band_ids = [int(v) for v in self.band_ids.text().replace(" ", "").split(",") if v]
        except ValueError:
            raise ArcGisParameterError(tr("Band ids are whole numbers separated by commas, e.g. 2,1,0.")) from None
        rule_name = self.rendering_rule.currentData()
        if rule_name == "__layer__":
            rendering_rule = base.rendering_rule
        else:
            rendering_rule = {"rasterFunction": rule_name} if rule_name else None
        time_range = None
        if self.time_check.isChecked() and self.time_check.isEnabled():
            time_range = (
                self.time_start.dateTime().toMSecsSinceEpoch(),
                self.time_end.dateTime().toMSecsSinceEpoch(),
            )
        quality = self.compression_quality.value()
        return ExportRequest(
            service_url=self.target.url,
            label=self.target.label,
            authcfg=self.target.authcfg,
            extent=(extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()),
            bbox_crs=crs_text(bbox_crs),
            size=(self.width_spin.value(), self.height_spin.value()),
            image_crs=crs_text(self.image_crs.crs()) if self.image_crs.crs().isValid() else "",
            format=self.format.currentData(),
            pixel_type=self.pixel_type.currentData(),
            no_data=self.no_data.text().strip(),
            no_data_interpretation=self.no_data_interpretation.currentData(),
            interpolation=self.interpolation.currentData(),
            compression_quality=None if quality < 0 else quality,
            band_ids=band_ids,
            mosaic_method=self.mosaic_method.currentData() or "",
            mosaic_rule=base.mosaic_rule if not self.mosaic_method.currentData() else None,
            rendering_rule=rendering_rule,
            variable=self.variable.currentData() or "",
            slice_time=self.slice.currentData(),
            time=time_range,
            live=self.live.isChecked(),
        )

    def output_path(self) -> Path | None:
        text = self.output.filePath().strip()
        if not text or self.live.isChecked():
            return None  # the plugin's place (live overlays always: their files come and go)
        path = Path(text)
        return path if path.suffix.lower() in (".tif", ".tiff") else path.with_suffix(".tif")

    # -- export -------------------------------------------------------------------------------------------------
    def export(self) -> Job | None:
        if self.info is None:
            return None
        try:
            request = self.request()
            validate(request, self.info, self.multidimensional)  # refused at once, in a sentence, before any request
        except ArcGisError as error:
            self._say(str(error), Qgis.MessageLevel.Warning)
            return None
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(tr("Exporting {}…").format(request.layer_name()))
        self.job = self.exporter.start(
            request, self.output_path(), replace_layer=self.replace_layer, on_done=self._export_done
        )
        self.job.on_progress(self._progress)
        return self.job

    @pyqtSlot(float)
    def _progress(self, value: float) -> None:  # queued to the main thread: the feedback lives in a worker
        self.progress.setValue(int(value))

    def cancel_export(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _export_done(self, job: Job) -> None:
        self.job = None
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.hide()
        outcome: ExportOutcome = job.value
        if outcome.layer is not None:
            self._say(tr("Added the layer {}.").format(outcome.layer.name()), Qgis.MessageLevel.Info)
        else:
            self._say(outcome.message or tr("The export did not finish."), Qgis.MessageLevel.Warning)
        self.exportFinished.emit(outcome.layer)

    def _say(self, text: str, level: Qgis.MessageLevel) -> None:
        self.status.setText(text)
        self.messageRequested.emit(text, level)

    def done(self, result: int) -> None:
        self.runner.batch(self._info_channel)  # supersedes the info request: its answer never reaches a closed dialog
        super().done(result)


def _project():
    from qgis.core import QgsProject

    return QgsProject.instance()


def _qdatetime(ms: int) -> QDateTime:
    value = QDateTime.fromMSecsSinceEpoch(int(ms))
    return value.toUTC()
