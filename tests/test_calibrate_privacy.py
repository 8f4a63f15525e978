"""Residents' personal data in an issue log: refused by header and by content, one line, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from cli_checks import fails_cleanly as refused

from sim.calibrate import EXAMPLE_PATH, read_issue_log
from sim.calibrate.privacy import header_kind, id_number_ok, personal_data

pytestmark = pytest.mark.usefixtures("english_locale")

LOG = EXAMPLE_PATH.read_text(encoding="utf-8").splitlines()
# The example ID number of GB 11643-1999 (a Beijing district code, born 1949-12-31).
STANDARD_ID = "11010519491231002X"


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _with_column(folder: Path, header: str, cells: list[str], n: int = 40) -> Path:
    """The first ``n`` rows of the example log with one more column (cells repeated down it)."""
    lines = [f"{LOG[0]},{header}"] + [f"{line},{cells[i % len(cells)]}" for i, line in enumerate(LOG[1 : n + 1])]
    path = folder / "log.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _check_id(body17: str) -> str:
    """The check character of an ID number: ISO 7064 MOD 11-2, computed here on its own."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body17))
    return "10X98765432"[total % 11]


# ------------------------------------------------------------------ by header -----------
@pytest.mark.parametrize(
    "header, kind",
    [
        ("姓名", "name"),
        ("反映人", "name"),
        ("resident_name", "name"),
        ("联系电话", "phone"),
        ("手机号", "phone"),
        ("Phone", "phone"),
        ("身份证号", "id"),
        ("ID card", "id"),
        ("id_number", "id"),
        ("住址", "address"),
        ("门牌号", "address"),
        ("address", "address"),
    ],
)
def test_refused_by_header(work, capsys, header, kind):
    _with_column(work, header, ["x"])  # harmless cells: the header alone gives it away
    line = refused(capsys, work, "calibrate", "log.csv", "--out", "out.toml")
    kinds = {"name": "a name", "phone": "a phone number", "id": "an ID card number", "address": "an address"}
    assert line.startswith("error: log.csv: 1 column(s) of the log look like residents' personal data")
    assert f"'{header}' (its header says {kinds[kind]}" in line
    assert "Delete these columns" in line and "Nothing was written" in line
    zh = refused(capsys, work, "--lang", "zh", "calibrate", "log.csv", "--out", "out.toml")
    assert zh.startswith("错误：log.csv：台账中有 1 列像是居民个人信息") and "先删除个人信息" in zh


# ------------------------------------------------------------------ by content ----------
@pytest.mark.parametrize(
    "cells, kind",
    [
        (["", "请回电 13812345678"], "a phone number"),
        (["", "+86 139-1234-5678"], "a phone number"),
        (["", "0359-6012345"], "a phone number"),
        (["", STANDARD_ID], "an ID card number"),
        (["", "身份证 " + "14270219850612" + "123" + _check_id("14270219850612123")], "an ID card number"),
        (["", "3号楼2单元501室漏水"], "an address down to the door"),
        (["", "解放路12号门口垃圾"], "an address down to the door"),
    ],
    ids=["mobile", "mobile-spaced", "landline", "id-standard", "id-computed", "building-room", "street-number"],
)
def test_refused_by_content(work, capsys, cells, kind):
    _with_column(work, "备注", cells)
    line = refused(capsys, work, "calibrate", "log.csv", "--out", "out.toml")
    assert f"'备注' (row 3 holds {kind})" in line
    value = cells[1].split()[-1]
    assert value not in line  # the personal data itself is never shown


def test_a_phone_number_typed_as_a_number_in_excel(work, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["受理时间", "诉求类别", "办结时间", "联系"])
    for day in range(1, 13):
        sheet.append([f"2024-03-{day:02d} 09:00", "物业维修", None, 13912345678 if day == 5 else None])
    book.save(work / "log.xlsx")
    line = refused(capsys, work, "calibrate", "log.xlsx", "--out", "out.toml")
    assert "'联系' (row 6 holds a phone number)" in line


def test_all_columns_named_at_once(work, capsys):
    lines = [f"{LOG[0]},姓名,电话,备注"] + [f"{line},x,y,z" for line in LOG[1:30]]
    (work / "log.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    line = refused(capsys, work, "calibrate", "log.csv", "--out", "out.toml")
    assert "3 column(s)" not in line and "2 column(s)" in line
    assert "'姓名'" in line and "'电话'" in line and "'备注'" not in line


def test_refused_before_anything_else_is_checked(work, capsys):
    # A log with a bad row and a missing column still hears first about the personal data.
    (work / "log.csv").write_text("受理时间,办结时间,手机\nnot a date,,x\n", encoding="utf-8")
    line = refused(capsys, work, "calibrate", "log.csv", "--out", "out.toml")
    assert "'手机' (its header says a phone number)" in line


# ------------------------------------------------------------------ what passes ---------
def test_a_clean_log_passes():
    assert personal_data(read_issue_log(EXAMPLE_PATH).data.astype(str)) == []
    log = read_issue_log(EXAMPLE_PATH)
    assert len(log.data) == len(LOG) - 1


@pytest.mark.parametrize(
    "header, cells",
    [
        ("case_no", ["20240301000123", "12"]),  # case numbers, even long ones
        ("id", ["1", "2"]),  # a case id
        ("grid_no", ["3"]),
        ("案件编号", ["110105194912310021"]),  # 18 digits whose check character is wrong
        ("备注", ["楼道堆物", "二号楼门口的路灯坏了", "2024-03-01 08:30"]),
        ("街道", ["解放路街道"]),
    ],
)
def test_harmless_columns_pass(tmp_path, header, cells):
    log = read_issue_log(_with_column(tmp_path, header, cells))
    assert log.ignored == [header]


def test_the_check_character_is_what_the_standard_says():
    assert id_number_ok(STANDARD_ID)
    assert not id_number_ok(STANDARD_ID[:-1] + "1")
    body = "32010619900307451"
    assert id_number_ok(body + _check_id(body))
    assert sum(id_number_ok(body + c) for c in "0123456789X") == 1


@pytest.mark.parametrize("header", ["created", "受理时间", "网格", "渠道", "满意度", "备注", "case_no", "contact_time"])
def test_the_logs_own_and_plain_headers_are_not_personal(header):
    assert header_kind(header) is None
