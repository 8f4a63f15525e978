"""Hypothesis strategies for everything a user can hand the command line.

Each input comes in a valid form (values the kit must accept, kept small so that a run
takes a fraction of a second: at most 400 households and 1–5 days, one replication) and
a hostile form. Hostile inputs mostly start from a valid one and break one to three
things in it, so that every check is reached, not only the parser's first complaint:
non-finite and huge numbers, wrong types, empty and deeply nested tables, long keys,
control characters, broken encodings, truncated files.

Files are returned as ``Inputs`` (name → bytes, written into the working directory);
command-line options as ``Options`` (the words, and the paths the command may create).
"""

from __future__ import annotations

import functools
import math
import re
import string
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import strategies as st

from sim.model.metrics import METRICS
from sim.params import CATEGORIES, CATEGORY_KEYS, PARAMS, defaults
from sim.scenario import list_scenarios, load_scenario

SHIPPED = tuple(list_scenarios())
NAMES = tuple(sorted(PARAMS))
# Parameters that decide how long a run takes; valid inputs keep them small.
SIZE = {"households": (50, 400), "new_households": (0, 400), "days": (1, 5)}
# Parameters tied by sim.params.check_consistency; valid inputs repair them after drawing.
TIED = ("households", "households_per_building", "compounds", "stations", "staff", "staff_absent")
SHARES = tuple(f"categories.{k}.share" for k in CATEGORY_KEYS)
DESIGNS = ("factorial", "lhs", "sobol", "morris")
# Experiment factors that cannot make a run slow or a design point inconsistent.
FACTOR_POOL = tuple(n for n in NAMES if n not in (*TIED, *SHARES, "days"))

# Files and directories every sandbox holds, for options to aim at (see harness.sandbox).
SETUP_FILE, SETUP_FULL_DIR, SETUP_EMPTY_DIR = "file.txt", "full", "empty"


# ----------------------------------------------------------------------------- containers --
def _short(data: bytes | str, limit: int = 300) -> str:
    text = data.decode("utf-8", "backslashreplace") if isinstance(data, bytes) else data
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}… ({len(text):,} chars)"


@dataclass
class Inputs:
    """Files to write into the working directory; ``main`` is the one given on the command line."""

    main: str
    files: dict[str, bytes] = field(default_factory=dict)

    def write(self, where: Path) -> None:
        """Write every file under ``where``."""
        for name, data in self.files.items():
            (where / name).write_bytes(data)

    def __repr__(self) -> str:
        parts = ", ".join(f"{name}={_short(data)}" for name, data in self.files.items())
        return f"Inputs(main={self.main!r}, {parts})"


@dataclass
class Options:
    """Command-line words and the paths a successful command may create."""

    argv: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)

    def __add__(self, other: Options) -> Options:
        return Options([*self.argv, *other.argv], [*self.outputs, *other.outputs])

    def __repr__(self) -> str:
        return f"Options({[_short(a, 120) if len(a) > 120 else a for a in self.argv]!r})"


def join(parts: list[Options], order: list[int] | None = None) -> Options:
    """The options in ``parts`` one after another (in ``order`` when given)."""
    result = Options()
    for k in order if order is not None else range(len(parts)):
        result = result + parts[k]
    return result


# ----------------------------------------------------------------------------- TOML text --
def toml_str(text: str) -> str:
    """A TOML basic string holding ``text`` exactly (control characters escaped)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(key: str) -> str:
    """A key as written in a file: bare dotted parts where possible, else one quoted key."""
    parts = key.split(".")
    if all(_BARE.match(p) for p in parts):
        return key
    return toml_str(key)


def toml_float(x: float) -> str:
    """A finite float as TOML text (``repr`` is TOML's syntax too)."""
    return repr(float(x))


def parse_literal(text: str):
    """The value of a TOML literal, as the kit reads it."""
    return tomllib.loads(f"v = {text}")["v"]


# Printable text on one line, and text that may hold anything but lone surrogates.
ONE_LINE = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
CONTROL = st.text(st.characters(min_codepoint=0, max_codepoint=31), min_size=1, max_size=5)
# A description may span lines and hold tabs, but no other control characters.
DESCRIPTION = st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=200)
NAME_CHARS = string.ascii_letters + string.digits + "-_ 情景社区测试"
VALID_NAME = st.text(NAME_CHARS, min_size=1, max_size=30).filter(
    lambda s: s.strip() and not s.startswith(".") and s not in SHIPPED
)


# ----------------------------------------------------------------------------- values -----
def valid_literal(name: str) -> st.SearchStrategy[str]:
    """A value the parameter ``name`` accepts, as TOML text (size parameters kept small)."""
    p = PARAMS[name]
    if p.kind == "bool":
        return st.sampled_from(("true", "false"))
    if p.kind == "choice":
        return st.sampled_from(p.choices).map(toml_str)
    lo, hi = SIZE.get(name, (p.lo, p.hi))
    ints = st.integers(math.ceil(lo), math.floor(hi))
    if p.kind == "int":
        return st.one_of(ints.map(str), ints.map(lambda n: f"{n}.0"))  # a whole float is an int
    floats = st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    return st.one_of(floats.map(toml_float), ints.map(str), st.sampled_from((lo, hi)).map(toml_float))


NON_FINITE = ("nan", "+nan", "-nan", "inf", "+inf", "-inf", "1e400", "-1e400", "1e309")
HUGE = (
    str(10**400),
    str(-(10**400)),
    str(2**63),
    str(2**80),
    "1208925819614629174706176",
    "0x7fffffffffffffffffff",
    "9_999_999_999_999_999_999",
    "1.7976931348623157e308",
    "-1.7976931348623157e308",
)
WRONG_TYPE = (
    '""',
    '" "',
    '"5"',
    '"nan"',
    '"true"',
    '"fifo "',
    "[]",
    "[1, 2]",
    '["a"]',
    "[[]]",
    "{}",
    "{ a = 1 }",
    "[{}]",
    "1979-05-27",
    "1979-05-27T07:32:00Z",
    "07:32:00",
    "true",
    "false",
    "0",
    "-1",
    "-0.0",
    "0.5",
)
DEPTHS = (9, 100, 999, 1500)


