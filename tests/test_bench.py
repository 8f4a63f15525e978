"""Smoke test of benchmarks/bench.py: it runs and writes the expected figures.

Timings are never checked against targets here; only that the run completes and the
JSON has the expected shape with positive numbers.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from scripts import load_script

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    pytest.importorskip("ciw")
    out = tmp_path_factory.mktemp("bench") / "results.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,  # --quick takes about 6 s on a 2-core machine
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "# Community 1234 Kit — benchmark" in done.stdout
    assert not list(out.parent.glob("*.tmp")), "temporary file left behind"
    return json.loads(out.read_text(encoding="utf-8")) | {"_markdown": done.stdout}


@pytest.fixture(scope="module")
def bench():
    return load_script("benchmarks/bench.py")


def _positive(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x > 0


def test_top_level_keys(figures):
    for key in ("schema", "created", "command", "quick", "machine", "versions", "one_year", "scale", "mmc"):
        assert key in figures
    assert figures["quick"] is True
    assert _positive(figures["machine"]["cpu_count"])
    assert figures["machine"]["python"]


def test_one_year(figures):
    oy = figures["one_year"]
    assert set(oy["scenarios"]) == {"full-1234", "baseline", "full-1234, no warm-up"}
    # the default year runs its warm-up before the observed days; the bare year does not
    assert oy["scenarios"]["full-1234"]["simulated_days"] == oy["warmup_days"] + oy["days"] > oy["days"]
    assert oy["scenarios"]["full-1234, no warm-up"]["simulated_days"] == oy["days"]
    for entry in oy["scenarios"].values():
        for part in ("model", "sim_run"):
            assert _positive(entry[part]["median_s"])
            assert _positive(entry[part]["min_s"])
            assert entry[part]["min_s"] <= entry[part]["median_s"]
            assert entry[part]["runs"] == len(entry[part]["times_s"]) >= 1
        assert _positive(entry["issues_median"])
        assert entry["events_median"] is None or _positive(entry["events_median"])
        assert _positive(entry["day_events_median"])  # the model's own heap
        assert entry["mesa_events_median"] is None or _positive(entry["mesa_events_median"])
        # the total counts both: the day's short events and Mesa's
        assert entry["events_median"] >= entry["day_events_median"]
        assert _positive(entry["model_us_per_event"])
        assert _positive(entry["model_us_per_issue"])
    assert _positive(oy["ratio_full_to_baseline"])
    assert isinstance(oy["meets_target"], bool)


def test_scale(figures):
    sc = figures["scale"]
    points = sc["points"]
    assert [p["factor"] for p in points] == [1, 2, 4]
    assert [p["households"] for p in points] == [2000, 4000, 8000]
    assert all(_positive(p["median_s"]) for p in points)
    assert isinstance(sc["exponent"], float)
    assert isinstance(sc["exponent_cpu"], float)
    assert _positive(points[-1]["memory"]["peak_rss_mib"])
    assert isinstance(sc["meets_target"], bool)


def test_mmc(figures):
    mm = figures["mmc"]
    assert mm["servers"] == 3
    assert mm["arrival_rate_per_day"] == pytest.approx(20.0)
    assert mm["service_rate_per_day"] == pytest.approx(8.0)
    assert mm["erlang_c"]["mean_wait_days"] == pytest.approx(0.17556, rel=1e-3)
    for who in ("ours", "ciw"):
        assert _positive(mm[who]["total"]["median_s"])
        assert _positive(mm[who]["mean_wait_days"])
    assert _positive(mm["ratio_ours_to_ciw"])


def test_targets(figures):
    targets = figures["targets"]
    assert set(targets) == {"one_year_model_median_s", "ours_to_ciw", "growth_exponent"}
    assert targets["one_year_model_median_s"]["target"] == pytest.approx(0.06)
    assert targets["ours_to_ciw"]["target"] == pytest.approx(0.7)
    assert targets["growth_exponent"]["target"] == pytest.approx(1.05)
    for t in targets.values():
        assert isinstance(t["met"], bool)  # whichever way: timings never decide pass/fail
        assert isinstance(t["value"], float)
    assert (
        targets["one_year_model_median_s"]["value"]
        == figures["one_year"]["scenarios"]["full-1234"]["model"]["median_s"]
    )
    assert targets["ours_to_ciw"]["value"] == figures["mmc"]["ratio_ours_to_ciw"]
    assert targets["growth_exponent"]["value"] == figures["scale"]["exponent_cpu"]


def test_targets_block(figures):
    lines = figures["_markdown"].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("**Targets**"))
    # right after the machine and packages lines
    assert lines[start - 2].startswith("- Packages:")
    assert lines[start - 3].startswith("- Machine:")
    block = lines[start + 2 : start + 5]
    assert all(line.startswith("- ") for line in block)
    assert "model only" in block[0] and "target ≤ 60 ms" in block[0]
    assert "Ciw" in block[1] and "target ≤ 0.7:" in block[1]
    assert "exponent" in block[2] and "target ≤ 1.05:" in block[2]
    for line in block:
        assert line.endswith(": yes") or line.endswith(": **no**")
    assert lines[start + 5] == ""


def test_events_table_heading(figures):
    md = figures["_markdown"]
    assert "| issues | day events | Mesa events | µs / event | µs / issue |" in md


def test_day_events_without_heap(bench):
    class Bare:
        pass

    class WithHeap:
        class events:  # noqa: N801 - stands in for the model's DayEvents
            scheduled = 42

    assert bench.day_events(Bare()) is None
    assert bench.day_events(WithHeap()) == 42
    assert bench._count(None) == "–"
    assert bench._num(None, 2) == "–"


def test_markdown_without_day_events(bench, figures):
    res = json.loads(json.dumps(figures))
    for entry in res["one_year"]["scenarios"].values():
        entry["day_events_median"] = None  # a model that schedules every event with Mesa
    md = bench.markdown(res)
    row = next(line for line in md.splitlines() if line.startswith("| full-1234 | `CommunityModel"))
    assert row.split(" | ")[7] == "–"


def test_markdown_says_what_the_year_holds(bench, figures):
    md = bench.markdown(figures)
    oy = figures["one_year"]
    year = f"{oy['days']:g} working days observed after a {oy['warmup_days']:g}-day warm-up"
    assert f"full-1234, {year}, model only" in md
    bare = oy["scenarios"]["full-1234, no warm-up"]["model"]["median_s"]
    line = next(x for x in md.splitlines() if x.startswith("- The same year without its warm-up"))
    assert bench.ms(bare) in line
