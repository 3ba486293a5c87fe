"""The explanation of a result, as typed statements that views render for patients or clinicians.

:func:`explain` turns a structured :class:`radviz.localize.Result` into a list of
:class:`Statement` (what fits best, the runner-up, the overlap with neighbours, which examination
would tell two candidates apart, the findings for and against, red flags); :func:`render` writes
them in a clinician's or a patient's words.  The words are built from the numbers, so they cannot
contradict the ranking, and nothing after an emergency message weakens it.  It explains; it does
not diagnose, and says so.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from radviz import DISCLAIMER
from radviz.vocabulary import EMERGENCY_FLAGS, FLAG_TEXT, UMN_SIGNS, band, inline, label, probability_text, words

__all__ = ["Statement", "explain", "render", "discriminators", "root_words", "nerve_words"]

LEAD = 0.5  # a candidate scoring this much is always named
_OVERLAP_NAMED = 0.02  # a neighbour sharing this much of the drawing is named
_REGION_WORDS = {"C": "neck", "T": "upper and middle back", "L": "lower back", "S": "base of the spine"}


class Statement(NamedTuple):
    """One thing the explanation says: ``kind`` and the values it says it with (a tuple: made
    quickly, thousands per batch, and not changed once made)."""

    kind: str
    data: Mapping = MappingProxyType({})


# ----------------------------------------------------------------------------- building
def explain(result, myotomes=None) -> list[Statement]:
    """Statements for ``result`` (best first), from its numbers and the myotome tables."""
    ev, flags = result.evidence, result.flags
    out = [Statement("emergency", {"flag": f}) for f in EMERGENCY_FLAGS if f in flags]
    emergency = bool(out)
    if not ev.drawn and not ev.findings.has_examination():  # nothing that points to a place yet
        return out + [Statement("prompt"), Statement("disclaimer", {"emergency": emergency})]
    roots, nerves, kinds = result.top_roots(2), result.top_nerves(3), result.kinds
    top = roots[0] if roots else None
    umn = "upper_motor_neuron" in flags
    lead = _lead(result)
    one_side = _arm_and_leg_side(result)
    if one_side is not None:  # a warning: it comes straight after the red flags
        out.append(Statement("arm_and_leg", {"side": one_side}))
        emergency = True
    if ev.face is not None:  # the trigeminal nerve's skin: its stroke warning comes straight after the red flags
        share, branches, sides = ev.face
        out.append(Statement("face", {"share": share, "branches": branches, "sides": sides}))
    chest = top is not None and lead == "root" and top.root in _CHEST_ROOTS and top.score >= LEAD
    if chest:
        out.append(Statement("chest", {"root": top.root}))
    if result.spinal_cord and (lead == "cord" or umn):
        out.append(Statement("cord", {"level": result.spinal_cord["level"], "score": kinds["spinal_cord"],
                                      "umn": umn, "drawn": ev.drawn, "emergency": emergency,
                                      "level_shown": ev.drawn and len(ev.sides) == 2}))
    if "stocking_glove" in flags:
        out.append(Statement("polyneuropathy", {"score": kinds["polyneuropathy"]}))
    if "non_dermatomal" in flags and one_side is None and ev.face is None:  # nothing may soften those warnings
        out.append(Statement("non_dermatomal", {"best": ev.best_explained, "both_sides": len(ev.sides) == 2}))
    if ev.bilateral is not None and lead == "root":
        out.append(Statement("bilateral", {"root": ev.bilateral[0], "explained": ev.bilateral[1],
                                           "legs": ev.both_legs, "neck": ev.bilateral[0].startswith("C")}))
    if "peripheral_nerve" in flags and nerves:
        best = _most_specific(result, nerves[0])
        out.append(Statement("nerve", {"nerve": best.nerve, "side": best.side, "score": best.score,
                                       "label": _nerve_label(result, best.nerve),
                                       "words": nerve_words(result, best.nerve),
                                       "limb": result.nerve_limbs.get(best.nerve, "arm or leg"),
                                       "root": top.root if top else None, "root_score": top.score if top else 0.0,
                                       "explained": best.explained, "root_explained": top.explained if top else 0.0,
                                       "covers_more": ev.drawn and top is not None and top.side == best.side
                                       and top.explained > best.explained + 0.05}))
    if "peripheral_nerve" in flags and nerves and top is not None and myotomes is not None \
            and not ev.findings.has_examination():
        best = _most_specific(result, nerves[0])
        out.append(_nerve_or_root(result, best, top, myotomes))
    if top is not None and (top.score >= LEAD or (lead == "root" and ev.bilateral is None)):
        out += _root_statements(result, top, myotomes)
    competitor = _competing_nerve(result, top)
    if competitor is not None and myotomes is not None:
        out.append(_cannot_tell(result, top, competitor, myotomes))
    if top is not None and lead == "root" and top.root in _BAND_ROOTS and top.score >= LEAD and len(ev.sides) == 1:
        out.append(Statement("trunk_band", {"root": top.root}))
    out += _findings_statements(result, top, lead, myotomes)
    if ev.drawn and not ev.findings.has_examination() and top is not None and lead == "root" and not emergency:
        out.append(Statement("confidence", {"cap": ev.cap}))
    if lead == "cord" or umn:
        out.append(Statement("next_tests", {"for": "cord"}))
    elif "cauda_equina" in flags:
        out.append(Statement("next_tests", {"for": "cauda_equina"}))
    elif lead in ("root", "nerve"):
        out.append(Statement("next_tests", {"for": "root"}))
    out.append(Statement("disclaimer", {"emergency": emergency}))
    return out


_ARM_ROOTS = frozenset({"C5", "C6", "C7", "C8", "T1"})
_LEG_ROOTS = frozenset({"L2", "L3", "L4", "L5", "S1", "S2"})
_LIMB_SHARE = 0.1  # each limb holds at least this share of the drawing
_CHEST_ROOTS = frozenset(f"T{n}" for n in range(2, 9))  # trunk bands where heart pain is felt (section 10)
_BAND_ROOTS = frozenset(f"T{n}" for n in range(2, 13))  # a band around half the trunk (section 8)


def _face_where(d) -> str:
    """'left side of the face', 'face' (both sides)."""
    return f"{d['sides'][0]} side of the face" if len(d["sides"]) == 1 else "face"


def _arm_and_leg_side(result) -> str | None:
    """The side whose arm and leg are both drawn, when only one side is: no root, nerve or
    polyneuropathy does that; the brain or the cervical cord can (clinical-facts.md section 10)."""
    ev = result.evidence
    if not ev.drawn or len(ev.sides) != 1 or ev.best_explained > 1.0 - _LIMB_SHARE:
        return None  # (arm and leg roots share no skin: one root holding 90% leaves under 10% to the other)
    side, table = ev.sides[0], result.table
    arm, leg = _limb_columns(table.keys, side)
    if not len(arm) or not len(leg):
        return None
    explained = table.explained
    return side if min(explained[arm].max(), explained[leg].max()) >= _LIMB_SHARE else None


_LIMB_COLUMNS: dict[tuple, tuple] = {}


def _limb_columns(keys: list[tuple[str, str]], side: str) -> tuple[np.ndarray, np.ndarray]:
    """The table columns of one side's arm roots and leg roots (the same key list serves every drawing
    of a map, so found once)."""
    key = (id(keys), side)
    found = _LIMB_COLUMNS.get(key)
    if found is None or found[0] is not keys:
        arm = np.array([k for k, (root, s) in enumerate(keys) if s == side and root in _ARM_ROOTS], dtype=int)
        leg = np.array([k for k, (root, s) in enumerate(keys) if s == side and root in _LEG_ROOTS], dtype=int)
        found = _LIMB_COLUMNS[key] = (keys, arm, leg)
    return found[1], found[2]


def _most_specific(result, nerve):
    """A whole nerve's likeliest lesion site, when the site holds most of its probability."""
    sites = [n for n in result.top_nerves(4)
             if result.nerve_sites.get(n.nerve) == nerve.nerve and n.side == nerve.side]
    best = max(sites, key=lambda n: n.score, default=None)
    return best if best is not None and best.score >= 0.5 * nerve.score else nerve


