"""One error type for every bad input: it names the file, the place and the problem."""
from __future__ import annotations

from pathlib import Path

__all__ = ["InputError", "OutputError", "UsageError"]


class InputError(ValueError):
    """Raised by every loader (mesh, map, session, CLI batch line) on bad input.

    Parameters
    ----------
    source : str or Path
        The file (or "argument", "batch line 3", ...) the problem is in.
    place : str
        Where inside it (a key path like ``roots.L4.pieces[2].angle``), or "" for the whole.
    reason : str
        What is wrong, in plain words, with the allowed values where that helps.
    """

    def __init__(self, source: str | Path, place: str, reason: str):
        self.source = str(source)
        self.place = place
        self.reason = reason
        where = f"{self.source}: {place}" if place else self.source
        super().__init__(f"{where}: {reason}")


class OutputError(OSError):
    """Raised when radviz cannot (or must not) write an output file; the old file is kept.

    A subclass of ``OSError`` so callers that already handle write failures keep working.
    """

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class UsageError(Exception):
    """A bad command-line value (exit status 2); the message is one line naming the value.

    Here, not in ``radviz.cli``, so subcommand modules raise it without importing the CLI.
    """
