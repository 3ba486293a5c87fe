"""``radviz cohort``: heat-map values on a synthetic cohort, the CSV's columns and rows, bad lines."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest

from radviz.cli import main
from radviz.cohort.command import map_cohort
from radviz.cohort.table import FIXED_COLUMNS
from radviz.regions import region_table, regions_markdown

ROOT = Path(__file__).resolve().parents[1]


def _point(body, vertex: int) -> list[float]:
    return [float(c) for c in body.vertices[vertex]]  # full precision: snaps back to the same vertex


def _write(path: Path, lines: list) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines))
    return path


@pytest.fixture()
def l5_seed(lee):
    return lee.key_points[("L5", "left")]


@pytest.fixture()
def cohort_file(tmp_path, body, l5_seed):
    """100 drawings: 30 paint the same numb patch (L5 key point, left), 70 are blank."""
    lines = [{"id": f"p{k}", "date": "2024-03-01", "group": "sciatica", "at": [_point(body, l5_seed)],
              "symptom": "numbness"} for k in range(30)]
    lines += [{"id": 100 + k, "at": []} for k in range(70)]
    return _write(tmp_path / "cohort.jsonl", lines)


def _read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def test_heat_map_is_the_share_of_people_at_each_point(cohort_file, body, l5_seed):
    tally, failed, _ = map_cohort(cohort_file)
    patch, _ = body.geodesic_ball(l5_seed, 0.3)  # the default brush radius, searched independently
    share = tally.share()
    assert (tally.n, failed, tally.blank) == (100, 0, 70)
    assert np.allclose(share[patch], 0.30)  # 30 of 100 people there
    assert sorted(np.flatnonzero(share).tolist()) == sorted(patch.tolist())  # 0 % everywhere else
    assert tally.top1_rows() == [("L5", "left", 30)]


def test_heat_map_colours_run_from_none_to_the_hottest_spot():
    from matplotlib import colormaps

    from radviz.cohort.heatmap import COLOUR_MAP, colour_scale_top, share_colours

    share = np.array([0.0, 0.15, 0.30])
    top = colour_scale_top(share)
    assert top == pytest.approx(0.30)
    rgb = share_colours(share, top)
    assert np.allclose(rgb[0], colormaps[COLOUR_MAP](0.0)[:3]) and np.allclose(rgb[2], colormaps[COLOUR_MAP](1.0)[:3])
    assert colour_scale_top(np.array([0.31])) == pytest.approx(0.35)


def test_cli_writes_heat_map_and_a_row_per_drawing_with_every_region(cohort_file, tmp_path, capsys, body, lee,
                                                                    engine):
    from matplotlib.image import imread

    out, table = tmp_path / "heat.png", tmp_path / "regions.csv"
    assert main(["cohort", str(cohort_file), "--out", str(out), "--csv", str(table)]) == 0
    image = imread(out)
    assert image.shape[0] > 500 and image.shape[1] > 500
    printed = capsys.readouterr().out
    assert "100 drawings read" in printed and "30 with pain, numbness or tingling, 70 without" in printed
    assert "L5 left" in printed and "30.0 %" in printed
    header, rows = _read_csv(table)
    codes = region_table(body, lee, engine.nerves).codes
    assert header == list(FIXED_COLUMNS) + codes
    assert any(c.startswith("part.") for c in codes) and any(c.startswith("derm.") for c in codes) \
        and any(c.startswith("nerve.") for c in codes)
    assert len(rows) == 100 and [r["line"] for r in rows] == [str(k) for k in range(1, 101)]
    first, blank = rows[0], rows[-1]
    assert (first["id"], first["date"], first["group"], first["symptom"]) == ("p0", "2024-03-01", "sciatica", "numbness")
    assert (first["top_root"], first["top_side"]) == ("L5", "left") and float(first["top_score"]) > 0.25
    assert float(first["derm.L5.left"]) > max(float(first["derm.L4.left"]), float(first["derm.S1.left"]))
    assert float(first["derm.L5.right"]) == 0.0
    patch, _ = body.geodesic_ball(lee.key_points[("L5", "left")], 0.3)
    assert float(first["area_cm2"]) == pytest.approx(100 * body.vertex_areas[patch].sum(), abs=0.06)
    part = body.part_names[body.part[lee.key_points[("L5", "left")]]].replace(" ", "_")
    assert float(first[f"part.{part}.left"]) > 0
    assert (blank["id"], blank["symptom"], blank["top_root"], blank["area_cm2"]) == ("169", "", "", "0.0")
    assert {blank[c] for c in codes} == {"0"}


def test_region_codes_are_the_documented_ones():
    assert (ROOT / "docs" / "regions.md").read_text() == regions_markdown(), \
        "docs/regions.md is stale: python -m radviz.regions > docs/regions.md"


def test_by_keeps_one_family_of_columns(cohort_file, tmp_path):
    table = tmp_path / "parts.csv"
    map_cohort(cohort_file, families=("part",), csv_path=table)
    header, rows = _read_csv(table)
    regions = header[len(FIXED_COLUMNS):]
    assert regions and all(c.startswith("part.") for c in regions) and len(rows) == 100


def test_a_whole_body_part_painted_is_a_share_of_one(body, lee, engine):
    import scipy.sparse as sp

    table = region_table(body, lee, engine.nerves)
    foot = np.flatnonzero((body.part == body.part_names.index("foot")) & (body.side > 0))
    painted = sp.csr_matrix((np.ones(len(foot)), (np.zeros(len(foot), int), foot)), shape=(1, body.n_vertices))
    shares = dict(zip(table.codes, table.coverage(painted)[0]))
    assert shares["part.foot.left"] == pytest.approx(1.0) and shares["part.foot.right"] == 0.0
    assert shares["derm.L5.left"] > 0.0 and shares["derm.C6.left"] == 0.0
    assert all(0.0 <= v <= 1.0 + 1e-9 for v in shares.values())


def test_bad_lines_are_named_skipped_counted_and_fail_the_exit_status(tmp_path, body, capsys, l5_seed):
    good = {"at": [_point(body, l5_seed)], "symptom": "pain"}
    path = _write(tmp_path / "mixed.jsonl", [
        good,
        "{not json",
        dict(good, id="a"),
        dict(good, colour="red"),
        dict(good, date="yesterday"),
        "",
        dict(good, group="x" * 500),
        dict(good, at=[[1, 2]]),
        dict(good, id="last"),
    ])
    out, table = tmp_path / "heat.png", tmp_path / "rows.csv"
    assert main(["cohort", str(path), "--out", str(out), "--csv", str(table)]) == 2
    captured = capsys.readouterr()
    for lineno in (2, 4, 5, 7, 8):
        assert f"line {lineno}:" in captured.err
    assert "unknown key 'colour'" in captured.err and "ISO date" in captured.err
    assert "5 lines of" in captured.err.splitlines()[-1]
    _, rows = _read_csv(table)
    assert [r["line"] for r in rows] == ["1", "3", "9"] and rows[-1]["id"] == "last"  # nothing else lost
    assert out.exists() and "3 drawings read" in captured.out and "5 bad lines skipped" in captured.out


def test_a_file_without_any_drawing_writes_nothing(tmp_path, capsys):
    path = _write(tmp_path / "bad.jsonl", ["[1, 2]", "{\"at\": 3}"])
    out, table = tmp_path / "heat.png", tmp_path / "rows.csv"
    assert main(["cohort", str(path), "--out", str(out), "--csv", str(table)]) == 2
    assert "no drawing could be read (2 bad lines)" in capsys.readouterr().err
    assert not out.exists() and not table.exists() and list(tmp_path.iterdir()) == [path]


def test_an_output_never_overwrites_the_input(cohort_file, tmp_path, capsys):
    before = cohort_file.read_bytes()
    assert main(["cohort", str(cohort_file), "--out", str(tmp_path / "h.png"), "--csv", str(cohort_file)]) == 2
    assert "would overwrite the input" in capsys.readouterr().err
    assert cohort_file.read_bytes() == before


def test_chunk_boundaries_do_not_change_anything(cohort_file, tmp_path, monkeypatch):
    import radviz.cohort.command as command

    whole = tmp_path / "whole.csv"
    tally, _, _ = map_cohort(cohort_file, csv_path=whole)
    monkeypatch.setattr(command, "COHORT_CHUNK", 7)  # 100 drawings in 15 chunks
    pieces = tmp_path / "pieces.csv"
    chunked, _, _ = map_cohort(cohort_file, csv_path=pieces)
    assert np.array_equal(tally.people, chunked.people) and tally.top1 == chunked.top1
    assert whole.read_bytes() == pieces.read_bytes()


def test_symptom_filter_counts_only_the_chosen_symptoms(tmp_path, body, lee):
    numb = lee.key_points[("L5", "left")]
    sore = lee.key_points[("C6", "right")]
    path = _write(tmp_path / "two.jsonl", [{"at": [_point(body, numb)], "symptom": "numbness"}] * 10
                  + [{"at": [_point(body, sore)], "symptom": "pain"}] * 10)
    tally, _, _ = map_cohort(path, symptoms=("numbness",))
    share = tally.share()
    numb_patch, _ = body.geodesic_ball(numb, 0.3)
    assert tally.n == 20 and tally.blank == 10  # people without numbness still count
    assert np.allclose(share[numb_patch], 0.5) and sorted(np.flatnonzero(share)) == sorted(numb_patch.tolist())
    assert [(r, s) for r, s, _ in tally.top1_rows()] == [("L5", "left")]


def test_top_root_is_what_locate_batch_ranks_first(tmp_path, body, lee):
    from radviz.locate_cli import run_batch

    lines = [{"at": [_point(body, lee.key_points[("S1", "left")])], "symptom": "pain", "weak": ["ankle_plantarflexion"]},
             {"at": [_point(body, lee.key_points[("C7", "right")]), _point(body, lee.key_points[("C6", "right")])],
              "symptom": "tingling", "radius": 0.5},
             {"at": [_point(body, lee.key_points[("L4", "left")])], "reflex": ["patellar=decreased"], "side": "left"},
             {"at": [_point(body, lee.key_points[("T10", "right")])], "map": "keegan1948", "symptom": "numbness"}]
    path = _write(tmp_path / "cases.jsonl", lines)
    table = tmp_path / "cases.csv"
    map_cohort(path, csv_path=table)
    _, rows = _read_csv(table)
    located = io.StringIO()
    assert run_batch(path, "lee2008", body, True, located, io.StringIO()) == 0
    firsts = [json.loads(line)["roots"][0] for line in located.getvalue().splitlines()]
    assert len(firsts) == len(rows) == 4
    for row, first in zip(rows, firsts):
        assert (row["top_root"], row["top_side"]) == (first["root"], first["side"])
        assert float(row["top_score"]) == pytest.approx(first["score"], abs=1e-4)


def test_cohort_and_trend_modules_import_no_gui_and_no_plotting():
    import subprocess
    import sys

    modules = ["radviz.regions", "radviz.trends", "radviz.cohort.command", "radviz.cohort.lines",
               "radviz.cohort.painting", "radviz.cohort.scoring", "radviz.cohort.table", "radviz.cohort.tally",
               "radviz.cohort.heatmap"]
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules) +
            "print(','.join(m for m in ('PySide6', 'pyvista', 'vtk', 'vtkmodules', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""  # the heat map imports pyvista and matplotlib only when it draws


def test_a_line_that_is_not_text_is_named_and_skipped(tmp_path, body, l5_seed, capsys):
    good = json.dumps({"at": [_point(body, l5_seed)]}).encode()
    path = tmp_path / "bytes.jsonl"
    path.write_bytes(good + b"\n" + b"{\"at\": [\xff\xfe]}\n" + good + b"\n")
    tally, failed, _ = map_cohort(path)
    assert (tally.n, failed) == (2, 1)
    assert "line 2: not UTF-8" in capsys.readouterr().err


def test_disc_cache_stays_within_its_budget_and_still_paints_every_disc(body):
    from radviz.cohort.painting import DiscCache

    cache = DiscCache(body, max_entries=2_000)
    seeds = np.arange(0, body.n_vertices, 401)
    cache.fill(seeds, 0.3)
    assert cache.entries <= 2_000 and len(cache) < len(seeds)
    for seed in seeds.tolist():  # a disc dropped to keep the budget is recomputed, identical
        verts, values = cache.get(seed, 0.3)
        expected, _ = body.geodesic_ball(seed, 0.3)
        assert sorted(verts.tolist()) == sorted(expected.tolist()) and values.max() == 5.0


def test_a_full_disk_keeps_the_old_table_and_fails_in_one_line(cohort_file, tmp_path):
    from test_hostile_files import one_line_error, run_limited

    table = tmp_path / "old.csv"
    table.write_bytes(b"the previous good table")
    proc = run_limited(["cohort", str(cohort_file), "--out", str(tmp_path / "heat.png"), "--csv", str(table)],
                       fsize=2_000, timeout=180)  # writes beyond 2 kB fail with EFBIG
    line = one_line_error(proc)
    assert str(table) in line and "nothing was changed" in line
    assert table.read_bytes() == b"the previous good table"
    assert not (tmp_path / "heat.png").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
