"""Myotomes: which roots and nerves drive which muscles, movements and reflexes (Qt-free).

``maps/myotomes.yaml`` is reviewable data: every muscle and reflex names its roots with a weight
word (main / secondary / minor, or a number 0..1) and its sources.  This module validates it and
answers the questions the app asks: "which roots move the ankle up?", "what does L5 weaken?",
"does a common peroneal lesion weaken inversion?".  ``maps/roots.yaml`` holds one plain-language
paragraph per root.  Every problem raises :class:`radviz.errors.InputError` naming the file, a key
path and the allowed values.  Only ``yaml.safe_load`` is used.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from radviz.atlas.schema import Piece, _Ctx, _expect, _is_root_name, _number, _patient_words, _piece, read_yaml
from radviz.errors import InputError
from radviz.vocabulary import MOVEMENTS

__all__ = ["Muscle", "Reflex", "MyotomeMap", "load_myotomes", "parse_myotomes",
           "LesionSite", "load_root_summaries", "compile_muscle_skin", "MOVEMENTS", "NERVES", "ROOTS"]

SCHEMA = "radviz-myotomes/1"
ROOTS = tuple([f"C{n}" for n in range(2, 9)] + [f"T{n}" for n in range(1, 13)]
              + [f"L{n}" for n in range(1, 6)] + ["S1", "S2", "S3", "S4-5"])
NERVES = ("median", "ulnar", "radial", "musculocutaneous", "axillary", "suprascapular",
          "lateral_femoral_cutaneous", "femoral", "saphenous", "obturator", "common_peroneal",
          "superficial_peroneal", "deep_peroneal", "sural", "tibial", "sciatic",
          "superior_gluteal", "inferior_gluteal", "lumbar_plexus")
_TOP_KEYS = {"schema", "name", "title", "sources", "weights", "movements", "muscles", "reflexes",
             "nerve_branches", "notes", "lesion_sites"}
_SITE_KEYS = {"label", "nerve", "skin", "spares_skin", "muscles", "note", "source", "words"}
_MUSCLE_KEYS = {"label", "roots", "nerve", "movements", "key_muscle", "source", "skin", "note"}
_REFLEX_KEYS = {"label", "roots", "nerve", "muscle", "elicit", "source", "note"}
_SUMMARY_KEYS = {"summary", "key_muscle", "reflex", "source", "label", "note"}
_ROOTS_TEXT = "C2..C8, T1..T12, L1..L5, S1..S3, S4-5"

MIN_NERVE_SHARE = 0.5
"""Below this share a muscle is an accessory mover: losing it alone leaves the movement strong.

