"""Residents' personal data in an issue log: found, and the log refused before anything is read from it.

Calibration needs when an issue came in, what kind it was and how it went; never who
raised it. A log copied from a community's records may still carry residents' names,
phone numbers, ID card numbers (身份证号) or addresses down to the door. ``personal_data``
finds such columns by their header (姓名, 电话, 手机, 身份证…, name, phone, id card…) and by
their content (11-digit mobile numbers, landline numbers, 18-character ID numbers whose
check character is right, addresses with a building and room or a street number);
``check_personal_data`` refuses the log with one line that names the columns and says how
to remove them. A cell's value is never shown: the message names the column and a row.

Names inside free text cannot be told from other words; the docs ask for description
columns to be removed too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..i18n import t
from .columns import HEADERS
from .messages import listed_error

KINDS = ("name", "phone", "id", "address")

# Headers: Chinese words anywhere in the header; English words as whole words of it.
_HEADER_ZH = {
    "name": ("姓名", "名字", "联系人", "反映人", "诉求人", "来电人", "投诉人", "申请人", "当事人"),
    "phone": ("电话", "手机", "联系方式", "微信"),
    "id": ("身份证", "证件号", "证件号码", "护照"),
    "address": ("地址", "住址", "门牌", "房号", "房间号", "户号"),
}
_HEADER_EN = {
    "name": frozenset({"name", "names", "fullname", "surname", "firstname", "lastname", "caller", "complainant"}),
    "phone": frozenset({"phone", "telephone", "tel", "mobile", "cellphone", "wechat"}),
    "id": frozenset({"idcard", "idnumber", "identity", "passport", "ssn", "nationalid"}),
    "address": frozenset({"address", "addr", "room", "apartment", "apt", "door", "flat"}),
}
_ID_FOLLOWERS = frozenset({"card", "number", "no", "num", "nr"})  # "id" + one of these is an ID number

# Content. Digits may not run on either side, so longer numbers (case numbers) do not match.
_MOBILE = r"(?<![0-9])(?:\+?86[-\s]?)?1[3-9][0-9](?:[-\s]?[0-9]{4}){2}(?![0-9])"
_LANDLINE = r"(?<![0-9])0[1-9][0-9]{1,2}-[0-9]{7,8}(?![0-9])"
_PHONE = re.compile(f"{_MOBILE}|{_LANDLINE}")
# An 18-character ID number (GB 11643): region, birth date from 1900, sequence, check character.
_ID = re.compile(
    r"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]"
    r"(?![0-9A-Za-z])"
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_NUM = r"[0-9一二三四五六七八九十]+"
_ADDRESS = re.compile(
    # building, optional unit, room: 3号楼2单元501室, 5栋501, 二号楼一单元302
    rf"{_NUM}\s*(?:号楼|栋|幢|座)\s*(?:{_NUM}\s*单元)?\s*[0-9]{{2,4}}\s*(?:室|号|户)?(?![0-9])"
    # a street number: 解放路12号, 幸福巷3号
    rf"|(?:路|街|巷|弄|胡同)\s*[0-9]+\s*号"
)


@dataclass(frozen=True)
class Finding:
    """A column that looks like personal data.

    Attributes:
        column: its header, as the log writes it.
        kind: one of ``KINDS``.
        row: the first row (as a spreadsheet numbers it) whose content gave it away;
            None when the header did.
    """

    column: str
    kind: str
    row: int | None = None


def id_number_ok(text: str) -> bool:
    """Whether an 18-character ID number has the right check character (ISO 7064 MOD 11-2)."""
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == text[17].upper()


def header_kind(header: str) -> str | None:
    """The kind of personal data a header names, or None (the log's own columns never)."""
    text = str(header).strip().lower()
    if not text or text in HEADERS:
        return None
    for kind, words in _HEADER_ZH.items():
        if any(w in text for w in words):
            return kind
    # Words of an English header: split at anything not a letter or digit, and at camelCase.
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", str(header).strip())
    words = [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]
    joined = {a + b for a, b in zip(words, words[1:], strict=False)}  # "id card" -> "idcard"
    for kind, names in _HEADER_EN.items():
        if names & (set(words) | joined):
            return kind
    if any(a == "id" and b in _ID_FOLLOWERS for a, b in zip(words, words[1:], strict=False)):
        return "id"
    return None


def _first_match(cells: pd.Series, kind: str) -> int | None:
    """The position of the first cell holding personal data of ``kind``, or None."""
    if kind == "phone":
        hits = cells.str.contains(_PHONE, regex=True)
    elif kind == "address":
        hits = cells.str.contains(_ADDRESS, regex=True)
    else:  # id: the pattern, then the check character, only where the pattern matched
        hits = cells.str.contains(_ID, regex=True)
        for i in hits.to_numpy().nonzero()[0]:
            if any(id_number_ok(m.group()) for m in _ID.finditer(cells.iloc[i])):
                return int(i)
        return None
    found = hits.to_numpy().nonzero()[0]
    return int(found[0]) if len(found) else None


def personal_data(df: pd.DataFrame) -> list[Finding]:
    """The columns of a log (a table of strings) that look like personal data, in the log's order.

    A column is reported once: by its header when that gives it away, else by the first
    kind of personal data found in its cells (phone, ID number, address). Row numbers
    count the header as row 1.
    """
    found = []
    for col in df.columns:
        kind = header_kind(col)
        if kind is not None:
            found.append(Finding(str(col), kind))
            continue
        cells = df[col].astype(str)
        for kind in ("phone", "id", "address"):
            at = _first_match(cells, kind)
            if at is not None:
                found.append(Finding(str(col), kind, at + 2))
                break
    return found


def check_personal_data(df: pd.DataFrame, source: str) -> None:
    """Refuse a log that looks like it holds personal data: one line naming the columns.

    Raises:
        ScenarioError: when ``personal_data`` finds any column.
    """
    found = personal_data(df)
    if not found:
        return

    def items(lang: str) -> list[str]:
        out = []
        for f in found:
            kind = t(f"cli.calibrate.privacy.kind.{f.kind}", lang)
            column = repr(f.column if len(f.column) <= 40 else f.column[:39] + "…")
            if f.row is None:
                out.append(t("cli.calibrate.privacy.by_header", lang, column=column, kind=kind))
            else:
                out.append(t("cli.calibrate.privacy.by_content", lang, column=column, kind=kind, row=f.row))
        return out

    values = {"source": source, "n": len(found)}
    raise listed_error("cli.calibrate.privacy.refused", values, items, "cli.calibrate.privacy.more")
