"""Re-record the numbers the lessons quote, after a change of the model (模型改动后，重新记录课文引用的数字).

Reruns each comparison of ``lessons/numbers.toml`` once, writes the new values into it (only the
``value = ...`` lines that changed, nothing else), and replaces each number whose printed text
changed in every lesson file that cites it. Then it lists what changed and, as "STORY CHECK", every
number whose sign flipped, every difference whose 95% interval now contains zero (or no longer
does), and every two means of one metric, quoted in one file, whose order changed: the words
around them ("rises", "higher than", "上升", …) may now be wrong, and a person must read them.
重新运行 numbers.toml 里的每组比较（每组一次），只改有变化的 value 行，并在引用它的课文里替换打印出来的数字；
符号翻转、差值的 95% 置信区间跨过 0、同一文件里同一指标的两个均值大小顺序颠倒的，标为 "STORY CHECK"，
提交前必须有人读一遍课文、改对说法。

    .venv/bin/python lessons/refresh.py                  # rewrite numbers.toml and the lessons
    .venv/bin/python lessons/refresh.py --dry-run        # only print what would change
    .venv/bin/python lessons/refresh.py --only full_on_time_diff full_on_time_diff_low
    .venv/bin/python lessons/refresh.py --jobs 4         # the same results, with four processes

Exit status 0 when everything was rewritten; 1 when a person has to look at something (a STORY
CHECK, an ambiguous replacement, a number not found); everything that could be written is written.
退出码 0：全部改好；1：有需要人来看的地方（其余能改的已经改好）。
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sim
from sim.course.numbers import FORMATS
from sim.files import atomic_write

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NUMBERS = HERE / "numbers.toml"
MINUS = "\u2212"  # the typographic minus some lessons write instead of "-"

DIFF_STATS = ("diff", "diff_low", "diff_high")

HEADER = re.compile(r'^\s*\[\s*"?([^"\]]+?)"?\s*\]')
VALUE_LINE = re.compile(r"^(?P<lead>value\s*=\s*)(?P<value>[^\s#]+)(?:(?P<sep>\s*#\s*)(?P<text>.*?))?(?P<eol>\r?\n?)$")


def format_value(value: float, fmt: str) -> str:
    """The text of ``value`` in format ``fmt``, as the lessons print it (ASCII minus)."""
    return FORMATS[fmt](value)


def scenario_ref(name: str, root: Path = ROOT) -> str | Path:
    """A shipped scenario name, or a path relative to the repository root."""
    return root / name if name.endswith(".toml") else name


_TABLES: dict[tuple, object] = {}


def comparison(scenarios: Iterable[str], reps: int, seed: int, jobs: int = 1, root: Path = ROOT):
    """The comparison table of one set of scenarios, computed once per process."""
    key = (tuple(scenarios), reps, seed, Path(root))
    if key not in _TABLES:
        extra = {"jobs": jobs} if jobs > 1 else {}  # results do not depend on it
        refs = [scenario_ref(s, root) for s in key[0]]
        _TABLES[key] = sim.compare(refs, reps=reps, seed=seed, **extra).table
    return _TABLES[key]


def group_key(entry: dict) -> tuple:
    """The comparison an entry comes from: (scenarios, reps, seed)."""
    return tuple(entry["scenarios"]), entry["reps"], entry["seed"]


def table_row(table, entry: dict):
    """The one row of ``table`` for the entry's metric and scenario."""
    row = table[(table.metric == entry["metric"]) & (table.scenario == entry["scenario"])]
    if len(row) != 1:
        raise LookupError(f"no row for metric {entry['metric']!r} and scenario {entry['scenario']!r}")
    return row.iloc[0]


def measure(entry: dict, jobs: int = 1, root: Path = ROOT) -> float:
    """The entry's statistic in a fresh run of its comparison."""
    return float(table_row(comparison(*group_key(entry), jobs=jobs, root=root), entry)[entry["stat"]])


def stored(value: float, fmt: str) -> float:
    """The value to write: six decimals, as in numbers.toml, unless that would change its text."""
    short = round(value, 6)
    return short if format_value(short, fmt) == format_value(value, fmt) else value


def sign(value: float) -> int:
    """-1, 0 or 1."""
    return (value > 0) - (value < 0)


def printed_number(text: str) -> float:
    """The number a printed text shows ("89.0%" -> 89.0, "+2,008" -> 2008.0)."""
    return float(text.replace(",", "").rstrip("%"))