This is why a common peroneal lesion spares inversion although tibialis anterior inverts a
little (the prime invertor, tibialis posterior, is tibial); see :meth:`MyotomeMap.movement_nerves`.
"""


@dataclass(frozen=True)
class Muscle:
    """One muscle: root weights (0..1), its nerve, its share of each movement, its skin region."""

    name: str
    label: str
    roots: dict[str, float]
    nerve: str
    movements: dict[str, float]
    key_muscle: bool
    source: str
    skin: tuple[Piece, ...]
    note: str = ""


@dataclass(frozen=True)
class Reflex:
    """One tendon reflex: root weights (0..1), the nerve and muscle it runs through, how to elicit it."""

    name: str
    label: str
    roots: dict[str, float]
    nerve: str
    muscle: str
    elicit: str
    source: str
    note: str = ""


def _memoised(method):
    """Answer each question once per map: the tables are fixed after loading, and scoring asks the
    same questions for every drawing (callers must not change the returned dict or set)."""
    name = method.__name__

    @functools.wraps(method)
    def wrapper(self, *args):
        key = (name, *args)
        if key not in self._memo:
            self._memo[key] = method(self, *args)
        return self._memo[key]

    return wrapper


@dataclass(frozen=True)
class LesionSite:
    """Where a nerve is commonly caught: the skin it numbs and the muscles below the site."""

    name: str
    label: str
    nerve: str
    skin: tuple[str, ...]  # territories of the nerve map
    spares_skin: str  # a region of maps/patterns.yaml ("" for none)
    muscles: tuple[str, ...]
    source: str
    note: str = ""
    words: str = ""  # a patient's words for the site ('the median nerve where it passes through the wrist')


@dataclass
class MyotomeMap:
    """A validated myotome map with the root, movement and nerve queries the app needs.

    Root weights read as "how much this root drives the muscle" (1 main, 0.6 secondary,
    0.25 minor by default); movement shares read as "how much of the movement this muscle makes".
    A root's weight for a movement is the product, maximised over muscles: a root matters for a
    movement as much as its strongest route to it.
    """

    muscles: dict[str, Muscle]
    reflexes: dict[str, Reflex]
    movements: tuple[str, ...]
    sources: dict[str, str]
    nerve_branches: dict[str, str]
    path: str = ""
    digest: str = ""
    name: str = "myotomes"
    title: str = ""
    lesion_sites: dict[str, LesionSite] = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def _check(self, value: str, allowed, what: str) -> None:
        if value not in allowed:
            raise KeyError(f"unknown {what} {value!r}; allowed: {', '.join(allowed)}")

    @_memoised
    def movement_roots(self, movement: str) -> dict[str, float]:
        """Per root: max over muscles of (muscle's share of ``movement``) x (root weight)."""
        self._check(movement, self.movements, "movement")
        out: dict[str, float] = {}
        for m in self.muscles.values():
            share = m.movements.get(movement, 0.0)
            for root, w in m.roots.items():
                if share * w > 0:
                    out[root] = max(out.get(root, 0.0), share * w)
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))

    @_memoised
    def nerve_covers(self, nerve: str) -> set[str]:
        """``nerve`` and every branch below it (a lesion of a trunk reaches all its branches)."""
        out = {nerve}
        grew = True
        while grew:
            new = {child for child, parent in self.nerve_branches.items() if parent in out}
            grew = not new <= out
            out |= new
        return out

    @_memoised
    def movement_nerves(self, movement: str, min_share: float = MIN_NERVE_SHARE) -> dict[str, float]:
        """Per nerve: the largest share of ``movement`` made by a muscle it (or a branch) supplies.

        Muscles giving less than ``min_share`` of the movement are left out, because a nerve
        lesion that spares the prime movers leaves the movement clinically strong (a common
        peroneal palsy spares inversion; an obturator palsy spares hip extension).  Roots are not
        filtered this way: a root feeds the prime movers too, so its weight already says it.
        """
        self._check(movement, self.movements, "movement")
        nerves = set(self.nerve_branches) | set(self.nerve_branches.values()) | {
            m.nerve for m in self.muscles.values()}
        out: dict[str, float] = {}
        for nerve in nerves:
            covered = self.nerve_covers(nerve)
            share = max((m.movements.get(movement, 0.0) for m in self.muscles.values()
                         if m.nerve in covered), default=0.0)
            if share >= min_share and share > 0:
                out[nerve] = share
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))

    @_memoised
    def movement_sites(self, movement: str, min_share: float = MIN_NERVE_SHARE) -> dict[str, float]:
        """Per lesion site: the largest share of ``movement`` made by a muscle below the site."""
        self._check(movement, self.movements, "movement")
        out = {}
        for site in self.lesion_sites.values():
            share = max((self.muscles[m].movements.get(movement, 0.0) for m in site.muscles), default=0.0)
            if share >= min_share:
                out[site.name] = share
        return out

    @_memoised
    def reflex_sites(self, reflex: str) -> set[str]:
        """Lesion sites that weaken ``reflex`` (its muscle lies below the site)."""
        self._check(reflex, list(self.reflexes), "reflex")
        return {s.name for s in self.lesion_sites.values() if self.reflexes[reflex].muscle in s.muscles}

    @_memoised
    def reflex_roots(self, reflex: str) -> dict[str, float]:
        self._check(reflex, list(self.reflexes), "reflex")
        return dict(self.reflexes[reflex].roots)

    def root_muscles(self, root: str) -> list[tuple[Muscle, float]]:
        """Muscles ``root`` supplies, with its weight in each, heaviest first."""
        self._check(root, ROOTS, "root")
        pairs = [(m, m.roots[root]) for m in self.muscles.values() if root in m.roots]
        return sorted(pairs, key=lambda p: -p[1])

    @_memoised
    def root_movements(self, root: str) -> dict[str, float]:
        """Movements ``root`` drives: max over muscles of (root weight) x (movement share)."""
        out: dict[str, float] = {}
        for m, w in self.root_muscles(root):
            for mv, share in m.movements.items():
                out[mv] = max(out.get(mv, 0.0), w * share)
        return dict(sorted(((k, v) for k, v in out.items() if v > 0), key=lambda kv: -kv[1]))

    @_memoised
    def root_reflexes(self, root: str) -> dict[str, float]:
        self._check(root, ROOTS, "root")
        out = {n: r.roots[root] for n, r in self.reflexes.items() if root in r.roots}
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))


