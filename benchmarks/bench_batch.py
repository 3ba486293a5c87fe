"""``radviz locate --batch`` throughput and memory: prints numbers beside the targets.

Throughput is (N - 1) / (time for N drawings - time for 1), so process start and engine load cancel
out; each size runs ``--repeat`` times, 1 and N drawings in turn, and the fastest counts (the
machine is shared); the median over those (1, N) pairs is printed beside it.  It is given
three ways: wall time of whole processes, wall time inside one warm process, and CPU time of that
process (``time.process_time``: steadier than wall time when other work shares the cores, which the
load average printed beside it shows).  Peak memory is the child's maximum resident set.  ``--tree
DIR`` measures another checkout (e.g. the previous commit, exported with ``git worktree`` or ``git
archive``) the same way, for a before/after.

The first batch on a fresh cache folder builds the brush disc table (``radviz.discs``) once; its
time is printed apart.  ``--stages`` splits the warm process's CPU time per drawing into the steps
of ``radviz locate --batch`` (each step's own function timed where the batch calls it).

    .venv/bin/python benchmarks/bench_batch.py [--n 2001] [--big 100000] [--stages] [--tree DIR ...]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TARGET = 5000  # drawings per second (a later step's target)


def write_batch(path: Path, n: int, seed: int = 0) -> None:
    """``n`` drawings of 1-3 points on the shipped body, with findings on some lines."""
    sys.path.insert(0, str(ROOT))
    from radviz.body import default_body

    body = default_body()
    rng = np.random.default_rng(seed)
    symptoms = ("pain", "numbness", "tingling")
    with path.open("w") as fh:
        for k in range(n):
            pts = body.vertices[rng.integers(0, body.n_vertices, 1 + k % 3)].round(3).tolist()
            item = {"at": pts, "symptom": symptoms[k % 3]}
            if k % 4 == 0:
                item["weak"] = ["ankle_dorsiflexion"]
            if k % 5 == 0:
                item["reflex"] = ["achilles=absent"]
            fh.write(json.dumps(item) + "\n")


def run(tree: Path, batch: Path, cache: str) -> tuple[float, int, float, float]:
    """Wall seconds, output lines, peak RSS (MB) and CPU seconds (user + system) of one
    ``locate --batch --json`` run (this process's own figures, read with ``os.wait4``)."""
    env = dict(os.environ, PYTHONPATH=str(tree), RADVIZ_CACHE=cache)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "radviz", "locate", "--batch", str(batch), "--json"],
                                stdout=out, stderr=err, env=env, cwd=tree)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(err.read().decode()[-2000:])
        out.seek(0)
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: out.read(1 << 20), b""))
    return wall, lines, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


_IN_PROCESS = """
import contextlib, io, json, os, sys, time
from radviz.cli import main
def best(path, k):
    wall, cpu = [], []
    for _ in range(k):
        with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
            t0, c0 = time.perf_counter(), time.process_time()
            rc = main(["locate", "--batch", path, "--json"])
            wall.append(time.perf_counter() - t0); cpu.append(time.process_time() - c0)
        assert rc == 0
    return min(wall), min(cpu)
best(sys.argv[1], 1)  # load the engine once
print(json.dumps([best(sys.argv[1], int(sys.argv[3])), best(sys.argv[2], int(sys.argv[3]))]))
"""


_STAGES = """
import contextlib, functools, json, os, sys, time
import radviz.locate_cli as lc
from radviz.cli import main
from radviz.localize import Localizer, Result
spent = {}
def timed(owner, name, stage):
    real = getattr(owner, name)
    @functools.wraps(real)
    def wrapper(*args, **kwargs):
        c0 = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            spent[stage] = spent.get(stage, 0.0) + time.process_time() - c0
    setattr(owner, name, wrapper)
for owner, name, stage in ((lc, "_parse_batch_line", "read and check lines"), (lc, "_snap", "snap points"),
                           (lc, "paint_many", "paint brush discs"), (Localizer, "contribution_flat", "sums"),
                           (Localizer, "results", "posteriors and results"), (Result, "text", "explanation"),
                           (Result, "json_line", "JSON line (with explanation)")):
    if hasattr(owner, name):
        timed(owner, name, stage)
def run():
    with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
        c0 = time.process_time()
        assert main(["locate", "--batch", sys.argv[1], "--json"]) == 0
        return time.process_time() - c0
run()
best = None
for _ in range(int(sys.argv[2])):
    spent.clear()
    total = run()
    if best is None or total < best[0]:
        best = (total, dict(spent))
print(json.dumps(best))
"""


