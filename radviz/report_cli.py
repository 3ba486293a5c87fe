"""``radviz report SESSION.json --out report.pdf``: the app's report, made headless.

``--patient``, ``--patient-id``, ``--birth-date``, ``--clinician``, ``--notes`` and ``--date`` fill
the report's header; each given one replaces what the session holds (the session file is not
changed), and a field left empty prints as a line to fill in by hand.

Problems in the session are reported against the session's own keys (``map.name``,
``body.shape``, ``body.mesh``), never as command-line options.  The PDF is written through
:func:`radviz.files.write_atomic`: a failed write keeps the old report.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from radviz.errors import InputError
from radviz.files import short

__all__ = ["run_report", "ensure_gui_application", "session_body", "add_report_options", "report_fields"]

_FIELD_OPTIONS = (("patient", "NAME", "the patient's name"), ("patient_id", "ID", "the patient's identifier"),
                  ("birth_date", "YYYY-MM-DD", "the patient's date of birth"),
                  ("clinician", "NAME", "the clinician's name"))


def _one_line(what: str, limit: int):
    def parse(text: str) -> str:
        if len(text) > limit:
            raise argparse.ArgumentTypeError(f"{what} is at most {limit} characters, got {len(text)}")
        return text.strip()
    return parse


def _date(text: str) -> str:
    from radviz.visits import check_date

    try:
        return check_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_report_options(parser) -> None:
    """The header options of ``radviz report``; each replaces the session's field when given."""
    from radviz.report_fields import MAX_FIELD_CHARS, MAX_NOTES_CHARS

    for key, metavar, what in _FIELD_OPTIONS:
        parser.add_argument(f"--{key.replace('_', '-')}", dest=key, metavar=metavar, help=what,
                            type=_date if key == "birth_date" else _one_line(what, MAX_FIELD_CHARS))
    parser.add_argument("--notes", type=_one_line("the notes", MAX_NOTES_CHARS), help="free-text notes")
    parser.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the report's date (default today)")


def report_fields(args, state):
    """The header fields and notes: the session's, with the options given on the command line."""
    from dataclasses import replace

    given = {key: getattr(args, key, None) for key, _, _ in _FIELD_OPTIONS}
    patient = replace(state.patient, **{k: v for k, v in given.items() if v is not None})
    notes = state.notes if getattr(args, "notes", None) is None else args.notes
    return patient, notes


def ensure_gui_application():
    """The Qt application fonts and the PDF writer need; offscreen when there is no display.

    A QApplication (not just a QGuiApplication): a process that writes a report and later opens a
    window, as the test suite and scripts do, would otherwise abort at its first widget."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


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
    patient, text = report_fields(args, state)
    content = build_report(engine, drawing, state.findings, shape=state.shape, notes=text,
                           visits=state.all_visits(), exam=exam, patient=patient,
                           date=getattr(args, "date", None), tone=state.view.get("tone", "fair"))
    write_pdf(content, args.out)  # made in memory, then one checked atomic write (old file kept on failure)
    del app
    for note in notes:
        print(f"note: {note}")
    print(f"wrote {args.out}")
    return 0
