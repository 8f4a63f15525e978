"""Issue logs in Excel: the template (written from the one definition of the columns) round-trips,
``.xlsx`` logs read like CSV ones, and bad workbooks end in one line, exit 2, nothing written."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from cli_checks import fails_cleanly as fail

from sim.calibrate import (
    CATEGORY_NAMES,
    CHANNEL_NAMES,
    COLUMN_SPECS,
    EXAMPLE_PATH,
    SATISFACTION,
    choices,
    read_issue_log,
)
from sim.calibrate.columns import FLAGS, MAX_COUNT
from sim.calibrate.template import template_path, template_workbook
from sim.cli import main
from sim.errors import ScenarioError
from sim.params import CATEGORY_KEYS

pytestmark = pytest.mark.usefixtures("english_locale")


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _cells(book: openpyxl.Workbook) -> dict:
    """What a workbook says: every sheet's values, formats of columns, validations and header notes."""
    out = {}
    for sheet in book.worksheets:
        out[sheet.title] = {
            "values": [[c.value for c in row] for row in sheet.iter_rows()],
            "formats": {k: d.number_format for k, d in sheet.column_dimensions.items()},
            "validations": sorted(
                (str(v.sqref), v.type, v.formula1, v.formula2, v.errorStyle)
                for v in sheet.data_validations.dataValidation
            ),
            "notes": [c.comment.text if c.comment else None for c in sheet[1]],
        }
    return out


# ------------------------------------------------------------------ the template ---------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_round_trips(work, capsys, lang):
    # Written by the command line, filled in with openpyxl as a spreadsheet would be, read back.
    assert main(["--lang", lang, "calibrate", "--template", "t.xlsx"]) == 0
    assert "t.xlsx" in capsys.readouterr().out
    book = openpyxl.load_workbook(work / "t.xlsx")
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header(lang) for c in COLUMN_SPECS]
    col = {c.key: i + 1 for i, c in enumerate(COLUMN_SPECS)}
    offered = {c.key: choices(c, lang) for c in COLUMN_SPECS}
    first = dt.datetime(2024, 3, 1, 8, 30)
    rows = [
        {"created": first, "category": offered["category"][0], "resolved": first + dt.timedelta(hours=6)},
        {"created": first + dt.timedelta(days=3), "category": offered["category"][3], "resolved": None},
    ]
    rows[0].update(channel=offered["channel"][1], satisfaction=offered["satisfaction"][0], reopened=2)
    rows[1].update(channel=offered["channel"][0], solved=offered["solved"][1], grid="3")
    for r, row in enumerate(rows, start=2):
        for key, value in row.items():
            sheet.cell(row=r, column=col[key], value=value)
    book.save(work / "filled.xlsx")

    log = read_issue_log(work / "filled.xlsx")
    data = log.data
    assert len(data) == 2 and list(data["row"]) == [2, 3]
    assert list(data["category"]) == [CATEGORY_KEYS[0], CATEGORY_KEYS[3]]
    assert list(data["channel"]) == ["hotline", "report"]
    assert data["created"].iloc[0] == pytest.approx(8.5 / 24)  # 08:30 on working day 0
    assert data["resolved"].iloc[0] - data["created"].iloc[0] == pytest.approx(6 / 24)
    assert pd.isna(data["resolved"].iloc[1])
    assert bool(data["satisfied"].iloc[0]) is True and pd.isna(data["satisfied"].iloc[1])
    assert bool(data["solved"].iloc[1]) is False
    assert list(data["reopened"]) == [2.0, 0.0]
    assert list(data["grid"]) == ["", "3"]
    assert log.ignored == []  # every header of the template is a column the reader knows


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_value_a_template_offers_is_read(lang):
    readers = {"answer": SATISFACTION, "channel": CHANNEL_NAMES, "category": CATEGORY_NAMES}
    seen_kinds = set()
    for column in COLUMN_SPECS:
        offered = choices(column, lang)
        if column.kind in ("category", "channel", "answer", "flag"):
            assert offered, column.key
            seen_kinds.add(column.kind)
        reader = FLAGS.get(column.key, readers.get(column.kind))
        for value in offered:
            assert value.strip().lower() in reader, (column.key, value)
    assert seen_kinds == {"category", "channel", "answer", "flag"}
    assert len(choices(next(c for c in COLUMN_SPECS if c.kind == "category"), lang)) == len(CATEGORY_KEYS)