def _lead(result) -> str:
    """What fits best: 'root', 'nerve', 'cord', 'polyneuropathy' or 'none'."""
    k, flags = result.kinds, result.flags
    if "stocking_glove" in flags:
        return "polyneuropathy"
    if result.spinal_cord and k["spinal_cord"] >= max(k["roots"], k["nerve"], k["polyneuropathy"], k["not_anatomical"]):
        return "cord"
    if "peripheral_nerve" in flags:
        return "nerve"
    if "non_dermatomal" in flags and result.table.scores[result.table.order[0]] < LEAD:
        return "none"
    return "root"


def _root_statements(result, top, myotomes) -> list[Statement]:
    ev = result.evidence
    out = [Statement("root", {"root": top.root, "side": top.side, "score": top.score, "explained": top.explained,
                              "drawn": ev.drawn, "after_nerve": "peripheral_nerve" in result.flags})]
    second = next((r for r in result.top_roots(2)[1:] if (r.root, r.side) != (top.root, top.side)), None)
    if second is not None:
        out.append(Statement("runner_up", {"root": second.root, "side": second.side, "score": second.score,
                                           "explained": second.explained, "top": top.root, "top_score": top.score,
                                           "neighbours": second.side == top.side and second.root in top.overlap,
                                           "covers_more": ev.drawn and second.explained > top.explained + 0.05}))
    shared = sorted(((v, k) for k, v in top.overlap.items() if v >= _OVERLAP_NAMED), reverse=True)
    if shared and ev.drawn:
        out.append(Statement("overlap", {"root": top.root, "shared": [(k, v) for v, k in shared]}))
    if second is not None and second.side == top.side and second.score >= 0.05 and myotomes is not None:
        entered = _entered(ev.findings, top.side)
        mine = discriminators(myotomes, top.root, second.root, entered)
        theirs = discriminators(myotomes, second.root, top.root, entered)
        if mine or theirs:
            out.append(Statement("tell_apart", {"a": top.root, "b": second.root, "a_tests": mine, "b_tests": theirs}))
    return out


