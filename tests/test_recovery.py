"""Recovery files without Qt: one per window, a lock while it runs, orphans found with a summary."""
from __future__ import annotations

import json
import subprocess
import sys

from radviz.recovery import RecoveryFile, find_orphans, summarize


def _session(vertices: list[int]) -> dict:
    return {"format": "radviz-session", "version": 1, "body": {"shape": "heavy"}, "map": {"name": "lee2008"},
            "drawing": {"numbness": {"vertices": vertices, "values": [1.0] * len(vertices)}},
            "findings": {"motor": {"left": {"hip_flexion": "weak"}}, "signs": ["clonus"]}}


def test_a_live_window_is_not_an_orphan_and_a_gone_one_is(tmp_path):
    mine = RecoveryFile(tmp_path)
    mine.write(_session([1, 2]))
    assert find_orphans(tmp_path) == []  # locked by this process's open file
    code = (f"from radviz.recovery import RecoveryFile\nr = RecoveryFile({str(tmp_path)!r})\n"
            "r.write({'format': 'radviz-session', 'version': 1})\n")
    subprocess.run([sys.executable, "-c", code], check=True)  # exits without close(): like a crash
    orphans = find_orphans(tmp_path)
    assert len(orphans) == 1 and orphans[0].path != mine.path and orphans[0].data["version"] == 1
    assert find_orphans(tmp_path) == []  # claimed by the first finder until released
    orphans[0].release()
    again = find_orphans(tmp_path)
    assert len(again) == 1
    again[0].discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.path.name, mine.lock_path.name])
    mine.close()
    assert list(tmp_path.iterdir()) == []


def test_two_files_never_share_a_name(tmp_path):
    first, second = RecoveryFile(tmp_path), RecoveryFile(tmp_path)
    assert first.path != second.path


def test_damaged_orphans_are_set_aside(tmp_path):
    (tmp_path / "x.json").write_text("{ not json")
    orphans = find_orphans(tmp_path)
    assert [o.data for o in orphans] == [None] and orphans[0].summary == "damaged"
    bad = orphans[0].set_aside()
    assert bad.name == "x.json.bad" and find_orphans(tmp_path) == []


def test_summary_names_the_drawing_findings_map_and_body():
    assert summarize(_session([1, 2, 3])) == "numbness on 3 points; 2 findings; map lee2008, body heavy"
    assert summarize({}) == "no drawing; 0 findings; map ?, body ?"


def test_written_time_is_recorded(tmp_path):
    r = RecoveryFile(tmp_path)
    r.write(_session([4]))
    assert json.loads(r.path.read_text())["recovery"]["written"].endswith("+00:00")
    r.close()
