"""Findings: weak or tested-normal movements, reflex changes and red-flag signs, per side."""
from __future__ import annotations

from dataclasses import dataclass, field

from radviz.events import Signal
from radviz.vocabulary import MOVEMENTS, REFLEX_STATES, REFLEXES, SIGNS, UMN_SIGNS

__all__ = ["Findings", "MOVEMENTS", "REFLEXES", "REFLEX_STATES", "SIGNS"]

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

    def has_examination(self) -> bool:
        """True when a movement or reflex was examined (signs alone do not localise a root)."""
        return any(self.motor.values()) or any(self.reflexes.values())

    def upper_motor_neuron(self) -> bool:
        """Brisk reflexes or an upper-motor-neuron sign: the spinal cord or brain, not a root."""
        brisk = any(s == "increased" for side in self.reflexes.values() for s in side.values())
        return brisk or bool(set(UMN_SIGNS) & self.signs)

    def key(self) -> tuple:
        """A hashable summary of every finding: equal findings have equal keys (scoring memoises on it)."""
        return (tuple((side, tuple(sorted(m.items()))) for side, m in self.motor.items() if m),
                tuple((side, tuple(sorted(r.items()))) for side, r in self.reflexes.items() if r),
                tuple(sorted(self.signs)))

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
