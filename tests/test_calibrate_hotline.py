"""12345 hotline categories in an issue log: mapped by the shipped table; unknown ones named in one message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.calibrate import HOTLINE_TABLE, category_key, read_issue_log
from sim.calibrate.hotline import HOTLINE_PATH, read_hotline_table
from sim.cli import main
from sim.errors import ScenarioError
from sim.params import CATEGORIES, CATEGORY_KEYS

pytestmark = pytest.mark.usefixtures("english_locale")


def _log(folder: Path, categories: list[str]) -> Path:
    rows = [f"2024-03-{1 + i % 28:02d} 09:00,{c}," for i, c in enumerate(categories)]
    path = folder / "log.csv"
    path.write_text("受理时间,诉求类别,办结时间\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ the table -----------
def test_the_table_is_sound():
    text = HOTLINE_PATH.read_text(encoding="utf-8")
    defined = set(re.findall(r"^#\s+(S\d+) ", text, flags=re.MULTILINE))
    assert defined, "the sources are defined at the top of the table"
    used = set()
    for row in HOTLINE_TABLE:
        assert row.category in CATEGORY_KEYS
        assert row.basis.startswith(("source:", "assumption:")), row.name
        if row.basis.startswith("source:"):
            assert row.source, f"{row.name}: a source basis names its source"
        used |= set(filter(None, row.source.split(";")))
    assert used == defined  # every source used, none used undefined
    assert {row.category for row in HOTLINE_TABLE} == set(CATEGORY_KEYS)  # every kit category reachable
    kit_names = {n.lower() for c in CATEGORIES for n in (c.key, c.zh, c.en)}
    assert not kit_names & {row.name.lower() for row in HOTLINE_TABLE}, "the kit's own names come first"


def test_a_broken_table_is_refused(tmp_path):
    good = HOTLINE_PATH.read_text(encoding="utf-8")
    first = next(line for line in good.splitlines() if line.startswith("物业管理,"))
    for bad in (first.replace(",property,", ",properties,"), first.replace('"source:', '"because:'), first):
        (tmp_path / "t.csv").write_text(good + bad + "\n", encoding="utf-8")
        with pytest.raises(ValueError):
            read_hotline_table(tmp_path / "t.csv")


# ------------------------------------------------------------------ reading logs --------
def test_every_hotline_category_is_read_as_its_kit_category(tmp_path):
    log = read_issue_log(_log(tmp_path, [row.name for row in HOTLINE_TABLE]))
    assert list(log.data["category"]) == [row.category for row in HOTLINE_TABLE]


def test_paths_of_categories_use_their_most_specific_known_part():
    by_name = {row.name: row.category for row in HOTLINE_TABLE}
    assert by_name["城市管理"] != by_name["施工扰民"]  # so that the test can tell the parts apart
    assert category_key("城市管理/施工扰民") == by_name["施工扰民"]
    assert category_key("城市管理 > 施工扰民") == by_name["施工扰民"]
    assert category_key("城市管理－不在表中的细类") == by_name["城市管理"]
    assert category_key("城市管理/邻里纠纷") == "dispute"  # a kit name as a part
    assert category_key("  物业管理 ") == by_name["物业管理"]
    assert category_key("") is None and category_key("不在表中/也不在") is None


def test_kit_names_and_hotline_names_mix_in_one_log(tmp_path):
    log = read_issue_log(_log(tmp_path, ["物业维修", "property", "Safety hazards", "供暖", "噪音扰民"]))
    by_name = {row.name: row.category for row in HOTLINE_TABLE}
    assert list(log.data["category"]) == ["property", "property", "hazard", by_name["供暖"], by_name["噪音扰民"]]


# ------------------------------------------------------------------ unknown ones --------
def test_unknown_categories_are_named_once_with_the_allowed_values(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cats = ["物业管理"] * 5 + ["咨询"] * 7 + ["表扬"] * 2 + ["物业管理", "违停"]
    _log(tmp_path, cats)
    assert main(["calibrate", "log.csv", "--out", "out.toml"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err and not (tmp_path / "out.toml").exists()
    assert "row 7: category '咨询' is not one of " + ", ".join(CATEGORY_KEYS) in err
    assert "(or Chinese or 12345 names)" in err
    # every unknown category, most frequent first, with how many rows hold it
    assert "unknown in this log: '咨询' ×7, '表扬' ×2, '违停' ×1" in err
    assert main(["--lang", "zh", "calibrate", "log.csv", "--out", "out.toml"]) == 2
    zh = capsys.readouterr().err.strip()
    assert "12345 热线类别" in zh and "本台账的未知类别：'咨询' ×7, '表扬' ×2, '违停' ×1" in zh


def test_one_unknown_category_is_said_plainly(tmp_path):
    with pytest.raises(ScenarioError) as info:
        read_issue_log(_log(tmp_path, ["物业管理", "咨询", "咨询"]))
    msg = str(info.value)
    assert "row 3: category '咨询' is not one of" in msg and "unknown in this log" not in msg
    assert "row 4: category '咨询' is unknown" in msg


def test_many_unknown_categories_are_cut_to_fit_the_line(tmp_path):
    cats = [f"类别{i:02d}" for i in range(40) for _ in range(1 + i % 3)]
    with pytest.raises(ScenarioError) as info:
        read_issue_log(_log(tmp_path, cats))
    msg = str(info.value)
    assert ", … (+35)" in msg and len(msg) <= 600
