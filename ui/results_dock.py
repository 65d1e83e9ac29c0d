"""The results dock: a tree of what each service said, highlight on the canvas, and actions on the results.

It subscribes to its controllers: IdentifyController (the clicks' identify) and ResultsController (the actions that
take time: exact geometries, scratch layers, exports, derived measures). It starts no background work itself."""

from __future__ import annotations

from pathlib import Path

from qgis.core import Qgis, QgsRectangle
from qgis.gui import QgsFilterLineEdit, QgsMapCanvas, QgsRubberBand
from qgis.PyQt.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QUrl,
    pyqtSignal,
)
from qgis.PyQt.QtGui import QDesktopServices, QGuiApplication, QIcon
from qgis.PyQt.QtWidgets import QAbstractItemView, QFileDialog, QHeaderView, QLabel, QMenu, QTreeView, QWidget

from ..app.identify_request import location_text
from ..app.value_format import ValueKind
from .icons import theme_icon
from .identify_controller import IdentifyController
from .plugin_dock import PluginDock
from .qt_compat import QAction
from .result_actions import attributes_as_table, attributes_as_text, feature_nodes, geometry_as_wkt
from .results_controller import MEASURE_SELECTED_MAX, ResultsController, derived_group
from .results_highlight import combined_extent, highlight_band, selection_geometries
from .results_model import (
    CATALOG,
    CATALOG_ITEM,
    FEATURE,
    LAYER,
    NODE_ROLE,
    SERVICE,
    Node,
    ResultsModel,
)
from .results_table import ResultsTableDialog, table_group, table_of, tree_selection
from .results_view import WrappingDelegate, filter_rows, show_new_rows

DOCK_OBJECT_NAME = "ArcGisIdentifyResultsDock"
FIRST_COLUMN_MIN = 200
MAX_HIGHLIGHT = 500  # selected results highlighted at most (the status line says when more are selected)
ICONS = Path(__file__).resolve().parent.parent / "icons"


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisIdentifyResults", text)


INFO, WARNING = Qgis.MessageLevel.Info, Qgis.MessageLevel.Warning


