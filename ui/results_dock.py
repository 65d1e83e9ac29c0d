"""The results dock: a tree of what each service said, highlight on the canvas, and actions on the results."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    Qgis,
    QgsGeometry,
    QgsMessageLog,
    QgsProject,
    QgsRectangle,
    QgsWkbTypes,
)
from qgis.gui import QgsDockWidget, QgsFilterLineEdit, QgsMapCanvas, QgsRubberBand
from qgis.PyQt.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    QUrl,
    pyqtSignal,
    pyqtSlot,
)
from qgis.PyQt.QtGui import QColor, QDesktopServices, QGuiApplication, QIcon
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QStyledItemDelegate,
    QTreeView,
    QWidget,
)

from ..app.derived_measures import MeasureItem, MeasureSettings, measure_results
from ..app.exact_geometry import fetch_exact_geometries
from ..app.identify_request import location_text
from ..app.runner import LOG_TAG
from ..app.settings import IdentifySettings
from ..app.value_format import TypedValue
from ..core.feedback import JobFeedback
from .dock_body import dock_body, theme_icon
from .qt_compat import QAction
from .result_actions import (
    apply_exact,
    attributes_as_table,
    attributes_as_text,
    exact_requests,
    export_layers,
    feature_nodes,
    geometry_as_wkt,
    memory_layer,
)
from .result_actions import scratch_layer_parts as make_scratch_parts
from .results_builder import derived_nodes
from .results_model import (
    ATTRIBUTE,
    BAND,
    CATALOG,
    CATALOG_ITEM,
    DERIVED,
    ERROR,
    FEATURE,
    LAYER,
    MESSAGE,
    NODE_ROLE,
    PIXEL,
    SERVICE,
    Node,
    ResultsModel,
)
from .results_table import ResultsTableDialog, row_ranges

DOCK_OBJECT_NAME = "ArcGisIdentifyResultsDock"
FIRST_COLUMN_MIN = 200
EXACT_CHANNEL = "exact-geometry"
EXPORT_CHANNEL = "export-results"
SCRATCH_CHANNEL = "scratch-layer"
DERIVED_CHANNEL = "derived-measures"
MEASURE_SELECTED_MAX = 20  # features one burst measures at most (an Expand All over more measures none of them)
MAX_HIGHLIGHT = 500  # selected results highlighted at most (the status line says when more are selected)
SPANNED = (ERROR, MESSAGE)  # rows whose sentence spans both columns and wraps
ICONS = Path(__file__).resolve().parent.parent / "icons"


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisIdentifyResults", text)


class WrappingDelegate(QStyledItemDelegate):
    """One-line rows at one measured height; error and message sentences wrapped to the view's width."""

    MARGIN = 4

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self.tree = tree
        self._line_height = 0

    def _sentence_rect(self, index: QModelIndex) -> QRect:
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        width = self.tree.viewport().width() - self.tree.indentation() * (depth + 1) - 2 * self.MARGIN
        return QRect(0, 0, max(width, 80), 100000)

    def _wraps(self, index: QModelIndex) -> bool:
        node = index.data(NODE_ROLE)
        return node is not None and node.kind in SPANNED and index.column() == 0

    def sizeHint(self, option, index: QModelIndex) -> QSize:
        if not self._line_height:
            self._line_height = super().sizeHint(option, index).height()
        if self._wraps(index):
            text = index.data()
            height = option.fontMetrics.boundingRect(
                self._sentence_rect(index), Qt.TextFlag.TextWordWrap, text
            ).height()
            # No width of its own: a sentence spans both columns and must not widen the first one.
            return QSize(0, max(self._line_height, height + 2 * self.MARGIN))
        return QSize(super().sizeHint(option, index).width(), self._line_height)

    def initStyleOption(self, option, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        if self._wraps(index):
            option.features |= option.ViewItemFeature.WrapText


class ResultsDock(QgsDockWidget):
    identifyAgainRequested = pyqtSignal()
    clearRequested = pyqtSignal()
    settingsRequested = pyqtSignal()
    legendRequested = pyqtSignal(object)  # the ServiceTarget of a service node: show its legend
    exportRequested = pyqtSignal(object)  # ServiceTarget of an ImageServer service node
    actionFinished = pyqtSignal(str)  # an action (copy, scratch layer, export) is done: what the status line says

    def __init__(self, canvas: QgsMapCanvas, model: ResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(tr("ArcGIS Identify Results"), parent)
        self.setObjectName(DOCK_OBJECT_NAME)
        self.canvas = canvas
        self.model = model
        self.highlight: QgsRubberBand | None = None
        self.runner = None  # the plugin's BackgroundRunner and Session (use_background)
        self.session = None

        body, layout, self.toolbar = dock_body(self)
        self.location = QLabel("", body)  # where the last click identified
        self.location.setObjectName("ArcGisIdentifyLocation")
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location.hide()
        layout.addWidget(self.location)
        self.filter = QgsFilterLineEdit(body)
        self.filter.setObjectName("ArcGisIdentifyFilter")
        self.filter.setShowSearchIcon(True)
        self.filter.setPlaceholderText(tr("Filter results (name or attribute value)…"))
        self.filter.textChanged.connect(self.apply_filter)
        layout.addWidget(self.filter)
        self.tree = QTreeView(body)
        self.tree.setObjectName("ArcGisIdentifyResultsTree")
        self.tree.setModel(model)
        # Rows are one line high except error sentences, which wrap across both columns (WrappingDelegate keeps
        # thousands of one-line rows cheap: their height is measured once).
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        self.tree.viewport().installEventFilter(self)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().resizeSection(0, FIRST_COLUMN_MIN)
        layout.addWidget(self.tree)
        self.progress = QProgressBar(body)  # a background export's or scratch layer's progress
        self.progress.setObjectName("ArcGisIdentifyProgress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = QLabel(tr("Click the map with the Identify ArcGIS Services tool."), body)
        self.status.setObjectName("ArcGisIdentifyStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.setWidget(body)
        self.setMinimumWidth(320)

        self._make_actions()
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.doubleClicked.connect(self._double_clicked)
        model.rowsInserted.connect(self._expand_new_rows)
        model.modelReset.connect(self.clear_highlight)  # a new click or "identify again" starts without one
        model.modelReset.connect(self._stop_measuring)
        model.modelReset.connect(self.close_tables)  # a table shows results that are gone
        self.tables: list = []  # the open table windows (ResultsTableDialog)
        self.tree.expanded.connect(self._expanded)
        self._measuring: dict[int, Node] = {}  # id(FeatureRef) -> feature node whose derived measures are coming
        self._measure_asked: dict[int, Node] = {}  # asked for in this event-loop turn: measured together, after it
        self._measure_timer = QTimer(self)  # zero-delay: one burst per turn (Expand All asks once per feature)
        self._measure_timer.setSingleShot(True)
        self._measure_timer.setInterval(0)
        self._measure_timer.timeout.connect(self._measure_burst)
        self._measure_batch = None  # the runner's batch the measuring jobs of these results run in
        self._after_measuring: list = []  # actions waiting for the exact geometries a measuring job is fetching
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.update_actions)
        self.update_actions()

    # -- actions ------------------------------------------------------------------------------------------
    def _make_actions(self) -> None:
        def add(icon: str, text: str, slot, name: str):
            action = self.toolbar.addAction(theme_icon(icon), text)
            action.setObjectName(name)
            action.triggered.connect(slot)
            return action

        self.action_zoom = add("/mActionZoomToSelected.svg", tr("Zoom to Feature"), self.zoom_to_selection, "zoom")
        self.action_pan = add("/mActionPanToSelected.svg", tr("Pan to Feature"), self.pan_to_selection, "pan")
        self.action_copy = add("/mActionEditCopy.svg", tr("Copy Attributes"), self.copy_attributes, "copy")
        self.action_copy_table = add(
            "/mActionOpenTable.svg", tr("Copy Attributes as Table"), self.copy_table, "copytable"
        )
        self.action_copy_wkt = add("/mActionCapturePolygon.svg", tr("Copy Geometry as WKT"), self.copy_wkt, "copywkt")
        self.action_scratch = add(
            "/mActionCreateMemory.svg", tr("Add Results to a Scratch Layer"), self.add_scratch, "scratch"
        )
        self.action_export = add("/mActionFileSaveAs.svg", tr("Export Results…"), self.export_results, "export")
        self.action_table = add("/mActionOpenTableVisible.svg", tr("Open as Table"), self.open_table, "table")
        self.toolbar.addSeparator()
        self.action_expand = add("/mActionExpandTree.svg", tr("Expand All"), self.tree.expandAll, "expandall")
        self.action_collapse = add("/mActionCollapseTree.svg", tr("Collapse All"), self.tree.collapseAll, "collapseall")
        self.toolbar.addSeparator()
        self.action_again = add("/mActionRefresh.svg", tr("Identify Again"), self.identifyAgainRequested.emit, "again")
        self.action_clear = add("/mActionDeleteSelected.svg", tr("Clear Results"), self.clearRequested.emit, "clear")
        self.action_settings = add("/mActionOptions.svg", tr("Settings…"), self.settingsRequested.emit, "settings")
        self.action_export_image = QAction(
            theme_icon("/mActionAddRasterLayer.svg"), tr("Export Image…"), self
        )  # context menu of ImageServer service nodes
        self.action_export_image.setObjectName("exportimage")
        self.action_export_image.triggered.connect(self.export_selected_service)

    def selected_nodes(self) -> list[Node]:
        rows = self.tree.selectionModel().selectedRows(0)
        return [self.model.data(index, NODE_ROLE) for index in rows]

    def selected_features(self) -> list[Node]:
        return feature_nodes(self.selected_nodes())

    def _features_or_all(self) -> list[Node]:
        return self.selected_features() or feature_nodes(self.model.top_nodes(), include_nodata=False)

    def update_actions(self, *_args) -> None:
        """Actions that do not apply are disabled: copying and zooming need a selected result; the table, scratch
        layers and exports take the selection, or every result when nothing is selected."""
        selected = bool(self.selected_features())
        for action in (self.action_zoom, self.action_pan, self.action_copy, self.action_copy_wkt):
            action.setEnabled(selected)
        any_result = selected or bool(feature_nodes(self.model.top_nodes(), include_nodata=False))
        for action in (self.action_copy_table, self.action_scratch, self.action_export):
            action.setEnabled(any_result)
        self.action_table.setEnabled(self.table_group() is not None)

    # -- table view --------------------------------------------------------------------------------------
    def table_group(self) -> Node | None:
        """The MapServer layer or catalog-items group of the selection (a selected result: its group)."""
        for node in self.selected_nodes():
            while node is not None and node.kind not in (LAYER, CATALOG):
                node = node.parent if node.kind in (FEATURE, CATALOG_ITEM, ATTRIBUTE, DERIVED, BAND) else None
            if node is not None and any(c.kind in (FEATURE, CATALOG_ITEM) for c in node.children):
                return node
        return None

    def open_table(self, group: Node | None = None):
        """Shows the results of a layer (or the catalog items) in a table window; returns it."""
        group = group if isinstance(group, Node) else self.table_group()
        if group is None:
            return None
        nodes = [child for child in group.children if child.kind in (FEATURE, CATALOG_ITEM)]
        service = group.parent.label if group.parent is not None and group.parent.kind == SERVICE else ""
        title = f"{service} › {group.label}" if service else group.label
        table = ResultsTableDialog(self, title, nodes)
        table.destroyed.connect(lambda _obj=None, t=table: self.tables.remove(t) if t in self.tables else None)
        table.finished.connect(lambda _result=0, t=table: self.tables.remove(t) if t in self.tables else None)
        self.tables.append(table)
        table.reflect_selection(self._selected_results())
        table.show()
        return table

    def _selected_results(self) -> list[Node]:
        return [node for node in self.selected_nodes() if node is not None and node.kind in (FEATURE, CATALOG_ITEM)]

    def close_tables(self) -> None:
        """Closes every table window (the results they show were cleared, or the plugin unloads)."""
        for table in list(self.tables):
            table.close()
        self.tables.clear()

    def select_nodes(self, nodes: list[Node]) -> None:
        """Selects these results in the tree (a table's selection): the highlight and the actions follow."""
        selection = QItemSelection()
        by_parent: dict[int, tuple[Node, list[int]]] = {}
        for node in nodes:
            if node.parent is not None:
                by_parent.setdefault(id(node.parent), (node.parent, []))[1].append(node.row)
        for parent, rows in by_parent.values():
            parent_index = self.model.index_for(parent)
            for first, last in row_ranges(rows):
                selection.select(self.model.index(first, 0, parent_index), self.model.index(last, 1, parent_index))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.tree.selectionModel().select(selection, flags)
        if nodes:
            self.tree.scrollTo(self.model.index_for(nodes[0]))

    def zoom_to_selection(self) -> None:
        extent = self._selection_extent()
        if extent is None:
            return
        if extent.width() == 0 and extent.height() == 0:
            self.canvas.setCenter(extent.center())
        else:
            extent.scale(1.2)
            self.canvas.setExtent(extent)
        self.canvas.refresh()

    def pan_to_selection(self) -> None:
        extent = self._selection_extent()
        if extent is not None:
            self.canvas.setCenter(extent.center())
            self.canvas.refresh()

    def copy_attributes(self) -> None:
        features = self.selected_features()
        if features:
            QGuiApplication.clipboard().setText("\n\n".join(attributes_as_text(n) for n in features))
            self._say(tr("Copied the attributes of {} result(s).").format(len(features)))

    def copy_table(self) -> None:
        features = self._features_or_all()
        if features:
            QGuiApplication.clipboard().setText(attributes_as_table(features))
            self._say(tr("Copied {} row(s) as a table.").format(len(features)))

    def copy_wkt(self) -> None:
        self._with_exact_geometries(self.selected_features(), self._copy_wkt_now)

    def _copy_wkt_now(self, features: list[Node], note: str) -> None:
        texts = [wkt for wkt in (geometry_as_wkt(n) for n in features) if wkt]
        if texts:
            QGuiApplication.clipboard().setText("\n".join(texts))
            self._say(tr("Copied {} geometry(ies) as WKT.").format(len(texts)) + note, "warning" if note else "info")
        else:
            self._say(tr("The selected results have no geometry."), "warning")

    def add_scratch(self) -> None:
        features = self._features_or_all()
        if features:
            self._with_exact_geometries(features, self._add_scratch_now)

    def _add_scratch_now(self, features: list[Node], note: str) -> None:
        """Builds the features on the BackgroundRunner (thousands of features would stall QGIS), then makes the
        memory layers and adds them to the project here, on the main thread (a worker makes no QObject)."""
        crs = self.canvas.mapSettings().destinationCrs()
        context = QgsProject.instance().transformContext()  # read here: the worker must not touch the project

        def work(feedback):
            return make_scratch_parts(features, crs, feedback=feedback, transform_context=context)

        def done(job) -> None:
            self.progress.hide()
            if job.cancelled:
                self._say(tr("Adding the scratch layer was cancelled."), "warning")
            elif job.error is not None or job.value is None:
                if job.traceback:  # a bug, not the server: its details go to the log, the sentence to the user
                    QgsMessageLog.logMessage(job.traceback, LOG_TAG, Qgis.MessageLevel.Warning)
                self._say(tr("Could not make the scratch layer: {}").format(job.error), "warning")
            else:
                self._add_scratch_layers([memory_layer(parts) for parts in job.value], len(features), note)

        if self.runner is None:  # a dock without the plugin around it: build here
            layers = [memory_layer(parts) for parts in make_scratch_parts(features, crs)]
            self._add_scratch_layers(layers, len(features), note)
            return
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.show()
        self.set_status(tr("Adding {} result(s) to a scratch layer…").format(len(features)))
        job = self.runner.batch(SCRATCH_CHANNEL).submit(tr("ArcGIS Identify: scratch layer"), work, done)
        job.on_progress(self._export_progress)

    def _add_scratch_layers(self, layers: list, count: int, note: str) -> None:
        QgsProject.instance().addMapLayers(layers)
        text = tr("Added {} scratch layer(s) with {} result(s).").format(len(layers), count)
        self._say(text + note, "warning" if note else "info")

    def export_results(self, path: str | None = None) -> None:
        """Exports the selection (or every result) to `path`, asking for one when not given. The exact geometries
        are fetched first; `actionFinished` says when it is done."""
        features = self._features_or_all()
        if not features:
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self,
                tr("Export Identify Results"),
                "",
                tr("GeoPackage (*.gpkg);;Comma Separated Values (*.csv)"),
            )
            if not path:
                return
        self._with_exact_geometries(features, lambda nodes, note: self._export_now(nodes, note, path))

    def _export_now(self, features: list[Node], note: str, path: str) -> None:
        """Builds and writes the layers on the BackgroundRunner (QGIS stays responsive), with progress."""
        driver = "CSV" if Path(path).suffix.lower() == ".csv" else "GPKG"
        crs = self.canvas.mapSettings().destinationCrs()
        context = QgsProject.instance().transformContext()  # read here: the worker must not touch the project

        def work(feedback):
            tables = make_scratch_parts(
                features, crs, with_source=True, feedback=feedback, progress_span=30.0, transform_context=context
            )
            feedback.setProgress(30.0)
            error = export_layers(tables, path, driver, feedback=feedback)
            return error, sum(len(table.features) for table in tables)

        if self.runner is None:  # a dock without the plugin around it: write here
            self._exported(path, note, False, None, work(JobFeedback()))
            return
        self.progress.setValue(0)
        self.progress.show()
        self.set_status(tr("Exporting {} result(s) to {}…").format(len(features), path))
        job = self.runner.batch(EXPORT_CHANNEL).submit(
            tr("ArcGIS Identify: export to {}").format(path),
            work,
            lambda job: self._exported(path, note, job.cancelled, job.error, job.value),
        )
        job.on_progress(self._export_progress)

    def _exported(self, path: str, note: str, cancelled: bool, error, value) -> None:
        self.progress.hide()
        if cancelled:
            self._say(tr("The export to {} was cancelled.").format(path), "warning")
        elif error is not None or value is None:
            self._say(tr("Could not write {}: {}").format(path, error), "warning")
        elif value[0]:
            self._say(value[0], "warning")
        else:
            text = tr("Exported {} result(s) to {}.").format(value[1], path)
            self._say(text + note, "warning" if note else "info")

    @pyqtSlot(float)
    def _export_progress(self, value: float) -> None:
        self.progress.setValue(int(value))

    def use_background(self, runner, session) -> None:
        """The plugin's BackgroundRunner and Session: exact geometries are fetched with them, off the GUI thread."""
        self.runner = runner
        self.session = session

    def _with_exact_geometries(self, features: list[Node], then) -> None:
        """Runs `then(features, note)` once the features carry the server's exact geometry (identify's are
        generalised to the screen); `note` says when some could not be fetched."""
        if self._measure_asked:
            self._measure_burst()  # measures asked for in this turn start first: their fetch serves this too
        if any(id(node.payload) in self._measuring for node in features):
            # Their exact geometries are on their way for the derived measures: fetched once, used by both. Should
            # the measuring stop first (a new click), the action runs then and fetches them itself.
            self._after_measuring.append(lambda: self._with_exact_geometries(features, then))
            self.set_status(tr("Waiting for the exact geometries the derived measures are fetching…"))
            return
        requests = exact_requests(features)
        if not requests or self.runner is None:
            then(features, "")
            return
        count = sum(len(r.object_ids) for r in requests)
        self.set_status(tr("Fetching the exact geometries of {} feature(s)…").format(count))
        session = self.session
        timeout = IdentifySettings.load().timeout_seconds

        def work(feedback):
            return fetch_exact_geometries(requests, session, timeout=timeout, feedback=feedback)

        def done(job) -> None:
            if job.cancelled or job.value is None:
                self._say(tr("Fetching the exact geometries was cancelled."), "warning")
                return
            missing = apply_exact(features, job.value)
            note = ""
            if missing:
                reason = job.value.errors[0] if job.value.errors else tr("the service did not return them")
                note = " " + tr("{} geometry(ies) are the screen's generalised ones: {}").format(missing, reason)
            then(features, note)

        self.runner.batch(EXACT_CHANNEL).submit(tr("ArcGIS Identify: exact geometries"), work, done)

    # -- derived measures ---------------------------------------------------------------------------------
    def _expanded(self, index: QModelIndex) -> None:
        node = self.model.node(index)
        if node.kind == FEATURE:
            self.measure([node])
            group = self._derived_group(node)
            if group is not None and group.children:
                self.tree.expand(self.model.index_for(group))

    def measure(self, features: list[Node]) -> None:
        """Asks for these MapServer features' derived measures (once each: the measures are kept with the result).
        What is asked in one event-loop turn is measured together after it, in the background (see
        _measure_burst); their "Derived" group shows the measures when they arrive."""
        for node in features:
            ref = node.payload
            if node.kind == FEATURE and ref.measurable and ref.derived is None and id(ref) not in self._measuring:
                self._measure_asked[id(ref)] = node
        if self._measure_asked and not self._measure_timer.isActive():
            self._measure_timer.start()

    def _measure_burst(self) -> None:
        """Measures what this turn asked for, in one job. A burst of more than MEASURE_SELECTED_MAX features
        (Expand All over many) fetches nothing: those say how to measure them, except the selected ones."""
        self._measure_timer.stop()
        asked, self._measure_asked = self._measure_asked, {}
        burst = [n for key, n in asked.items() if n.payload.derived is None and key not in self._measuring]
        if len(burst) > MEASURE_SELECTED_MAX:
            selected = self.selected_features()
            chosen = {id(n.payload) for n in selected} if len(selected) <= MEASURE_SELECTED_MAX else set()
            for node in burst:
                if id(node.payload) not in chosen:
                    self._show_derived_state(node, tr("Select the feature to measure it."), quiet=True)
            # One repaint for the lot: a change signal per group would make the view measure rows thousands of
            # times (the text keeps its one-line height, so the layout stands).
            self.tree.viewport().update()
            burst = [n for n in burst if id(n.payload) in chosen]
        if burst:
            self._start_measuring(burst)

    def _start_measuring(self, nodes: list[Node]) -> None:
        for node in nodes:
            self._measuring[id(node.payload)] = node
            self._show_derived_state(node, tr("measuring…"))
        items = [
            MeasureItem(id(n.payload), n.payload.result, n.payload.crs, n.payload.exact, n.payload.exact_key())
            for n in nodes
        ]
        requests = exact_requests(nodes)
        settings = MeasureSettings.from_project()
        session = self.session
        timeout = IdentifySettings.load().timeout_seconds
        root = self.model.root

        def work(feedback):
            return measure_results(items, requests, settings, session, timeout=timeout, feedback=feedback)

        def done(job) -> None:
            if self.model.root is not root:
                return  # the results were cleared meanwhile (and _stop_measuring ran what waited)
            if job.cancelled or job.error is not None or job.value is None:
                reason = tr("cancelled") if job.cancelled else str(job.error or tr("no answer"))
                self._measured(nodes, None, tr("Not measured: {}").format(reason))
            else:
                self._measured(nodes, job.value, "")

        if self.runner is None:  # a dock without the plugin around it: measure here
            self._measured(nodes, work(JobFeedback()), "")
            return
        # One job per burst, all in one batch: a later burst adds its job beside the earlier ones (a new batch
        # would supersede them, so each job would have to carry every feature still waiting).
        if self._measure_batch is None or not self._measure_batch.current:
            self._measure_batch = self.runner.batch(DERIVED_CHANNEL)
        self._measure_batch.submit(tr("ArcGIS Identify: derived measures"), work, done)

    def _show_derived_state(self, node: Node, text: str, quiet: bool = False) -> None:
        """What a feature's "Derived" group says while it has no measures ("measuring…", or how to measure it).
        `quiet`: no change signal (the caller repaints once for many)."""
        group = self._derived_group(node)
        if group is not None and node.payload.derived is None and group.value_text() != text:
            group.value = TypedValue("text", text, None)
            if not quiet:
                self.model.node_changed(group)

    def _measured(self, nodes: list[Node], value, failure: str) -> None:
        if value is not None:
            apply_exact(nodes, value.fetched)  # copies and exports use them too
        for node in nodes:
            ref = node.payload
            self._measuring.pop(id(ref), None)
            if value is not None:
                ref.derived = value.measures.get(id(ref)) or value.errors.get(id(ref)) or tr("Not measured.")
            else:
                ref.derived = failure
            group = self._derived_group(node)
            if group is None:
                continue  # its rows are not made yet: they will show the measures when they are
            group.value = TypedValue("text", "", None)
            self.model.node_changed(group)
            self.model.replace_children(group, derived_nodes(ref))
            if self.tree.isExpanded(self.model.index_for(node)):
                self.tree.expand(self.model.index_for(group))
        waiting, self._after_measuring = self._after_measuring, []
        for action in waiting:
            action()

    def _derived_group(self, node: Node) -> Node | None:
        if not node.built:  # its rows are not made yet: nothing to update
            return None
        return next((child for child in node.children if child.kind == DERIVED), None)

    def _stop_measuring(self) -> None:
        """The results are gone (a new click): their measuring stops; actions that waited for its exact geometries
        (an export, a scratch layer, a WKT copy) run now and fetch them themselves."""
        if self.runner is not None:
            self.runner.cancel(DERIVED_CHANNEL)
        self._measure_batch = None
        self._measure_timer.stop()
        self._measure_asked.clear()
        self._measuring.clear()
        waiting, self._after_measuring = self._after_measuring, []
        for action in waiting:
            action()

    def _say(self, text: str, level: str = "info") -> None:
        """What an action did, in the dock's status line (never the message bar: one message per click there)."""
        self.status.setText(text)
        self.status.setStyleSheet("color: #be1e1e;" if level == "warning" else "")
        self.actionFinished.emit(text)

    # -- highlight ----------------------------------------------------------------------------------------
    def _selection_geometries(self) -> list[QgsGeometry]:
        target = self.canvas.mapSettings().destinationCrs()
        geometries = (node.payload.geometry_in(target) for node in self.selected_features())
        return [geometry for geometry in geometries if geometry is not None]

    def _selection_extent(self) -> QgsRectangle | None:
        geometries = self._selection_geometries()
        if not geometries:
            return None
        extent = QgsRectangle(geometries[0].boundingBox())
        for geometry in geometries[1:]:
            extent.combineExtentWith(geometry.boundingBox())
        return extent

    def _selection_changed(self, *_args) -> None:
        self.update_actions()
        self.clear_highlight()
        features = self.selected_features()
        for table in self.tables:  # the results selected themselves (a selected layer is not all its rows)
            table.reflect_selection(self._selected_results())
        if len(features) <= MEASURE_SELECTED_MAX:  # a few selected results are measured, never thousands
            self.measure(features)
        target = self.canvas.mapSettings().destinationCrs()
        # What can be seen usefully: a few hundred outlines; thousands would only stall QGIS.
        shown = features[:MAX_HIGHLIGHT]
        geometries = [g for g in (node.payload.geometry_in(target) for node in shown) if g is not None]
        if len(features) > MAX_HIGHLIGHT:
            self.set_status(
                tr("Highlighting the first {} of {} selected results.").format(MAX_HIGHLIGHT, len(features))
            )
        if not geometries:
            return
        band = QgsRubberBand(self.canvas, QgsWkbTypes.GeometryType.PolygonGeometry)
        band.setColor(QColor(255, 40, 40, 220))
        band.setFillColor(QColor(255, 40, 40, 50))
        band.setWidth(3)
        band.setIconSize(12)
        for geometry in geometries:
            band.addGeometry(geometry, None, False)  # one repaint and extent for all, below
        band.updatePosition()
        band.update()
        band.show()
        self.highlight = band

    def clear_highlight(self) -> None:
        if self.highlight is not None:
            self.canvas.scene().removeItem(self.highlight)
            self.highlight = None

    # -- tree behaviour -----------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        resized = watched is self.tree.viewport() and event.type() == QEvent.Type.Resize
        if resized and event.size().width() != event.oldSize().width():
            self.tree.doItemsLayout()  # wrapped sentences take the new width
            self.fit_first_column()  # and labels the room the new width gives them
        return super().eventFilter(watched, event)

    def _expand_new_rows(self, parent: QModelIndex, first: int, last: int) -> None:
        # Services and layers open as results arrive; features stay closed (their attributes are built on demand).
        node = self.model.node(parent)
        for row in range(first, last + 1):  # a sentence (error, message) reads across both columns
            if self.model.node(self.model.index(row, 0, parent)).kind in SPANNED:
                self.tree.setFirstColumnSpanned(row, parent, True)
        if node.kind in ("root", "service"):
            self.tree.expand(parent) if parent.isValid() else None
            for row in range(first, last + 1):
                child = self.model.index(row, 0, parent)
                if self.model.node(child).kind in ("service", "layer", "pixel", "catalog"):
                    self.tree.expand(child)
            self.fit_first_column()
        if self.filter.text():
            self.apply_filter(self.filter.text())  # results arriving after the filter was typed

    def fit_first_column(self) -> None:
        """Labels (catalog item names, layer names) read whole, leaving the values at least a third of the width."""
        wanted = self.tree.sizeHintForColumn(0) + 8
        limit = int(self.tree.viewport().width() * 0.65)
        self.tree.header().resizeSection(0, max(FIRST_COLUMN_MIN, min(wanted, limit)))

    def _double_clicked(self, index: QModelIndex) -> None:
        node = self.model.data(index, NODE_ROLE)
        if node is None:
            return
        if index.column() == 1 and node.value is not None and node.value.kind == "link":
            QDesktopServices.openUrl(QUrl(node.value.text))
        elif node.kind in (FEATURE, CATALOG_ITEM):
            self.zoom_to_selection()

    def selected_image_service(self):
        """The ServiceTarget of the selected ImageServer service node, if one is selected."""
        for node in self.selected_nodes():
            target = node.payload if node is not None and node.kind == SERVICE else None
            if target is not None and getattr(target, "kind", "") == "ImageServer":
                return target
        return None

    def export_selected_service(self) -> None:
        target = self.selected_image_service()
        if target is not None:
            self.exportRequested.emit(target)

    def _context_menu(self, position) -> None:
        menu = self.context_menu(self.tree.indexAt(position))
        menu.exec(self.tree.viewport().mapToGlobal(position))
        menu.deleteLater()

    def context_menu(self, index: QModelIndex) -> QMenu:
        """The tree's context menu for the row at `index` (a service row also offers its legend)."""
        menu = QMenu(self)
        node = self.model.data(index, NODE_ROLE) if index.isValid() else None
        if node is not None and node.kind == SERVICE and node.payload is not None:
            legend = menu.addAction(QIcon(str(ICONS / "legend.svg")), tr("Show ArcGIS Legend"))
            legend.setObjectName("legend")
            legend.triggered.connect(lambda _checked=False, target=node.payload: self.legendRequested.emit(target))
        if self.selected_image_service() is not None:
            menu.addAction(self.action_export_image)
        if node is not None and node.kind in (LAYER, CATALOG) and self.table_group() is node:
            menu.addAction(self.action_table)
        if not menu.isEmpty():
            menu.addSeparator()
        for action in (
            self.action_zoom,
            self.action_pan,
            None,
            self.action_copy,
            self.action_copy_table,
            self.action_copy_wkt,
            None,
            self.action_scratch,
            self.action_export,
        ):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def show_request(self, request) -> None:
        """Says where the click identified (canvas CRS and WGS 84)."""
        self.location.setText(tr("Identified at {}").format(location_text(request)))
        self.location.show()

    def apply_filter(self, text: str = "") -> None:
        """Shows only the results (features, pixels, catalog items) whose name or attribute values hold `text`;
        services and layers stay, with their sentences."""
        needle = (text if isinstance(text, str) else self.filter.text()).strip().lower()

        def matches(node: Node) -> bool:
            if not needle or needle in node.label.lower() or needle in node.value_text().lower():
                return True
            attributes = getattr(node.payload, "attributes", None) or {}
            return any(needle in f"{name}\t{value}".lower() for name, value in attributes.items())

        def walk(parent: QModelIndex) -> None:
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                node = self.model.node(index)
                if node.kind in (FEATURE, CATALOG_ITEM, PIXEL):
                    self.tree.setRowHidden(row, parent, not matches(node))
                elif node.kind in (SERVICE, LAYER, CATALOG):
                    walk(index)

        walk(QModelIndex())

    def set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("")

    def closeEvent(self, event) -> None:
        self.clear_highlight()
        self.close_tables()
        super().closeEvent(event)
