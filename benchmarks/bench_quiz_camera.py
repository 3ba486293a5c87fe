"""How long a case question takes to choose its camera (:func:`radviz.visibility.view_showing`).

The choice runs once per question, on the click that shows it, so it must not be felt: the target
is 20 ms on the shipped body.  Prints the median and the slowest of many real case questions.

    .venv/bin/python benchmarks/bench_quiz_camera.py [--n 40]
"""
from __future__ import annotations

import argparse
import time

import numpy as np

TARGET_MS = 20.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="case questions to time")
    n = parser.parse_args().n
    from radviz import teach
    from radviz.atlas import DEFAULT_MAP
    from radviz.body import default_body
    from radviz.engine import get_engine
    from radviz.visibility import view_showing

    engine = get_engine(default_body(), DEFAULT_MAP)
    cases = [teach.Quiz(("case",), 1, seed, engine=engine).current.case for seed in range(n)]
    times = []
    for case in cases:
        start = time.perf_counter()
        view_showing(engine.body, case.vertices, case.values)
        times.append(1000 * (time.perf_counter() - start))
    print(f"camera for a case question ({engine.body.n_vertices:,} vertices, {n} cases): "
          f"median {np.median(times):.1f} ms, slowest {max(times):.1f} ms (target {TARGET_MS:.0f} ms)")


if __name__ == "__main__":
    main()
