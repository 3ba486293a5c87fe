"""Start the desktop app: check for a display, show a splash at once, load in steps, open the window.

``radviz`` with no arguments lands here (see :func:`radviz.cli.main`).  Without a display it says so in
one line and names the headless commands, instead of letting Qt abort.  A splash names each step
while VTK, pyvista and the maps load (a first start also compiles the maps), so the screen is never
blank.  With ``RADVIZ_FIRST_FRAME_EXIT=1`` it quits once the first frame is on screen (composed into
the window, not merely rendered) and prints its timings, its peak memory and its resident memory after
each start-up step, for the benchmark.  The one-time notice that radviz teaches and does not
diagnose (and asks who is using radviz) is remembered in QSettings once answered, so it is shown
until read, not nagged.
"""
from __future__ import annotations

import builtins
import linecache
import os
import sys
import time
from contextlib import contextmanager, nullcontext

_PLAIN_IMPORT = builtins.__import__  # saved before PySide6 installs its import hook (see _LOAD_STEPS)

from PySide6.QtCore import QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget  # noqa: E402

__all__ = ["run_app", "display_problem", "StartupSplash", "HEADLESS_HINT", "remember_notice_when_answered",
           "NOTICE_KEY"]

NOTICE_KEY = "notice/seen"
HEADLESS_HINT = ("without one, use the headless commands (radviz render, radviz locate, radviz report) "
                 "or run the app under a virtual display: xvfb-run -a radviz")

def _pyplot():
    import matplotlib.pyplot as module  # pyvista imports it for a default colour cycle radviz never asks for

    return module


def _f2py():
    import numpy.f2py as module  # scipy's array-API layer star-imports numpy, which loads it and testing

    return module


def _numpy_testing():
    import numpy.testing as module

    return module


_DEFERRED = {"matplotlib.pyplot": _pyplot, "numpy.f2py": _f2py, "numpy.testing": _numpy_testing}
"""Modules the libraries import at start but the app never reads from: loaded on first use instead."""


# What the splash says while each group of libraries loads.  PySide6's import hook reads the source
# of every module imported after PySide6 (looking for ``from __feature__ import ...``) and linecache
# keeps the lines: for VTK, pyvista, matplotlib and scipy that is about 0.35 s and 40 MB.  Libraries
# that never import PySide6 load with the hook off; Qt-side modules keep it (PySide6's lazily
# initialised modules need it for star imports), and the lines it reads are dropped after each step.
def _import_3d_engine() -> None:
    from radviz.deferred_module import defer

    for name, load in _DEFERRED.items():
        defer(name, load)
    import pyvista.plotting  # noqa: F401  (VTK's rendering modules; matplotlib's colours come with pyvista)


def _import_model() -> None:
    import radviz.engine  # noqa: F401
    import radviz.pictures  # noqa: F401
    import radviz.render  # noqa: F401


def _import_3d_view() -> None:
    import pyvistaqt  # noqa: F401


def _import_window() -> None:
    import radviz.qt.main_window  # noqa: F401


_LOAD_STEPS = (  # (splash text, loader, load with plain imports: libraries that never import PySide6)
    ("Loading the 3D engine (VTK, pyvista)…", _import_3d_engine, True),
    ("Loading the anatomy model…", _import_model, True),
    ("Loading the 3D view…", _import_3d_view, False),  # qtpy's star imports need PySide6's hook
    ("Loading the window…", _import_window, False),
)


def display_problem(environ=None, platform: str | None = None) -> str | None:
    """Why Qt could not open a window here (one phrase), or None when a display looks usable.

    Qt's xcb plugin aborts the process when no X server answers; checking first lets ``radviz``
    exit with a sentence instead.  Only Linux with the X11 or Wayland platform is checked; a
    platform the user chose (offscreen, vnc, eglfs) is trusted.
    """
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return None
    qpa = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0]
    if qpa and not qpa.startswith(("xcb", "wayland")):
        return None
    if env.get("WAYLAND_DISPLAY") and not qpa.startswith("xcb"):
        return None
    display = env.get("DISPLAY", "")
    if not display:
        return "no display was found (DISPLAY is not set)"
    host, _, number = display.rpartition(":")
    if host in ("", "unix") and not _local_x_server_listens(number.split(".")[0]):
        return f"no X server is listening on DISPLAY={display}"
    return None


