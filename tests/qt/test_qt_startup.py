"""Start-up: the splash says what is being prepared; a missing display is found before Qt aborts.

No 3D view here, so these run anywhere (on Qt's offscreen platform when there is no X server).
"""
from __future__ import annotations

import pytest

from radviz.qt.app import StartupSplash, display_problem


def test_splash_shows_the_step_being_prepared(qtbot):
    splash = StartupSplash()
    qtbot.addWidget(splash)
    splash.show()
    splash.step("Preparing the body and the dermatome, nerve and muscle maps…")
    assert splash.isVisible()
    assert splash.message.text() == "Preparing the body and the dermatome, nerve and muscle maps…"
    assert splash.message.isVisible()
    image = splash.grab().toImage()
    assert image.width() >= 400 and image.height() >= 150
    assert _inked(image, 0, image.height() // 2) > 200, "no title drawn"
    assert _inked(image, image.height() // 2, image.height()) > 100, "no message drawn"


def _inked(image, top: int, bottom: int) -> int:
    """Pixels between rows ``top`` and ``bottom`` that differ from the background (text drawn)."""
    background = image.pixelColor(image.width() - 3, image.height() // 2)
    return sum(image.pixelColor(x, y) != background
               for y in range(top + 2, bottom - 2, 2) for x in range(2, image.width() - 2, 2))


def test_splash_closes_when_the_window_is_up(qtbot):
    from PySide6.QtWidgets import QWidget

    splash, window = StartupSplash(), QWidget()
    qtbot.addWidget(splash)
    qtbot.addWidget(window)
    splash.show()
    window.show()
    splash.finish(window)
    assert not splash.isVisible()


@pytest.mark.parametrize("env, problem", [
    ({}, "DISPLAY is not set"),
    ({"DISPLAY": ":65031"}, "no X server is listening on DISPLAY=:65031"),
    ({"DISPLAY": "unix:65031.0"}, "no X server is listening on DISPLAY=unix:65031.0"),
    ({"QT_QPA_PLATFORM": "xcb"}, "DISPLAY is not set"),
])
def test_a_missing_display_is_named(env, problem):
    assert problem in display_problem(env, "linux")


@pytest.mark.parametrize("env, platform", [
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),      # the user chose a platform without a display
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux"),
    ({"DISPLAY": "remote.example:10.0"}, "linux"),    # a forwarded display: Qt finds out itself
    ({}, "darwin"),
    ({}, "win32"),
])
def test_displays_that_are_not_checked_pass(env, platform):
    assert display_problem(env, platform) is None
