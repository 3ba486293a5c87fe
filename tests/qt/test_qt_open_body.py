"""A broken mesh file shows an error naming the file and the problem, and the body stays."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def shown_errors(monkeypatch):
    messages = []

    def capture(parent, title, text, *args, **kwargs):
        messages.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", capture)
    monkeypatch.setattr(QMessageBox, "warning", capture)
    return messages


@pytest.mark.parametrize("name, content, problem", [
    ("empty.obj", "", "no"),
    ("nan.obj", "v nan 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n", "NaN"),
    ("points.ply", "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                   "property float z\nend_header\n0 0 0\n1 0 0\n0 1 0\n", "no faces"),
    ("body.xyz", "1 2 3\n", "unknown mesh type"),
])
def test_broken_mesh_shows_error_and_keeps_body(main_window, shown_errors, tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content)
    body, drawing = main_window.body, main_window.drawing
    assert main_window.open_body(path) is False
    assert len(shown_errors) == 1
    title, text = shown_errors[0]
    assert name in text and problem in text
    assert main_window.body is body and main_window.drawing is drawing
    assert main_window.view.body is body
