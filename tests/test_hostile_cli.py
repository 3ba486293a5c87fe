"""Hostile command lines (issue 21): batch files, outputs that cannot be written, misleading messages.

Commands that could exhaust memory or block run in a subprocess under ``RLIMIT_AS`` (and
``RLIMIT_FSIZE`` for a full disk) with a timeout; see ``tests/test_hostile_files.py``.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from radviz.cli import main
from test_hostile_files import POINT, device_node, one_line_error, run_limited

GOOD = '{"at": [[1.9, -6.0, 0.3]], "symptom": "numbness"}'


def _cli(argv, capsys):
    rc = main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


def _batch(tmp_path, lines: list[str]) -> Path:
    path = tmp_path / "drawings.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ batch lines
@pytest.mark.parametrize("bad,reason", [
    ('{"at": [1.9, -6.0, 0.3]}', "at[0] must be [x, y, z]"),
    ('{"at": ["1.9,-6.0,0.3"]}', "at[0] must be [x, y, z]"),
    ('{"at": [[1.9, -6.0]]}', "at[0] must be [x, y, z]"),
    ('{"at": [[true, 0, 0]]}', "at[0] must be [x, y, z]"),
    ('{"at": [[1.9, -6.0, 0.3]], "symptom": "pain", "symptom": "numbness"}', "'symptom' is given twice"),
    ('{"at": [[1.9, -6.0, 0.3]], "radius": NaN}', "not valid JSON"),
    ('{"at": [[1.9, -6.0, 0.3]], "weak": "ankle_dorsiflexion"}', "'weak' must be a list of names"),
    ('{"at": [[1.9, -6.0, 0.3]], "weak": ["flying"]}', "unknown movement 'flying'"),
    ('{"at": [[1.9, -6.0, 0.3]], "map": "nerves"}', "unknown map"),
], ids=["flat-point", "string-point", "two-coordinates", "bool", "duplicate-key", "nan", "bare-string",
        "unknown-movement", "nerve-map"])
def test_a_bad_batch_line_is_refused_by_number_and_the_others_are_scored(tmp_path, capsys, bad, reason):
    rc, out, err = _cli(["locate", "--batch", str(_batch(tmp_path, [GOOD, bad, GOOD])), "--json"], capsys)
    assert rc == 2
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == 2 and results[0] == results[1] and results[0]["roots"]
    errors = err.strip().splitlines()
    assert errors[0].startswith("radviz locate: line 2: ") and reason in errors[0], errors
    assert "1 line" in errors[-1] and "could not be scored" in errors[-1]


def test_batch_errors_cut_a_huge_bad_value_to_a_short_prefix(tmp_path, capsys):
    huge = json.dumps({"at": [[1.9, -6.0, 0.3]], "symptom": "x" * 500_000})
    rc, out, err = _cli(["locate", "--batch", str(_batch(tmp_path, [huge, GOOD])), "--json"], capsys)
    assert rc == 2 and len(out.splitlines()) == 1
    first = err.splitlines()[0]
    assert "line 1" in first and "unknown symptom" in first and "500,000 characters" in first
    assert len(first) < 300


def test_batch_table_mode_keeps_scoring_after_a_bad_line(tmp_path, capsys):
    rc, out, err = _cli(["locate", "--batch", str(_batch(tmp_path, ["[1, 2]", GOOD]))], capsys)
    assert rc == 2 and "line 2:" in out and "root" in out and "line 1: expected a JSON object" in err


def test_batch_results_are_printed_as_they_are_scored(tmp_path, monkeypatch):
    """Streaming: the first results are written after at most one chunk of lines has been read."""
    import io

    import radviz.locate_cli as locate_cli

    monkeypatch.setattr(locate_cli, "BATCH_CHUNK", 4)
    parsed = []
    real_parse = locate_cli._parse_batch_line
    monkeypatch.setattr(locate_cli, "_parse_batch_line", lambda *a: parsed.append(a[1]) or real_parse(*a))

    class Out(io.StringIO):
        parsed_at_first_write = None

        def write(self, text):
            if self.parsed_at_first_write is None:
                self.parsed_at_first_write = len(parsed)
            return super().write(text)

    from radviz.body import default_body

    out = Out()
    failed = locate_cli.run_batch(_batch(tmp_path, [GOOD] * 10), "lee2008", default_body(), True, out, io.StringIO())
    assert failed == 0 and len(out.getvalue().splitlines()) == 10
    assert out.parsed_at_first_write == 4


def test_a_huge_batch_file_is_streamed_in_bounded_memory(tmp_path):
    """400 MB in one line between two good drawings: refused by number, the good ones scored, within
    an address-space limit that reading the whole file would exceed."""
    path = tmp_path / "huge.jsonl"
    with path.open("w") as fh:
        fh.write(GOOD + "\n")
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size + 400_000_000)  # sparse: a 400 MB line of NUL bytes
    with path.open("a") as fh:
        fh.write("\n" + GOOD + "\n")
    proc = run_limited(["locate", "--batch", str(path), "--json"], limit=1_000 * 2**20, timeout=300)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert len(proc.stdout.splitlines()) == 2
    assert "line 2: longer than 1,000,000 bytes" in proc.stderr and "Traceback" not in proc.stderr


def test_batch_and_single_locate_give_identical_json(tmp_path, capsys):
    """One scoring pipeline: every batch result equals the single-drawing command's, byte for byte."""
    cases = [
        (["--at", "1.9,-6.0,0.3", "--symptom", "numbness"], {"at": [[1.9, -6.0, 0.3]], "symptom": "numbness"}),
        (["--at", "-1.2,-2.5,0.4", "--at", "-1.1,-3.0,0.5", "--radius", "0.5", "--weak", "knee_extension"],
         {"at": [[-1.2, -2.5, 0.4], [-1.1, -3.0, 0.5]], "radius": 0.5, "weak": ["knee_extension"]}),
        (["--at", "1.9,-6.0,0.3", "--symptom", "tingling", "--reflex", "achilles=absent", "--side", "left",
          "--map", "keegan1948"],
         {"at": [[1.9, -6.0, 0.3]], "symptom": "tingling", "reflex": ["achilles=absent"], "side": "left",
          "map": "keegan1948"}),
        (["--weak", "ankle_dorsiflexion", "--normal", "hip_abduction"],
         {"weak": ["ankle_dorsiflexion"], "normal": ["hip_abduction"]}),
    ]
    singles = []
    for argv, _ in cases:
        rc, out, _ = _cli(["locate", *argv, "--json"], capsys)
        assert rc == 0
        singles.append(out.strip())
    path = _batch(tmp_path, [json.dumps(item) for _, item in cases])
    rc, out, _ = _cli(["locate", "--batch", str(path), "--json"], capsys)
    assert rc == 0 and out.strip().splitlines() == singles


