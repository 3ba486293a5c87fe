"""Lay out a report's content as a PDF with Qt's own PDF writer (text stays real, selectable text)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from radviz.report import ReportContent, report_html

__all__ = ["write_pdf", "numpy_to_qimage"]


def numpy_to_qimage(image: np.ndarray) -> QImage:
    rgb = np.ascontiguousarray(image[:, :, :3])
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def write_pdf(content: ReportContent, path: str | Path) -> Path:
    """Write the report to ``path`` (A4, paginated); written to a temporary name, then renamed."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    writer = QPdfWriter(str(tmp))
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
        painter.end()
    tmp.replace(path)
    return path