def _entered(findings, side: str) -> set[str]:
    return set(findings.motor.get(side, {})) | set(findings.reflexes.get(side, {}))


def _competing_nerve(result, top):
    """A nerve the drawing fits about as well as the top root, with no nerve-specific finding yet."""
    if top is None or "peripheral_nerve" in result.flags or "upper_motor_neuron" in result.flags:
        return None
    ev = result.evidence
    if not ev.drawn or ev.findings.has_examination() or ev.bilateral is not None or top.explained < 0.5:
        return None
    for n in result.top_nerves(3):
        if n.side == top.side and n.score >= 0.03 and n.explained >= 0.6 * max(top.explained, 1e-9):
            return _most_specific(result, n)
    return None


def _cannot_tell(result, top, nerve, myotomes) -> Statement:
    entered = _entered(result.evidence.findings, top.side)
    root_tests = discriminators(myotomes, top.root, None, entered, spared_by=nerve.nerve)
    return Statement("cannot_tell", {"root": top.root, "side": top.side, "nerve": nerve.nerve,
                                     "label": _nerve_label(result, nerve.nerve), "tests": root_tests[:3],
                                     "words": nerve_words(result, nerve.nerve),
                                     "nerve_has_muscles": _nerve_has_muscles(myotomes, nerve.nerve)})


def _nerve_or_root(result, nerve, top, myotomes) -> Statement:
    """What would tell the leading nerve from the best root: the root's own muscles and reflexes the
    nerve spares, and the nerve's muscles the root hardly moves (the same for every drawing that
    asks about this nerve and root, so remembered)."""
    label = _nerve_label(result, nerve.nerve)
    return _memo(myotomes, "nerve_or_root", nerve.nerve, label, top.root)(
        lambda: _nerve_or_root_uncached(nerve, label, top, myotomes))


def _nerve_or_root_uncached(nerve, label: str, top, myotomes) -> Statement:
    root_tests = discriminators(myotomes, top.root, None, spared_by=nerve.nerve)
    mine = myotomes.root_movements(top.root)
    nerve_tests = [("movement", m) for m in myotomes.movements
                   if _nerve_weakens(myotomes, nerve.nerve, ("movement", m)) and mine.get(m, 0.0) < 0.6]
    return Statement("nerve_or_root", {"nerve": nerve.nerve, "label": label,
                                       "root": top.root, "root_tests": root_tests[:2], "nerve_tests": nerve_tests[:2]})


def _nerve_weakens(myotomes, nerve: str, test: tuple[str, str]) -> bool:
    return _memo(myotomes, "weakens", nerve, test)(lambda: _weakens(myotomes, nerve, test))


def _weakens(myotomes, nerve: str, test: tuple[str, str]) -> bool:
    kind, name = test
    if kind == "movement":
        return nerve in myotomes.movement_sites(name) or nerve in myotomes.movement_nerves(name)
    reflex = myotomes.reflexes[name]
    return nerve in myotomes.reflex_sites(name) or reflex.nerve in myotomes.nerve_covers(nerve)


def _nerve_has_muscles(myotomes, nerve: str) -> bool:
    if nerve in myotomes.lesion_sites:
        return True
    covered = myotomes.nerve_covers(nerve)
    return any(m.nerve in covered and m.movements for m in myotomes.muscles.values())


_MEMO: dict[tuple, object] = {}  # answers per myotome table (keyed by the table file's digest)


def _memo(myotomes, *key):
    """Remember a question about the myotome tables: every drawing in a batch asks the same ones."""
    def decorate(compute):
        full = (myotomes.digest, myotomes.path, *key)
        if full not in _MEMO:
            if len(_MEMO) > 50_000:
                _MEMO.clear()
            _MEMO[full] = compute()
        return _MEMO[full]
    return decorate


def discriminators(myotomes, root: str, other: str | None, entered=frozenset(),
                   spared_by: str | None = None) -> list[tuple[str, str]]:
    """Tests that point to ``root`` rather than ``other``: movements whose prime movers ``root``
    mainly supplies (ISNCSCI key muscles first), then reflexes; none already examined.  With
    ``spared_by`` (a nerve or lesion site) only tests that nerve leaves normal, chosen before the
    best few are kept: L5 against the peroneal nerve is inversion and hip abduction, not the toe."""
    if myotomes is None:
        return []
    return _memo(myotomes, "tests", root, other, frozenset(entered), spared_by)(
        lambda: _discriminators(myotomes, root, other, entered, spared_by))


