"""Plain-language explanation of a localization result, for patients and clinicians alike.

Names the best explanation, the overlap with neighbouring roots, what would tell the candidates
apart (from the myotome and reflex tables), and which examinations settle it.  It explains; it does
not diagnose, and says so.
"""
from __future__ import annotations

from radviz import DISCLAIMER

__all__ = ["explain", "discriminators"]


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _words(name: str) -> str:
    return name.replace("_", " ")


def discriminators(myotomes, root: str, other: str) -> list[str]:
    """Movements and reflexes that depend more on ``root`` than on ``other`` (best first)."""
    if myotomes is None:
        return []
    mine, theirs = myotomes.root_movements(root), myotomes.root_movements(other)
    moves = sorted(((mine[m] - theirs.get(m, 0.0), m) for m in mine), reverse=True)
    out = [f"weak {_words(m)}" for d, m in moves[:2] if d >= 0.3]
    r_mine, r_theirs = myotomes.root_reflexes(root), myotomes.root_reflexes(other)
    refl = sorted(((r_mine[r] - r_theirs.get(r, 0.0), r) for r in r_mine), reverse=True)
    out += [f"a reduced {_words(r)} reflex" for d, r in refl[:1] if d >= 0.3]
    return out


def explain(loc, roots, nerves, flags, kind_mass, findings, has_drawing: bool,
            best_explained: float | None = None) -> str:
    """``roots``: the best few, best first; ``best_explained``: the most any root explains."""
    parts: list[str] = []
    from radviz.localize import RED_FLAG_TEXT

    for flag in ("cauda_equina", "upper_motor_neuron"):
        if flag in flags:
            parts.append(RED_FLAG_TEXT[flag])
    if not has_drawing and findings.is_empty():
        parts.append("Mark where you feel pain, numbness or tingling, or add examination findings, "
                     "to see which nerve roots could explain it.")
        parts.append(DISCLAIMER)
        return " ".join(parts)
    top = roots[0] if roots else None
    if "stocking_glove" in flags:
        parts.append("The drawing looks most like a length-dependent polyneuropathy (a 'stocking-glove' "
                     "pattern): symptoms in both feet or hands rather than along one root's strip of skin. "
                     "This is usually caused by a condition affecting many nerves (for example diabetes), "
                     "not by a trapped root. Nerve conduction studies and EMG are the tests that show it.")
    elif "non_dermatomal" in flags:
        best = best_explained if best_explained is not None else max((r.explained for r in roots), default=0.0)
        parts.append(f"No single nerve root, nor two neighbouring roots, explains most of this drawing "
                     f"(at most {_pct(best)}). Symptoms on both sides, or crossing the lines where "
                     "non-neighbouring roots meet, often have another cause; radicular pain is also often "
                     "felt outside the textbook dermatome.")
    if "peripheral_nerve" in flags and nerves:
        n = nerves[0]
        parts.append(f"A single peripheral nerve, the {n.side} {_words(n.nerve)} nerve, fits better than any "
                     f"nerve root ({_pct(n.score)} against {_pct(top.score if top else 0)}). "
                     "Nerve conduction studies and EMG can tell a nerve from a root.")
    if top is not None and "stocking_glove" not in flags and "non_dermatomal" not in flags:
        lead = "Of the nerve roots, the" if "peripheral_nerve" in flags else "The"
        text = (f"{lead} {top.side} {top.root} root fits best (score {top.score:.2f}): its skin area "
                f"covers {_pct(top.explained)} of the drawing.") if has_drawing else \
               (f"{lead} {top.side} {top.root} root fits the examination findings best "
                f"(score {top.score:.2f}).")
        parts.append(text)
        shared = sorted(((v, k) for k, v in top.overlap.items() if v >= 0.05), reverse=True)
        if shared and has_drawing:
            names = " and ".join(f"{k} ({_pct(v)})" for v, k in shared)
            parts.append(f"Part of it is shared with the neighbouring {names}: neighbouring dermatomes "
                         "overlap, so one root cannot be told from its neighbour by the skin alone.")
        second = next((r for r in roots[1:] if r.side == top.side and r.root != top.root), None)
        if second is not None and second.score >= 0.1:
            tells = discriminators(loc.myotomes, top.root, second.root)
            others = discriminators(loc.myotomes, second.root, top.root)
            if tells or others:
                parts.append(f"To tell {top.root} from {second.root}: "
                             + (f"{', '.join(tells)} would point to {top.root}" if tells else "")
                             + ("; " if tells and others else "")
                             + (f"{', '.join(others)} to {second.root}" if others else "") + ".")
        parts.append("An MRI shows whether a root is pressed on; EMG and nerve conduction studies tell a "
                     "root from a peripheral nerve.")
    parts.append(DISCLAIMER)
    return " ".join(parts)
