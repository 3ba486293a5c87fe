"""Every file is untrusted: loaders either load or fail with InputError; the CLI exits 0 or 2.

Property tests (hypothesis, small fixed budgets, derandomized so a run is reproducible) cover
the map parser, the session reader, the CLI argument parser and ``locate --batch``; explicit
tests cover the bad inputs the issue lists.  Real bugs found here are kept as
``xfail(strict=True, reason="BUG: ...")`` tests with a minimal reproducer, for the owner to fix.
"""
from __future__ import annotations

import ast
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

import radviz
from radviz.atlas.schema import TerritoryMap, load_map, parse_map
from radviz.body import load_body
from radviz.cli import main
from radviz.errors import InputError
from radviz.findings import MOVEMENTS, REFLEX_STATES, REFLEXES, SIGNS
from radviz.paths import maps_dir
from radviz.session import SessionState, load_session, save_session, session_from_dict, session_to_dict

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(radviz.__file__).resolve().parent


def fuzz(n: int):
    """A small, reproducible hypothesis budget (a few seconds per test at most)."""
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])


def bug(reason: str):
    """A bug fuzzing once found (``reason`` keeps its reproducer); the test now guards the fix."""
    return pytest.mark.regression


# ------------------------------------------------------------------ strategies
_SAFE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                     max_size=12)
# Scalars a JSON/YAML file can hold; integers bounded so the "clean" properties test the parsers,
# not the known float-overflow bugs (those have their own xfail tests below).
_SCALARS = (st.none() | st.booleans() | st.integers(-10**6, 10**6)
            | st.floats(allow_nan=True, allow_infinity=True) | _SAFE_TEXT
            | st.sampled_from(["L4", "C6", "S4-5", "T12", "leg", "foot", "palmar", "lee", "radviz-map/1",
                               "dermatomes", "spinal", "pain", "left", "l-knee"]))
JSON = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(_SAFE_TEXT, inner, max_size=4), max_leaves=12)


def _mutate(data, doc, values, avoid: frozenset = frozenset(), max_mutations: int = 2):
    """Delete a key/item, or replace a value with a random one, at 1..max_mutations random places.

    Places whose key path contains a name in ``avoid`` are left alone.
    """
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(1, max_mutations), label="mutations")):
        parent, key, node, path = None, None, doc, []
        while isinstance(node, (dict, list)) and node and (parent is None or data.draw(st.integers(0, 3)) > 0):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            allowed = [k for k in keys if k not in avoid]
            if not allowed:
                break
            k = data.draw(st.sampled_from(allowed))
            parent, key, node = node, k, node[k]
            path.append(k)
        if parent is None:
            continue
        if data.draw(st.booleans(), label="delete"):
            del parent[key]
        else:
            parent[key] = data.draw(values, label=f"value at {path}")
    return doc


