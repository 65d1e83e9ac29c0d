"""One layer's results as a table (one row per feature, one column per field), beside the results dock.

Model/view only: thousands of rows cost one small list each, cells are typed on demand (no widget per cell).
Its selection is the dock's: selecting rows selects those results in the tree (and so the map highlight)."""

from __future__ import annotations

from datetime import datetime

from qgis.gui import QgsFilterLineEdit
from qgis.PyQt.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from qgis.PyQt.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeySequence
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..app.value_format import TypedValue, ValueKind
from .icons import theme_icon
from .qt_compat import QShortcut
from .results_model import (
    ATTRIBUTE,
    BAND,
    CATALOG,
    CATALOG_ITEM,
    DERIVED,
    FEATURE,
    LAYER,
    NODE_ROLE,
    SERVICE,
    Node,
    tr,
)

MAX_COLUMN_WIDTH = 360  # pixels: a long text column leaves room for the others (its tooltip says the rest)
FIT_ROWS = 200  # rows measured when the columns are fitted
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a cell's sort key: NULLs first, then numbers, dates, text


def sort_key(value: TypedValue) -> tuple:
    """Orders one column's values by what they are: numbers as numbers, dates as dates, text case-blind."""
    if value.kind is ValueKind.NULL:
        return (0, 0.0, "")
    if value.kind in (ValueKind.NUMBER, ValueKind.BOOL):
        return (1, float(value.value), "")
    if value.kind is ValueKind.DATE and isinstance(value.value, datetime):
        return (2, value.value.timestamp(), "")
    return (3, 0.0, value.text.casefold())


