"""The ISNCSCI exam as the standard worksheet page of a report (HTML; Qt-free).

Laid out as the ASIA/ISCoS worksheet is: the right side's motor, light touch and pin prick columns,
the level in the middle, the left side's light touch, pin prick and motor; VAC and DAP under the
grid; then the totals and the classification block (sensory, motor and neurological levels,
completeness, AIS, zones of partial preservation), and how each result was found.
"""
from __future__ import annotations

from html import escape

from radviz.isncsci import Classification, Exam
from radviz.isncsci.possibilities import CELL_KEYS, Step
from radviz.isncsci.worksheet import GRID_HEADER, describe_step, dermatome_status, grid_rows, summary_rows

__all__ = ["worksheet_html", "step_lines", "step_words"]

_SHADE = {"normal": "#ffffff", "impaired": "#faf3b4", "absent": "#d9c6e6", "not tested": "#e4e4e4"}
_NOTE = ("Values: sensory 0 absent, 1 altered, 2 normal; motor 0-5; NT not testable. "
         "* impaired for a reason other than the spinal cord injury, considered not normal; "
         "** considered normal. A list of values: not-testable cells leave each possible. "
         "ND: a total not determinable.")


def step_lines(exam: Exam, result: Classification) -> list[tuple[str, list[str]]]:
    """(result, [steps in words]) for every determination: which rule fired at which level."""
    out = []
    for label, name in _STEP_NAMES:
        d = result[name]
        own = ("zpp_" if name.startswith("zoneOfPartialPreservations") else "") + name.split(".")[-1]
        words = _VALUE_WORDS.get(name, {}).get(d.text)
        out.append((f"{label}: {d.text}" + (f" ({words})" if words else ""),
                    [step_words(s, exam, own, alone=len(d.values) == 1) for s in d.steps]))
    return out


_RULE_WORDS = {  # how the app and the report word each rule of radviz.isncsci.rules (plain, no field names)
    "not_reached": "going down, {level} is the first level short of normal ({cells})",
    "reached_not_intact": "its key muscle graded at least 3, below 5, with the levels above normal ({cells})",
    "all_intact": "every level normal",
    "no_sacral_sparing": "no voluntary anal contraction, no deep anal pressure, no S4-5 sensation",
    "sacral_sparing": "sacral sparing ({cells})",
    "vac_present": "voluntary anal contraction present",
    "motor_function_below": "motor function more than three levels below the motor level {value} ({cells})",
    "no_motor_function_below": "no motor function more than three levels below the motor level {value}",
    "less_than_half_antigravity": "{value} key muscles below the NLI {level} graded 3 or more: fewer than half, so C",
    "half_antigravity": "{value} key muscles below the NLI {level} graded 3 or more: at least half, so D",
    "no_key_muscle_below": "no key muscle below the NLI {level}: half of none is reached, so D",
    "lowest_sensation": "the most caudal level with sensation ({cells})",
    "no_sensation": "no sensation at any key point",
    "lowest_motor_function": "the most caudal key muscle with function ({cells})",
    "sacral_sensation_present": "sacral sensation present ({cells})",
}
_VALUE_WORDS = {"injuryComplete": {"C": "complete", "I": "incomplete"}}
_ANY_VALUE_WORDS = {"NA": "not applicable", "C/D": "C or D", "INT": "intact"}
_CELL_WORDS = {"lightTouch": "light touch", "pinPrick": "pin prick", "motor": "motor",
               "voluntaryAnalContraction": "VAC", "deepAnalPressure": "DAP"}


def step_words(step: Step, exam: Exam, shown: str = "", alone: bool = False) -> str:
    """One step in plain words with the recorded values it rests on ("C6: going down, C7 is the first
    level short of normal (right C7 light touch 1, pin prick 0)").  A step that another result
    rests on (the NLI behind the AIS) is named ("NLI C5: ...").  ``shown``: the step name of the
    result being explained, whose own steps need no name; ``alone``: that result has one value,
    already said, so its own steps need not repeat it."""
    text = _RULE_WORDS.get(step.rule)
    if text is None:  # a rule this table does not know yet: the classifier's own wording
        return describe_step(step, exam)
    value = _VALUE_WORDS.get(step.determination, _ANY_VALUE_WORDS).get(step.value) or \
        _ANY_VALUE_WORDS.get(step.value, step.value.replace("_", "-"))
    cells = _cell_words(step, exam)
    if step.rule == "motor_function_below" and cells == "-":  # a non-key muscle, not a recorded grade
        cells = "lowest non-key muscle with motor function " + ", ".join(
            f"{side} {exam.side(side).lowest_non_key_muscle}" for side in ("right", "left")
            if exam.side(side).lowest_non_key_muscle)
    words = text.format(value=value, level=step.level.replace("_", "-"), cells=cells)
    if any(_cell_value(exam, CELL_KEYS[cid]).startswith("NT") for cid in step.because):
        words += ", one possibility where NT leaves it open"
    own = step.determination == shown
    if "{value}" not in text and not (own and alone):
        words = f"{value}: {words}"
    noun = _STEP_NOUNS.get(step.determination, "")
    return f"{noun} {words}" if noun and not own else words


def _cell_value(exam: Exam, key: tuple) -> str:
    """The recorded value of a cell key: (side, kind, level), ("voluntaryAnalContraction",) or ("deepAnalPressure",)."""
    if len(key) == 1:
        return exam.voluntary_anal_contraction if key[0] == "voluntaryAnalContraction" else exam.deep_anal_pressure
    side, kind, level = key
    return exam.side(side).values(kind)[level]


