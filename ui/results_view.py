"""How the results tree shows its rows: one line each at one measured height, except error and message sentences,
which span both columns and wrap to the view's width (thousands of one-line rows stay cheap); which rows open as
results arrive, and which ones a filter leaves."""

from __future__ import annotations

from qgis.PyQt.QtCore import QModelIndex, QRect, QSize, Qt
from qgis.PyQt.QtWidgets import QStyledItemDelegate, QTreeView

from .results_model import CATALOG, CATALOG_ITEM, ERROR, FEATURE, LAYER, MESSAGE, NODE_ROLE, PIXEL, SERVICE, Node

SPANNED = (ERROR, MESSAGE)  # rows whose sentence spans both columns and wraps


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


def show_new_rows(tree: QTreeView, parent: QModelIndex, first: int, last: int) -> bool:
    """Rows inserted into the tree's ResultsModel: sentences span both columns; services and layers open as results
    arrive, features stay closed (their attributes are built on demand). True when a service or top row came."""
    model = tree.model()
    for row in range(first, last + 1):
        if model.node(model.index(row, 0, parent)).kind in SPANNED:
            tree.setFirstColumnSpanned(row, parent, True)
    if model.node(parent).kind not in ("root", SERVICE):
        return False
    if parent.isValid():
        tree.expand(parent)
    for row in range(first, last + 1):
        child = model.index(row, 0, parent)
        if model.node(child).kind in (SERVICE, LAYER, PIXEL, CATALOG):
            tree.expand(child)
    return True


def matches(node: Node, needle: str) -> bool:
    """The result's name, value or an attribute ("name<tab>value") holds `needle` (lower case)."""
    if not needle or needle in node.label.lower() or needle in node.value_text().lower():
        return True
    attributes = getattr(node.payload, "attributes", None) or {}
    return any(needle in f"{name}\t{value}".lower() for name, value in attributes.items())


def filter_rows(tree: QTreeView, needle: str, parent: QModelIndex | None = None) -> None:
    """Hides the results (features, pixels, catalog items) that do not match `needle`; services and layers stay."""
    model, parent = tree.model(), parent if parent is not None else QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        node = model.node(index)
        if node.kind in (FEATURE, CATALOG_ITEM, PIXEL):
            tree.setRowHidden(row, parent, not matches(node, needle))
        elif node.kind in (SERVICE, LAYER, CATALOG):
            filter_rows(tree, needle, index)
