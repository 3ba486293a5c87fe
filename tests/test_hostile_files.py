"""Hostile files (issue 21): bombs, devices, FIFOs, huge and tampered files fail fast, in one line.

Anything that could exhaust memory or block runs in a subprocess under an address-space limit
(``RLIMIT_AS``) and a timeout, so a regression fails the test instead of the machine.
"""
from __future__ import annotations

import json
import os
import resource
import stat
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

from radviz.errors import InputError, OutputError

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 1_500 * 2**20  # address space for one radviz command: far below any bomb


def run_limited(args: list[str], env: dict | None = None, limit: int = LIMIT, timeout: float = 120,
                fsize: int | None = None) -> subprocess.CompletedProcess:
    """``python -m radviz ARGS`` (or ``python -c`` when args[0] == '-c') under RLIMIT_AS and a timeout."""
    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    argv = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "-m", "radviz", *args]
    full_env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", **(env or {}))
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, preexec_fn=limits,
                          env=full_env, cwd=ROOT)


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    """The command failed with status 2 and exactly one line on stderr, no traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    lines, after_warning = [], False
    for ln in proc.stderr.splitlines():  # radviz's own warnings and Python's (with their source line)
        if "warning" in ln.lower() or (after_warning and ln.startswith(" ")) or not ln.strip():
            after_warning = "Warning:" in ln or (after_warning and ln.startswith(" "))
            continue
        after_warning = False
        lines.append(ln)
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    return lines[0]


POINT = ["--at", "1.9,-6.0,0.3"]


# ------------------------------------------------------------------ map names
def test_locate_with_the_nerve_map_is_refused_in_one_line():
    line = one_line_error(run_limited(["locate", "--map", "nerves", *POINT, "--json"]))
    assert "nerves" in line and "dermatome" in line and "lee2008" in line


def test_a_session_scored_on_the_nerve_map_is_refused_naming_the_session_key(tmp_path, body):
    from radviz.session import SessionState, load_session, save_session

    path = save_session(tmp_path / "s.json", SessionState(map_name="nerves"), body)
    with pytest.raises(InputError, match="dermatomes") as err:
        load_session(path, body)
    assert err.value.place == "map.name" and err.value.source == str(path)
    line = one_line_error(run_limited(["report", str(path), "--out", str(tmp_path / "r.pdf")]))
    assert "map.name" in line and "--map" not in line
    assert not (tmp_path / "r.pdf").exists()


# ------------------------------------------------------------------ YAML maps
BOMB = "schema: radviz-map/1\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcdefgh", "bcdefghi")) + \
    "name: x\ntitle: x\nkind: dermatomes\nsources: {a: b}\nterritories: *i\n"


def test_yaml_alias_bomb_is_refused_before_it_expands(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB)
    line = one_line_error(run_limited(["locate", "--map", str(path), *POINT, "--json"]))
    assert "bomb.yaml" in line and "expands to more than" in line


def test_a_yaml_integer_over_4300_digits_is_refused_with_its_line(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("schema: radviz-map/1\nname: x\nvalue: " + "9" * 5000 + "\n")
    line = one_line_error(run_limited(["locate", "--map", str(path), *POINT]))
    assert "long.yaml: line 3" in line and "5,000 characters" in line


def test_a_key_given_twice_in_a_map_is_refused_with_both_lines(tmp_path):
    """YAML would keep the second silently; a reviewer reading the first would read what radviz ignores."""
    path = tmp_path / "twice.yaml"
    path.write_text("schema: radviz-map/1\nname: x\nterritories:\n  L5:\n    note: a\n    roots: [L5]\n"
                    "    note: b\n")
    line = one_line_error(run_limited(["locate", "--map", str(path), *POINT]))
    assert "twice.yaml: line 7" in line and "key 'note' is given twice" in line and "first on line 5" in line


def test_a_300_mb_map_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:  # sparse: no disk space, but a size of 300 MB
        fh.truncate(300_000_000)
    proc = run_limited(["locate", "--map", str(path), *POINT], limit=900 * 2**20, timeout=60)
    line = one_line_error(proc)
    assert "300,000,000 bytes" in line and "at most" in line


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_a_device_or_fifo_named_as_a_map_is_refused_without_reading(tmp_path, kind):
    path = tmp_path / "map.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    line = one_line_error(run_limited(["locate", "--map", str(path), *POINT], timeout=60))
    assert "not a regular file" in line


# ------------------------------------------------------------------ sessions and batch files
@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_a_device_or_fifo_as_session_or_batch_is_refused_without_blocking(tmp_path, kind):
    path = tmp_path / "s.json"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    line = one_line_error(run_limited(["report", str(path), "--out", str(tmp_path / "r.pdf")], timeout=60))
    assert "not a regular file" in line
    line = one_line_error(run_limited(["locate", "--batch", str(path), "--json"], timeout=60))
    assert "not a regular file" in line


# ------------------------------------------------------------------ meshes
@pytest.mark.parametrize("text, line, problem", [
    ("v 1 2\nf 1 2 3\n", 1, "a vertex needs three coordinates (v x y z)"),
    ("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2\n", 4, "a face needs at least three corners"),
    ("v 0 0 0\nv 1 0 0\nv 0 1 0\n# a comment\nf 1/1 2/1 4/1\n", 5, "a face refers to vertex 4, but the file has 3"),
    ("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 three\n", 4, "a face corner is not a vertex number"),
])
def test_a_broken_obj_names_its_line_and_problem(tmp_path, text, line, problem):
    """Not the parser's 'IndexError: index 1 is out of bounds' (found opening such a file in the app)."""
    path = tmp_path / "broken.obj"
    path.write_text(text)
    message = one_line_error(run_limited(["locate", "--mesh", str(path), *POINT]))
    assert f"broken.obj: line {line}: {problem}" in message and "Error" not in message


