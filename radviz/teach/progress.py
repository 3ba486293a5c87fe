"""Per-root accuracy kept across sessions in a small local JSON file."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

from radviz.files import write_atomic

__all__ = ["ProgressStore"]

_SCHEMA = "radviz-teach-progress/1"


class ProgressStore:
    """Per-root accuracy across sessions, in a small local JSON file (nothing is sent anywhere).

    A missing file starts empty; a damaged one starts empty with a warning (progress is a
    convenience, never a reason to crash).  Saves are atomic: write a temporary file, flush,
    fsync, rename.
    """

    def __init__(self, path: str | Path | None = None):
        if path is None:
            from radviz.paths import cache_dir

            path = cache_dir() / "teach-progress.json"
        self.path = Path(path)
        self.roots: dict[str, dict[str, int]] = self._load()

    def _load(self) -> dict[str, dict[str, int]]:
        if not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            roots = raw["roots"]
            out = {str(r): {"asked": int(v["asked"]), "correct": int(v["correct"])} for r, v in roots.items()}
            if any(v["asked"] < 0 or not 0 <= v["correct"] <= v["asked"] for v in out.values()):
                raise ValueError("counts out of range")
            return out
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            warnings.warn(f"teaching progress in {self.path} could not be read ({exc}); starting afresh",
                          stacklevel=2)
            return {}

    def add(self, per_root: dict[str, dict[str, int]]) -> None:
        """Merge one quiz's :attr:`Quiz.per_root`."""
        for root, rec in per_root.items():
            mine = self.roots.setdefault(root, {"asked": 0, "correct": 0})
            mine["asked"] += int(rec["asked"])
            mine["correct"] += int(rec["correct"])

    def accuracy(self) -> dict[str, float]:
        """Share answered correctly per root (roots never asked are absent)."""
        return {r: v["correct"] / v["asked"] for r, v in self.roots.items() if v["asked"]}

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"schema": _SCHEMA, "roots": self.roots}, indent=1, sort_keys=True))
