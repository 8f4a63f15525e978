"""The columns of an issue log (诉求台账): one definition for reading a log and for its template.

``COLUMN_SPECS`` says, for every column the calibration reads, its name, its Chinese
header, the other headers accepted, whether it is required and what kind of value it
holds. ``sim.calibrate.log`` reads logs by it, ``sim.calibrate.template`` writes the Excel
template from it (headers, the sheet explaining each column, the lists of allowed values),
and the docs describe the same columns; so a column is added or renamed here only.

The values a cell may hold (``CATEGORY_NAMES``, ``CHANNEL_NAMES``, ``SATISFACTION``,
``FLAGS``) are data a log holds, in either language, not texts shown to people; ``choices``
gives the ones offered in a template's drop-down lists, each of which the reader accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import category_label, channel_label
from ..model.issues import CHANNELS
from ..params import CATEGORIES
from ..text import STRINGS

MAX_COUNT = 1000  # more reopenings, repeats or hand-backs of one case is a typing error

# What a column holds: decides how it is read, and the template's format or list of values.
KINDS = ("time", "category", "text", "channel", "answer", "flag", "count")


@dataclass(frozen=True)
class Column:
    """One column of an issue log.

    Attributes:
        key: the column's English name, used in the code, the docs and messages.
        zh: its Chinese header: the one a Chinese template shows.
        aliases: other headers accepted (compared case-insensitively, like ``key`` and ``zh``).
        required: whether a log must have the column.
        kind: one of ``KINDS``.
    """

    key: str
    zh: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    kind: str = "text"

    @property
    def names(self) -> tuple[str, ...]:
        """Every header that names this column: the key, the Chinese header, the aliases."""
        return (self.key, self.zh, *self.aliases)

    def header(self, lang: str) -> str:
        """The header a template in ``lang`` gives the column: Chinese in ``zh``, the key in ``en``."""
        return self.zh if lang == "zh" else self.key


COLUMN_SPECS: tuple[Column, ...] = (
    Column("created", "受理时间", ("created_at", "登记时间", "创建时间", "反映时间"), True, "time"),
    Column("category", "诉求类别", ("类别", "问题类别"), True, "category"),
    Column("resolved", "办结时间", ("resolved_at", "closed", "解决时间", "结案时间"), True, "time"),
    Column("grid", "网格"),
    Column("channel", "渠道", ("来源", "发现渠道"), kind="channel"),
    Column("satisfaction", "满意度", ("satisfied", "是否满意"), kind="answer"),
    # What the resident lived through, for the fit of the satisfaction terms (sim.calibrate.satisfaction).
    Column("responded", "首次响应时间", ("responded_at", "first_response", "响应时间", "签收时间"), kind="time"),
    Column("due", "截止时间", ("deadline", "办结期限", "到期时间"), kind="time"),
    Column("overdue", "是否超期", ("超期",), kind="flag"),
    Column("solved", "是否解决", ("解决情况",), kind="flag"),
    Column("reopened", "返工次数", ("reopens", "重办次数"), kind="count"),
    Column("repeats", "重复反映次数", ("催办次数",), kind="count"),
    Column("bounces", "退回次数", ("退单次数",), kind="count"),
)
SPEC = {c.key: c for c in COLUMN_SPECS}
# Column names: the English name first, then the accepted headers (compared case-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {c.key: c.names for c in COLUMN_SPECS}
REQUIRED = tuple(c.key for c in COLUMN_SPECS if c.required)
TIMES = tuple(c.key for c in COLUMN_SPECS if c.kind == "time" and not c.required)  # in the form of created
COUNTS = tuple(c.key for c in COLUMN_SPECS if c.kind == "count")  # an empty cell is 0
HEADERS = {name.strip().lower(): c.key for c in COLUMN_SPECS for name in c.names}


def _names(pairs: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Every way a log may write a key (the key, its Chinese and English names), lower case, to the key."""
    out = {}
    for key, (zh, en) in pairs.items():
        for name in (key, zh, en):
            out[name.strip().lower()] = key
    return out


CATEGORY_NAMES = _names({c.key: (c.zh, c.en) for c in CATEGORIES})
CHANNEL_NAMES = _names({ch: STRINGS[f"channel.{ch}"] for ch in CHANNELS})
CHANNEL_NAMES.update({"12345": "hotline", "热线": "hotline", "走访": "visit", "巡查": "patrol"})
SATISFACTION = {
    **dict.fromkeys(("1", "true", "yes", "y", "满意", "是", "非常满意", "基本满意"), True),
    **dict.fromkeys(("0", "false", "no", "n", "不满意", "否", "非常不满意"), False),
}
_YES_NO = {
    **dict.fromkeys(("1", "true", "yes", "y", "是"), True),
    **dict.fromkeys(("0", "false", "no", "n", "否"), False),
}
FLAGS = {  # optional yes/no columns and what their cells may say
    "solved": {**_YES_NO, "已解决": True, "解决": True, "未解决": False},
    "overdue": {**_YES_NO, "超期": True, "已超期": True, "未超期": False, "按期": False},
}
# What a template's drop-down lists offer, by kind: (Chinese, English) in the spirit of the
# rest of the log's data; each is a value ``SATISFACTION`` or ``FLAGS`` accepts.
_ANSWERS = (("满意", "不满意"), ("yes", "no"))
_FLAG_WORDS = (("是", "否"), ("yes", "no"))


def choices(column: Column, lang: str) -> tuple[str, ...]:
    """The values a template in ``lang`` offers for ``column``; empty when any text or number goes.

    Categories and channels are offered by their names in ``lang``; answers and flags as
    满意/不满意 and 是/否 (yes/no in English). The reader accepts every one of them.
    """
    side = 0 if lang == "zh" else 1
    if column.kind == "category":
        return tuple(category_label(c.key, lang) for c in CATEGORIES)
    if column.kind == "channel":
        return tuple(channel_label(ch, lang) for ch in CHANNELS)
    if column.kind == "answer":
        return _ANSWERS[side]
    if column.kind == "flag":
        return _FLAG_WORDS[side]
    return ()
