"""``radviz isncsci``: the command-line contract of issue 19 (one JSON line per exam, in order; a
malformed file exits 2 with one line naming file, field and value, and the others still print)."""
from __future__ import annotations

import json
import subprocess
import sys

from radviz.cli import main
from radviz.isncsci import Exam, classify, exam_to_dict, parse_exam


def _write(tmp_path, name, data) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def _exams():
    complete_t6 = Exam.normal()
    for side in ("right", "left"):
        for level in ("T7", "T8", "T9", "T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4_5"):
            complete_t6 = complete_t6.with_value(side, "lightTouch", level, "0").with_value(side, "pinPrick", level, "0")
        for level in ("L2", "L3", "L4", "L5", "S1"):
            complete_t6 = complete_t6.with_value(side, "motor", level, "0")
    data = exam_to_dict(complete_t6)
    data["voluntaryAnalContraction"] = data["deepAnalPressure"] = "No"
    return exam_to_dict(Exam.normal()), data


def test_json_prints_one_object_per_exam_in_order(tmp_path, capsys):
    normal, t6 = _exams()
    paths = [_write(tmp_path, "a.json", t6), _write(tmp_path, "b.json", normal), _write(tmp_path, "c.json", t6)]
    assert main(["isncsci", *paths, "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["ASIAImpairmentScale"] for line in lines] == ["A", "E", "A"]
    assert json.loads(lines[0]) == classify(parse_exam(t6)).to_json()
    assert json.loads(lines[0])["neurologicalLevelOfInjury"] == "T6"


def _one_bad(tmp_path, capsys, bad_data):
    normal, t6 = _exams()
    paths = [_write(tmp_path, "first.json", t6), _write(tmp_path, "bad.json", bad_data),
             _write(tmp_path, "last.json", normal)]
    status = main(["isncsci", *paths, "--json"])
    captured = capsys.readouterr()
    assert status == 2
    assert [json.loads(line)["ASIAImpairmentScale"] for line in captured.out.splitlines()] == ["A", "E"]
    errors = captured.err.strip().splitlines()
    assert len(errors) == 1 and paths[1] in errors[0]
    return errors[0]


def test_a_missing_key_names_the_file_and_the_field(tmp_path, capsys):
    _normal, data = _exams()
    del data["left"]["pinPrick"]["T3"]
    assert "left.pinPrick.T3: missing key" in _one_bad(tmp_path, capsys, data)


def test_an_unknown_value_names_the_field_and_the_value(tmp_path, capsys):
    _normal, data = _exams()
    data["right"]["motor"]["C7"] = "6"
    assert "right.motor.C7: unknown value '6'" in _one_bad(tmp_path, capsys, data)


def test_a_wrong_type_names_the_field_the_value_and_its_type(tmp_path, capsys):
    _normal, data = _exams()
    data["right"]["lightTouch"]["S4_5"] = 2
    line = _one_bad(tmp_path, capsys, data)
    assert "right.lightTouch.S4_5: wrong type: 2 (int), expected a string" in line


def test_an_unknown_anal_value_and_broken_json(tmp_path, capsys):
    _normal, data = _exams()
    data["deepAnalPressure"] = "maybe"
    assert "deepAnalPressure: unknown value 'maybe'" in _one_bad(tmp_path, capsys, data)
    assert "line 1 column" in _one_bad(tmp_path, capsys, '{"right": ')


def test_without_json_a_readable_worksheet_summary(tmp_path, capsys):
    _normal, t6 = _exams()
    assert main(["isncsci", _write(tmp_path, "t6.json", t6)]) == 0
    out = capsys.readouterr().out
    assert "Neurological level of injury" in out and "T6" in out and "Light touch" in out


def test_the_installed_command_exits_2_on_a_malformed_exam(tmp_path):
    good = _write(tmp_path, "good.json", _exams()[0])
    bad = _write(tmp_path, "bad.json", {"right": {}})
    run = subprocess.run([sys.executable, "-m", "radviz", "isncsci", good, bad, "--json"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert json.loads(run.stdout)["ASIAImpairmentScale"] == "E"
    assert run.stderr.strip().count("\n") == 0 and "bad.json: right.motor: missing key" in run.stderr


def test_unreadable_paths_are_one_line_errors_too(tmp_path, capsys):
    binary = tmp_path / "scan.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    paths = [str(tmp_path), str(binary), str(tmp_path / "missing.json"), _write(tmp_path, "ok.json", _exams()[0])]
    assert main(["isncsci", *paths, "--json"]) == 2
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1
    errors = captured.err.strip().splitlines()
    assert len(errors) == 3
    for path, error, reason in zip(paths, errors, ("not a regular file", "not UTF-8", "not found")):
        assert path in error and reason in error


def test_an_unknown_key_is_named_on_stderr_and_the_exam_still_classifies(tmp_path, capsys):
    normal, _t6 = _exams()
    normal["comments"] = "seen in clinic"
    normal["left"]["motor"]["C9"] = "5"
    assert main(["isncsci", _write(tmp_path, "extra.json", normal), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["ASIAImpairmentScale"] == "E"
    warnings = captured.err.strip().splitlines()
    assert len(warnings) == 2 and "comments: unknown key ignored" in captured.err
    assert "left.motor.C9: unknown key ignored" in captured.err
