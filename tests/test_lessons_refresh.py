"""lessons/refresh.py: re-recording the lessons' numbers after a model change.

Every test works on a small numbers.toml and a few lesson files in a temporary folder. The
entries come from one real comparison (``baseline`` and ``full-1234``, 2 replications, seed 0),
run once for the whole file; the old values are chosen around what the model gives, so the
tests hold whatever the model's numbers are.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
MINUS = "\u2212"
SCENARIOS = ["baseline", "full-1234"]


refresh = load_script("lessons/refresh.py")


@pytest.fixture(scope="module")
def real():
    """What the model gives now: real(metric, scenario, stat) -> float (one comparison for all tests)."""
    table = refresh.comparison(SCENARIOS, 2, 0)

    def get(metric: str, scenario: str = "full-1234", stat: str = "mean") -> float:
        return float(refresh.table_row(table, {"metric": metric, "scenario": scenario})[stat])

    return get


def fmt(value: float, format: str) -> str:
    return refresh.format_value(value, format)


def entry(name, metric, value, format="percent1", cited_in=("en/a.md",), scenario="full-1234", stat="mean") -> dict:
    return dict(
        name=name, metric=metric, value=value, format=format, cited_in=list(cited_in), scenario=scenario, stat=stat
    )


def make(tmp_path: Path, entries: list[dict], files: dict[str, str]) -> Path:
    """A numbers.toml with these entries (and comments around them) and the lesson files; returns its path."""
    parts = ["# Numbers for a test.\n#   value = ... is the only kind of line that may change.\n"]
    for e in entries:
        parts.append(
            f"# --- {e['name']} --- value = 0.123  # a comment that stays\n"
            f"[{e['name']}]\n"
            f"scenarios = {json.dumps(SCENARIOS)}\n"
            f"reps = 2\n"
            f"seed = 0\n"
            f'metric = "{e["metric"]}"\n'
            f'scenario = "{e["scenario"]}"\n'
            f'stat = "{e["stat"]}"\n'
            f"value = {e['value']!r}  # {fmt(e['value'], e['format'])}\n"
            f'format = "{e["format"]}"\n'
            f"cited_in = {json.dumps(e['cited_in'])}\n"
        )
    numbers = tmp_path / "numbers.toml"
    numbers.write_text("\n".join(parts), encoding="utf-8")
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return numbers


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- formats --


def test_measure_reads_the_comparison(real):
    e = {"scenarios": SCENARIOS, "reps": 2, "seed": 0, "metric": "satisfaction_rate", "scenario": "full-1234"}
    assert refresh.measure(e | {"stat": "mean"}) == real("satisfaction_rate")
    assert refresh.measure(e | {"stat": "diff"}) == pytest.approx(
        real("satisfaction_rate") - real("satisfaction_rate", "baseline")
    )
    with pytest.raises(LookupError):
        refresh.measure(e | {"metric": "no_such_metric", "stat": "mean"})


# ------------------------------------------------------------------ replacing numbers --


@pytest.mark.parametrize(
    ("text", "mapping", "expected"),
    [
        (
            "4.0 | 14.0 | 4.05 | 4.0.1 | 4.0% | v4.0 | 4.0.",
            {"4.0": "5.1"},
            "5.1 | 14.0 | 4.05 | 4.0.1 | 4.0% | v5.1 | 5.1.",
        ),
        ("1,874 and 11,874 and 1,874.5 and 1,8745", {"1,874": "1,900"}, "1,900 and 11,874 and 1,874.5 and 1,8745"),
        ("73.4%, 173.4%, 73.45%", {"73.4%": "74.0%"}, "74.0%, 173.4%, 73.45%"),
        ("+4.0 pp [+1.2, +6.9]; 14.0", {"+4.0": "-0.3"}, "-0.3 pp [+1.2, +6.9]; 14.0"),
        ("−9.9 [−11.1, −8.6] and -9.9", {"-9.9": "-7.2"}, "−7.2 [−11.1, −8.6] and -7.2"),
        ("−9.9, 1−9.9, 0.−9.9", {"-9.9": "-7.2"}, "−7.2, 1−9.9, 0.−9.9"),
        ("[−0.1, +14.8]", {"-0.1": "+3.1", "+14.8": "+15.6"}, "[+3.1, +15.6]"),
        ("gap −9.9; 9.9 days", {"9.9": "8.8"}, "gap −9.9; 8.8 days"),
        ("1.0 then 2.0", {"1.0": "2.0", "2.0": "3.0"}, "2.0 then 3.0"),
        ("from +1.2 to −3.0", {"+1.2": "-0.4"}, "from −0.4 to −3.0"),
    ],
)
def test_replace_numbers_only_whole_numbers(text, mapping, expected):
    new, counts = refresh.replace_numbers(text, mapping)
    assert new == expected
    assert all(counts[old] >= 1 for old in mapping)


def test_rewrite_values_changes_only_value_lines():
    text = '# value = 1.0  # a comment\n[a]\nvalue = 0.5  # 50.0%\nformat = "percent1"\n\n[b]\nvalue = 2.0  # 2.0\n'
    new = refresh.rewrite_values(text, {"b": (2.25, "2.2")})
    assert (
        new
        == '# value = 1.0  # a comment\n[a]\nvalue = 0.5  # 50.0%\nformat = "percent1"\n\n[b]\nvalue = 2.25  # 2.2\n'
    )


# ------------------------------------------------------------------------- refreshing --


def test_changed_value_is_rewritten_in_numbers_and_lessons(tmp_path, real):
    satisfaction = real("satisfaction_rate")
    old = round(satisfaction - 0.05, 6)
    kept = refresh.stored(real("resolution_rate"), "percent1")
    entries = [
        entry("sat", "satisfaction_rate", old, cited_in=["en/a.md", "zh/a.md"]),
        entry("res", "resolution_rate", kept, cited_in=["en/a.md", "zh/a.md"]),
    ]
    old_text, kept_text = fmt(old, "percent1"), fmt(kept, "percent1")
    files = {
        "en/a.md": f"Satisfaction rises to {old_text}; resolution is {kept_text}.\n",
        "zh/a.md": f"满意率升到 {old_text}，解决率 {kept_text}。\n",
    }
    numbers = make(tmp_path, entries, files)
    before = numbers.read_text(encoding="utf-8").splitlines(keepends=True)

    report = refresh.refresh(numbers, tmp_path)

    new = refresh.stored(satisfaction, "percent1")
    new_text = fmt(new, "percent1")
    assert new_text != old_text
    after = numbers.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(after) == len(before)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if a != b]
    assert changed == [(f"value = {old!r}  # {old_text}\n", f"value = {new!r}  # {new_text}\n")]
    assert tomllib.loads("".join(after))["sat"]["value"] == new
    assert (tmp_path / "en/a.md").read_text(
        encoding="utf-8"
    ) == f"Satisfaction rises to {new_text}; resolution is {kept_text}.\n"
    assert (tmp_path / "zh/a.md").read_text(encoding="utf-8") == f"满意率升到 {new_text}，解决率 {kept_text}。\n"
    assert [c.name for c in report.changes] == ["sat"]
    assert report.changes[0].files == ["en/a.md", "zh/a.md"]
    assert report.status == 0
    text = report.text()
    assert f"changed sat: {old!r} -> {new!r}, {old_text} -> {new_text}; rewrote en/a.md, zh/a.md" in text
    assert "STORY CHECK" not in text and "AMBIGUOUS" not in text
    assert not list(tmp_path.rglob("*.tmp")), "no temporary file left behind"
    # A second run finds nothing to do.
    again = snapshot(tmp_path)
    assert refresh.refresh(numbers, tmp_path).changes == []
    assert snapshot(tmp_path) == again


def test_only_whole_numbers_are_replaced(tmp_path, real):
    p90 = real("resolution_time_p90", "baseline")
    old = 4.0 if fmt(p90, "decimal1") != "4.0" else 3.0
    o = fmt(old, "decimal1")
    numbers = make(
        tmp_path,
        [entry("p90", "resolution_time_p90", old, format="decimal1", scenario="baseline")],
        {"en/a.md": f"The slowest wait {o} days; not 1{o}, {o}5, {o}% or 2{o}.\n"},
    )
    refresh.refresh(numbers, tmp_path)
    n = fmt(p90, "decimal1")
    assert (tmp_path / "en/a.md").read_text(
        encoding="utf-8"
    ) == f"The slowest wait {n} days; not 1{o}, {o}5, {o}% or 2{o}.\n"


def test_typographic_minus_is_replaced_too(tmp_path, real):
    diff = real("hidden_share", stat="diff")
    assert diff < -0.01, "full-1234 finds far more hidden needs than baseline"
    old = round(diff - 0.02, 6)
    o, n = fmt(old, "pp1"), fmt(refresh.stored(diff, "pp1"), "pp1")
    assert o.startswith("-") and n.startswith("-") and o != n
    typo = o.replace("-", MINUS)
    numbers = make(
        tmp_path,
        [entry("hidden_diff", "hidden_share", old, format="pp1", stat="diff", cited_in=["en/a.md", "zh/a.md"])],
        {"en/a.md": f"a difference of {typo} points (ASCII {o})\n", "zh/a.md": f"差值 {typo} 个百分点\n"},
    )
    refresh.refresh(numbers, tmp_path)
    assert (tmp_path / "en/a.md").read_text(
        encoding="utf-8"
    ) == f"a difference of {n.replace('-', MINUS)} points (ASCII {n})\n"
    assert (tmp_path / "zh/a.md").read_text(encoding="utf-8") == f"差值 {n.replace('-', MINUS)} 个百分点\n"


def test_ambiguous_text_is_left_alone_and_reported(tmp_path, real, capsys):
    resolution, satisfaction, on_time = real("resolution_rate"), real("satisfaction_rate"), real("on_time_closure_rate")
    assert len({fmt(v, "percent1") for v in (resolution, satisfaction, on_time, 0.5, 0.123)}) == 5
    kept = refresh.stored(on_time, "percent1")
    k = fmt(kept, "percent1")
    entries = [
        # a.md: two numbers print "50.0%" and now print two different texts.
        entry("res", "resolution_rate", 0.5, cited_in=["en/a.md"]),
        entry("sat", "satisfaction_rate", 0.5, cited_in=["en/a.md", "en/b.md"]),
        # b.md: "on_time" keeps its text, "res2" printed the same text and changes.
        entry("on_time", "on_time_closure_rate", kept, cited_in=["en/b.md"]),
        entry("res2", "resolution_rate", kept, cited_in=["en/b.md"]),
        # A number that is not ambiguous is still rewritten in the same file.
        entry("on_time_a", "on_time_closure_rate", 0.123, cited_in=["en/a.md"]),
    ]
    a, b = (
        "resolution 50.0%, satisfaction 50.0%, on time 12.3%\n",
        f"on time {k}, resolution {k}, satisfaction 50.0%\n",
    )
    numbers = make(tmp_path, entries, {"en/a.md": a, "en/b.md": b})

    status = refresh.main(["--numbers", str(numbers), "--lessons", str(tmp_path)])

    out = capsys.readouterr().out
    assert status == 1
    assert (tmp_path / "en/a.md").read_text(encoding="utf-8") == a.replace("12.3%", k)
    sat_text = fmt(refresh.stored(satisfaction, "percent1"), "percent1")
    assert (tmp_path / "en/b.md").read_text(encoding="utf-8") == b.replace("50.0%", sat_text), (
        "only 50.0% is clear in b.md"
    )
    assert 'AMBIGUOUS: en/a.md: "50.0%"' in out
    assert f'AMBIGUOUS: en/b.md: "{k}"' in out
    assert 'AMBIGUOUS: en/b.md: "50.0%"' not in out, "only one entry cites 50.0% in b.md"
    values = tomllib.loads(numbers.read_text(encoding="utf-8"))
    assert values["res"]["value"] == refresh.stored(resolution, "percent1"), "numbers.toml is rewritten all the same"
    assert values["sat"]["value"] == refresh.stored(satisfaction, "percent1")
    assert values["on_time"]["value"] == kept


def test_dry_run_writes_nothing(tmp_path, real, capsys):
    old = round(real("satisfaction_rate") - 0.05, 6)
    numbers = make(
        tmp_path, [entry("sat", "satisfaction_rate", old)], {"en/a.md": f"satisfaction {fmt(old, 'percent1')}\n"}
    )
    before = snapshot(tmp_path)

    status = refresh.main(["--dry-run", "--numbers", str(numbers), "--lessons", str(tmp_path)])

    out = capsys.readouterr().out
    assert snapshot(tmp_path) == before
    assert status == 0
    assert "changed sat:" in out and "would rewrite en/a.md" in out and "dry run: nothing written" in out


def test_only_limits_the_entries(tmp_path, real, capsys):
    sat_old, res_old = round(real("satisfaction_rate") - 0.05, 6), round(real("resolution_rate") - 0.05, 6)
    s, r = fmt(sat_old, "percent1"), fmt(res_old, "percent1")
    entries = [entry("sat", "satisfaction_rate", sat_old), entry("res", "resolution_rate", res_old)]
    numbers = make(tmp_path, entries, {"en/a.md": f"{s} and {r}\n"})
    refresh.main(["--only", "res", "--numbers", str(numbers), "--lessons", str(tmp_path)])
    values = tomllib.loads(numbers.read_text(encoding="utf-8"))
    assert values["sat"]["value"] == sat_old
    assert values["res"]["value"] != res_old
    assert (tmp_path / "en/a.md").read_text(encoding="utf-8") == f"{s} and {fmt(values['res']['value'], 'percent1')}\n"
    with pytest.raises(SystemExit):
        refresh.main(["--only", "no_such_number", "--numbers", str(numbers), "--lessons", str(tmp_path)])
    assert "no_such_number" in capsys.readouterr().err


def test_story_check_when_a_sign_flips(tmp_path, real):
    diff = real("satisfaction_rate", stat="diff")
    assert diff > 0.01, "full-1234 raises satisfaction"
    old = -round(diff, 6)
    o = fmt(old, "pp1")
    numbers = make(
        tmp_path,
        [entry("sat_diff", "satisfaction_rate", old, format="pp1", stat="diff", cited_in=["en/a.md", "zh/a.md"])],
        {"en/a.md": f"satisfaction falls by {o.replace('-', MINUS)} points\n", "zh/a.md": f"满意率下降 {o} 个百分点\n"},
    )
    report = refresh.refresh(numbers, tmp_path)
    text = report.text()
    assert report.status == 1
    assert "STORY CHECK: sat_diff, a difference" in text
    assert f"changed sign: {o} -> {fmt(diff, 'pp1')}" in text
    assert "en/a.md" in text.split("STORY CHECK: sat_diff")[1]
    # The number is rewritten all the same; the word "falls" is for a person to fix.
    assert (tmp_path / "en/a.md").read_text(encoding="utf-8") == f"satisfaction falls by {fmt(diff, 'pp1')} points\n"


def test_story_check_when_the_interval_changes_sides_of_zero(tmp_path, real):
    low, high = real("satisfaction_rate", stat="diff_low"), real("satisfaction_rate", stat="diff_high")
    assert high > 0.01, "full-1234 raises satisfaction"
    # Old bounds on the other side of 0 from the new lower bound: the interval changes its story.
    crosses = low <= 0
    old_low, old_high = (0.01 if crosses else -0.01), round(high + 0.01, 6)
    entries = [
        entry("sat_low", "satisfaction_rate", old_low, format="pp1", stat="diff_low"),
        entry("sat_high", "satisfaction_rate", old_high, format="pp1", stat="diff_high"),
    ]
    interval = f"[{fmt(old_low, 'pp1').replace('-', MINUS)}, {fmt(old_high, 'pp1')}]"
    numbers = make(tmp_path, entries, {"en/a.md": f"an interval of {interval}\n"})
    before = snapshot(tmp_path)
    report = refresh.refresh(numbers, tmp_path, dry_run=True)
    text = report.text()
    state = "now contains 0" if crosses else "no longer contains 0"
    assert report.status == 1
    assert snapshot(tmp_path) == before
    assert "STORY CHECK: sat_low, a difference" in text
    assert (
        f"STORY CHECK: full-1234 minus baseline, satisfaction_rate (sat_low, sat_high): the 95% interval {state}"
        in text
    )
    assert "sat_high, a difference" not in text, "the upper bound kept its sign"


def test_story_check_when_two_quoted_means_change_order(tmp_path, real):
    base, full = (refresh.stored(real("satisfaction_rate", s), "percent1") for s in SCENARIOS)
    b, f = fmt(base, "percent1"), fmt(full, "percent1")
    assert b != f
    # The old values swapped: the file said the opposite of what the model now says.
    entries = [
        entry("base_sat", "satisfaction_rate", full, scenario="baseline"),
        entry("full_sat", "satisfaction_rate", base, scenario="full-1234"),
        entry("full_res", "resolution_rate", 0.5, scenario="full-1234"),
        # The same swap, but not quoted in a file with full_sat: nothing to reread together.
        entry("base_sat_b", "satisfaction_rate", full, scenario="baseline", cited_in=["en/b.md"]),
    ]
    files = {"en/a.md": f"satisfaction goes from {f} to {b}\n", "en/b.md": f"satisfaction was {f}\n"}
    numbers = make(tmp_path, entries, files)
    report = refresh.refresh(numbers, tmp_path)
    story = [line for line in report.text().splitlines() if line.startswith("STORY CHECK")]
    assert len(story) == 1, story
    assert story[0].startswith(
        "STORY CHECK: base_sat and full_sat, satisfaction_rate of baseline and full-1234, changed order:"
    )
    assert story[0].endswith("reread en/a.md")
    assert report.status == 1
    assert (tmp_path / "en/a.md").read_text(encoding="utf-8") == f"satisfaction goes from {b} to {f}\n"
