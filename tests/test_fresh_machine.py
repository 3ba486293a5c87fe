"""A fresh machine without an X server: the README's two commands still behave.

The test command passes (window tests skip with one reason, nothing aborts) and ``radviz`` itself
says in one line that it needs a display and what works without one.  Both run in a subprocess
whose environment has no DISPLAY and no Xvfb on PATH.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _no_x_env(tmp_path: Path) -> dict:
    """This environment minus any display, with a PATH that holds no Xvfb, and a private HOME."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XAUTHORITY",
                        "RADVIZ_REQUIRE_WINDOWS")}  # a bare machine: CI's own rule does not apply there
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    env.update(PATH=str(empty_bin), HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               RADVIZ_CACHE=str(tmp_path / "cache"))
    return env


def test_radviz_without_a_display_says_so_in_one_line(tmp_path):
    out = subprocess.run([sys.executable, "-m", "radviz"], env=_no_x_env(tmp_path), cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2, out.stderr[-2000:]
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    message = lines[0]
    assert "needs a display" in message and "DISPLAY is not set" in message
    for command in ("radviz render", "radviz locate", "radviz report", "xvfb-run"):
        assert command in message
    assert out.stdout == ""


def test_the_readme_test_command_passes_without_an_x_server(tmp_path):
    """Window tests are skipped with the reason, widget tests run offscreen, the run exits 0."""
    window_tests = next(p for p in sorted((ROOT / "tests" / "qt").glob("test_qt_*.py"))
                        if "(main_window" in p.read_text(encoding="utf-8"))  # any module of window tests
    tests = ["tests/qt/test_qt_startup.py", str(window_tests.relative_to(ROOT))]  # + widget tests
    out = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                          f"--basetemp={tmp_path / 'basetemp'}", *tests],
                         env=_no_x_env(tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=600)
    report = out.stdout + out.stderr
    assert out.returncode == 0, report[-4000:]
    assert "Fatal Python error" not in report and "Aborted" not in report
    summary = re.search(r"(\d+) passed(?:, (\d+) skipped)?", report)
    assert summary, report[-2000:]
    passed, skipped = int(summary.group(1)), int(summary.group(2) or 0)
    assert passed >= 5, report[-2000:]  # the splash and display tests ran, offscreen
    reason = re.search(r"(\d+) window tests? skipped: no X server; install xvfb .* to run them", report)
    assert reason, report[-2000:]
    assert int(reason.group(1)) == skipped >= 1
