"""Lay out a report's content as a PDF with Qt's own PDF writer (text stays real, selectable text).

The HTML flows over A4 pages; every page gets a foot line naming the report (patient and date) and
"Page k of n", drawn in a band kept free below the text.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument,
                           QTextCursor, QTextFormat)

from radviz.errors import OutputError
from radviz.files import write_atomic
from radviz.report import ReportContent, report_html

__all__ = ["write_pdf", "numpy_to_qimage", "page_label"]

_FOOT = 22.0  # height of the foot band, in 96-dpi pixels (HTML units)
_KEEP = 90.0  # a heading this close to a page's foot moves to the next page with its text


def numpy_to_qimage(image: np.ndarray) -> QImage:
    rgb = np.ascontiguousarray(image[:, :, :3])
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def page_label(k: int, n: int) -> str:
    return f"Page {k} of {n}"


def _document(content: ReportContent) -> QTextDocument:
    doc = QTextDocument()
    names = []
    for k, chart in enumerate(content.charts):
        name = f"chart{k}.png"
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), numpy_to_qimage(chart.image))
        names.append(name)
    doc.setHtml(report_html(content, names))
    return doc


def _keep_headings_with_text(doc: QTextDocument, height: float) -> None:
    """Move a heading that would end a page to the next one, so it stays above its text."""
    layout, block = doc.documentLayout(), doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if fmt.headingLevel() and block.next().isValid():
            top = layout.blockBoundingRect(block).top()
            if height - (top % height) < _KEEP:
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).setBlockFormat(fmt)  # later blocks move down before they are measured
        block = block.next()
    doc.markContentsDirty(0, doc.characterCount())  # lay out again from the top (lists too)


def _foot(painter: QPainter, content: ReportContent, k: int, n: int, width: float, top: float) -> None:
    font = QFont("sans-serif")
    font.setPointSizeF(7.5)
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.darkGray)
    painter.drawLine(0, int(top + 4), int(width), int(top + 4))
    band = QRectF(0, top + 6, width, _FOOT - 6)
    painter.drawText(band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, content.footer)
    painter.drawText(band, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, page_label(k, n))


def write_pdf(content: ReportContent, path: str | Path) -> Path:
    """Write the report to ``path`` (A4, paginated, numbered) through the one atomic writer: the PDF
    is made in memory, then written, checked, fsynced and renamed, so a full disk keeps the old file."""
    path = Path(path)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 12, 15, 10), QPageLayout.Unit.Millimeter))
    writer.setResolution(150)
    writer.setTitle(content.title)
    writer.setCreator("radviz")
    doc = _document(content)
    painter = QPainter(writer)
    try:
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        scale = writer.resolution() / 96.0  # HTML sizes are in 96-dpi pixels
        width, full = page.width() / scale, page.height() / scale
        doc.setPageSize(QSizeF(width, full - _FOOT))
        _keep_headings_with_text(doc, doc.pageSize().height())
        painter.scale(scale, scale)
        height, n = doc.pageSize().height(), doc.pageCount()
        for k in range(n):
            if k:
                writer.newPage()
            painter.save()
            painter.translate(0, -k * height)
            doc.drawContents(painter, QRectF(0, k * height, width, height))
            painter.restore()
            _foot(painter, content, k + 1, n, width, height)
    finally:
        finished = painter.end()
    data = bytes(buffer.data())
    if not finished or not data:
        raise OutputError(path, "the PDF could not be drawn; nothing was changed")
    return write_atomic(path, data)
