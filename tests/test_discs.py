"""Brush discs from the per-radius table (batch scoring) are the skin search's discs, bit for bit,
and the table kept in the cache folder is used only when it is sound."""
from __future__ import annotations

import io
import json

import numpy as np
import pytest

from radviz import discs, drawing
from radviz.locate_cli import run_batch


@pytest.fixture
def private_tables(tmp_path, monkeypatch):
    """An empty cache folder and no table in memory."""
    monkeypatch.setenv("RADVIZ_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(discs, "_TABLES", {})
    return tmp_path / "cache"


def _groups(body, rng, n: int) -> list[list[int]]:
    """Drawings of 0-4 points: some far apart, some a brush width apart (overlapping discs), repeats."""
    out = []
    for k in range(n):
        seeds = rng.integers(0, body.n_vertices, rng.integers(0, 4)).tolist()
        if seeds and k % 3 == 0:
            seeds.append(int(body.geodesic_ball(seeds[0], 0.2)[0][-1]))  # a neighbour: discs overlap
        if seeds and k % 5 == 0:
            seeds.append(seeds[0])
        out.append(seeds)
    return out


@pytest.mark.parametrize("radius", [0.15, 0.3])
def test_table_discs_are_the_skin_search_discs_bit_for_bit(body, private_tables, radius):
    table = discs.disc_table(body, radius)
    groups = _groups(body, np.random.default_rng(3), 300)
    assert sum(len(g) > 1 for g in groups) > 100 and sum(not g for g in groups) > 10
    for ours, searched in zip(table.discs(groups), body.geodesic_discs(groups, radius)):
        assert ours.dtype == searched.dtype
        np.testing.assert_array_equal(ours, searched)
    for seed in range(0, body.n_vertices, 401):  # each row is the brush's own search from that vertex
        verts, dist = body.geodesic_ball(seed, radius)
        order = np.argsort(verts)
        row = slice(table.indptr[seed], table.indptr[seed + 1])
        np.testing.assert_array_equal(table.indices[row], verts[order])
        np.testing.assert_array_equal(table.dist[row], dist[order])


def test_the_table_is_kept_in_the_cache_folder_and_read_back(body, private_tables):
    built = discs.disc_table(body, 0.15)
    (entry,) = private_tables.glob("discs-*.json")
    assert {p.name for p in private_tables.iterdir()} == {
        entry.name, *(f"{entry.stem}-{name}.npy" for name in ("indptr", "indices", "dist"))}
    discs._TABLES.clear()
    read = discs.disc_table(body, 0.15)
    assert read is not built
    for a, b in ((read.indptr, built.indptr), (read.indices, built.indices), (read.dist, built.dist)):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    assert discs.disc_table(body, 0.2) is not read and len(list(private_tables.glob("discs-*.json"))) == 2


@pytest.mark.parametrize("damage", ["garbage", "cut short", "index out of range", "distance beyond the brush",
                                    "distances in another order", "other radius", "no meta"])
def test_an_unsound_cache_entry_is_rebuilt_with_a_warning(body, private_tables, capsys, damage):
    good = discs.disc_table(body, 0.15)
    (entry,) = private_tables.glob("discs-*.json")
    stored = {name: entry.with_name(f"{entry.stem}-{name}.npy") for name in ("indptr", "indices", "dist")}
    if damage == "garbage":
        stored["dist"].write_bytes(b"\x93NUMPY not really an array" * 100)
    elif damage == "cut short":
        stored["dist"].write_bytes(stored["dist"].read_bytes()[:-8])
    elif damage == "index out of range":
        indices = np.load(stored["indices"])
        indices[7] = body.n_vertices  # not among the sampled entries: the range check finds it
        np.save(stored["indices"], indices)
    elif damage == "distance beyond the brush":
        np.save(stored["dist"], np.load(stored["dist"]) * 1.5)
    elif damage == "distances in another order":  # its type, length and range are right: the digest tells
        np.save(stored["dist"], np.load(stored["dist"])[::-1].copy())
    elif damage == "other radius":
        entry.write_text(json.dumps(dict(json.loads(entry.read_text()), radius=(0.2).hex())))
    else:
        entry.write_text("{")
    discs._TABLES.clear()
    again = discs.disc_table(body, 0.15)
    assert "ignoring disc table" in capsys.readouterr().err
    np.testing.assert_array_equal(again.dist, good.dist)
    discs._TABLES.clear()
    assert discs.disc_table(body, 0.15) is not None and capsys.readouterr().err == ""  # the rebuilt entry is good


def test_no_table_is_built_that_would_not_fit_its_limit(body, private_tables, monkeypatch):
    monkeypatch.setattr(discs, "MAX_ENTRIES", 1000)
    assert discs.disc_table(body, 0.3) is None
    assert not list(private_tables.glob("discs-*"))


def test_batch_results_are_the_same_painted_from_the_table_or_searched(body, tmp_path, monkeypatch):
    rng = np.random.default_rng(11)
    path = tmp_path / "drawings.jsonl"
    with path.open("w") as fh:
        for k, seeds in enumerate(_groups(body, rng, 150)):
            item = {"at": body.vertices[seeds].round(4).tolist(), "radius": [0.3, 0.15][k % 2]}
            fh.write(json.dumps(item) + "\n")

    def batch(min_drawings: int) -> str:
        monkeypatch.setattr(drawing, "TABLE_MIN_DRAWINGS", min_drawings)
        out, err = io.StringIO(), io.StringIO()
        assert run_batch(path, "lee2008", body, True, out, err) == 0, err.getvalue()
        return out.getvalue()

    searched, tabled = batch(10**9), batch(1)
    assert len(tabled.splitlines()) == 150 and len(set(tabled.splitlines())) > 80  # a quarter draw nothing
    assert tabled == searched


def test_a_fifo_where_the_table_belongs_neither_blocks_nor_fails(body, private_tables, capsys):
    import os

    good = discs.disc_table(body, 0.15)
    (entry,) = private_tables.glob("discs-*-dist.npy")
    entry.unlink()
    os.mkfifo(entry)
    discs._TABLES.clear()
    again = discs.disc_table(body, 0.15)  # read refused (not a regular file), rebuilt, not written over the FIFO
    np.testing.assert_array_equal(again.dist, good.dist)
    err = capsys.readouterr().err
    assert "ignoring disc table" in err and "cannot write the disc table cache" in err
    assert entry.is_fifo() and not [p for p in private_tables.iterdir() if p.name.endswith(".tmp")]
