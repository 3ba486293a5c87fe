"""The Help menu: a quick start, the keyboard shortcuts, the words explained, then About.

The shortcuts are read from the window's registered actions when the dialog opens, so the list is
never out of date; the words come from the vocabulary's glossary (``maps/vocabulary.yaml``).
"""
from __future__ import annotations

import html

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from radviz.vocabulary import GLOSSARY

__all__ = ["QUICK_START", "shortcut_rows", "glossary_html", "quick_start_html", "shortcuts_html", "install"]

QUICK_START = (
    ("Show where you feel it", "Drag on the body to paint. Choose pain, tingling or numbness and the "
                               "strength (0 to 10) in the brush bar first."),
    ("Turn the body", "Hold Ctrl while dragging, or press 1 to 5 for the front, back, sides and top."),
    ("Read the results", "The Results panel ranks the nerve roots and nerves whose skin fits the drawing "
                         "and says why. Click a row to see that root on the body."),
    ("Read the colours", "The legend under the body names what is shown: a root's own skin, the skin it "
                         "shares with its neighbours, skin only some people get from it, and each "
                         "symptom drawn with its 0 to 10 scale."),
    ("Add what was examined", "Clinicians: the Findings panel takes weak or normal movements, reflexes "
                              "and red-flag signs."),
    ("Keep your work", "Save the session (Ctrl+S); an unsaved drawing is kept safe and offered back "
                       "after a crash. Export a PDF report with Ctrl+P."),
    ("Learn", "Teach mode (F9) asks questions on its own drawing and shows the dermatome tour."),
)
"""The first steps, in order: (what, how)."""


def shortcut_rows(window) -> list[tuple[str, str]]:
    """(what, keys) for every registered action with a shortcut, in menu order, plus the mouse."""
    rows = [("Mark the skin (Paint tool)", "drag on the body"), ("Turn the body while painting", "Ctrl + drag"),
            ("Zoom", "mouse wheel")]
    for action in window.actions.values():
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        if keys:
            rows.append((action.text().replace("&", "").rstrip("…"), keys))
    return rows


def _page(title: str, rows) -> str:
    cells = "".join(f"<tr><td style='padding:3px 12px 3px 0'><b>{html.escape(a)}</b></td>"
                    f"<td style='padding:3px 0'>{html.escape(b)}</td></tr>" for a, b in rows)
    return f"<h3>{html.escape(title)}</h3><table>{cells}</table>"


def quick_start_html() -> str:
    return _page("Quick start", QUICK_START)


def shortcuts_html(window) -> str:
    return _page("Keyboard shortcuts", shortcut_rows(window))


def glossary_html() -> str:
    return _page("Words explained", sorted(GLOSSARY.items(), key=lambda kv: kv[0].lower()))


class HelpPage(QDialog):
    """A page of help text with a Close button (not modal: it can stay open beside the body)."""

    def __init__(self, title: str, text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QTextBrowser()
        self.text.setHtml(text)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        box = QVBoxLayout(self)
        box.addWidget(self.text)
        box.addWidget(close)
        self.resize(560, 460)


def install(window) -> None:
    """Quick start (F1), keyboard shortcuts and words explained, above 'Who is using radviz?' and About."""
    window.help_pages = {}

    def opener(key: str, title: str, make):
        def open_page() -> HelpPage:
            page = HelpPage(title, make(), window)
            window.help_pages[key] = page
            page.show()
            return page
        return open_page

    before = "choose_user" if "choose_user" in window.actions else "about"
    for key, text, make, shortcut in (
            ("quick_start", "Quick start", quick_start_html, "F1"),
            ("shortcuts", "Keyboard shortcuts", lambda: shortcuts_html(window), "Ctrl+/"),
            ("glossary", "Words explained", glossary_html, None)):
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False, f=opener(key, text, make): f())
        window.add_action(f"help_{key}", action, "help", before=before)
    window.menus["help"].insertSeparator(window.actions["about"])
