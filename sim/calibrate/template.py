"""The Excel template of an issue log (台账模板), written from the one definition of its columns.

``write_template`` makes a workbook of three sheets, in Chinese or in English:

1. the log itself: a header row with every column of ``sim.calibrate.columns`` (required
   ones first and marked), a note on each header saying what it holds, drop-down lists
   where a column has fixed values, whole numbers only in the counts, times formatted as
   date-times; no data rows;
2. the notes: what each column holds, whether it is required, the values it takes and
   the other headers accepted, and that residents' personal data does not belong in it;
3. the 12345 hotline categories and the kit's category each is counted as
   (``sim.calibrate.hotline``).

``python -m sim calibrate --template OUT.xlsx`` writes it; the kit ships one per language
(``sim/data/issue-log-template.zh.xlsx`` and ``.en.xlsx``, made by the same command, and a
test checks that they are what it makes). ``calibrate`` reads a filled-in template as it is.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..errors import ScenarioError
from ..files import atomic_write, check_out_file
from ..i18n import category_label, t
from ..inputs import shown_path
from .columns import COLUMN_SPECS, MAX_COUNT, Column, choices
from .hotline import HOTLINE_TABLE

DATA = Path(__file__).resolve().parent.parent / "data"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
LAST_ROW = 1_048_576  # an Excel sheet's last row: lists and formats reach to it
# Fixed, so that the template made again differs from the shipped one only where its content does.
MADE = dt.datetime(2024, 1, 1)
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_OPTIONAL_FILL = PatternFill("solid", fgColor="EDEDED")
_WRAP = Alignment(wrap_text=True, vertical="top")


def template_path(lang: str) -> Path:
    """The template the kit ships in ``lang`` ("zh" or "en")."""
    return DATA / f"issue-log-template.{lang}.xlsx"


def _width(text: str) -> float:
    """A column width that shows ``text``: Chinese characters take two units."""
    return 2 + sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _values_text(column: Column, lang: str) -> str:
    """What a column's cells may hold, for the notes sheet."""
    offered = choices(column, lang)
    if offered:
        return " / ".join(offered)
    if column.kind == "time":
        return t("cli.calibrate.template.time_values", lang)
    if column.kind == "count":
        return t("cli.calibrate.template.count_values", lang, high=MAX_COUNT)
    return t("cli.calibrate.template.text_values", lang)


def _validation(column: Column, lang: str) -> DataValidation | None:
    """The data validation of a column's cells: a drop-down list, whole numbers, or none."""
    if column.kind == "count":
        return DataValidation(
            type="whole",
            operator="between",
            formula1="0",
            formula2=str(MAX_COUNT),
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle=t("cli.calibrate.template.list.error_title", lang),
            error=t("cli.calibrate.template.count_error", lang, high=MAX_COUNT),
        )
    offered = choices(column, lang)
    if not offered:
        return None
    # The kit's categories are offered, but a 12345 category is allowed too: warn, do not stop.
    category = column.kind == "category"
    return DataValidation(
        type="list",
        formula1='"' + ",".join(offered) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="warning" if category else "stop",
        promptTitle=t("cli.calibrate.template.list.prompt_title", lang),
        prompt=t(f"cli.calibrate.template.about.{column.key}", lang),
        errorTitle=t("cli.calibrate.template.list.error_title", lang),
        error=t(
            "cli.calibrate.template.list.category_error" if category else "cli.calibrate.template.list.error", lang
        ),
    )