def deep_literal() -> st.SearchStrategy[str]:
    """Inline tables or arrays nested up to 1,500 levels deep."""
    tables = st.sampled_from(DEPTHS).map(lambda d: "{ a = " * d + "1" + " }" * d)
    arrays = st.sampled_from(DEPTHS).map(lambda d: "[" * d + "]" * d)
    return st.one_of(tables, arrays)


def long_string() -> st.SearchStrategy[str]:
    """Strings from just over a limit to a megabyte."""
    return st.sampled_from((101, 201, 1_001, 5_001, 100_000, 1_000_001)).map(lambda n: toml_str("x" * n))


def out_of_range(name: str) -> st.SearchStrategy[str]:
    """Values of the right type just or far outside what ``name`` allows."""
    p = PARAMS[name]
    if p.kind == "bool":
        return st.sampled_from(("1", "0", '"yes"', '"false"'))
    if p.kind == "choice":
        return st.sampled_from((toml_str(p.choices[0].upper()), '""', '"x"', "1", toml_str(p.choices[0] + " ")))
    cands = [p.hi + 1, p.hi * 1000 + 1, p.lo - 1, p.lo - 1e-9]
    if p.kind == "int":
        return st.sampled_from([str(int(c)) for c in cands[:3]] + [toml_float(p.lo + 0.5)])
    return st.sampled_from([toml_float(c) for c in cands])


def hostile_literal(name: str | None = None) -> st.SearchStrategy[str]:
    """A broken value, as TOML text: non-finite, huge, of the wrong type, deep, long, odd text."""
    options = [
        st.sampled_from(NON_FINITE),
        st.sampled_from(HUGE),
        st.sampled_from(WRONG_TYPE),
        deep_literal(),
        long_string(),
        ANY_TEXT.map(toml_str),
        CONTROL.map(toml_str),
    ]
    if name is not None:
        options.append(out_of_range(name))
    return st.one_of(options)


def hostile_key() -> st.SearchStrategy[str]:
    """Keys that name no parameter: misspelt, partial, empty, long, unicode, control characters."""
    return st.one_of(
        st.sampled_from(
            (
                "staf",
                "Staff",
                "categories.hazard.nope",
                "categories.nope.report",
                "days.x",
                "__class__",
                "params",
                "households ",
                "",
                " ",
                "a b",
            )
        ),
        st.sampled_from((101, 1_000, 100_000)).map(lambda n: "k" * n),
        ANY_TEXT.filter(bool),
        CONTROL,
    )


# ----------------------------------------------------------------------------- overrides --
@functools.cache
def _base_params(extends: str | None) -> dict:
    return dict(load_scenario(extends).params) if extends else defaults()


