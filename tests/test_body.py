"""The shipped body: geometry, mirror map, landmarks, and clear errors for broken meshes."""
import numpy as np
import pytest
import trimesh

from radviz.body import load_body
from radviz.errors import InputError


def test_shipped_mesh_is_the_closed_hm08_body(body):
    assert body.n_vertices == 13380
    assert len(body.faces) == 2 * 13378
    mesh = trimesh.Trimesh(body.vertices, body.faces, process=False)
    assert mesh.is_watertight and mesh.is_winding_consistent
    assert mesh.volume > 0  # normals point outward
    assert 15.0 < body.height < 19.0  # decimetres: an adult


def test_frame_plus_x_is_subject_left_and_z_anterior(body):
    # the nose is in front (+z) and the left hand is at +x
    nose_tip = body.vertices[np.argmax(body.vertices[:, 2] * (body.vertices[:, 1] > 6.5))]
    assert nose_tip[1] > 6.5 and abs(nose_tip[0]) < 0.05
    assert body.joints["l-hand"][0] > 3.0 and body.joints["r-hand"][0] < -3.0


def test_mirror_map_is_an_involution_that_flips_x(body):
    m = body.mirror
    assert np.array_equal(m[m], np.arange(body.n_vertices))
    np.testing.assert_allclose(body.vertices[m] * [-1, 1, 1], body.vertices, atol=1e-6)


def test_left_landmarks_lie_left(body):
    for name, v in body.landmarks.items():
        x = body.vertices[v, 0]
        if name.startswith("l-"):
            assert x > 0, name
        elif name.startswith("r-"):
            assert x < 0, name
        else:
            assert abs(x) < 0.05, name
    for name, p in body.joints.items():
        if name.startswith("l-"):
            assert p[0] > 0, name


def test_geodesic_brush_stays_on_one_thigh(body, coords):
    from radviz.drawing import brush

    inner_left_thigh = np.flatnonzero((coords.segment == 7) & (body.side > 0) & (coords.t > 0.3)
                                      & (coords.t < 0.4) & (np.abs(coords.angle - 270) < 20))[0]
    verts, _ = brush(body, inner_left_thigh, 0.6, 5.0)
    assert (body.vertices[verts, 0] > 0).all()  # nothing on the right thigh


@pytest.mark.parametrize("content,reason", [
    ("", "no vertices"),
    ("v 0 0 0\nv 1 0 0\nv 0 1 0\n", "no faces"),
    ("v 0 0 0\nv nan 0 0\nv 0 1 0\nf 1 2 3\n", "NaN"),
])
def test_broken_meshes_name_the_file_and_problem(tmp_path, content, reason):
    path = tmp_path / "broken.obj"
    path.write_text(content)
    with pytest.raises(InputError, match=reason) as err:
        load_body(path)
    assert "broken.obj" in str(err.value)


def test_wrong_extension_and_missing_file(tmp_path):
    path = tmp_path / "body.txt"
    path.write_text("hello")
    with pytest.raises(InputError, match="unknown mesh type"):
        load_body(path)
    with pytest.raises(InputError, match="not found"):
        load_body(tmp_path / "nope.obj")


def test_foreign_mesh_gets_a_correspondence(tmp_path, body):
    # a coarse copy of the body, saved as PLY, opens and maps onto the base body
    mesh = trimesh.Trimesh(body.vertices * 10.0, body.faces, process=False)  # in centimetres
    simplified = mesh.subdivide()
    path = tmp_path / "body.ply"
    simplified.export(path)
    other = load_body(path)
    assert other.base_index is not None and other.n_vertices == len(simplified.vertices)
    # the left hand of the foreign body corresponds to the left hand of the base body
    hand = np.argmax(other.vertices[:, 0])
    assert body.vertices[other.base_index[hand], 0] > 3.0
