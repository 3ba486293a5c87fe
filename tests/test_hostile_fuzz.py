"""Property tests for every reader issue 21 names: any input loads or fails with the documented error.

Maps and sessions have their fuzzers in ``tests/test_robustness.py``; here: the bounded YAML reader,
patterns, meshes (OBJ/OFF text and ``.npz`` archives), mesh counts, batch lines and atlas cache
entries.  Budgets are small and derandomised so a run is reproducible.
"""
from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from radviz.errors import InputError


def fuzz(n: int):
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
_SCALAR = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats() | _TEXT
_JSON = st.recursive(_SCALAR, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(_TEXT, inner, max_size=4), max_leaves=15)
_YAML_PIECES = st.sampled_from(["a: 1\n", "- x\n", "&a [1, 2]\n", "*a\n", "b: &b {c: *b}\n", "{", "]", "!!binary x\n",
                                "9" * 120 + "\n", "1e999\n", "'\n", "? x\n", "<<: *a\n", "---\n", "..\n", "\t\n"])


@fuzz(200)
@given(text=st.lists(_YAML_PIECES | _TEXT, max_size=8).map("".join))
def test_read_yaml_on_arbitrary_text_loads_or_raises_input_error(tmp_path_factory, text):
    from radviz.atlas.reading import read_yaml

    path = tmp_path_factory.mktemp("yaml") / "x.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        read_yaml(path)
    except InputError as exc:
        assert exc.source == str(path) and exc.reason


@fuzz(30)
@given(depth=st.integers(1, 12), width=st.integers(1, 12))
def test_alias_expansion_is_counted_exactly(tmp_path_factory, depth, width):
    """Documents up to the node limit load; past it they are refused, whatever their shape."""
    from radviz.atlas.reading import MAX_DATA_NODES, read_yaml

    lines = ["l0: &l0 [x]"] + [f"l{k}: &l{k} [{', '.join([f'*l{k - 1}'] * width)}]" for k in range(1, depth + 1)]
    path = tmp_path_factory.mktemp("alias") / "a.yaml"
    path.write_text("\n".join(lines) + "\n")
    size = 2  # l0: a list holding one scalar
    total = 1 + 1 + size  # the top mapping, key l0, its value
    for _ in range(depth):
        size = 1 + width * size
        total += 1 + size
    try:
        read_yaml(path)
        loaded = True
    except InputError as exc:
        assert "expands to more than" in exc.reason
        loaded = False
    assert loaded == (total <= MAX_DATA_NODES)


@pytest.fixture(scope="module")
def patterns_doc():
    from radviz.paths import maps_dir

    return yaml.safe_load((maps_dir() / "patterns.yaml").read_text(encoding="utf-8"))


@fuzz(80)
@given(data=st.data())
def test_patterns_reader_on_mutated_patterns_loads_or_raises_input_error(tmp_path_factory, data, patterns_doc, body):
    from radviz.atlas.patterns import load_patterns

    doc = json.loads(json.dumps(patterns_doc))
    node, parent, key = doc, None, None
    for _ in range(data.draw(st.integers(1, 4))):
        if not isinstance(node, (dict, list)) or not node:
            break
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        parent, key = node, data.draw(st.sampled_from(keys))
        node = node[key]
    if parent is not None:
        parent[key] = data.draw(_JSON)
    path = tmp_path_factory.mktemp("patterns") / "patterns.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    try:
        out = load_patterns(body, path)
    except InputError as exc:
        assert str(path) in str(exc)
        return
    assert all(w.shape == (body.n_vertices,) and np.all((w >= 0) & (w <= 1)) for w in out.values())


_OBJ_LINE = st.one_of(
    st.tuples(st.just("v"), st.lists(st.floats(-10, 10) | st.sampled_from(["nan", "inf", "x", "1e999"]),
                                     min_size=0, max_size=4)),
    st.tuples(st.just("f"), st.lists(st.integers(-5, 12) | st.sampled_from(["1/1", "2//3", "x", "0"]),
                                     min_size=0, max_size=5)),
    st.tuples(st.sampled_from(["vn", "vt", "o", "g", "#", "usemtl", "s", "mtllib"]), st.lists(_TEXT, max_size=2)),
).map(lambda t: " ".join([t[0], *map(str, t[1])]))


@fuzz(150)
@given(lines=st.lists(_OBJ_LINE, max_size=20), ext=st.sampled_from([".obj", ".off", ".ply", ".stl"]))
def test_load_body_on_arbitrary_text_meshes_loads_or_raises_input_error(tmp_path_factory, lines, ext):
    from radviz.body import load_body

    path = tmp_path_factory.mktemp("mesh") / f"m{ext}"
    text = "\n".join(lines) + "\n"
    if ext == ".off":
        text = "OFF\n" + text
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_body(path)
    except InputError as exc:
        assert f"m{ext}" in str(exc)


_ARRAY = st.one_of(
    st.builds(lambda n, d: np.zeros((n, d)), st.integers(0, 5), st.integers(0, 5)),
    st.builds(lambda n, d: np.arange(n * d).reshape(n, d) % 7, st.integers(0, 5), st.integers(0, 5)),
    st.sampled_from([np.array("text"), np.array([1.5, np.nan]), np.array([True]), np.zeros((2, 2, 2)),
                     np.array(["a", "b"]), np.full((3, 3), np.inf), np.array([[0, 1, 2, 99]])]),
)


