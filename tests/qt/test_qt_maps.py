"""Switching maps in the window: a good map file joins the list, a broken one keeps the last good map."""
from PySide6.QtWidgets import QMessageBox

from radviz.paths import maps_dir


def test_broken_map_file_reports_and_keeps_the_last_good_map(main_window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    bad = tmp_path / "broken.yaml"
    bad.write_text((maps_dir() / "lee2008.yaml").read_text().replace("  L4:\n", "  L9:\n", 1))
    assert not main_window.set_map(str(bad))
    assert shown and "broken.yaml" in shown[0] and "L9" in shown[0]
    assert main_window.engine.atlas.map.name == "lee2008"
    assert main_window.browser.map_box.currentData() == "lee2008"


def test_a_map_file_from_disk_can_be_used(main_window, tmp_path):
    mine = tmp_path / "mymap.yaml"
    mine.write_text((maps_dir() / "keegan1948.yaml").read_text().replace("name: keegan1948", "name: mymap", 1))
    main_window.show_root("L4", "left")
    assert main_window.set_map(str(mine))
    assert main_window.engine.atlas.map.name == "mymap"
    assert main_window.browser.map_box.currentData() == "mymap"
    assert main_window.last_result.map == "mymap"