def is_difference(name: str, entry: dict) -> bool:
    """Whether an entry is a difference between two scenarios (by its statistic or its name)."""
    return entry["stat"] in DIFF_STATS or "diff" in name


# ---------------------------------------------------------------------------- rewriting --


def number_pattern(text: str) -> str:
    """A regex for ``text`` written as a number of its own, with "-" or "−" for a minus.

    The text must not be part of a longer number: no digit, "." or "," just before it, no digit
    or "." / "," and a digit just after it, and (for a text without a sign) no sign just before it,
    (for a text without "%") no "%" just after it.
    """
    body = "".join(f"[-{MINUS}]" if ch == "-" else re.escape(ch) for ch in text)
    head = r"(?<![\d.,])" if text[0] in "+-" else rf"(?<![\d.,+\-{MINUS}])"
    tail = r"(?!\d)" if text.endswith("%") else r"(?!\d|[.,]\d|%)"
    return head + body + tail


def replace_numbers(text: str, mapping: dict[str, str]) -> tuple[str, dict[str, int]]:
    """Replace every old text of ``mapping`` by its new text, all at once; count the replacements.

    An occurrence written with "−" gets "−" in its replacement; a new minus where the old text had
    none is written "−" when the file writes negative numbers that way.
    """
    counts = dict.fromkeys(mapping, 0)
    if not mapping:
        return text, counts
    olds = sorted(mapping, key=len, reverse=True)
    pattern = re.compile("|".join(f"(?P<n{i}>{number_pattern(old)})" for i, old in enumerate(olds)))
    typographic = re.search(MINUS + r"\d", text) is not None

    def repl(match: re.Match) -> str:
        old = olds[int(match.lastgroup[1:])]
        counts[old] += 1
        new = mapping[old]
        if MINUS in match.group() or ("-" not in old and typographic):
            new = new.replace("-", MINUS)
        return new

    return pattern.sub(repl, text), counts


def rewrite_values(text: str, values: dict[str, tuple[float, str]]) -> str:
    """numbers.toml with the ``value = ...`` line of each named entry replaced, every other byte kept."""
    out, current, done = [], None, set()
    for line in text.splitlines(keepends=True):
        header = HEADER.match(line)
        if header:
            current = header.group(1).strip()
        match = VALUE_LINE.match(line)
        if match and current in values and current not in done:
            value, printed = values[current]
            line = match["lead"] + repr(value)
            if match["sep"] is not None:
                line += match["sep"] + printed
            line += match["eol"]
            done.add(current)
        out.append(line)
    missing = set(values) - done
    if missing:
        raise ValueError(f"no value line found for {sorted(missing)}")
    new = "".join(out)
    parsed = tomllib.loads(new)
    wrong = [name for name, (value, _) in values.items() if parsed[name]["value"] != value]
    if wrong:
        raise ValueError(f"the rewritten value lines do not read back: {wrong}")
    return new


# ------------------------------------------------------------------------------- report --


@dataclass
class Change:
    """One entry whose value changed."""

    name: str
    old: float
    new: float
    old_text: str
    new_text: str
    files: list[str] = field(default_factory=list)


@dataclass
class Report:
    """What a refresh found and did."""

    dry_run: bool = False
    entries: int = 0
    comparisons: int = 0
    seconds: float = 0.0
    changes: list[Change] = field(default_factory=list)
    story: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    @property
    def status(self) -> int:
        """0 when nothing needs a person, else 1."""
        return 1 if self.story or self.ambiguous or self.problems else 0

    def text(self) -> str:
        """The report as printed."""
        lines = [f"{self.entries} numbers from {self.comparisons} comparisons, measured in {self.seconds:.0f} s"]
        if not self.changes:
            lines.append("no value changed")
        verb = "would rewrite" if self.dry_run else "rewrote"
        for c in self.changes:
            if c.old_text == c.new_text:
                lines.append(f"changed {c.name}: {c.old!r} -> {c.new!r} (text {c.old_text} unchanged)")
            else:
                files = ", ".join(c.files) if c.files else "no file"
                lines.append(f"changed {c.name}: {c.old!r} -> {c.new!r}, {c.old_text} -> {c.new_text}; {verb} {files}")
        lines += [f"STORY CHECK: {s}" for s in self.story]
        lines += [f"AMBIGUOUS: {a}" for a in self.ambiguous]
        lines += [f"PROBLEM: {p}" for p in self.problems]
        if self.dry_run:
            lines.append("dry run: nothing written")
        elif self.written:
            lines.append(f"written: {', '.join(self.written)}")
        if self.status:
            lines.append("a person must read the lines above (STORY CHECK / AMBIGUOUS / PROBLEM) and fix the lessons")
        return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ refresh --


