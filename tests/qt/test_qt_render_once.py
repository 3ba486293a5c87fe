"""Changing what the body shows draws it once, at the next frame, however many changes come at once.

Every change of what the view shows also set the Exam-mode caption (to "" outside Exam mode), and that
rendered the software-GL view on the spot: about 40 ms each time the top root changed while painting.
"""
from radviz.state import Shown


def test_what_the_body_shows_is_drawn_once_for_a_burst_of_changes(main_window, qtbot):
    window = main_window
    window.state.show(Shown.root("L3", "left"))  # the legend strip appears under the view (a resize, a render)
    qtbot.wait(200)
    renders = []
    window.view.plotter.ren_win.AddObserver("StartEvent", lambda *_: renders.append(1))
    for root in ("L4", "L5", "S1"):
        window.state.show(Shown.root(root, "left"))
    assert renders == []  # nothing drawn synchronously: the changes ask for a frame
    qtbot.waitUntil(lambda: len(renders) >= 1, timeout=3000)
    qtbot.wait(100)
    assert len(renders) == 1  # one frame for the three changes
    assert window.view.caption() == ""  # Exam mode is off: no caption