def stages(tree: Path, many: Path, n: int, repeat: int, cache: str) -> None:
    """Print the warm process's CPU microseconds per drawing, step by step (the fastest of ``repeat`` runs)."""
    env = dict(os.environ, PYTHONPATH=str(tree), RADVIZ_CACHE=cache)
    out = subprocess.run([sys.executable, "-c", _STAGES, str(many), str(repeat)], capture_output=True, text=True,
                         env=env, cwd=tree)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    total, spent = json.loads(out.stdout.splitlines()[-1])
    if "JSON line (with explanation)" in spent:
        spent["JSON line"] = spent.pop("JSON line (with explanation)") - spent.get("explanation", 0.0)
    spent["the rest (batching, findings, writing)"] = total - sum(spent.values())
    print(f"  CPU per drawing, {n:,} drawings (load average {os.getloadavg()[0]:.1f}):")
    for stage, seconds in spent.items():
        print(f"    {stage:40s} {seconds / n * 1e6:7.1f} us")
    print(f"    {'total':40s} {total / n * 1e6:7.1f} us = {n / total:,.0f} drawings/s")


def in_process(tree: Path, one: Path, many: Path, repeat: int, cache: str) -> tuple[list, list]:
    """Best (wall, CPU) seconds of 1 and N drawings inside one warm process (start-up and engine
    load excluded)."""
    env = dict(os.environ, PYTHONPATH=str(tree), RADVIZ_CACHE=cache)
    out = subprocess.run([sys.executable, "-c", _IN_PROCESS, str(one), str(many), str(repeat)],
                         capture_output=True, text=True, env=env, cwd=tree)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    t1, tn = json.loads(out.stdout.splitlines()[-1])
    return t1, tn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2001)
    parser.add_argument("--big", type=int, default=0, help="also time one run of this many drawings")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stages", action="store_true", help="also split the CPU time per drawing into steps")
    parser.add_argument("--tree", type=Path, action="append", help="checkouts to compare (default: this one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="radviz-bench-") as tmp:
        tmp = Path(tmp)
        cache = str(tmp / "cache")
        one, many = tmp / "one.jsonl", tmp / "many.jsonl"
        write_batch(one, 1)
        write_batch(many, args.n)
        for tree in args.tree or [ROOT]:
            run(tree, one, cache)  # compile the maps into the cache first
            cold, _, cold_peak, _ = run(tree, many, cache)  # the first batch also builds the brush disc table
            pairs = [(run(tree, one, cache), run(tree, many, cache)) for _ in range(args.repeat)]  # interleaved
            ones, manys = [a for a, _ in pairs], [b for _, b in pairs]
            t1, tn = min(r[0] for r in ones), min(r[0] for r in manys)
            rate = (args.n - 1) / max(tn - t1, 1e-9)
            paired = sorted((args.n - 1) / max(b[0] - a[0], 1e-9) for a, b in pairs)
            cpu_rate = (args.n - 1) / max(min(r[3] for r in manys) - min(r[3] for r in ones), 1e-9)
            (w1, c1), (wn, cn) = in_process(tree, one, many, args.repeat, cache)
            print(f"{tree}: processes: 1 drawing {t1:.2f} s, {args.n:,} drawings {tn:.2f} s -> {rate:,.0f}/s "
                  f"(median of {args.repeat} pairs {paired[len(paired) // 2]:,.0f}/s; "
                  f"{cpu_rate:,.0f}/s of their CPU time); "
                  f"in one process: {(args.n - 1) / max(wn - w1, 1e-9):,.0f}/s wall, "
                  f"{(args.n - 1) / max(cn - c1, 1e-9):,.0f}/s CPU (target {TARGET:,}/s); "
                  f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            print(f"  first batch of {args.n:,} on a fresh cache folder (builds the brush disc table): {cold:.2f} s")
            if args.stages:
                stages(tree, many, args.n, args.repeat, cache)
            if args.big:
                big = tmp / "big.jsonl"
                write_batch(big, args.big)
                wall, lines, peak, _ = run(tree, big, cache)
                print(f"  {args.big:,} drawings: {wall:.1f} s, {lines:,} result lines, peak RSS {peak:,.0f} MB "
                      f"(the first batch, building the disc table: {cold_peak:,.0f} MB)")


if __name__ == "__main__":
    main()
