"""``radviz cohort`` speed and memory: prints numbers beside the targets.

Target: 100,000 drawings (heat map and CSV) in under a minute on the CI-sized machine, with peak
memory that does not grow with the number of drawings (compare the sizes' peak RSS).  Each size is a
fresh process, so the times include start-up and engine load; the fastest of ``--repeat`` runs counts
(the machine is shared).

    .venv/bin/python benchmarks/bench_cohort.py [--sizes 1000 10000 100000] [--repeat 1]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 60.0
TARGET_SIZE = 100_000


_PATTERNS = (("L5", "left", "numbness"), ("S1", "right", "pain"), ("C6", "left", "tingling"),
             ("C7", "right", "tingling"), ("L4", "left", "pain"))


def write_cohort(path: Path, n: int, seed: int = 0) -> None:
    """``n`` drawings of 1-3 points, as a research export might hold them.

    Five in six are radicular-looking: points in the core of one root's dermatome (map weight at
    least 0.8; ``_PATTERNS``: L5, S1, C6, C7, L4 on stated sides); the rest are anywhere on the skin.  Lines
    carry ids, dates and groups, and some carry findings.
    """
    sys.path.insert(0, str(ROOT))
    from radviz.atlas import get_atlas
    from radviz.body import default_body

    body = default_body()
    atlas = get_atlas(body, "lee2008")
    rng = np.random.default_rng(seed)
    near = [np.flatnonzero(atlas.column_weights(root, side) >= 0.8) for root, side, _ in _PATTERNS]
    chance = [body.vertex_areas[v] / body.vertex_areas[v].sum() for v in near]  # even over the skin
    with path.open("w") as fh:
        for k in range(n):
            kind = int(rng.integers(0, len(_PATTERNS) + 1))
            if kind < len(_PATTERNS):  # 2-6 brush dabs of 0.5 dm in one dermatome
                vertices = rng.choice(near[kind], 2 + k % 5, p=chance[kind])
                symptom, radius = _PATTERNS[kind][2], 0.5
            else:  # 1-3 dabs anywhere
                vertices = rng.choice(body.n_vertices, 1 + k % 3, p=body.vertex_areas / body.vertex_areas.sum())
                symptom, radius = ("pain", "numbness", "tingling")[k % 3], 0.3
            item = {"id": f"p{k:06d}", "date": f"2024-{1 + k % 12:02d}-{1 + k % 28:02d}",
                    "group": "ab"[k % 2], "at": body.vertices[vertices].round(3).tolist(), "symptom": symptom,
                    "radius": radius}
            if k % 4 == 0:
                item["weak"] = ["ankle_dorsiflexion"]
            if k % 5 == 0:
                item["reflex"] = ["achilles=absent"]
            fh.write(json.dumps(item) + "\n")


def run(batch: Path, out_dir: Path, cache: str) -> tuple[float, float, float, str]:
    """Wall seconds, this child's CPU seconds and own peak RSS (MB), and its summary line, for one run.

    CPU time is what the run itself costs; wall time also holds waiting for a shared machine's cores.
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT), RADVIZ_CACHE=cache)
    log, errors = out_dir / "stdout.txt", out_dir / "stderr.txt"
    t0 = time.perf_counter()
    with log.open("wb") as out, errors.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "radviz", "cohort", str(batch),
                                 "--out", str(out_dir / "heat.png"), "--csv", str(out_dir / "regions.csv")],
                                stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage, not a running maximum
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(errors.read_text()[-2000:])
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, log.read_text().splitlines()[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, TARGET_SIZE])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--write", type=Path, metavar="FILE.jsonl", help="only write a cohort of --n drawings (for pictures)")
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    if args.write:
        write_cohort(args.write, args.n)
        print(f"wrote {args.n:,} drawings to {args.write}")
        return
    import numpy
    import scipy

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {numpy.__version__}, scipy {scipy.__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cache = str(tmp / "cache")
        warm = tmp / "warm.jsonl"
        write_cohort(warm, 10)
        run(warm, tmp, cache)  # compiles the atlases into the cache once
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'drawings':>9} | {'wall s':>7} | {'CPU s':>6} | {'drawings/s':>10} | {'peak RSS MB':>11} | summary")
        for n in sorted(args.sizes):
            batch = tmp / f"cohort{n}.jsonl"
            write_cohort(batch, n)
            best = min((run(batch, tmp, cache) for _ in range(args.repeat)), key=lambda r: r[0])
            wall, cpu, peak, summary = best
            print(f"{n:9,d} | {wall:7.1f} | {cpu:6.1f} | {n / wall:10,.0f} | {peak:11,.0f} | {summary}")
            if n == TARGET_SIZE:
                verdict = "met" if wall < TARGET_SECONDS else "NOT met"
                print(f"target: {TARGET_SIZE:,} drawings in under {TARGET_SECONDS:.0f} s: {wall:.1f} s wall, "
                      f"{cpu:.1f} s CPU ({verdict})")
        print("memory: peak RSS should stay flat from size to size (streamed in chunks of 1,024 drawings)")


if __name__ == "__main__":
    main()
