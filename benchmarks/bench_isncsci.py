"""ISNCSCI classification speed: exams classified per second, in-process.

Run: ``.venv/bin/python benchmarks/bench_isncsci.py`` (about half a minute; no display needed).
The exams are generated like a clinic's: an injury level per side anywhere from C2 to S3, complete or
incomplete (sacral sparing, VAC), partial preservation below, some key muscles graded 1-4; one exam in
ten has one to three NT values and one in twenty a non-SCI mark.  Each exam goes through the same
public path the CLI uses (``classify(parse_exam(data))``) and, separately, ``classify`` and
``parse_exam`` alone; then the plain exams (one grade a value, no marks: integer walks,
radviz/isncsci/plain.py) and the others (the constraint engine) apart.
Target: >= 10,000 exams per second (EMSCI's compiled calculator reports about 200,000).
"""
from __future__ import annotations

import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from radviz.isncsci import classify, parse_exam  # noqa: E402
from radviz.isncsci.levels import INDEX, MOTOR_LEVELS, SENSORY_LEVELS  # noqa: E402
from radviz.isncsci.plain import plain_grades  # noqa: E402

TARGET = 10_000


def clinic_exam(rng: random.Random) -> dict:
    """One plausible exam: normal down to an injury level, impaired or absent below it."""
    level = rng.choice(SENSORY_LEVELS[:-1])
    incomplete = rng.random() < 0.5

    def side():
        lv = INDEX[level] + rng.choice((0, 0, 0, 1, -1))
        below_sens = ("0", "1") if incomplete else ("0", "0", "0", "1")
        sens = {k: "2" if INDEX[k] <= lv else rng.choice(below_sens) for k in SENSORY_LEVELS}
        motor = {k: "5" if INDEX[k] <= lv else rng.choice(("0", "0", "1", "3", "4") if incomplete else ("0",))
                 for k in MOTOR_LEVELS}
        first_below = next((k for k in MOTOR_LEVELS if INDEX[k] > lv), None)
        if first_below:
            motor[first_below] = rng.choice(("0", "2", "3", "4"))
        pp = {k: v if rng.random() < 0.8 else rng.choice(below_sens) for k, v in sens.items()}
        if incomplete:
            pp["S4_5"] = rng.choice(("1", "2"))
        return {"motor": motor, "lightTouch": sens, "pinPrick": pp}

    data = {"right": side(), "left": side(),
            "voluntaryAnalContraction": "Yes" if incomplete and rng.random() < 0.5 else "No",
            "deepAnalPressure": "Yes" if incomplete and rng.random() < 0.7 else "No"}
    if rng.random() < 0.1:
        for _ in range(rng.randint(1, 3)):
            s, kind = rng.choice(("right", "left")), rng.choice(("motor", "lightTouch", "pinPrick"))
            data[s][kind][rng.choice(list(data[s][kind]))] = "NT"
    if rng.random() < 0.05:
        s = rng.choice(("right", "left"))
        k = rng.choice(SENSORY_LEVELS[:8])
        data[s]["lightTouch"][k] = rng.choice(("1**", "0*", "1*"))
    return data


def rate(fn, items, seconds: float = 3.0) -> tuple[float, float]:
    """(per wall-clock second, per CPU second): best of repeated passes until ``seconds`` have gone by.
    The CPU rate is the fairer one on a shared machine; both are printed."""
    best_wall = best_cpu = 0.0
    spent = 0.0
    while spent < seconds:
        wall, cpu = time.perf_counter(), time.process_time()
        for item in items:
            fn(item)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        spent += wall
        best_wall = max(best_wall, len(items) / wall)
        best_cpu = max(best_cpu, len(items) / max(cpu, 1e-9))
    return best_wall, best_cpu


def main() -> None:
    rng = random.Random(19)
    raw = [clinic_exam(rng) for _ in range(5000)]
    exams = [parse_exam(d) for d in raw]
    with_nt = [e for e, d in zip(exams, raw) if "NT" in str(d)]
    without = [e for e, d in zip(exams, raw) if "NT" not in str(d)]
    plain = [e for e in exams if plain_grades(e) is not None]
    engine = [e for e in exams if plain_grades(e) is None]
    print(f"ISNCSCI classification, Python {platform.python_version()}, {platform.machine()}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'what':46s} {'exams/s':>10s} {'per CPU s':>10s} {'target':>10s}")
    rows = [("classify, clinic mix (5,000 exams)", rate(classify, exams)),
            ("parse + classify, clinic mix (as the CLI)", rate(lambda d: classify(parse_exam(d)), raw)),
            ("parse_exam alone, clinic mix", rate(parse_exam, raw)),
            (f"classify, exams without NT ({len(without)})", rate(classify, without)),
            (f"classify, exams with 1-3 NT ({len(with_nt)})", rate(classify, with_nt)),
            (f"classify, plain exams ({len(plain)}: integer walks)", rate(classify, plain)),
            (f"classify, NT or marks ({len(engine)}: the engine)", rate(classify, engine))]
    for name, (wall, cpu) in rows:
        print(f"{name:46s} {wall:10,.0f} {cpu:10,.0f} {TARGET:>10,d}{'' if cpu >= TARGET else '  (below target)'}")
    every_nt = {"motor": {k: "NT" for k in MOTOR_LEVELS}, "lightTouch": {k: "NT" for k in SENSORY_LEVELS},
                "pinPrick": {k: "NT" for k in SENSORY_LEVELS}}
    worst = parse_exam({"right": every_nt, "left": every_nt, "voluntaryAnalContraction": "NT",
                        "deepAnalPressure": "NT"})
    start = time.perf_counter()
    classify(worst)
    print(f"{'every value NT (worst case), one exam':46s} {time.perf_counter() - start:9.2f} s")


if __name__ == "__main__":
    main()
