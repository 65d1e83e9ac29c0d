"""The legend as one picture (copied to the clipboard, saved as PNG): a title, each layer's heading and notes,
each entry's swatch at its real size with its label and values, as the dock shows them."""

from __future__ import annotations

from qgis.PyQt.QtCore import QRect, QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QTextOption

from ..app.legend import LegendSection
from .legend_model import GREYED, swatch_pixmap

PADDING = 10
GAP = 8  # between a swatch and its label, and between a label and its values
ROW_SPACING = 4
TEXT = QColor(20, 20, 20)


def legend_image(title: str, sections: list[LegendSection], scale: float = 0.0) -> QImage:
    """A white image exactly as large as the legend it shows."""
    body, bold, small = QFont(), QFont(), QFont()
    bold.setBold(True)
    small.setPointSizeF(max(body.pointSizeF() * 0.85, 6.0))
    title_font = QFont(bold)
    title_font.setPointSizeF(body.pointSizeF() * 1.2)
    fm_body, fm_bold, fm_small, fm_title = (QFontMetrics(f) for f in (body, bold, small, title_font))
    swatch_width = max((e.width for s in sections for e in s.entries), default=0)
    text_x = PADDING + swatch_width + GAP

    # One pass lays the legend out, a second paints it: the image gets the size of what it shows.
    lines: list[tuple] = []  # (kind, y, height, payload)
    y, width = PADDING, 0
    if title:
        lines.append(("title", y, fm_title.height(), title))
        width = max(width, PADDING + fm_title.horizontalAdvance(title))
        y += fm_title.height() + ROW_SPACING * 2
    for section in sections:
        if y > PADDING:
            y += ROW_SPACING
        greyed = section.out_of_scale(scale) or bool(section.hidden)
        lines.append(("heading", y, fm_bold.height(), (section.name, greyed)))
        width = max(width, PADDING + fm_bold.horizontalAdvance(section.name))
        y += fm_bold.height()
        notes = " · ".join(section.notes(scale))
        if notes:
            lines.append(("notes", y, fm_small.height(), notes))
            width = max(width, PADDING + fm_small.horizontalAdvance(notes))
            y += fm_small.height()
        y += ROW_SPACING
        for entry in section.entries:
            height = max(entry.height, fm_body.height())
            lines.append(("entry", y, height, (entry, greyed)))
            text_width = fm_body.horizontalAdvance(entry.label)
            if entry.values_text:
                text_width += GAP + fm_small.horizontalAdvance(entry.values_text)
            width = max(width, text_x + text_width)
            y += height + ROW_SPACING

    image = QImage(max(width + PADDING, 1), max(y + PADDING, 1), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for kind, top, height, payload in lines:
            row = QRect(0, top, image.width(), height)
            if kind == "title":
                _text(painter, title_font, TEXT, row.adjusted(PADDING, 0, 0, 0), payload)
            elif kind == "heading":
                name, greyed = payload
                _text(painter, bold, GREYED if greyed else TEXT, row.adjusted(PADDING, 0, 0, 0), name)
            elif kind == "notes":
                _text(painter, small, GREYED, row.adjusted(PADDING, 0, 0, 0), payload)
            else:
                entry, greyed = payload
                swatch_top = top + (height - entry.height) // 2
                painter.drawPixmap(PADDING, swatch_top, swatch_pixmap(entry))
                colour = GREYED if greyed else TEXT
                label_rect = row.adjusted(text_x, 0, 0, 0)
                _text(painter, body, colour, label_rect, entry.label)
                if entry.values_text:
                    values_x = text_x + fm_body.horizontalAdvance(entry.label) + GAP
                    _text(painter, small, GREYED, row.adjusted(values_x, 0, 0, 0), entry.values_text)
    finally:
        painter.end()
    return image


def _text(painter: QPainter, font: QFont, colour: QColor, rect: QRect, text: str) -> None:
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(QRectF(rect), text, QTextOption(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter))