def _discriminators(myotomes, root: str, other: str | None, entered, spared_by) -> list[tuple[str, str]]:
    def usable(test):
        return test[1] not in entered and not (spared_by and _nerve_weakens(myotomes, spared_by, test))

    mine = myotomes.root_movements(root)
    theirs = myotomes.root_movements(other) if other else {}
    key = {_key_movements().get(root)}
    moves = [(m not in key, -(v - theirs.get(m, 0.0)), m) for m, v in mine.items()
             if v >= 0.75 and v - theirs.get(m, 0.0) >= 0.3 and usable(("movement", m))]
    out = [("movement", m) for *_, m in sorted(moves)[:2]]
    r_mine = myotomes.root_reflexes(root)
    r_theirs = myotomes.root_reflexes(other) if other else {}
    refl = sorted((-(v - r_theirs.get(r, 0.0)), r) for r, v in r_mine.items()
                  if v - r_theirs.get(r, 0.0) >= 0.3 and usable(("reflex", r)))
    return out + [("reflex", r) for _, r in refl[:1]]


@functools.cache
def _key_movements() -> dict[str, str | None]:
    """Per root: its ISNCSCI 2019 key movement (``key_muscle`` in maps/roots.yaml)."""
    from radviz.atlas.myotomes import load_root_summaries

    return {root: rec.get("key_muscle") for root, rec in load_root_summaries().items()}


def _findings_statements(result, top, lead: str, myotomes) -> list[Statement]:
    """The entered findings that fit, or do not fit, the leading explanation."""
    f = result.evidence.findings
    if myotomes is None or f.is_empty() or top is None:
        return []
    fit, against = [], []
    if lead == "cord" or "upper_motor_neuron" in result.flags:
        level = result.spinal_cord["level"] if result.spinal_cord else None
        fit, against = _cord_findings(f, myotomes, level)
        signs = [("sign", s, "present") for s in sorted(f.signs) if s in UMN_SIGNS]
        return [Statement("findings", {"cord": True, "fit": fit + signs, "against": against})] \
            if fit or signs or against else []
    if lead == "polyneuropathy":
        fit, against = _polyneuropathy_findings(f, myotomes)
        subject = {"polyneuropathy": True}
    elif lead == "nerve" and len(result.nerve_table.order):
        n = _most_specific(result, result.top_nerves(1)[0])
        for m, state in f.motor.get(n.side, {}).items():
            weakens = _nerve_weakens(myotomes, n.nerve, ("movement", m))
            (fit if weakens == (state == "weak") else against).append(("movement", m, state))
        for r, state in f.reflexes.get(n.side, {}).items():
            weakens = _nerve_weakens(myotomes, n.nerve, ("reflex", r))
            (fit if weakens == (state in ("decreased", "absent")) else against).append(("reflex", r, state))
        subject = {"nerve": n.nerve, "side": n.side, "label": _nerve_label(result, n.nerve)}
    else:
        fit, partly, against = _root_findings(f, top, myotomes)
        mainly = [_join([r for r, w in (myotomes.movement_roots(n) if k == "movement" else
                                        myotomes.reflex_roots(n)).items() if w >= 0.5], "and") for k, n, _ in partly]
        subject = {"root": top.root, "side": top.side, "partly": partly, "mainly": mainly}
    if not fit and not against and not subject.get("partly"):
        return []
    return [Statement("findings", {**subject, "fit": fit, "against": against})]


def _root_findings(f, top, myotomes) -> tuple[list, list, list]:
    """A root's findings that fit, fit only in part, or do not fit.  A weak movement or a reduced reflex the
    root supplies only in part (a minor share: L1 in hip flexion) fits it less than the root that supplies it
    most, and it is said so: it still counts for the root against a nerve that moves no muscle."""
    fit, partly, against = [], [], []
    for m, state in f.motor.get(top.side, {}).items():
        share = myotomes.movement_roots(m).get(top.root, 0.0)
        if state == "weak":
            (fit if share >= 0.5 else partly if share > 0 else against).append(("movement", m, state))
        elif share >= 0.75:
            against.append(("movement", m, state))
        else:
            fit.append(("movement", m, state))
    for r, state in f.reflexes.get(top.side, {}).items():
        share = myotomes.root_reflexes(top.root).get(r, 0.0)
        if state in ("decreased", "absent"):
            (fit if share >= 0.5 else partly if share > 0 else against).append(("reflex", r, state))
        elif state == "normal" and share >= 0.9:
            against.append(("reflex", r, state))
    return fit, partly, against


def _cord_findings(f, myotomes, level: str | None) -> tuple[list, list]:
    """Under a cord lesion: brisk reflexes fit; so does weakness of muscles supplied at or below the
    level, and a reflex lost at the level itself (a myeloradiculopathy); weakness wholly above the
    level, or a reflex lost anywhere else, does not.  Normal movements and reflexes are not judged."""
    fit, against = [], []
    for side in ("left", "right"):
        for r, state in f.reflexes.get(side, {}).items():
            if state == "increased":
                fit.append(("reflex", r, state))
            elif state != "normal" and level is not None:
                (fit if _at_or_below(myotomes.reflex_roots(r), level, main_only=True) else against).append(
                    ("reflex", r, state))
        for m, state in f.motor.get(side, {}).items():
            if state == "weak" and level is not None:
                (fit if _at_or_below(myotomes.movement_roots(m), level) else against).append(("movement", m, state))
    return fit, against


