"""The segment names ISNCSCI uses, in rostral-to-caudal order, and which of them carry key muscles."""
from __future__ import annotations

from operator import itemgetter

__all__ = ["LEVELS", "INDEX", "SENSORY_LEVELS", "MOTOR_LEVELS", "UPPER_MOTOR", "LOWER_MOTOR",
           "RESULT_LEVELS", "SIDES", "level_order", "in_sensory_order", "in_motor_order"]

#: Every segment from C1 to S4-5; S4 and S5 are tested together as "S4_5".
LEVELS: tuple[str, ...] = (
    ("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8")
    + tuple(f"T{k}" for k in range(1, 13))
    + ("L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4_5"))
INDEX: dict[str, int] = {name: k for k, name in enumerate(LEVELS)}
INDEX["INT"] = len(LEVELS)  # intact: below every segment

#: The 28 key sensory points per side (light touch and pin prick).
SENSORY_LEVELS: tuple[str, ...] = LEVELS[1:]
#: The 10 key muscles per side; other segments have no myotome to test.
UPPER_MOTOR: tuple[str, ...] = ("C5", "C6", "C7", "C8", "T1")
LOWER_MOTOR: tuple[str, ...] = ("L2", "L3", "L4", "L5", "S1")
MOTOR_LEVELS: tuple[str, ...] = UPPER_MOTOR + LOWER_MOTOR
#: Values a level result can take: C1..S3 or INT (S4_5 normal means intact).
RESULT_LEVELS: tuple[str, ...] = LEVELS[:-1] + ("INT",)
SIDES: tuple[str, ...] = ("right", "left")
#: A side's values (a dict by level) as a tuple in worksheet order: C2..S4_5, and C5..T1, L2..S1.
in_sensory_order = itemgetter(*SENSORY_LEVELS)
in_motor_order = itemgetter(*MOTOR_LEVELS)


def level_order(name: str) -> int:
    """Sort key for level results: C1..S3, then INT; "NA" sorts first."""
    return -1 if name == "NA" else INDEX[name]
