"""Shared fixtures (the shipped body and compiled maps, loaded once per session) and the display check.

The README's test command must pass on a machine without an X server.  Tests that need a real
OpenGL window (a pyvistaqt ``QtInteractor``: the ``main_window`` fixture or ``@pytest.mark.window``)
are then skipped with one reason; every other test runs, Qt widget tests on Qt's offscreen platform.
With an X server, or Xvfb on PATH (pytest-xvfb starts it), everything runs.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pytest

# Compiled atlases go to a cache private to this test run (never the user's cache), removed at the end.
_RUN_CACHE = None if "RADVIZ_CACHE" in os.environ else tempfile.mkdtemp(prefix="radviz-test-cache-")
if _RUN_CACHE:
    os.environ["RADVIZ_CACHE"] = _RUN_CACHE

WINDOW_FIXTURES = frozenset({"main_window"})
"""Fixtures that build a window with a real OpenGL view: tests using them are window tests."""

NO_WINDOWS = "no X server; install xvfb (apt-get install xvfb) to run them"
_window_problem: str | None = None  # set once per session in pytest_configure
_window_skips: list[str] = []


def _display_problem() -> str | None:
    """Why Qt cannot open X11 windows here, or None.  Probed in a subprocess: Qt's xcb plugin
    aborts the whole process when no X server answers, which must not happen to the test run."""
    if not sys.platform.startswith("linux"):
        return None
    display = os.environ.get("DISPLAY")
    if not display:
        return NO_WINDOWS
    probe = "from PySide6.QtGui import QGuiApplication; QGuiApplication(['probe', '-platform', 'xcb'])"
    try:
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return f"the X server on DISPLAY={display} does not answer; {NO_WINDOWS}"
    if out.returncode != 0:
        lines = [line for line in out.stderr.splitlines() if line.strip()]
        why = lines[0] if lines else f"exit status {out.returncode}"
        return f"Qt cannot open a window on DISPLAY={display} ({why}); {NO_WINDOWS}"
    return None


@pytest.hookimpl(trylast=True)  # after pytest-xvfb, which starts Xvfb and sets DISPLAY
def pytest_configure(config):
    global _window_problem
    config.addinivalue_line("markers", "window: needs a real OpenGL window (an X server or Xvfb)")
    _window_problem = _display_problem()
    if _window_problem and os.environ.get("RADVIZ_REQUIRE_WINDOWS") == "1":  # CI: skipping is failing
        raise pytest.UsageError(f"RADVIZ_REQUIRE_WINDOWS=1 but {_window_problem}")
    if _window_problem:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # widget tests run; xcb would abort the run


def pytest_report_header(config):
    if _window_problem:
        return f"windows: none ({_window_problem}); Qt widget tests run offscreen"
    return f"windows: X display {os.environ.get('DISPLAY', '(not X11)')}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if WINDOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.window)


def skip_window_test() -> None:
    """Skip the running test when this machine has no X server (one place: one reason line)."""
    if _window_problem:
        pytest.skip(_window_problem)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("window"):
        skip_window_test()


def pytest_runtest_logreport(report):
    if report.skipped and _window_problem and isinstance(report.longrepr, tuple) \
            and report.longrepr[2].endswith(_window_problem):
        _window_skips.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _window_skips:
        n = len(_window_skips)
        terminalreporter.write_line(f"{n} window test{'s' if n != 1 else ''} skipped: {_window_problem}")


@pytest.fixture(scope="session")
def window_problem() -> str | None:
    """Why this machine cannot open OpenGL windows (then window tests skip), or None."""
    return _window_problem


@pytest.fixture(scope="session")
def require_windows():
    """A function to call before building an OpenGL window: skips the test without an X server."""
    return skip_window_test


@pytest.fixture(scope="session")
def body():
    from radviz.body import default_body

    return default_body()


@pytest.fixture(scope="session")
def coords(body):
    from radviz.anatomy import compute_coords

    return compute_coords(body)


@pytest.fixture(scope="session")
def lee(body):
    from radviz.atlas import get_atlas

    return get_atlas(body, "lee2008")


@pytest.fixture(scope="session")
def engine(body):
    from radviz.engine import get_engine

    return get_engine(body, "lee2008")


def make_findings(side="left", weak=(), normal=(), reflexes=(), signs=()):
    """Findings on one side from test-style lists: weak and tested-normal movements, (reflex, state), signs."""
    from radviz.findings import Findings

    f = Findings()
    for m in weak:
        f.set_motor(side, m, "weak")
    for m in normal:
        f.set_motor(side, m, "normal")
    for r, state in reflexes:
        f.set_reflex(side, r, state)
    for s in signs:
        f.set_sign(s, True)
    return f


def region_points(body, coords, side="left", k=4, seed=0, **spec):
    """Base-frame points on skin described anatomically (segment, t, angle, digit, level).

    Tests describe clinical cases in anatomical words, independent of how the maps encode them.
    """
    from radviz.atlas.compiler import piece_mask
    from radviz.atlas.schema import Piece

    segs = spec.pop("segment")
    piece = Piece(segments=tuple(segs if isinstance(segs, list) else [segs]),
                  digits=tuple(spec["digit"]) if isinstance(spec.get("digit"), list) else
                  ((spec["digit"],) if "digit" in spec else None),
                  t=tuple(spec["t"]) if "t" in spec else None,
                  angle=tuple(spec["angle"]) if "angle" in spec else None,
                  level=tuple(spec["level"]) if "level" in spec else None)
    mask = piece_mask(piece, coords, body) & (body.side * (1 if side == "left" else -1) > 0)
    idx = np.flatnonzero(mask)
    assert len(idx), f"no skin matches {spec}"
    rng = np.random.default_rng(seed)
    chosen = rng.choice(idx, size=min(k, len(idx)), replace=False)
    return [body.vertices[v] for v in chosen]


def pytest_unconfigure(config):
    """Leave nothing behind in the temporary folder: the run's private atlas cache goes."""
    if _RUN_CACHE:
        shutil.rmtree(_RUN_CACHE, ignore_errors=True)
