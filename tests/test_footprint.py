"""Small footprint: the command line loads no GUI or plotting library it does not use.

Every library loaded costs start-up time and memory (``radviz locate`` must peak under 150 MB, and
``radviz`` must show its splash within half a second, before VTK loads).  Checked in a fresh
interpreter, as MNE's import-nesting test does; the figures themselves are in ``benchmarks/``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("PySide6", "pyvista", "pyvistaqt", "vtkmodules", "matplotlib", "colorcet", "trimesh")


def _loaded_after(code: str) -> list[str]:
    probe = (code + "\nimport sys, json\n"
             f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_command_line_starts_without_gui_or_plotting_libraries():
    assert _loaded_after("import radviz.cli") == []


def test_locate_loads_no_gui_or_plotting_library():
    code = ("import contextlib, io\nfrom radviz.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    assert main(['locate', '--at', '1.9,-6.0,0.3', '--json']) == 0\n"
            "assert out.getvalue().startswith('{')")
    assert _loaded_after(code) == []


_COLOURS = ("import json, sys\nfrom radviz import colors\n"
            "out = {'symptoms': {k: v.tolist() for k, v in colors.SYMPTOM_COLOURS.items()},\n"
            "       'zones': {k: v.tolist() for k, v in colors.ZONE_COLOURS.items()},\n"
            "       'colorcet_loaded': 'colorcet' in sys.modules}\n"
            "print(json.dumps(out))")


def _app_colours(cache) -> dict:
    env = dict(os.environ, RADVIZ_CACHE=str(cache))
    out = subprocess.run([sys.executable, "-c", _COLOURS], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_app_reads_colorcet_colours_from_the_cache_after_the_first_start(tmp_path):
    """colorcet (14 MB, 0.6 s at every start) is read once; later starts get the same colours without it."""
    first = _app_colours(tmp_path)
    assert first["colorcet_loaded"]
    cached = list(tmp_path.glob("colorcet-*.json"))
    assert len(cached) == 1
    again = _app_colours(tmp_path)
    assert not again["colorcet_loaded"]
    assert (again["symptoms"], again["zones"]) == (first["symptoms"], first["zones"])
    cached[0].write_text('{"glasbey": ["#12345"]}')  # damaged: ignored, colorcet read and the file rewritten
    repaired = _app_colours(tmp_path)
    assert repaired["colorcet_loaded"]
    assert (repaired["symptoms"], repaired["zones"]) == (first["symptoms"], first["zones"])
    assert not _app_colours(tmp_path)["colorcet_loaded"]


def test_cached_palettes_are_colorcets_own(tmp_path, monkeypatch):
    import colorcet

    from radviz import palettes

    monkeypatch.setenv("RADVIZ_CACHE", str(tmp_path))
    palettes._palettes.cache_clear()
    try:
        for name in palettes.PALETTES:
            assert palettes.palette(name) == list(getattr(colorcet, name))
        assert palettes.palette("bgy") == list(colorcet.bgy)  # one not cached: read from colorcet
    finally:
        palettes._palettes.cache_clear()


def _offscreen_app_probe(probe: str, tmp_path):
    """Run ``probe`` in a fresh interpreter on Qt's offscreen platform with its own settings and cache;
    its last printed line, read as JSON."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path), RADVIZ_CACHE=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_splash_is_on_screen_before_the_3d_and_plotting_libraries_load(tmp_path):
    """``radviz`` shows its splash first: VTK, pyvista, matplotlib and colorcet load behind it."""
    probe = ("import json, sys\nfrom radviz.qt import app\nshown = []\n"
             "def first_step(splash, message):\n"
             "    shown.append((message, splash.isVisible(), sorted({m.split('.')[0] for m in sys.modules}"
             f" & set({HEAVY!r}))))\n"
             "    raise SystemExit(0)\n"
             "app.StartupSplash.step = first_step\n"
             "try:\n    app.run_app([])\nexcept SystemExit:\n    pass\n"
             "print(json.dumps(shown))")
    [(message, visible, loaded)] = _offscreen_app_probe(probe, tmp_path)
    assert visible and message == "Starting…"
    assert loaded == ["PySide6"]


@pytest.mark.window  # the app's first frame needs a real OpenGL window
def test_the_first_frame_report_says_where_the_memory_goes(tmp_path):
    """The app's own probe reports resident memory after each start-up step, so the peak can be
    traced to a step (libraries, maps, window, software GL) without instrumenting the app."""
    env = dict(os.environ, RADVIZ_FIRST_FRAME_EXIT="1", XDG_CONFIG_HOME=str(tmp_path),
               RADVIZ_CACHE=str(tmp_path / "cache"))
    env.pop("QT_QPA_PLATFORM", None)
    out = subprocess.run([sys.executable, "-m", "radviz"], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    [line] = [x for x in out.stdout.splitlines() if x.startswith("RADVIZ_FIRST_FRAME ")]
    report = json.loads(line.split(" ", 1)[1])
    steps = report["rss_mb_after"]
    assert list(steps) == ["splash", "3d engine", "model", "3d view", "window", "maps", "window built",
                           "first frame"]
    assert steps["3d engine"] > steps["splash"] + 50  # VTK and pyvista load in that step, behind the splash
    assert all(0 < mb <= report["peak_rss_mb"] for mb in steps.values())  # the peak bounds every step
    # pyplot (about 10 MB and 0.3 s) and numpy's f2py and testing are never read on the way to the first frame
    assert report["not_loaded"] == ["matplotlib.pyplot", "numpy.f2py", "numpy.testing"]


def test_the_app_start_loads_the_modules_it_defers_only_when_read(tmp_path):
    """The start-up steps leave pyplot, numpy.f2py and numpy.testing unloaded; reading from them loads the real
    module, which from then on is the one every import gets."""
    probe = ("import json, sys\nfrom PySide6.QtWidgets import QApplication\nqapp = QApplication([])\n"
             "from radviz.qt import app\nfrom radviz.deferred_module import is_deferred\n"
             "for _, load, _ in app._LOAD_STEPS:\n    load()\n"
             "after_start = [n for n in app._DEFERRED if is_deferred(n)]\n"
             "import pyvista.plotting.colors as pv_colors\n"
             "cycle = pv_colors.get_matplotlib_theme_cycler()\n"  # reads plt.rcParams: pyplot loads now
             "import matplotlib, matplotlib.pyplot as plt\n"
             "from numpy.testing import assert_array_equal\n"
             "assert_array_equal([1, 2], [1, 2])\n"
             "real = sys.modules['matplotlib.pyplot']\n"
             "print(json.dumps({'after_start': after_start, 'after_use': [n for n in app._DEFERRED if is_deferred(n)],\n"
             "    'cycle': len(cycle), 'same': real is plt is matplotlib.pyplot and hasattr(real, 'subplots'),\n"
             "    'stand_in_reads_real': pv_colors.plt.rcParams is real.rcParams}))")
    result = _offscreen_app_probe(probe, tmp_path)
    assert result["after_start"] == ["matplotlib.pyplot", "numpy.f2py", "numpy.testing"]
    assert result["after_use"] == ["numpy.f2py"]
    assert result["cycle"] >= 10 and result["same"] and result["stand_in_reads_real"]
