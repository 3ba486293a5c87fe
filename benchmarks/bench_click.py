"""Every speed and memory figure radviz promises, in one table, each beside its target.

Run: ``.venv/bin/python benchmarks/bench_click.py`` (a few minutes).  It needs an X display for the
3D view; without one it re-runs itself under ``xvfb-run``.  Figures:

- one click on the 3D view, measured step by step through the code the app runs: the view's own
  picking (``BodyView.pick``), the brush (one bounded SciPy Dijkstra search) and the drawing the
  paint command uses, whose change the live scorer follows (one gather and one bincount into its
  running sums: the "update" step), the scoring the window reads, and the view's recolouring
  (``BodyView._on_drawing_changed``: the changed vertices' colours, then a request for one frame);
  that frame is rendered and timed apart; the same click done the obvious way with stock pyvista
  beside it;
- batch scoring through ``benchmarks/bench_batch.py``'s own runs: ``radviz locate --batch`` in
  subprocesses, (time for 2,001 drawings - time for 1), so process start and engine load cancel
  out, and the CPU-time rate inside one warm process;
- ISNCSCI classification through ``benchmarks/bench_isncsci.py``: exams per CPU second;
- peak memory of ``radviz locate`` and of the app up to its first frame;
- the app's first frame with a warm map cache, and when its splash is on screen on a cold first
  start (empty map cache), both in seconds since the process started (the app's own probe).

The machine is shared: the load average is printed at the start and the end; medians are reported.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="radviz-bench-"))
os.environ.setdefault("RADVIZ_CACHE", str(SCRATCH / "warm-cache"))

CLICKS = 60
BRUSH_RADIUS, INTENSITY = 0.3, 6.0
BATCH_LINES = 2001
POINT = "1.9,-6.0,0.3"  # left lower leg, front


def stats(samples) -> tuple[float, float]:
    """(median, 95th percentile) of seconds, in milliseconds."""
    a = np.asarray(samples) * 1e3
    return float(np.median(a)), float(np.percentile(a, 95))


# ----------------------------------------------------------------- machine
def machine_line(view) -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    caps = view.plotter.ren_win.ReportCapabilities()
    gl = next((line.split(":", 1)[1].strip() for line in caps.splitlines()
               if line.startswith("OpenGL renderer string")), "unknown OpenGL")
    import PySide6
    import vtk
    from PySide6.QtWidgets import QApplication

    screen = QApplication.primaryScreen().size()  # the app's window takes 92% x 90% of it: memory grows with it
    return (f"machine: {os.cpu_count()} cores (nproc), {model}; OpenGL {gl} on "
            f"{'Xvfb' if os.environ.get('RADVIZ_BENCH_XVFB') else 'DISPLAY ' + os.environ.get('DISPLAY', '?')}"
            f" ({screen.width()}x{screen.height()} screen)\n"
            f"software: Python {platform.python_version()}, numpy {np.__version__}, VTK "
            f"{vtk.vtkVersion.GetVTKVersion()}, PySide6 {PySide6.__version__}")


def load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


# ----------------------------------------------------------------- clicks
def click_targets(body, n, seed=0):
    """Front-facing skin vertices (where people click in the front view)."""
    rng = np.random.default_rng(seed)
    front = np.flatnonzero(body.vertex_normals[:, 2] > 0.5)
    return rng.choice(front, n, replace=False)


def view_clicks(view, body, engine, targets):
    """One click per target through the app's own functions; rendering timed apart.

    Each click starts after a rendered frame, as in the app (software GL leaves the caches cold).
    The recolour asks Qt for a frame (``update``) rather than rendering: the render below is the
    one the app's next paint event would make."""
    from radviz.colors import skin_rgb
    from radviz.drawing import Drawing, brush
    from radviz.findings import Findings
    from radviz.scene import Picture, Scene

    view.set_body(body, skin_rgb(body.n_vertices))  # a new body first: the old drawing does not fit it
    drawing, findings = Drawing(body.n_vertices), Findings()
    view.set_drawing(drawing)
    view.show_scene(Scene(body, Picture(skin_rgb(body.n_vertices))))  # the renderer seam the window uses
    drawing.changed.disconnect(view._on_drawing_changed)  # recoloured below, in its own step
    live = engine.live(drawing)  # as the window: running sums follow every stroke
    pixels = [view.project(int(v)) for v in targets]
    steps = {k: [] for k in ("pick", "brush", "update", "score", "recolour", "total", "render")}
    for target, pos in zip(targets, pixels):
        view.plotter.suppress_rendering = True
        t0 = time.perf_counter()
        vertex, _, _ = view.pick(pos.x(), pos.y())
        t1 = time.perf_counter()
        verts, vals = brush(body, vertex if vertex >= 0 else int(target), BRUSH_RADIUS, INTENSITY)
        t2 = time.perf_counter()
        diff = drawing.paint("pain", verts, vals)
        t3 = time.perf_counter()
        live.result(findings)
        t4 = time.perf_counter()
        view._on_drawing_changed(diff.vertices)
        t5 = time.perf_counter()
        view.plotter.suppress_rendering = False
        view.plotter.render()
        t6 = time.perf_counter()
        for k, a, b in (("pick", t0, t1), ("brush", t1, t2), ("update", t2, t3), ("score", t3, t4),
                        ("recolour", t4, t5), ("total", t0, t5), ("render", t5, t6)):
            steps[k].append(b - a)
    live.detach()
    return steps


