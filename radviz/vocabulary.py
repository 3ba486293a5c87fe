"""The words radviz understands, read once from ``maps/vocabulary.yaml``.

Symptoms, movements, reflexes, signs and result flags are defined in that one data file, with a
clinician's label and a patient's words for each; every reader (sessions, the CLI, scoring, the app,
reports) takes its lists from here, so a new movement is added in one place.
"""
from __future__ import annotations

from dataclasses import dataclass

import yaml

from radviz.errors import InputError
from radviz.paths import maps_dir

__all__ = ["Term", "VOCABULARY", "SYMPTOMS", "MOVEMENTS", "REFLEXES", "REFLEX_STATES", "SIGNS", "UMN_SIGNS",
           "FLAGS", "EMERGENCY_FLAGS", "FLAG_TEXT", "GLOSSARY", "BANDS", "band", "bands", "label", "inline",
           "words", "probability_text"]

_GROUPS = ("symptoms", "movements", "reflexes", "reflex_states", "signs", "flags")


@dataclass(frozen=True)
class Term:
    """One word of the vocabulary: its key, a clinician's label and a patient's words."""

    key: str
    label: str
    words: str
    umn: bool = False
    emergency: bool = False
    text: str = ""
    inline: str = ""  # the label inside a sentence ("great toe extension", "Achilles (ankle) reflex")


def _load() -> tuple[dict[str, dict[str, Term]], dict[str, str], list[tuple[float, str]]]:
    path = maps_dir() / "vocabulary.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(path, "", f"cannot read the vocabulary ({exc})") from None
    if not isinstance(raw, dict) or raw.get("schema") != "radviz-vocabulary/1":
        raise InputError(path, "schema", "expected 'radviz-vocabulary/1'")
    groups: dict[str, dict[str, Term]] = {}
    for group in _GROUPS:
        entries = raw.get(group)
        if not isinstance(entries, dict) or not entries:
            raise InputError(path, group, "expected a mapping of names to {label, words}")
        groups[group] = {}
        for key, entry in entries.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
                raise InputError(path, f"{group}.{key}", "expected {label: ..., words: ...}")
            text = entry["label"]
            groups[group][str(key)] = Term(str(key), text, str(entry.get("words", text)),
                                           bool(entry.get("umn", False)), bool(entry.get("emergency", False)),
                                           " ".join(str(entry.get("text", "")).split()),
                                           str(entry.get("inline", text[:1].lower() + text[1:])))
    glossary = {str(k): str(v) for k, v in (raw.get("glossary") or {}).items()}
    bands = [(float(b["min"]), str(b["words"])) for b in raw.get("bands") or []]
    if not bands or bands != sorted(bands, reverse=True) or bands[-1][0] != 0.0:
        raise InputError(path, "bands", "expected bands from the highest 'min' down to min 0")
    return groups, glossary, bands


VOCABULARY, GLOSSARY, BANDS = _load()
SYMPTOMS: tuple[str, ...] = tuple(VOCABULARY["symptoms"])
MOVEMENTS: tuple[str, ...] = tuple(VOCABULARY["movements"])
REFLEXES: tuple[str, ...] = tuple(VOCABULARY["reflexes"])
REFLEX_STATES: tuple[str, ...] = tuple(VOCABULARY["reflex_states"])
SIGNS: tuple[str, ...] = tuple(VOCABULARY["signs"])
UMN_SIGNS: tuple[str, ...] = tuple(k for k, t in VOCABULARY["signs"].items() if t.umn)
FLAGS: tuple[str, ...] = tuple(VOCABULARY["flags"])
EMERGENCY_FLAGS: tuple[str, ...] = tuple(k for k, t in VOCABULARY["flags"].items() if t.emergency)
FLAG_TEXT: dict[str, str] = {k: t.text for k, t in VOCABULARY["flags"].items() if t.text}


def label(group: str, key: str) -> str:
    """A clinician's label for ``key`` (the key itself, spaced, when it is not in the vocabulary)."""
    term = VOCABULARY.get(group, {}).get(key)
    return term.label if term else key.replace("_", " ")


def inline(group: str, key: str) -> str:
    """A clinician's label for ``key`` inside a sentence: lower case, except names ("Achilles (ankle) reflex",
    "Babinski sign"), which the vocabulary spells out as ``inline``."""
    term = VOCABULARY.get(group, {}).get(key)
    return term.inline if term else key.replace("_", " ")


def words(group: str, key: str) -> str:
    """A patient's words for ``key``."""
    term = VOCABULARY.get(group, {}).get(key)
    return term.words if term else key.replace("_", " ")


def band(score: float) -> str:
    """Words beside a score: 'fits well', 'possible' or 'unlikely' (``bands`` in the vocabulary)."""
    for lowest, text in BANDS:
        if score >= lowest:
            return text
    return BANDS[-1][1]


def probability_text(x: float, percent: bool = False) -> str:
    """A probability as two decimals (or a whole percentage) that never reads as certain: a value that
    would round to 1 or 0 is shown as "above 0.99" / "below 0.01" (99 % / 1 % with ``percent``)."""
    if percent:
        return "above 99%" if x >= 0.995 else "below 1%" if 0 < x < 0.005 else f"{100 * x:.0f}%"
    return "above 0.99" if x >= 0.995 else "below 0.01" if 0 < x < 0.005 else f"{x:.2f}"


def bands(scores) -> list[str]:
    """:func:`band` for many scores at once (batch output)."""
    import numpy as np

    lows = np.array([low for low, _ in BANDS])  # highest first
    index = np.argmax(np.asarray(scores, dtype=float)[:, None] >= lows[None, :], axis=1)
    return [BANDS[i][1] for i in index.tolist()]
