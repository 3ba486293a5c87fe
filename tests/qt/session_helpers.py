"""Helpers the session, state and visits tests share: private recovery files, one brush stroke through
the paint command, and a real SIGKILL followed by a restart that restores the work."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest
from conftest import front_vertex

from radviz.qt.commands import PaintStroke

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Recovery files inside ``tmp_path``; no dialogs unless a test asks for them."""
    monkeypatch.setenv("RADVIZ_RECOVERY", str(tmp_path / "recovery"))
    monkeypatch.delenv("RADVIZ_RECOVER", raising=False)
    monkeypatch.delenv("RADVIZ_ASK", raising=False)
    yield tmp_path


def paint(window, part="lower leg", side=+1, symptom="pain", intensity=7.0):
    """One brush stroke through the command the mouse uses (press to release = one undo step)."""
    body = window.body
    stroke = PaintStroke(window.drawing, body, symptom, window.brush.radius(), intensity)
    stroke.add(np.array([front_vertex(body, part, side), front_vertex(body, part, side, below=0.6)]))
    window.undo_stack.push(stroke)


_CHILD_START = '''
import json, sys
import numpy as np
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
app.setOrganizationName("radviz")  # as run_app names it: the window behaves as in the real app
app.setApplicationName("radviz")
from radviz.qt.commands import PaintStroke
from radviz.qt.main_window import MainWindow

window = MainWindow()
window.show()
app.processEvents()
s = window.state


def paint_from_argv(symptom="pain"):
    """The stroke the test chose (vertex ids in argv[3]), through the paint command."""
    stroke = PaintStroke(s.drawing, s.body, symptom, window.brush.radius(), 8.0)
    stroke.add(np.array([int(v) for v in sys.argv[3].split(",")]))
    window.undo_stack.push(stroke)
'''

_CHILD_END = '''

if sys.argv[1] == "work":
    work()
    json.dump(snapshot(), open(sys.argv[2], "w"))
    print("WORKED", flush=True)
    app.exec()  # until the test kills it
else:
    json.dump(snapshot(), open(sys.argv[2], "w"))
    print("TITLE", window.sessions.shown_title(), flush=True)
    window.close()
'''


def child_script(steps: str) -> str:
    """A child app for :func:`kill_and_restore`: the shared start (window ``window``, state ``s``,
    ``paint_from_argv``), then ``steps`` defining ``snapshot()`` (what both runs write) and ``work()``
    (what the first run does before it is killed)."""
    return _CHILD_START + textwrap.dedent(steps) + _CHILD_END


def kill_and_restore(tmp_path: Path, body, child: str) -> tuple[dict, dict, subprocess.CompletedProcess, Path]:
    """Run ``child`` (:func:`child_script`; 'work' mode) until it prints WORKED, SIGKILL it, then run it in 'restore' mode with
    recovery on.  Returns what each run wrote (its snapshot), the second run and the recovery folder."""
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(child))
    folder = tmp_path / "recovery"
    env = dict(os.environ, RADVIZ_RECOVERY=str(folder), XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("RADVIZ_RECOVER", None)
    env.pop("PYVISTA_OFF_SCREEN", None)
    verts = f"{front_vertex(body, 'forearm', +1)},{front_vertex(body, 'forearm', +1, below=0.5)}"
    proc = subprocess.Popen([sys.executable, str(script), "work", str(tmp_path / "worked.json"), verts],
                            env=env, stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    watchdog = threading.Timer(180, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout.readline().strip() == "WORKED"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
    finally:
        watchdog.cancel()
        proc.stdout.close()
    assert len(list(folder.glob("*.json"))) == 1

    env.update(RADVIZ_RECOVER="yes", RADVIZ_ASK="no")
    second = subprocess.run([sys.executable, str(script), "restore", str(tmp_path / "restored.json")], env=env,
                            capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert second.returncode == 0, second.stderr[-2000:]
    worked = json.loads((tmp_path / "worked.json").read_text())
    restored = json.loads((tmp_path / "restored.json").read_text())
    return worked, restored, second, folder