def _log_sheet(book: Workbook, lang: str) -> None:
    """The first sheet: headers, notes on them, formats and validations; no data rows."""
    sheet = book.active
    sheet.title = t("cli.calibrate.template.sheet.log", lang)
    for i, column in enumerate(COLUMN_SPECS, start=1):
        letter = get_column_letter(i)
        cell = sheet.cell(row=1, column=i, value=column.header(lang))
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if column.required else _OPTIONAL_FILL
        cell.comment = Comment(t(f"cli.calibrate.template.about.{column.key}", lang), "community-1234")
        sheet.column_dimensions[letter].width = max(_width(column.header(lang)), 18 if column.kind == "time" else 10)
        if column.kind == "time":
            sheet.column_dimensions[letter].number_format = TIME_FORMAT
        rule = _validation(column, lang)
        if rule is not None:
            rule.add(f"{letter}2:{letter}{LAST_ROW}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"


def _notes_sheet(book: Workbook, lang: str) -> None:
    """The second sheet: what goes in the log, and each column explained."""
    sheet = book.create_sheet(t("cli.calibrate.template.sheet.columns", lang))
    notes = ("title", "privacy", "how", "hotline_note", "run")
    for r, key in enumerate(notes, start=1):
        sheet.cell(row=r, column=1, value=t(f"cli.calibrate.template.{key}", lang))
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    sheet.cell(row=2, column=1).font = Font(bold=True, color="C00000")
    head = len(notes) + 2
    for c, key in enumerate(("header", "required", "about", "values", "aliases"), start=1):
        sheet.cell(row=head, column=c, value=t(f"cli.calibrate.template.col.{key}", lang)).font = Font(bold=True)
    for r, column in enumerate(COLUMN_SPECS, start=head + 1):
        others = [n for n in column.names if n != column.header(lang)]
        row = (
            column.header(lang),
            t("cli.calibrate.template.yes" if column.required else "cli.calibrate.template.no", lang),
            t(f"cli.calibrate.template.about.{column.key}", lang),
            _values_text(column, lang),
            ", ".join(others),
        )
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value).alignment = _WRAP
    for letter, width in zip("ABCDE", (16, 10, 50, 40, 40), strict=True):
        sheet.column_dimensions[letter].width = width


def _hotline_sheet(book: Workbook, lang: str) -> None:
    """The third sheet: each 12345 hotline category and the kit's category it is counted as."""
    sheet = book.create_sheet(t("cli.calibrate.template.sheet.hotline", lang))
    for c, key in enumerate(("name", "category", "basis"), start=1):
        sheet.cell(row=1, column=c, value=t(f"cli.calibrate.template.hotline.{key}", lang)).font = Font(bold=True)
    for r, row in enumerate(HOTLINE_TABLE, start=2):
        basis = row.basis if not row.source else f"{row.source}: {row.basis}"
        for c, value in enumerate((row.name, category_label(row.category, lang), basis), start=1):
            sheet.cell(row=r, column=c, value=value).alignment = _WRAP
    for letter, width in zip("ABC", (18, 24, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def template_workbook(lang: str) -> Workbook:
    """The template in ``lang`` ("zh" or "en") as an openpyxl workbook."""
    book = Workbook()
    book.properties.creator = "community-1234-kit"
    book.properties.created = MADE
    book.properties.modified = MADE
    _log_sheet(book, lang)
    _notes_sheet(book, lang)
    _hotline_sheet(book, lang)
    return book


def check_template_path(out: str | os.PathLike, lang: str | None, option: str = "--template") -> Path:
    """Check where the template goes before it is made: an ``.xlsx`` file in an existing directory.

    Raises:
        ScenarioError or OutputError: for a path that cannot be written, or another suffix.
    """
    path = check_out_file(out, lang, option=option)
    folder = path.absolute().parent
    if not folder.is_dir():
        raise ScenarioError.keyed(
            "cli.calibrate.err.no_dir", option=option, path=shown_path(out), dir=shown_path(folder)
        )
    if path.suffix.lower() != ".xlsx":
        raise ScenarioError.keyed("cli.calibrate.err.template_suffix", option=option, path=shown_path(out))
    return path


def write_template(out: str | os.PathLike, lang: str = "zh", option: str = "--template") -> Path:
    """Write the template in ``lang`` to ``out`` (replaced if it exists; whole or not at all).

    Returns:
        The path written.
    """
    path = check_template_path(out, lang, option)
    data = io.BytesIO()
    template_workbook(lang).save(data)
    atomic_write(path, data.getvalue())
    return path
