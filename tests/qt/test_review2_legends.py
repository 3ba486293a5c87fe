"""The Roots and Nerves browsers' legends: every zone colour is a framed square, so even the pale
'some people' lilac stands out from the grey panel (WCAG non-text contrast: 3 to 1 or more)."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from radviz import colors


def _pixels(widget) -> np.ndarray:
    """(h, w, 3) uint8 RGB of what the widget shows."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :3 * image.width()].reshape(image.height(), image.width(), 3).copy()


def _luminance(rgb: np.ndarray) -> float:
    c = np.asarray(rgb, dtype=float) / 255.0
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(c @ [0.2126, 0.7152, 0.0722])


def _contrast(a, b) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _outline(img: np.ndarray, rgb) -> np.ndarray:
    """The pixels just outside the block painted in ``rgb`` (its frame, if it has one)."""
    ys, xs = np.nonzero(np.abs(img.astype(int) - np.rint(np.asarray(rgb) * 255)).max(axis=2) <= 2)
    assert len(ys) >= 9, f"colour {rgb} not painted"
    top, bottom, left, right = ys.min() - 1, ys.max() + 1, xs.min() - 1, xs.max() + 1
    return np.concatenate([img[top, left:right + 1], img[bottom, left:right + 1],
                           img[top:bottom + 1, left], img[top:bottom + 1, right]])


def _browser(qtbot, kind: str):
    if kind == "roots":
        from radviz.qt.panels import RootBrowser as Browser
    else:
        from radviz.qt.layers_ui import NerveBrowser as Browser
    browser = Browser()
    qtbot.addWidget(browser)
    browser.resize(320, 400)
    browser.show()
    qtbot.waitExposed(browser)
    return browser


@pytest.mark.parametrize("kind", ["roots", "nerves"])
def test_every_legend_colour_has_a_frame_that_stands_out_from_the_panel(qtbot, kind):
    browser = _browser(qtbot, kind)
    img = _pixels(browser.legend)
    panel = np.array(browser.palette().window().color().getRgb()[:3])
    pale = 0
    for rgb, text in browser.legend.entries:
        if _contrast(rgb * 255, panel) >= 3.0:
            continue  # dark enough alone (the key point's black)
        pale += 1
        frame = np.median(_outline(img, rgb), axis=0)
        assert _contrast(frame, panel) >= 3.0, (text, frame, panel)
    assert pale  # a pale zone colour was checked (the some-people lilac, the nerve's faint edge)


def test_the_roots_legend_names_all_three_zones_and_the_key_point(qtbot):
    browser = _browser(qtbot, "roots")
    texts = [text for _, text in browser.legend.entries]
    assert texts == [text for _, text in colors.zone_swatches()] + ["key point"]
    pale = colors.zone_swatches()[2][0]
    panel = np.array(browser.palette().window().color().getRgb()[:3])
    assert _contrast(pale * 255, panel) < 1.5  # why the frame matters: the fill alone nearly vanishes


def test_the_reports_root_legend_frames_its_pale_swatches_too(qapp):
    from PySide6.QtGui import QColor, QPainter, QTextDocument

    from radviz.report import ReportContent, report_html

    zones = colors.zone_swatches()
    content = ReportContent(title="t", date="2026-12-02", disclaimer="", body="", map_title="", map_sources=[],
                            result=None, territory_title="L5, left side",
                            territory_legend=[(text, rgb) for rgb, text in zones])
    doc = QTextDocument()
    doc.setHtml(report_html(content))
    doc.setTextWidth(500)
    image = QImage(500, int(doc.size().height()) + 2, QImage.Format.Format_RGB888)
    image.fill(QColor("white"))
    painter = QPainter(image)
    doc.drawContents(painter)
    painter.end()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    img = rows[:, :3 * image.width()].reshape(image.height(), image.width(), 3)
    pale = zones[2][0]
    assert _contrast(pale * 255, [255, 255, 255]) < 1.5  # the some-people lilac alone vanishes on paper
    for rgb, text in zones:
        assert _contrast(np.median(_outline(img, rgb), axis=0), [255, 255, 255]) >= 3.0, text