# ------------------------------------------------------------------ outputs
@pytest.mark.parametrize("target", ["device", "fifo", "missing-folder", "folder"])
@pytest.mark.parametrize("command", ["render", "report"])
def test_outputs_radviz_must_not_write_are_refused_in_one_line_before_any_work(tmp_path, body, target, command):
    """Never /dev/full itself: run as root, a regression would replace the machine's device node."""
    from radviz.session import SessionState, save_session

    out = {"device": tmp_path / "full.pdf", "fifo": tmp_path / "out.pdf", "missing-folder": tmp_path / "no" / "x.pdf",
           "folder": tmp_path / "dir.pdf"}[target]
    if target == "device":
        device_node(out)
    if target == "fifo":
        os.mkfifo(out)
    if target == "folder":
        out.mkdir()
    if command == "render":
        args = ["render", "--out", str(out), "--size", "64x64"]
    else:
        args = ["report", str(save_session(tmp_path / "s.json", SessionState(), body)), "--out", str(out)]
    line = one_line_error(run_limited(args, timeout=120))
    assert str(out) in line
    if target == "device":
        assert stat.S_ISCHR(os.stat(out).st_mode)
    if target == "fifo":
        assert stat.S_ISFIFO(os.stat(out).st_mode)


@pytest.mark.parametrize("command", ["render", "report"])
def test_a_full_disk_keeps_the_old_export_and_fails_in_one_line(tmp_path, body, command):
    from radviz.session import SessionState, save_session

    out = tmp_path / ("old.png" if command == "render" else "old.pdf")
    out.write_bytes(b"the previous good export")
    if command == "render":
        args = ["render", "--out", str(out), "--size", "200x200"]
    else:
        args = ["report", str(save_session(tmp_path / "s.json", SessionState(), body)), "--out", str(out)]
    proc = run_limited(args, fsize=2_000, timeout=180)  # writes beyond 2 kB fail with EFBIG
    line = one_line_error(proc)
    assert str(out) in line and "nothing was changed" in line
    assert "wrote" not in proc.stdout
    assert out.read_bytes() == b"the previous good export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# ------------------------------------------------------------------ arguments
