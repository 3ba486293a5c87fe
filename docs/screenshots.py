"""Regenerate the app screenshots in docs/ (run under a display: ``xvfb-run -a python docs/screenshots.py``).

Paints a classic L5 case through the window's own undo path, grabs the 3D view with the ranked
results, the 2D chart and the root browser, so the README shows what users see (the report's pages:
``docs/report_pictures.py``).
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.environ.setdefault("RADVIZ_CACHE", tempfile.mkdtemp(prefix="radviz-shots-"))
os.environ.setdefault("RADVIZ_RECOVERY", str(Path(tempfile.mkdtemp()) / "recovery"))
os.environ.setdefault("RADVIZ_ASK", "no")


def paint_case(window, regions, symptom="numbness"):
    """Paint vertices chosen by anatomical description, as one undoable stroke per region."""
    import numpy as np

    from radviz.anatomy import compute_coords
    from radviz.atlas.compiler import piece_mask
    from radviz.atlas.schema import Piece
    from radviz.qt.commands import PaintStroke

    coords = compute_coords(window.body)
    rng = np.random.default_rng(3)
    for region in regions:
        piece = Piece(segments=(region["segment"],), t=region.get("t"), angle=region.get("angle"))
        idx = np.flatnonzero(piece_mask(piece, coords, window.body) & (window.body.side > 0))
        stroke = PaintStroke(window.drawing, window.body, symptom, 0.3, 7)
        stroke.add(rng.choice(idx, size=min(6, len(idx)), replace=False))
        window.undo_stack.push(stroke)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    from radviz.qt.main_window import MainWindow

    window = MainWindow()
    window.resize(1500, 950)
    window.show()
    app.processEvents()
    paint_case(window, [dict(segment="leg", t=(0.35, 0.9), angle=(40, 100)),
                        dict(segment="foot", t=(0.4, 0.9), angle=(340, 30))])
    for movement in ("great_toe_extension", "hip_abduction", "ankle_inversion"):
        window.request_finding("motor", "left", movement, "weak")
    window.results.table.selectRow(0) if hasattr(window.results, "table") else None
    top = window.last_result.roots[0]
    window.show_root(top.root, top.side)
    window.view.set_view("anterior")
    window.docks["results"].raise_()
    for _ in range(5):
        app.processEvents()
    window.view.plotter.render()
    window.grab().save(str(HERE / "app_l5.png"))
    chart = getattr(window, "chart_switch", None)
    if chart is not None:
        chart.show_chart(True)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(HERE / "app_chart.png"))
        chart.show_chart(False)
    window.close()  # the report pages: docs/report_pictures.py
    print("wrote", sorted(p.name for p in HERE.glob("*.png")))


if __name__ == "__main__":
    main()
