"""Crash recovery files: one per running radviz window, each with a lock, Qt-free.

Layout (``docs/limits.md``): a folder, ``RADVIZ_RECOVERY`` or ``cache_dir()/recovery``, holding
``<started>-<pid>-<token>.json`` (the unsaved work, a session with a ``recovery`` block) and a
``.lock`` beside it that the owning process keeps ``flock``-ed while it runs.  A file whose lock
nobody holds is an *orphan*: its window crashed or was killed.  Two windows never share a file, so
one window's save or "No, discard" never deletes another's work.  A damaged orphan is renamed to
``.bad`` (kept, never offered again).
"""
from __future__ import annotations

import fcntl
import json
import os
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from radviz.errors import InputError
from radviz.files import read_bounded, write_atomic

__all__ = ["RecoveryFile", "Orphan", "recovery_dir", "find_orphans", "summarize", "read_recovery"]

_MAX_BYTES = 50_000_000  # as a session


def recovery_dir() -> Path:
    """The folder of recovery files (``RADVIZ_RECOVERY`` overrides, for tests and labs)."""
    override = os.environ.get("RADVIZ_RECOVERY")
    if override:
        return Path(override)
    from radviz.paths import cache_dir

    return cache_dir() / "recovery"


def _claim(lock: Path) -> int | None:
    """Lock ``lock`` for this process (an fd to close later), or None while a running radviz holds it."""
    try:
        fd = os.open(lock, os.O_CREAT | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


class RecoveryFile:
    """This window's recovery file and the lock that says it is alive.

    The lock is taken when the file is made and held until :meth:`close`; the file itself exists
    only while there is unsaved work (:meth:`write`, :meth:`remove`).
    """

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else recovery_dir()
        stamp = time.strftime("%Y%m%dT%H%M%S")
        self.name = f"{stamp}-{os.getpid()}-{secrets.token_hex(3)}"
        self.path = self.folder / f"{self.name}.json"
        self.lock_path = self.folder / f"{self.name}.lock"
        self._lock_fd: int | None = None

    def _lock(self) -> None:
        """Take the lock the first time there is something to keep (creating the folder)."""
        if self._lock_fd is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_CREAT | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, str(os.getpid()).encode())
        self._lock_fd = fd

    def write(self, data: dict) -> Path:
        """Keep ``data`` (a session dict) atomically; raises OSError when the disk refuses."""
        self._lock()
        data = dict(data, recovery={"written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                    **data.get("recovery", {})})
        return write_atomic(self.path, json.dumps(data, indent=1, allow_nan=False))

    def remove(self) -> None:
        """All work is saved (or discarded): nothing to recover."""
        try:
            self.path.unlink()
        except (FileNotFoundError, NotADirectoryError):  # never written, or its folder cannot exist
            pass

    def close(self) -> None:
        """A clean exit: remove the file and the lock."""
        self.remove()
        if self._lock_fd is not None:  # only ever set once the folder existed
            self.lock_path.unlink(missing_ok=True)
            os.close(self._lock_fd)
            self._lock_fd = None


@dataclass
class Orphan:
    """A recovery file no running radviz owns: when it was written and what it holds.

    Found orphans are claimed (their lock held by this process) until :meth:`release`,
    :meth:`discard` or :meth:`set_aside`, so two windows never restore the same one.
    """

    path: Path
    written: str
    summary: str
    data: dict | None  # None: damaged (it is set aside, not offered)
    _fd: int | None = None

    @property
    def lock_path(self) -> Path:
        return self.path.with_suffix(".lock")

    def release(self) -> None:
        """Leave it for a later start."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
        self.lock_path.unlink(missing_ok=True)
        self.release()

    def set_aside(self) -> Path:
        """Keep a damaged file under ``.bad`` so it is neither lost nor offered again."""
        bad = self.path.with_name(self.path.name + ".bad")
        self.path.replace(bad)
        self.lock_path.unlink(missing_ok=True)
        self.release()
        return bad


def summarize(data: dict) -> str:
    """'pain on 120 points, 2 findings; map lee2008, body neutral' for the restore question."""
    drawing = data.get("drawing") if isinstance(data.get("drawing"), dict) else {}
    painted = [f"{name} on {len(entry.get('vertices', []))} points" for name, entry in drawing.items()
               if isinstance(entry, dict) and entry.get("vertices")]
    findings = data.get("findings") if isinstance(data.get("findings"), dict) else {}
    count = sum(len(items) for group in ("motor", "reflexes") if isinstance(findings.get(group), dict)
                for items in findings[group].values() if isinstance(items, dict))
    count += len(findings.get("signs", []) or [])
    body = data.get("body", {}) if isinstance(data.get("body"), dict) else {}
    map_ = data.get("map", {}) if isinstance(data.get("map"), dict) else {}
    what = ", ".join(painted) or "no drawing"
    return (f"{what}; {count} finding{'s' if count != 1 else ''}; map {map_.get('name', '?')}, "
            f"body {body.get('shape', '?')}")


def read_recovery(path: Path) -> dict | None:
    """A recovery file's JSON object, or None when it is damaged."""
    try:
        data = json.loads(read_bounded(path, _MAX_BYTES, "recovery file").decode("utf-8"))
    except (InputError, ValueError, RecursionError):  # damaged: not offered; the caller sets it aside
        return None
    return data if isinstance(data, dict) else None


def find_orphans(folder: Path | None = None, own: RecoveryFile | None = None) -> list[Orphan]:
    """Every recovery file whose window is gone, newest first, claimed (damaged ones: ``data`` None)."""
    folder = Path(folder) if folder is not None else recovery_dir()
    if not folder.is_dir():
        return []
    out = []
    for path in folder.glob("*.json"):
        if own is not None and path == own.path:
            continue
        fd = _claim(path.with_suffix(".lock"))
        if fd is None:  # its window is running (or another window is offering it right now)
            continue
        data = read_recovery(path)
        block = (data or {}).get("recovery")
        try:
            written = block["written"] if isinstance(block, dict) and isinstance(block.get("written"), str) \
                else datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat(timespec="seconds")
        except OSError:  # gone meanwhile
            os.close(fd)
            continue
        out.append(Orphan(path, written, summarize(data) if data else "damaged", data, fd))
    return sorted(out, key=lambda o: o.written, reverse=True)