def stock_clicks(body, engine, targets, n):
    """The obvious way: VTK cell picking at the cursor, score the whole drawing, recolour the whole
    mesh and re-add it to the plotter."""
    import pyvista as pv
    import vtk

    from radviz import colors
    from radviz.drawing import Drawing, brush
    from radviz.render import to_polydata

    p = pv.Plotter(off_screen=True, window_size=(800, 1000))
    mesh = to_polydata(body, colors.skin_rgb(body.n_vertices))
    p.add_mesh(mesh, scalars="rgb", rgb=True, name="body", pickable=True)
    p.view_xy()
    p.render()
    renderer = p.renderer
    picker = vtk.vtkCellPicker()
    picker.SetTolerance(0.0005)
    base = colors.skin_rgb(body.n_vertices)
    drawing = Drawing(body.n_vertices)
    out = []
    for target in body.vertices[targets[:n]]:
        renderer.SetWorldPoint(*target, 1.0)
        renderer.WorldToDisplay()
        x, y, _ = renderer.GetDisplayPoint()
        t0 = time.perf_counter()
        picker.Pick(x, y, 0, renderer)
        vertex = int(body.nearest_vertex(np.array(picker.GetPickPosition()))[0])
        verts, vals = brush(body, vertex, BRUSH_RADIUS, INTENSITY)
        drawing.paint("pain", verts, vals)
        engine.locate(drawing)
        rgb = colors.drawing_rgb(base, {"pain": drawing.values[0]})
        coloured = mesh.copy()
        coloured.point_data["rgb"] = (rgb * 255).astype(np.uint8)
        p.add_mesh(coloured, scalars="rgb", rgb=True, name="body", reset_camera=False)
        out.append(time.perf_counter() - t0)
    p.close()
    return out


# ----------------------------------------------------------------- subprocess figures
HWM = "next(int(x.split()[1]) / 1024 for x in open('/proc/self/status') if x.startswith('VmHWM'))"
"""Peak RSS of this process (VmHWM: unlike ru_maxrss, not inherited from the benchmark's big process)."""