def _at_or_below(roots: dict[str, float], level: str, main_only: bool = False) -> bool:
    """Whether the roots mainly behind a movement or reflex leave the cord at or below ``level``
    (``main_only``: the reflex's main root, and at the level itself)."""
    from radviz.anatomy import level_of

    def number(root: str) -> float:
        return level_of(root.split("-")[0])

    if main_only:
        return number(max(roots, key=roots.get)) == number(level) if roots else False
    return any(v >= 0.5 and number(r) >= number(level) for r, v in roots.items())


def _polyneuropathy_findings(f, myotomes) -> tuple[list, list]:
    """A length-dependent polyneuropathy weakens and unsettles the far ends first: weak foot, toe and
    hand muscles and a lost ankle jerk fit it (clinical-facts.md section 10), weakness nearer the trunk
    does not, nor does a knee or arm reflex lost while the ankle jerk on that side is kept."""
    fit, against = [], []
    for side in ("left", "right"):
        for m, state in f.motor.get(side, {}).items():
            (fit if state == "normal" or _distal(myotomes, "movement", m) else against).append(("movement", m, state))
        reflexes = f.reflexes.get(side, {})
        ankle_lost = any(s in ("decreased", "absent") and _distal(myotomes, "reflex", r) for r, s in reflexes.items())
        for r, state in reflexes.items():
            distal = _distal(myotomes, "reflex", r)
            lost = state in ("decreased", "absent")
            ok = (lost and (distal or ankle_lost)) or (state == "normal" and not distal)
            (fit if ok else against).append(("reflex", r, state))
    return fit, against


_FAR_SEGMENTS = frozenset({"leg", "foot", "hand"})  # below the knee, and the hand's own muscles


def _distal(myotomes, kind: str, name: str) -> bool:
    """Whether a movement's prime movers (or a reflex's muscle) lie below the knee or in the hand."""
    def far(muscle) -> bool:
        return bool(muscle.skin) and all(set(piece.segments) <= _FAR_SEGMENTS for piece in muscle.skin)

    def compute() -> bool:
        if kind == "reflex":
            muscle = myotomes.muscles.get(myotomes.reflexes[name].muscle)
            return muscle is not None and far(muscle)
        movers = [m for m in myotomes.muscles.values() if m.movements.get(name, 0.0) >= 0.5]
        return bool(movers) and all(far(m) for m in movers)
    return _memo(myotomes, "distal", kind, name)(compute)


def _nerve_label(result, name: str) -> str:
    return result.nerve_labels.get(name) or f"{name.replace('_', ' ').capitalize()} nerve"


def nerve_words(result, name: str) -> str:
    """A nerve or lesion site in a patient's words ('the nerve that gives feeling to the outer front of the
    thigh'): the ``words`` its map gives (maps/nerves.yaml, a site's in maps/myotomes.yaml), else its label."""
    return result.nerve_words.get(name) or f"the {_lower(_nerve_label(result, name))}"


def root_words(root: str) -> str:
    """'the L5 nerve root (lower back)' for patients."""
    return f"the {root} nerve root ({_REGION_WORDS.get(root[:1], 'spine')})"


# ----------------------------------------------------------------------------- rendering
def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _band(score: float) -> str:
    return band(score)


def _test_words(test: tuple[str, str], register: str) -> str:
    kind, name = test
    if register == "patient":
        return (f"weakness {words('movements', name)}" if kind == "movement"
                else f"a weaker {words('reflexes', name)}")
    return f"weak {inline('movements', name)}" if kind == "movement" else f"a reduced {inline('reflexes', name)}"


def _finding_words(item: tuple[str, str, str], register: str) -> str:
    kind, name, state = item
    if kind == "sign":
        return words("signs", name) if register == "patient" else inline("signs", name)
    group = "movements" if kind == "movement" else "reflexes"
    if register == "patient":
        what = words(group, name)
        return f"{what}: {'weak' if state == 'weak' else words('reflex_states', state)}"
    return f"{state} {inline(group, name)}" if kind == "movement" else \
        f"{inline(group, name)} {label('reflex_states', state)}"


def _lower(text: str) -> str:
    """A label inside a sentence ('Median nerve ...' -> 'median nerve ...')."""
    return text[:1].lower() + text[1:]


def _join(items: list[str], last: str = "or") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


def render(statements: list[Statement], register: str = "clinician", skip: tuple[str, ...] = ()) -> str:
    """The statements as plain text in a clinician's or a patient's words (``skip``: kinds a view
    shows elsewhere, such as 'emergency' in a banner)."""
    say = _PATIENT if register == "patient" else _CLINICIAN
    return " ".join(t for s in statements if s.kind not in skip for t in [say[s.kind](s.data)] if t)


