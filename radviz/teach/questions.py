"""Quiz questions and the key-muscle and reflex questions made from the myotome table."""
from __future__ import annotations

from dataclasses import dataclass

from radviz.teach.cases import Case
from radviz.teach.common import MAIN, words

__all__ = ["Question", "key_muscle_questions", "choice_window"]


@dataclass
class Question:
    """One quiz question.  ``accepted``: every right answer; ``root``: what accuracy is kept for."""

    kind: str
    prompt: str
    root: str
    side: str | None
    accepted: tuple[str, ...]
    choices: tuple[str, ...] = ()
    vertex: int | None = None
    case: Case | None = None

    @property
    def key(self) -> tuple:
        """What makes two questions the same (for reproducibility checks and de-duplication)."""
        extra = None if self.case is None else tuple(self.case.vertices[:5].tolist())
        return (self.kind, self.prompt, self.root, self.side, self.vertex, extra)


def choice_window(sequence: list[str], names, reach: int = 2) -> tuple[str, ...]:
    """Choices: the accepted roots and up to ``reach`` neighbours each side, in sequence order."""
    idx = [sequence.index(n) for n in names if n in sequence]
    if not idx:
        return tuple(sequence)
    return tuple(sequence[max(min(idx) - reach, 0):max(idx) + reach + 1])


def key_muscle_questions(myotomes, roots: list[str] | None = None) -> list[Question]:
    """Movement -> root, reflex -> root, root -> movement and root -> reflex questions.

    Only main roots (weight >= 0.9) are asked and accepted: a root that merely helps a movement
    would make the question a matter of which textbook one read.
    """
    from radviz.atlas.myotomes import ROOTS

    roots = list(roots or ROOTS)
    out: list[Question] = []
    for mv in myotomes.movements:
        main = [r for r, c in myotomes.movement_roots(mv).items() if c >= MAIN and r in roots]
        if main:
            out.append(Question("muscle", f"Which root mainly drives {words(mv)}?", main[0], None,
                                tuple(main), choice_window(roots, main)))
    for name, reflex in myotomes.reflexes.items():
        main = [r for r, c in myotomes.reflex_roots(name).items() if c >= MAIN and r in roots]
        if main:
            out.append(Question("muscle", f"Which root does the {reflex.label.lower()} reflex test?", main[0],
                                None, tuple(main), choice_window(roots, main)))
    for k, root in enumerate(roots):
        moves = [m for m, c in myotomes.root_movements(root).items() if c >= MAIN]
        if moves:
            near = set(roots[max(k - 2, 0):k + 3])
            choices = [m for m in myotomes.movements
                       if any(myotomes.movement_roots(m).get(r, 0) >= MAIN for r in near)]
            out.append(Question("muscle", f"Which movement does {root} mainly drive?", root, None,
                                tuple(moves), tuple(choices)))
        refl = [r for r, c in myotomes.root_reflexes(root).items() if c >= MAIN]
        if refl:
            out.append(Question("muscle", f"Which reflex tests {root}?", root, None, tuple(refl),
                                tuple(myotomes.reflexes)))
    return out
