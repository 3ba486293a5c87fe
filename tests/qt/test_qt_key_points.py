"""The app's root browser and markers read the one key-point definition (maps/key_points.yaml)."""
from __future__ import annotations

import numpy as np

from radviz.keypoints import key_points, load_key_points


def test_root_browser_names_and_marks_the_t2_key_point(main_window):
    w = main_window
    w.browser.side_box.setCurrentIndex(w.browser.side_box.findData("left"))
    w.browser.root_box.setCurrentIndex(w.browser.root_box.findData("T2"))
    assert load_key_points().description("T2") in w.browser.info.toPlainText()  # "apex of the axilla"
    apex = key_points(w.body)[("T2", "left")]
    assert apex.vertex == w.body.landmarks["l-axilla-apex"]
    shown = np.asarray(w.view._markers.points)
    assert w.view._markers_actor.GetVisibility()
    assert np.linalg.norm(shown - apex.position, axis=1).min() < 0.15  # the dot sits on the axilla apex