class ResultsTableModel(QAbstractTableModel):
    """Rows: result nodes (features or catalog items); columns: their attributes, headed by the fields' aliases."""

    def __init__(self, nodes: list[Node], parent=None) -> None:
        super().__init__(parent)
        self.nodes = nodes
        self.names: list[str] = []
        seen: set[str] = set()
        for node in nodes:  # the server's order, first appearance
            for name in node.payload.attributes:
                if name not in seen:
                    seen.add(name)
                    self.names.append(name)
        first = nodes[0].payload if nodes else None
        self.headers = [first.label_of(name) if first is not None else name for name in self.names]
        self._typed: list[list[TypedValue] | None] = [None] * len(nodes)
        self.rows_of = {id(node): row for row, node in enumerate(nodes)}

    def typed_row(self, row: int) -> list[TypedValue]:
        values = self._typed[row]
        if values is None:  # made once, when the view (or a sort) first asks
            ref = self.nodes[row].payload
            attributes = ref.attributes
            values = self._typed[row] = [ref.value_of(name, attributes.get(name)) for name in self.names]
        return values

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.nodes)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.names)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.names[section]
        elif role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == NODE_ROLE:
            return self.nodes[index.row()]
        value = self.typed_row(index.row())[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return value.text
        if role == SORT_ROLE:
            return sort_key(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if value.right_aligned else Qt.AlignmentFlag.AlignLeft
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and value.kind is ValueKind.NULL:
            return QBrush(QColor(130, 130, 130))
        if role == Qt.ItemDataRole.FontRole and value.kind is ValueKind.NULL:  # NULL as QGIS's attribute table shows it
            font = QFont()
            font.setItalic(True)
            return font
        return None


class TypedSortProxy(QSortFilterProxyModel):
    """Sorts by the cells' typed keys (10 after 9, dates in time order); filters on any column's text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        return left.data(SORT_ROLE) < right.data(SORT_ROLE)


def row_ranges(rows: list[int]) -> list[tuple[int, int]]:
    """Rows as sorted (first, last) runs of consecutive rows: thousands of selected rows stay a few ranges."""
    ranges: list[tuple[int, int]] = []
    for row in sorted(rows):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], row)
        else:
            ranges.append((row, row))
    return ranges


def rows_selection(model, rows: list[int], last_column: int) -> QItemSelection:
    """A selection of whole rows of a table model."""
    selection = QItemSelection()
    for first, last in row_ranges(rows):
        selection.select(model.index(first, 0), model.index(last, last_column))
    return selection


def table_group(nodes: list[Node]) -> Node | None:
    """The MapServer layer or catalog-items group of these nodes that holds results (a result: its group)."""
    for node in nodes:
        while node is not None and node.kind not in (LAYER, CATALOG):
            node = node.parent if node.kind in (FEATURE, CATALOG_ITEM, ATTRIBUTE, DERIVED, BAND) else None
        if node is not None and any(c.kind in (FEATURE, CATALOG_ITEM) for c in node.children):
            return node
    return None


def table_of(group: Node) -> tuple[str, list[Node]]:
    """A group's table: its title ("service › layer") and its rows (the group's results)."""
    nodes = [child for child in group.children if child.kind in (FEATURE, CATALOG_ITEM)]
    service = group.parent.label if group.parent is not None and group.parent.kind == SERVICE else ""
    return (f"{service} › {group.label}" if service else group.label), nodes


def tree_selection(model, nodes: list[Node]) -> QItemSelection:
    """Whole rows of the results tree (a ResultsModel), a few ranges per parent however many nodes."""
    selection = QItemSelection()
    by_parent: dict[int, tuple[Node, list[int]]] = {}
    for node in nodes:
        if node.parent is not None:
            by_parent.setdefault(id(node.parent), (node.parent, []))[1].append(node.row)
    for parent, rows in by_parent.values():
        parent_index = model.index_for(parent)
        for first, last in row_ranges(rows):
            selection.select(model.index(first, 0, parent_index), model.index(last, 1, parent_index))
    return selection


class ResultsTableDialog(QDialog):
    """A non-modal window over one layer's results; `dock` is the ResultsDock it belongs to."""

    def __init__(self, dock, title: str, nodes: list[Node], parent: QWidget | None = None) -> None:
        super().__init__(parent or dock)
        self.setObjectName("ArcGisIdentifyResultsTable")
        self.setWindowTitle(tr("{} — {} result(s)").format(title, len(nodes)))
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.dock = dock
        self._syncing = False
        self.source = ResultsTableModel(nodes, self)
        self.proxy = TypedSortProxy(self)
        self.proxy.setSourceModel(self.source)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.toolbar = QToolBar(self)
        layout.addWidget(self.toolbar)
        self.filter = QgsFilterLineEdit(self)
        self.filter.setShowSearchIcon(True)
        self.filter.setPlaceholderText(tr("Filter rows (any value)…"))
        self.filter.textChanged.connect(self.apply_filter)
        layout.addWidget(self.filter)
        self.view = QTableView(self)
        self.view.setObjectName("ArcGisIdentifyResultsTableView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the server's order until a header is clicked
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        self._fit_columns()
        layout.addWidget(self.view)
        self.count = QLabel(self)
        layout.addWidget(self.count)

        self.action_copy = self.toolbar.addAction(
            theme_icon("/mActionEditCopy.svg"), tr("Copy Selected Rows"), self.copy_rows
        )
        self.action_copy.setObjectName("copyrows")
        QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self.view, self.copy_rows)
        self.toolbar.addSeparator()
        # The dock's own actions: they act on its selection, which is this table's.
        for action in (dock.action_zoom, dock.action_pan, dock.action_scratch, dock.action_export):
            self.toolbar.addAction(action)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.resize(900, 420)
        self._say_count()

    def _fit_columns(self) -> None:
        """Columns as wide as their header and first rows' text (a scene name reads whole), never wider than
        MAX_COLUMN_WIDTH; measured on the first rows only, so thousands of rows open at once."""
        header = self.view.horizontalHeader()
        header.setResizeContentsPrecision(FIT_ROWS)
        self.view.resizeColumnsToContents()
        for column in range(self.source.columnCount()):
            if header.sectionSize(column) > MAX_COLUMN_WIDTH:
                header.resizeSection(column, MAX_COLUMN_WIDTH)

    # -- filter, count --------------------------------------------------------------------------------------
    def apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._say_count()

    def _say_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.source.rowCount()
        selected = len(self.view.selectionModel().selectedRows())
        if shown != total:
            text = tr("{} of {} result(s) shown").format(shown, total)
        else:
            text = tr("{} result(s)").format(total)
        if selected:
            text += tr(", {} selected").format(selected)
        self.count.setText(text)

    # -- selection, both ways ---------------------------------------------------------------------------------
    def selected_nodes(self) -> list[Node]:
        """The selected rows' results, in the table's order (sorted as shown)."""
        rows = sorted(self.view.selectionModel().selectedRows(), key=lambda index: index.row())
        return [self.proxy.data(index, NODE_ROLE) for index in rows]

    def _selection_changed(self, *_args) -> None:
        self._say_count()
        if not self._syncing:
            self._syncing = True
            try:
                self.dock.select_nodes(self.selected_nodes())
            finally:
                self._syncing = False

    def reflect_selection(self, nodes: list[Node]) -> None:
        """Selects the rows of `nodes` (the tree's selection), without echoing it back."""
        if self._syncing:
            return
        rows = [self.source.rows_of[id(node)] for node in nodes if id(node) in self.source.rows_of]
        selection = self.proxy.mapSelectionFromSource(
            rows_selection(self.source, rows, max(0, self.source.columnCount() - 1))
        )
        self._syncing = True
        try:
            self.view.selectionModel().select(
                selection,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._syncing = False
        self._say_count()

    # -- copy -------------------------------------------------------------------------------------------------
    def rows_text(self) -> str:
        """The selected rows, tab-separated, with the header (as shown: aliases, sorted, NULL as NULL)."""
        indexes = sorted(self.view.selectionModel().selectedRows(), key=lambda index: index.row())
        columns = range(self.proxy.columnCount())

        def clean(text: str) -> str:
            return str(text).replace("\t", " ").replace("\n", " ")

        lines = ["\t".join(clean(self.proxy.headerData(c, Qt.Orientation.Horizontal)) for c in columns)]
        for index in indexes:
            lines.append("\t".join(clean(self.proxy.index(index.row(), c).data()) for c in columns))
        return "\n".join(lines)

    def copy_rows(self) -> None:
        count = len(self.view.selectionModel().selectedRows())
        if count:
            QGuiApplication.clipboard().setText(self.rows_text())
            self.count.setText(tr("Copied {} row(s).").format(count))
