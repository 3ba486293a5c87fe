"""Lay out a report's content as a PDF with Qt's own PDF writer (text stays real, selectable text)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from radviz.errors import OutputError
from radviz.files import write_atomic
from radviz.report import ReportContent, report_html

__all__ = ["write_pdf", "numpy_to_qimage"]


def numpy_to_qimage(image: np.ndarray) -> QImage:
    rgb = np.ascontiguousarray(image[:, :, :3])
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def write_pdf(content: ReportContent, path: str | Path) -> Path:
    """Write the report to ``path`` (A4, paginated) through the one atomic writer: the PDF is made in
    memory, then written, checked, fsynced and renamed, so a full disk keeps the old file."""
    path = Path(path)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setResolution(150)
    writer.setTitle(content.title)
    writer.setCreator("radviz")
    doc = QTextDocument()
    names = []
    for k, (_, img) in enumerate(content.charts):
        name = f"chart{k}.png"
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), numpy_to_qimage(img))
        names.append(name)
    doc.setHtml(report_html(content, names))
    painter = QPainter(writer)
    try:
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        scale = writer.resolution() / 96.0  # HTML sizes are in 96-dpi pixels
        doc.setPageSize(QSizeF(page.width() / scale, page.height() / scale))
        painter.scale(scale, scale)
        height = doc.pageSize().height()
        for k in range(doc.pageCount()):
            if k:
                writer.newPage()
            painter.save()
            painter.translate(0, -k * height)
            doc.drawContents(painter, QRectF(0, k * height, doc.pageSize().width(), height))
            painter.restore()
    finally:
        finished = painter.end()
    data = bytes(buffer.data())
    if not finished or not data:
        raise OutputError(path, "the PDF could not be drawn; nothing was changed")
    return write_atomic(path, data)