def _npz_bomb(path: Path, inflated: int) -> None:
    """An .npz whose one array (float64 zeros) inflates to ``inflated`` bytes: a few MB on disk.

    Deflate blocks of zeros after a full flush are independent, so one compressed block is repeated.
    """
    block = 64 * 2**20
    n = inflated // block * block // 8
    header = b"\x93NUMPY\x01\x00"
    text = f"{{'descr': '<f8', 'fortran_order': False, 'shape': ({n},), }}".encode()
    text += b" " * (64 - (len(header) + 2 + len(text) + 1) % 64) + b"\n"
    header += struct.pack("<H", len(text)) + text
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(header) + comp.flush(zlib.Z_FULL_FLUSH)
    zeros = comp.compress(bytes(block)) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.flush()
    data = head + zeros * (n * 8 // block) + tail
    size = len(header) + n * 8
    name = b"vertices.npy"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, 0, len(data), size, len(name), 0) + name
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, 0, len(data), size,
                          len(name), 0, 0, 0, 0, 0, 0) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    path.write_bytes(local + data + central + end)


def test_an_npz_mesh_that_inflates_to_gigabytes_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bomb.npz"
    _npz_bomb(path, 3_900_000_000)
    assert path.stat().st_size < 10_000_000
    line = one_line_error(run_limited(["locate", "--mesh", str(path), *POINT], timeout=60))
    assert "bomb.npz" in line and "inflates to 3,8" in line


def test_npz_arrays_are_checked_against_their_declared_size(tmp_path, monkeypatch):
    """A member whose header declares more data than the member holds is refused, not allocated."""
    import radviz.npzfile as npzfile

    path = tmp_path / "liar.npz"
    np.savez(path, vertices=np.zeros((4, 3)), quads=np.array([[0, 1, 2, 3]]))
    import zipfile

    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["vertices.npy"] = members["vertices.npy"].replace(b"(4, 3)", b"(4000000000, 3)")
    with zipfile.ZipFile(path, "w") as z:
        for n, b in members.items():
            z.writestr(n, b)
    with pytest.raises(InputError, match="declares .* bytes of data"):
        npzfile.read_npz(path, 10**12, "body file")