def _c_root(d) -> str:
    lead = "Of the nerve roots, the" if d["after_nerve"] else "The"
    score = f"score {_num(d['score'])}, {_band(d['score'])}"
    if d["drawn"] and d["score"] >= LEAD and d["explained"] < 0.5:  # README: the explanation says why
        return (f"{lead} {d['side']} {d['root']} root fits best ({score}), although its skin area covers only "
                f"{_pct(d['explained'])} of the drawing: the score says it is likelier than the other candidates, "
                "not that it explains the whole drawing.")
    if d["drawn"]:
        return (f"{lead} {d['side']} {d['root']} root fits best ({score}): its skin area covers "
                f"{_pct(d['explained'])} of the drawing.")
    return f"{lead} {d['side']} {d['root']} root fits the examination findings best ({score})."


def _p_root(d) -> str:
    if d["drawn"] and d["score"] >= LEAD and d["explained"] < 0.5:  # as the clinician's words: only part of it
        return (f"Of the nerve roots, {root_words(d['root'])} on the {d['side']} side fits your drawing best, but "
                f"its strip of skin covers only part of what you drew (about {_pct(d['explained'])}).")
    b = _band(d["score"])
    how = {"fits well": "fits well with", "possible": "may fit", "unlikely": "fits only loosely with"}.get(b, "fits")
    return f"Your {'drawing' if d['drawn'] else 'examination'} {how} {root_words(d['root'])} on the {d['side']} side."


def _tied(d) -> bool:
    """The runner-up's score reads the same as the top root's: it is not second, it is as likely."""
    return _num(d["score"]) == _num(d["top_score"])


def _c_runner_up(d) -> str:
    head = "Just as likely" if _tied(d) else "Runner-up"
    text = f"{head}: the {d['side']} {d['root']} root (score {_num(d['score'])}, {_band(d['score'])})"
    if _tied(d):
        return text + (f"; the {d['top']} and {d['root']} roots may be involved together." if d["neighbours"] else ".")
    if d["covers_more"]:
        return text + (f"; its skin covers more of the drawing ({_pct(d['explained'])}), but the {d['top']} root is "
                       "likelier once how common each is and the findings are counted.")
    return text + "."


def _p_runner_up(d) -> str:
    where = f"{root_words(d['root'])} on the {d['side']} side"
    if _tied(d):
        return f"It could just as well be {where}."
    return {"unlikely": f"Less likely: {where}."}.get(_band(d["score"]), f"It could also be {where}.")


def _c_nerve(d) -> str:
    vs = f" ({_num(d['score'])} against {_num(d['root_score'])} for the {d['root']} root)" \
        if d["root"] and d["root_score"] >= 0.01 else ""
    why = (f" The {d['root']} root's skin covers more of the drawing ({_pct(d['root_explained'])} against "
           f"{_pct(d['explained'])}), but the nerve is likelier once how common each is and the findings are "
           "counted." if d["covers_more"] and vs else "")
    return f"A single peripheral nerve, the {d['side']} {_lower(d['label'])}, fits better than any nerve root{vs}.{why}"


def _p_nerve(d) -> str:
    return (f"The pattern fits one nerve in the {d['side']} {d['limb']} better than a nerve root in the spine: "
            f"{d['words']}.")


def _c_tell(d) -> str:
    a = f"{_join([_test_words(t, 'clinician') for t in d['a_tests']])} would point to {d['a']}" if d["a_tests"] else ""
    verb = "to" if a else "would point to"
    b = f"{_join([_test_words(t, 'clinician') for t in d['b_tests']])} {verb} {d['b']}" if d["b_tests"] else ""
    return f"To tell {d['a']} from {d['b']}: " + "; ".join(x for x in (a, b) if x) + "."


def _p_tell(d) -> str:
    tests = [_test_words(t, "patient") for t in d["a_tests"] + d["b_tests"]]
    return f"A clinician can tell {d['a']} from {d['b']} by checking for {_join(tests)}." if tests else ""


def _c_cannot(d) -> str:
    label_ = _lower(d["label"])
    tests = _join([_test_words(t, "clinician") for t in d["tests"]]) if d["tests"] else ""
    why = "" if d["nerve_has_muscles"] else f" (the {label_} moves no muscle)"
    tell = f" {tests[0].upper() + tests[1:]} would point to {d['root']}{why};" if tests else ""
    return (f"The drawing alone cannot tell the {d['side']} {d['root']} root from the {d['side']} {label_}."
            f"{tell} nerve conduction studies can also tell them apart." if tests else
            f"The drawing alone cannot tell the {d['side']} {d['root']} root from the {d['side']} {label_}: "
            "nerve conduction studies can tell them apart.")


def _p_cannot(d) -> str:
    return (f"A drawing alone cannot tell this root from {d['words']}; a clinician's examination of strength "
            "and reflexes, or nerve tests, can.")


def _num(x: float) -> str:
    """A probability as two decimals, never claiming certainty."""
    return probability_text(x)


def _c_nerve_or_root(d) -> str:
    label_ = _lower(d["label"])
    parts = []
    if d["nerve_tests"]:
        parts.append(f"{_join([_test_words(t, 'clinician') for t in d['nerve_tests']])} would point to the {label_}")
    if d["root_tests"]:
        verb = "to" if parts else "would point to"
        parts.append(f"{_join([_test_words(t, 'clinician') for t in d['root_tests']])} {verb} the {d['root']} root")
    return (f"To tell the nerve from the {d['root']} root: " + "; ".join(parts) + ".") if parts else ""


