"""The cohort CSV: one row per drawing, one column per region, written as the drawings stream by.

Rows go to a temporary file beside the target, which replaces the target only when the whole
cohort is written: a failed or interrupted run leaves the old file as it was, never half a table.
"""
from __future__ import annotations

import csv
import errno
import os
import tempfile
from pathlib import Path

import numpy as np

from radviz.errors import OutputError
from radviz.files import check_output_path

__all__ = ["CohortTable", "COLUMN_MEANINGS", "FIXED_COLUMNS", "SHARE_DECIMALS"]

COLUMN_MEANINGS = {
    "line": "line number of the drawing in the input file",
    "id": "the line's `id` (blank when absent)",
    "date": "the line's `date`, as written (ISO 8601)",
    "group": "the line's `group`",
    "symptom": "the line's symptom (blank for a line without points)",
    "area_cm2": "skin with symptoms of the counted kinds (`--symptom`), in cm²",
    "top_root": "the best-ranked root, as `radviz locate` ranks it (blank without symptoms)",
    "top_side": "its side",
    "top_score": "its score (0..1); the printed top-1 counts include it from the 'possible' band up",
}
"""The columns before the region columns, with what they hold (listed in ``docs/regions.md``)."""

FIXED_COLUMNS = tuple(COLUMN_MEANINGS)

SHARE_DECIMALS = 3
_SHARE_TEXT = np.array(["0"] + [f"{k / 10 ** SHARE_DECIMALS:.{SHARE_DECIMALS}f}".rstrip("0")
                                 for k in range(1, 10 ** SHARE_DECIMALS)] + ["1"], dtype=object)


class CohortTable:
    """A CSV written row block by row block (``with CohortTable(path, codes) as table: table.add(...)``)."""

    def __init__(self, path: str | Path, region_codes: list[str]):
        self.path = check_output_path(path)
        self.codes = list(region_codes)
        self.rows = 0
        self._tmp: str | None = None
        self._fh = None

    def __enter__(self) -> "CohortTable":
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
            os.fchmod(fd, _file_mode(self.path))
            self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise OutputError(self.path, f"cannot write ({exc.strerror or exc}); nothing was changed") from None
        self._writer = csv.writer(self._fh, lineterminator="\n")
        self._write([list(FIXED_COLUMNS) + self.codes])
        return self

    def add(self, fixed: list[list[str]], shares: np.ndarray) -> None:
        """Rows of one chunk: ``fixed`` values per row (as text) and region shares (n_rows, n_regions)."""
        steps = np.rint(np.clip(shares, 0.0, 1.0) * 10 ** SHARE_DECIMALS).astype(np.int64)
        text = _SHARE_TEXT[steps]
        self._write([f + t for f, t in zip(fixed, text.tolist())])
        self.rows += len(fixed)

    def _write(self, rows: list[list[str]]) -> None:
        try:
            self._writer.writerows(rows)
        except OSError as exc:
            raise OutputError(self.path, f"cannot write ({exc.strerror or exc}); nothing was changed") from None

    def __exit__(self, kind, value, tb) -> None:
        tmp, self._tmp = self._tmp, None
        try:
            if kind is None:
                self._fh.flush()
                os.fsync(self._fh.fileno())
            self._fh.close()
            if kind is None:
                if os.path.getsize(tmp) == 0:
                    raise OSError(errno.EIO, "the written file is empty")
                os.replace(tmp, self.path)
                tmp = None
        except OSError as exc:
            raise OutputError(self.path, f"cannot write ({exc.strerror or exc}); nothing was changed") from None
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


def _file_mode(path: Path) -> int:
    """The replaced file's permissions, else what a plain ``open`` gives (0666 less the umask)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