@fuzz(120)
@given(arrays=st.dictionaries(st.sampled_from(["vertices", "quads", "joint_names", "joint_positions", "part",
                                               "part_names", "mirror", "other"]), _ARRAY, max_size=6),
       damage=st.integers(0, 3), cut=st.integers(1, 400))
def test_load_body_on_arbitrary_npz_archives_loads_or_raises_input_error(tmp_path_factory, arrays, damage, cut):
    from radviz.body import load_body

    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    blob = buffer.getvalue()
    if damage == 1:
        blob = blob[:-cut]  # truncated
    elif damage == 2:
        blob = blob[:cut] + bytes([blob[cut % len(blob)] ^ 0xFF]) + blob[cut + 1:]  # one byte flipped
    elif damage == 3:
        with zipfile.ZipFile(buffer, "a") as z:  # a member that is not a numpy array
            z.writestr("extra.npy", b"\x93NUMPY\x09\x00junk")
        blob = buffer.getvalue()
    path = tmp_path_factory.mktemp("npz") / "m.npz"
    path.write_bytes(blob)
    try:
        load_body(path)
    except InputError as exc:
        assert "m.npz" in str(exc)


@fuzz(150)
@given(head=st.binary(max_size=300), ext=st.sampled_from([".obj", ".ply", ".stl", ".off", ".glb", ".gltf"]))
def test_mesh_counts_on_arbitrary_bytes_are_numbers_or_input_error(tmp_path_factory, head, ext):
    from radviz.mesh_counts import declared_counts

    path = tmp_path_factory.mktemp("counts") / f"m{ext}"
    path.write_bytes(head)
    try:
        vertices, faces = declared_counts(path)
    except InputError:
        return
    assert vertices >= 0 and faces >= 0


_BATCH_VALUE = _JSON | st.lists(st.lists(st.floats(-10, 10) | st.integers(-3, 3), min_size=3, max_size=3), max_size=3)


@fuzz(300)
@given(item=st.dictionaries(st.sampled_from(["at", "radius", "symptom", "side", "weak", "normal", "reflex",
                                             "sign", "map", "colour"]), _BATCH_VALUE, max_size=5)
       | _JSON, raw=st.none() | _TEXT)
@example(item={"at": [[0.0, 0.0, 0.0], [1.5, -2.0, 3.25]], "symptom": "tingling"}, raw=None)  # a valid line
def test_batch_lines_parse_to_the_documented_shape_or_a_numbered_error(item, raw):
    from radviz.locate_cli import BatchLineError, parse_batch_line

    line = raw if raw is not None else json.dumps(item)
    try:
        parsed = parse_batch_line(line, 7, "lee2008")
    except BatchLineError as exc:
        assert str(exc).startswith("line 7: ") and len(str(exc)) < 400
        return
    assert all(p.shape == (3,) and np.isfinite(p).all() for p in parsed["points"])
    assert parsed["radius"] > 0 and parsed["symptom"] in ("pain", "numbness", "tingling")
    assert all(isinstance(v, str) for key in ("weak", "normal", "reflex", "sign") for v in parsed[key])


@pytest.fixture(scope="module")
def cache_entry(tmp_path_factory, body):
    """A real cache entry's arrays and meta, built once."""
    import os

    from radviz.atlas import get_map
    from radviz.atlas.compiler import compile_map

    folder = tmp_path_factory.mktemp("cache")
    old = os.environ.get("RADVIZ_CACHE")
    os.environ["RADVIZ_CACHE"] = str(folder)
    try:
        tmap = get_map("lee2008", body)
        compile_map(tmap, body)
    finally:
        os.environ["RADVIZ_CACHE"] = old or ""
    (path,) = folder.glob("atlas-*.npz")
    arrays = dict(np.load(path, allow_pickle=False))
    meta = json.loads(str(arrays.pop("meta")))
    return tmap, arrays, meta


@fuzz(100)
@given(data=st.data())
def test_cache_entries_are_used_only_when_valid(tmp_path_factory, cache_entry, body, data):
    """Any edit to an entry (with or without a matching checksum) is used only if it is consistent."""
    from radviz.atlas import cache
    from radviz.atlas.compiler import SIDES

    tmap, arrays, meta = cache_entry
    arrays = {k: v.copy() for k, v in arrays.items()}
    name = data.draw(st.sampled_from(sorted(arrays)))
    a = arrays[name]
    if a.size and a.dtype.kind in "iuf" and data.draw(st.booleans()):
        flat = a.reshape(-1)
        flat[data.draw(st.integers(0, a.size - 1))] = data.draw(
            st.sampled_from([-1, 0, 1, 2, 10**6, -10**6]) if a.dtype.kind in "iu" else
            st.sampled_from([np.nan, np.inf, -0.5, 0.0, 0.5, 1.0, 1.5]))
    else:
        arrays[name] = data.draw(_ARRAY)
    stored = dict(meta, checksum=cache.checksum(arrays) if data.draw(st.booleans()) else meta["checksum"])
    path = tmp_path_factory.mktemp("entry") / "atlas-lee2008-x.npz"
    np.savez_compressed(path, meta=np.array(json.dumps(stored)), **arrays)
    expect = {k: v for k, v in meta.items() if k != "checksum"}
    got = cache.load_entry(path, expect, list(tmap.territories), SIDES)
    if got is None:
        return
    n = body.n_vertices
    assert np.isfinite(got["data"]).all() and got["indptr"].shape == (n + 1,)
    assert got["indices"].max() < 2 * len(tmap.territories) and got["labels"].max() < len(tmap.territories)