# ------------------------------------------------------------------- parsing
def _keys(ctx: _Ctx, raw: dict, place: str, allowed: set[str], required: tuple[str, ...]) -> None:
    unknown = sorted(set(map(str, raw)) - allowed)
    if unknown:
        raise ctx.fail(f"{place}.{unknown[0]}".lstrip("."),
                       f"unknown key; allowed: {', '.join(sorted(allowed))}")
    for key in required:
        if key not in raw:
            raise ctx.fail(f"{place}.{key}".lstrip("."), "missing required key")


def _share(ctx: _Ctx, value: Any, place: str, weights: dict[str, float] | None = None) -> float:
    """A weight word (from ``weights``) or a number in 0..1."""
    if weights is not None and isinstance(value, str):
        if value not in weights:
            raise ctx.fail(place, f"unknown weight {value!r}; allowed: {', '.join(weights)} "
                                  f"or a number 0..1")
        return weights[value]
    if isinstance(value, str):
        raise ctx.fail(place, f"expected a number 0..1, got {value!r}")
    w = _number(ctx, value, place)
    if not 0 <= w <= 1:
        raise ctx.fail(place, f"weights are shares in 0..1, got {w:g}")
    return w


def _roots(ctx: _Ctx, raw: Any, place: str, weights: dict[str, float]) -> dict[str, float]:
    _expect(ctx, raw, dict, place, "a mapping of root to weight, e.g. {L4: main, L5: secondary}")
    if not raw:
        raise ctx.fail(place, "needs at least one root")
    out = {}
    for root, w in raw.items():
        if not _is_root_name(str(root)):
            raise ctx.fail(f"{place}.{root}", f"unknown root {root!r}; roots are {_ROOTS_TEXT}")
        out[str(root)] = _share(ctx, w, f"{place}.{root}", weights)
    return out


def _nerve(ctx: _Ctx, value: Any, place: str) -> str:
    if value not in NERVES:
        raise ctx.fail(place, f"unknown nerve {value!r}; allowed: {', '.join(NERVES)}")
    return value


def _source(ctx: _Ctx, value: Any, place: str, sources: dict) -> str:
    if not isinstance(value, str) or not all(s.strip() in sources for s in value.split(";")):
        raise ctx.fail(place, f"name one or more sources from 'sources' ({', '.join(sources)}), "
                              f"separated by ';'")
    return value