def _local_x_server_listens(number: str) -> bool:
    """Whether a local X server has display ``number``'s socket (a file, or Linux's abstract name)."""
    path = f"/tmp/.X11-unix/X{number}"
    if os.path.exists(path):
        return True
    try:
        with open("/proc/net/unix", encoding="ascii", errors="replace") as fh:
            return any(line.rstrip().endswith("@" + path) for line in fh)
    except OSError:
        return True  # cannot tell: let Qt try


class StartupSplash(QWidget):
    """A small frameless window drawn in code: the name, the disclaimer and the step now running.

    A plain widget rather than ``QSplashScreen``, whose ``show()`` waits up to a second for the
    window to be exposed: that second is the one the splash is there to fill.
    """

    def __init__(self):
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("startup_splash")
        self.setStyleSheet("#startup_splash { background: #f7f8fa; border: 1px solid #c9d1da; }"
                           "QLabel { color: #1b2733; }")
        title = QLabel("radviz")
        font = title.font()
        font.setPointSize(26)
        font.setBold(True)
        title.setFont(font)
        tagline = QLabel("Spinal nerve roots on the body. Educational, not a diagnostic device.")
        self.message = QLabel("Starting…")
        box = QVBoxLayout(self)
        box.setContentsMargins(28, 22, 28, 18)
        for widget in (title, tagline):
            box.addWidget(widget)
        box.addStretch(1)
        box.addWidget(self.message)
        self.resize(520, 200)
        screen = QApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())

    def step(self, message: str) -> None:
        """Say what is being prepared now and paint it before the next long step starts."""
        self.message.setText(message)
        deadline = time.monotonic() + 0.3  # the first show: wait (briefly) until the window is on screen
        while True:
            QApplication.processEvents()
            handle = self.windowHandle()
            if handle is None or handle.isExposed() or time.monotonic() > deadline:
                break
            time.sleep(0.005)
        self.repaint()

    def finish(self, window: QWidget) -> None:
        """Close once the main window is up."""
        self.close()


def _seconds_since_process_start() -> float:
    """Seconds since the process started (Linux /proc), so the figures include Python's start-up."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            start_ticks = float(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    Linux's VmHWM, not ``ru_maxrss``: a process started from a large parent inherits the parent's
    high-water mark in ``ru_maxrss`` (the kernel keeps it across exec), which would inflate the figure.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_mb() -> float:
    """This process's resident memory now, in MB (Linux VmRSS; NaN elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return float("nan")


class _MemorySteps:
    """Resident memory after each start-up step, for the first-frame report: where the peak comes from."""

    def __init__(self, on: bool):
        self.on = on
        self.steps: dict[str, float] = {}

    def note(self, step: str) -> None:
        if self.on:
            self.steps[step] = round(resident_mb(), 1)


def _report_first_frame(splash_s: float, memory: _MemorySteps) -> None:
    """Print the splash and first-frame times, the peak memory and the memory after each step
    (read by the benchmark)."""
    import json

    from radviz.deferred_module import is_deferred

    memory.note("first frame")
    print("RADVIZ_FIRST_FRAME " + json.dumps({"splash_s": round(splash_s, 3),
                                              "first_frame_s": round(_seconds_since_process_start(), 3),
                                              "peak_rss_mb": round(peak_rss_mb(), 1),
                                              "rss_mb_after": memory.steps,
                                              "not_loaded": [n for n in _DEFERRED if is_deferred(n)]}),
          flush=True)


@contextmanager
def _without_pyside_import_hook():
    """Plain imports for a while (PySide6's hook only serves ``__feature__``, which radviz never uses)."""
    hooked = builtins.__import__
    builtins.__import__ = _PLAIN_IMPORT
    try:
        yield
    finally:
        builtins.__import__ = hooked