def test_template_lists_notes_and_formats():
    book = template_workbook("zh")
    log_sheet, notes, hotline = book.worksheets
    lists = {str(v.sqref): v for v in log_sheet.data_validations.dataValidation}
    for i, column in enumerate(COLUMN_SPECS, start=1):
        letter = openpyxl.utils.get_column_letter(i)
        rule = lists.get(f"{letter}2:{letter}1048576")
        if choices(column, "zh"):
            assert rule.type == "list" and rule.formula1 == '"' + ",".join(choices(column, "zh")) + '"'
        elif column.kind == "count":
            assert (rule.type, rule.formula1, rule.formula2) == ("whole", "0", str(MAX_COUNT))
        else:
            assert rule is None, column.key
        expected = "yyyy-mm-dd hh:mm" if column.kind == "time" else "General"
        assert log_sheet.column_dimensions[letter].number_format == expected, column.key
        assert log_sheet.cell(row=1, column=i).comment.text  # a note on every header
    # Every column explained on the second sheet, with the headers the reader also accepts.
    rows = {r[0]: r for r in notes.iter_rows(values_only=True) if r and r[0]}
    for column in COLUMN_SPECS:
        row = rows[column.zh]
        assert row[1] == ("必填" if column.required else "可选") and row[2]
        assert column.key in row[4].split(", ")
    assert "身份证号" in "".join(str(r[0]) for r in notes.iter_rows(values_only=True) if r[0])
    assert hotline.max_row >= 40


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_shipped_templates_are_what_the_command_makes(lang):
    # Made again by: python -m sim --lang LANG calibrate --template sim/data/issue-log-template.LANG.xlsx
    shipped = openpyxl.load_workbook(template_path(lang))
    made = openpyxl.load_workbook(io.BytesIO(_saved(template_workbook(lang))))
    assert _cells(shipped) == _cells(made)


def _saved(book: openpyxl.Workbook) -> bytes:
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


# ------------------------------------------------------------------ .xlsx logs ----------
def _example_as_workbook(path: Path, n: int | None = None) -> pd.DataFrame:
    """The example log written as a spreadsheet holds it: date-times, numbers and text as cell types."""
    df = pd.read_csv(EXAMPLE_PATH, dtype=str, keep_default_na=False)
    if n is not None:
        df = df.iloc[:n]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(df.columns))
    for row in df.itertuples(index=False):
        cells = []
        for name, value in zip(df.columns, row, strict=True):
            if value == "":
                cells.append(None)
            elif name in ("created", "resolved", "responded", "due"):
                cells.append(dt.datetime.fromisoformat(value))
            elif name in ("grid", "satisfaction", "solved", "reopened", "repeats", "bounces"):
                cells.append(int(value))
            else:
                cells.append(value)
        sheet.append(cells)
    book.create_sheet("notes").append(["anything on another sheet is not read"])
    book.save(path)
    return df


def test_an_xlsx_log_reads_as_its_csv(tmp_path):
    _example_as_workbook(tmp_path / "log.xlsx")
    from_xlsx = read_issue_log(tmp_path / "log.xlsx").data
    from_csv = read_issue_log(EXAMPLE_PATH).data
    pd.testing.assert_frame_equal(from_xlsx, from_csv)