def parse_myotomes(raw: Any, source: str, landmarks: set[str] | None = None,
                   digest: str = "") -> MyotomeMap:
    """Validate a loaded YAML document and build a :class:`MyotomeMap`."""
    ctx = _Ctx(source)
    _expect(ctx, raw, dict, "", "a YAML mapping at the top level")
    _keys(ctx, raw, "", _TOP_KEYS, ("schema", "name", "title", "sources", "weights", "muscles", "reflexes"))
    if raw["schema"] != SCHEMA:
        raise ctx.fail("schema", f"expected {SCHEMA!r}, got {raw['schema']!r}")
    sources = _expect(ctx, raw["sources"], dict, "sources", "a mapping of short name to reference")
    wraw = _expect(ctx, raw["weights"], dict, "weights", "a mapping like {main: 1.0, secondary: 0.6}")
    weights = {str(k): _share(ctx, v, f"weights.{k}") for k, v in wraw.items()}
    # The movement names are the vocabulary's (maps/vocabulary.yaml); an older file may list them.
    for k, mv in enumerate(_expect(ctx, raw.get("movements") or [], list, "movements", "a list of movement names")):
        if mv not in MOVEMENTS:
            raise ctx.fail(f"movements[{k}]", f"unknown movement {mv!r}; allowed: {', '.join(MOVEMENTS)}")
    movements = list(MOVEMENTS)

    muscles: dict[str, Muscle] = {}
    for name, m in _expect(ctx, raw["muscles"], dict, "muscles", "a mapping of name to muscle").items():
        place = f"muscles.{name}"
        _expect(ctx, m, dict, place, "a mapping")
        _keys(ctx, m, place, _MUSCLE_KEYS, ("label", "roots", "nerve", "movements", "source", "skin"))
        mv = _expect(ctx, m["movements"] or {}, dict, f"{place}.movements",
                     "a mapping of movement to share 0..1 ({} for none)")
        for term in mv:
            if term not in MOVEMENTS:
                raise ctx.fail(f"{place}.movements.{term}",
                               f"unknown movement {term!r}; allowed: {', '.join(MOVEMENTS)}")
        key = m.get("key_muscle", False)
        if not isinstance(key, bool):
            raise ctx.fail(f"{place}.key_muscle", f"expected true or false, got {key!r}")
        skin = _expect(ctx, m["skin"], list, f"{place}.skin", "a list of pieces")
        if not skin:
            raise ctx.fail(f"{place}.skin", "needs at least one piece")
        muscles[str(name)] = Muscle(
            name=str(name), label=str(m["label"]),
            roots=_roots(ctx, m["roots"], f"{place}.roots", weights),
            nerve=_nerve(ctx, m["nerve"], f"{place}.nerve"),
            movements={str(t): _share(ctx, s, f"{place}.movements.{t}") for t, s in mv.items()},
            key_muscle=key, source=_source(ctx, m["source"], f"{place}.source", sources),
            skin=tuple(_piece(ctx, p, f"{place}.skin[{k}]", landmarks) for k, p in enumerate(skin)),
            note=str(m.get("note", "")))
    if not muscles:
        raise ctx.fail("muscles", "the map has no muscles")

    reflexes: dict[str, Reflex] = {}
    for name, r in _expect(ctx, raw["reflexes"], dict, "reflexes", "a mapping of name to reflex").items():
        place = f"reflexes.{name}"
        _expect(ctx, r, dict, place, "a mapping")
        _keys(ctx, r, place, _REFLEX_KEYS, ("label", "roots", "nerve", "muscle", "source"))
        if r["muscle"] not in muscles:
            raise ctx.fail(f"{place}.muscle", f"unknown muscle {r['muscle']!r}; allowed: "
                                              f"{', '.join(muscles)}")
        reflexes[str(name)] = Reflex(
            name=str(name), label=str(r["label"]),
            roots=_roots(ctx, r["roots"], f"{place}.roots", weights),
            nerve=_nerve(ctx, r["nerve"], f"{place}.nerve"), muscle=str(r["muscle"]),
            elicit=str(r.get("elicit", "")), source=_source(ctx, r["source"], f"{place}.source", sources),
            note=str(r.get("note", "")))

    branches = _expect(ctx, raw.get("nerve_branches") or {}, dict, "nerve_branches",
                       "a mapping of branch to parent nerve")
    for child, parent in branches.items():
        _nerve(ctx, child, f"nerve_branches.{child}")
        _nerve(ctx, parent, f"nerve_branches.{child}")
        seen, up = {child}, parent
        while up in branches:  # a loop would make every nerve its own branch
            if up in seen:
                raise ctx.fail(f"nerve_branches.{child}", "the branches form a loop")
            seen.add(up)
            up = branches[up]
    sites = _lesion_sites(ctx, raw.get("lesion_sites") or {}, muscles, sources)
    return MyotomeMap(muscles=muscles, reflexes=reflexes, movements=tuple(movements), lesion_sites=sites,
                      sources={str(k): str(v) for k, v in sources.items()},
                      nerve_branches={str(k): str(v) for k, v in branches.items()},
                      path=source, digest=digest, name=str(raw["name"]), title=str(raw["title"]))


def _lesion_sites(ctx: _Ctx, raw: Any, muscles: dict[str, Muscle], sources: dict) -> dict[str, LesionSite]:
    out = {}
    for name, s in _expect(ctx, raw, dict, "lesion_sites", "a mapping of name to lesion site").items():
        place = f"lesion_sites.{name}"
        _expect(ctx, s, dict, place, "a mapping")
        _keys(ctx, s, place, _SITE_KEYS, ("label", "nerve", "skin", "muscles", "source"))
        skin = _expect(ctx, s["skin"], list, f"{place}.skin", "a list of nerve-map territories")
        names = _expect(ctx, s["muscles"], list, f"{place}.muscles", "a list of muscles")
        for k, m in enumerate(names):
            if m not in muscles:
                raise ctx.fail(f"{place}.muscles[{k}]", f"unknown muscle {m!r}; allowed: {', '.join(muscles)}")
        out[str(name)] = LesionSite(str(name), str(s["label"]), _nerve(ctx, s["nerve"], f"{place}.nerve"),
                                    tuple(str(t) for t in skin), str(s.get("spares_skin") or ""),
                                    tuple(str(m) for m in names),
                                    _source(ctx, s["source"], f"{place}.source", sources), str(s.get("note", "")),
                                    _patient_words(ctx, s, place))
    return out


