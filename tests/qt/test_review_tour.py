"""The dermatome tour on a 1280x720 projector: every step's text is whole beside the body."""
from __future__ import annotations

import pytest

from radviz import teach


@pytest.mark.window
def test_every_tour_step_fits_a_small_screen(main_window, qtbot):
    from radviz.qt.tour_view import TEXT_POINTS, TourView

    w = main_window
    steps = teach.tour_steps(w.engine.atlas, w.engine.myotomes, w.summaries)
    tour = TourView(w.body, w.engine.atlas, steps)
    qtbot.addWidget(tour)
    tour.resize(1280, 720)  # what a full-screen tour gets on a 1280x720 screen
    tour.show()
    qtbot.waitExposed(tour)
    sizes = set()
    for k in range(len(steps)):
        tour.show_step(k)
        text = tour.text
        assert text.heightForWidth(text.width()) <= text.height(), (steps[k].root, text.font().pointSize())
        sizes.add(text.font().pointSize())
    assert max(sizes) == TEXT_POINTS[0]  # short steps keep the large lecture size
    tour.close()
