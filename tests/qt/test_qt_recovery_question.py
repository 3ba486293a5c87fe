"""The restore question names what comes back and when it was kept, in words."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from radviz.qt.recovery_ui import restore_question, saved_when
from radviz.recovery import Orphan, summarize


def test_the_question_says_what_is_restored_and_when_it_was_saved():
    data = {"drawing": {"pain": {"vertices": list(range(120)), "values": [5.0] * 120}},
            "findings": {"motor": {"left": {"ankle_dorsiflexion": "weak"}}, "reflexes": {}, "signs": []},
            "map": {"name": "lee2008"}, "body": {"shape": "neutral"}}
    orphan = Orphan(Path("x.json"), "2026-03-10T09:00:00+00:00", summarize(data), data)
    text = restore_question(orphan, now=datetime(2026, 3, 10, 9, 25, tzinfo=timezone.utc))
    assert "pain on 120 points" in text and "1 finding" in text and "lee2008" in text
    assert "25 minutes ago" in text and "2026" in text and "March" in text
    assert "T09:00:00" not in text  # not the file's machine time


def test_when_reads_as_words_and_never_fails():
    now = datetime(2026, 3, 12, 9, 0, tzinfo=timezone.utc)
    assert saved_when("2026-03-10T09:00:00+00:00", now).endswith("(2 days ago)")
    assert saved_when("2026-03-12T06:00:00+00:00", now).endswith("(3 hours ago)")
    assert saved_when("", now) == "an unknown time"  # a file without its time still gets a question
