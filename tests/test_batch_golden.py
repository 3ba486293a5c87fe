"""``radviz locate --batch --json`` prints, line for line, what ``radviz locate --json`` prints for the
same drawing: both maps, findings, red-flag and upper-motor-neuron signs, both legs, both hands, feet
first, overlapping and repeated points, several brush sizes, empty drawings.  The batch path is tuned
for speed (shared brush discs, arrays per chunk, cached sentences); this pins that it says nothing else."""
from __future__ import annotations

import io
import json

import numpy as np
import pytest

from radviz.findings import MOVEMENTS, REFLEX_STATES, REFLEXES, SIGNS
from radviz import drawing
from radviz.cli import main
from radviz.locate_cli import BATCH_CHUNK, run_batch

PLACES = {  # body parts (the mesh's own labels) a clinician's drawing often covers
    "leg": ("lower leg",), "thigh": ("thigh",), "foot": ("foot", "great toe", "second toe", "little toe"),
    "hand": ("hand", "thumb", "index finger", "little finger", "ring finger"), "arm": ("forearm", "upper arm"),
    "trunk": ("trunk",), "neck": ("neck",),
}


def _vertices_of(body, parts: tuple[str, ...], side: int) -> np.ndarray:
    codes = [body.part_names.index(p) for p in parts]
    return np.flatnonzero(np.isin(body.part, codes) & (body.side == side))


def varied_lines(body, n: int, seed: int = 7) -> list[dict]:
    """``n`` batch lines a clinic might send: drawings placed on body parts, with varied findings."""
    rng = np.random.default_rng(seed)
    pools = {(name, side): _vertices_of(body, parts, side) for name, parts in PLACES.items() for side in (1, -1)}
    lines = []
    for k in range(n):
        place = list(PLACES)[k % len(PLACES)]
        sides = [(1, -1)[rng.integers(2)]] if k % 5 else [1, -1]  # every fifth drawing: both sides
        points = []
        for side in sides:
            pool = pools[(place, side)]
            picked = pool[rng.integers(0, len(pool), 1 + rng.integers(4))]
            points += (body.vertices[picked] + rng.normal(0, 0.01, (len(picked), 3))).round(4).tolist()
        if k % 17 == 0:
            points.append(points[0])  # a repeated point
        if k % 23 == 0:
            points = []  # findings only
        item: dict = {"at": points}
        if k % 3:
            item["radius"] = float(rng.choice([0.15, 0.3, 0.5, 0.8]))
        if k % 4:
            item["symptom"] = str(rng.choice(["pain", "numbness", "tingling"]))
        if k % 7 == 0:
            item["side"] = str(rng.choice(["left", "right"]))
        if k % 2:
            item["map"] = str(rng.choice(["lee2008", "keegan1948"]))
        moves = rng.permutation(MOVEMENTS)[:rng.integers(0, 4)].tolist()
        if moves:
            cut = rng.integers(len(moves) + 1)
            item["weak"], item["normal"] = moves[:cut], moves[cut:]
        if k % 3 == 0:
            reflexes = rng.permutation(REFLEXES)[:rng.integers(1, 3)].tolist()
            states = {r: str(rng.choice(REFLEX_STATES)) for r in reflexes}
            item["reflex"] = states if k % 2 else [f"{r}={s}" for r, s in states.items()]
        if k % 4 == 1:
            item["sign"] = rng.permutation(SIGNS)[:rng.integers(1, 3)].tolist()
        lines.append(item)
    return lines


def _single_argv(item: dict) -> list[str]:
    argv = ["locate", "--json"]
    for p in item.get("at", []):
        argv.append("--at=" + ",".join(repr(c) for c in p))
    for key in ("radius", "symptom", "side", "map"):
        if key in item:
            argv += [f"--{key}", str(item[key])]
    reflexes = item.get("reflex", [])
    if isinstance(reflexes, dict):
        reflexes = [f"{r}={s}" for r, s in reflexes.items()]
    for key, values in (("weak", item.get("weak", [])), ("normal", item.get("normal", [])),
                        ("reflex", reflexes), ("sign", item.get("sign", []))):
        for v in values:
            argv += [f"--{key}", v]
    return argv


def _single(item: dict, capsys) -> str:
    assert main(_single_argv(item)) == 0
    return capsys.readouterr().out.rstrip("\n")


@pytest.fixture(scope="module")
def lines(body):
    return varied_lines(body, 2 * BATCH_CHUNK + 40)  # more than two chunks: discs kept across chunks


def test_the_varied_lines_cover_what_the_batch_path_must_get_right(lines):
    """The corpus itself: each feature the fast path special-cases appears many times."""
    assert sum(len(it["at"]) == 0 for it in lines) >= 10
    assert sum(bool({"babinski", "hoffmann", "clonus"} & set(it.get("sign", []))) for it in lines) >= 30
    assert sum(isinstance(it.get("reflex"), dict) for it in lines) >= 30
    assert len({it.get("map", "lee2008") for it in lines}) == 2
    assert len({it.get("radius", 0.3) for it in lines}) == 4


@pytest.mark.parametrize("discs", ["searched", "from tables"])
def test_every_batch_line_equals_single_locate_byte_for_byte(lines, body, tmp_path, capsys, monkeypatch, discs):
    """Brush discs searched on the skin, or looked up in the per-radius tables (radviz.discs)."""
    monkeypatch.setattr(drawing, "TABLE_MIN_DRAWINGS", 10**9 if discs == "searched" else 1)
    path = tmp_path / "drawings.jsonl"
    path.write_text("".join(json.dumps(it) + "\n" for it in lines), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run_batch(path, "lee2008", body, True, out, err) == 0, err.getvalue()
    batch = out.getvalue().splitlines()
    assert len(batch) == len(lines)
    singles = _singles(lines, capsys)
    differ = [k for k, (a, b) in enumerate(zip(batch, singles)) if a != b]
    assert not differ, f"line {differ[0] + 1}: batch {batch[differ[0]][:300]} single {singles[differ[0]][:300]}"
    results = [json.loads(b) for b in batch]
    flags = {f for r in results for f in r["flags"]}
    assert {"cauda_equina", "upper_motor_neuron", "non_dermatomal"} <= flags  # the corpus reaches these answers
    assert {r["map"] for r in results} == {"lee2008", "keegan1948"}


_SINGLES: dict[int, list[str]] = {}


def _singles(lines: list[dict], capsys) -> list[str]:
    """Single ``locate --json`` of every line (made once per run: the slow half of the comparison)."""
    key = hash(json.dumps(lines))
    if key not in _SINGLES:
        _SINGLES[key] = [_single(it, capsys) for it in lines]
    return _SINGLES[key]