class ResultsDock(PluginDock):
    settingsRequested = pyqtSignal()
    legendRequested = pyqtSignal(object)  # the ServiceTarget of a service node: show its legend
    exportRequested = pyqtSignal(object)  # ServiceTarget of an ImageServer service node
    actionFinished = pyqtSignal(str)  # an action (copy, scratch layer, export) is done: what the status line says

    def __init__(
        self,
        canvas: QgsMapCanvas,
        model: ResultsModel,
        identify: IdentifyController,
        results: ResultsController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            tr("ArcGIS Identify Results"),
            DOCK_OBJECT_NAME,
            parent,
            status=tr("Click the map with the Identify ArcGIS Services tool."),
            status_name="ArcGisIdentifyStatus",
            progress_name="ArcGisIdentifyProgress",  # a background export's or scratch layer's progress
        )
        self.canvas = canvas
        self.model = model
        self.identify = identify
        self.results = results
        self.highlight: QgsRubberBand | None = None
        self.location = QLabel("", self.body)  # where the last click identified
        self.location.setObjectName("ArcGisIdentifyLocation")
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location.hide()
        self.content.addWidget(self.location)
        self.filter = QgsFilterLineEdit(self.body)
        self.filter.setObjectName("ArcGisIdentifyFilter")
        self.filter.setShowSearchIcon(True)
        self.filter.setPlaceholderText(tr("Filter results (name or attribute value)…"))
        self.filter.textChanged.connect(self.apply_filter)
        self.content.addWidget(self.filter)
        self.tree = QTreeView(self.body)
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
        self.content.addWidget(self.tree)
        self.setMinimumWidth(320)

        self._make_actions()
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.expanded.connect(self._expanded)
        model.rowsInserted.connect(self._expand_new_rows)
        model.modelReset.connect(self.clear_highlight)  # a new click or "identify again" starts without one
        model.modelReset.connect(self.close_tables)  # a table shows results that are gone
        self.tables: list = []  # the open table windows (ResultsTableDialog)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.update_actions)
        self.update_actions()
        self._subscribe()

    def _subscribe(self) -> None:
        """What the controllers say reaches the status line, the progress bar and the tree."""
        identify, results = self.identify, self.results
        identify.requested.connect(self._identifying)
        identify.started.connect(lambda n: self.set_status(tr("Identifying on {} service(s)…").format(n)))
        identify.allFinished.connect(lambda *_: self.set_status(identify.summary_text()))
        identify.noServices.connect(
            lambda: self.set_status(tr("No ArcGIS service in play (see Settings to add some)."))
        )
        results.selected = self.selected_features
        results.started.connect(self._action_started)
        results.progressChanged.connect(self.set_progress)
        results.progressEnded.connect(self.hide_progress)
        results.finished.connect(self.say)
        results.derivedChanged.connect(self._derived_changed)
        results.derivedStatesShown.connect(self.tree.viewport().update)

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
        self.action_again = add("/mActionRefresh.svg", tr("Identify Again"), self.identify.identify_again, "again")
        self.action_clear = add("/mActionDeleteSelected.svg", tr("Clear Results"), self.clear, "clear")
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
        return table_group(self.selected_nodes())

    def open_table(self, group: Node | None = None):
        """Shows the results of a layer (or the catalog items) in a table window; returns it."""
        group = group if isinstance(group, Node) else self.table_group()
        if group is None:
            return None
        table = ResultsTableDialog(self, *table_of(group))
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
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.tree.selectionModel().select(tree_selection(self.model, nodes), flags)
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
            self.say(tr("Copied the attributes of {} result(s).").format(len(features)))

    def copy_table(self) -> None:
        features = self._features_or_all()
        if features:
            QGuiApplication.clipboard().setText(attributes_as_table(features))
            self.say(tr("Copied {} row(s) as a table.").format(len(features)))

    def copy_wkt(self) -> None:
        self.results.with_exact_geometries(self.selected_features(), self._copy_wkt_now)

    def _copy_wkt_now(self, features: list[Node], note: str) -> None:
        texts = [wkt for wkt in (geometry_as_wkt(n) for n in features) if wkt]
        if texts:
            QGuiApplication.clipboard().setText("\n".join(texts))
            self.say(tr("Copied {} geometry(ies) as WKT.").format(len(texts)) + note, WARNING if note else INFO)
        else:
            self.say(tr("The selected results have no geometry."), WARNING)

    def add_scratch(self) -> None:
        self.results.add_scratch(self._features_or_all())

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
        self.results.export(features, path)

    def clear(self) -> None:
        """Clear Results: the results, their highlight and what runs for them go."""
        self.clear_highlight()
        self.identify.clear()
        self.set_status(tr("Results cleared."))

    # -- what the controllers say ---------------------------------------------------------------------------
    def _action_started(self, text: str, with_progress: bool) -> None:
        if with_progress:
            self.show_progress(0)
        self.set_status(text)

    def say(self, text: str, level: Qgis.MessageLevel = Qgis.MessageLevel.Info) -> None:
        """What an action did, in the dock's status line (never the message bar: one message per click there)."""
        super().say(text, level)
        self.actionFinished.emit(text)

    def _expanded(self, index: QModelIndex) -> None:
        node = self.model.node(index)
        if node.kind == FEATURE:
            self.results.measure([node])
            group = derived_group(node)
            if group is not None and group.children:
                self.tree.expand(self.model.index_for(group))

    def _derived_changed(self, nodes: list[Node]) -> None:
        """Measures arrived: an open feature shows its "Derived" group open."""
        for node in nodes:
            group = derived_group(node)
            if group is not None and self.tree.isExpanded(self.model.index_for(node)):
                self.tree.expand(self.model.index_for(group))

    # -- highlight ----------------------------------------------------------------------------------------
    def _selection_extent(self) -> QgsRectangle | None:
        return combined_extent(selection_geometries(self.canvas, self.selected_features()))

    def _selection_changed(self, *_args) -> None:
        self.update_actions()
        self.clear_highlight()
        features = self.selected_features()
        for table in self.tables:  # the results selected themselves (a selected layer is not all its rows)
            table.reflect_selection(self._selected_results())
        if len(features) <= MEASURE_SELECTED_MAX:  # a few selected results are measured, never thousands
            self.results.measure(features)
        # What can be seen usefully: a few hundred outlines; thousands would only stall QGIS.
        geometries = selection_geometries(self.canvas, features[:MAX_HIGHLIGHT])
        if len(features) > MAX_HIGHLIGHT:
            self.set_status(
                tr("Highlighting the first {} of {} selected results.").format(MAX_HIGHLIGHT, len(features))
            )
        if geometries:
            self.highlight = highlight_band(self.canvas, geometries)

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
        if show_new_rows(self.tree, parent, first, last):
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
        if index.column() == 1 and node.value is not None and node.value.kind is ValueKind.LINK:
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
        menu.addActions([self.action_zoom, self.action_pan])
        menu.addSeparator()
        menu.addActions([self.action_copy, self.action_copy_table, self.action_copy_wkt])
        menu.addSeparator()
        menu.addActions([self.action_scratch, self.action_export])
        return menu

    def _identifying(self, request) -> None:
        """A click on the map: the dock shows, without the last click's highlight, and says where it identifies."""
        self.setUserVisible(True)
        self.clear_highlight()
        self.show_request(request)

    def show_request(self, request) -> None:
        """Says where the click identified (canvas CRS and WGS 84)."""
        self.location.setText(tr("Identified at {}").format(location_text(request)))
        self.location.show()

    def apply_filter(self, text: str = "") -> None:
        """Shows only the results (features, pixels, catalog items) whose name or attribute values hold `text`;
        services and layers stay, with their sentences."""
        filter_rows(self.tree, (text if isinstance(text, str) else self.filter.text()).strip().lower())

    def unload(self) -> None:
        """Before the dock is removed: no highlight left on the canvas, no table window left open."""
        self.clear_highlight()
        self.close_tables()

    def closeEvent(self, event) -> None:
        self.clear_highlight()
        self.close_tables()
        super().closeEvent(event)
