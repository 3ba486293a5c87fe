"""Reading and writing user files safely.

Reads are bounded: only regular files are opened (a FIFO would block, ``/dev/zero`` never ends and
reports size 0), and a file larger than its limit is refused before it is read.  Writes are
atomic: a kill, a full disk or a failed write leaves the old file, never half a new one.
The limits are listed in ``docs/limits.md``.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterator

from radviz.errors import InputError, OutputError

__all__ = ["write_atomic", "read_bounded", "iter_lines", "open_regular", "check_output_path", "short"]

_CHUNK = 1 << 20


def short(value, limit: int = 40) -> str:
    """``repr`` of a bad value cut to a short prefix, so an error message stays one short line."""
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\n", " ").replace("\r", " ")
    return text if len(text) <= limit else text[:limit] + f"... ({len(text):,} characters)"


def open_regular(path: Path) -> int:
    """An fd for reading ``path``, refusing anything but a regular file without blocking on it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(path, "", "file not found") from None
    except IsADirectoryError:
        raise InputError(path, "", "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(path, "", f"cannot open ({exc.strerror or exc})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(mode) else "a device, FIFO or socket"
        raise InputError(path, "", f"is {what}, not a regular file; radviz reads only files")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return fd


def read_bounded(path: str | Path, limit: int, what: str = "file") -> bytes:
    """All bytes of a regular file of at most ``limit`` bytes; else :class:`InputError`.

    The size is checked before reading and again while reading (the file may grow meanwhile).
    """
    path = Path(path)
    fd = open_regular(path)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise InputError(path, "", f"{size:,} bytes; a radviz {what} is at most {limit:,} bytes")
        parts, total = [], 0
        while True:
            block = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not block:
                break
            parts.append(block)
            total += len(block)
            if total > limit:
                raise InputError(path, "", f"more than {limit:,} bytes; a radviz {what} is at most {limit:,} bytes")
        return b"".join(parts)
    except OSError as exc:
        raise InputError(path, "", f"cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def iter_lines(path: str | Path, max_line: int) -> Iterator[tuple[int, str, str]]:
    """Yield ``(line number, text, problem)`` for each line of a UTF-8 text file, in constant memory.

    ``problem`` is "" for a good line.  A line longer than ``max_line`` bytes, or not UTF-8, comes
    with ``text`` "" and the problem in words; a long line is skipped without being kept, so one
    bad line never costs more than ``max_line`` bytes.
    """
    path = Path(path)
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as fh:
        lineno = 0
        while True:
            try:
                raw = fh.readline(max_line + 1)
            except OSError as exc:
                raise InputError(path, f"line {lineno + 1}", f"cannot read ({exc.strerror or exc})") from None
            if not raw:
                return
            lineno += 1
            if len(raw) > max_line and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # drop the rest of the long line
                    raw = fh.readline(_CHUNK)
                yield lineno, "", f"longer than {max_line:,} bytes"
                continue
            try:
                yield lineno, raw.decode("utf-8"), ""
            except UnicodeDecodeError as exc:
                yield lineno, "", f"not UTF-8 text (byte {exc.start + 1})"


def check_output_path(path: str | Path, create_folder: bool = False) -> Path:
    """Refuse, before any work, an output target radviz must not or cannot write.

    Existing targets must be regular files (never a device, FIFO, socket or folder); the folder
    must exist (unless ``create_folder``) and be writable.  Raises :class:`OutputError`.
    """
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise OutputError(path, "is a folder; give a file name")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(path, f"cannot use this path ({exc.strerror or exc})") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(path, "is a folder; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(path, "exists and is not a regular file (a device, FIFO or socket); "
                                "radviz replaces only regular files")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        if create_folder and not folder.exists():
            return path
        raise OutputError(path, f"folder '{folder}' does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(path, f"folder '{folder}' is not writable")
    return path


def _write_all(fd: int, data: bytes) -> None:
    """``os.write`` until every byte is written; a short or failed write raises."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        if n <= 0:
            raise OSError(errno.EIO, "the write made no progress")
        view = view[n:]


def write_atomic(path: str | Path, data: str | bytes, create_folder: bool = True) -> Path:
    """Write ``data`` next to ``path`` under a temporary name, fsync it, then rename it over ``path``.

    Every write is checked: on any failure (full disk, quota, I/O error) the temporary file is
    removed, the old ``path`` is kept as it was and :class:`OutputError` says why.  An existing
    target that is not a regular file is refused (a rename would replace a device node).
    """
    path = check_output_path(path, create_folder)
    blob = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    tmp = None
    try:
        if create_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, _mode_for(path))
            _write_all(fd, blob)
            os.fsync(fd)
        finally:
            os.close(fd)
        if os.path.getsize(tmp) != len(blob):
            raise OSError(errno.EIO, "the written file is shorter than the data")
        os.replace(tmp, path)
        tmp = None
        _fsync_folder(path.parent)
    except OSError as exc:
        raise OutputError(path, f"cannot write ({exc.strerror or exc}); nothing was changed") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return path


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, else what a plain ``open`` would give (0666 less the umask)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: some file systems refuse it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