def _p_nerve_or_root(d) -> str:
    return "A clinician's examination of strength and reflexes, or nerve tests, can tell the nerve from a root."


def _findings_text(d, register: str) -> str:
    """Entered findings for and against the leading explanation, in one register's words."""
    if register == "patient":
        fit, against, sep = "What was found in the examination that fits", "What does not fit", "; "
    else:
        who = "the spinal cord" if d.get("cord") else "a polyneuropathy" if d.get("polyneuropathy") else \
            f"the {d['side']} {d['root']} root" if "root" in d else f"the {d['side']} {_lower(d['label'])}"
        fit, sep = f"Findings that fit {who}", ", "
        against = "Findings that do not fit it" if d["fit"] else f"Findings that do not fit {who}"
    if register == "patient":
        partly = "What fits only in part (that nerve root does only a small share of that work)"
    else:
        partly = f"Findings the {d['root']} root explains only in part" if "root" in d else ""

    def listed(key: str) -> str:
        items = [_finding_words(i, register) for i in d[key]]
        if key == "partly" and register != "patient":  # which roots supply most of each
            items = [f"{text} (mostly {main})" if main else text for text, main in zip(items, d["mainly"])]
        return sep.join(items)

    parts = [f"{head}: {listed(key)}." for head, key in ((fit, "fit"), (partly, "partly"), (against, "against"))
             if d.get(key)]
    return " ".join(parts)


def _c_cord(d) -> str:
    why = "with upper-motor-neuron signs" if d["umn"] else "on both sides below one level"
    shown = d.get("level_shown", True)  # a drawing on one side (or none) does not show a level
    where = f" at or above the {d['level']} segment" if shown and (d["drawn"] or d["umn"]) else ""
    unknown = "" if shown else (" The findings do not show the cord's level, only that it lies above the segments "
                                "they involve.")
    return (f"The spinal cord (a myelopathy){where} fits best (probability {_num(d['score'])}, {_band(d['score'])}): "
            f"symptoms {why} point to the cord, not to a single root, a peripheral nerve or a polyneuropathy.{unknown}")


def _p_cord(d) -> str:
    urgent = "That makes the urgent advice above all the more important." if d["emergency"] else \
        "Get urgent help from a doctor."
    where = f", at about the {d['level']} level," if d.get("level_shown", True) else ""
    return (f"This pattern points to the spinal cord (the bundle of nerves inside the spine){where} rather than to "
            f"one nerve root. {urgent}")


_CLINICIAN = {
    "emergency": lambda d: FLAG_TEXT[d["flag"]],
    "prompt": lambda d: ("Mark where you feel pain, numbness or tingling, or add examination findings, "
                         "to see which nerve roots could explain it."),
    "cord": _c_cord,
    "polyneuropathy": lambda d: (
        "The drawing looks most like a length-dependent polyneuropathy (a 'stocking-glove' pattern): symptoms "
        "in both feet first, rising up the legs, rather than along one root's strip of skin. This is usually "
        "caused by a condition affecting many nerves (for example diabetes), not by a trapped root. Nerve "
        "conduction studies and EMG are the usual tests; they can be normal in a small-fibre neuropathy (burning "
        "pain, normal reflexes)."),
    "non_dermatomal": lambda d: (
        f"No single nerve root, nor two neighbouring roots, explains most of this drawing (at most "
        f"{_pct(d['best'])}). " + ("Symptoms on both sides, or " if d["both_sides"] else "Symptoms ")
        + "crossing the lines where non-neighbouring roots meet often have another cause; radicular pain is "
          "also often felt outside the textbook dermatome."),
    "nerve": _c_nerve,
    "bilateral": lambda d: (
        f"The drawing follows the {d['root']} dermatome on both sides ({_pct(d['explained'])} of it): the same "
        "root on both sides at once points to the spinal canal (for example a large central disc) rather than "
        "to one trapped root" + (", which is what the urgent advice above is about." if d["legs"] else ".")
        + (" In the neck a canal narrow enough to press on both roots can press on the spinal cord: ask about clumsy "
           "hands, worse balance or walking and electric shocks down the spine on bending the neck, and look for "
           "brisk reflexes." if d.get("neck") else "")),
    "root": _c_root,
    "runner_up": _c_runner_up,
    "nerve_or_root": _c_nerve_or_root,
    "overlap": lambda d: (
        f"Part of the drawing is shared with the neighbouring "
        f"{' and '.join(f'{k} ({_pct(v)})' for k, v in d['shared'])}: neighbouring dermatomes overlap, so one "
        "root cannot be told from its neighbour by the skin alone."),
    "tell_apart": _c_tell,
    "cannot_tell": _c_cannot,
    "arm_and_leg": lambda d: (
        f"Symptoms in the {d['side']} arm and the {d['side']} leg together follow no nerve root, peripheral nerve "
        "or polyneuropathy: one side of the body points to the brain or the cervical spinal cord. If they began "
        "suddenly, or come with numbness of the face, weakness or trouble speaking, call emergency services now "
        "(possible stroke)."),
    "face": lambda d: (
        f"{_pct(d['share'])} of the drawing lies on the {_face_where(d)}, which the trigeminal nerve (cranial nerve "
        f"V{': ' + _join(list(d['branches']), 'and') if d['branches'] else ''}) supplies, not a spinal nerve root: "
        "radviz's root and nerve scores do not cover it. Numbness or weakness of one side of the face that began "
        "suddenly, or with weakness of an arm or leg or trouble speaking, needs emergency services now (possible "
        "stroke). Brief electric-shock pains in one branch suggest trigeminal neuralgia; a painful rash along one "
        "branch, shingles (near the eye, the same day)."),
    "chest": lambda d: (
        "Chest pain in this band that comes with breathlessness, sweating, or pain into the arm or jaw needs "
        "emergency services now (possible heart attack), whichever dermatome it follows."),
    "trunk_band": lambda d: (
        f"A band on one side of the trunk ({d['root']}) comes more often from shingles (the rash can follow the "
        "pain by days) or a diabetic truncal radiculoneuropathy than from a disc."),
    "findings": lambda d: _findings_text(d, "clinician"),
    "confidence": lambda d: (
        f"From a drawing alone radviz rates no root above {d['cap']:.2f}: pain drawings often cannot tell "
        "neighbouring roots apart, and examination findings are what raise certainty."),
    "next_tests": lambda d: {
        "cord": "An MRI of the spine is the test that shows pressure on the spinal cord.",
        "cauda_equina": "An emergency MRI of the lumbosacral spine is the test that shows pressure on the cauda "
                        "equina.",
    }.get(d["for"], "An MRI shows whether a root is pressed on; EMG and nerve conduction studies tell a root from "
                    "a peripheral nerve."),
    "disclaimer": lambda d: (
        "radviz shows patterns and cannot diagnose, so do not wait for a diagnosis: follow the urgent advice "
        "above." if d["emergency"] else DISCLAIMER),
}

