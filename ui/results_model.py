"""The results tree (service → layer → feature → attribute) as a Qt item model.

Nodes below a feature are made only when the view asks for them, so 5,000 results cost 5,000 small nodes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qgis.PyQt.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, Qt
from qgis.PyQt.QtGui import QBrush, QColor, QFont

from ..app.value_format import TypedValue, ValueKind, typed_value

NODE_ROLE = Qt.ItemDataRole.UserRole + 1

# Node kinds
SERVICE = "service"
LAYER = "layer"
FEATURE = "feature"
ATTRIBUTE = "attribute"
DERIVED = "derived"  # a MapServer feature's derived measures (of its exact geometry), measured on demand
PIXEL = "pixel"
BAND = "band"
CATALOG = "catalog"
CATALOG_ITEM = "catalog_item"
MESSAGE = "message"
ERROR = "error"


class Node:
    """One row of the tree. `payload` holds the result object a feature or catalog item stands for."""

    __slots__ = ("_build", "_children", "kind", "label", "parent", "payload", "row", "value")

    def __init__(
        self,
        kind: str,
        label: str,
        value: Any = None,
        *,
        payload: Any = None,
        build: Callable[[Node], list[Node]] | None = None,
    ) -> None:
        self.kind = kind
        self.label = label
        self.value = value if isinstance(value, TypedValue) or value is None else typed_value(value, label)
        self.payload = payload
        self.parent: Node | None = None
        self.row = 0
        self._children: list[Node] | None = None if build else []
        self._build = build

    @property
    def children(self) -> list[Node]:
        if self._children is None:
            build, self._build = self._build, None
            self._children = []
            for child in build(self) if build else []:
                self._adopt(child)
        return self._children

    @property
    def built(self) -> bool:
        """Its rows exist (a lazily built node's are made when the view first asks)."""
        return self._children is not None

    def has_children(self) -> bool:
        return self._children is None or bool(self._children)

    def add(self, child: Node) -> Node:
        self.children  # noqa: B018 (build lazily made children first)
        self._adopt(child)
        return child

    def _adopt(self, child: Node) -> None:
        child.parent = self
        child.row = len(self._children)
        self._children.append(child)

    def value_text(self) -> str:
        return self.value.text if self.value is not None else ""


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisIdentifyResults", text)


def is_own_service(node: Node) -> bool:
    """A service node of the plugin's own list (not a project layer's)."""
    return node.kind == SERVICE and getattr(node.payload, "from_settings", False)


def display_label(node: Node) -> str:
    """What the first column shows: the label, and for the plugin's own services where they come from."""
    if is_own_service(node):
        return tr("{} (plugin's list)").format(node.label)
    return node.label


class ResultsModel(QAbstractItemModel):
    COLUMNS = ("Feature", "Value")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.root = Node("root", "")

    # -- building ---------------------------------------------------------------------------------------
    def clear(self) -> None:
        self.beginResetModel()
        self.root = Node("root", "")
        self.endResetModel()

    def add_top(self, node: Node) -> Node:
        row = len(self.root.children)
        self.beginInsertRows(QModelIndex(), row, row)
        self.root.add(node)
        self.endInsertRows()
        return node

    def replace_children(self, node: Node, children: list[Node]) -> None:
        """Swaps a node's rows (a service's "Identifying…" line for its results)."""
        index = self.index_for(node)
        old = len(node.children)
        if old:
            self.beginRemoveRows(index, 0, old - 1)
            node._children = []
            self.endRemoveRows()
        if children:
            self.beginInsertRows(index, 0, len(children) - 1)
            for child in children:
                node.add(child)
            self.endInsertRows()

    def node_changed(self, node: Node) -> None:
        index = self.index_for(node)
        self.dataChanged.emit(index, index.siblingAtColumn(1))

    def index_for(self, node: Node, column: int = 0) -> QModelIndex:
        if node is self.root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def node(self, index: QModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def top_nodes(self) -> list[Node]:
        return list(self.root.children)

    # -- QAbstractItemModel -----------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        parent_node = self.node(parent)
        children = parent_node.children
        if 0 <= row < len(children) and 0 <= column < len(self.COLUMNS):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def hasChildren(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return False
        return self.node(parent).has_children()

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("Feature"), tr("Value"))[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        column = index.column()
        if role == NODE_ROLE:
            return node
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return display_label(node) if column == 0 else node.value_text()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0 and is_own_service(node):
                return tr(
                    "{}: a service of the plugin's own list (ArcGIS Identify settings), not a project layer"
                ).format(node.label)
            return display_label(node) if column == 0 else node.value_text()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1 and node.value is not None:
            horizontal = Qt.AlignmentFlag.AlignRight if node.value.right_aligned else Qt.AlignmentFlag.AlignLeft
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole:
            if node.kind == ERROR:
                return QBrush(QColor(190, 30, 30))
            if column == 1 and node.value is not None:
                if node.value.kind is ValueKind.NULL:
                    return QBrush(QColor(130, 130, 130))
                if node.value.kind is ValueKind.LINK:
                    return QBrush(QColor(30, 90, 200))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            if column == 0 and node.kind in (SERVICE, LAYER, DERIVED):
                font.setBold(True)
                return font
            if column == 1 and node.value is not None and node.value.kind is ValueKind.NULL:
                font.setItalic(True)
                return font
            if column == 1 and node.value is not None and node.value.kind is ValueKind.LINK:
                font.setUnderline(True)
                return font
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
