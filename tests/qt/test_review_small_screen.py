"""A fresh look at the window on a 1280x720 laptop screen: the clinician's findings, the nerve
browser, the teacher's quiz, the two maps side by side and the visits' windows all stay whole and
on the screen.

One Xvfb screen of that size, one child app (as ``test_qt_screen_fit`` opens it); the child walks
the clinician's and the teacher's first steps and prints what a user would see, each test checks
one thing of it.
"""
from __future__ import annotations

import pytest
from test_qt_screen_fit import _inside, _open_on_screen

_WALK = """
import json
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QFormLayout, QScrollArea, QTabWidget
app = QApplication(['radviz'])
from radviz import teach
from radviz.qt.first_run import set_user
from radviz.qt.main_window import MainWindow

def settle():
    for _ in range(40):
        app.processEvents()

def rect_in(widget, ancestor):
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())

w = MainWindow(first_start=True)
w.show()
settle()
seen = {'avail': w.screen().availableGeometry().getRect()}
w.first_run.buttons['clinician'].click()
w.docks['findings'].raise_()
settle()
tabs, hidden = w.findings_panel.findChild(QTabWidget), []
for index in range(tabs.count()):  # Movements and Reflexes: both sides' boxes in sight
    tabs.setCurrentIndex(index)
    settle()
    area = tabs.currentWidget()
    if not isinstance(area, QScrollArea):
        continue  # the red flags: one column of check boxes
    view = area.viewport()
    hidden += [f'{tabs.tabText(index)} {kind} {side} {name}' for (kind, side, name), combo
               in w.findings_panel.combos.items()
               if combo.isVisibleTo(area) and not 0 <= rect_in(combo, view).left() <= rect_in(combo, view).right()
               < view.width()]  # rows below are scrolled to; sideways nothing may hide
seen['findings_hidden'] = hidden
w.docks['nerves'].raise_()
settle()
browser = w.docks['nerves'].widget()
form = browser.findChild(QFormLayout)
seen['nerve_labels'] = [(label.text(), label.width(), label.fontMetrics().horizontalAdvance(label.text()))
                        for label in (form.labelForField(form.itemAt(r, QFormLayout.ItemRole.FieldRole).widget())
                                      for r in range(form.rowCount()))]
set_user(w, 'teacher')
settle()
panel = w.teach_panel
panel.start(teach.Quiz(('muscle',), 3, 7, engine=w.engine))
settle()
seen['quiz_frame'] = w.frameGeometry().getRect()
seen['choices'] = rect_in(panel.choices, panel).getRect()
seen['check'] = rect_in(panel.check_button, panel).getRect()
seen['n_choices'] = panel.choices.count()
compare = w.teach_tools.compare()
settle()
seen['compare_frame'] = compare.frameGeometry().getRect()
compare.close()
w.teach_action.setChecked(False)
w.state.add_visit('2026-12-01')
for name, opened in (('visits_compare', w.visits.compare(0, 1)), ('trends', w.visits.trends())):
    settle()
    seen[name + '_frame'] = opened.frameGeometry().getRect()
    opened.close()
print(json.dumps(seen))
w.sessions.ask = False
w.close()
"""


@pytest.fixture(scope="module")
def small_screen():
    return _open_on_screen(1280, 720, probe=_WALK)


@pytest.mark.window
def test_the_findings_show_both_sides_without_scrolling_sideways(small_screen):
    assert small_screen["findings_hidden"] == []


@pytest.mark.window
def test_the_nerve_browser_labels_are_whole(small_screen):
    labels = small_screen["nerve_labels"]
    assert [text for text, _, _ in labels] == ["Nerve", "Side"]
    assert all(width >= needed for _, width, needed in labels), labels


@pytest.mark.window
def test_a_quiz_question_keeps_the_window_on_the_screen(small_screen):
    assert _inside(small_screen["quiz_frame"], small_screen["avail"]), small_screen


@pytest.mark.window
def test_the_quiz_choices_never_cover_the_check_button(small_screen):
    assert small_screen["n_choices"] >= 2
    _, top, _, height = small_screen["choices"]
    assert top + height <= small_screen["check"][1], small_screen
    assert height >= 100  # several choices in sight, not a squeezed sliver


@pytest.mark.window
def test_the_two_maps_window_fits_the_screen(small_screen):
    assert _inside(small_screen["compare_frame"], small_screen["avail"]), small_screen


@pytest.mark.window
@pytest.mark.parametrize("name", ["visits_compare", "trends"])
def test_the_visits_windows_fit_the_screen(small_screen, name):
    assert _inside(small_screen[name + "_frame"], small_screen["avail"]), small_screen
