"""Exam mode: what one click on a key point costs before the body can redraw, in-process.

Run: ``.venv/bin/python benchmarks/bench_exam_mode.py`` (a few seconds; no display needed).
One edit is: the new exam (``ExamState.with_values``), its classification, and the body's picture
(:func:`radviz.scene.picture_for` with the exam shown: every dermatome coloured, sensory levels
labelled).  The window then uploads the colours; that part is the 3D view's (``bench_click.py``).
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
from radviz.isncsci.levels import SENSORY_LEVELS  # noqa: E402
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
        start = time.perf_counter()
        state.exam.replace(state.exam.with_values([(side, "lightTouch", level, value),
                                                   (side, "pinPrick", level, value)]))
        state.exam.classification
        picture_for(state)
        times.append(1000 * (time.perf_counter() - start))
    median, worst = statistics.median(times), max(times)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"exam edit -> classification -> picture: median {median:.1f} ms, worst {worst:.1f} ms "
          f"over {len(times)} edits (target < {TARGET_MS:.0f} ms; load average {load:.1f})")
    print("OK" if median < TARGET_MS else "SLOWER THAN TARGET")


if __name__ == "__main__":
    main()
