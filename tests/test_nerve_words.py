"""Patients read nerves in plain words: every shipped nerve and lesion site has a ``words`` phrase, the
patient's explanation says it instead of the clinician's label, and a malformed ``words`` in a map is
named by file and place.  Drawings are placed from anatomical words."""
from __future__ import annotations

import pytest

from radviz.atlas import available_maps, get_map
from radviz.atlas.myotomes import load_myotomes
from radviz.atlas.schema import load_map
from radviz.drawing import Drawing
from radviz.errors import InputError
from radviz.paths import maps_dir
from tests.conftest import make_findings, region_points

CARPAL_TUNNEL = [dict(segment="hand", digit=d, t=[0.4, 1.0], angle=[320, 40], k=3) for d in (1, 2, 3)]
MERALGIA = [dict(segment="thigh", t=[0.2, 0.7], angle=[30, 80])]
JARGON = ("cutaneous", "femoral", "peroneal", "fibular", "plantar", "calcaneal", "antebrachial", "saphenous",
          "sural", "obturator", "axillary", "musculocutaneous", "inguinal", "spiral groove", "syndrome")


def _shipped_nerve_maps():
    return [get_map(name) for name in available_maps("nerves")]


# ----------------------------------------------------------------------------- the shipped maps
def test_the_shipped_maps_have_nerve_maps_to_check():
    assert [len(m.territories) for m in _shipped_nerve_maps()] == [21]
    assert len(load_myotomes().lesion_sites) == 4


def test_every_shipped_nerve_and_lesion_site_has_its_own_plain_words():
    named = {f"{m.name}:{n}": t.words for m in _shipped_nerve_maps() for n, t in m.territories.items()}
    named |= {f"lesion site:{n}": s.words for n, s in load_myotomes().lesion_sites.items()}
    missing = sorted(name for name, text in named.items() if not text)
    assert not missing, f"no patient words for {missing}"
    for name, text in named.items():
        assert text.startswith("the ") and "nerve" in text, (name, text)  # a phrase that reads inside a sentence
        assert text.count("(") <= 1 and "((" not in text, (name, text)  # the sentence may bracket it once more
    assert len(set(named.values())) == len(named), "two nerves read the same to a patient"


def test_the_words_leave_the_clinicians_terms_out():
    """Median, ulnar and radial are names a patient hears; the Latin of the others stays in the labels."""
    said = [t.words for m in _shipped_nerve_maps() for t in m.territories.values()]
    said += [s.words for s in load_myotomes().lesion_sites.values()]
    for text in said:
        assert not [term for term in JARGON if term in text.lower()], text


# ----------------------------------------------------------------------------- what a patient reads
@pytest.fixture(scope="module")
def eng(body):
    from radviz.engine import get_engine

    return get_engine(body, "lee2008")


def _draw(eng, body, coords, regions, symptom):
    drawing = Drawing(body.n_vertices)
    for region in regions:
        region = dict(region)
        for p in region_points(body, coords, side="left", k=region.pop("k", 4), **region):
            eng.paint_points(drawing, body.nearest_vertex(p), 0.3, symptom)
    return eng.locate(drawing, make_findings("left", (), (), (), ()))


def test_a_carpal_tunnel_drawing_reads_the_sites_plain_words(eng, body, coords):
    r = _draw(eng, body, coords, CARPAL_TUNNEL, "tingling")
    assert "peripheral_nerve" in r.flags and r.nerves[0].nerve in ("median", "median_wrist")
    patient = r.text("patient")
    assert ("The pattern fits one nerve in the left arm better than a nerve root in the spine: the median nerve "
            "where it passes through the wrist (carpal tunnel).") in patient, patient
    assert "carpal tunnel syndrome" not in patient and "Median nerve at the wrist" not in patient
    assert "the left median nerve at the wrist (carpal tunnel syndrome)" in r.explanation  # the clinician's label stays


def test_a_meralgia_drawing_reads_the_nerves_plain_words(eng, body, coords):
    r = _draw(eng, body, coords, MERALGIA, "tingling")
    assert "peripheral_nerve" in r.flags and r.nerves[0].nerve == "lateral_femoral_cutaneous"
    patient = r.text("patient")
    assert ("fits one nerve in the left leg better than a nerve root in the spine: the nerve that gives feeling "
            "to the outer front of the thigh.") in patient, patient
    assert "cutaneous" not in patient.lower()
    assert "the left lateral femoral cutaneous nerve" in r.explanation


def test_a_nerve_the_drawing_cannot_tell_from_a_root_is_said_in_plain_words(eng, body, coords):
    """L5 or the common peroneal nerve at the knee: the patient reads where the nerve is, not 'fibular head'."""
    r = _draw(eng, body, coords, [dict(segment="leg", t=[0.3, 0.9], angle=[40, 100]),
                                  dict(segment="foot", t=[0.4, 0.9], angle=[340, 40])], "pain")
    assert "cannot tell the left L5 root from the left common peroneal" in r.explanation, r.explanation
    patient = r.text("patient")
    sentence = next(s for s in patient.split(". ") if "cannot tell this root from" in s)
    site = load_myotomes().lesion_sites["common_peroneal_fibular_head"].words
    whole = get_map("nerves").territories["common_peroneal"].words
    assert site in sentence or whole in sentence, sentence
    assert "peroneal" not in patient and "fibular" not in patient


# ----------------------------------------------------------------------------- malformed files
@pytest.mark.parametrize("value,reason", [("12", "expected a patient's words as text, got int 12"),
                                          ("[the, nerve]", "expected a patient's words as text, got list"),
                                          ('"  "', "empty")])
def test_a_malformed_words_in_a_nerve_map_names_file_and_place(tmp_path, body, value, reason):
    text = (maps_dir() / "nerves.yaml").read_text(encoding="utf-8")
    line = '    words: "the nerve that gives feeling to the outer front of the thigh"'
    assert text.count(line) == 1
    bad = tmp_path / "broken-nerves.yaml"
    bad.write_text(text.replace(line, f"    words: {value}"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_map(bad, set(body.landmarks) | set(body.joints))
    message = str(err.value)
    assert "broken-nerves.yaml" in message and "territories.lateral_femoral_cutaneous.words" in message, message
    assert reason in message, message


def test_a_malformed_words_in_a_lesion_site_names_file_and_place(tmp_path):
    text = (maps_dir() / "myotomes.yaml").read_text(encoding="utf-8")
    line = '    words: "the ulnar nerve where it passes the elbow"'
    assert text.count(line) == 1
    bad = tmp_path / "broken-myotomes.yaml"
    bad.write_text(text.replace(line, "    words: {at: elbow}"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_myotomes(bad)
    message = str(err.value)
    assert "broken-myotomes.yaml" in message and "lesion_sites.ulnar_elbow.words" in message, message
    assert "expected a patient's words as text, got dict" in message, message


def test_a_map_without_words_still_loads(tmp_path, body):
    """``words`` is optional: a map written before it existed keeps working (patients then read the label)."""
    text = (maps_dir() / "nerves.yaml").read_text(encoding="utf-8")
    plain = tmp_path / "old-nerves.yaml"
    plain.write_text("\n".join(ln for ln in text.splitlines() if not ln.startswith("    words:")), encoding="utf-8")
    tmap = load_map(plain, set(body.landmarks) | set(body.joints))
    assert len(tmap.territories) == 21 and all(t.words == "" for t in tmap.territories.values())
