"""Issue logs kept in Excel or WPS: the first sheet of an ``.xlsx`` workbook as a table of strings.

``sim.calibrate.log`` reads every log as a table of strings, then checks it; this module
makes that table from a workbook with openpyxl, so that a log and the kit's template
(``sim.calibrate.template``) can be read as they are saved, without a detour through CSV.
A cell becomes the text a CSV export would hold: dates as ``2024-03-01 08:30:00``, whole
numbers without ``.0``, TRUE/FALSE as ``true``/``false``, formulas as their last computed
value. The header is the sheet's first row; row numbers in messages are the sheet's.

Old ``.xls`` workbooks (Excel 97–2003, and WPS's ``.et``) are a different format that the
kit does not read: ``workbook_kind`` tells them apart so that the message can say to save
as ``.xlsx`` or CSV.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import ScenarioError
from ..inputs import MAX_LOG_BYTES

ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx workbook is a zip archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97–2003) and WPS .et files
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# What an .xlsx may unpack to: a sheet's XML is some ten times its zipped size, and a
# "zip bomb" that unpacks to gigabytes is refused before it is parsed.
MAX_UNPACKED = 10 * MAX_LOG_BYTES
# What a damaged workbook can make the zip and XML readers raise, anywhere in the file.
_DAMAGED = (
    InvalidFileException,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    EOFError,
    OSError,
    SyntaxError,  # xml.etree's ParseError
)


def workbook_kind(raw: bytes, path: Path | None = None) -> str:
    """Whether a file is an ``"xlsx"`` workbook, an old ``"xls"`` one, or ``"csv"`` text.

    The content decides; the name only when the content is no workbook at all (an
    ``.xlsx`` that is not a zip archive is a damaged workbook, not text).
    """
    if raw.startswith(OLE_MAGIC):
        return "xls"
    if raw.startswith(ZIP_MAGIC) or (path is not None and path.suffix.lower() in XLSX_SUFFIXES):
        return "xlsx"
    return "csv"


def cell_text(value: Any) -> str:
    """A cell's value as the text a CSV export of the sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: True is an int too
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Whole numbers (counts, phone numbers typed as numbers) without ".0".
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _unique(headers: list[str]) -> list[str]:
    """Headers made unique as pandas does for CSV (``x``, ``x.1``, ``x.2``…)."""
    seen: set[str] = set()
    out = []
    for h in headers:
        name, k = h, 0
        while name in seen:
            k += 1
            name = f"{h}.{k}"
        seen.add(name)
        out.append(name)
    return out


def _damaged(label: str, exc: BaseException) -> ScenarioError:
    """The one-line error for a workbook that cannot be read."""
    why = " ".join(str(exc).split())[:200] or exc.__class__.__name__
    return ScenarioError.keyed("cli.calibrate.log.not_xlsx", path=label, why=why)


def read_xlsx(raw: bytes, label: str) -> pd.DataFrame:
    """The first sheet of an ``.xlsx`` workbook as a table of strings, its first row the header.

    Trailing empty rows and columns (a sheet's formatting often reaches past its data) are
    left out; an empty row between data rows is kept, so that row numbers stay the sheet's.

    Raises:
        ScenarioError: for a file that is no readable workbook, one that unpacks to more
            than ``MAX_UNPACKED`` bytes, or an empty first sheet.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except _DAMAGED as exc:
        raise _damaged(label, exc) from None
    if unpacked > MAX_UNPACKED:
        raise ScenarioError.keyed("cli.calibrate.log.too_large", path=label, size=unpacked, limit=MAX_UNPACKED)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts of a workbook it drops (styles, extensions): none are data.
            warnings.simplefilter("ignore", UserWarning)
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0] if book.worksheets else None
                rows = [] if sheet is None else [[cell_text(v) for v in r] for r in sheet.iter_rows(values_only=True)]
            finally:
                book.close()
    except _DAMAGED as exc:
        raise _damaged(label, exc) from None
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise ScenarioError.keyed("cli.calibrate.log.empty", path=label)
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    while width and not any(r[width - 1].strip() for r in rows):
        width -= 1
    header = _unique([h.strip() for h in rows[0][:width]])
    return pd.DataFrame([r[:width] for r in rows[1:]], columns=header, dtype=str)
