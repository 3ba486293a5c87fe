"""What a cohort adds up to: people with symptoms per skin vertex, and each root's top-1 count.

Everything here is a fixed-size counter (one integer per vertex, one per root), so a tally of a
million drawings takes the memory of a tally of ten.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from radviz.vocabulary import BANDS

__all__ = ["CohortTally", "TOP1_MIN_SCORE"]

TOP1_MIN_SCORE = min(low for low, _ in BANDS if low > 0)
"""A root counts as a drawing's top-1 root only from the vocabulary's lowest band above 'unlikely'
('possible', 0.25): a drawing no root explains (the face, a whole-body drawing) is counted apart."""


class CohortTally:
    """Running counts over a cohort.

    Attributes
    ----------
    people : int array, shape (n_vertices,)
        Drawings with symptoms at each vertex.
    n : int
        Drawings counted (blank ones included: a person without symptoms is still a person).
    top1 : Counter of (root, side) to int
        Drawings whose best-ranked root is that root, with a score of at least :data:`TOP1_MIN_SCORE`.
    no_root : int
        Drawings with symptoms whose best root scores below it.
    blank : int
        Drawings with no symptoms (of the chosen kinds).
    """

    def __init__(self, n_vertices: int):
        self.people = np.zeros(n_vertices, dtype=np.int64)
        self.n = 0
        self.top1: Counter = Counter()
        self.no_root = 0
        self.blank = 0

    def add_painted(self, n_drawings: int, rows: np.ndarray, vertices: np.ndarray) -> None:
        """Count ``n_drawings`` drawings whose painted (row, vertex) entries are unique per drawing."""
        self.n += n_drawings
        self.people += np.bincount(vertices, minlength=len(self.people))
        self.blank += n_drawings - len(np.unique(rows))

    def add_top(self, root: str, side: str, score: float) -> None:
        """Count one drawing's best root (call once per drawing with symptoms)."""
        if score >= TOP1_MIN_SCORE:
            self.top1[(root, side)] += 1
        else:
            self.no_root += 1

    def share(self) -> np.ndarray:
        """Share (0..1) of the counted people with symptoms at each vertex."""
        return self.people / max(self.n, 1)

    def top1_rows(self) -> list[tuple[str, str, int]]:
        """(root, side, count), most frequent first, ties in root order of appearance."""
        return [(root, side, count) for (root, side), count in self.top1.most_common()]
