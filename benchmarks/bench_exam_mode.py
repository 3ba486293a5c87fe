"""Exam mode: what one click on a key point costs before the body can redraw, in-process.

Run: ``.venv/bin/python benchmarks/bench_exam_mode.py`` (a few seconds; no display needed).
One edit is: the new exam (``ExamState.with_values``), its classification, and the body's picture
(:func:`radviz.scene.picture_for` with the exam shown: every dermatome coloured, sensory levels
labelled).  The window then uploads the colours; that part is the 3D view's (``bench_click.py``).
Then the Exam panel's refresh after an edit (sensory grid, muscles, classification, steps), on Qt's
offscreen platform.  Times are CPU time of this process (``time.process_time``), so other work on a
shared machine does not count; the load average is printed beside them.
Target: under 50 ms per edit, so a click feels immediate on a slow machine.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from radviz.body import default_body  # noqa: E402
from radviz.isncsci.levels import MOTOR_LEVELS, SENSORY_LEVELS  # noqa: E402
from radviz.scene import picture_for  # noqa: E402
from radviz.state import AppState, Shown  # noqa: E402

TARGET_MS = 50.0


def main() -> None:
    state = AppState(default_body(), "lee2008")
    state.show(Shown("exam"))
    picture_for(state)  # warm: atlas and key points compiled once per body
    times = []
    for k, level in enumerate(SENSORY_LEVELS * 2):
        side, value = ("left", "right")[k % 2], ("0", "1", "NT", "2")[k % 4]
        start = time.process_time()
        state.exam.replace(state.exam.with_values([(side, "lightTouch", level, value),
                                                   (side, "pinPrick", level, value)]))
        state.exam.classification
        picture_for(state)
        times.append(1000 * (time.process_time() - start))
    panel = _panel_refresh_ms(state)
    median, worst = statistics.median(times), max(times)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"exam edit -> classification -> picture: median {median:.1f} ms, worst {worst:.1f} ms CPU "
          f"over {len(times)} edits (target < {TARGET_MS:.0f} ms; load average {load:.1f})")
    print(f"exam panel refresh after an edit: median {statistics.median(panel):.1f} ms, "
          f"worst {max(panel):.1f} ms CPU over {len(panel)} edits")
    print("OK" if median + statistics.median(panel) < TARGET_MS else "SLOWER THAN TARGET")


def _panel_refresh_ms(state) -> list[float]:
    """CPU ms of the Exam panel's refresh (the app's own :class:`ExamPanel`) after each of a run of edits."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from radviz.qt.exam.panel import ExamPanel

    app = QApplication.instance() or QApplication([])
    panel = ExamPanel(state.exam)
    times = []
    for k, level in enumerate(SENSORY_LEVELS):
        state.exam.replace(state.exam.with_values([("right", "motor" if level in MOTOR_LEVELS else "pinPrick",
                                                    level, ("0", "1", "NT")[k % 3])]))
        start = time.process_time()
        panel.refresh()
        times.append(1000 * (time.process_time() - start))
    app.processEvents()
    return times


if __name__ == "__main__":
    main()