def consistent(values: dict[str, str], base: dict) -> dict[str, str]:
    """Repair drawn values (TOML text) so that the tied rules of sim.params hold."""
    values = dict(values)
    merged = {**base, **{k: parse_literal(v) for k, v in values.items()}}
    buildings = -(-int(merged["households"]) // int(merged["households_per_building"]))
    if merged["compounds"] > buildings:
        values["compounds"] = str(buildings)
        merged["compounds"] = buildings
    if merged["stations"] > merged["compounds"]:
        values["stations"] = str(int(merged["compounds"]))
    if merged["staff"] > merged["households"]:
        values["staff"] = str(int(merged["households"]))
        merged["staff"] = int(merged["households"])
    if merged["staff_absent"] >= merged["staff"]:
        values["staff_absent"] = str(int(merged["staff"]) - 1)
    if sum(merged[s] for s in SHARES) <= 0:
        values[SHARES[0]] = "0.5"
    return values


@st.composite
def valid_overrides(draw, base: dict | None = None, exclude: tuple[str, ...] = (), most: int = 8) -> dict[str, str]:
    """``{name: TOML text}`` of valid values that together with ``base`` form a valid scenario."""
    chosen = draw(st.lists(st.sampled_from([n for n in NAMES if n not in exclude]), unique=True, max_size=most))
    names = ["households", *[n for n in chosen if n != "households"]]
    values = {n: draw(valid_literal(n)) for n in names}
    return consistent(values, defaults() if base is None else base)


# ----------------------------------------------------------------------------- scenarios --
@dataclass
class Doc:
    """A TOML document: top-level entries, ``[params]`` entries and further tables, in order."""

    top: list[tuple[str, str]] = field(default_factory=list)
    params: list[tuple[str, str]] = field(default_factory=list)
    tables: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    params_header: bool = True

    def render(self) -> str:
        lines = [f"{k} = {v}" for k, v in self.top]
        if self.params_header and (self.params or not self.tables):
            lines += ["", "[params]", *[f"{k} = {v}" for k, v in self.params]]
        for header, entries in self.tables:
            lines += ["", f"[{header}]", *[f"{k} = {v}" for k, v in entries]]
        return "\n".join(lines) + "\n"


def _place_params(draw, values: dict[str, str], doc: Doc, prefix: str = "params") -> None:
    """Put values into ``doc``: plain entries, dotted keys, or one table per category."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name, text in values.items():
        if name.startswith("categories."):
            _, cat, field_name = name.split(".")
            groups.setdefault(cat, []).append((field_name, text))
        else:
            doc.params.append((toml_key(name), text))
    for cat, entries in groups.items():
        if draw(st.booleans()):
            doc.params += [(f"categories.{cat}.{k}", v) for k, v in entries]
        else:
            doc.tables.append((f"{prefix}.categories.{cat}", entries))


@st.composite
def valid_doc(draw, extends_choices: tuple[str, ...] = SHIPPED) -> tuple[Doc, dict]:
    """A valid scenario document with at most 400 households, and all its parameter values."""
    doc = Doc()
    extends = draw(st.none() | st.sampled_from(extends_choices))
    if draw(st.booleans()):
        doc.top.append(("name", toml_str(draw(VALID_NAME))))
    if extends:
        doc.top.append(("extends", toml_str(extends)))
    for key in ("title_en", "title_zh"):
        if draw(st.booleans()):
            doc.top.append((key, toml_str(draw(ONE_LINE))))
    if draw(st.booleans()):
        doc.top.append((draw(st.sampled_from(("description_en", "description_zh"))), toml_str(draw(DESCRIPTION))))
    base = _base_params(extends)
    values = draw(valid_overrides(base))
    _place_params(draw, values, doc)
    return doc, {**base, **{k: parse_literal(v) for k, v in values.items()}}


HOSTILE_NAMES = ('""', '" "', '".hidden"', '"a/b"', '"a\\\\b"', '"x:y"', '"a*"', "1", "[]", "{}", "true")
HOSTILE_EXTENDS = (
    '""',
    '" "',
    '"nope"',
    '"sc"',
    '"sc.toml"',
    '"../x.toml"',
    '"/etc/passwd"',
    '"/"',
    '"."',
    '"file.txt"',
    '"full"',
    "1",
    "true",
    "[]",
    "{}",
)
TOP_TEXT_KEYS = ("title_en", "title_zh", "description_en", "description_zh")


def _mutate_top(draw, doc: Doc) -> None:
    kind = draw(st.sampled_from(("name", "extends", "text", "unknown", "params")))
    if kind == "name":
        value = draw(
            st.one_of(
                st.sampled_from(HOSTILE_NAMES),
                st.sampled_from(SHIPPED).map(toml_str),
                long_string(),
                CONTROL.map(toml_str),
            )
        )
        doc.top.insert(0, ("name", value))
    elif kind == "extends":
        doc.top.append(("extends", draw(st.one_of(st.sampled_from(HOSTILE_EXTENDS), long_string()))))
    elif kind == "text":
        value = draw(st.one_of(long_string(), CONTROL.map(toml_str), st.sampled_from(WRONG_TYPE)))
        doc.top.append((draw(st.sampled_from(TOP_TEXT_KEYS)), value))
    elif kind == "unknown":
        doc.top.append((toml_key(draw(hostile_key())), draw(valid_literal("staff") | hostile_literal())))
    else:
        doc.params_header = False
        doc.tables = []
        doc.top.append(("params", draw(st.sampled_from(("1", '"x"', "[]", "[1]", "true", "nan")))))


def _mutate_params(draw, doc: Doc, prefix: str = "params") -> None:
    kind = draw(st.sampled_from(("value", "value", "key", "empty", "deep", "subtable")))
    if kind == "value":
        name = draw(st.sampled_from(NAMES))
        doc.params.append((toml_key(name), draw(hostile_literal(name))))
    elif kind == "key":
        doc.params.append((toml_key(draw(hostile_key())), draw(valid_literal("staff") | hostile_literal())))
    elif kind == "empty":
        name = draw(st.sampled_from(NAMES))
        if draw(st.booleans()):
            doc.params.append((toml_key(name), "{}"))
        else:
            doc.tables.append((f"{prefix}.{name}", []))
    elif kind == "deep":
        depth = draw(st.sampled_from(DEPTHS))
        if draw(st.booleans()):
            doc.tables.append((prefix + ".a" * depth, [("x", "1")]))
        else:
            doc.params.append(("staff", "{ a = " * depth + "1" + " }" * depth))
    else:
        cat = draw(st.sampled_from((*CATEGORY_KEYS, "nope", "")))
        key = draw(st.sampled_from(("share", "report", "hours", "sigma", "limit", "nope", "")))
        value = draw(hostile_literal(f"categories.{cat}.{key}" if f"categories.{cat}.{key}" in PARAMS else None))
        doc.tables.append((f"{prefix}.categories.{toml_key(cat)}", [(toml_key(key), value)]))


def _mutate_bytes(draw, data: bytes) -> bytes:
    """Whole-file damage: truncation, encodings, empty and binary files, oversize files."""
    kind = draw(
        st.sampled_from(
            (
                "truncate",
                "bom",
                "utf16",
                "gb18030",
                "latin1-byte",
                "nul",
                "crlf",
                "empty",
                "blank",
                "comment",
                "binary",
                "text",
                "oversize",
                "duplicate",
            )
        )
    )
    if kind == "truncate":
        return data[: draw(st.integers(0, max(0, len(data) - 1)))]
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "utf16":
        return data.decode("utf-8").encode("utf-16")
    if kind == "gb18030":
        return data.decode("utf-8").encode("gb18030")
    if kind == "latin1-byte":
        at = draw(st.integers(0, len(data)))
        return data[:at] + b"\xff\xfe" + data[at:]
    if kind == "nul":
        at = draw(st.integers(0, len(data)))
        return data[:at] + b"\x00" + data[at:]
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n")
    if kind == "empty":
        return b""
    if kind == "blank":
        return draw(st.sampled_from((b" ", b"\n\n\n", b"\t \r\n", b"   \n" * 1000)))
    if kind == "comment":
        return b"# only a comment\n"
    if kind == "binary":
        return draw(st.binary(max_size=200))
    if kind == "text":
        return draw(ANY_TEXT).encode("utf-8")
    if kind == "oversize":
        return data + b"# " + b"x" * 1_000_001 + b"\n"
    lines = data.split(b"\n")
    line = draw(st.sampled_from([x for x in lines if b"=" in x] or [b"name = 1"]))
    return data + b"\n" + line + b"\n"


def _maybe_damage(draw, text: str, damage: bool) -> bytes:
    data = text.encode("utf-8")
    if damage and draw(st.integers(0, 3)) == 0:
        data = _mutate_bytes(draw, data)
    return data


@st.composite
def scenario_files(draw, valid: bool = False, name: str = "sc.toml") -> Inputs:
    """A scenario file: valid, or (``valid=False``) one with one to three broken parts."""
    doc, _ = draw(valid_doc())
    if not valid:
        for _ in range(draw(st.integers(1, 3))):
            if draw(st.integers(0, 2)) == 0:
                _mutate_top(draw, doc)
            else:
                _mutate_params(draw, doc)
    return Inputs(name, {name: _maybe_damage(draw, doc.render(), not valid)})


# ----------------------------------------------------------------------------- --set ------
@st.composite
def set_items(draw, valid: bool = False) -> list[str]:
    """``--set NAME=VALUE`` words: valid changes of the baseline, or a mix with broken items."""
    values = draw(valid_overrides(_base_params("baseline"), exclude=("days",), most=4))
    items = []
    for name, text in values.items():
        p = PARAMS[name]
        if p.kind == "choice" and draw(st.booleans()):
            text = parse_literal(text)  # a bare word works for a choice
        items.append(f"{name}={text}")
    if not valid:
        for _ in range(draw(st.integers(1, 3))):
            items.insert(draw(st.integers(0, len(items))), draw(hostile_set_item()))
    return items


def hostile_set_item() -> st.SearchStrategy[str]:
    """A broken ``--set`` word: bad value, unknown or long name, no ``=``, odd spacing."""
    name = st.sampled_from(NAMES)
    bad_value = name.flatmap(lambda n: hostile_literal(n).map(lambda v: f"{n}={v}"))
    bare = name.flatmap(
        lambda n: st.sampled_from(("nan", "inf", "-inf", "1e400", "abc", "fifo", "=", "", "  ")).map(
            lambda v: f"{n}={v}"
        )
    )
    return st.one_of(
        bad_value,
        bare,
        hostile_key().map(lambda k: f"{k}=1"),
        st.sampled_from(("staff", "=1", "staff =", " = ", "staff==1", "staff= 1 ", "sta ff=1", "staff=1\nx=2")),
        ANY_TEXT,
    )


# ----------------------------------------------------------------------------- options ----
SEEDS_BAD = (
    "-1",
    str(2**63),
    str(2**80),
    "1208925819614629174706176",
    str(10**400),
    "nan",
    "inf",
    "-inf",
    "1e400",
    "0.5",
    "9.3e18",
    "",
    " ",
    "abc",
    "0x10",
    "--",
)
SEEDS_ODD_OK = ("-0", "+3", "1e18", "1_000", "１２", " 7 ", "5.0")
DAYS_BAD = ("0", "-1", "5001", "nan", "inf", "-inf", "1e400", str(10**400), "2.5", "", "x", "0x2", "1e-9")
DAYS_ODD_OK = ("1.0", " 3 ", "+2", "4e0")
# Counts that are invalid or over the default cap of runs; never a valid large number.
COUNTS_BAD = (
    "0",
    "-1",
    "nan",
    "inf",
    "-inf",
    "1e400",
    str(10**400),
    str(2**80),
    "1000000000",
    "100001",
    "1.5",
    "x",
    "",
)
JOBS_BAD = ("0", "-1", "1025", "nan", "inf", "1e400", str(2**80), "1.5", "x", "")
MAX_RUNS = ("1", "2", "1000", "0", "-1", "nan", "1e400", str(2**63), str(10**400), "x")
OUT_OK = ("out", "res/run-1", "结果 1", "a/b/c/d", SETUP_EMPTY_DIR)
OUT_BAD = (
    "",
    " ",
    SETUP_FILE,
    f"{SETUP_FILE}/sub",
    f"{SETUP_FILE}/a/b",
    SETUP_FULL_DIR,
    ".",
    "x" * 300,
    "a/" + "b" * 256,
    "out\nx",
    "-",
)
LANGS_BAD = ("xx", "", "ZH", "zh_CN")


def lang_option(valid: bool = False) -> st.SearchStrategy[Options]:
    """No ``--lang``, ``--lang en|zh``, or (hostile) an unsupported language."""
    good = st.sampled_from(("en", "zh")).map(lambda lang: Options(["--lang", lang]))
    choices = [st.just(Options()), good]
    if not valid:
        choices.append(st.sampled_from(LANGS_BAD).map(lambda v: Options(["--lang", v])))
        choices.append(st.sampled_from(("en", "zh")).map(lambda lang: Options([f"--lang={lang}"])))
    return st.one_of(choices)


def _opt(option: str, values: st.SearchStrategy[str], eq: bool = False) -> st.SearchStrategy[Options]:
    if eq:  # also the --option=value form
        return st.tuples(values, st.booleans()).map(
            lambda vb: Options([f"{option}={vb[0]}"] if vb[1] else [option, vb[0]])
        )
    return values.map(lambda v: Options([option, v]))


def out_option(valid: bool = False) -> st.SearchStrategy[Options]:
    """``--out DIR`` (recorded as a possible output), with or without ``--overwrite``."""
    paths = st.sampled_from(OUT_OK) if valid else st.sampled_from((*OUT_OK, *OUT_BAD))
    return st.tuples(paths, st.booleans()).map(
        lambda pb: Options(["--out", pb[0], *(["--overwrite"] if pb[1] else [])], outputs=[pb[0]])
    )


@st.composite
def run_options(draw, valid: bool = False, compare: bool = False, out: bool = True) -> Options:
    """Options of ``run`` (or ``compare``): always ``--days`` (and ``--reps``) so runs stay short."""

    def pick(good: st.SearchStrategy[str], bad: tuple[str, ...]) -> st.SearchStrategy[str]:
        return good if valid else st.one_of(good, st.sampled_from(bad))

    days = pick(st.integers(1, 5).map(str) | st.sampled_from(DAYS_ODD_OK), DAYS_BAD)
    parts = [draw(_opt("--days", days, eq=not valid))]
    if compare:
        parts.append(draw(_opt("--reps", pick(st.just("1"), COUNTS_BAD), eq=not valid)))
        if draw(st.booleans()):
            parts.append(draw(_opt("--jobs", pick(st.just("1"), JOBS_BAD))))
        if not valid and draw(st.booleans()):
            parts.append(draw(_opt("--max-runs", st.sampled_from(MAX_RUNS))))
    if draw(st.booleans()):
        seeds = pick(st.integers(0, 2**63 - 1).map(str) | st.sampled_from(SEEDS_ODD_OK), SEEDS_BAD)
        parts.append(draw(_opt("--seed", seeds, eq=not valid)))
    if out and draw(st.integers(0, 3)) == 0:
        parts.append(draw(out_option(valid)))
    if not compare and draw(st.booleans()):
        parts.append(draw(_opt("--by", pick(st.sampled_from(("category", "grid")), ("", "x", "Grid")))))
    if not valid and draw(st.integers(0, 4)) == 0:
        parts.append(Options([draw(st.sampled_from(("--nope", "-x", "--seed", "--", "extra", "--set", "--out")))]))
    parts.append(draw(lang_option(valid)))
    return join(parts, draw(st.permutations(range(len(parts)))))


# ----------------------------------------------------------------------------- experiments --
def _factor_table(draw, name: str, method: str) -> list[tuple[str, str]]:
    p = PARAMS[name]
    if p.kind in ("bool", "choice"):
        pool = [False, True] if p.kind == "bool" else list(p.choices)
        if draw(st.booleans()):
            return []  # levels default to every value
        low = 1 if method == "factorial" else 2
        levels = draw(st.lists(st.sampled_from(pool), min_size=low, max_size=len(pool), unique=True))
        texts = [("true" if v else "false") if p.kind == "bool" else toml_str(v) for v in levels]
        return [("levels", "[" + ", ".join(texts) + "]")]
    if method == "factorial":
        levels = draw(st.lists(valid_literal(name), min_size=1, max_size=2, unique_by=parse_literal))
        return [("levels", "[" + ", ".join(levels) + "]")]
    a, b = sorted(draw(st.lists(valid_literal(name).map(parse_literal), min_size=2, max_size=2, unique=True)))
    return [("low", repr(a)), ("high", repr(b))]


@st.composite
def valid_experiment_doc(draw) -> tuple[Doc, dict[str, bytes]]:
    """A valid experiment with at most 16 design points, one replication, small runs.

    Returns the document and the scenario file it names, if any (``sc.toml``).
    """
    doc, files = Doc(), {}
    if draw(st.booleans()):
        doc.top.append(("name", toml_str(draw(VALID_NAME))))
    if draw(st.booleans()):
        doc.top.append(("description", toml_str(draw(DESCRIPTION))))
    scenario = draw(st.sampled_from((None, "baseline", "component-2", "full-1234", "sc.toml")))
    if scenario:
        doc.top.append(("scenario", toml_str(scenario)))
    doc.top.append(("replications", "1"))
    if draw(st.booleans()):
        doc.top.append(("seed", str(draw(st.integers(0, 2**63 - 1)))))
    if draw(st.booleans()):
        metrics = draw(st.lists(st.sampled_from(METRICS), min_size=1, max_size=4, unique=True))
        doc.top.append(("metrics", "[" + ", ".join(map(toml_str, metrics)) + "]"))
    method = draw(st.sampled_from(DESIGNS))
    count = {"factorial": (1, 3), "lhs": (1, 3), "sobol": (2, 3), "morris": (2, 3)}[method]
    factors = draw(st.lists(st.sampled_from(FACTOR_POOL), min_size=count[0], max_size=count[1], unique=True))
    fixed = {"households": draw(valid_literal("households")), "days": draw(valid_literal("days"))}
    extra = draw(st.lists(st.sampled_from([n for n in FACTOR_POOL if n not in factors]), max_size=2, unique=True))
    fixed.update({n: draw(valid_literal(n)) for n in extra})
    if scenario == "sc.toml":
        sc_doc, base = draw(valid_doc())
        files["sc.toml"] = sc_doc.render().encode("utf-8")
    else:
        base = _base_params(scenario or "baseline")
    fixed = consistent(fixed, base)
    _place_params(draw, {k: v for k, v in fixed.items() if k not in factors}, doc)
    design = [("method", toml_str(method))]
    if method == "lhs":
        design.append(("samples", str(draw(st.integers(1, 4)))))
    elif method == "sobol":
        design.append(("samples", str(draw(st.integers(1, 2)))))
        if draw(st.booleans()):
            design.append(("second_order", draw(st.sampled_from(("true", "false")))))
    elif method == "morris":
        design.append(("samples", str(draw(st.integers(1, 2)))))
        if draw(st.booleans()):
            design.append(("levels", draw(st.sampled_from(("2", "4")))))
    doc.tables.append(("design", design))
    for name in factors:
        doc.tables.append((f"factors.{toml_key(name)}", _factor_table(draw, name, method)))
    return doc, files


def _mutate_experiment(draw, doc: Doc) -> None:
    kind = draw(st.sampled_from(("top", "top", "params", "design", "design", "factors", "factors", "factors", "drop")))
    if kind == "top":
        key = draw(st.sampled_from(("replications", "seed", "metrics", "name", "scenario", "description", "unknown")))
        if key == "replications":
            value = draw(st.sampled_from(("0", "200001", "2000000", *NON_FINITE, *HUGE, *WRONG_TYPE)) | deep_literal())
        elif key == "seed":
            value = draw(st.sampled_from(("-1", *NON_FINITE, *HUGE, *WRONG_TYPE)) | deep_literal())
        elif key == "metrics":
            value = draw(
                st.sampled_from(
                    ("[]", '["nope"]', '["response_rate", "response_rate"]', "[1]", '"response_rate"', "{}", "[[]]")
                )
                | long_string().map(lambda s: f"[{s}]")
            )
        elif key == "name":
            value = draw(st.sampled_from(HOSTILE_NAMES) | long_string() | CONTROL.map(toml_str))
        elif key == "scenario":
            value = draw(st.sampled_from(HOSTILE_EXTENDS) | long_string())
        elif key == "description":
            value = draw(long_string() | st.sampled_from(WRONG_TYPE))
        else:
            doc.top.append((toml_key(draw(hostile_key())), "1"))
            return
        doc.top = [(k, v) for k, v in doc.top if k != key]
        doc.top.insert(draw(st.integers(0, len(doc.top))), (key, value))
    elif kind == "params":
        _mutate_params(draw, doc)
    elif kind == "design":
        design = next((e for h, e in doc.tables if h == "design"), None)
        if design is None:
            return
        key = draw(st.sampled_from(("method", "samples", "second_order", "levels", "unknown")))
        bad = {
            "method": st.sampled_from(('""', '"FACTORIAL"', '"grid"', "1", "[]", "{}")),
            "samples": st.sampled_from(("0", "-1", "10000000", "10000001", "4.0", '"4"', "true", *NON_FINITE, *HUGE)),
            "second_order": st.sampled_from(("1", '"true"', "[]", "nan")),
            "levels": st.sampled_from(("3", "0", "1", "1000", "-2", "4.0", *HUGE, *NON_FINITE)),
            "unknown": st.just("1"),
        }[key]
        design[:] = [(k, v) for k, v in design if k != key]
        design.append(("nope" if key == "unknown" else key, draw(bad)))
    elif kind == "factors":
        _mutate_factors(draw, doc)
    else:
        what = draw(st.sampled_from(("design", "factors")))
        doc.tables = [(h, e) for h, e in doc.tables if not h.startswith(what)]


def _mutate_factors(draw, doc: Doc) -> None:
    kind = draw(st.sampled_from(("unknown", "levels", "range", "both", "key", "deep", "empty", "fixed", "scalar")))
    name = draw(st.sampled_from(FACTOR_POOL))
    header = f"factors.{toml_key(name)}"
    if kind == "unknown":
        key = draw(hostile_key())
        doc.tables.append((f"factors.{toml_key(key) if key else toml_str(key)}", [("levels", "[1, 2]")]))
        return
    if kind == "levels":
        value = draw(
            st.one_of(
                st.sampled_from(("[]", '"x"', "1", "{}", "[[]]", "[1, 1]", "[nan]", "[inf, 1]", "[1e400]")),
                hostile_literal(name).map(lambda v: f"[{v}]"),
                st.sampled_from((10_000, 200_001)).map(lambda n: "[" + ", ".join(["0.5"] * n) + "]"),
            )
        )
        entries = [("levels", value)]
    elif kind == "range":
        entries = [("low", draw(hostile_literal(name) | valid_literal(name))), ("high", draw(hostile_literal(name)))]
    elif kind == "both":
        entries = [("levels", "[0.1]"), ("low", "0.0"), ("high", "0.5")]
    elif kind == "key":
        entries = [(toml_key(draw(hostile_key())), "1")]
    elif kind == "deep":
        doc.tables.append(("factors" + ".a" * draw(st.sampled_from(DEPTHS)), [("levels", "[1]")]))
        return
    elif kind == "empty":
        doc.tables.append(("factors", []))
        return
    elif kind == "fixed":
        doc.params.append((toml_key(name), draw(valid_literal(name))))
        entries = [("levels", f"[{draw(valid_literal(name))}]")]
    else:
        doc.top.append(("factors", draw(st.sampled_from(("1", "[]", '"x"')))))
        doc.tables = [(h, e) for h, e in doc.tables if not h.startswith("factors")]
        return
    doc.tables = [(h, e) for h, e in doc.tables if h != header]
    doc.tables.append((header, entries))


@st.composite
def experiment_files(draw, valid: bool = False) -> Inputs:
    """An experiment file (``exp.toml``) and, when it names one, its scenario file (``sc.toml``)."""
    doc, files = draw(valid_experiment_doc())
    if "sc.toml" in files and not valid and draw(st.booleans()):
        files.update(draw(scenario_files()).files)
    if not valid:
        for _ in range(draw(st.integers(1, 3))):
            _mutate_experiment(draw, doc)
    files["exp.toml"] = _maybe_damage(draw, doc.render(), not valid)
    return Inputs("exp.toml", files)


@st.composite
def experiment_options(draw, valid: bool = False) -> Options:
    """Options of ``experiment run``, always in one process when it comes to running.

    Valid: ``--serial``, maybe ``--out`` and ``--lang``. Hostile: one option (or a pair)
    broken, so that the file's own checks are still reached most of the time.
    """
    parts = [Options(["--serial"])]
    broken = None if valid else draw(st.sampled_from(("executor", "max-runs", "out", "lang", "retry", "none")))
    if broken == "executor":
        parts = [
            draw(
                st.one_of(
                    _opt("--jobs", st.sampled_from(JOBS_BAD), eq=True),
                    _opt("--local-cluster", st.sampled_from(JOBS_BAD), eq=True),
                    st.just(Options(["--serial", "--jobs", "1"])),
                    st.just(Options(["--serial", "--scheduler", ""])),
                )
            )
        ]
    elif broken == "max-runs":
        parts.append(draw(_opt("--max-runs", st.sampled_from(MAX_RUNS), eq=True)))
    elif broken == "retry":
        parts.append(Options(["--retry-errors"]))
    if broken == "out" or draw(st.booleans()):
        out = draw(st.sampled_from((*OUT_BAD, "exp.toml") if broken == "out" else OUT_OK))
        parts.append(Options(["--out", out], outputs=[out]))
    else:
        parts.append(Options(outputs=["out"]))  # default: out/NAME
    parts.append(draw(lang_option(valid=broken != "lang")))
    return join(parts, draw(st.permutations(range(len(parts)))))


# ----------------------------------------------------------------------------- issue logs --
COLUMN_ALIASES = {
    "created": ("created", "Created", "受理时间", "登记时间", "created_at"),
    "category": ("category", "类别", "诉求类别", "CATEGORY"),
    "resolved": ("resolved", "办结时间", "closed", "resolved_at"),
    "grid": ("grid", "网格"),
    "channel": ("channel", "渠道", "来源"),
    "satisfaction": ("satisfaction", "满意度", "satisfied"),
}
CATEGORY_CELLS = tuple(x for c in CATEGORIES for x in (c.key, c.zh, c.en))
CHANNEL_CELLS = (
    "report",
    "hotline",
    "station",
    "visit",
    "patrol",
    "survey",
    "inspection",
    "居民反映",
    "12345热线",
    "12345",
    "热线",
    "",
)
SATISFACTION_CELLS = ("1", "0", "yes", "no", "true", "false", "满意", "不满意", "是", "否", "")
BAD_CELLS = (
    "not a date",
    "1600-01-01",
    "1600-01-01 00:00",
    "9999-12-31 23:59",
    "2262-04-12",
    "1677-09-21",
    "0001-01-01",
    "inf",
    "-inf",
    "nan",
    "NaN",
    "1e400",
    "1e308",
    "-1",
    "99999999999999999999",
    "",
    " ",
    "2024-02-30",
    "2024-13-01",
    "24:00",
    "2024-01-01T00:00+08:00",
    "2024-01-01 00:00 UTC",
    "2024-01-01T00:00:00-05:00",
    "0",
    "1e-300",
    "=1+1",
    "2024/01/01",
    "01/02/2024",
    "20240101",
    "公元2024年",
    "x" * 10_000,
)
START = datetime(2024, 1, 1)


def _csv_cell(value: str) -> str:
    if any(c in value for c in ',"\n\r') or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join(",".join(_csv_cell(c) for c in row) for row in [header, *rows]) + "\n"


@st.composite
def issue_log_rows(draw, healthy: bool = False) -> tuple[list[str], list[list[str]]]:
    """A valid log: canonical column names, one row per issue (datetime or working-day numbers)."""
    numbers = not healthy and draw(st.booleans())
    n = draw(st.integers(30, 60) if healthy else st.integers(1, 40))
    span = 250 if healthy else draw(st.integers(1, 300))
    optional = draw(st.lists(st.sampled_from(("grid", "channel", "satisfaction", "case_no")), unique=True))
    columns = draw(st.permutations(["created", "category", "resolved", *optional]))
    rows = []
    offsets = sorted(draw(st.lists(st.floats(0, span, allow_nan=False), min_size=n, max_size=n)))
    for k, start in enumerate(offsets):
        open_case = draw(st.integers(0, 9)) == 0
        length = draw(st.floats(0.01, 30))
        if numbers:
            created, resolved = f"{start:.2f}", "" if open_case else f"{start + length:.2f}"
        else:
            t0 = START + timedelta(days=start)
            created = t0.strftime("%Y-%m-%d %H:%M")
            resolved = "" if open_case else (t0 + timedelta(days=length)).strftime("%Y-%m-%d %H:%M")
        cell = {
            "created": created,
            "resolved": resolved,
            "category": draw(st.sampled_from(CATEGORY_CELLS)),
            "grid": str(draw(st.integers(1, 9))),
            "channel": draw(st.sampled_from(CHANNEL_CELLS)),
            "satisfaction": draw(st.sampled_from(SATISFACTION_CELLS)),
            "case_no": str(k + 1),
        }
        rows.append([cell[c] for c in columns])
    return columns, rows


@st.composite
def issue_logs(draw, healthy: bool = False) -> Inputs:
    """An issue log CSV: healthy (30–60 rows over a year), or damaged in one to three ways."""
    columns, rows = draw(issue_log_rows(healthy))
    columns = list(columns)
    header = [draw(st.sampled_from(COLUMN_ALIASES.get(c, (c,)))) for c in columns]
    if not healthy:
        for _ in range(draw(st.integers(1, 3))):
            _damage_log(draw, columns, header, rows)
    data = _csv(header, rows).encode("utf-8")
    if not healthy and draw(st.integers(0, 3)) == 0:
        data = _damage_csv_bytes(draw, data)
    return Inputs("log.csv", {"log.csv": data})


def _damage_log(draw, columns: list[str], header: list[str], rows: list[list[str]]) -> None:
    kind = draw(
        st.sampled_from(("cell", "cell", "cell", "drop", "rename", "dup-col", "ragged", "few", "dup-rows", "mix"))
    )
    if kind == "cell" and rows:
        r, c = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(header) - 1))
        rows[r][c] = draw(st.sampled_from(BAD_CELLS) | ANY_TEXT | CONTROL)
    elif kind == "drop" and len(header) > 1:
        c = draw(st.integers(0, len(header) - 1))
        del header[c], columns[c]
        for row in rows:
            del row[c : c + 1]
    elif kind == "rename":
        c = draw(st.integers(0, len(header) - 1))
        header[c] = draw(st.sampled_from(("", " ", "chanel", "created ", "CREATED", "x" * 1000)) | ANY_TEXT)
    elif kind == "dup-col":
        c = draw(st.integers(0, len(header) - 1))
        header.append(header[c])
        columns.append(columns[c])
        for row in rows:
            row.append(row[c] if c < len(row) else "")
    elif kind == "ragged" and rows:
        row = rows[draw(st.integers(0, len(rows) - 1))]
        if draw(st.booleans()):
            row.extend(["extra"] * draw(st.integers(1, 3)))
        elif row:
            row.pop()
    elif kind == "few":
        del rows[draw(st.integers(0, 2)) :]
    elif kind == "dup-rows" and rows:
        rows.extend([list(rows[0]) for _ in range(draw(st.integers(1, 5)))])
    elif kind == "mix" and rows and "created" in columns and len(rows[0]) == len(columns):
        c = columns.index("created")
        rows[0][c] = draw(st.sampled_from(("0.5", "12.25", "2024-01-01 08:30", "inf", "1e308")))


def _damage_csv_bytes(draw, data: bytes) -> bytes:
    kind = draw(
        st.sampled_from(
            ("bom", "gb18030", "utf16", "latin1", "nul", "crlf", "empty", "blank", "quote", "binary", "truncate")
        )
    )
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "gb18030":
        return data.decode("utf-8").encode("gb18030")
    if kind == "utf16":
        return data.decode("utf-8").encode("utf-16")
    if kind == "latin1":
        return data + b"\xff\xfe,\x80\n"
    if kind == "nul":
        return data.replace(b",", b",\x00", 1)
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n")
    if kind == "empty":
        return b""
    if kind == "blank":
        return b"  \n\n"
    if kind == "quote":
        return data.replace(b",", b',"', 1)
    if kind == "binary":
        return draw(st.binary(max_size=200))
    return data[: draw(st.integers(0, max(0, len(data) - 1)))]


HOUSEHOLDS_BAD = ("0", "-1", "49", "200001", "nan", "inf", "1e400", str(10**400), str(2**80), "1.5", "x", "")
CAL_DAYS_BAD = ("0", "-1", "nan", "inf", "-inf", "1e400", str(10**400), "1e308", "x", "")
HOLIDAYS = ("2024-01-01\n2024-10-01\n", "", "not-a-date\n", "1600-01-01\n", "9999-12-31\n", "2024-02-30\n")


CAL_OPTIONS = ("out", "households", "days", "seed", "name", "base", "hours", "holidays", "table", "lang")


@st.composite
def calibrate_options(draw, valid: bool = False) -> tuple[Options, dict[str, bytes]]:
    """Options of ``calibrate`` (always ``--out``) and any extra files they name.

    Hostile: one option is broken (or none), so that the log's own checks are still
    reached most of the time.
    """
    broken = None if valid else draw(st.sampled_from((*CAL_OPTIONS, "none", "none")))

    def pick(option: str, good: st.SearchStrategy[str], bad: tuple[str, ...]) -> str:
        return draw(st.sampled_from(bad) if option == broken else good)

    files: dict[str, bytes] = {}
    out_bad = ("", SETUP_FILE, SETUP_FULL_DIR, f"{SETUP_FILE}/c.toml", "nodir/c.toml", "log.csv", "c.txt")
    out = pick("out", st.sampled_from(("c.toml", "结果.toml", "sub.toml")), out_bad)
    parts = [Options(["--out", out], outputs=[out])]
    if broken == "households" or draw(st.booleans()):
        parts.append(Options(["--households", pick("households", st.integers(200, 2000).map(str), HOUSEHOLDS_BAD)]))
    if broken == "days" or draw(st.booleans()):
        parts.append(Options(["--days", pick("days", st.integers(200, 300).map(str), CAL_DAYS_BAD)]))
    if broken == "seed" or draw(st.booleans()):
        parts.append(Options(["--seed", pick("seed", st.integers(0, 2**63 - 1).map(str), SEEDS_BAD)]))
    if broken == "name" or draw(st.booleans()):
        # --name=VALUE: a name may start with "-", which argparse would take for an option.
        name = pick("name", VALID_NAME, ("", ".x", "a/b", "x" * 101, "baseline", "a\nb", "-x"))
        parts.append(Options([f"--name={name}"] if broken != "name" or draw(st.booleans()) else ["--name", name]))
    if broken == "base" or draw(st.booleans()):
        # A shipped base only: a file's staff could exceed --households.
        base = pick("base", st.sampled_from(("baseline", "component-2")), ("sc.toml", "nope", "", "log.csv", "x.toml"))
        if base == "sc.toml":
            files.update(draw(scenario_files(valid=draw(st.booleans()))).files)
        parts.append(Options(["--base", base]))
    if broken == "hours" or draw(st.integers(0, 2)) == 0:
        parts.append(Options(["--hours", pick("hours", st.just("keep"), ("direct", "x", "", "KEEP"))]))
    if broken == "holidays" or draw(st.integers(0, 2)) == 0:
        name = pick("holidays", st.just("h.txt"), ("h.txt", "h.txt", "missing.txt", SETUP_FULL_DIR, ""))
        if name == "h.txt":
            text = HOLIDAYS[0] if broken != "holidays" else draw(st.sampled_from(HOLIDAYS[1:]))
            files["h.txt"] = text.encode("utf-8") if broken != "holidays" or draw(st.booleans()) else b"\xff\xfe\x00"
        parts.append(Options(["--holidays", name]))
    if broken == "table" or draw(st.integers(0, 2)) == 0:
        table = pick("table", st.just("t.csv"), ("", SETUP_FULL_DIR, f"{SETUP_FILE}/t.csv", "log.csv", "c.toml"))
        parts.append(Options(["--table", table], outputs=[table]))
    parts.append(draw(lang_option(valid=broken != "lang")))
    return join(parts, draw(st.permutations(range(len(parts))))), files