def test_calibrate_from_an_xlsx_log(work, capsys):
    _example_as_workbook(work / "log.xlsx", n=200)
    assert main(["calibrate", "log.xlsx", "--out", "mine.toml", "--households", "600"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("200 issues over") and (work / "mine.toml").exists()
    assert "issues_per_household" in (work / "mine.toml").read_text(encoding="utf-8")


def test_trailing_blanks_are_dropped_and_row_numbers_stay_the_sheets(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["created", "category", "resolved", None])
    sheet.append(["2024-03-01 09:00", "property", None])
    sheet.append([])  # an empty row between data rows: reported at its own row number
    sheet.append(["2024-03-02 09:00", "elderly", "2024-03-03 09:00"])
    sheet.cell(row=40, column=6).number_format = "0.00"  # formatting past the data
    book.save(tmp_path / "gap.xlsx")
    with pytest.raises(ScenarioError) as info:
        read_issue_log(tmp_path / "gap.xlsx")
    assert "1 of 3 rows" in str(info.value) and "row 3: created is empty" in str(info.value)
    sheet.delete_rows(3)
    book.save(tmp_path / "gap.xlsx")
    log = read_issue_log(tmp_path / "gap.xlsx")
    assert list(log.data["row"]) == [2, 3] and log.ignored == []


# ------------------------------------------------------------------ bad input -----------
def _empty_workbook(path: Path) -> None:
    openpyxl.Workbook().save(path)


def _header_only(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["受理时间", "诉求类别", "办结时间"])
    book.save(path)


def _zip_not_workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")


@pytest.mark.parametrize(
    "make, expected",
    [
        (None, "log.xlsx: issue log not found"),
        (lambda p: p.write_text("created,category\n", encoding="utf-8"), "not a readable Excel workbook (.xlsx)"),
        (lambda p: p.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4), "not a readable Excel workbook (.xlsx)"),
        (_zip_not_workbook, "not a readable Excel workbook (.xlsx)"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)), "old Excel 97–2003 workbook"),
        (_empty_workbook, "log.xlsx: the issue log is empty"),
        (_header_only, "log.xlsx: the issue log has no rows"),
    ],
    ids=["missing", "text", "damaged-zip", "other-zip", "xls", "empty-sheet", "header-only"],
)
def test_bad_workbooks_end_in_one_line(work, capsys, make, expected):
    if make is not None:
        make(work / "log.xlsx")
    line = fail(capsys, work, "calibrate", "log.xlsx", "--out", "out.toml")
    assert line.startswith("error: ") and expected in line
    zh = fail(capsys, work, "--lang", "zh", "calibrate", "log.xlsx", "--out", "out.toml")
    assert zh.startswith("错误：") and "log.xlsx" in zh


def test_old_xls_says_how_to_save_it_again(work, capsys):
    (work / "log.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    zh = fail(capsys, work, "--lang", "zh", "calibrate", "log.xls", "--out", "out.toml")
    assert "另存为" in zh and ".xlsx" in zh


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--template", "t.xlsx", "log.csv"], "do not give LOG with it"),
        (["--template", "t.xlsx", "--out", "x.toml"], "do not give --out with it"),
        (["--template", "t.xlsx", "--households", "900"], "do not give --households with it"),
        (["--template", "t.csv"], "must end in .xlsx"),
        (["--template", "nowhere/t.xlsx"], "does not exist"),
        (["--template", ""], "--template"),
        ([], "missing required arguments: LOG"),
    ],
)
def test_template_option_mistakes(work, capsys, args, expected):
    assert expected in fail(capsys, work, "calibrate", *args)


def test_an_existing_template_is_replaced_whole(work, capsys):
    (work / "t.xlsx").write_bytes(b"old")
    assert main(["calibrate", "--template", "t.xlsx"]) == 0
    assert [p.name for p in work.iterdir()] == ["t.xlsx"]  # no temporary file left
    assert openpyxl.load_workbook(work / "t.xlsx").sheetnames[0] == "issue log"
