"""``radviz report SESSION.json --out report.pdf``: the app's report, made headless."""
from __future__ import annotations

import os

from radviz.errors import InputError

__all__ = ["run_report", "ensure_gui_application"]


def ensure_gui_application():
    """A QGuiApplication for fonts and the PDF writer; offscreen when there is no display."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([])


def run_report(args) -> int:
    from radviz.body import default_body, load_body
    from radviz.drawing import Drawing
    from radviz.engine import get_engine
    from radviz.report import build_report
    from radviz.session import load_session
    from radviz.shape import body_with_shape

    body = default_body()
    state = load_session(args.session, body)
    if state.mesh:
        body = load_body(args.session.parent / state.mesh)
    if state.shape and state.shape != "neutral":
        body = body_with_shape(body, state.shape)
        state = load_session(args.session, body)
    engine = get_engine(body, state.map_name)
    drawing = Drawing(body.n_vertices)
    state.apply_drawing(drawing)
    if args.out.suffix.lower() != ".pdf":
        raise InputError("--out", str(args.out), "the report is a PDF: give a file name ending in .pdf")
    app = ensure_gui_application()  # kept alive while writing
    from radviz.qt.report_pdf import write_pdf

    content = build_report(engine, drawing, state.findings, shape=state.shape, notes=state.notes)
    write_pdf(content, args.out)
    del app
    for warning in state.warnings:
        print(f"note: {warning}")
    print(f"wrote {args.out}")
    return 0
