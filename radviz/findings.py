"""Findings: weak or tested-normal movements, reflex changes and red-flag signs, per side."""
from __future__ import annotations

from dataclasses import dataclass, field

from radviz.events import Signal

__all__ = ["Findings", "MOVEMENTS", "REFLEXES", "REFLEX_STATES", "SIGNS"]

MOVEMENTS = ("shoulder_abduction", "elbow_flexion", "wrist_extension", "elbow_extension", "wrist_flexion",
             "finger_flexion", "finger_abduction", "hip_flexion", "hip_adduction", "hip_abduction",
             "hip_extension", "knee_extension", "knee_flexion", "ankle_dorsiflexion",
             "great_toe_extension", "ankle_plantarflexion", "ankle_eversion", "ankle_inversion")
REFLEXES = ("biceps", "brachioradialis", "triceps", "patellar", "medial_hamstring", "achilles")
REFLEX_STATES = ("normal", "decreased", "absent", "increased")
SIGNS = ("saddle_numbness", "bladder_bowel", "babinski", "hoffmann", "clonus", "bilateral_weakness")
SIDES = ("left", "right")


@dataclass
class Findings:
    """Examination findings.  ``motor[side][movement]`` is 'weak' or 'normal'."""

    motor: dict[str, dict[str, str]] = field(default_factory=lambda: {"left": {}, "right": {}})
    reflexes: dict[str, dict[str, str]] = field(default_factory=lambda: {"left": {}, "right": {}})
    signs: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.changed = Signal()

    def set_motor(self, side: str, movement: str, state: str | None) -> None:
        _check(movement, MOVEMENTS, "movement")
        _check(side, SIDES, "side")
        if state is None:
            self.motor[side].pop(movement, None)
        else:
            _check(state, ("weak", "normal"), "motor state")
            self.motor[side][movement] = state
        self.changed.emit()

    def set_reflex(self, side: str, reflex: str, state: str | None) -> None:
        _check(reflex, REFLEXES, "reflex")
        _check(side, SIDES, "side")
        if state is None:
            self.reflexes[side].pop(reflex, None)
        else:
            _check(state, REFLEX_STATES, "reflex state")
            self.reflexes[side][reflex] = state
        self.changed.emit()

    def set_sign(self, sign: str, present: bool) -> None:
        _check(sign, SIGNS, "sign")
        (self.signs.add if present else self.signs.discard)(sign)
        self.changed.emit()

    def is_empty(self) -> bool:
        return not (any(self.motor.values()) or any(self.reflexes.values()) or self.signs)

    def to_dict(self) -> dict:
        return {"motor": {s: dict(sorted(m.items())) for s, m in self.motor.items()},
                "reflexes": {s: dict(sorted(r.items())) for s, r in self.reflexes.items()},
                "signs": sorted(self.signs)}

    @classmethod
    def from_dict(cls, data: dict) -> "Findings":
        f = cls()
        for side, moves in data.get("motor", {}).items():
            for movement, state in moves.items():
                f.set_motor(side, movement, state)
        for side, refl in data.get("reflexes", {}).items():
            for reflex, state in refl.items():
                f.set_reflex(side, reflex, state)
        for sign in data.get("signs", []):
            f.set_sign(sign, True)
        return f


def _check(value: str, allowed, what: str) -> None:
    if value not in allowed:
        raise ValueError(f"unknown {what} '{value}'; allowed: {', '.join(allowed)}")