def _default(path: str | Path | None, name: str) -> Path:
    from radviz.paths import maps_dir

    return Path(path) if path is not None else maps_dir() / name


def load_myotomes(path: str | Path | None = None, landmarks: set[str] | None = None) -> MyotomeMap:
    """Read and validate ``maps/myotomes.yaml`` (or ``path``).

    ``landmarks``: names a skin piece may use in ``near`` (body landmarks and joints); None skips
    the check, and :func:`compile_muscle_skin` then reports an unknown name.
    """
    path = _default(path, "myotomes.yaml")
    raw, digest = read_yaml(path)
    return parse_myotomes(raw, str(path), landmarks, digest)


def load_root_summaries(path: str | Path | None = None) -> dict[str, dict]:
    """Read ``maps/roots.yaml``: per root, a plain-language paragraph on its radiculopathy.

    Returns ``{root: {"summary", "key_muscle", "reflex", "source", ...}}`` in file order;
    ``key_muscle`` is a movement term (or None), ``reflex`` a reflex name (or None).
    """
    path = _default(path, "roots.yaml")
    raw, _ = read_yaml(path)
    ctx = _Ctx(str(path))
    _expect(ctx, raw, dict, "", "a YAML mapping at the top level")
    sources = _expect(ctx, raw.get("sources"), dict, "sources", "a mapping of short name to reference")
    roots = _expect(ctx, raw.get("roots"), dict, "roots", "a mapping of root to record")
    out: dict[str, dict] = {}
    for root, rec in roots.items():
        place = f"roots.{root}"
        if not _is_root_name(str(root)):
            raise ctx.fail(place, f"unknown root {root!r}; roots are {_ROOTS_TEXT}")
        _expect(ctx, rec, dict, place, "a mapping")
        _keys(ctx, rec, place, _SUMMARY_KEYS, ("summary", "source"))
        if not isinstance(rec["summary"], str) or not rec["summary"].strip():
            raise ctx.fail(f"{place}.summary", "expected a paragraph of text")
        key = rec.get("key_muscle")
        if key is not None and key not in MOVEMENTS:
            raise ctx.fail(f"{place}.key_muscle", f"unknown movement {key!r}; allowed: "
                                                  f"{', '.join(MOVEMENTS)} or null")
        reflex = rec.get("reflex")
        if reflex is not None and not isinstance(reflex, str):
            raise ctx.fail(f"{place}.reflex", "expected a reflex name or null")
        _source(ctx, rec["source"], f"{place}.source", sources)
        out[str(root)] = {**rec, "summary": " ".join(rec["summary"].split()),
                          "key_muscle": key, "reflex": reflex}
    missing = [r for r in ROOTS if r not in out]
    if missing:
        raise ctx.fail("roots", f"missing {', '.join(missing)}")
    return out


# ------------------------------------------------------------------- skin regions
def compile_muscle_skin(mmap: MyotomeMap, body, coords=None) -> tuple[list[str], sp.csr_matrix]:
    """Per-vertex weight (0 or 1) of the skin over each muscle, on both sides of the body.

    Pieces are evaluated on coordinates folded onto the left, so a vertex on either side gets
    its own side's region and the two sides mirror each other.  The edge is kept crisp: the
    region is a pointer to "the skin over this muscle", not a probability like a dermatome.

    Returns
    -------
    names : list of str
        Muscle names, one per column.
    weights : sparse csr, shape (n_vertices, n_muscles)
    """
    from radviz.anatomy import compute_coords
    from radviz.atlas.compiler import piece_mask

    if body.base_index is not None and not body.has_anatomy:  # a foreign mesh: borrow hm08's
        from radviz.body import default_body

        names, w = compile_muscle_skin(mmap, default_body())
        return names, w[body.base_index].tocsr()
    coords = coords if coords is not None else compute_coords(body)
    names = list(mmap.muscles)
    cols = []
    for name in names:
        mask = np.zeros(body.n_vertices, dtype=bool)
        for k, piece in enumerate(mmap.muscles[name].skin):
            try:
                mask |= piece_mask(piece, coords, body)
            except KeyError as exc:
                raise InputError(mmap.path, f"muscles.{name}.skin[{k}].near.landmark",
                                 f"the body has no landmark or joint {exc.args[0]!r}") from None
        cols.append(sp.csr_matrix(mask.astype(float)[:, None]))
    return names, sp.hstack(cols, format="csr") if cols else sp.csr_matrix((body.n_vertices, 0))
