"""``radviz report SESSION.json --out report.pdf``: the app's report, made headless.

Problems in the session are reported against the session's own keys (``map.name``,
``body.shape``, ``body.mesh``), never as command-line options.  The PDF is written through
:func:`radviz.files.write_atomic`: a failed write keeps the old report.
"""
from __future__ import annotations

import os
from pathlib import Path

from radviz.errors import InputError
from radviz.files import short

__all__ = ["run_report", "ensure_gui_application", "session_body"]


def ensure_gui_application():
    """A QGuiApplication for fonts and the PDF writer; offscreen when there is no display."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([])


def _as_session_error(session: Path, place: str, exc: InputError) -> InputError:
    """An error from a loader, re-labelled with the session key the bad value came from."""
    if exc.source in ("--map", "--body", "--mesh"):  # the value itself is in ``exc.place``
        what = f"'{short(exc.place)}'"
    else:  # a file the session names: keep its name and the place inside it
        what = Path(exc.source).name + (f" {exc.place}" if exc.place else "")
    return InputError(session, place, f"{what}: {exc.reason}")


def session_body(session: Path, state):
    """The body a session was drawn on: its mesh (beside the session) and its shape."""
    from radviz.body import default_body, load_body
    from radviz.shape import body_with_shape

    body = default_body()
    if state.mesh:
        try:
            body = load_body(session.parent / state.mesh)
        except InputError as exc:
            raise _as_session_error(session, "body.mesh", exc) from None
    shape = state.shape or "neutral"
    if shape.startswith("file:"):  # a mesh opened from a file: the mesh itself is the shape
        return body
    try:
        return body_with_shape(body, shape)
    except InputError as exc:
        raise _as_session_error(session, "body.shape", exc) from None


def run_report(args) -> int:
    from radviz.atlas import DEFAULT_MAP, available_maps
    from radviz.body import default_body
    from radviz.drawing import Drawing
    from radviz.engine import get_engine
    from radviz.files import check_output_path
    from radviz.isncsci import parse_exam
    from radviz.report import build_report
    from radviz.session import load_session

    if args.out.suffix.lower() != ".pdf":
        raise InputError("--out", str(args.out), "the report is a PDF: give a file name ending in .pdf")
    check_output_path(args.out)  # before any work: a bad target costs nothing
    state = load_session(args.session, default_body())
    body = session_body(args.session, state)
    if body is not default_body():
        state = load_session(args.session, body)
    notes = list(state.warnings)
    map_name = state.map_name
    if map_name not in available_maps("dermatomes"):
        notes.append(f"the session's map '{map_name}' is not installed; the report uses {DEFAULT_MAP}")
        map_name = DEFAULT_MAP
    engine = get_engine(body, map_name)
    drawing = Drawing(body.n_vertices)
    state.apply_drawing(drawing)
    app = ensure_gui_application()  # kept alive while writing
    from radviz.qt.report_pdf import write_pdf

    exam = parse_exam(state.exam, str(args.session)) if state.exam is not None else None
    content = build_report(engine, drawing, state.findings, shape=state.shape, notes=state.notes,
                           visits=state.all_visits(), exam=exam)
    write_pdf(content, args.out)  # made in memory, then one checked atomic write (old file kept on failure)
    del app
    for note in notes:
        print(f"note: {note}")
    print(f"wrote {args.out}")
    return 0