def _env(pycache: Path, **extra) -> dict:
    """A user's environment: Python keeps bytecode (this sandbox sets PYTHONDONTWRITEBYTECODE=1,
    which would recompile radviz at every start), in ``pycache`` so the checkout stays clean."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPYCACHEPREFIX=str(pycache), **extra)
    return env


WARM_PYC = SCRATCH / "pycache-warm"


def _radviz(args, env=None, timeout=600):
    return subprocess.run([sys.executable, "-m", "radviz", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env or _env(WARM_PYC), timeout=timeout)


def batch_throughput(repeats=5) -> dict:
    """bench_batch's figures: (N - 1) / (time for N drawings - time for 1) over separate processes
    (fastest of ``repeats``: a 0.3-0.5 s difference between two one-second processes on a shared
    machine), and the CPU-time rate inside one warm process."""
    import bench_batch

    one, many, cache = SCRATCH / "batch-1.jsonl", SCRATCH / f"batch-{BATCH_LINES}.jsonl", str(SCRATCH / "batch-cache")
    bench_batch.write_batch(one, 1)
    bench_batch.write_batch(many, BATCH_LINES)
    bench_batch.run(ROOT, one, cache)  # maps compiled into the cache
    bench_batch.run(ROOT, many, cache)  # and the brush disc table built
    t_one = min(bench_batch.run(ROOT, one, cache)[0] for _ in range(repeats))
    t_many = min(bench_batch.run(ROOT, many, cache)[0] for _ in range(repeats))
    (_, c_one), (_, c_many) = bench_batch.in_process(ROOT, one, many, repeats, cache)
    spread = t_many - t_one  # under heavy load start-up jitter can swamp it: then there is no figure
    return {"processes": (BATCH_LINES - 1) / spread if spread > 0 else float("nan"),
            "cpu": (BATCH_LINES - 1) / (c_many - c_one),
            "t_one": t_one, "t_many": t_many}


_ISNCSCI_RUN = """
import random, sys
sys.path.insert(0, {here!r})
import bench_isncsci
rng = random.Random(19)
raw = [bench_isncsci.clinic_exam(rng) for _ in range(5000)]
print(bench_isncsci.rate(lambda d: bench_isncsci.classify(bench_isncsci.parse_exam(d)), raw)[1])
"""


def isncsci_rate() -> float:
    """Exams classified per CPU second: bench_isncsci's clinic mix through parse + classify, as the CLI.

    In a process of its own, as ``radviz isncsci`` runs: inside this benchmark's big process (VTK, the
    meshes, thousands of objects) Python's garbage collector alone slowed it by a fifth."""
    code = _ISNCSCI_RUN.format(here=str(Path(__file__).resolve().parent))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def locate_peak_mb(repeats=3) -> float:
    """Peak RSS of a fresh process that runs ``radviz locate`` once, as the command does."""
    probe = ("import contextlib, io\nfrom radviz.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             f"    assert main(['locate', '--at', '{POINT}', '--json']) == 0\n"
             f"print({HWM})")
    runs = [float(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                                 env=_env(WARM_PYC), check=True).stdout.split()[-1]) for _ in range(repeats)]
    return float(np.median(runs))


def app_start(cache: Path, pycache: Path) -> dict:
    """One start of ``radviz`` (its ``main``, as the command runs it) to the first frame: the app's
    own report (splash and first-frame seconds since process start) and this process's peak RSS."""
    env = _env(pycache, RADVIZ_FIRST_FRAME_EXIT="1", RADVIZ_CACHE=str(cache),
               XDG_CONFIG_HOME=str(SCRATCH / "config"))
    launcher = f"from radviz.cli import main\nmain([])\nprint('PEAK_MB', {HWM})"
    out = subprocess.run([sys.executable, "-c", launcher], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=300)
    info = {}
    for line in out.stdout.splitlines():
        if line.startswith("RADVIZ_FIRST_FRAME"):
            info.update(json.loads(line.split(" ", 1)[1]))
        elif line.startswith("PEAK_MB"):
            info["peak_mb"] = float(line.split()[1])
    if "first_frame_s" not in info:
        raise RuntimeError(f"the app reported no first frame (exit {out.returncode}): {out.stderr[-1500:]}")
    return info


def _first_install_pycache(k: int) -> Path:
    """Bytecode as right after ``pip install``: the libraries' compiled, radviz's not yet."""
    cold = SCRATCH / f"pycache-cold-{k}"
    shutil.copytree(WARM_PYC, cold)
    shutil.rmtree(cold / str(ROOT / "radviz").lstrip(os.sep), ignore_errors=True)
    return cold


def app_figures(warm_runs=5, cold_runs=3) -> dict:
    """Warm: map cache and bytecode from an earlier start.  Cold: the first start after installing
    (empty map cache; radviz not yet compiled to bytecode)."""
    warm = SCRATCH / "app-warm-cache"
    app_start(warm, WARM_PYC)  # fills the map cache and the bytecode cache
    warms = [app_start(warm, WARM_PYC) for _ in range(warm_runs)]
    colds = [app_start(SCRATCH / f"app-cold-cache-{k}", _first_install_pycache(k)) for k in range(cold_runs)]

    def med(runs, key):
        return float(np.median([r.get(key, float("nan")) for r in runs]))

    return {"first_frame_warm": med(warms, "first_frame_s"), "peak_warm": med(warms, "peak_mb"),
            "splash_cold": med(colds, "splash_s"), "first_frame_cold": med(colds, "first_frame_s"),
            "warm_runs": warms, "cold_runs": colds}


# ----------------------------------------------------------------- table
def row(figure: str, measured: str, target: str, met: bool | None) -> str:
    verdict = "" if met is None else ("yes" if met else "NO")
    return f"{figure:46s} {measured:>26s}   {target:>14s}   {verdict}"


