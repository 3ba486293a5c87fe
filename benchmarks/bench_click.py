"""Click-to-highlight pipeline, start-up, memory and batch scoring: prints a table.

Run: ``.venv/bin/python benchmarks/bench_click.py`` (about a minute; needs no display).
Steps of one click, measured separately (median and 95th percentile, milliseconds):
pick (ray -> skin vertex with a static cell locator built once), brush (geodesic disc), drawing
update, re-score (all roots, nerves, polyneuropathy), recolour (composite the changed vertices in
place).  Rendering is timed apart.  The same click done the obvious way with stock pyvista
(vtkCellPicker on the render window, then re-adding the coloured mesh) runs in the same process.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RADVIZ_CACHE", tempfile.mkdtemp(prefix="radviz-bench-"))

from vtkmodules.vtkCommonCore import vtkLogger  # noqa: E402

vtkLogger.SetStderrVerbosity(vtkLogger.VERBOSITY_OFF)

import pyvista as pv  # noqa: E402
import vtk  # noqa: E402

from radviz import colors  # noqa: E402
from radviz.body import default_body, subdivided  # noqa: E402
from radviz.drawing import Drawing, brush  # noqa: E402
from radviz.engine import get_engine  # noqa: E402
from radviz.render import to_polydata  # noqa: E402

CLICKS = 60


def stats(samples: list[float]) -> tuple[float, float]:
    a = np.asarray(samples) * 1e3
    return float(np.median(a)), float(np.percentile(a, 95))


def click_targets(body, n, seed=0):
    """Front-facing skin points on the legs, arms and trunk (where people click)."""
    rng = np.random.default_rng(seed)
    front = np.flatnonzero(body.vertex_normals[:, 2] > 0.5)
    return body.vertices[rng.choice(front, n, replace=False)]


def radviz_clicks(body, engine, targets):
    """radviz's path: static locator, geodesic brush, stroke diff, incremental re-score, in-place colours."""
    mesh = to_polydata(body)
    locator = vtk.vtkStaticCellLocator()
    locator.SetDataSet(mesh)
    locator.BuildLocator()
    locator.SetUseExistingSearchStructure(True)  # colour changes must not trigger a rebuild
    base = colors.skin_rgb(body.n_vertices)
    mesh.point_data["rgb"] = colors.composite_uint8(base, None, np.arange(body.n_vertices))
    colours = mesh.GetPointData().GetArray("rgb")  # the view's array: updated in place, never re-added
    view = mesh.point_data["rgb"]
    drawing = Drawing(body.n_vertices)
    live = engine.live(drawing)
    steps = {k: [] for k in ("pick", "brush", "update", "score", "recolour", "total")}
    t_, x_, pc, sub, cell = vtk.mutable(0.0), [0.0] * 3, [0.0] * 3, vtk.mutable(0), vtk.mutable(0)
    for target in targets:
        t0 = time.perf_counter()
        locator.IntersectWithLine(target + [0, 0, 50], target - [0, 0, 50], 1e-6, t_, x_, pc, sub, cell)
        ids = body.faces[cell.get()]
        vertex = int(ids[np.argmin(np.linalg.norm(body.vertices[ids] - x_, axis=1))])
        t1 = time.perf_counter()
        verts, vals = brush(body, vertex, 0.3, 6.0)
        t2 = time.perf_counter()
        diff = drawing.paint("pain", verts, vals)  # also updates the live sums (drawing.changed)
        t3 = time.perf_counter()
        live.result()
        t4 = time.perf_counter()
        view[diff.vertices] = colors.composite_uint8(base, drawing.values, diff.vertices)  # as BodyView
        colours.Modified()
        t5 = time.perf_counter()
        for k, a, b in (("pick", t0, t1), ("brush", t1, t2), ("update", t2, t3), ("score", t3, t4),
                        ("recolour", t4, t5), ("total", t0, t5)):
            steps[k].append(b - a)
    return steps, mesh, drawing


def render_times(mesh, n=10):
    p = pv.Plotter(off_screen=True, window_size=(800, 1000))
    p.add_mesh(mesh, scalars="rgb", rgb=True)
    p.view_xy()
    p.render()
    out = []
    for _ in range(n):
        mesh.GetPointData().GetArray("rgb").Modified()
        t0 = time.perf_counter()
        p.ren_win.Render()
        out.append(time.perf_counter() - t0)
    p.close()
    return out


