"""Roots or nerves: the layer switch, the nerve browser, nerve rows in the results, nerve hover text."""
from __future__ import annotations


import numpy as np
import pytest

from radviz.state import Shown


def _paint_dorsum_of_left_foot(window) -> np.ndarray:
    """A peroneal-like drawing: numbness over the top of the left foot (model API, one stroke)."""
    b = window.body
    top = np.flatnonzero((b.part == list(b.part_names).index("foot")) & (b.side > 0) & (b.vertex_normals[:, 1] > 0.5))
    window.engine.paint_points(window.drawing, top[::15], 0.3, "numbness")
    return top


def test_nerve_browser_lists_every_nerve_of_the_map(main_window):
    nerves = main_window.layers.browser.nerves()
    assert len(nerves) == 21 and nerves == main_window.engine.nerves.territories
    assert "superficial_peroneal" in nerves


def test_choosing_a_nerve_shows_its_territory_and_muscles(main_window):
    w = main_window
    skin = w.view.colours()
    browser = w.layers.browser
    browser.side_box.setCurrentIndex(browser.side_box.findData("left"))
    browser.nerve_box.setCurrentIndex(browser.nerve_box.findData("superficial_peroneal"))
    weights = w.engine.nerves.column_weights("superficial_peroneal", "left")
    shown = w.view.colours()
    high = weights >= 0.7
    assert high.sum() > 20
    assert (shown[high] != skin[high]).any(axis=1).all()
    untouched = (weights == 0) & (w.body.side < 0)
    assert np.array_equal(shown[untouched], skin[untouched])
    text = browser.info.toPlainText()
    assert "Peroneus longus" in text and "L5" in text and "Guarantors of Brain" in text


def test_layer_switch_paints_all_nerves_instead_of_all_dermatomes(main_window):
    w = main_window
    w.browser.all_box.setChecked(True)
    dermatomes = w.view.colours()
    w.layers.actions["nerves"].trigger()  # the View menu; the toolbar combo mirrors it
    assert w.layers.combo.currentData() == "nerves"
    nerves = w.view.colours()
    assert not np.array_equal(nerves, dermatomes)
    trunk = w.body.part == list(w.body.part_names).index("trunk")
    assert np.ptp(nerves[trunk], axis=0).max() < np.ptp(dermatomes[trunk], axis=0).max()  # no nerve map on the trunk
    w.layers.combo.setCurrentIndex(w.layers.combo.findData("roots"))
    assert w.layers.actions["roots"].isChecked()
    assert np.array_equal(w.view.colours(), dermatomes)


def test_results_show_nerve_rows_for_a_peroneal_drawing(main_window):
    w = main_window
    # The top of the foot alone is L5 skin (issue 15); what tells a superficial peroneal lesion
    # apart is the examination: eversion weak, the L5 muscles it does not supply strong.
    for movement, state in (("ankle_eversion", "weak"), ("ankle_inversion", "normal"), ("hip_abduction", "normal"),
                            ("great_toe_extension", "normal"), ("ankle_dorsiflexion", "normal")):
        w.findings.set_motor("left", movement, state)
    _paint_dorsum_of_left_foot(w)
    assert "peripheral_nerve" in w.last_result.flags
    assert not w.layers.note.isHidden() and "Nerve, not root" in w.layers.note.text()
    assert w.results.table.rowCount() == len(w.results.rows)  # roots only, until the layer is on
    w.state.set_layer("both")
    rows = w.layers.nerve_rows
    assert rows and rows[0] == ("superficial_peroneal", "left")
    table = w.results.table
    assert table.rowCount() == len(w.results.rows) + len(rows)
    k = len(w.results.rows)
    assert table.item(k, 0).text().lower() == "superficial peroneal"
    table.selectRow(k)  # a nerve row shows that nerve, never a root
    assert w.state.shown == Shown.nerve("superficial_peroneal", "left")
    assert w.layers.browser.nerve_box.currentData() == "superficial_peroneal"
    w.refresh_results()  # a re-score keeps the chosen nerve row
    assert w.layers._chosen_nerve() == ("superficial_peroneal", "left")


@pytest.mark.parametrize("layer", ["nerves", "both"])
def test_hover_names_the_nerves_at_the_spot_when_the_layer_is_on(main_window, layer):
    w = main_window
    b = w.body
    shin = np.flatnonzero(w.engine.nerves.column_weights("superficial_peroneal", "left") >= 0.99)
    vertex = int(shin[np.argmax(b.vertex_normals[shin, 2])])
    w.view.hovered.emit(vertex)
    assert "|" not in w.hover_label.text()
    w.state.set_layer(layer)
    w.view.hovered.emit(vertex)
    roots, nerves = w.hover_label.text().split(" | ")
    assert "L5" in roots and "superficial peroneal 1.00" in nerves


def test_nerve_pictures_reach_the_2d_chart(main_window):
    w = main_window
    w.chart_switch.show_chart(True)
    w.layers.show_nerve("sural", "right")
    weights = w.engine.nerves.column_weights("sural", "right")
    back = w.chart_switch.chart.charts["posterior"]
    assert np.array_equal(back.colours(), w.view.colours())
    assert (back.colours()[weights >= 0.7] != w.view.colours()[weights == 0][0]).any(axis=1).all()
    assert w.chart_switch.chart.legend.texts()[0] == "sural core: nearly everyone"
