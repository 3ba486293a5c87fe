"""Visits of one patient: step, save, open, compare, trends and the plot, with numbers beside targets.

A year of weekly drawings (``--n 52`` visits, each a few brush strokes) on the shipped body, through
the same calls the app and the report make.  Each step runs ``--repeat`` times and the fastest
counts (the machine is shared).  The targets are interactive ones: a step or a compare the user
waits for, a save that runs after every change (autosave), the trends a click away.

    .venv/bin/python benchmarks/bench_visits.py [--n 52] [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {"open a visit": 0.05, "save the session": 1.0, "open the session": 2.0, "compare two visits": 0.05,
           "trends (scores of every visit)": 2.0, "trend plot (PNG)": 1.5}


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def patient(n: int, seed: int = 0):
    from radviz.body import default_body
    from radviz.drawing import brush
    from radviz.state import AppState

    body = default_body()
    state = AppState(body, "lee2008")
    rng = np.random.default_rng(seed)
    state.set_visit_date(0, "2025-01-06")
    for k in range(n):
        if k:
            state.add_visit(str(np.datetime64("2025-01-06") + np.timedelta64(7 * k, "D")), copy_last=False)
        for _ in range(3):
            verts, values = brush(body, int(rng.integers(body.n_vertices)), 0.6, float(rng.uniform(2, 9)))
            state.drawing.paint(("pain", "numbness", "tingling")[k % 3], verts, values)
    return state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=52)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from radviz.session import SessionState, load_session, save_session
    from radviz.trend_plot import trend_png
    from radviz.visits import visit_trends

    state = patient(args.n)
    body, engine = state.body, state.engine
    folder = Path(tempfile.mkdtemp(prefix="radviz-bench-visits-"))
    path = folder / "patient.radviz.json"

    def save():
        save_session(path, SessionState(drawing=state.drawing.to_dict(), findings=state.findings,
                                        visits=state.stored_visits()), body)

    steps = iter(range(10**9))
    save()
    trend_png(visit_trends(state.stored_visits(), engine))  # matplotlib's import is not a plot
    measured = {
        "open a visit": _best(lambda: state.open_visit(next(steps) % args.n), args.repeat),
        "save the session": _best(save, args.repeat),
        "open the session": _best(lambda: load_session(path, body).all_visits(), args.repeat),
        "compare two visits": _best(lambda: state.visits.compare(0, args.n - 1, body), args.repeat),
        "trends (scores of every visit)": _best(lambda: visit_trends(state.stored_visits(), engine), args.repeat),
        "trend plot (PNG)": _best(lambda: trend_png(visit_trends(state.stored_visits(), engine)), args.repeat),
    }
    print(f"{args.n} visits, session file {path.stat().st_size / 1e6:.1f} MB")
    for name, seconds in measured.items():
        verdict = "ok" if seconds <= TARGETS[name] else "SLOW"
        print(f"{name:32s} {seconds * 1000:8.1f} ms   target {TARGETS[name] * 1000:6.0f} ms   {verdict}")
    path.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