def stock_clicks(body, engine, targets, n):
    """The obvious way: pyvista/VTK picking at the cursor, score the whole drawing, recolour the
    whole mesh and re-add it to the plotter."""
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
    for target in targets[:n]:
        renderer.SetWorldPoint(*target, 1.0)
        renderer.WorldToDisplay()
        x, y, _ = renderer.GetDisplayPoint()
        t0 = time.perf_counter()
        picker.Pick(x, y, 0, renderer)
        vertex = int(body.nearest_vertex(np.array(picker.GetPickPosition()))[0])
        verts, vals = brush(body, vertex, 0.3, 6.0)
        drawing.paint("pain", verts, vals)
        engine.locate(drawing)
        rgb = colors.drawing_rgb(base, {"pain": drawing.values[0]})
        coloured = mesh.copy()
        coloured.point_data["rgb"] = (rgb * 255).astype(np.uint8)
        p.add_mesh(coloured, scalars="rgb", rgb=True, name="body", reset_camera=False)
        out.append(time.perf_counter() - t0)
    p.close()
    return out


def startup():
    """Process start to the main window's first rendered frame (under Xvfb), and peak memory."""
    env = dict(os.environ, RADVIZ_FIRST_FRAME_EXIT="1")
    cmd = [sys.executable, "-c", "import sys; from radviz.qt.app import run_app; sys.exit(run_app([]))"]
    if not os.environ.get("DISPLAY"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24"] + cmd
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
        wall = time.perf_counter() - t0
        info = {}
        for line in out.stdout.splitlines():
            if line.startswith("RADVIZ_FIRST_FRAME"):
                info = json.loads(line.split(" ", 1)[1])
        runs.append((wall, info))
    return runs


def batch(n=3000):
    body = default_body()
    rng = np.random.default_rng(1)
    skin = body.vertices[rng.choice(body.n_vertices, 4 * n)]
    moves = ["ankle_dorsiflexion", "knee_extension", "great_toe_extension", "elbow_extension"]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for k in range(n):
            pts = [list(map(float, np.round(skin[4 * k + j], 3))) for j in range(1 + k % 3)]
            fh.write(json.dumps({"at": pts, "radius": 0.3, "symptom": "numbness",
                                 "weak": [moves[k % 4]]}) + "\n")
        path = fh.name
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "radviz", "locate", "--batch", path, "--json"],
                         capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    assert out.returncode == 0, out.stderr
    lines = out.stdout.count("\n")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import radviz.cli"], cwd=ROOT, check=True)
    start = time.perf_counter() - t0
    os.unlink(path)
    return n, lines, wall, start


def main():
    base = default_body()
    bodies = [("shipped", base), ("subdivided x16", subdivided(base, 2, keep_anatomy=False)),
              ("subdivided x64", subdivided(base, 3, keep_anatomy=False))]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {np.__version__}, VTK {vtk.vtkVersion.GetVTKVersion()}")
    print()
    print(f"{'body':16s} {'vertices':>9s} | " + " | ".join(f"{k:>12s}" for k in
          ("pick", "brush", "update", "score", "recolour", "total", "render", "stock", "ratio")))
    print("-" * 150)
    for name, body in bodies:
        engine = get_engine(body, "lee2008")
        targets = click_targets(body, CLICKS)
        steps, mesh, _ = radviz_clicks(body, engine, targets)
        render = stats(render_times(mesh))
        stock = stats(stock_clicks(body, engine, targets, 15 if body.n_vertices > 500_000 else 30))
        cells = [stats(steps[k]) for k in ("pick", "brush", "update", "score", "recolour", "total")]
        ratio = stock[0] / cells[-1][0]
        print(f"{name:16s} {body.n_vertices:9,d} | " + " | ".join(f"{m:5.2f} /{p:5.2f}" for m, p in cells)
              + f" | {render[0]:5.1f} /{render[1]:5.1f} | {stock[0]:5.1f} /{stock[1]:5.1f} | {ratio:9.0f}x")
    print("(median / 95th percentile, milliseconds; 'stock' = VTK cell picking, whole-drawing score, whole-mesh recolour, re-adding the mesh)")
    print()
    n, lines, wall, start = batch()
    print(f"batch scoring: {n} drawings in {wall:.2f} s wall ({lines} results) = {n / wall:,.0f} drawings/s "
          f"including process start; {n / max(wall - start, 1e-9):,.0f} drawings/s after start-up ({start:.2f} s)")
    for wall, info in ([] if os.environ.get("BENCH_SKIP_STARTUP") else startup()):
        print(f"start-up: {wall:.2f} s wall to exit; first frame {info.get('first_frame_s', float('nan')):.2f} s "
              f"after process start; peak RSS {info.get('peak_rss_mb', float('nan')):.0f} MB")
    print(f"benchmark process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
