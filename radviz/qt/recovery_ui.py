"""Autosave and crash recovery in the window.

Nobody may lose twenty minutes of painting to a crash: every change the session controller sees
is written at once, atomically, to this window's own recovery file (:mod:`radviz.recovery`); the
file exists exactly while there is unsaved work.  A write that fails (full disk, read-only folder)
is told once, in the window, and retried every few seconds until it works.  At start, every
orphaned recovery file (its window crashed) is offered back with its time and a summary.

``RADVIZ_RECOVER`` = ``yes`` / ``no`` answers the "restore?" question without a dialog (a damaged
file is then set aside with a line on stderr, never a dialog).
"""
from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from radviz.errors import InputError
from radviz.recovery import Orphan, RecoveryFile, find_orphans, read_recovery, summarize

__all__ = ["Autosave", "RETRY_MS", "saved_when", "restore_question"]

RETRY_MS = 5000


def saved_when(written: str, now: datetime | None = None) -> str:
    """'Tuesday 1 December 2026 at 14:05 (3 hours ago)', in local time, from the file's ISO time."""
    try:
        when = datetime.fromisoformat(written)
    except (TypeError, ValueError):
        return "an unknown time"
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    minutes = max(int((now - when).total_seconds() // 60), 0)
    ago = (f"{minutes} minute{'s' * (minutes != 1)} ago" if minutes < 120 else
           f"{minutes // 60} hours ago" if minutes < 48 * 60 else f"{minutes // 1440} days ago")
    local = when.astimezone()
    return f"{local:%A} {local.day} {local:%B %Y at %H:%M} ({ago})"


def restore_question(orphan: Orphan, now: datetime | None = None) -> str:
    """The restore question: when the work was last saved to the recovery file and what comes back."""
    return (f"radviz did not close normally.\n\nUnsaved work was kept on {saved_when(orphan.written, now)}."
            f"\n\nRestoring brings back: {orphan.summary}.\n\nRestore it? (No discards it.)")


class Autosave(QObject):
    """Keeps this window's recovery file in step with its session controller.

    Parameters
    ----------
    sessions : SessionController
    """

    def __init__(self, sessions):
        super().__init__(sessions)
        self.sessions, self.window = sessions, sessions.window
        self.file = RecoveryFile()
        self.failing = False  # the last write failed; the user has been told
        self.retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self.retry.timeout.connect(self.write)
        sessions.changed.connect(self.write)

    @property
    def path(self):
        return self.file.path

    def write(self) -> None:
        """Write the unsaved work now; remove the file when everything is saved."""
        if self.sessions.closed:
            return
        try:
            if not self.sessions.is_modified():
                self.file.remove()
                return
            self.file.write(self.sessions.session_dict())
        except OSError as exc:
            self._failed(exc)
            return
        if self.failing:
            self.failing = False
            self.window.statusBar().showMessage("Autosave works again: unsaved work is kept", 8000)

    def _failed(self, exc: OSError) -> None:
        """Tell once, in the window; keep trying."""
        if not self.failing:
            self.failing = True
            self.sessions.say("Autosave failed",
                              f"radviz cannot keep a copy of your unsaved work in {self.file.folder}\n\n"
                              f"{exc.strerror or exc}\n\nIt keeps trying; save the session to be safe.")
        self.retry.start()

    def close(self) -> None:
        """A clean exit: saved or discarded, nothing is left to recover."""
        self.retry.stop()
        self.file.close()

    # ------------------------------------------------------------------ start-up
    def offer(self, ask: bool) -> list[Orphan]:
        """Offer every orphaned recovery file back; returns the ones restored.

        ``RADVIZ_RECOVER`` answers without a dialog; without it, only the app (``ask``) asks.
        """
        answer = os.environ.get("RADVIZ_RECOVER", "").lower()
        restored = []
        orphans = find_orphans(self.file.folder, self.file)
        try:
            for orphan in orphans:
                if orphan.data is None:
                    bad = orphan.set_aside()
                    self._tell_damaged(f"{orphan.path.name}: damaged; kept as {bad.name}", answer)
                    continue
                choice = answer if answer in ("yes", "no") else (self._ask(orphan) if ask else "")
                if choice == "yes" and self._restore(orphan, answer):
                    restored.append(orphan)
                elif choice == "no":
                    orphan.discard()
        finally:
            for orphan in orphans:
                orphan.release()  # unanswered ones wait for the next start
        return restored

    def _ask(self, orphan: Orphan) -> str:
        button = QMessageBox.question(
            self.window, "Restore unsaved work?", restore_question(orphan),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        return "yes" if button == QMessageBox.StandardButton.Yes else "no"

    def _restore(self, orphan: Orphan, answer: str) -> bool:
        """Restore into this window, or into a new one when this one already holds unsaved work."""
        target = self
        if self.sessions.is_modified():  # never replace unsaved work: one window per restored file
            window = type(self.window)()
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.show()
            target = window.autosave
        try:
            target.sessions.restore(orphan.data)
        except InputError as exc:
            bad = orphan.set_aside()
            self._tell_damaged(f"{orphan.path.name}: {exc.place + ': ' if exc.place else ''}{exc.reason}; "
                               f"kept as {bad.name}", answer)
            if target is not self:
                target.window.close()
            return False
        orphan.discard()  # its work is now that window's, kept in its own recovery file
        target.window.statusBar().showMessage(f"Restored the unsaved work from {orphan.written}", 8000)
        return True

    def _tell_damaged(self, line: str, answer: str) -> None:
        if answer in ("yes", "no"):  # unattended start: never stop on a dialog
            print(f"radviz: recovery file {line}", file=sys.stderr)
            self.window.statusBar().showMessage(f"A recovery file was damaged: {line}", 10000)
        else:
            self.sessions.say("A recovery file was damaged", line)

    def recover(self, path) -> bool:
        """Restore the work kept in one recovery file (any path); it stays unsaved and untitled."""
        data = read_recovery(Path(path))
        if data is None:
            self.sessions.say("Cannot restore this work", f"{Path(path).name}: damaged or not a radviz session")
            return False
        orphan = Orphan(Path(path), "", summarize(data), data)
        try:
            self.sessions.restore(orphan.data)
        except InputError as exc:
            self.sessions.say("Cannot restore this work", f"{Path(path).name}: {exc.place}: {exc.reason}")
            return False
        return True