def _cell_words(step: Step, exam: Exam) -> str:
    """The cells a step rests on, one group per side and level: "right C7 light touch 1, pin prick 0"."""
    groups: dict[tuple, list[str]] = {}
    for cid in step.because:
        key = CELL_KEYS[cid]
        group = (key[0],) if len(key) == 1 else (key[0], key[2])
        kind = key[0] if len(key) == 1 else key[1]
        groups.setdefault(group, []).append(f"{_CELL_WORDS[kind]} {_cell_value(exam, key)}")
    return "; ".join((f"{key[0]} {key[1].replace('_', '-')} " if len(key) == 2 else "") + ", ".join(parts)
                     for key, parts in groups.items()) or "-"


_STEP_NAMES = (("Sensory level right", "neurologicalLevels.sensoryRight"),
               ("Sensory level left", "neurologicalLevels.sensoryLeft"),
               ("Motor level right", "neurologicalLevels.motorRight"),
               ("Motor level left", "neurologicalLevels.motorLeft"),
               ("Neurological level of injury", "neurologicalLevelOfInjury"),
               ("Complete or incomplete", "injuryComplete"),
               ("AIS", "ASIAImpairmentScale"),
               ("ZPP sensory right", "zoneOfPartialPreservations.sensoryRight"),
               ("ZPP sensory left", "zoneOfPartialPreservations.sensoryLeft"),
               ("ZPP motor right", "zoneOfPartialPreservations.motorRight"),
               ("ZPP motor left", "zoneOfPartialPreservations.motorLeft"))
_STEP_NOUNS = {"sensoryRight": "right sensory level", "sensoryLeft": "left sensory level",
               "motorRight": "right motor level", "motorLeft": "left motor level",
               "neurologicalLevelOfInjury": "NLI", "injuryComplete": "", "ASIAImpairmentScale": "AIS",
               "zpp_sensoryRight": "right sensory ZPP", "zpp_sensoryLeft": "left sensory ZPP",
               "zpp_motorRight": "right motor ZPP", "zpp_motorLeft": "left motor ZPP"}
"""The classifier's step names (:class:`Step` ``determination``) as words, for a step another result rests on."""


def _grid(exam: Exam) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in GRID_HEADER)
    rows = []
    for row in grid_rows(exam)[:-1]:
        level = row[3].replace("-", "_")
        shade = {1: "right", 2: "right", 4: "left", 5: "left"}
        cells = []
        for k, value in enumerate(row):
            colour = _SHADE[dermatome_status(exam, shade[k], level)[0]] if k in shade else "#ffffff"
            weight = " style='font-weight:bold'" if k == 3 else ""
            cells.append(f"<td align='center' bgcolor='{colour}'{weight}>{escape(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    vac, dap = exam.voluntary_anal_contraction, exam.deep_anal_pressure
    rows.append(f"<tr><td colspan='3' align='right'>(VAC) Voluntary anal contraction: <b>{escape(vac)}</b></td>"
                f"<td></td><td colspan='3'>(DAP) Deep anal pressure: <b>{escape(dap)}</b></td></tr>")
    non_key = (exam.right.lowest_non_key_muscle or "none", exam.left.lowest_non_key_muscle or "none")
    words = "Lowest non-key muscle with motor function"
    rows.append(f"<tr><td colspan='3' align='right'>{words}: <b>{non_key[0]}</b></td><td></td>"
                f"<td colspan='3'>{words}: <b>{non_key[1]}</b></td></tr>")
    return ("<table border='1' cellspacing='0' cellpadding='0' width='100%' style='font-size:7pt'>"
            f"<tr>{head}</tr>{''.join(rows)}</table>")


def _summary(result: Classification) -> str:
    rows = "".join(_summary_row(label, right, left) for label, right, left in summary_rows(result))
    return ("<table border='1' cellspacing='0' cellpadding='0' width='100%' style='font-size:7pt'>"
            "<tr><th></th><th>Right</th><th>Left</th></tr>" + rows + "</table>")


def _summary_row(label: str, right: str, left: str) -> str:
    """A right/left row; the two grand-total rows hold two totals (UEMS / LEMS, LT / PP), not two sides."""
    if "totals" in label:
        both = f"{escape(right)} / {escape(left)}"
        return f"<tr><td>{escape(label)}</td><td colspan='2' align='center'><b>{both}</b></td></tr>"
    return (f"<tr><td>{escape(label)}</td><td align='center'><b>{escape(right)}</b></td>"
            f"<td align='center'><b>{escape(left)}</b></td></tr>")


def worksheet_html(exam: Exam, result: Classification) -> str:
    """The worksheet page: starts a new page, grid, classification and the steps behind it."""
    steps = "".join(f"<li><b>{escape(head)}</b> — {escape('; '.join(lines) or '-')}</li>"
                    for head, lines in step_lines(exam, result))
    return (f"<h2 style='page-break-before: always'>ISNCSCI examination worksheet</h2>"
            "<p>International Standards for Neurological Classification of Spinal Cord Injury (2019 "
            "revision), as recorded in radviz. Shading by the lower of light touch and pin prick: "
            "white normal, yellow impaired, purple absent, grey not tested.</p>"
            f"{_grid(exam)}<p style='font-size:7pt'>{escape(_NOTE)}</p>"
            f"<h3>Classification</h3>{_summary(result)}"
            f"<h3>How each result was found</h3><ul style='font-size:7pt'>{steps}</ul>")