def test_a_text_mesh_over_the_face_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    import trimesh

    import radviz.body

    monkeypatch.setattr(radviz.body, "MAX_FACES", 1000)
    monkeypatch.setattr(trimesh, "load", lambda *a, **k: pytest.fail("parsed a mesh over the limit"))
    rows = ["v 0 0 0", "v 1 0 0", "v 0 1 0", "v 1 1 0"] + ["f 1 2 3"] * 1001
    path = tmp_path / "many.obj"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(InputError, match="1,001 triangles is more than radviz opens"):
        radviz.body.load_body(path)
    ply = tmp_path / "many.ply"
    ply.write_text("ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                   "property float z\nelement face 5000\nproperty list uchar int vertex_indices\nend_header\n")
    with pytest.raises(InputError, match="5,000 triangles"):
        radviz.body.load_body(ply)


def test_mesh_counts_match_what_the_file_holds(tmp_path, body):
    """The declared counts used for the limits are the real ones for every format radviz opens."""
    import trimesh

    from radviz.mesh_counts import declared_counts

    mesh = trimesh.Trimesh(body.vertices, body.faces, process=False)
    for ext in ("obj", "ply", "off", "glb", "gltf", "stl"):
        path = tmp_path / f"b.{ext}"
        mesh.export(path)
        vertices, faces = declared_counts(path)
        assert faces == len(body.faces), ext
        assert vertices == (3 * len(body.faces) if ext == "stl" else body.n_vertices), ext


def test_a_subdivided_copy_of_the_body_as_a_file_works_like_the_body(tmp_path, body, capsys):
    """A foreign mesh (another topology) gets the maps by fitting it onto the shipped body."""
    import trimesh

    from radviz.body import subdivided
    from radviz.cli import main

    fine = subdivided(body, 1)
    path = tmp_path / "fine.ply"
    trimesh.Trimesh(fine.vertices, fine.faces, process=False).export(path)
    assert main(["roots", *POINT, "--json"]) == 0
    base = json.loads(capsys.readouterr().out)
    assert main(["roots", "--mesh", str(path), *POINT, "--json"]) == 0
    mine = json.loads(capsys.readouterr().out)
    assert mine["roots"][0]["root"] == base["roots"][0]["root"] == "L4"


def test_a_mesh_in_another_frame_is_refused_saying_what_would_work(tmp_path, body):
    import trimesh

    from radviz.body import load_body

    lying = body.vertices[:, [0, 2, 1]] * [1, 1, -1]  # z up: the body lies on its back
    path = tmp_path / "lying.ply"
    # one face fewer: not taken as the same topology (a reshaped body), so it must be fitted
    trimesh.Trimesh(lying, body.faces[1:], process=False).export(path)
    with pytest.raises(InputError, match="does not line up") as err:
        load_body(path)
    assert "+y up" in err.value.reason


# ------------------------------------------------------------------ the atlas cache
@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("RADVIZ_CACHE", str(folder))
    return folder


def _entry(folder: Path) -> Path:
    (entry,) = folder.glob("atlas-lee2008-*.npz")
    return entry


def _rewrite(entry: Path, edit, fix_checksum: bool) -> None:
    from radviz.atlas import cache

    arrays = {k: v.copy() for k, v in np.load(entry, allow_pickle=False).items()}
    meta = json.loads(str(arrays.pop("meta")))
    edit(arrays)
    if fix_checksum:
        meta["checksum"] = cache.checksum(arrays)
    np.savez_compressed(entry, meta=np.array(json.dumps(meta)), **arrays)


def _set(key, index, value):
    def edit(arrays):
        arrays[key][index] = value
    return edit


@pytest.mark.parametrize("edit,fix_checksum", [
    (_set("data", 5, 0.123), False),           # altered, checksum left alone
    (_set("data", 5, np.nan), True),            # NaN with a matching checksum
    (_set("indices", 0, 10**6), True),          # a column far out of range: a segfault in C code
    (_set("indptr", 3, -7), True),              # a broken sparse structure
    (_set("labels", 0, 999), True),
    (_set("kp_vertex", 0, 10**9), True),
], ids=["altered", "nan", "column", "indptr", "label", "key-point"])
def test_a_tampered_cache_entry_is_rebuilt_not_trusted(private_cache, body, edit, fix_checksum, capsys):
    from radviz.atlas import get_map
    from radviz.atlas.compiler import compile_map

    tmap = get_map("lee2008", body)
    fresh = compile_map(tmap, body)
    entry = _entry(private_cache)
    assert compile_map(tmap, body).from_cache
    _rewrite(entry, edit, fix_checksum)
    again = compile_map(tmap, body)
    assert not again.from_cache
    assert np.isfinite(again.weights.data).all()
    assert (again.weights != fresh.weights).nnz == 0
    assert compile_map(tmap, body).from_cache  # the rebuilt entry is good again


def test_garbage_as_a_cache_entry_is_rebuilt(private_cache, body):
    from radviz.atlas import get_map
    from radviz.atlas.compiler import compile_map

    tmap = get_map("lee2008", body)
    compile_map(tmap, body)
    _entry(private_cache).write_bytes(b"PK\x03\x04 not really a zip" * 100)
    assert not compile_map(tmap, body).from_cache


def test_a_fifo_as_a_cache_entry_neither_blocks_nor_fails(tmp_path):
    cache = tmp_path / "cache"
    script = ("from radviz.atlas import get_map, cache\nfrom radviz.atlas.compiler import _cache_key\n"
              "from radviz.body import default_body\nimport os, sys\nb = default_body(); t = get_map('lee2008', b)\n"
              "p = cache.entry_path(t.name, _cache_key(t, b)); p.parent.mkdir(parents=True, exist_ok=True)\nos.mkfifo(p)\n"
              "from radviz.cli import main\nsys.exit(main(['roots', '--at', '1.9,-6,0.3', '--json']))\n")
    proc = run_limited(["-c", script], env={"RADVIZ_CACHE": str(cache)}, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["roots"][0]["root"] == "L4"
    assert "warning" in proc.stderr and "not a regular file" in proc.stderr


@pytest.mark.parametrize("how", ["file", "unwritable"])
def test_a_cache_folder_that_cannot_be_made_is_a_warning_not_a_failure(tmp_path, how):
    blocker = tmp_path / "blocker"
    blocker.write_text("I am a file where a folder should be")
    env = {"RADVIZ_CACHE": str(blocker / "radviz")} if how == "unwritable" else \
        {"RADVIZ_CACHE": "", "XDG_CACHE_HOME": str(tmp_path), "HOME": str(tmp_path)}
    if how == "file":
        (tmp_path / "radviz").write_text("~/.cache/radviz is a file")
    proc = run_limited(["roots", *POINT, "--json"], env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["roots"][0]["root"] == "L4"
    warnings = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(warnings) == 1 and "warning: cannot write the atlas cache" in warnings[0]


# ------------------------------------------------------------------ the atomic writer
def test_a_failed_write_keeps_the_old_file_and_says_so(tmp_path, monkeypatch):
    import errno

    import radviz.files as files

    target = tmp_path / "report.png"
    target.write_bytes(b"the old good picture")
    calls = []

    def full_disk(fd, data):
        calls.append(len(data))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "write", full_disk)
    with pytest.raises(OutputError, match="No space left on device") as err:
        files.write_atomic(target, b"x" * 10_000)
    assert calls and "nothing was changed" in str(err.value)
    assert target.read_bytes() == b"the old good picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.png"]  # no temporary left behind


def test_a_short_write_is_completed_not_truncated(tmp_path, monkeypatch):
    import radviz.files as files

    real = os.write
    monkeypatch.setattr(files.os, "write", lambda fd, data: real(fd, bytes(data[:7])))
    files.write_atomic(tmp_path / "a.bin", bytes(range(256)) * 40)
    assert (tmp_path / "a.bin").read_bytes() == bytes(range(256)) * 40


def device_node(path: Path) -> Path:
    """A copy of /dev/full's device node at ``path`` (needs root), so a regression that replaces
    device nodes replaces this copy, never the machine's own /dev/full."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making a device node needs root; the FIFO case covers non-regular files")
    return path


@pytest.mark.parametrize("target", ["device", "fifo", "folder"])
def test_the_writer_never_replaces_what_is_not_a_regular_file(tmp_path, target):
    from radviz.files import write_atomic

    path = tmp_path / target
    if target == "device":
        device_node(path)
    elif target == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    before = os.stat(path).st_mode
    with pytest.raises(OutputError):
        write_atomic(path, b"data")
    assert os.stat(path).st_mode == before


def test_a_gltf_naming_a_fifo_as_its_buffer_is_refused_without_blocking(tmp_path):
    doc = {"asset": {"version": "2.0"}, "buffers": [{"uri": "data.bin", "byteLength": 36}],
           "bufferViews": [{"buffer": 0, "byteLength": 36}],
           "accessors": [{"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3"}],
           "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}]}
    (tmp_path / "m.gltf").write_text(json.dumps(doc))
    os.mkfifo(tmp_path / "data.bin")
    line = one_line_error(run_limited(["roots", "--mesh", str(tmp_path / "m.gltf"), *POINT], timeout=60))
    assert "buffers[0].uri" in line and "not a regular file" in line