def refresh(
    numbers: Path = NUMBERS,
    lessons: Path = HERE,
    *,
    only: Iterable[str] | None = None,
    dry_run: bool = False,
    jobs: int = 1,
    root: Path = ROOT,
    log: Callable[[str], None] | None = None,
) -> Report:
    """Re-measure the numbers of ``numbers`` and rewrite it and the lesson files under ``lessons``.

    Args:
        numbers: the numbers file (lessons/numbers.toml).
        lessons: the folder the ``cited_in`` paths are relative to.
        only: entry names to refresh (default: every entry).
        dry_run: measure and report, write nothing.
        jobs: worker processes for sim.compare (results do not depend on it).
        root: the folder scenario paths (``*.toml``) are relative to.
        log: called with a line of progress before each comparison.

    Returns:
        The report; its ``status`` is the exit status.
    """
    numbers, lessons = Path(numbers), Path(lessons)
    source = numbers.read_bytes().decode("utf-8")
    entries = tomllib.loads(source)
    names = list(entries) if only is None else list(dict.fromkeys(only))
    unknown = [n for n in names if n not in entries]
    if unknown:
        raise KeyError(f"not in {numbers.name}: {', '.join(unknown)}")
    report = Report(dry_run=dry_run, entries=len(names))

    # 1. Each distinct comparison once.
    groups: dict[tuple, list[str]] = {}
    for name in names:
        groups.setdefault(group_key(entries[name]), []).append(name)
    report.comparisons = len(groups)
    start = time.perf_counter()
    tables = {}
    for key in groups:
        scenarios, reps, seed = key
        if log:
            log(f"comparing {len(scenarios)} scenarios x {reps} replications, seed {seed} ({len(groups[key])} numbers)")
        tables[key] = comparison(scenarios, reps, seed, jobs=jobs, root=root)
    report.seconds = time.perf_counter() - start

    # 2. New values; the printed text each entry will have after the refresh (old text if untouched).
    now: dict[str, tuple[float, str]] = {}  # name -> (value to store, its text)
    rows = {}
    for name in names:
        entry = entries[name]
        try:
            rows[name] = row = table_row(tables[group_key(entry)], entry)
        except LookupError as err:
            report.problems.append(f"{name}: {err}; left as it is")
            continue
        value = float(row[entry["stat"]])
        if not math.isfinite(value):
            report.problems.append(f"{name}: the model now gives {value!r}; left as it is")
            continue
        new = stored(value, entry["format"])
        if new != entry["value"]:
            now[name] = (new, format_value(new, entry["format"]))
    printed = {n: format_value(e["value"], e["format"]) for n, e in entries.items()}
    after = dict(printed) | {n: t for n, (_, t) in now.items()}
    changes = {n: Change(n, entries[n]["value"], v, printed[n], t) for n, (v, t) in now.items()}  # in the file's order
    report.changes = list(changes.values())

    # 3. The lesson files: every old text that changes, unless entries citing the file disagree.
    files = sorted({rel for c in changes.values() if c.old_text != c.new_text for rel in entries[c.name]["cited_in"]})
    texts: dict[str, str] = {}
    for rel in files:
        path = lessons / rel
        if not path.is_file():
            report.problems.append(
                f"{rel}: cited by {', '.join(c.name for c in changes.values() if rel in entries[c.name]['cited_in'])} but not found"
            )
            continue
        citing = [n for n, e in entries.items() if rel in e["cited_in"]]
        targets: dict[str, dict[str, list[str]]] = {}  # old text -> new text -> entry names
        for n in citing:
            targets.setdefault(printed[n], {}).setdefault(after[n], []).append(n)
        mapping = {}
        for old, news in targets.items():
            if len(news) > 1:
                told = "; ".join(f"{', '.join(ns)} -> {new}" for new, ns in news.items())
                report.ambiguous.append(f'{rel}: "{old}" is {told}; left as it is, edit it by hand')
            elif (new := next(iter(news))) != old:
                mapping[old] = new
        original = path.read_bytes().decode("utf-8")
        text, counts = replace_numbers(original, mapping)
        for old, count in counts.items():
            owners = targets[old][mapping[old]]
            if count == 0:
                report.problems.append(
                    f'{rel}: "{old}" ({", ".join(owners)}) not found as a number of its own; edit it by hand'
                )
            else:
                for n in owners:
                    changes[n].files.append(rel)
        if text != original:
            texts[rel] = text

    # 4. Numbers whose story may have changed: a sign that flipped, an interval that now contains 0.
    for c in report.changes:
        entry = entries[c.name]
        if sign(c.old) != sign(c.new):
            what = "a difference" if is_difference(c.name, entry) else "a value"
            if entry["stat"] in DIFF_STATS:
                what += f" ({entry['stat']} of {entry['scenario']} minus {entry['scenarios'][0]}, {entry['metric']})"
            report.story.append(
                f"{c.name}, {what}, changed sign: {c.old_text} -> {c.new_text}; "
                f"reread the words around it in {', '.join(entry['cited_in'])}"
            )
    seen = set()
    for c in report.changes:
        entry = entries[c.name]
        if entry["stat"] not in DIFF_STATS:
            continue
        key = (group_key(entry), entry["metric"], entry["scenario"])
        if key in seen:
            continue
        seen.add(key)
        row = rows[c.name]
        low, high = float(row["diff_low"]), float(row["diff_high"])
        crosses = low <= 0 <= high
        same = [
            n
            for n, e in entries.items()
            if e["stat"] in DIFF_STATS and (group_key(e), e["metric"], e["scenario"]) == key
        ]
        old = {entries[n]["stat"]: entries[n]["value"] for n in same}
        interval = f"[{format_value(low, entry['format'])}, {format_value(high, entry['format'])}]"
        cited = list(dict.fromkeys(rel for n in same for rel in entries[n]["cited_in"]))
        subject = f"{entry['scenario']} minus {entry['scenarios'][0]}, {entry['metric']} ({', '.join(same)})"
        if "diff_low" in old and "diff_high" in old:
            was = old["diff_low"] <= 0 <= old["diff_high"]
            if crosses != was:
                state = "now contains 0" if crosses else "no longer contains 0"
                report.story.append(f"{subject}: the 95% interval {state}, {interval}; reread {', '.join(cited)}")
        elif crosses:
            report.story.append(
                f"{subject}: the 95% interval now contains 0, {interval} (the old interval is not recorded); "
                f"reread {', '.join(cited)}"
            )

    # Two means of one metric quoted in one file whose order changed ("rises from A to B").
    text_after = dict(printed) | {n: t for n, (_, t) in now.items()}
    means: dict[tuple, list[str]] = {}
    for n, e in entries.items():
        if e["stat"] == "mean":
            means.setdefault((group_key(e), e["metric"]), []).append(n)
    for (_, metric), group in means.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if (a not in now and b not in now) or entries[a]["scenario"] == entries[b]["scenario"]:
                    continue
                shared = [rel for rel in entries[a]["cited_in"] if rel in entries[b]["cited_in"]]
                was = sign(printed_number(printed[a]) - printed_number(printed[b]))
                is_ = sign(printed_number(text_after[a]) - printed_number(text_after[b]))
                if shared and was != is_:
                    sa, sb = entries[a]["scenario"], entries[b]["scenario"]
                    report.story.append(
                        f"{a} and {b}, {metric} of {sa} and {sb}, changed order: "
                        f"{printed[a]} {'<=>'[was + 1]} {printed[b]} -> {text_after[a]} {'<=>'[is_ + 1]} {text_after[b]}; "
                        f"reread {', '.join(shared)}"
                    )

    # 5. Write.
    if not dry_run:
        if now:
            atomic_write(numbers, rewrite_values(source, now))
            report.written.append(numbers.name)
        for rel, text in texts.items():
            atomic_write(lessons / rel, text)
            report.written.append(rel)
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="After a run: read every STORY CHECK line and fix the lesson text before committing. "
        "运行之后：逐条阅读 STORY CHECK，改好课文再提交。",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the report, write nothing / 只打印报告，不写文件")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these entries of numbers.toml / 只刷新这些条目")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1; same results) / 进程数")
    parser.add_argument("--numbers", type=Path, default=NUMBERS, help="the numbers file (default lessons/numbers.toml)")
    parser.add_argument(
        "--lessons", type=Path, default=None, help="folder of the cited files (default: the numbers file's folder)"
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be 1 or more")
    try:
        report = refresh(
            args.numbers,
            args.lessons or args.numbers.resolve().parent,
            only=args.only,
            dry_run=args.dry_run,
            jobs=args.jobs,
            log=lambda line: print(line, file=sys.stderr, flush=True),
        )
    except KeyError as err:
        parser.error(err.args[0])
    print(report.text(), end="")
    return report.status


if __name__ == "__main__":
    sys.exit(main())