def main() -> None:
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run") and not os.environ.get("RADVIZ_BENCH_XVFB"):
        env = dict(os.environ, RADVIZ_BENCH_XVFB="1")
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, *sys.argv]
        raise SystemExit(subprocess.run(cmd, env=env).returncode)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from radviz.body import default_body, subdivided
    from radviz.engine import get_engine
    from radviz.qt.body_view import BodyView

    load_start = load()
    view = BodyView()
    view.resize(800, 1000)
    view.show()
    app.processEvents()
    base = default_body()
    bodies = [("shipped", base, 2.0), ("subdivided x16", subdivided(base, 2, keep_anatomy=False), None),
              ("subdivided x64", subdivided(base, 3, keep_anatomy=False), 30.0)]
    clicks = []
    for name, body, target in bodies:
        engine = get_engine(body, "lee2008")
        targets = click_targets(body, CLICKS)
        steps = view_clicks(view, body, engine, targets)
        stock = stats(stock_clicks(body, engine, targets, 15 if body.n_vertices > 500_000 else 30))
        clicks.append((name, body.n_vertices, target, {k: stats(v) for k, v in steps.items()}, stock))
        app.processEvents()
    machine = machine_line(view)
    view.close()
    batch = batch_throughput()
    exams = isncsci_rate()
    locate_mb = locate_peak_mb()
    start = app_figures()
    load_end = load()

    print(machine)
    print(f"load average (1 min): {load_start} at the start, {load_end} at the end; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print()
    print(row("figure", "measured", "target", None) + "met")
    print("-" * 100)
    for name, n, target, s, stock in clicks:
        total = s["total"]
        print(row(f"click, {name} ({n:,} vertices), no render", f"{total[0]:.2f} / {total[1]:.2f} ms",
                  f"<= {target:g} ms" if target else "", total[0] <= target if target else None))
    for name, n, target, s, stock in clicks:
        ratio = stock[0] / s["total"][0]
        print(row(f"  vs stock pyvista click, {name}", f"{stock[0]:.1f} ms = {ratio:.0f}x slower", ">= 10x",
                  ratio >= 10))
    for name, n, target, s, stock in clicks:
        print(row(f"  render one frame, {name}", f"{s['render'][0]:.1f} / {s['render'][1]:.1f} ms",
                  "(apart)", None))
    print(row(f"batch scoring ({BATCH_LINES:,} - 1 drawings), processes", f"{batch['processes']:,.0f} drawings/s",
              ">= 5,000/s", batch["processes"] >= 5000))
    print(row("  the same in one warm process, per CPU second", f"{batch['cpu']:,.0f} drawings/s", ">= 5,000/s",
              batch["cpu"] >= 5000))
    print(row("ISNCSCI exams classified (parse + classify)", f"{exams:,.0f} exams/CPU s", ">= 10,000/s",
              exams >= 10_000))
    print(row("peak memory, radviz locate", f"{locate_mb:.0f} MB", "<= 150 MB", locate_mb <= 150))
    print(row("peak memory, app to first frame", f"{start['peak_warm']:.0f} MB", "<= 400 MB",
              start["peak_warm"] <= 400))
    print(row("first frame, warm map cache", f"{start['first_frame_warm']:.2f} s", "<= 2.5 s",
              start["first_frame_warm"] <= 2.5))
    print(row("splash on screen, cold first start", f"{start['splash_cold']:.2f} s", "<= 0.5 s",
              start["splash_cold"] <= 0.5))
    print("(clicks and renders: median / 95th percentile of 60; stock: median; the rest: medians of 3-5 runs)")
    print()
    print(f"{'click steps (ms, median / p95)':30s} " + " ".join(f"{k:>13s}" for k in
                                                               ("pick", "brush", "update", "score", "recolour")))
    for name, n, target, s, stock in clicks:
        print(f"{name:30s} " + " ".join(f"{s[k][0]:6.2f} /{s[k][1]:5.2f}" for k in
                                          ("pick", "brush", "update", "score", "recolour")))
    print()
    print(f"batch: 1 drawing {batch['t_one']:.2f} s, {BATCH_LINES:,} drawings {batch['t_many']:.2f} s "
          "(process start included in both; fastest of 5)")
    print(f"first frame, cold map cache: {start['first_frame_cold']:.2f} s; app runs (warm): "
          + ", ".join(f"{r['first_frame_s']:.2f} s/{r['peak_mb']:.0f} MB" for r in start["warm_runs"])
          + "; splash (cold): " + ", ".join(f"{r.get('splash_s', float('nan')):.2f} s" for r in start["cold_runs"]))
    shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
