"""The legend as a two-level Qt model: a row per legend layer (name, type, scale range), its entries below.

Entries show their swatch at its real size (DecorationRole); pixmaps are made on demand, only for the rows the view
paints, so a legend of hundreds of entries scrolls smoothly.
"""

from __future__ import annotations

from typing import Any, Optional

from qgis.PyQt.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QSize, Qt
from qgis.PyQt.QtGui import QBrush, QColor, QFont, QFontMetrics, QPixmap

from ..app.legend import LegendEntry, LegendSection

GREYED = QColor(140, 140, 140)
ROW_PADDING = 4  # pixels around a swatch and its label
SECTION_ROLE = Qt.ItemDataRole.UserRole + 1  # the LegendSection of a row (its own, or its entry's)
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2  # the LegendEntry of an entry row, None on a section row


def tr(text: str) -> str:
    return QCoreApplication.translate("ArcGisLegend", text)


class LegendModel(QAbstractItemModel):
    COLUMNS = ("Legend", "Values")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.sections: list[LegendSection] = []
        self.scale = 0.0
        self._pixmaps: dict[tuple[int, int], QPixmap] = {}
        self._marker = object()
        self._metrics: Optional[QFontMetrics] = None
        self._rows: dict[int, int] = {}  # id(section) -> row

    # -- content ----------------------------------------------------------------------------------------------
    def set_sections(self, sections: list[LegendSection]) -> None:
        self.beginResetModel()
        self.sections = list(sections)
        self._rows = {id(section): row for row, section in enumerate(self.sections)}
        self._pixmaps.clear()
        self.endResetModel()

    def clear(self) -> None:
        self.set_sections([])

    def set_scale(self, scale: float) -> None:
        """The canvas's scale: out-of-scale layers are greyed and say so."""
        if scale == self.scale:
            return
        self.scale = scale
        for row in range(len(self.sections)):
            parent = self.index(row, 0)
            self.dataChanged.emit(parent, parent.siblingAtColumn(1))
            last = self.rowCount(parent) - 1
            if last >= 0:
                self.dataChanged.emit(self.index(0, 0, parent), self.index(last, 1, parent))

    def greyed(self, section: LegendSection) -> bool:
        return section.out_of_scale(self.scale) or bool(section.hidden)

    # -- QAbstractItemModel ---------------------------------------------------------------------------------
    # A section row's index points at the model's marker object; an entry row's at its section (both stay alive
    # as long as the model shows them, as internal pointers must).
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < len(self.COLUMNS):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, self._marker) if 0 <= row < len(self.sections) else QModelIndex()
        if parent.internalPointer() is not self._marker or not 0 <= row < len(self.sections[parent.row()].entries):
            return QModelIndex()
        return self.createIndex(row, column, self.sections[parent.row()])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid() or index.internalPointer() is self._marker:
            return QModelIndex()
        return self.createIndex(self._rows[id(index.internalPointer())], 0, self._marker)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.sections)
        if parent.internalPointer() is self._marker and parent.column() == 0:
            return len(self.sections[parent.row()].entries)
        return 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("Legend"), tr("Values"))[section]
        return None

    def section_of(self, index: QModelIndex) -> LegendSection:
        pointer = index.internalPointer()
        return self.sections[index.row()] if pointer is self._marker else pointer

    def entry_of(self, index: QModelIndex) -> Optional[LegendEntry]:
        pointer = index.internalPointer()
        return None if pointer is self._marker else pointer.entries[index.row()]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        section = self.section_of(index)
        entry = self.entry_of(index)
        column = index.column()
        if role == SECTION_ROLE:
            return section
        if role == ENTRY_ROLE:
            return entry
        if entry is None:
            return self._section_data(section, column, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return entry.label if column == 0 else entry.values_text
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._pixmap(index, entry)
        if role == Qt.ItemDataRole.SizeHintRole:
            return self._size_hint(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole and self.greyed(section):
            return QBrush(GREYED)
        return None

    def _section_data(self, section: LegendSection, column: int, role) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return section.name if column == 0 else " · ".join(section.notes(self.scale))
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([section.name, *section.notes(self.scale)])
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and self.greyed(section):
            return QBrush(GREYED)
        return None

    def _size_hint(self, entry: LegendEntry, column: int) -> QSize:
        # Said here, without the pixmap: a view lays out every row (scrollbars) but paints only those shown.
        if self._metrics is None:
            self._metrics = QFontMetrics(QFont())
        metrics = self._metrics
        height = max(entry.height, metrics.height()) + ROW_PADDING
        # The style's margins around the swatch and the text take about six paddings in all.
        if column == 0:
            return QSize(entry.width + 6 * ROW_PADDING + metrics.horizontalAdvance(entry.label), height)
        return QSize(metrics.horizontalAdvance(entry.values_text) + 4 * ROW_PADDING, height)

    def _pixmap(self, index: QModelIndex, entry: LegendEntry) -> QPixmap:
        key = (self._rows[id(index.internalPointer())], index.row())
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            pixmap = swatch_pixmap(entry)
            self._pixmaps[key] = pixmap
        return pixmap

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def swatch_pixmap(entry: LegendEntry) -> QPixmap:
    """The swatch at the size the legend gives it (an empty frame when the server sent no usable image)."""
    size = QSize(entry.width, entry.height)
    if entry.image is None:
        pixmap = QPixmap(size)
        pixmap.fill(QColor(0, 0, 0, 0))
        return pixmap
    image = entry.image
    if image.size() != size:
        image = image.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    return QPixmap.fromImage(image)