@pytest.fixture(scope="module")
def lee_doc():
    return yaml.safe_load((maps_dir() / "lee2008.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def landmark_names(body):
    return set(body.landmarks) | set(body.joints)


def _session_doc(body, other_body: bool = False) -> dict:
    state = SessionState(drawing={"pain": {"vertices": [10, 11, 12], "values": [5, 6, 7]},
                                  "numbness": {"vertices": [500], "values": [2.5]}},
                         view={"camera": "posterior"}, notes="n")
    state.findings.set_motor("left", "ankle_dorsiflexion", "weak")
    state.findings.set_reflex("right", "achilles", "absent")
    state.findings.set_sign("babinski", True)
    doc = session_to_dict(state, body)
    if other_body:
        doc["body"]["n_vertices"] = 99  # drawn on another body: points are used
    return doc


# ============================================================ (1) map parser
def _parse_map_or_input_error(raw, landmarks):
    try:
        result = parse_map(raw, "fuzz.yaml", landmarks)
    except InputError as exc:
        assert exc.source == "fuzz.yaml" and exc.reason
        return None
    assert isinstance(result, TerritoryMap)
    return result


@fuzz(150)
@given(raw=JSON, with_landmarks=st.booleans())
def test_parse_map_on_arbitrary_json_loads_or_raises_input_error(raw, with_landmarks, landmark_names):
    _parse_map_or_input_error(raw, landmark_names if with_landmarks else None)


@fuzz(150)
@given(raw=st.fixed_dictionaries({"schema": st.just("radviz-map/1"), "name": JSON | _SAFE_TEXT,
                                  "title": JSON, "kind": st.sampled_from(["dermatomes", "nerves", "x"]),
                                  "sources": st.dictionaries(_SAFE_TEXT, _SAFE_TEXT, max_size=2) | JSON,
                                  "territories": st.dictionaries(st.sampled_from(["L4", "L5", "C9", "x"]),
                                                                 JSON, max_size=3)}))
def test_parse_map_on_map_shaped_json_loads_or_raises_input_error(raw):
    _parse_map_or_input_error(raw, None)


# Places where the parser has known crashes (see test_map_parser_known_bugs): the clean property
# avoids them so it keeps guarding everything else; the full property below includes them.
_MAP_BUG_KEYS = frozenset({"sequence", "extra_neighbours", "axial_lines", "roots", "surface", "key_point"})


@fuzz(200)
@given(data=st.data(), with_landmarks=st.booleans())
def test_parse_map_on_mutated_lee2008_loads_or_raises_input_error(data, with_landmarks, lee_doc, landmark_names):
    raw = _mutate(data, lee_doc, JSON, avoid=_MAP_BUG_KEYS)
    _parse_map_or_input_error(raw, landmark_names if with_landmarks else None)


@bug("parse_map crashes with TypeError/IndexError on some mutations of lee2008.yaml "
     "(see test_map_parser_known_bugs for the minimal inputs)")
@settings(fuzz(100), phases=[Phase.explicit, Phase.generate])  # no shrinking: it only has to fail
@given(data=st.data())
def test_parse_map_on_any_mutation_of_lee2008_loads_or_raises_input_error(data, lee_doc, landmark_names):
    raw = _mutate(data, lee_doc, JSON)
    _parse_map_or_input_error(raw, landmark_names)


def _edit_doc(doc, landmark_names, what):
    doc = copy.deepcopy(doc)
    first = next(t for t, v in doc["territories"].items() if v.get("kind", "spinal") == "spinal")
    terr = doc["territories"][first]
    landmarks = None
    if what == "sequence-item-list":
        doc["sequence"] = [["L4"]]
    elif what == "sequence-int":
        doc["sequence"] = 5
    elif what == "sequence-null":
        doc["sequence"] = None
    elif what == "extra-empty-pair":
        doc["extra_neighbours"] = [[]]
    elif what == "extra-int-pair":
        doc["extra_neighbours"] = [5]
    elif what == "axial-empty-pair":
        doc["axial_lines"] = [{"name": "x", "between": [[]], "source": "lee"}]
    elif what == "roots-int":
        terr["roots"] = 5
    elif what == "surface-list":
        terr["pieces"] = [{"segment": "leg", "surface": []}]
    elif what == "shared-roots-list":
        doc["shared"] = [{"roots": [["L4"]], "weight": 0.5, "pieces": [{"segment": "leg"}]}]
    elif what == "border-huge-int":
        doc["default_border"] = 10**400
    elif what == "key-point-landmark-list":
        terr["key_point"] = {"landmark": []}
        landmarks = landmark_names
    return doc, landmarks


@pytest.mark.parametrize("what", [
    pytest.param("sequence-item-list", marks=bug("parse_map: sequence: [[L4]] -> TypeError unhashable list")),
    pytest.param("sequence-int", marks=bug("parse_map: sequence: 5 -> TypeError 'int' is not iterable")),
    pytest.param("sequence-null", marks=bug("parse_map: sequence: null -> TypeError 'NoneType' not iterable")),
    pytest.param("extra-empty-pair", marks=bug("parse_map: extra_neighbours: [[]] -> IndexError")),
    pytest.param("extra-int-pair", marks=bug("parse_map: extra_neighbours: [5] -> TypeError not subscriptable")),
    pytest.param("axial-empty-pair", marks=bug("parse_map: axial_lines[0].between: [[]] -> IndexError")),
    pytest.param("roots-int", marks=bug("parse_map: territories.X.roots: 5 -> TypeError not iterable")),
    pytest.param("surface-list", marks=bug("parse_map: pieces[0].surface: [] -> TypeError unhashable list")),
    pytest.param("shared-roots-list", marks=bug("parse_map: shared[0].roots: [[L4]] -> TypeError unhashable")),
    pytest.param("border-huge-int", marks=bug("parse_map: default_border: 10**400 -> OverflowError in _number")),
    pytest.param("key-point-landmark-list",
                 marks=bug("parse_map with landmarks: key_point: {landmark: []} -> TypeError unhashable")),
])
def test_map_parser_known_bugs(lee_doc, landmark_names, what):
    doc, landmarks = _edit_doc(lee_doc, landmark_names, what)
    with pytest.raises(InputError):
        parse_map(doc, "fuzz.yaml", landmarks)


@bug("load_map: deeply nested YAML ('[' * 5000) -> RecursionError from yaml.safe_load, not InputError")
def test_load_map_deeply_nested_yaml(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 5000)
    with pytest.raises(InputError):
        load_map(path)


def test_map_piece_near_a_landmark_the_body_lacks(lee_doc, landmark_names):
    doc = copy.deepcopy(lee_doc)
    terr = next(v for v in doc["territories"].values() if v.get("kind", "spinal") == "spinal")
    terr["pieces"].append({"segment": "leg", "near": {"landmark": "l-third-eye", "within": 0.5}})
    assert parse_map(copy.deepcopy(doc), "m.yaml", None)  # without a body, any name is accepted
    with pytest.raises(InputError, match="no landmark 'l-third-eye'") as err:
        parse_map(doc, "m.yaml", landmark_names)
    assert "near.landmark" in err.value.place


@pytest.mark.parametrize("weight", [0, -0.1, 1.0001, float("nan"), float("inf"), "0.5", True])
def test_shared_weights_outside_0_1_or_not_numbers(lee_doc, weight):
    doc = copy.deepcopy(lee_doc)
    assert doc.get("shared"), "lee2008 has shared zones"
    doc["shared"][0]["weight"] = weight
    with pytest.raises(InputError) as err:
        parse_map(doc, "m.yaml")
    assert err.value.place == "shared[0].weight"


def test_map_with_unknown_root_in_a_nerve_map():
    raw = yaml.safe_load((maps_dir() / "nerves.yaml").read_text(encoding="utf-8"))
    name, terr = next((n, t) for n, t in raw["territories"].items() if t.get("roots"))
    terr["roots"] = ["L4", "L9"]
    with pytest.raises(InputError, match="unknown root 'L9'") as err:
        parse_map(raw, "nerves.yaml")
    assert err.value.place == f"territories.{name}.roots"


@pytest.mark.parametrize("text", ["!!python/object/apply:os.system ['echo pwned']",
                                  "!!python/name:os.system", "a: !!binary 'AAAA'\n", "\xff\xfe bad"])
def test_load_map_refuses_yaml_tags_and_bad_bytes(tmp_path, text):
    path = tmp_path / "evil.yaml"
    path.write_bytes(text.encode("latin-1") if "\xff" in text else text.encode())
    with pytest.raises(InputError) as err:
        load_map(path)
    assert "evil.yaml" in str(err.value)


# ============================================================ (2) sessions
def _session_or_input_error(raw, body):
    try:
        state = session_from_dict(raw, body, "fuzz.json")
    except InputError as exc:
        assert exc.source == "fuzz.json" and exc.reason
        return None
    assert isinstance(state, SessionState)
    if state.mesh is not None:  # whatever was accepted is a bare file name, never a path
        assert Path(state.mesh).name == state.mesh and state.mesh not in ("", ".", "..")
    assert state.map_name.replace("_", "").replace("-", "").isalnum()
    return state


@fuzz(150)
@given(raw=JSON)
def test_session_from_arbitrary_json_loads_or_raises_input_error(raw, body):
    _session_or_input_error(raw, body)


_SESSION_BUG_KEYS = frozenset({"points"})  # see test_session_known_bugs


@fuzz(200)
@given(data=st.data(), other_body=st.booleans())
def test_session_from_mutated_real_session_loads_or_raises_input_error(data, other_body, body):
    raw = _mutate(data, _session_doc(body, other_body), JSON, avoid=_SESSION_BUG_KEYS, max_mutations=3)
    _session_or_input_error(raw, body)


@bug("session_from_dict: drawing.*.points of a session made on another body are passed to "
     "np.asarray unchecked: [['a',1,2]] -> ValueError, [{}] -> TypeError, [[10**400,0,0]] -> OverflowError")
@settings(fuzz(100), phases=[Phase.explicit, Phase.generate])
@given(points=st.lists(JSON, min_size=3, max_size=3))
def test_session_points_from_another_body_load_or_raise_input_error(points, body):
    raw = _session_doc(body, other_body=True)
    raw["drawing"]["pain"]["points"] = points
    _session_or_input_error(raw, body)


@pytest.mark.parametrize("edit", [
    pytest.param(lambda d: d["drawing"]["pain"].__setitem__("points", [["a", 1, 2], [0, 0, 0], [0, 0, 0]]),
                 marks=bug("session points [['a',1,2],...] on another body -> ValueError from np.asarray"),
                 id="points-text"),
    pytest.param(lambda d: d["drawing"]["pain"].__setitem__("points", [[1, [2], 3], [0, 0, 0], [0, 0, 0]]),
                 marks=bug("session points [[1,[2],3],...] on another body -> ValueError (inhomogeneous)"),
                 id="points-ragged"),
    pytest.param(lambda d: d["drawing"]["pain"].__setitem__("points", [[10**400, 0, 0], [0, 0, 0], [0, 0, 0]]),
                 marks=bug("session points [[1e400 as integer, 0, 0],...] -> OverflowError"), id="points-huge-int"),
    pytest.param(lambda d: d["drawing"]["pain"].__setitem__("values", [10**400, 1, 1]),
                 marks=bug("session drawing.pain.values: [10**400 (JSON integer)] -> OverflowError in math.isfinite"),
                 id="values-huge-int"),
])
def test_session_known_bugs(body, edit):
    raw = _session_doc(body, other_body=True)
    edit(raw)
    with pytest.raises(InputError):
        session_from_dict(raw, body, "s.json")


@fuzz(150)
@given(blob=st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_load_session_on_arbitrary_bytes(blob, body, tmp_path_factory):
    path = tmp_path_factory.mktemp("s") / "fuzz.json"
    path.write_bytes(blob)
    with pytest.raises(InputError) as err:
        load_session(path, body)
    assert "fuzz.json" in str(err.value)


@fuzz(100)
@given(data=st.data())
def test_load_session_on_truncated_or_corrupted_real_sessions(data, body, tmp_path_factory):
    blob = bytearray(json.dumps(_session_doc(body, data.draw(st.booleans())), indent=1).encode())
    op = data.draw(st.sampled_from(["truncate", "flip", "insert"]))
    if op == "truncate":
        blob = blob[: data.draw(st.integers(0, len(blob) - 1))]
    elif op == "flip":
        for _ in range(data.draw(st.integers(1, 4))):
            blob[data.draw(st.integers(0, len(blob) - 1))] = data.draw(st.integers(0, 255))
    else:
        at = data.draw(st.integers(0, len(blob)))
        blob[at:at] = data.draw(st.binary(min_size=1, max_size=8))
    path = tmp_path_factory.mktemp("s") / "fuzz.json"
    path.write_bytes(bytes(blob))
    try:
        load_session(path, body)
    except InputError as exc:
        assert "fuzz.json" in str(exc)


@pytest.mark.parametrize("mesh", ["../x.obj", "..", ".", "sub/x.obj", "/tmp/x.obj", "/x.obj",
                                  "./../x.obj", "x/../../y.obj", "", 5, ["x.obj"]])
def test_session_mesh_may_only_name_a_file_beside_the_session(tmp_path, body, mesh):
    raw = _session_doc(body)
    raw["body"]["mesh"] = mesh
    path = tmp_path / "s.json"
    path.write_text(json.dumps(raw))
    with pytest.raises(InputError) as err:
        load_session(path, body)
    assert err.value.place == "body.mesh" and "s.json" in str(err.value)


def test_session_accepts_a_plain_mesh_name(tmp_path, body):
    raw = _session_doc(body)
    raw["body"]["mesh"] = "colleague.obj"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(raw))
    assert load_session(path, body).mesh == "colleague.obj"


def test_report_never_opens_a_mesh_outside_the_session_folder(tmp_path, body):
    """The CLI that follows a session's mesh name refuses a hand-edited path before reading it."""
    outside = tmp_path / "outside.obj"
    outside.write_text("v 0 0 0\n")
    folder = tmp_path / "sessions"
    folder.mkdir()
    raw = _session_doc(body)
    raw["body"]["mesh"] = "../outside.obj"
    (folder / "s.json").write_text(json.dumps(raw))
    rc = main(["report", str(folder / "s.json"), "--out", str(tmp_path / "r.pdf")])
    assert rc == 2 and not (tmp_path / "r.pdf").exists()


def test_session_larger_than_the_limit_is_refused_before_reading(tmp_path, body, monkeypatch):
    import radviz.session

    path = save_session(tmp_path / "big.json", SessionState(), body)
    monkeypatch.setattr(radviz.session, "MAX_SESSION_BYTES", path.stat().st_size - 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file that is too large"))
    with pytest.raises(InputError, match="at most") as err:
        load_session(path, body)
    assert "big.json" in str(err.value)


@pytest.mark.parametrize("version,reason", [(0, "unknown session version"), (-1, "unknown session version"),
                                            (3, "newer radviz"), ("1", "whole number"), (1.0, "whole number"),
                                            (True, "whole number"), (None, "whole number")])
def test_session_wrong_versions(body, version, reason):
    raw = _session_doc(body)
    raw["version"] = version
    with pytest.raises(InputError, match=reason):
        session_from_dict(raw, body, "s.json")


def test_session_made_for_another_body_without_points_is_refused(body):
    raw = _session_doc(body, other_body=True)
    del raw["drawing"]["pain"]["points"]
    with pytest.raises(InputError) as err:
        session_from_dict(raw, body, "s.json")
    assert err.value.place == "drawing.pain.points"


@pytest.mark.parametrize("content", ["[" * 100_000, '{"a":' * 100_000])
@bug("load_session: deeply nested JSON ('[' * 100000) -> RecursionError from json.loads, not InputError")
def test_load_session_deeply_nested_json(tmp_path, body, content):
    path = tmp_path / "deep.json"
    path.write_text(content)
    with pytest.raises(InputError):
        load_session(path, body)


@bug("load_session(a directory) -> IsADirectoryError from read_bytes (only stat() is guarded)")
def test_load_session_on_a_directory(tmp_path, body):
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(InputError):
        load_session(folder, body)


# ============================================================ meshes
def _obj(tmp_path, text, name="m.obj"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_obj_face_referring_to_vertex_99(tmp_path):
    """Refused with InputError naming the file.  The reason is trimesh's own text ("index 98 is out
    of bounds", 0-based) because trimesh fails before radviz's "a face refers to vertex" check."""
    path = _obj(tmp_path, "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 99\n")
    with pytest.raises(InputError) as err:
        load_body(path)
    assert "m.obj" in str(err.value)
    assert re.search(r"out of bounds|refers to vertex", err.value.reason), err.value.reason


def test_npz_quad_referring_to_vertex_99(tmp_path):
    path = tmp_path / "m.npz"
    np.savez(path, vertices=np.zeros((3, 3)), quads=np.array([[0, 1, 2, 99]]))
    with pytest.raises(InputError, match="vertex 99") as err:
        load_body(path)
    assert err.value.place == "faces"


@pytest.mark.parametrize("coord", ["inf", "-inf", "1e400"])
def test_mesh_with_infinite_coordinates(tmp_path, coord):
    path = _obj(tmp_path, f"v 0 0 0\nv 1 0 0\nv 0 {coord} 0\nf 1 2 3\n")
    with pytest.raises(InputError, match="NaN or infinite") as err:
        load_body(path)
    assert err.value.place == "vertex 2"


def test_mesh_above_max_faces_is_refused(tmp_path, monkeypatch):
    import radviz.body

    assert radviz.body.MAX_FACES >= 1_000_000  # the documented limit is generous for real bodies
    monkeypatch.setattr(radviz.body, "MAX_FACES", 2)
    path = _obj(tmp_path, "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nf 1 2 3\nf 2 4 3\nf 1 2 4\n")
    with pytest.raises(InputError, match="more than radviz opens") as err:
        load_body(path)
    assert "3 triangles" in str(err.value) and "(2)" in str(err.value)
    npz = tmp_path / "m.npz"
    np.savez(npz, vertices=np.zeros((4, 3)), quads=np.array([[0, 1, 2, 3], [0, 1, 3, 2]]))
    with pytest.raises(InputError, match="more than radviz opens"):
        load_body(npz)


def test_non_manifold_mesh_opens(tmp_path, body):
    """radviz.body does not check manifoldness: the shipped body with a fin (three triangles on one
    edge) opens as a foreign mesh fitted onto the base body; nothing is refused and nothing crashes."""
    import trimesh

    a, b = body.faces[0, 0], body.faces[0, 1]
    fin = len(body.vertices)
    vertices = np.vstack([body.vertices, body.vertices[[a, b]].mean(axis=0) + [0, 0, 0.3]])
    faces = np.vstack([body.faces, [[a, b, fin]]])
    path = tmp_path / "fin.ply"
    trimesh.Trimesh(vertices, faces, process=False).export(path)
    b2 = load_body(path)
    assert b2.n_vertices == body.n_vertices + 1 and len(b2.faces) == len(body.faces) + 1
    assert b2.base_index is not None and len(b2.base_index) == b2.n_vertices
    assert b2.geodesic_ball(fin, 1.0)[0].size > 1


def test_a_mesh_that_is_not_a_body_is_refused_in_one_line_saying_why(tmp_path):
    """Three triangles cannot carry the maps: radviz says so (and what it opens) instead of failing
    later with a landmark the map file names."""
    path = _obj(tmp_path, "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 -1 0\nv 0 0 1\nf 1 2 3\nf 2 1 4\nf 1 2 5\n")
    with pytest.raises(InputError, match="does not line up with the shipped hm08 body") as err:
        load_body(path)
    assert "m.obj" in str(err.value) and "\n" not in str(err.value) and "subdivided" in str(err.value)


@pytest.mark.parametrize("ext", [".ply", ".stl", ".glb", ".gltf", ".off", ".obj", ".npz"])
@pytest.mark.parametrize("content", [b"hello, this is not a mesh\nreally not\n", bytes(range(256)) * 4, b""],
                         ids=["text", "binary", "empty"])
def test_garbage_with_a_mesh_extension(tmp_path, ext, content):
    path = tmp_path / f"garbage{ext}"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_body(path)
    assert f"garbage{ext}" in str(err.value)


@pytest.mark.parametrize("name", ["body.txt", "body.pkl", "body.npy", "body", "body.obj.exe"])
def test_wrong_mesh_extensions(tmp_path, name):
    path = tmp_path / name
    path.write_text("v 0 0 0\n")
    with pytest.raises(InputError, match="unknown mesh type"):
        load_body(path)


@pytest.mark.parametrize("arrays", [
    pytest.param(dict(vertices=np.zeros((3, 3)), quads=np.array([[0, 1, 2]])),
                 marks=bug("load_body(.npz) with quads of 3 columns -> IndexError in _quads_to_triangles"),
                 id="quads-3-columns"),
    pytest.param(dict(vertices=np.zeros((3, 3)), quads=np.array([0, 1, 2, 2])),
                 marks=bug("load_body(.npz) with 1-D quads -> IndexError"), id="quads-1d"),
    pytest.param(dict(vertices=np.array(["a", "b", "c"]), quads=np.array([[0, 1, 2, 2]])),
                 marks=bug("load_body(.npz) with text vertices -> ValueError from astype(float)"), id="text-vertices"),
    pytest.param(dict(vertices=np.eye(3), quads=np.array([[0, 1, 2, 2]]), joint_names=np.array(["a"])),
                 marks=bug("load_body(.npz) with joint_names but no joint_positions -> KeyError"),
                 id="joint-names-only"),
    pytest.param(dict(vertices=np.array([None, 1], dtype=object), quads=np.array([[0, 1, 2, 2]])),
                 id="object-array-needs-pickle"),
])
def test_malformed_npz_bodies(tmp_path, arrays):
    path = tmp_path / "b.npz"
    np.savez(path, **arrays)
    with pytest.raises(InputError) as err:
        load_body(path)
    assert "b.npz" in str(err.value)


# ============================================================ (3) the CLI argument parser
_COORD = (st.floats(-20, 20, allow_nan=False).map(lambda v: f"{v:g}")
          | st.sampled_from(["nan", "inf", "-inf", "x", "", "1e5", "0x10", "1_0"]))
_POINT = st.lists(_COORD, min_size=1, max_size=4).map(",".join) | _SAFE_TEXT
_MAPS = st.sampled_from(["lee2008", "keegan1948", "nerves", "nosuch", "maps/lee2008", "/etc/passwd", ""]) | _SAFE_TEXT
_BODIES = st.sampled_from(["female", "male", "child", "gender=0.3", "gender=2", "age=nan", "nosuch", "x=1",
                           "gender=", ","]) | _SAFE_TEXT


def _cli(argv, capsys):
    """main(argv): returns its status, stdout, stderr; asserts the CLI contract."""
    try:
        rc = main(list(argv))
    except SystemExit as exc:  # only argparse's own --help / --version exit this way (status 0)
        out, err = capsys.readouterr()
        assert exc.code == 0 and ("usage:" in out or "radviz " in out), (argv, exc.code, err)
        return 0, out, err
    out, err = capsys.readouterr()
    assert rc in (0, 2), (argv, rc)
    if rc == 2:
        assert err.strip() and "Traceback" not in err, (argv, err)
        assert err.strip().startswith("radviz"), (argv, err)
    return rc, out, err


def _chunks(draw, options):
    chunks = draw(st.lists(st.one_of(*options), max_size=4))
    return [tok for chunk in chunks for tok in chunk]


def _bad_mesh_paths(tmp):
    garbage = tmp / "garbage.ply"
    garbage.write_text("not a mesh")
    return [str(tmp / "missing.obj"), str(garbage), str(tmp / "x.txt"), str(tmp)]


@pytest.fixture(scope="module")
def bad_meshes(tmp_path_factory):
    return _bad_mesh_paths(tmp_path_factory.mktemp("meshes"))


def _common_options(bad_meshes):
    """Argument chunks every point subcommand takes: points, --json, map, body, mesh, stray words."""
    return [st.tuples(st.just("--at"), _POINT), _POINT.map(lambda p: ("--at=" + p,)), st.just(("--json",)),
            st.tuples(st.just("--map"), _MAPS), st.tuples(st.just("--body"), _BODIES),
            st.tuples(st.just("--mesh"), st.sampled_from(bad_meshes)), _SAFE_TEXT.map(lambda t: (t,))]


@fuzz(40)
@given(data=st.data())
def test_cli_roots_on_random_arguments(data, capsys, bad_meshes):
    opts = _common_options(bad_meshes)
    argv = ["roots"] + data.draw(st.composite(lambda draw: _chunks(draw, opts))())
    rc, out, _ = _cli(argv, capsys)
    event(f"exit {rc}")
    if rc == 0 and "--json" in argv and out.strip():
        result = json.loads(out)
        assert {"map", "vertex", "roots"} <= set(result)


@fuzz(40)
@given(data=st.data())
def test_cli_locate_on_random_arguments(data, capsys, bad_meshes):
    names = lambda vocab: st.lists(st.sampled_from(vocab) | _SAFE_TEXT, min_size=1, max_size=3)  # noqa: E731
    opts = _common_options(bad_meshes) + [
            st.tuples(st.just("--radius"), st.sampled_from(["0.3", "0", "-1", "nan", "inf", "1e300", "x", "2"])),
            st.tuples(st.just("--symptom"), st.sampled_from(["pain", "numbness", "itch"])),
            st.tuples(st.just("--side"), st.sampled_from(["left", "right", "both"])),
            names(MOVEMENTS).map(lambda v: ("--weak", *v)), names(MOVEMENTS).map(lambda v: ("--normal", *v)),
            names([f"{r}={s}" for r in REFLEXES for s in REFLEX_STATES] + list(REFLEXES)).map(
                lambda v: ("--reflex", *v)),
            names(SIGNS).map(lambda v: ("--sign", *v))]
    argv = ["locate"] + data.draw(st.composite(lambda draw: _chunks(draw, opts))())
    rc, out, _ = _cli(argv, capsys)
    event(f"exit {rc}")
    if rc == 0 and "--json" in argv and out.strip():
        result = json.loads(out)
        assert {"map", "roots"} <= set(result)


@fuzz(60)
@given(data=st.data())
def test_cli_render_with_invalid_arguments_exits_2_and_renders_nothing(data, capsys, bad_meshes, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("render")
    png = out_dir / "x.png"
    bad = data.draw(st.sampled_from([("--size", "5x5"), ("--size", "100"), ("--size", "ax b"), ("--size", "1x1x1"),
                                     ("--view", "top"), ("--side", "up"), ("--no-such-option",),
                                     ("--mesh", "MISSING"), ("--out",), ("MISSING_OUT",)]))
    if bad == ("--mesh", "MISSING"):
        bad = ("--mesh", data.draw(st.sampled_from(bad_meshes)))
    opts = [st.tuples(st.just("--map"), _MAPS), st.tuples(st.just("--body"), _BODIES),
            st.tuples(st.just("--root"), st.sampled_from(["L4", "C9", "V1", ""]) | _SAFE_TEXT),
            st.tuples(st.just("--view"), st.sampled_from(["anterior", "posterior", "top"])),
            st.tuples(st.just("--size"), st.sampled_from(["100x100", "8001x10", "16x16"])),
            st.sampled_from([("--all-roots",), ("--all-territories",), ("--all-bodies",)]),
            st.tuples(st.just("--tone"), _SAFE_TEXT), st.tuples(st.just("--mesh"), st.sampled_from(bad_meshes))]
    extra = data.draw(st.composite(lambda draw: _chunks(draw, opts))())
    out = [] if bad == ("MISSING_OUT",) else ["--out", str(png)]
    argv = ["render", *out, *extra, *(b for b in bad if b != "MISSING_OUT")]
    if bad == ("MISSING_OUT",):  # the random part must not name a good mesh either way
        assert "--out" not in argv
    rc, _, err = _cli(argv, capsys)
    assert rc == 2, (argv, err)
    assert not png.exists()


def test_cli_render_refuses_a_garbage_mesh_before_writing(tmp_path, capsys):
    garbage = tmp_path / "g.stl"
    garbage.write_text("solid nothing\nendsolid\n")
    rc, _, err = _cli(["render", "--out", str(tmp_path / "x.png"), "--mesh", str(garbage)], capsys)
    assert rc == 2 and "g.stl" in err and not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("command", ["roots", "locate"])
@pytest.mark.parametrize("point", ["1e308,1e308,1e308", "1e200,0,0"])
@bug("roots/locate --at with huge finite coordinates: the KD-tree returns index n_vertices -> IndexError "
     "traceback (parse_point accepts any finite number)")
def test_cli_huge_finite_point(capsys, command, point):
    rc, _, err = _cli([command, "--at", point, "--json"], capsys)
    assert rc == 2


def test_cli_points_on_the_right_side_have_negative_x(capsys):
    """Points on the subject's right have x < 0: `--at -1.9,...` must not be read as an option."""
    for argv in (["roots", "--at", "-1.9,-6,0.3", "--json"], ["roots", "--at=-1.9,-6,0.3", "--json"]):
        rc, out, _ = _cli(argv, capsys)
        assert rc == 0 and json.loads(out)["where"].startswith("right")


# ============================================================ (4) locate --batch
_BATCH_POINT = st.lists(st.floats(-10, 10, allow_nan=False) | st.sampled_from(["nan", "x", None, True, [1]]),
                        min_size=2, max_size=4) | _SAFE_TEXT
_BATCH_ITEM = st.fixed_dictionaries({}, optional={
    "at": st.lists(_BATCH_POINT, max_size=3) | _BATCH_POINT | JSON,
    "radius": st.sampled_from([0.3, 0.5, 1, 0, -1, 1e7, True, "0.3", None]) | st.floats(0.05, 2),
    "symptom": st.sampled_from(["pain", "numbness", "tingling", "itch", 3]),
    "side": st.sampled_from(["left", "right", "both", None, 1]),
    "weak": st.lists(st.sampled_from(MOVEMENTS[:6]) | _SAFE_TEXT, max_size=2) | st.sampled_from(MOVEMENTS) | JSON,
    "normal": st.lists(st.sampled_from(MOVEMENTS[6:]), max_size=2),
    "reflex": st.lists(st.sampled_from(["patellar=absent", "achilles=decreased", "biceps", "x=y"]), max_size=2)
    | st.dictionaries(st.sampled_from(REFLEXES), st.sampled_from(REFLEX_STATES + ("sore",)), max_size=2),
    "sign": st.lists(st.sampled_from(SIGNS) | _SAFE_TEXT, max_size=2),
    "map": st.sampled_from(["lee2008", "keegan1948"]),  # unknown maps: see test_batch_unknown_map_names_the_line
    "colour": JSON,
})
_BATCH_LINE = (_BATCH_ITEM.map(json.dumps)
               | JSON.map(json.dumps)
               | _SAFE_TEXT.filter(lambda t: "\n" not in t and "\r" not in t)
               | st.just(""))


@fuzz(30)
@given(lines=st.lists(_BATCH_LINE, min_size=1, max_size=4))
def test_locate_batch_on_random_json_lines(lines, capsys, tmp_path_factory):
    path = tmp_path_factory.mktemp("batch") / "drawings.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rc, out, err = _cli(["locate", "--batch", str(path), "--json"], capsys)
    event(f"exit {rc}")
    if rc == 0:
        results = [json.loads(line) for line in out.splitlines() if line.strip()]
        assert len(results) == sum(1 for line in "\n".join(lines).splitlines() if line.strip())
        assert all("roots" in r for r in results)
    else:
        assert re.search(r"\bline \d+\b", err), err


@pytest.mark.parametrize("mode", [["--json"], []], ids=["json", "table"])
@bug("locate --batch: a line naming an unknown map exits 2 with '--map: nosuch: unknown map' but no line number")
def test_batch_unknown_map_names_the_line(tmp_path, capsys, mode):
    path = tmp_path / "b.jsonl"
    path.write_text('{"at": [[1.9, -6, 0.3]]}\n{"at": [[1.9, -6, 0.3]], "map": "nosuch"}\n')
    rc, _, err = _cli(["locate", "--batch", str(path), *mode], capsys)
    assert rc == 2 and "line 2" in err


@bug("locate --batch without --json: a bad movement on line 2 exits 2 without naming the line "
     "(the --json path does name it)")
def test_batch_table_mode_bad_movement_names_the_line(tmp_path, capsys):
    path = tmp_path / "b.jsonl"
    path.write_text('{"at": [[1.9, -6, 0.3]]}\n{"weak": ["nope"]}\n')
    rc, _, err = _cli(["locate", "--batch", str(path)], capsys)
    assert rc == 2 and "line 2" in err


@bug("locate --batch: a deeply nested JSON line ('[' * 100000) -> RecursionError traceback from json.loads")
def test_batch_deeply_nested_line(tmp_path, capsys):
    path = tmp_path / "b.jsonl"
    path.write_text("[" * 100_000 + "\n")
    rc, _, err = _cli(["locate", "--batch", str(path), "--json"], capsys)
    assert rc == 2 and "line 1" in err


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"{\"at\": [[1,2,3]]"])
def test_batch_undecodable_or_truncated_file(tmp_path, capsys, content):
    path = tmp_path / "b.jsonl"
    path.write_bytes(content)
    rc, _, err = _cli(["locate", "--batch", str(path), "--json"], capsys)
    assert rc == 2 and ("b.jsonl" in err or "line 1" in err), err


# ============================================================ no network, no unsafe loading
_SITECUSTOMIZE = '''
import os, socket

_LOG = os.environ["RADVIZ_NET_LOG"]
with open(_LOG + ".active", "w") as fh:
    fh.write("installed\\n")


def _record(what, detail):
    with open(_LOG, "a") as fh:
        fh.write(f"{what} {detail!r}\\n")


def _blocked(what):
    def fn(*args, **kwargs):
        _record(what, args[1:] if what.startswith("socket.") else args)
        raise OSError("network blocked by test")
    return fn


_connect = socket.socket.connect


def _connect_unless_local(self, address, *args):
    if self.family == getattr(socket, "AF_UNIX", None):  # local IPC is not the network
        return _connect(self, address, *args)
    _record("socket.connect", address)
    raise OSError("network blocked by test")


socket.socket.connect = _connect_unless_local
socket.socket.connect_ex = _blocked("socket.connect_ex")
socket.socket.sendto = _blocked("socket.sendto")
socket.create_connection = _blocked("create_connection")
socket.getaddrinfo = _blocked("getaddrinfo")
socket.gethostbyname = _blocked("gethostbyname")
'''


@pytest.fixture
def no_network_env(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(_SITECUSTOMIZE)
    log = tmp_path / "net.log"
    env = dict(os.environ)
    env.update(PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]), RADVIZ_NET_LOG=str(log),
               HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               QT_QPA_PLATFORM=env.get("QT_QPA_PLATFORM", "offscreen"))
    (tmp_path / "home").mkdir()
    env.pop("http_proxy", None), env.pop("https_proxy", None)
    return env, log


def _run(args, env, cwd, timeout=120):
    return subprocess.run([sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def test_cli_works_with_the_network_blocked(tmp_path, no_network_env):
    env, log = no_network_env
    roots = _run(["-m", "radviz", "roots", "--at", "1.9,-6,0.3", "--json"], env, ROOT)
    assert roots.returncode == 0, roots.stderr
    assert json.loads(roots.stdout)["roots"][0]["root"] == "L4"
    locate = _run(["-m", "radviz", "locate", "--at", "1.9,-6,0.3", "--json"], env, ROOT)
    assert locate.returncode == 0, locate.stderr
    assert json.loads(locate.stdout)["roots"]
    png = tmp_path / "tmp.png"
    render = _run(["-m", "radviz", "render", "--out", str(png)], env, ROOT)
    assert render.returncode == 0, render.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert Path(str(log) + ".active").exists(), "the socket guard was not installed"
    assert not log.exists(), f"network attempts: {log.read_text()}"


def test_the_network_guard_records_and_blocks_attempts(tmp_path, no_network_env):
    """The guard is not vacuous: a real connection attempt is refused and recorded."""
    env, log = no_network_env
    code = ("import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
            "except OSError as e:\n    print(e)\n")
    probe = _run(["-c", code], env, tmp_path, timeout=30)
    assert "network blocked by test" in probe.stdout
    assert "create_connection" in log.read_text()


def _gui_supports_first_frame_exit() -> bool:
    try:
        from radviz.qt import app
    except Exception:  # noqa: BLE001 - Qt missing or the module is being rewritten
        return False
    source = Path(app.__file__).read_text(encoding="utf-8")
    return hasattr(app, "run_app") and "RADVIZ_FIRST_FRAME_EXIT" in source


@pytest.mark.window  # the app's window needs an X server (here through xvfb-run)
def test_gui_works_with_the_network_blocked(tmp_path, no_network_env):
    if not _gui_supports_first_frame_exit():
        pytest.skip("radviz.qt.app.run_app does not support RADVIZ_FIRST_FRAME_EXIT=1 yet")
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed")
    env, log = no_network_env
    env = dict(env, RADVIZ_FIRST_FRAME_EXIT="1")
    env.pop("QT_QPA_PLATFORM", None)
    gui = subprocess.run(["xvfb-run", "-a", sys.executable, "-m", "radviz"], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=180)
    assert gui.returncode == 0, gui.stderr[-2000:]
    assert Path(str(log) + ".active").exists(), "the socket guard was not installed"
    assert not log.exists(), f"network attempts: {log.read_text()}"


_BANNED_MODULES = {"pickle", "cPickle", "_pickle", "dill", "shelve", "marshal", "socket", "ssl",
                   "urllib", "urllib2", "urllib3", "requests", "httpx", "aiohttp", "http", "ftplib",
                   "smtplib", "xmlrpc", "telnetlib", "websocket", "websockets"}
_BANNED_CALLS = {"eval", "exec", "compile", "__import__"}
_UNSAFE_YAML = {"load", "unsafe_load", "full_load", "load_all", "unsafe_load_all", "full_load_all"}


def _problems(path: Path, base: Path = PACKAGE.parent) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(base)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            found += [f"{where} imports {a.name}" for a in node.names if a.name.split(".")[0] in _BANNED_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in _BANNED_MODULES:
                found.append(f"{where} imports from {node.module}")
        elif isinstance(node, ast.Call):
            fn = node.func
            if isinstance(fn, ast.Name) and fn.id in _BANNED_CALLS:
                found.append(f"{where} calls {fn.id}()")
            if isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name):
                if fn.value.id == "yaml" and fn.attr in _UNSAFE_YAML:
                    found.append(f"{where} calls yaml.{fn.attr}() (use yaml.safe_load)")
                if fn.value.id in ("builtins", "importlib") and fn.attr in _BANNED_CALLS | {"import_module"}:
                    found.append(f"{where} calls {fn.value.id}.{fn.attr}()")
            for kw in node.keywords:
                if kw.arg == "allow_pickle" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    found.append(f"{where} passes allow_pickle other than False")
                if kw.arg == "Loader":
                    found.append(f"{where} passes a YAML Loader (use yaml.safe_load)")
        elif isinstance(node, ast.Attribute) and node.attr in ("UnsafeLoader", "FullLoader", "Loader") \
                and isinstance(node.value, ast.Name) and node.value.id == "yaml":
            found.append(f"{where} uses yaml.{node.attr}")
    return found


def test_no_module_loads_unsafely_or_touches_the_network():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    problems = [p for f in files for p in _problems(f)]
    assert not problems, "\n".join(problems)


def test_every_np_load_passes_allow_pickle_false():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "load" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in ("np", "numpy"):
                kws = {k.arg: k.value for k in node.keywords}
                assert isinstance(kws.get("allow_pickle"), ast.Constant) and kws["allow_pickle"].value is False, \
                    f"{path.name}:{node.lineno} calls np.load without allow_pickle=False"


def test_the_static_check_catches_what_it_bans(tmp_path):
    """The checker itself works: a module with every banned construct is flagged for each."""
    probe = tmp_path / "probe.py"
    probe.write_text("import pickle\nfrom urllib.request import urlopen\nimport http.client\nimport socket\n"
                     "yaml.load(x)\nyaml.load(x, Loader=yaml.FullLoader)\neval('1')\nexec('1')\n"
                     "np.load(f, allow_pickle=True)\n")
    found = _problems(probe, base=tmp_path)
    for needle in ("imports pickle", "urllib.request", "imports http.client", "imports socket",
                   "yaml.load()", "yaml.FullLoader", "eval()", "exec()", "allow_pickle"):
        assert any(needle in p for p in found), (needle, found)