_PATIENT = {
    **_CLINICIAN,
    "cord": _p_cord,
    "polyneuropathy": lambda d: (
        "The drawing looks like a pattern that starts in both feet (a polyneuropathy: many nerves affected at "
        "once, for example by diabetes) rather than one trapped nerve root. A doctor can test for this."),
    "non_dermatomal": lambda d: (
        "This drawing does not follow the strip of skin of one nerve root. That often has another cause; "
        "nerve-root pain can also spread outside the usual area."),
    "nerve": _p_nerve,
    "bilateral": lambda d: (
        f"The drawing follows the same strip of skin ({d['root']}) on both sides. That points to the spine "
        "itself rather than to one trapped nerve root" + (": follow the urgent advice above." if d["legs"] else ".")
        + (" Get urgent help if your hands become clumsy, your balance or walking gets worse, or bending your neck "
           "sends electric shocks down your spine: the spinal cord may be pressed on." if d.get("neck") else "")),
    "root": _p_root,
    "runner_up": _p_runner_up,
    "nerve_or_root": _p_nerve_or_root,
    "overlap": lambda d: ("Neighbouring nerve roots share some skin, so the skin alone cannot always tell them "
                          "apart."),
    "tell_apart": _p_tell,
    "cannot_tell": _p_cannot,
    "arm_and_leg": lambda d: (
        "Symptoms in the arm and the leg on the same side do not come from one nerve root. If they started "
        "suddenly, or your face is affected, or you feel weak or have trouble speaking, call emergency services "
        "now: it can be a stroke."),
    "face": lambda d: (
        "The face gets its feeling from a nerve of the head (the trigeminal nerve), not from a nerve root in the "
        "spine. If the numbness or weakness of your face started suddenly, or your face droops, or an arm or leg is "
        "weak, or you have trouble speaking, call emergency services now: it can be a stroke. A painful rash on the "
        "face, especially near the eye, needs a doctor the same day."),
    "chest": lambda d: (
        "If this is pain in the chest and it comes with breathlessness, sweating, or pain spreading to the arm "
        "or jaw, call emergency services now: it can be a heart attack."),
    "trunk_band": lambda d: (
        "A painful band on one side of the chest or belly is often shingles: see a doctor soon if a rash "
        "appears along it."),
    "findings": lambda d: _findings_text(d, "patient"),
    "confidence": lambda d: ("A drawing alone cannot be sure which root it is; an examination of strength and "
                             "reflexes makes it clearer."),
    "next_tests": lambda d: {
        "cord": "A scan of the spine (MRI) can show pressure on the spinal cord.",
        "cauda_equina": "At the hospital, an MRI scan of the lower back shows whether the nerves there are pressed "
                        "on.",
    }.get(d["for"], "Tests such as an MRI scan or nerve tests (EMG) can show which nerve is affected."),
}
