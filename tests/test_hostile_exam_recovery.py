"""Hostile exam and recovery files: any bytes load or fail with one named error, never crash, never block."""
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radviz.errors import InputError
from radviz.isncsci.exam import load_exam, parse_exam
from radviz.recovery import read_recovery

_SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
_VALUES = st.sampled_from(["0", "1", "2", "3", "4", "5", "NT", "0*", "1**", "NT*", "x", "", "6"]) | \
    st.integers(-2, 7) | st.none() | st.floats(allow_nan=True)
_LEVELS = st.sampled_from(["C2", "C5", "T1", "T6", "L2", "S1", "S4_5", "C1", "X9"])
_SIDE = st.dictionaries(st.sampled_from(["motor", "lightTouch", "pinPrick", "other"]),
                        st.dictionaries(_LEVELS, _VALUES, max_size=6) | _VALUES, max_size=4)
_EXAM = st.dictionaries(st.sampled_from(["right", "left", "voluntaryAnalContraction", "deepAnalPressure", "x"]),
                        _SIDE | st.sampled_from(["Yes", "No", "NT", "maybe"]) | st.none(), max_size=5)


@_SETTINGS
@given(data=_EXAM)
def test_any_exam_object_parses_or_names_the_field(data):
    try:
        parse_exam(data, "fuzz.json")
    except InputError as exc:
        assert "fuzz.json" in str(exc)


@_SETTINGS
@given(raw=st.binary(max_size=400))
def test_any_exam_file_bytes_load_or_fail_in_one_line(tmp_path, raw):
    path = tmp_path / "exam.json"
    path.write_bytes(raw)
    try:
        load_exam(path)
    except InputError as exc:
        assert "exam.json" in str(exc) and "\n" not in str(exc)


def test_an_exam_that_is_a_fifo_or_too_large_is_refused_at_once(tmp_path):
    fifo = tmp_path / "exam.fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="regular file"):
        load_exam(fifo)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 1_000_001)
    with pytest.raises(InputError, match="at most"):
        load_exam(big)


@_SETTINGS
@given(raw=st.binary(max_size=400) | st.builds(lambda d: json.dumps(d).encode(),
                                                st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5),
                                                                max_size=4)))
def test_any_recovery_file_is_read_or_set_aside(tmp_path, raw):
    path = tmp_path / "recovery.json"
    path.write_bytes(raw)
    data = read_recovery(path)
    assert data is None or isinstance(data, dict)