@pytest.mark.parametrize("argv,needle", [
    (["roots", "--at", "-inf,0,0"], "not finite"),
    (["roots", "--at=-inf,0,0"], "not finite"),
    (["locate", "--at", "-nan,0,0"], "not finite"),
    (["render", "--out", "x.png", "--size", "-100x100"], "between 16 and 8000"),
    (["locate", *POINT, "--radius", "-1"], "must be > 0"),
    (["render", "--out", "x.png", "--tone", "purple"], "invalid choice: 'purple'"),
])
def test_negative_values_and_unknown_tones_get_a_real_message(capsys, argv, needle):
    rc, _, err = _cli(argv, capsys)
    assert rc == 2 and needle in err and "expected one argument" not in err
    assert len(err.strip().splitlines()) == 1


# ------------------------------------------------------------------ sessions
def _session(tmp_path, body, **fields):
    from radviz.session import SessionState, session_to_dict

    state = SessionState(drawing={"numbness": {"vertices": [int(body.nearest_vertex([1.9, -6.0, 0.3])[0])],
                                               "values": [5.0]}})
    doc = session_to_dict(state, body)
    for key, value in fields.items():
        section, name = key.split("_", 1)
        doc[section][name] = value
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc))
    return path


def test_session_errors_name_the_session_key_not_an_option(tmp_path, body, capsys):
    path = _session(tmp_path, body, body_shape="gorilla")
    rc, _, err = _cli(["report", str(path), "--out", str(tmp_path / "r.pdf")], capsys)
    assert rc == 2 and "s.json: body.shape: 'gorilla'" in err and "--body" not in err


def test_a_session_with_an_uninstalled_map_reports_on_the_default_map(tmp_path, body, capsys):
    pytest.importorskip("PySide6")
    path = _session(tmp_path, body, map_name="gone1999")
    rc, out, err = _cli(["report", str(path), "--out", str(tmp_path / "r.pdf")], capsys)
    assert rc == 0, err
    assert "gone1999" in out and "lee2008" in out and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_the_documented_file_shape_of_a_mesh_session_is_accepted(tmp_path, body, capsys):
    """``body.shape: "file:<name>"`` (a mesh opened from a file) with that mesh beside the session."""
    pytest.importorskip("PySide6")
    import trimesh

    trimesh.Trimesh(body.vertices, body.faces, process=False).export(tmp_path / "me.ply")
    path = _session(tmp_path, body, body_shape="file:me.ply", body_mesh="me.ply")
    rc, out, err = _cli(["report", str(path), "--out", str(tmp_path / "r.pdf")], capsys)
    assert rc == 0, err
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
