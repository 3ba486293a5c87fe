"""Derive the surface landmarks of the hm08 body and write ``meshes/hm08_landmarks.json``.

Joint centres come from MakeHuman's joint cubes; the trunk also needs skin landmarks (nipple line,
xiphisternum, umbilicus, inguinal ligament, vertebra prominens ...).  Each one is found here by a
stated geometric rule on the base mesh and stored as a vertex index, so it follows the skin when the
body is reshaped (same topology) or subdivided (original vertices keep their indices).
Rerun after rebuilding ``hm08.npz``; check the result with ``radviz render --landmarks``.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent


def _vertex_normals(v: np.ndarray, quads: np.ndarray) -> np.ndarray:
    tri = np.vstack([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]])
    fn = np.cross(v[tri[:, 1]] - v[tri[:, 0]], v[tri[:, 2]] - v[tri[:, 0]])
    n = np.zeros_like(v)
    for k in range(3):
        np.add.at(n, tri[:, k], fn)
    return n / np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-12)


def _limb_landmarks(v: np.ndarray, joints: dict, normals: np.ndarray, lm: dict, notch: int) -> None:
    """Skin landmarks the ISNCSCI key sensory points are placed from (``maps/key_points.yaml``)."""
    left = v[:, 0] > 0
    shoulder, knee, ankle = joints["l-shoulder"], joints["l-knee"], joints["l-ankle"]

    def pick(mask, key):
        idx = np.flatnonzero(mask)
        return int(idx[np.argmax(key(idx))])

    # Axilla apex: the highest downward-facing skin under the shoulder joint, between arm and chest.
    lm["l-axilla-apex"] = (pick(left & (normals[:, 1] < -0.5) & (np.abs(v[:, 2] - shoulder[2]) < 0.3)
                                & (np.abs(v[:, 0] - shoulder[0]) < 0.5) & (v[:, 1] < shoulder[1]),
                                lambda i: v[i, 1]),
                           "apex of the axilla: highest downward-facing skin below the shoulder joint")
    # Midclavicular line: halfway between the sternoclavicular joint and the AC joint.
    mcl_x = 0.5 * (joints["l-clavicle"][0] + v[lm["l-ac-joint"][0], 0])
    on_mcl = left & (np.abs(v[:, 0] - mcl_x) < 0.06)
    lm["l-clavicle-midpoint"] = (pick(on_mcl & (v[:, 2] > 0.2) & (np.abs(v[:, 1] - v[notch, 1] - 0.2) < 0.3),
                                      lambda i: v[i, 2]),
                                 "front of the clavicle on the midclavicular line (sternoclavicular to AC joint)")
    front_clav = v[lm["l-clavicle-midpoint"][0]]
    lm["l-supraclavicular-fossa"] = (
        pick(on_mcl & (normals[:, 1] > 0.6) & (v[:, 1] > front_clav[1]),
             lambda i: -np.abs(v[i, 2] - (front_clav[2] - 0.4))),
        "supraclavicular fossa: upward-facing skin on the midclavicular line 4 cm behind the clavicle's front")
    slab = left & (np.abs(v[:, 1] - ankle[1]) < 0.08) & (np.abs(v[:, 2] - ankle[2]) < 0.3)
    lm["l-medial-malleolus"] = (pick(slab, lambda i: -v[i, 0]), "most medial skin at the ankle joint's height")
    lm["l-lateral-malleolus"] = (pick(slab, lambda i: v[i, 0]), "most lateral skin at the ankle joint's height")
    toe3 = joints["l-toe-3-1"]
    lm["l-mtp3-dorsum"] = (pick(left & (np.linalg.norm(v[:, [0, 2]] - toe3[[0, 2]], axis=1) < 0.12)
                                & (v[:, 1] > toe3[1]), lambda i: v[i, 1]),
                           "dorsum of the foot over the third metatarsophalangeal joint")
    lm["l-lateral-heel"] = (pick(left & (v[:, 1] < ankle[1] - 0.25) & (v[:, 1] > ankle[1] - 0.55)
                                 & (v[:, 2] < ankle[2] - 0.1) & (v[:, 2] > ankle[2] - 0.6), lambda i: v[i, 0]),
                            "lateral surface of the calcaneus, 3-5 cm below and behind the ankle joint")
    lm["l-popliteal-fossa"] = (pick(left & (np.abs(v[:, 1] - knee[1]) < 0.06) & (np.abs(v[:, 0] - knee[0]) < 0.15)
                                    & (v[:, 2] < knee[2]), lambda i: v[i, 2]),
                               "midpoint of the popliteal fossa: the hollow behind the knee joint")
    lm["l-medial-femoral-condyle"] = (pick(left & (np.abs(v[:, 1] - knee[1] - 0.2) < 0.06)
                                           & (np.abs(v[:, 2] - knee[2]) < 0.3), lambda i: -v[i, 0]),
                                      "most medial skin 2 cm above the knee joint")


def main() -> None:
    d = np.load(HERE / "hm08.npz")
    v = d["vertices"]
    joints = dict(zip(d["joint_names"], d["joint_positions"]))
    mid = np.abs(v[:, 0]) < 0.02
    front, back = v[:, 2] > 0.2, v[:, 2] < 0.2

    def nearest(point, mask=None):
        idx = np.flatnonzero(mask if mask is not None else np.ones(len(v), bool))
        return int(idx[np.argmin(np.linalg.norm(v[idx] - point, axis=1))])

    def midline_at(y, anterior):
        idx = np.flatnonzero(mid & (front if anterior else back))
        return int(idx[np.argmin(np.abs(v[idx, 1] - y))])

    lm: dict[str, tuple[int, str]] = {}
    # Nipple: most anterior chest point between the clavicle and the lower ribs, off the midline.
    chest = np.flatnonzero((v[:, 0] > 0.5) & (v[:, 0] < 1.5) & (v[:, 1] > 3.0) & (v[:, 1] < 4.6))
    nipple = int(chest[np.argmax(v[chest, 2])])
    lm["l-nipple"] = (nipple, "most anterior point of the left breast: nipple line, 4th intercostal space")
    # Umbilicus: the deepest point of the navel dimple on the anterior midline.
    belly = np.flatnonzero(mid & (v[:, 2] > 0.5) & (v[:, 1] > 1.4) & (v[:, 1] < 2.3))
    umb = int(belly[np.argmin(v[belly, 2])])
    lm["umbilicus"] = (umb, "deepest point of the navel on the anterior midline")
    y_clav = joints["l-clavicle"][1]
    notch = midline_at(y_clav + 0.08, True)
    lm["suprasternal-notch"] = (notch, "anterior midline at the level of the sternoclavicular joints")
    y_nip, y_umb = v[nipple, 1], v[umb, 1]
    # Ribs: the nipple (4th intercostal space) lies about 2.5 rib spacings below the sternal angle
    # (2nd costal cartilage); the manubrium is about 5 cm long.
    sternal_angle = midline_at(v[notch, 1] - 0.5, True)
    lm["sternal-angle"] = (sternal_angle, "anterior midline 5 cm below the suprasternal notch (2nd rib)")
    # ISNCSCI spaces the T4..T10 key points evenly between the nipple and the umbilicus, with T6 at
    # the xiphisternum: a third of the way down (6-7 cm on an adult, two intercostal spaces).
    lm["xiphisternum"] = (midline_at(y_nip - (y_nip - y_umb) / 3.0, True),
                          "anterior midline a third of the way from the nipple line to the umbilicus")
    # Back: vertebra prominens at the base of the neck, just above the shoulder joints' level.
    lm["vertebra-prominens"] = (midline_at(joints["l-shoulder"][1] + 0.33, False),
                                "posterior midline 3 cm above the shoulder joints (C7 spinous process)")
    lm["inion"] = (midline_at(joints["head"][1] - 0.02, False),
                   "external occipital protuberance, posterior midline at the skull base")
    lm["iliac-crest-top"] = (midline_at(y_umb + 0.1, False),
                             "posterior midline at the height of the iliac crests (Tuffier's line, L4)")
    hip = joints["l-upper-leg"]
    pelvis_front = np.flatnonzero((np.abs(v[:, 0] - hip[0]) < 0.12) & (np.abs(v[:, 1] - hip[1] - 0.62) < 0.12))
    asis = int(pelvis_front[np.argmax(v[pelvis_front, 2])])
    lm["l-asis"] = (asis, "anterior superior iliac spine: front of the pelvis above the hip joint")
    groin = np.flatnonzero((np.abs(v[:, 0] - 0.25) < 0.1) & (np.abs(v[:, 1] - hip[1] + 0.05) < 0.12))
    pubic = int(groin[np.argmax(v[groin, 2])])
    lm["l-pubic-tubercle"] = (pubic, "pubic tubercle: 2.5 cm from the midline at the hip joints' level")
    centre = (v[asis] + v[pubic]) / 2
    near = np.flatnonzero((np.linalg.norm(v[:, :2] - centre[:2], axis=1) < 0.12) & (v[:, 2] > 0))
    inguinal = int(near[np.argmax(v[near, 2])])
    lm["l-inguinal-midpoint"] = (inguinal, "midpoint of the inguinal ligament (ASIS to pubic tubercle)")
    crotch = np.flatnonzero(mid & (v[:, 1] < 0.0))
    perineum = int(crotch[np.argmin(v[crotch, 1])])
    lm["perineum"] = (perineum, "lowest midline point between the thighs")
    anus = nearest(v[perineum] + np.array([0, 0.05, -0.18]), mid)
    lm["anus"] = (anus, "perianal skin: midline 2 cm behind the perineum")
    fold = np.flatnonzero(back & (np.abs(v[:, 0] - 0.45) < 0.15) & (v[:, 1] < hip[1]))
    ischial = int(fold[np.argmin(np.abs(v[fold, 1] - (v[perineum, 1] + 0.12)))])
    lm["l-ischial-tuberosity"] = (ischial, "medial end of the gluteal fold over the ischial tuberosity")
    shoulder = joints["l-shoulder"]
    top = np.flatnonzero((np.abs(v[:, 0] - shoulder[0] + 0.1) < 0.1) & (np.abs(v[:, 2] - shoulder[2]) < 0.6))
    lm["l-ac-joint"] = (int(top[np.argmax(v[top, 1])]), "top of the shoulder over the acromioclavicular joint")
    _limb_landmarks(v, joints, _vertex_normals(v, d["quads"]), lm, notch)
    lm["genital-root"] = (nearest(np.array([0.0, v[pubic, 1] - 0.1, 5.0]), mid & (v[:, 2] > 0)),
                          "anterior midline just below the pubic symphysis")

    mirror = d["mirror"]
    out = {}
    for name, (idx, rule) in lm.items():
        out[name] = {"vertex": idx, "rule": rule}
        if name.startswith("l-"):
            out["r-" + name[2:]] = {"vertex": int(mirror[idx]), "rule": "mirror of " + name}
    doc = {"body": "hm08.npz", "frame": "+x subject's left, +y up, +z anterior; decimetres",
           "landmarks": out}
    (HERE / "hm08_landmarks.json").write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    for name, entry in out.items():
        print(f"{name:24s} {entry['vertex']:6d} {np.round(v[entry['vertex']], 2)}")


if __name__ == "__main__":
    main()