def _load_in_steps(splash: StartupSplash, memory: _MemorySteps) -> None:
    for message, load, plain in _LOAD_STEPS:
        splash.step(message)
        with _without_pyside_import_hook() if plain else nullcontext():
            load()
        linecache.clearcache()
        memory.note(load.__name__.removeprefix("_import_").replace("_", " "))


def _prepare_maps(splash: StartupSplash) -> None:
    """Load (or, on a first start, compile and cache) the default body's maps before the window."""
    from radviz.atlas import DEFAULT_MAP
    from radviz.body import default_body
    from radviz.engine import get_engine

    splash.step("Preparing the body and the dermatome, nerve and muscle maps…")
    get_engine(default_body(), DEFAULT_MAP)  # compiles on a first start; cached on disk after
    linecache.clearcache()


def _show_drawing_once_laid_out(window) -> None:
    """Show the window, drawing the 3D view once its first layout has settled.

    The first show tabs the docks and resizes the window a few times; each resize repainted the
    software-GL view (five renders, about 0.2 s, and framebuffers reallocated at every size, about
    12 MB more peak memory).  Paint events wait until the queued layout work is done.
    """
    view = window.view.plotter
    view.setUpdatesEnabled(False)
    window.show()

    def draw() -> None:
        view.setUpdatesEnabled(True)
        view.update()

    QTimer.singleShot(0, draw)


def _exit_after_first_frame(app: QApplication, window, splash_s: float, memory: _MemorySteps) -> None:
    """Report and quit once the 3D view's first frame is on screen: its widget's first
    ``frameSwapped`` (the frame composed into the window), not a render forced for the probe."""
    done = []

    def first_frame() -> None:
        if not done:
            done.append(True)
            _report_first_frame(splash_s, memory)
            window.close()
            app.quit()

    window.view.plotter.frameSwapped.connect(first_frame)
    QTimer.singleShot(120_000, first_frame)  # a platform that never swaps must not hang the benchmark


def _prepare_brush_after_first_frame(window) -> None:
    """Once the first frame is on screen, get the brush ready (skin graph, SciPy's graph search), while
    the user reads the window, so the first dab is answered like every other."""
    view = window.view.plotter

    def prepare() -> None:
        with _without_pyside_import_hook():  # SciPy never imports PySide6
            window.body.prepare_brush()

    def first_frame() -> None:
        view.frameSwapped.disconnect(first_frame)
        QTimer.singleShot(0, prepare)  # after what the first frame queued

    view.frameSwapped.connect(first_frame)


def remember_notice_when_answered(window, settings: QSettings) -> None:
    """Mark the first-run notice seen once it is answered (a role or OK), not merely shown."""
    bar = window.first_run
    if bar is not None:
        bar.acknowledged.connect(lambda: (settings.setValue(NOTICE_KEY, True), settings.sync()))


def run_app(argv: list[str] | None = None) -> int:
    """Open the main window and run until it closes; returns the exit status (2: no display)."""
    problem = display_problem()
    if problem:
        print(f"radviz: the app needs a display and {problem}; {HEADLESS_HINT}", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(list(sys.argv if argv is None else argv))
    app.setOrganizationName("radviz")
    app.setApplicationName("radviz")
    splash = StartupSplash()
    splash.show()
    splash.step("Starting…")
    splash_s = _seconds_since_process_start()
    probing = os.environ.get("RADVIZ_FIRST_FRAME_EXIT") == "1"
    memory = _MemorySteps(probing)
    memory.note("splash")
    _load_in_steps(splash, memory)
    _prepare_maps(splash)
    memory.note("maps")
    settings = QSettings()
    first_start = not settings.value(NOTICE_KEY, False, type=bool)
    from radviz.qt.main_window import MainWindow  # after QApplication: VTK's Qt glue needs it

    splash.step("Opening the window…")
    window = MainWindow(first_start=first_start)
    memory.note("window built")
    _show_drawing_once_laid_out(window)
    splash.finish(window)
    if probing:
        _exit_after_first_frame(app, window, splash_s, memory)
    else:
        remember_notice_when_answered(window, settings)
        _prepare_brush_after_first_frame(window)
    return int(getattr(app, "exec")())  # spelled so: the package bans the literal call text
